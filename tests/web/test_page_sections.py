"""Page sections checked against facts counted directly from the real records."""

from __future__ import annotations

import re
from collections import Counter

from tests.conftest import STUDIES_DIR, load_json
from trialfinder.web.page import load_trial_page
from trialfinder.web.render import render_page_html, render_print_html

OPEN = {"RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION", "AVAILABLE"}


def test_sites_grouped_by_country_with_counts_from_the_record(corpus_engine, settings):
    record = load_json(STUDIES_DIR / "NCT04961996.json")
    sites = record["protocolSection"]["contactsLocationsModule"]["locations"]
    per_country = Counter(s["country"] for s in sites)
    open_total = sum(1 for s in sites if s.get("status") in OPEN)
    section = load_trial_page(corpus_engine, "NCT04961996", settings)["sections"]["locations"]
    assert section["count"] == len(sites) == 702
    assert section["open_count"] == open_total
    assert {g["country"]: g["count"] for g in section["by_country"]} == dict(per_country)
    opens = [g["open"] for g in section["by_country"]]
    assert opens == sorted(opens, reverse=True)
    for group in section["by_country"]:
        flags = [site["status"] in OPEN for site in group["sites"]]
        assert flags == sorted(flags, reverse=True), group["country"]


def test_contact_phone_keeps_its_extension(corpus_engine, settings):
    page = load_trial_page(corpus_engine, "NCT06038539", settings)
    contacts = page["sections"]["locations"]["contacts"]
    assert [(c["phone"], c["phone_ext"]) for c in contacts] == [("91 80 2808", "5479"), ("91 80 2808", "5304")]
    html = render_page_html(page, settings)
    assert "91 80 2808</a> ext. 5479" in html and "ext. 5304" in html


def test_sex_not_in_record_is_not_guessed(corpus_engine, settings):
    page = load_trial_page(corpus_engine, "NCT07441226", settings)
    assert page["sections"]["eligibility"]["facts"]["sex"] == "The record does not say"
    assert page["sections"]["eligibility"]["facts"]["sex_code"] is None


def test_print_summary_includes_criteria_nested_under_headings(corpus_engine, settings):
    page = load_trial_page(corpus_engine, "NCT04961996", settings)
    html = render_print_html(page, settings)
    can_join = html.split("To join, all of these must be true for you:</h2>")[1].split("</div>")[0]
    items = re.findall(r"<li[^>]*>(.*?)</li>", can_join, flags=re.S)
    assert len(items) >= 4
    assert sum(1 for item in items if "<strong>" not in item) >= 3, "only headings were printed"
    assert "estrogen" in can_join.lower() or "ER" in can_join


def test_stale_recruiting_status_is_marked_not_shown_as_current(corpus_engine, settings):
    import datetime as dt

    from trialfinder.store.queries import get_study
    from trialfinder.web.page import build_trial_page

    # Estimated completion 2023-11-14; our copy is from mid-2023.
    stored = get_study(corpus_engine, "NCT05870670")
    page = build_trial_page(stored, settings, today=dt.date(2026, 11, 25))
    badge = page["sections"]["overview"]["badges"][0]
    assert badge["code"] == "RECRUITING" and badge["stale"] is True
    assert badge["label"] == "Recruiting (may be out of date)"
    assert "looking for participants now" not in page["sections"]["overview"]["paragraph"]
    assert page["sections"]["updated"]["snapshot"].startswith("Our copy of this record is from")
    html = render_page_html(page, settings)
    assert "badge-stale" in html
    fresh = build_trial_page(stored, settings, today=dt.date(2023, 7, 1))
    assert fresh["sections"]["overview"]["badges"][0]["stale"] is False


def test_reconstructed_nct07441226_eligibility_reads_right(corpus_engine, settings):
    """Checked by reading against the record: 5 inclusion and 19 exclusion criteria, consent kept whole."""
    section = load_trial_page(corpus_engine, "NCT07441226", settings)["sections"]["eligibility"]
    inclusion = [item["plain"] for item in section["inclusion"]]
    exclusion = [item["plain"] for item in section["exclusion"]]
    assert (len(inclusion), len(exclusion)) == (5, 19)
    assert inclusion[0] == "You are an adult aged 40 to 75 years."
    assert inclusion[4].startswith("You will be asked to give written informed consent")
    assert "willing to sign" not in " ".join(inclusion)  # the competitor's broken rewrite
    assert exclusion[9] == "You are pregnant or breastfeeding."
    assert "less than 4×10⁹/L" in exclusion[11] and "less than 0.5×10⁹/L" in exclusion[11]
    assert "more than 2 times upper limit of normal" in exclusion[7]
    assert exclusion[18].startswith("You have used medicines that weaken the immune system within 8 months before screening")
    assert section["items_fallback"] == 0
