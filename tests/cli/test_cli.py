"""The operator's commands, run as real subprocesses against a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT, RECONSTRUCTED, STUDIES_DIR

CLI = [sys.executable, "-m", "trialfinder.cli"]


def run(*args: str, cwd: Path, env_db: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("TRIALFINDER_DATABASE_URL", None)
    if env_db:
        env["TRIALFINDER_DATABASE_URL"] = env_db
    return subprocess.run([*CLI, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_ingest_defaults_to_sqlite_file_in_working_directory_and_is_repeatable(tmp_path):
    first = run("ingest", str(STUDIES_DIR), str(RECONSTRUCTED), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    count = len(list(STUDIES_DIR.glob("*.json"))) + 1
    assert first.stdout.strip() == f"read {count} / inserted {count} / updated 0 / unchanged 0 / rejected 0"
    assert (tmp_path / "trialfinder.db").is_file()
    second = run("ingest", str(STUDIES_DIR), cwd=tmp_path)
    assert second.stdout.strip() == f"read {count - 1} / inserted 0 / updated 0 / unchanged {count - 1} / rejected 0"


def test_malformed_files_are_named_with_reason_and_run_continues(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.json").write_bytes(RECONSTRUCTED.read_bytes())
    (folder / "truncated.json").write_text('{"protocolSection": {')
    result = run("ingest", str(folder), cwd=tmp_path)
    assert result.returncode == 0
    assert "read 2 / inserted 1 / updated 0 / unchanged 0 / rejected 1" in result.stdout
    assert "truncated.json" in result.stderr and "not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_path_and_bad_database_url_give_clear_errors(tmp_path):
    missing = run("ingest", str(tmp_path / "nope"), cwd=tmp_path)
    assert missing.returncode != 0
    assert "no such file or folder" in missing.stderr and "Traceback" not in missing.stderr
    bad_url = run("ingest", str(RECONSTRUCTED), "--database", "mysql://x/y", cwd=tmp_path)
    assert bad_url.returncode == 1 and "unsupported database" in bad_url.stderr
    assert "Traceback" not in bad_url.stderr


def test_show_prints_the_page_in_three_formats(tmp_path):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert run("ingest", str(RECONSTRUCTED), cwd=tmp_path, env_db=db).returncode == 0
    as_json = run("show", "NCT07441226", "--format", "json", cwd=tmp_path, env_db=db)
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout)["sections"]["locations"]["countries"] == ["Indonesia"]
    as_text = run("show", "nct07441226", cwd=tmp_path, env_db=db)
    assert "== eligibility ==" in as_text.stdout and "Persahabatan Hospital" in as_text.stdout
    as_html = run("show", "NCT07441226", "-f", "html", cwd=tmp_path, env_db=db)
    assert as_html.stdout.count('<section id="') == 17
    unknown = run("show", "NCT00000001", cwd=tmp_path, env_db=db)
    assert unknown.returncode == 1 and "not in the database" in unknown.stderr
    malformed = run("show", "12345", cwd=tmp_path, env_db=db)
    assert malformed.returncode == 2 and "not an NCT number" in malformed.stderr


def test_readme_test_command_is_what_ci_runs():
    readme = (PROJECT / "README.md").read_text()
    ci = (PROJECT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert f"    {ci}\n" in readme
    first_screen = "\n".join(readme.splitlines()[:25])
    assert ci in first_screen and "trialfinder serve" in first_screen


def test_report_eligibility_over_a_folder_and_over_the_database(tmp_path):
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "NCT07441226.json").write_bytes(RECONSTRUCTED.read_bytes())
    from_folder = run("report", "eligibility", str(folder), cwd=tmp_path)
    assert from_folder.returncode == 0, from_folder.stderr
    lines = dict((line[:24].strip(), line[24:].strip()) for line in from_folder.stdout.splitlines()[1:])
    assert lines["trials"] == "1"
    # 5 inclusion and 19 exclusion criteria, counted by hand in the record.
    assert lines["items"] == "24"
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert run("ingest", str(folder), cwd=tmp_path, env_db=db).returncode == 0
    from_db = run("report", "eligibility", cwd=tmp_path, env_db=db)
    assert from_db.returncode == 0 and "items                  24" in from_db.stdout
