"""One sync at a time per store (SQLite and PostgreSQL): a second sync is refused, a dead one is replaced."""

from __future__ import annotations

import datetime as dt
import re
import socket
import subprocess
import sys
import threading

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tests.conftest import STUDIES_DIR
from trialfinder.cli import app
from trialfinder.ctgov.sync import SyncRequest, sync_from_api, sync_from_files
from trialfinder.store import checkpoints
from trialfinder.store.schema import studies
from trialfinder.store.sync_lease import HOLDER_KEY, LEASE_KEY, STALE_AFTER, LeaseLost, SyncBusy, SyncLease, current_holder

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)


def _plant_holder(engine, *, pid: int, host: str, renewed: dt.datetime, token: str = "other-sync") -> None:
    """A lease as another process would have left it."""
    with engine.begin() as conn:
        checkpoints.write_value(conn, LEASE_KEY, token)
        checkpoints.write_json(
            conn,
            HOLDER_KEY,
            {"token": token, "what": "sync from the API", "pid": pid, "host": host,
             "started_at": "2026-12-01T08:00:00+00:00", "renewed_at": renewed.isoformat()},
        )


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _lease_value(engine) -> str | None:
    with engine.connect() as conn:
        return checkpoints.read_value(conn, LEASE_KEY)


def _study_count(engine) -> int:
    with engine.connect() as conn:
        return len(conn.execute(select(studies.c.nct_id)).all())


def test_a_second_sync_is_refused_while_the_first_holds_the_store(store_engine):
    with SyncLease(store_engine, "sync from the API"):
        with pytest.raises(SyncBusy) as refused:
            SyncLease(store_engine, "sync from files").acquire()
    message = str(refused.value)
    assert "another sync is writing to this store" in message
    assert f"process {__import__('os').getpid()} on {socket.gethostname()}" in message
    assert _lease_value(store_engine) is None  # released on leaving the block
    SyncLease(store_engine, "after").acquire()  # and free again


def test_a_lease_left_by_a_dead_process_on_this_host_is_taken_over_at_once(store_engine):
    pid = _dead_pid()
    _plant_holder(store_engine, pid=pid, host=socket.gethostname(), renewed=NOW)
    lease = SyncLease(store_engine, "sync from the API", clock=lambda: NOW)
    lease.acquire()
    assert lease.taken_over is not None and lease.taken_over.pid == pid
    assert _lease_value(store_engine) == lease.token


@pytest.mark.parametrize("quiet_for, taken", [(STALE_AFTER - dt.timedelta(minutes=1), False), (STALE_AFTER, True)])
def test_a_holder_on_another_host_is_replaced_only_after_going_quiet(store_engine, quiet_for, taken):
    _plant_holder(store_engine, pid=1, host="another-machine", renewed=NOW - quiet_for)
    lease = SyncLease(store_engine, "sync from the API", clock=lambda: NOW)
    if taken:
        lease.acquire()
        assert lease.taken_over.host == "another-machine"
    else:
        with pytest.raises(SyncBusy, match=r"run again after 2026-12-01T09:01:00\+00:00"):
            lease.acquire()
        assert _lease_value(store_engine) == "other-sync"


def test_a_taken_over_sync_stops_and_its_page_is_rolled_back(store_engine):
    lease = SyncLease(store_engine, "slow sync")
    lease.acquire()
    with store_engine.begin() as conn:  # what a takeover does to the row
        checkpoints.compare_and_swap(conn, LEASE_KEY, lease.token, "newer-sync")
    with pytest.raises(LeaseLost):
        with store_engine.begin() as conn:
            checkpoints.write_value(conn, "page.marker", "written by the page")
            lease.renew(conn)
    with store_engine.connect() as conn:
        assert checkpoints.read_value(conn, "page.marker") is None
    lease.release()  # must not free the newer sync's lease
    assert _lease_value(store_engine) == "newer-sync"


def test_only_one_of_many_racing_syncs_gets_the_lease(store_engine):
    winners, refused, barrier = [], [], threading.Barrier(6)

    def contend() -> None:
        lease = SyncLease(store_engine, "racer")
        barrier.wait()
        try:
            lease.acquire()
            winners.append(lease.token)
        except SyncBusy:
            refused.append(lease.token)

    threads = [threading.Thread(target=contend) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1 and len(refused) == 5
    assert _lease_value(store_engine) == winners[0]


def test_api_sync_refused_while_busy_touches_nothing_then_runs_and_frees_the_store(store_engine, small_api, small_client):
    request = SyncRequest(small_api.base_url, page_size=100)
    _plant_holder(store_engine, pid=1, host="another-machine", renewed=dt.datetime.now(dt.timezone.utc))
    with pytest.raises(SyncBusy):
        sync_from_api(store_engine, small_client, request)
    assert small_api.served == [] and _study_count(store_engine) == 0
    assert checkpoints.read_checkpoint(store_engine) is None
    with store_engine.begin() as conn:
        checkpoints.delete_value(conn, LEASE_KEY)
    result = sync_from_api(store_engine, small_client, request)
    assert result.inserted == _study_count(store_engine) > 0
    assert _lease_value(store_engine) is None and current_holder(store_engine) is None


def test_bulk_sync_is_refused_while_an_api_sync_holds_the_store(store_engine):
    with SyncLease(store_engine, "sync from the API"):
        with pytest.raises(SyncBusy):
            sync_from_files(store_engine, [STUDIES_DIR])
    assert _study_count(store_engine) == 0
    assert sync_from_files(store_engine, [STUDIES_DIR]).inserted == 1183
    assert _lease_value(store_engine) is None


def test_cli_says_another_sync_is_running_with_a_retry_exit_code(tmp_path, small_api):
    database = f"sqlite:///{tmp_path / 'store.db'}"
    runner = CliRunner()
    assert runner.invoke(app, ["sync", "--from", str(STUDIES_DIR), "--database", database, "-q"]).exit_code == 0
    from trialfinder.store.database import open_engine

    engine = open_engine(database)
    try:
        _plant_holder(engine, pid=1, host="another-machine", renewed=dt.datetime.now(dt.timezone.utc))
    finally:
        engine.dispose()
    for args in (["sync", "--base-url", small_api.base_url, "--rate-limit", "0"], ["sync", "--from", str(STUDIES_DIR)]):
        result = runner.invoke(app, [*args, "--database", database])
        assert result.exit_code == 75, result.output
        text = re.sub(r"\s+", " ", result.output)
        assert "another sync is writing to this store: sync from the API (process 1 on another-machine" in text
        assert "Traceback" not in text
    status = re.sub(r"\s+", " ", runner.invoke(app, ["status", "--database", database]).output)
    assert "sync running: sync from the API (process 1 on another-machine" in status
    assert small_api.served == []
