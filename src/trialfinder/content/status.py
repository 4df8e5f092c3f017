"""What the study's overall status means for a patient, including stale records."""

from __future__ import annotations

import datetime as dt

from trialfinder.ctgov.record import STATUS_LABELS, Study

from .ages import children_only, includes_children
from ._text import date_phrase, format_date, paragraph, quoted
from .freshness import END_DATE_PASSED, SNAPSHOT_OLD, planned_end, snapshot_date, status_staleness

STALE_AFTER_DAYS = 365

# One short meaning per API status (used by the overview too).
STATUS_MEANINGS: dict[str, tuple[str, ...]] = {
    "RECRUITING": (
        "This study is looking for participants now",
        "If you are interested, the study team can check whether you qualify",
    ),
    "NOT_YET_RECRUITING": (
        "This study plans to enroll participants but has not started yet",
        "You can ask the study team when enrollment will begin",
    ),
    "ENROLLING_BY_INVITATION": (
        "This study is enrolling, but only people the study team invites",
        "Often they come from a group chosen in advance",
        "You cannot sign up on your own, but your doctor can ask the study team about it",
    ),
    "ACTIVE_NOT_RECRUITING": (
        "This study is still running, but it is not taking new participants",
        "People who already joined are still being treated or followed up",
    ),
    "SUSPENDED": (
        "This study is paused and is not enrolling anyone for now",
        "It may start again later",
    ),
    "TERMINATED": (
        "This study stopped early, before its planned end",
        "It is not enrolling anyone",
        "Stopping early does not always mean there was a safety problem",
        "Studies also stop because too few people joined, because funding ran out, or for business reasons",
    ),
    "COMPLETED": (
        "This study has ended as planned",
        "It is not enrolling anyone",
    ),
    "WITHDRAWN": (
        "This study was withdrawn, which means it stopped before anyone enrolled",
        "It will not enroll anyone",
    ),
    "UNKNOWN": (
        "The registry does not know this study's current status",
        "ClinicalTrials.gov shows “unknown status” when a study's completion date has passed "
        "and no one has confirmed its status for more than two years",
    ),
    "AVAILABLE": (
        "This expanded access program is available",
        "A doctor can ask for the treatment for a patient who qualifies, outside a clinical trial",
    ),
    "NO_LONGER_AVAILABLE": (
        "This expanded access program has ended",
        "The treatment can no longer be requested through it",
    ),
    "TEMPORARILY_NOT_AVAILABLE": (
        "This expanded access program is paused for now",
        "The treatment may become available through it again later",
    ),
    "APPROVED_FOR_MARKETING": (
        "The record says this treatment has now been approved for marketing, so this expanded access program is no longer needed for that use",
        "Ask a doctor whether the treatment is available where you live",
    ),
    "WITHHELD": (
        "The registry shows this study's status as withheld, which means its details are not public yet",
        "The sponsor can tell you more",
    ),
}

_OPEN = {"RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION", "AVAILABLE"}
_STOPPED = {"SUSPENDED", "TERMINATED", "WITHDRAWN", "TEMPORARILY_NOT_AVAILABLE", "NO_LONGER_AVAILABLE"}


# Statuses where no one can join now: page text about joining uses the past tense.
CLOSED_STATUSES = frozenset({
    "COMPLETED", "TERMINATED", "WITHDRAWN", "SUSPENDED", "ACTIVE_NOT_RECRUITING",
    "NO_LONGER_AVAILABLE", "TEMPORARILY_NOT_AVAILABLE", "APPROVED_FOR_MARKETING",
})


def is_closed(study: Study) -> bool:
    """True when the record says no one can join (completed, stopped, withdrawn, not recruiting, …)."""
    return study.overall_status in CLOSED_STATUSES


def status_phrase(status: str) -> str:
    """The registry's label in lower case for use inside a sentence: 'not yet recruiting'."""
    label = STATUS_LABELS.get(status, status.replace("_", " "))
    return label[0].lower() + label[1:] if label else label


def status_label(status: str | None) -> str | None:
    """The registry's label for a status code: 'Recruiting'."""
    if not status:
        return None
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


def consent_sentences(study: Study) -> list[str]:
    """How consent works for this study, including parents/guardians and assent when children can take part."""
    if children_only(study):
        return [
            "If your child takes part, you as parent or guardian give consent, and your child is also asked "
            "to agree in a way that fits their age (this is called assent)",
            "You and your child can say no, or stop, at any point",
        ]
    if includes_children(study):
        return [
            "Joining always needs informed consent",
            "For a child, a parent or guardian gives consent, and the child is also asked to agree "
            "(this is called assent)",
            "Anyone can say no, or stop, at any point",
        ]
    return ["Joining always needs your informed consent, and you can say no at any point"]


