"""A real headless chromium loads a served trial page and finds its sections."""

from __future__ import annotations

import shutil

import pytest

from trialfinder.web.page import SECTION_IDS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.mark.browser
def test_chromium_shows_every_section_and_opens_original_criteria(live_server):
    from playwright.sync_api import sync_playwright

    if not shutil.which("chromium"):
        pytest.fail("Debian chromium is not installed: run scripts/setup")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            response = page.goto(f"{live_server.url}/trials/NCT07441226")
            assert response.status == 200
            for section in SECTION_IDS:
                assert page.locator(f"section#{section}").count() == 1, section
            assert page.locator("h1").inner_text() == "Umbilical Cord Mesenchymal Stem Cells as Adjuvant Therapy in Group E COPD Patients"
            original = page.locator("#eligibility-original pre")
            assert not original.is_visible()
            page.locator("#eligibility-original summary").click()
            assert original.is_visible()
            assert "Use of immunosuppressive therapy within 8 months prior to screening." in original.inner_text()
            assert page.locator("#locations").inner_text().count("Persahabatan Hospital") == 1
            page.emulate_media(media="print")
            page.goto(f"{live_server.url}/trials/NCT07441226/print")
            assert page.locator("h1").inner_text().startswith("Umbilical Cord")
            assert errors == []
        finally:
            browser.close()


@pytest.mark.browser
@pytest.mark.parametrize("nct_id", ["NCT07441226", "NCT05798663", "NCT04573062", "NCT01100827", "NCT00002708"])
def test_printable_summary_is_one_a4_page(live_server, nct_id):
    """Short, the longest criteria in the corpus, and an old unheaded format: always one page."""
    import re

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{live_server.url}/trials/{nct_id}/print")
            pdf = page.pdf(format="A4")
            assert pdf[:4] == b"%PDF"
            assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
        finally:
            browser.close()
