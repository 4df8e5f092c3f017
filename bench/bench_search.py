"""Time ingest, search-index build and a fixed mix of searches; print p50/p95/p99, peak memory and size on disk.

    python bench/bench_search.py --n 20000 --workdir /tmp/bench            # generate, ingest, index, query
    python bench/bench_search.py --n 20000 --n 50000 --n 200000            # each N in its own process, then scaling
    python bench/bench_search.py --corpus /tmp/corpus.zip --database sqlite:////tmp/b.db

The fixed mix is the patient's search: a condition, the default status (recruiting or not yet)
and a place within 100 km. A second mix (text + filters, no place) is reported separately.
With several --n, every figure's growth with N is fitted (value ~ N^k, from the two largest N)
and extrapolated to --target (600,000 by default); extrapolated figures are labelled as such.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import generate  # noqa: E402

from trialfinder.ctgov.archive import iter_raw_files  # noqa: E402
from trialfinder.search import ensure_search_schema, parse_request, rebuild_search_index, run_search  # noqa: E402
from trialfinder.store.database import ensure_schema, open_engine  # noqa: E402
from trialfinder.store.pipeline import prepared_stream  # noqa: E402
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


def children_peak_mb() -> float:
    """Largest peak RSS of any finished child process (the index build's parsing workers). Caution: a spawned worker
    starts as a fork of this process, and Linux keeps the forked image's peak in the child's ru_maxrss after exec,
    so this is at least this process's RSS when the workers started (at 600k after an ingest in the same process:
    exactly the ingest's 578 MB). The sampler's per-phase worker high-water mark (VmHWM, after exec) is the real one."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _rss_kb(pid: str) -> tuple[int, int, int, int]:
    """(VmRSS, RssAnon, RssFile, VmHWM) in kB of one process; zeros if it is gone. VmHWM is the kernel's own peak,
    so spikes between two samples still show."""
    values = {"VmRSS": 0, "RssAnon": 0, "RssFile": 0, "VmHWM": 0}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in values:
                values[name] = int(rest.split()[0])
    except (OSError, ValueError):
        pass
    return values["VmRSS"], values["RssAnon"], values["RssFile"], values["VmHWM"]


def _children() -> list[str]:
    found = []
    for task in Path("/proc/self/task").iterdir():
        try:
            found += (task / "children").read_text().split()
        except OSError:
            continue
    return found


class RssSampler:
    """Peak RSS per phase, sampled every 0.2 s: the main process (split into anonymous memory and mapped file pages,
    which include SQLite's mmap) and the largest child (the parse workers). ru_maxrss only gives one peak per process
    lifetime, which cannot tell the ingest from the index build."""

    def __init__(self, interval: float = 0.2):
        self.interval, self.phases, self._phase = interval, {}, None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            phase = self._phase
            if phase is None:
                continue
            rss, anon, file, _ = _rss_kb("self")
            children = [_rss_kb(pid) for pid in _children()]
            child = max((c[0] for c in children), default=0)
            child_hwm = max((c[3] for c in children), default=0)
            peak = self.phases[phase]
            for name, value in (("main", rss), ("main_anon", anon), ("main_file", file), ("worker", child), ("worker_hwm", child_hwm)):
                peak[name] = max(peak.get(name, 0), value / 1024)

    @contextmanager
    def phase(self, name: str):
        self.phases.setdefault(name, {})
        self._phase = name
        try:
            yield
        finally:
            time.sleep(self.interval * 1.5)  # one more sample
            self._phase = None

    def switch(self, name: str) -> None:
        self.phases.setdefault(name, {})
        self._phase = name

    def report(self) -> dict:
        for name, peak in self.phases.items():
            print(f"  peak RSS during {name}: main {peak.get('main', 0):.0f} MB (anonymous {peak.get('main_anon', 0):.0f}, "
                  f"mapped file {peak.get('main_file', 0):.0f}), largest worker {peak.get('worker', 0):.0f} MB "
                  f"(its own high-water mark {peak.get('worker_hwm', 0):.0f} MB)")
        return {f"rss_{phase}_{k}_mb": v for phase, peak in self.phases.items() for k, v in peak.items()}


def disk_mb(url: str) -> float | None:
    if not url.startswith("sqlite:///"):
        return None
    path = Path(url[len("sqlite:///"):])
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def time_mix(engine, mix: list[dict], rounds: int) -> tuple[list[float], int]:
    """Every search of the mix `rounds` times (after one warm-up pass); latencies in ms and total results."""
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


def report(name: str, latencies: list[float], hits: int) -> dict:
    figures = {"p50_ms": statistics.median(latencies), "p95_ms": percentile(latencies, 0.95),
               "p99_ms": percentile(latencies, 0.99), "max_ms": max(latencies), "mean_results": hits / len(latencies)}
    print(f"{name}: {len(latencies)} searches, p50 {figures['p50_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms, "
          f"p99 {figures['p99_ms']:.1f} ms, max {figures['max_ms']:.1f} ms, mean results {figures['mean_results']:.1f}")
    return figures


def time_mixes(engine, rounds: int) -> dict:
    """The place and filter mixes, with each place search's own median (the slow ones to look at)."""
    figures: dict = {}
    place_mix = [{"q": q, "near": near, "radius": "100"} for q, near in PLACE_MIX]
    for name, mix, key in (("place mix (condition + recruiting + within 100 km)", place_mix, "place"),
                           ("filter mix (text + filters, no place)", FILTER_MIX, "filter")):
        latencies, hits = time_mix(engine, mix, rounds)
        for k, v in report(name, latencies, hits).items():
            figures[f"{key}_{k}"] = v
        if key == "place":
            per_search = [statistics.median(latencies[i::len(mix)]) for i in range(len(mix))]
            slowest = sorted(zip(per_search, mix), key=lambda pair: -pair[0])[:4]
            print("  slowest place searches (median ms): " + "; ".join(f"{p['q']} near {p['near']} {ms:.1f}" for ms, p in slowest))
    return figures


def time_searches(url: str, rounds: int) -> dict:
    """The mixes on an existing, indexed store (--searches-only)."""
    engine = open_engine(url)
    figures = time_mixes(engine, rounds)
    engine.dispose()
    return figures


def run(corpus: Path, url: str, rounds: int, index_during_ingest: bool, ingested: dict | None = None) -> dict:
    """Ingest (unless `ingested` gives the figures of an earlier ingest of this database), index, then time the mixes."""
    engine = open_engine(url)
    ensure_schema(engine)
    figures = {}
    sampler = RssSampler()
    if ingested is not None:
        figures.update(ingested)
        print(f"ingest: reused the stored database (ingested earlier in {figures['ingest_s']:.1f} s)")
    else:
        if index_during_ingest:
            ensure_search_schema(engine)
        start = time.perf_counter()
        with sampler.phase("ingest"):  # what `trialfinder ingest` does: records parsed in worker processes
            writer = StudyWriter(engine)
            for prepared in prepared_stream(iter_raw_files([str(corpus)])):
                writer.add_prepared(prepared)
            writer.flush()
            stats = writer.stats
        figures["ingest_s"] = time.perf_counter() - start
        figures["ingest_peak_rss_mb"] = peak_mb()
        print(f"ingest: {stats.summary()} in {figures['ingest_s']:.1f} s"
              f"{' (search index kept current by the writer hook)' if index_during_ingest else ''}; peak RSS {peak_mb():.0f} MB")
    start = time.perf_counter()
    if not index_during_ingest:
        with engine.connect() as conn:
            count = conn.exec_driver_sql("SELECT COUNT(*) FROM studies").scalar_one()
        marks = {}

        def progress(done: int) -> None:  # after the last chunk: secondary indexes, FTS5 optimize, ANALYZE
            if done >= count and "rows" not in marks:
                marks["rows"] = time.perf_counter() - start
                sampler.switch("index build (final indexes)")

        with sampler.phase("index build (rows)"):
            ensure_search_schema(engine, rebuild_if_created=False)
            rebuild_search_index(engine, progress=progress)
        figures["index_s"] = time.perf_counter() - start
        figures["index_rows_s"] = marks.get("rows")
        print(f"index build: {figures['index_s']:.1f} s (rows {marks.get('rows') or 0:.1f} s, then indexes); peak RSS {peak_mb():.0f} MB (parsing workers: {children_peak_mb():.0f} MB each at most)")
    size = disk_mb(url)
    if size is not None:
        figures["disk_mb"] = size
        print(f"size on disk: {size:.0f} MB")
    with sampler.phase("searches"):
        figures.update(time_mixes(engine, rounds))
    figures["peak_rss_mb"] = peak_mb()
    figures["workers_peak_rss_mb"] = children_peak_mb()
    print(f"peak RSS {peak_mb():.0f} MB")
    figures.update(sampler.report())
    engine.dispose()
    return figures


SCALED = (
    ("ingest_s", "ingest (s)"), ("index_s", "index build (s)"), ("disk_mb", "size on disk (MB)"),
    ("place_p50_ms", "place mix p50 (ms)"), ("place_p95_ms", "place mix p95 (ms)"), ("place_p99_ms", "place mix p99 (ms)"),
    ("filter_p50_ms", "filter mix p50 (ms)"), ("filter_p95_ms", "filter mix p95 (ms)"), ("filter_p99_ms", "filter mix p99 (ms)"),
    ("peak_rss_mb", "peak RSS (MB)"), ("workers_peak_rss_mb", "parse worker peak RSS (MB)"),
)


def scaling_table(results: dict[int, dict], target: int) -> str:
    """Each figure per N, its growth exponent k (value ~ N^k) between the two largest N, and N=target extrapolated."""
    ns = sorted(results)
    lines = ["| figure | " + " | ".join(f"N={n:,}" for n in ns) + f" | k | N={target:,} (extrapolated) |",
             "|---|" + "---|" * len(ns) + "---|---|"]
    for key, label in SCALED:
        values = [results[n].get(key) for n in ns]
        cells = [f"{v:.1f}" if v is not None else "-" for v in values]
        k = extrapolated = "-"
        if len(ns) >= 2 and values[-1] and values[-2]:
            exponent = math.log(values[-1] / values[-2]) / math.log(ns[-1] / ns[-2])
            k = f"{exponent:.2f}"
            extrapolated = f"{values[-1] * (target / ns[-1]) ** exponent:.1f}" if target > ns[-1] else "(measured)"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {k} | {extrapolated} |")
    return "\n".join(lines)


def prepare_database(workdir: Path, corpus: Path, reuse: bool) -> tuple[str, dict | None]:
    """A fresh SQLite file for this corpus; with `reuse`, a copy of an earlier run's ingested (not yet indexed) store."""
    db = workdir / f"bench-{corpus.stem}.db"
    for stale in db.parent.glob(db.name + "*"):
        os.remove(stale)
    pristine = workdir / f"ingested-{corpus.stem}.db"
    meta = pristine.with_suffix(".json")
    if reuse and pristine.exists() and meta.exists():
        shutil.copyfile(pristine, db)
        return f"sqlite:///{db}", json.loads(meta.read_text())
    return f"sqlite:///{db}", None


def keep_ingested(workdir: Path, corpus: Path, figures: dict) -> None:
    """Keep a copy of the store as ingested (search tables dropped) so --reuse-ingest can skip the ingest next time."""
    from sqlalchemy import text

    from trialfinder.search.ddl import META_KEY, drop_statements

    db, pristine = workdir / f"bench-{corpus.stem}.db", workdir / f"ingested-{corpus.stem}.db"
    shutil.copyfile(db, pristine)
    engine = open_engine(f"sqlite:///{pristine}")
    with engine.begin() as conn:
        for statement in drop_statements("sqlite"):
            conn.execute(text(statement))
        conn.execute(text("DELETE FROM store_meta WHERE key = :k"), {"k": META_KEY})
    engine.dispose()  # (no VACUUM: the rebuilt index reuses the freed pages, so the size on disk stays comparable)
    pristine.with_suffix(".json").write_text(json.dumps({k: figures[k] for k in ("ingest_s", "ingest_peak_rss_mb") if k in figures}))


def corpus_for(n: int, workdir: Path) -> Path:
    corpus = workdir / f"corpus-{n}.zip"
    if not corpus.exists():
        start = time.perf_counter()
        generate(n, corpus)
        print(f"generated {n} studies in {time.perf_counter() - start:.1f} s ({corpus.stat().st_size / 1e6:.0f} MB zip)")
    return corpus


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="studies to generate (repeat for a scaling table; ignored with --corpus)")
    parser.add_argument("--corpus", type=Path, help="an existing corpus zip or folder")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/trialfinder-bench"))
    parser.add_argument("--database", help="database URL (default: a fresh SQLite file in --workdir)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--index-during-ingest", action="store_true", help="create the index first and let the writer hook fill it")
    parser.add_argument("--reuse-ingest", action="store_true", help="reuse a store ingested by an earlier run (its ingest time is reported)")
    parser.add_argument("--target", type=int, default=600_000, help="N to extrapolate the scaling table to")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--searches-only", action="store_true",
                        help="only time the search mixes on --database, an already ingested and indexed store")
    args = parser.parse_args(argv)
    if args.searches_only:
        if not args.database:
            parser.error("--searches-only needs --database (an ingested and indexed store)")
        figures = time_searches(args.database, args.rounds)
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2))
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    sizes = args.n or [20000]
    if args.corpus is None and len(sizes) > 1:
        results = {}
        for n in sizes:  # one process per N, so peak RSS is that N's own
            out = args.workdir / f"figures-{n}.json"
            print(f"=== N = {n:,}", flush=True)
            command = [sys.executable, __file__, "--n", str(n), "--workdir", str(args.workdir), "--rounds", str(args.rounds), "--json", str(out)]
            command += ["--reuse-ingest"] if args.reuse_ingest else []
            subprocess.run(command, check=True)
            results[n] = json.loads(out.read_text())
        print(f"\nScaling (value ~ N^k, k from the two largest N; the last column is an extrapolation, not a measurement):")
        print(scaling_table(results, args.target))
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))
        return
    corpus = args.corpus or corpus_for(sizes[0], args.workdir)
    url, ingested = args.database, None
    if url is None:
        url, ingested = prepare_database(args.workdir, corpus, args.reuse_ingest)
    figures = run(corpus, url, args.rounds, args.index_during_ingest, ingested)
    if args.reuse_ingest and args.database is None and ingested is None and not args.index_during_ingest:
        keep_ingested(args.workdir, corpus, figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
