"""Facet counts over the matching trials: how many results each filter value has.

Counted in Python over the rows the search already fetched, so they always agree with
the result list (same text, place and filters).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from trialfinder.ctgov.record import INTERVENTION_TYPE_LABELS, PHASE_LABELS, SEX_LABELS, SPONSOR_CLASS_LABELS, STATUS_LABELS, STUDY_TYPE_LABELS

MAX_COUNTRY_FACETS = 40


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


def _split(value: str | None) -> list[str]:
    return [v for v in (value or "").split("|") if v]


# The search_docs column each facet counts (SQLite counts each column's distinct values in SQL: facet_counts_by_column).
FACET_COLUMNS = {
    "status": "overall_status", "phase": "phases", "type": "study_type", "sex": "sex", "healthy": "healthy_volunteers",
    "country": "countries", "intervention": "intervention_types", "sponsor_class": "sponsor_class",
}
FACETS = tuple(FACET_COLUMNS)


def _count(counters: dict[str, Counter], name: str, value, n: int) -> None:
    """Add `n` trials whose `name` column holds `value` (multi-valued columns are '|'-joined)."""
    if name in ("phase", "country", "intervention"):
        for v in set(_split(value)):
            counters[name][v] += n
    elif name == "sex":
        # Counted the way the filter works: a trial open to all sexes counts for each.
        if value in ("FEMALE", "ALL"):
            counters["sex"]["FEMALE"] += n
        if value in ("MALE", "ALL"):
            counters["sex"]["MALE"] += n
    elif name == "healthy":
        if value:
            counters["healthy"]["yes"] += n
    elif name == "sponsor_class":
        if value:
            counters[name][value] += n
    else:  # status, type
        counters[name][value] += n


def facet_counts(rows: list) -> dict[str, list[FacetValue]]:
    """`rows` carry overall_status, phases, study_type, sex, healthy_volunteers, countries, intervention_types, sponsor_class,
    and optionally `n`: how many trials share those values (rows grouped in SQL)."""
    groups: Counter = Counter()
    for row in rows:
        n = getattr(row, "n", 1)
        for name, column in FACET_COLUMNS.items():
            groups[name, getattr(row, column)] += n
    return facet_counts_by_column((name, value, n) for (name, value), n in groups.items())


def facet_counts_by_column(groups) -> dict[str, list[FacetValue]]:
    """The same counts from (facet name, column value, trials) triples: each column grouped on its own in SQL, so
    Python sees each distinct value once instead of every trial or every combination of values."""
    counters = {name: Counter() for name in FACETS}
    for name, value, n in groups:
        _count(counters, name, value, n)
    return _facet_values(counters)


def _facet_values(counters: dict[str, Counter]) -> dict[str, list[FacetValue]]:
    labels = {
        "status": STATUS_LABELS,
        "phase": PHASE_LABELS,
        "type": STUDY_TYPE_LABELS,
        "sex": SEX_LABELS,
        "healthy": {"yes": "Accepts healthy volunteers"},
        "country": {},
        "intervention": INTERVENTION_TYPE_LABELS,
        "sponsor_class": SPONSOR_CLASS_LABELS,
    }
    result = {}
    for name, counter in counters.items():
        items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        if name == "country":
            items = items[:MAX_COUNTRY_FACETS]
        result[name] = [FacetValue(value, labels[name].get(value, value), count) for value, count in items]
    return result
