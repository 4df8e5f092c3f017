"""How many people the study includes, and what that size means."""

from __future__ import annotations

from trialfinder.ctgov.record import Study

from ._kinds import phase_key, phase_name, size_band, size_position, study_kind
from ._text import paragraph, plural, with_article

_CLOSED = {"COMPLETED", "TERMINATED", "ACTIVE_NOT_RECRUITING", "UNKNOWN"}


def _kind_phrase(study: Study, band_key: str) -> str:
    if band_key == "OBSERVATIONAL":
        return "an observational study"
    name = phase_name(study)
    if name and band_key not in ("NA", "INTERVENTIONAL"):
        return with_article(f"{name} study")
    return "a study of this kind"


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
        return [paragraph(
            "The record does not say how many people this study plans to include",
            "The study team can tell you",
        )]
    people = plural(count, "person", "people")
    if count == 0:
        if status == "WITHDRAWN":
            return [paragraph("No one took part", "The study was withdrawn before anyone enrolled")]
        return [paragraph("The record lists 0 participants", "Ask the study team for the current number")]
    if status == "WITHDRAWN":
        return [paragraph(
            f"The study planned to enroll {people}",
            "It was withdrawn, which means it stopped before the first participant enrolled",
        )]
    if study.enrollment_type == "ESTIMATED":
        first = [f"The study aims to enroll about {people}",
                 "This is a target, so the final number may be higher or lower"]
        if status in ("COMPLETED", "TERMINATED"):
            first = [f"The record gives a target of {people}",
                     "It does not give the final number who took part"]
    elif study.enrollment_type == "ACTUAL":
        if status == "TERMINATED":
            first = [f"{people.capitalize()} enrolled before the study stopped"]
        elif status in ("COMPLETED",):
            first = [f"{people.capitalize()} took part in this study"]
        else:
            first = [f"The record gives the actual number enrolled as {people}"]
    else:
        first = [f"The record gives the number of participants as {count:,}",
                 "It does not say whether this is a target or the actual number"]
    out = [paragraph(*first)]
    found = size_band(study)
    if found:
        key, band = found
        position = size_position(count, band)
        kind_phrase = _kind_phrase(study, key)
        word = {"small": "a small number", "typical": "a medium-sized number", "large": "a large number"}[position]
        if key not in ("NA", "INTERVENTIONAL", "OBSERVATIONAL"):
            word = {"small": "fewer than usual", "typical": "within the usual range",
                    "large": "more than usual"}[position]
        detail = {
            "small": "Small studies are common in early research, in rare conditions and in pilot studies. "
                     "Their results are less certain and usually need to be confirmed in larger studies",
            "typical": None,
            "large": "Large studies can find smaller effects and rarer side effects, "
                     "and their results are usually more certain",
        }[position]
        lead = f"For {kind_phrase}, {people} is {word}"
        typical = None
        if key in ("NA", "INTERVENTIONAL", "OBSERVATIONAL"):
            typical = f"Studies like this can include {band.typical}"
        elif phase_key(study) == key:
            typical = f"Studies at this stage often include {band.typical}"
        out.append(paragraph(lead, typical, detail))
    return out
