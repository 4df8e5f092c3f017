"""Ingest throughput and peak memory: `python bench/bench_ingest.py [PATH ...] [--repeat N] [--database URL]`.

Ingests the shared corpus into a fresh database (SQLite in a temp folder by
default), then again (the idempotent no-op path), and prints studies/s and
peak RSS for each pass.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from trialfinder.ctgov.archive import iter_documents
from trialfinder.store.database import ensure_schema, open_engine
from trialfinder.store.writer import StudyWriter

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "ctgov" / "studies"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="*", default=[str(DEFAULT_CORPUS)])
    parser.add_argument("--database", default=None, help="database URL (default: SQLite in a temp folder)")
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{tmp}/bench.db"
        engine = open_engine(url)
        ensure_schema(engine)
        for label in ("first ingest", "re-ingest (no-op)"):
            started = time.perf_counter()
            stats = StudyWriter(engine, batch_size=args.batch_size).add_all(iter_documents(args.paths))
            elapsed = time.perf_counter() - started
            print(f"{label:>18}: {stats.read} studies in {elapsed:.2f} s = {stats.read / elapsed:,.0f} studies/s; {stats.summary()}; peak RSS {peak_rss_mb():.0f} MB")
        if url.startswith("sqlite:///"):
            size = Path(url[len("sqlite:///"):]).stat().st_size
            print(f"{'database size':>18}: {size / 1e6:.1f} MB ({size / max(stats.read, 1) / 1e3:.1f} kB per study)")


if __name__ == "__main__":
    main()
