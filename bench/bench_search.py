"""Time ingest, search-index build and a fixed mix of searches; print p50/p95, peak memory and size on disk.

    python bench/bench_search.py --n 20000 --workdir /tmp/bench            # generate, ingest, index, query
    python bench/bench_search.py --corpus /tmp/corpus.zip --database sqlite:////tmp/b.db

The fixed mix is the patient's search: a condition, the default status (recruiting or not yet)
and a place within 100 km. A second mix (text + filters, no place) is reported separately.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import generate  # noqa: E402

from trialfinder.ctgov.archive import iter_documents  # noqa: E402
from trialfinder.search import ensure_search_schema, parse_request, rebuild_search_index, run_search  # noqa: E402
from trialfinder.store.database import ensure_schema, open_engine  # noqa: E402
from trialfinder.store.writer import StudyWriter  # noqa: E402

PLACE_MIX = [
    ("COPD", "Jakarta"), ("breast cancer", "Boston"), ("diabetes", "Paris"), ("asthma", "London"),
    ("lung cancer", "Tokyo"), ("heart attack", "Chicago"), ("depression", "Toronto"), ("hypertension", "Sao Paulo"),
    ("stroke", "Berlin"), ("leukemia", "Houston"), ("lung disease", "Surabaya"), ("obesity", "Madrid"),
    ("HIV", "Johannesburg"), ("arthritis", "Seoul"), ("kidney disease", "Milan"), ("migraine", "02115"),
]
FILTER_MIX = [
    {"q": "cancer", "phase": "PHASE2"}, {"q": "diabetes", "age": "60", "sex": "FEMALE"},
    {"q": "pain", "intervention": "DRUG", "sort": "updated"}, {"q": "high blood pressure", "healthy": "no"},
    {"country": "Japan", "type": "INTERVENTIONAL"}, {"q": "vaccine", "status": "any", "sponsor_class": "INDUSTRY"},
]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def disk_mb(url: str) -> float | None:
    if not url.startswith("sqlite:///"):
        return None
    path = Path(url[len("sqlite:///"):])
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def time_mix(engine, mix: list[dict], rounds: int) -> tuple[list[float], int]:
    latencies, hits = [], 0
    for params in mix:  # warm-up: caches, the gazetteer, SQLite pages
        run_search(engine, parse_request(params))
    for _ in range(rounds):
        for params in mix:
            start = time.perf_counter()
            result = run_search(engine, parse_request(params))
            latencies.append((time.perf_counter() - start) * 1000)
            hits += result.total
    return latencies, hits


def report(name: str, latencies: list[float], hits: int) -> None:
    print(f"{name}: {len(latencies)} searches, p50 {statistics.median(latencies):.1f} ms, "
          f"p95 {percentile(latencies, 0.95):.1f} ms, max {max(latencies):.1f} ms, mean results {hits / len(latencies):.1f}")


def run(corpus: Path, url: str, rounds: int, index_during_ingest: bool) -> dict:
    engine = open_engine(url)
    ensure_schema(engine)
    figures = {}
    if index_during_ingest:
        ensure_search_schema(engine)
    start = time.perf_counter()
    stats = StudyWriter(engine, batch_size=1000).add_all(iter_documents([corpus]))
    figures["ingest_s"] = time.perf_counter() - start
    print(f"ingest: {stats.summary()} in {figures['ingest_s']:.1f} s"
          f"{' (search index kept current by the writer hook)' if index_during_ingest else ''}; peak RSS {peak_mb():.0f} MB")
    start = time.perf_counter()
    if not index_during_ingest:
        if not ensure_search_schema(engine):
            rebuild_search_index(engine)
        figures["index_s"] = time.perf_counter() - start
        print(f"index build: {figures['index_s']:.1f} s; peak RSS {peak_mb():.0f} MB")
    size = disk_mb(url)
    if size is not None:
        print(f"size on disk: {size:.0f} MB")
    place_mix = [{"q": q, "near": near, "radius": "100"} for q, near in PLACE_MIX]
    latencies, hits = time_mix(engine, place_mix, rounds)
    report("place mix (condition + recruiting + within 100 km)", latencies, hits)
    figures["place_p95_ms"] = percentile(latencies, 0.95)
    latencies, hits = time_mix(engine, FILTER_MIX, rounds)
    report("filter mix (text + filters, no place)", latencies, hits)
    figures["filter_p95_ms"] = percentile(latencies, 0.95)
    print(f"peak RSS {peak_mb():.0f} MB")
    engine.dispose()
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000, help="studies to generate (ignored with --corpus)")
    parser.add_argument("--corpus", type=Path, help="an existing corpus zip or folder")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/trialfinder-bench"))
    parser.add_argument("--database", help="database URL (default: a fresh SQLite file in --workdir)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--index-during-ingest", action="store_true", help="create the index first and let the writer hook fill it")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    corpus = args.corpus
    if corpus is None:
        corpus = args.workdir / f"corpus-{args.n}.zip"
        if not corpus.exists():
            start = time.perf_counter()
            generate(args.n, corpus)
            print(f"generated {args.n} studies in {time.perf_counter() - start:.1f} s ({corpus.stat().st_size / 1e6:.0f} MB zip)")
    url = args.database
    if url is None:
        db = args.workdir / f"bench-{corpus.stem}.db"
        for stale in db.parent.glob(db.name + "*"):
            os.remove(stale)
        url = f"sqlite:///{db}"
    run(corpus, url, args.rounds, args.index_during_ingest)


if __name__ == "__main__":
    main()
