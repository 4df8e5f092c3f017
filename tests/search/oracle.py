"""Independent answers computed in plain Python over the records, to check the database search against."""

from __future__ import annotations

import math

from trialfinder.ctgov.record import Study

DEFAULT_STATUSES = {"RECRUITING", "NOT_YET_RECRUITING"}


def km_between(lat1, lon1, lat2, lon2) -> float:
    # Spherical law of cosines: a different formula from the code under test's haversine.
    p1, p2 = math.radians(lat1), math.radians(lat2)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(math.radians(lon2 - lon1))
    return 6371.0088 * math.acos(max(-1.0, min(1.0, c)))


def accepts_age(study: Study, age: float) -> bool:
    low, high = study.minimum_age, study.maximum_age
    return (low is None or low.years <= age) and (high is None or high.years >= age)


def matches(study: Study, statuses=DEFAULT_STATUSES, phase=None, study_type=None, sex=None, age=None, healthy=None,
            country=None, intervention=None, sponsor_class=None) -> bool:
    if statuses and study.overall_status not in statuses:
        return False
    if phase and phase not in study.phases:
        return False
    if study_type and study.study_type != study_type:
        return False
    if sex and (study.sex or "ALL") not in ("ALL", sex):  # no stated sex: open to all, as the search treats it
        return False
    if age is not None and not accepts_age(study, age):
        return False
    if healthy is not None and bool(study.healthy_volunteers) != healthy:
        return False
    if country and country not in study.countries:
        return False
    if intervention and intervention not in {i.type for i in study.interventions}:
        return False
    if sponsor_class and study.lead_sponsor_class != sponsor_class:
        return False
    return True


def ids(studies, **filters) -> set[str]:
    return {s.nct_id for s in studies if matches(s, **filters)}
