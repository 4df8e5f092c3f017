"""Static export of a real store: every route as a file, links under the chosen root, a valid sitemap."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from tests.conftest import RECONSTRUCTED, STUDIES_DIR
from trialfinder.config import Settings
from trialfinder.ctgov.archive import iter_documents
from trialfinder.site.export import export_site
from trialfinder.store.writer import StudyWriter
from trialfinder.web.page import SECTION_IDS

IDS = ["NCT06462729", "NCT03681392", "NCT07441226"]


def test_export_writes_every_page_with_rooted_links_and_sitemap(store_engine, tmp_path):
    StudyWriter(store_engine).add_all(iter_documents([STUDIES_DIR / "NCT06462729.json", STUDIES_DIR / "NCT03681392.json", RECONSTRUCTED]))
    settings = Settings(database_url="unused", site_name="Export Test", base_url="https://trials.example.org")
    out = tmp_path / "site"
    stats = export_site(store_engine, settings, out, root="/finder")
    assert stats.trials == 3
    for nct_id in IDS:
        html = (out / "trials" / nct_id / "index.html").read_text()
        assert re.findall(r'<section id="([^"]+)"', html) == list(SECTION_IDS)
        assert f'href="/finder/trials/{nct_id}/print"' in html
        assert 'href="/finder/static/site.css"' in html
        assert json.loads((out / "trials" / f"{nct_id}.json").read_text())["nct_id"] == nct_id
        assert nct_id in (out / "trials" / nct_id / "print" / "index.html").read_text()
    home = (out / "index.html").read_text()
    assert [m for m in re.findall(r'href="/finder/trials/(NCT\d{8})"', home)] == ["NCT07441226", "NCT06462729", "NCT03681392"]
    assert (out / "static" / "print.css").is_file() and (out / "methodology" / "index.html").is_file()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.parse(out / "sitemap.xml").getroot()
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", ns)]
    assert parts == ["https://trials.example.org/sitemap-1.xml"]
    locs = [loc.text for loc in ET.parse(out / "sitemap-1.xml").getroot().findall("s:url/s:loc", ns)]
    assert locs[:3] == ["https://trials.example.org/finder/", "https://trials.example.org/finder/methodology", "https://trials.example.org/finder/questions"]
    assert sorted(locs[3:]) == [f"https://trials.example.org/finder/trials/{i}" for i in sorted(IDS)]
