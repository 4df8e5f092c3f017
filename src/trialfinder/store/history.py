"""What changed between consecutive stored versions of a study, for the trial page's history.

Facts come from the record model (never raw JSON paths): status, enrollment,
key dates, sites added or removed, and whether the eligibility criteria text
changed. Versions are ordered by when we stored them; a version change that
touched none of these facts (say, a reworded summary) is not listed.
Everything returned is JSON-ready: `orjson.dumps(study_history(...))` or
`[c.as_dict() for c in ...]`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import orjson
from sqlalchemy import select
from sqlalchemy.engine import Engine

from trialfinder.ctgov.record import STATUS_LABELS, DateFact, InvalidStudy, Location, Study
from trialfinder.store.schema import studies, study_versions

_DATE_FIELDS = (
    ("start_date", "Start date"),
    ("primary_completion_date", "Primary completion date"),
    ("completion_date", "Completion date"),
)


@dataclass(frozen=True)
class FieldChange:
    field: str  # status | enrollment | start_date | primary_completion_date | completion_date | eligibility_criteria
    label: str  # for people: "Recruitment status"
    before: str | int | None  # machine value: "RECRUITING", 40, "2024-05"; for eligibility the full text
    after: str | int | None
    before_text: str | None  # for people: "Recruiting", "40 (estimated)", "2024-05 (estimated)"
    after_text: str | None


@dataclass(frozen=True)
class Site:
    facility: str | None
    city: str | None
    state: str | None
    country: str | None

    @property
    def text(self) -> str:
        return ", ".join(p for p in (self.facility, self.city, self.state, self.country) if p)


@dataclass(frozen=True)
class Change:
    """One version replacing the previous one."""

    nct_id: str
    changed_at: str  # ISO-8601 UTC: when the newer version reached this store
    previous_update_posted: str | None  # the registry's "last update posted" of each version
    update_posted: str | None
    fields: tuple[FieldChange, ...]
    sites_added: tuple[Site, ...]
    sites_removed: tuple[Site, ...]

    def as_dict(self) -> dict:
        return asdict(self)


def _status_text(code: str | None) -> str | None:
    return STATUS_LABELS.get(code, code) if code else None


def _enrollment_text(study: Study) -> str | None:
    count = study.enrollment_count
    if count is None:
        return None
    kind = {"ESTIMATED": "estimated", "ACTUAL": "actual"}.get(study.enrollment_type or "")
    return f"{count} ({kind})" if kind else str(count)


def _date_text(fact: DateFact | None) -> str | None:
    if fact is None:
        return None
    return f"{fact.text} (estimated)" if fact.is_estimate else fact.text


def _site(location: Location) -> Site:
    return Site(location.facility, location.city, location.state, location.country)


def _site_key(site: Site) -> tuple:
    return tuple((part or "").strip().casefold() for part in (site.facility, site.city, site.state, site.country))


def _field_changes(old: Study, new: Study) -> list[FieldChange]:
    changes = []
    if old.overall_status != new.overall_status:
        changes.append(
            FieldChange("status", "Recruitment status", old.overall_status, new.overall_status,
                        _status_text(old.overall_status), _status_text(new.overall_status))
        )
    if (old.enrollment_count, old.enrollment_type) != (new.enrollment_count, new.enrollment_type):
        changes.append(
            FieldChange("enrollment", "Enrollment", old.enrollment_count, new.enrollment_count,
                        _enrollment_text(old), _enrollment_text(new))
        )
    for attribute, label in _DATE_FIELDS:
        before, after = getattr(old, attribute), getattr(new, attribute)
        if _date_text(before) != _date_text(after):
            changes.append(
                FieldChange(attribute, label, before.text if before else None, after.text if after else None,
                            _date_text(before), _date_text(after))
            )
    if (old.eligibility_criteria or "") != (new.eligibility_criteria or ""):
        changes.append(
            FieldChange("eligibility_criteria", "Eligibility criteria", old.eligibility_criteria, new.eligibility_criteria,
                        "previous criteria", "criteria rewritten")
        )
    return changes


def _site_changes(old: Study, new: Study) -> tuple[tuple[Site, ...], tuple[Site, ...]]:
    old_sites = {_site_key(s): s for s in map(_site, old.locations)}
    new_sites = {_site_key(s): s for s in map(_site, new.locations)}
    added = tuple(site for key, site in new_sites.items() if key not in old_sites)
    removed = tuple(site for key, site in old_sites.items() if key not in new_sites)
    return added, removed


def compare_versions(old: Study, new: Study, changed_at: str) -> Change | None:
    """The tracked differences between two versions of one study, or None if there are none."""
    fields = _field_changes(old, new)
    added, removed = _site_changes(old, new)
    if not (fields or added or removed):
        return None
    previous_posted, posted = old.last_update_posted, new.last_update_posted
    return Change(
        new.nct_id,
        changed_at,
        previous_posted.text if previous_posted else None,
        posted.text if posted else None,
        tuple(fields),
        added,
        removed,
    )


def _iso(value: dt.datetime) -> str:
    value = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def study_history(engine: Engine, nct_id: str) -> list[Change]:
    """Changes between consecutive stored versions of one study, newest first; [] if none or unknown."""
    nct_id = (nct_id or "").strip().upper()
    with engine.connect() as conn:
        current = conn.execute(
            select(studies.c.raw, studies.c.content_changed_at).where(studies.c.nct_id == nct_id)
        ).first()
        if current is None:
            return []
        older = conn.execute(
            select(study_versions.c.raw, study_versions.c.stored_at)
            .where(study_versions.c.nct_id == nct_id)
            .order_by(study_versions.c.stored_at, study_versions.c.id)
        ).all()
    chain: list[tuple[Study, str]] = []
    for raw, stored_at in [*older, current]:
        try:
            chain.append((Study(orjson.loads(raw)), _iso(stored_at)))
        except (orjson.JSONDecodeError, InvalidStudy):
            continue  # an unreadable old version: compare across it rather than fail the page
    changes = []
    for (old, _), (new, stored_at) in zip(chain, chain[1:]):
        change = compare_versions(old, new, stored_at)
        if change is not None:
            changes.append(change)
    changes.reverse()
    return changes