def stale_status_sentences(study: Study, today: dt.date, *, with_verified: bool = True) -> list[str] | None:
    """What to say instead of "looking for participants now" when an open status is out of date; None if current."""
    staleness = status_staleness(study, today)
    if not staleness.stale:
        return None
    verified = study.status_verified_date
    parts = [f"The record lists this study as {quoted(status_phrase(study.overall_status))}, but that may no longer be true"]
    if END_DATE_PASSED in staleness.reasons:
        end = planned_end(study)
        planned = "planned end date" if end.is_estimate else "end date"
        parts.append(f"Its {planned}, {format_date(end)}, has already passed")
    if with_verified:
        if verified and verified.date:
            parts.append(f"The status was last confirmed {date_phrase(verified)}")
        else:
            parts.append("The record does not say when the status was last confirmed")
    if SNAPSHOT_OLD in staleness.reasons:
        snap = snapshot_date(study)
        if snap[2] == "version":
            parts.append(f"Our copy of the record is from {format_date(snap[0], snap[1])}")
        else:
            parts.append(f"The record was last updated {date_phrase(study.last_update_posted)}")
    if with_verified:
        parts.append("Check with the study team whether it is still enrolling")
    return parts


def _age_in_words(then: dt.date, today: dt.date) -> str:
    days = (today - then).days
    years = days // 365
    if years >= 2:
        return f"about {years} years ago"
    if years == 1:
        return "more than a year ago"
    months = max(days // 30, 1)
    return f"about {months} months ago" if months > 1 else "about a month ago"


def status_explainer(study: Study, today: dt.date) -> list[str]:
    """Paragraphs explaining the status; warns when an open record has not been confirmed for over a year."""
    status = study.overall_status
    meaning = STATUS_MEANINGS.get(status)
    if meaning is None:
        meaning = (f"The registry lists this study's status as {quoted(study.status_label)}",
                   "Ask the study team what this means for you")
    stale = stale_status_sentences(study, today, with_verified=False)
    if stale:
        out = [paragraph(*stale)]
    else:
        out = [paragraph(*meaning, *(consent_sentences(study) if status in _OPEN - {"AVAILABLE"} else ()))]
    verified = study.status_verified_date
    verified_text = format_date(verified) if verified else None

    if status == "UNKNOWN":
        last = study.last_known_status
        parts = []
        if last:
            parts.append(f"Its last known status was {quoted(status_label(last))}")
        else:
            parts.append("The record does not give its last known status")
        if verified_text:
            parts.append(f"That status was last confirmed {date_phrase(verified)}")
        parts.append("The study may have finished, stopped or changed since then")
        parts.append("Contact the sponsor or the study team to find out more")
        out.append(paragraph(*parts))

    if status == "NOT_YET_RECRUITING" and study.start_date and study.start_date.date and study.start_date.date > today:
        when = format_date(study.start_date)
        out.append(paragraph(f"The {'planned ' if study.start_date.is_estimate else ''}start date is {when}"))

    if study.why_stopped:
        if status in _STOPPED:
            out.append(paragraph(f"The reason given in the record is {quoted(study.why_stopped)}"))
        else:
            out.append(paragraph(f"The record also notes {quoted(study.why_stopped)}"))
    elif status in ("TERMINATED", "SUSPENDED", "WITHDRAWN"):
        out.append(paragraph("The record does not give a reason"))

    if status in _OPEN:
        if verified and verified.date and (today - verified.date).days > STALE_AFTER_DAYS:
            out.append(paragraph(
                f"Please note: this status was last confirmed {date_phrase(verified)}, {_age_in_words(verified.date, today)}",
                "It may have changed since then",
                "Check with the study team that it is still enrolling before you make any plans or travel",
            ))
        elif verified is None or not verified.date:
            out.append(paragraph(
                "The record does not say when this status was last confirmed",
                "Check with the study team that it is still enrolling before you make any plans or travel",
            ))
        elif stale:
            out.append(paragraph(
                f"This status was last confirmed {date_phrase(verified)}",
                "Check with the study team that it is still enrolling before you make any plans or travel",
            ))
        else:
            out.append(paragraph(
                "Status can change at any time, so confirm with the study team before you make any plans or travel",
            ))
    return out
