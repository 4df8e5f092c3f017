"""Read-side queries the pages, CLI and API need."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import orjson
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from trialfinder.ctgov.record import NCT_ID_PATTERN, Study
from trialfinder.store.schema import store_meta, studies, study_versions


@dataclass(frozen=True)
class StoredStudy:
    study: Study
    content_hash: str
    first_stored_at: dt.datetime
    content_changed_at: dt.datetime
    last_seen_at: dt.datetime


@dataclass(frozen=True)
class StudySummary:
    nct_id: str
    brief_title: str
    overall_status: str
    study_type: str
    phases: tuple[str, ...]
    conditions: tuple[str, ...]
    lead_sponsor: str | None
    last_update_posted: str | None
    countries: tuple[str, ...]


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split("|") if v)


def _as_utc(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; everything we store is UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def normalise_nct_id(value: str) -> str | None:
    candidate = (value or "").strip().upper()
    return candidate if NCT_ID_PATTERN.match(candidate) else None


def get_study(engine: Engine, nct_id: str) -> StoredStudy | None:
    nct_id = normalise_nct_id(nct_id)
    if nct_id is None:
        return None
    with engine.connect() as conn:
        row = conn.execute(
            select(
                studies.c.raw,
                studies.c.content_hash,
                studies.c.first_stored_at,
                studies.c.content_changed_at,
                studies.c.last_seen_at,
            ).where(studies.c.nct_id == nct_id)
        ).first()
    return None if row is None else _stored(row)


def _stored(row) -> StoredStudy:
    return StoredStudy(
        Study(orjson.loads(row.raw)),
        row.content_hash,
        _as_utc(row.first_stored_at),
        _as_utc(row.content_changed_at),
        _as_utc(row.last_seen_at),
    )


def recently_updated(engine: Engine, limit: int = 50, offset: int = 0) -> list[StudySummary]:
    query = (
        select(
            studies.c.nct_id,
            studies.c.brief_title,
            studies.c.overall_status,
            studies.c.study_type,
            studies.c.phases,
            studies.c.conditions,
            studies.c.lead_sponsor,
            studies.c.last_update_posted,
            studies.c.countries,
        )
        .order_by(studies.c.last_update_posted.desc(), studies.c.nct_id)
        .limit(limit)
        .offset(offset)
    )
    with engine.connect() as conn:
        return [
            StudySummary(
                r.nct_id,
                r.brief_title,
                r.overall_status,
                r.study_type,
                _split(r.phases),
                _split(r.conditions),
                r.lead_sponsor,
                r.last_update_posted,
                _split(r.countries),
            )
            for r in conn.execute(query)
        ]


def count_studies(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(studies)).scalar_one()


def count_versions(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(study_versions)).scalar_one()


def get_meta(engine: Engine, key: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(store_meta.c.value).where(store_meta.c.key == key)).scalar_one_or_none()


def iter_stored_studies(engine: Engine, chunk: int = 500):
    """Every stored study with its store timestamps, in id order, with constant memory."""
    last = ""
    while True:
        with engine.connect() as conn:
            rows = conn.execute(
                select(
                    studies.c.nct_id,
                    studies.c.raw,
                    studies.c.content_hash,
                    studies.c.first_stored_at,
                    studies.c.content_changed_at,
                    studies.c.last_seen_at,
                )
                .where(studies.c.nct_id > last)
                .order_by(studies.c.nct_id)
                .limit(chunk)
            ).all()
        if not rows:
            return
        for row in rows:
            yield _stored(row)
        last = rows[-1].nct_id


def iter_studies(engine: Engine, chunk: int = 500):
    """Every stored study record, in id order, with constant memory."""
    for stored in iter_stored_studies(engine, chunk):
        yield stored.study
