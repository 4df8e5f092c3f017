"""`trialfinder sync` and `status` as an operator runs them: one-line errors, never a traceback."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from tests.conftest import STUDIES_DIR
from tests.sync.fake_api import status
from trialfinder.cli import app

runner = CliRunner()


def _run(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _output(result) -> str:
    return re.sub(r"\s+", " ", result.output)


def test_sync_then_status_reports_counts_parameters_and_data_timestamp(tmp_path, small_api):
    database = f"sqlite:///{tmp_path / 'store.db'}"
    first = _run("sync", "--base-url", small_api.base_url, "--database", database, "--page-size", "40", "--rate-limit", "0", "--status", "completed,RECRUITING", "-q")
    assert first.exit_code == 0, first.output
    assert "sync finished (full listing, data timestamp 2026-11-24T09:00:05)" in _output(first)
    shown = _output(_run("status", "--database", database))
    assert "studies: " in shown and "data timestamp: 2026-11-24T09:00:05" in shown
    assert "statuses=['COMPLETED', 'RECRUITING']" in shown and "full listing" in shown
    assert re.search(r"added \d+, updated 0", shown)
    again = _output(_run("sync", "--base-url", small_api.base_url, "--database", database, "--status", "COMPLETED,RECRUITING", "--rate-limit", "0", "-q"))
    assert "updated since 2026-11-23" in again


def test_exhausted_retries_end_in_one_line_and_a_resume_hint(tmp_path, small_api):
    small_api.inject(*[status(503)] * 3)
    result = _run("sync", "--base-url", small_api.base_url, "--database", f"sqlite:///{tmp_path / 's.db'}", "--retries", "3", "--max-backoff", "0.01", "--rate-limit", "0", "-q")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) <= 2 and "failed 3 times" in result.output and "run the same command again to resume" in result.output
    assert "Traceback" not in result.output


def test_unreachable_api_is_one_clear_error(tmp_path):
    result = _run("sync", "--base-url", "http://127.0.0.1:9/api/v2", "--database", f"sqlite:///{tmp_path / 's.db'}", "--retries", "2", "--max-backoff", "0", "-q")
    assert result.exit_code == 1 and "connection failed" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["--since", "last week"], "--since must be a date"),
        (["--status", "OPEN"], "unknown --status OPEN"),
        (["--since", "2025-01-01", "--full"], "contradict"),
        (["--base-url", "clinicaltrials.gov"], "http"),
        (["--from", "/no/such/folder"], "no such file or folder"),
    ],
)
def test_bad_options_are_refused_clearly(tmp_path, args, message):
    result = _run("sync", "--database", f"sqlite:///{tmp_path / 's.db'}", *args)
    assert result.exit_code != 0 and message in _output(result) and "Traceback" not in result.output


def test_sync_from_a_folder_goes_through_ingest_and_is_recorded(tmp_path):
    database = f"sqlite:///{tmp_path / 'store.db'}"
    result = _run("sync", "--from", str(STUDIES_DIR), "--database", database, "-q")
    assert result.exit_code == 0 and "inserted 1183" in result.output
    shown = _output(_run("status", "--database", database))
    assert "studies: 1183" in shown and f"from {STUDIES_DIR}" in shown and "added 1183" in shown
