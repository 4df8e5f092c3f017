import glob
import json
import re
from functools import lru_cache

import pytest

from tests.conftest import STUDIES_DIR
from trialfinder.ctgov.record import Study

STUDIES = str(STUDIES_DIR)


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


@lru_cache(maxsize=None)
def explained(text: str):
    """A criteria text's explanation, made once per test process: the corpus scans share it (explain is deterministic)."""
    from trialfinder.eligibility import explain_eligibility

    return explain_eligibility(text)


def rewritten_item(nct_id: str, original: str):
    """The record's item whose original text is `original`; it must pass fidelity (not be shown in the original)."""
    from trialfinder.eligibility import explain_eligibility

    matches = [i for i in explain_eligibility(criteria(nct_id)).all_items() if i.original == original]
    assert matches, f"{nct_id}: criterion not found"
    assert matches[0].fidelity_ok and not matches[0].fallback
    return matches[0]


def shown(item) -> str:
    """An item as displayed: its text, then its sub-list entries."""
    return " ".join([item.plain, *item.sublist])


def rewritten_items(corpus):
    """(nct_id, item) for every criterion of the corpus shown in plain words (not a heading, not a fallback)."""
    for nct_id, text in corpus:
        for item in explained(text).all_items():
            if not (item.fallback or item.heading):
                yield nct_id, item


def wrong_readings_added(corpus, wrong, flags: int = 0) -> list[tuple[str, str, str]]:
    """(nct_id, why, shown text) wherever a rewrite shows a `wrong` pattern (regex, why, ...) more often than the
    record's own text does: the corpus scan that guards a reviewed defect class."""
    patterns = [(re.compile(p, flags), why) for p, why, *_ in wrong]
    bad = []
    for nct_id, item in rewritten_items(corpus):
        displayed = shown(item)
        for pattern, why in patterns:
            if len(pattern.findall(displayed)) > len(pattern.findall(item.original)):
                bad.append((nct_id, why, displayed))
    return bad


def plain_lines(criteria_text: str) -> list[str]:
    """The plain text of every criterion (not the headings) of a criteria text, in order."""
    from trialfinder.eligibility import explain_eligibility

    return [i.plain for i in explain_eligibility(criteria_text).all_items() if not i.heading]
