"""How many people the study includes, and what that size means."""

from __future__ import annotations

from trialfinder.ctgov.record import Study

from ._kinds import phase_key, phase_name, size_band, size_position, study_kind
from ._text import paragraph, plural, with_article

_OPEN = {"RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION", "AVAILABLE"}
_ENDED = {"COMPLETED", "TERMINATED", "WITHDRAWN", "UNKNOWN", "NO_LONGER_AVAILABLE", "APPROVED_FOR_MARKETING"}
_LATE_PHASES = {"PHASE2/PHASE3", "PHASE3", "PHASE4"}


def _kind_phrase(study: Study, band_key: str) -> str:
    if band_key == "OBSERVATIONAL":
        return "an observational study"
    name = phase_name(study)
    if name and band_key not in ("NA", "INTERVENTIONAL"):
        return with_article(f"{name} study")
    return "a study of this kind"


def count_sentences(study: Study) -> list[str]:
    """The study's own number of participants, worded for its status (shared with the phase section).

    Empty when the record gives no usable number.
    """
    count = study.enrollment_count
    status = study.overall_status
    if count is None or count < 1:
        return []
    people = plural(count, "person", "people")
    if status == "WITHDRAWN":
        return [f"The study planned to enroll {people}",
                "It was withdrawn, which means it stopped before the first participant enrolled"]
    if study.enrollment_type == "ESTIMATED":
        if status in _OPEN:
            return [f"The study aims to enroll about {people}",
                    "This is a target, so the final number may be higher or lower"]
        if status in _ENDED:
            return [f"The record gives a target of {people}",
                    "It does not give the final number who took part"]
        return [f"The record gives a target of {people}",
                "It does not give the final number yet"]
    if study.enrollment_type == "ACTUAL":
        if status == "TERMINATED":
            return [f"{people.capitalize()} enrolled before the study stopped",
                    "The number may be lower than planned because the study stopped early"]
        if status == "COMPLETED":
            return [f"{people.capitalize()} took part in this study"]
        return [f"The record gives the actual number enrolled as {people}"]
    return [f"The record gives the number of participants as {count:,}",
            "It does not say whether this is a target or the actual number"]


def size_comparison(study: Study) -> str | None:
    """How the size compares with similar studies: said once per page (here, not in the phase section)."""
    count = study.enrollment_count
    found = size_band(study)
    if not count or count < 1 or study.overall_status == "WITHDRAWN" or not found:
        return None
    key, band = found
    people = plural(count, "person", "people")
    position = size_position(count, band)
    phased = key not in ("NA", "INTERVENTIONAL", "OBSERVATIONAL")
    if position == "small" and band.low is not None and count >= band.low / 2:
        position = "low_typical"   # only 'fewer than usual' when below about half the usual range
    if phased:
        word = {"small": "fewer than usual", "low_typical": "at the lower end of the usual range",
                "typical": "within the usual range", "large": "more than usual"}[position]
    else:
        word = {"small": "a small number", "low_typical": "a medium-sized number",
                "typical": "a medium-sized number", "large": "a large number"}[position]
    if position == "small":
        if key in _LATE_PHASES:
            detail = ("Later-phase studies can be small when the condition is rare or the study is in a small group, "
                      "such as children. Results from small studies are less certain")
        else:
            detail = ("Small studies are common in early research, in rare conditions and in pilot studies. "
                      "Their results are less certain and usually need to be confirmed in larger studies")
    elif position == "large":
        detail = ("Large studies can find smaller effects and rarer side effects, "
                  "and their results are usually more certain")
    else:
        detail = None
    lead = f"For {_kind_phrase(study, key)}, {people} is {word}"
    typical = None
    if not phased:
        typical = f"Studies like this can include {band.typical}"
    elif phase_key(study) == key:
        typical = f"Studies at this stage often include {band.typical}"
    return paragraph(lead, typical, detail)


def enrollment_explainer(study: Study) -> list[str]:
    """Paragraphs on the study's size: target or actual count, and whether that is small or large."""
    count = study.enrollment_count
    status = study.overall_status
    kind = study_kind(study)
    if count is None:
        if kind == "expanded_access":
            return [paragraph(
                "The record does not give a number of participants",
                "That is common for expanded access, where people join one at a time",
            )]
        if status in _OPEN:
            return [paragraph(
                "The record does not say how many people this study plans to include",
                "The study team can tell you",
            )]
        return [paragraph("The record does not say how many people took part or were planned")]
    if count == 0:
        if status == "WITHDRAWN":
            return [paragraph("No one took part", "The study was withdrawn before anyone enrolled")]
        return [paragraph("The record lists 0 participants", "Ask the study team for the current number")]
    out = [paragraph(*count_sentences(study))]
    comparison = size_comparison(study)
    if comparison:
        out.append(comparison)
    return out
