"""Columns derived from a study record, for pages, browsing and search.

Everything here is recomputable from `studies.raw`; the record model is the
only source of facts.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import orjson

from trialfinder.ctgov.record import Study


def content_hash(study: Study) -> str:
    """Hash of the record's content, blind to whitespace and key order, so a
    pretty-printed bulk file and a compact API page of the same record agree."""
    canonical = orjson.dumps(study.raw, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(canonical).hexdigest()


def _date_text(fact) -> str | None:
    return fact.text if fact else None


def filter_columns(study: Study) -> dict:
    """The facts every listing filters and sorts on; stored in `studies` and in the search index alike."""
    min_age, max_age = study.minimum_age, study.maximum_age
    return {
        "brief_title": study.brief_title,
        "overall_status": study.overall_status,
        "study_type": study.study_type,
        "phases": "|".join(study.phases),
        "sex": study.sex or "ALL",  # the record sets no limit: anyone matches
        "min_age_years": min_age.years if min_age else None,
        "max_age_years": max_age.years if max_age else None,
        "healthy_volunteers": study.healthy_volunteers,
        "sponsor_class": study.lead_sponsor_class,
        "countries": "|".join(study.countries),
        "conditions": "|".join(study.conditions),
        "last_update_posted": _date_text(study.last_update_posted),
    }


def study_row(study: Study, raw_text: str, digest: str, now: dt.datetime) -> dict:
    return {
        "nct_id": study.nct_id,
        "raw": raw_text,
        "content_hash": digest,
        **filter_columns(study),
        "official_title": study.official_title,
        "lead_sponsor": study.lead_sponsor,
        "enrollment": study.enrollment_count,
        "location_count": len(study.locations),
        "first_posted": _date_text(study.first_posted),
        "version_holder": study.version_holder,
        "first_stored_at": now,
        "content_changed_at": now,
        "last_seen_at": now,
    }


# study_locations' columns in the order location_rows gives each row's values.
LOCATION_COLUMNS = ("nct_id", "position", "facility", "city", "state", "zip", "country", "status", "lat", "lon")


def location_rows(study: Study) -> list[tuple]:
    """Rows as tuples in LOCATION_COLUMNS order: made in the parse workers, they go to the driver as they are (a dict
    per site turned into a tuple in the writing process was a tenth of an ingest's single-threaded time)."""
    nct_id = study.nct_id
    return [
        (
            nct_id, position, loc.facility, loc.city, loc.state, loc.zip, loc.country, loc.status,
            loc.geo.lat if loc.geo else None, loc.geo.lon if loc.geo else None,
        )
        for position, loc in enumerate(study.locations)
    ]
