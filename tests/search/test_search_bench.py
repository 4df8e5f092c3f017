"""The benchmark runs end to end at a small N (CI); the real figures come from bench/bench_search.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT

sys.path.insert(0, str(PROJECT / "bench"))


@pytest.mark.slow
def test_bench_runs_at_small_n(tmp_path, capsys):
    import bench_search
    from make_corpus import generate

    corpus = tmp_path / "corpus.zip"
    generate(300, corpus)
    figures = bench_search.run(corpus, f"sqlite:///{tmp_path / 'bench.db'}", rounds=1, index_during_ingest=False)
    out = capsys.readouterr().out
    assert "inserted 300" in out and "p95" in out
    assert figures["place_p95_ms"] < 1000 and figures["filter_p95_ms"] < 1000
    # --searches-only times the mixes again on the store just built, naming the slowest place searches
    timed = bench_search.time_searches(f"sqlite:///{tmp_path / 'bench.db'}", rounds=1)
    out = capsys.readouterr().out
    assert "slowest place searches (median ms): " in out and " near " in out
    assert timed["place_mean_results"] == figures["place_mean_results"]
    assert timed["filter_mean_results"] == figures["filter_mean_results"]


def test_searches_only_needs_a_database(capsys):
    import bench_search

    with pytest.raises(SystemExit) as exit_info:
        bench_search.main(["--searches-only"])
    assert exit_info.value.code == 2 and "--searches-only needs --database" in capsys.readouterr().err
