"""How fresh a record is: stale "recruiting" statuses and the date of our copy.

One place decides whether an open status can still be shown as current, so the
overview, status, FAQ and doctor texts (and the web layer's muted badge) agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from trialfinder.ctgov.record import DateFact, Study, parse_partial_date

from ._text import date_phrase, format_date

# Statuses that tell a reader "you may be able to join now".
OPEN_STATUSES = frozenset({"RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION"})

VERIFIED_MAX_YEARS = 2     # statusVerifiedDate older than this: stale
SNAPSHOT_MAX_MONTHS = 12   # our copy of the record older than this: stale
SNAPSHOT_WARN_MONTHS = 6   # our copy older than this: warn in the "updated" sentence

# Reason codes (stable; the web layer may map them to its own labels).
END_DATE_PASSED = "end_date_passed"
VERIFIED_OLD = "verified_old"
SNAPSHOT_OLD = "snapshot_old"


@dataclass(frozen=True)
class Staleness:
    stale: bool
    reasons: tuple[str, ...]   # codes above, most important first
    explanation: str | None    # one plain sentence (or two) for people; None when not stale


def _months_before(today: dt.date, months: int) -> dt.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    day = today.day
    while True:
        try:
            return dt.date(year, month, day)
        except ValueError:
            day -= 1


def snapshot_date(study: Study) -> tuple[dt.date, str, str] | None:
    """(date, source text, kind) of our copy: the registry snapshot ('version'), else the last update posted ('update')."""
    holder = study.version_holder
    parsed = parse_partial_date(holder)
    if parsed:
        return parsed, holder, "version"
    update = study.last_update_posted
    if update and update.date:
        return update.date, update.text, "update"
    return None


def planned_end(study: Study) -> DateFact | None:
    """The completion date, or the primary completion date when no completion date is given."""
    for fact in (study.completion_date, study.primary_completion_date):
        if fact and fact.date:
            return fact
    return None


def end_date_passed(study: Study, today: dt.date) -> bool:
    end = planned_end(study)
    return bool(end and end.date < today)


def status_staleness(study: Study, today: dt.date) -> Staleness:
    """Whether an open status (recruiting, not yet recruiting, by invitation) should no longer be shown as current."""
    if study.overall_status not in OPEN_STATUSES:
        return Staleness(False, (), None)
    reasons: list[str] = []
    sentences: list[str] = []
    end = planned_end(study)
    if end and end.date < today:
        reasons.append(END_DATE_PASSED)
        planned = "planned end date" if end.is_estimate else "end date"
        sentences.append(f"Its {planned} ({format_date(end)}) has already passed")
    verified = study.status_verified_date
    if verified and verified.date and verified.date < _months_before(today, 12 * VERIFIED_MAX_YEARS):
        reasons.append(VERIFIED_OLD)
        sentences.append(f"The status was last confirmed {date_phrase(verified)}, more than {VERIFIED_MAX_YEARS} years ago")
    snap = snapshot_date(study)
    if snap and snap[0] < _months_before(today, SNAPSHOT_MAX_MONTHS):
        reasons.append(SNAPSHOT_OLD)
        if snap[2] == "version":
            sentences.append(f"Our copy of the record is from {format_date(snap[0], snap[1])}, more than a year ago")
        else:
            sentences.append(f"The record was last updated {date_phrase(study.last_update_posted)}, more than a year ago")
    if not reasons:
        return Staleness(False, (), None)
    text = ". ".join(sentences) + ". So it may no longer be looking for participants"
    return Staleness(True, tuple(reasons), text)


def is_status_stale(study: Study, today: dt.date) -> bool:
    """True when the record says recruiting (or similar) but that can no longer be trusted as current."""
    return status_staleness(study, today).stale


def stale_reason(study: Study, today: dt.date) -> str | None:
    """Plain sentences saying why the status may be out of date (for a badge's tooltip); None when it is not stale."""
    return status_staleness(study, today).explanation


def last_confirmed_phrase(study: Study) -> str:
    """'was last confirmed in June 2023' / '… on 5 March 2024', or a sentence saying the record does not say."""
    verified = study.status_verified_date
    phrase = date_phrase(verified) if verified else None
    if phrase:
        return f"was last confirmed {phrase}"
    return "has no date saying when it was last confirmed"


def snapshot_sentence(study: Study, today: dt.date) -> str:
    """'Our copy of this record is from 29 June 2023.' plus a warning when it is more than 6 months old."""
    snap = snapshot_date(study)
    if snap is None:
        return ("We do not know the date of our copy of this record. "
                f"Check the official record at {study.official_url} for the latest version.")
    date, text, kind = snap
    if kind == "version":
        first = f"Our copy of this record is from {format_date(date, text)}."
    else:
        first = f"Our copy of this record was last updated on ClinicalTrials.gov {date_phrase(study.last_update_posted)}."
    if date < _months_before(today, SNAPSHOT_WARN_MONTHS):
        return (first + " That is more than 6 months ago, so details such as the status, sites and contacts may "
                f"have changed. Check the official record at {study.official_url} for the latest version.")
    return first
