"""The site over real HTTP: pages, JSON views, print view, and proper 404s."""

from __future__ import annotations

import re

from trialfinder.web.page import SECTION_IDS


def _section_ids(html: str) -> list[str]:
    return re.findall(r'<section id="([^"]+)"', html)


def test_trial_page_has_every_section_once(client):
    response = client.get("/trials/NCT07441226")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert _section_ids(response.text) == list(SECTION_IDS)
    assert "<h1 id=\"overview-title\">Umbilical Cord Mesenchymal Stem Cells as Adjuvant Therapy in Group E COPD Patients</h1>" in response.text


def test_json_view_holds_every_section(client):
    response = client.get("/trials/NCT07441226.json")
    assert response.status_code == 200
    data = response.json()
    assert data["nct_id"] == "NCT07441226"
    assert list(data["sections"]) == list(SECTION_IDS)
    assert data["sections"]["enrollment"]["count"] == 20
    assert data["sections"]["locations"]["sites"][0]["facility"] == "Persahabatan Hospital"
    assert data["sections"]["eligibility"]["facts"]["minimum_age"] == "40 Years"


def test_lowercase_id_redirects_to_canonical(client):
    response = client.get("/trials/nct07441226")
    assert response.status_code == 301
    assert response.headers["location"] == "/trials/NCT07441226"


def test_unknown_and_malformed_ids_get_a_404_page(client):
    for path in ("/trials/NCT00000000", "/trials/not-a-trial", "/trials/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/nowhere"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith("text/html")
        assert "<script>alert" not in response.text
    missing = client.get("/trials/NCT00000000.json")
    assert missing.status_code == 404
    assert missing.json()["error"] == "not_found"


def test_print_view_is_one_printable_page(client):
    response = client.get("/trials/NCT07441226/print")
    assert response.status_code == 200
    assert "print.css" in response.text
    assert "NCT07441226" in response.text
    assert "Persahabatan" in response.text or "RSUP Persahabatan" in response.text
    assert client.get("/static/print.css").status_code == 200


def test_site_pages(client):
    home = client.get("/")
    assert home.status_code == 200
    # The newest last-update date in the corpus is on the first page.
    assert "/trials/NCT07441226" in home.text
    assert client.get("/?page=0").status_code == 400
    assert client.get("/?page=abc").status_code == 400
    methodology = client.get("/methodology")
    assert methodology.status_code == 200
    assert len(re.findall(r"<h2>", methodology.text)) >= 4 and len(re.findall(r"<p>", methodology.text)) >= 8
    questions = client.get("/questions")
    assert questions.status_code == 200
    assert len(re.findall(r"<li>", questions.text)) == 25


def test_security_headers(client):
    response = client.get("/trials/NCT07441226")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in response.headers["content-security-policy"]
