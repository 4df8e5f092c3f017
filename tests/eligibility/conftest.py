import glob
import json
from functools import lru_cache

import pytest

from trialfinder.ctgov.record import Study

STUDIES = "/work/shared/data/ctgov/studies"


@lru_cache(maxsize=1)
def corpus() -> tuple[tuple[str, str], ...]:
    out = []
    for name in sorted(glob.glob(f"{STUDIES}/*.json")):
        with open(name, encoding="utf-8") as handle:
            study = Study(json.load(handle))
        out.append((study.nct_id, study.eligibility_criteria or ""))
    return tuple(out)


@pytest.fixture(scope="session")
def criteria_corpus():
    data = corpus()
    if not data:
        pytest.skip("corpus not available")
    return data


def criteria(nct_id: str) -> str:
    return dict(corpus())[nct_id]
