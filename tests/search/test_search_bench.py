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
