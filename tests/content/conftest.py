import json

import pytest

from tests.conftest import SHARED, STUDIES_DIR
from trialfinder.ctgov.record import Study

SPARSE = SHARED / "reference" / "NCT07441226.reconstructed.json"


def load(nct_id: str) -> Study:
    path = SPARSE if nct_id == "NCT07441226" else STUDIES_DIR / f"{nct_id}.json"
    with path.open() as fh:
        return Study(json.load(fh))


@pytest.fixture(scope="session")
def corpus() -> list[Study]:
    studies = []
    for path in sorted(STUDIES_DIR.glob("*.json")) + [SPARSE]:
        with path.open() as fh:
            studies.append(Study(json.load(fh)))
    return studies
