"""Sync throughput and peak memory on both backends: `python bench/bench_sync.py [--copies N]`.

For SQLite (a temp file) and PostgreSQL (a private schema in the test database),
runs the real `trialfinder sync` command in a child process:
  1. from the local fake API (tests/sync/fake_api.py) into an empty store,
  2. the same again with --full (every study unchanged: the idempotent path),
  3. `sync --from` a folder of the same studies into another empty store,
and prints studies/s (wall time, including process start-up) and the child's
peak RSS (resource.getrusage via wait4). The corpus is the shared real records,
repeated `--copies` times with fresh NCT ids (NCT1..., NCT2..., never copied to disk
except into a temp folder for step 3).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import orjson

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from tests.sync.fake_api import FakeApi  # noqa: E402

STUDIES_DIR = PROJECT.parent / "shared" / "data" / "ctgov" / "studies"
POSTGRES_URL = os.environ.get("TRIALFINDER_TEST_POSTGRES", "postgresql://127.0.0.1:5432/test")


def synthetic_studies(copies: int) -> dict[str, dict]:
    """The real records, `copies` times, each copy under a distinct NCT prefix digit."""
    originals = [orjson.loads(p.read_bytes()) for p in sorted(STUDIES_DIR.glob("NCT*.json"))]
    studies = {}
    for copy in range(copies):
        for record in originals:
            clone = orjson.loads(orjson.dumps(record))
            ident = clone["protocolSection"]["identificationModule"]
            ident["nctId"] = f"NCT{copy + 1}{ident['nctId'][4:]}" if copy else ident["nctId"]
            studies[ident["nctId"]] = clone
    return studies


def trialfinder(*args: str) -> tuple[float, float, subprocess.CompletedProcess | None]:
    """Run the CLI; returns (seconds, peak RSS MB of the child, None) or raises on failure."""
    script = Path(sys.executable).with_name("trialfinder")
    command = [str(script), *args] if script.exists() else [sys.executable, "-c", "from trialfinder.cli import main; main()", *args]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    stdout, stderr = process.stdout.read().decode(), process.stderr.read().decode()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"trialfinder {' '.join(args)} failed:\n{stdout}\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024, stdout.strip()


class PostgresSchema:
    def __enter__(self) -> str:
        import psycopg

        self.schema = f"bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {self.schema}")
        return f"{POSTGRES_URL}?options=-csearch_path%3D{self.schema}"

    def __exit__(self, *exc) -> None:
        import psycopg

        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {self.schema} CASCADE")


def bench_backend(name: str, make_url, base_url: str, folder: Path, count: int, page_size: int) -> None:
    with make_url() as url:
        common = ["--database", url, "--quiet"]
        api_args = ["sync", "--base-url", base_url, "--rate-limit", "0", "--page-size", str(page_size), *common]
        for label, extra in (("API sync, empty store", []), ("API sync --full, no-op", ["--full"])):
            seconds, rss, _ = trialfinder(*api_args, *extra)
            print(f"{name:>10} | {label:<26} | {count:>6} studies | {seconds:6.1f} s | {count / seconds:7,.0f} studies/s | peak RSS {rss:5.0f} MB")
    with make_url() as url:
        seconds, rss, _ = trialfinder("sync", "--from", str(folder), "--database", url, "--quiet")
        print(f"{name:>10} | {'sync --from folder':<26} | {count:>6} studies | {seconds:6.1f} s | {count / seconds:7,.0f} studies/s | peak RSS {rss:5.0f} MB")


class SqliteFile:
    def __enter__(self) -> str:
        self.tmp = tempfile.TemporaryDirectory()
        return f"sqlite:///{self.tmp.name}/bench.db"

    def __exit__(self, *exc) -> None:
        self.tmp.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=4, help="times the 1,183 shared records are served (default 4)")
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    # The server and its corpus live in a separate, spawned process: a child's peak RSS
    # (getrusage) includes its parent's at fork time, so the parent here must stay small.
    context = multiprocessing.get_context("spawn")
    here, there = context.Pipe()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server = context.Process(target=serve, args=(args.copies, folder, there), daemon=True)
        server.start()
        try:
            base_url, count, megabytes = here.recv()
            print(f"corpus: {count} studies, {megabytes:.0f} MB of JSON; {os.cpu_count()} CPUs; page size {args.page_size}; "
                  f"bench process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
            if args.backend in ("sqlite", "both"):
                bench_backend("sqlite", SqliteFile, base_url, folder, count, args.page_size)
            if args.backend in ("postgresql", "both"):
                bench_backend("postgresql", PostgresSchema, base_url, folder, count, args.page_size)
        finally:
            here.send("stop")
            server.join(timeout=10)


def serve(copies: int, folder: Path, pipe) -> None:
    """In the helper process: write the folder for `sync --from`, then serve the API until told to stop."""
    studies = synthetic_studies(copies)
    for nct_id, study in studies.items():
        (folder / f"{nct_id}.json").write_bytes(orjson.dumps(study))
    with FakeApi(STUDIES_DIR) as api:
        api.studies = studies
        pipe.send((api.base_url, len(studies), sum(len(orjson.dumps(s)) for s in studies.values()) / 1e6))
        pipe.recv()


if __name__ == "__main__":
    main()
