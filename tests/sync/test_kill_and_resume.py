"""A real `trialfinder sync` process, SIGKILLed at random moments and started again, ends exact."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
from sqlalchemy import func, select

from tests.conftest import STUDIES_DIR
from tests.sync.fake_api import FakeApi
from trialfinder.store import checkpoints
from trialfinder.store.database import open_engine
from trialfinder.store.schema import studies, study_versions

STUDIES = 240
PAGE_SIZE = 7
KILLS = 3


def _command(base_url: str, database: str) -> list[str]:
    script = Path(sys.executable).with_name("trialfinder")
    launcher = [str(script)] if script.exists() else [sys.executable, "-c", "from trialfinder.cli import main; main()"]
    return launcher + [
        "sync", "--base-url", base_url, "--database", database, "--page-size", str(PAGE_SIZE),
        "--rate-limit", "0", "--max-backoff", "0.05", "--quiet",
    ]


def test_sync_killed_at_random_pages_then_rerun_stores_exactly_the_expected_studies(store_url):
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    with FakeApi(STUDIES_DIR, limit=STUDIES, page_delay=0.01) as api:
        pages = -(-STUDIES // PAGE_SIZE)
        command = _command(api.base_url, store_url)
        for _ in range(KILLS):
            # Page 2 is only requested once page 1 is committed: every run leaves a checkpoint.
            target = api.pages_served + rng.randint(2, 8)
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            deadline = time.monotonic() + 30
            while api.pages_served < target and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.02))  # land anywhere: mid-request, mid-transaction, mid-commit
            process.send_signal(signal.SIGKILL)
            process.wait()
            assert process.returncode == -signal.SIGKILL, (seed, process.stderr.read().decode())
        served_before_last_run = api.pages_served
        finish = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert finish.returncode == 0, (seed, finish.stderr)
        assert "Traceback" not in finish.stderr

    engine = open_engine(store_url)
    try:
        with engine.connect() as conn:
            stored = dict(conn.execute(select(studies.c.nct_id, studies.c.raw)).all())
            versions = conn.execute(select(func.count()).select_from(study_versions)).scalar_one()
        assert sorted(stored) == sorted(api.studies), seed
        assert all(raw.encode() == orjson.dumps(api.studies[nct]) for nct, raw in stored.items()), seed
        assert versions == 0, seed
        assert checkpoints.read_checkpoint(engine) is None
        last = checkpoints.read_last_sync(engine)
        assert last["resumed"] and last["read"] >= STUDIES
        # The last run resumed rather than starting over.
        assert api.pages_served - served_before_last_run < pages, seed
    finally:
        engine.dispose()
