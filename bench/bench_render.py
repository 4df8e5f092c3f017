"""Trial-page build and render speed: `python bench/bench_render.py [PATH ...]`.

Ingests the corpus into a temporary SQLite store, then builds and renders every
trial page (HTML, print and JSON) once cold and once warm, printing pages/s and
the slowest page.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from trialfinder.config import Settings
from trialfinder.ctgov.archive import iter_documents
from trialfinder.store.database import ensure_schema, open_engine
from trialfinder.store.queries import iter_studies
from trialfinder.store.writer import StudyWriter
from trialfinder.web.page import load_trial_page
from trialfinder.web.render import render_page_html, render_page_json, render_print_html

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEFAULT_PATHS = [SHARED / "data" / "ctgov" / "studies", SHARED / "reference" / "NCT07441226.reconstructed.json"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="*", default=[str(p) for p in DEFAULT_PATHS])
    args = parser.parse_args()
    settings = Settings(database_url="", site_name="Bench", base_url="")
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_engine(f"sqlite:///{tmp}/render.db")
        ensure_schema(engine)
        StudyWriter(engine).add_all(iter_documents(args.paths))
        ids = [s.nct_id for s in iter_studies(engine)]
        for label in ("cold (eligibility not cached)", "warm"):
            slowest = (0.0, "")
            started = time.perf_counter()
            size = 0
            for nct_id in ids:
                t0 = time.perf_counter()
                page = load_trial_page(engine, nct_id, settings)
                size += len(render_page_html(page, settings)) + len(render_print_html(page, settings)) + len(render_page_json(page))
                slowest = max(slowest, (time.perf_counter() - t0, nct_id))
            elapsed = time.perf_counter() - started
            print(
                f"{label:>30}: {len(ids)} pages in {elapsed:.2f} s = {len(ids) / elapsed:,.0f} pages/s "
                f"(HTML + print + JSON, {size / len(ids) / 1e3:.0f} kB per page); slowest {slowest[1]} {slowest[0] * 1e3:.0f} ms"
            )
    print(f"{'peak RSS':>30}: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
