"""Benchmark the eligibility engine: python bench/bench_eligibility.py [PATH]."""

from __future__ import annotations

import glob
import json
import os
import sys
from pathlib import Path

from trialfinder.ctgov.record import Study
from trialfinder.eligibility.report import eligibility_report

DEFAULT = str(Path(__file__).resolve().parents[2] / "shared" / "data" / "ctgov" / "studies")


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    files = sorted(glob.glob(os.path.join(path, "*.json"))) if os.path.isdir(path) else [path]
    texts = []
    for name in files:
        with open(name, encoding="utf-8") as handle:
            texts.append(Study(json.load(handle)).eligibility_criteria or "")
    print(eligibility_report(texts).format_text())


if __name__ == "__main__":
    main()
