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


def facet_counts(rows: list) -> dict[str, list[FacetValue]]:
    """`rows` carry overall_status, phases, study_type, sex, healthy_volunteers, countries, intervention_types, sponsor_class,
    and optionally `n`: how many trials share those values (rows grouped in SQL)."""
    counters = {name: Counter() for name in ("status", "phase", "type", "sex", "healthy", "country", "intervention", "sponsor_class")}
    for row in rows:
        n = getattr(row, "n", 1)
        counters["status"][row.overall_status] += n
        for value in set(_split(row.phases)):
            counters["phase"][value] += n
        counters["type"][row.study_type] += n
        # Counted the way the filter works: a trial open to all sexes counts for each.
        if row.sex in ("FEMALE", "ALL"):
            counters["sex"]["FEMALE"] += n
        if row.sex in ("MALE", "ALL"):
            counters["sex"]["MALE"] += n
        if row.healthy_volunteers:
            counters["healthy"]["yes"] += n
        for value in set(_split(row.countries)):
            counters["country"][value] += n
        for value in set(_split(row.intervention_types)):
            counters["intervention"][value] += n
        if row.sponsor_class:
            counters["sponsor_class"][row.sponsor_class] += n
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
