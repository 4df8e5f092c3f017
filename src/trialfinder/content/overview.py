"""One generated paragraph that introduces the study."""

from __future__ import annotations

from trialfinder.ctgov.record import Study

from ._kinds import phase_key, phase_name, study_kind
from ._text import capped_list, paragraph, quoted, with_article
from .status import STATUS_MEANINGS, status_phrase

CONDITION_CAP = 3


def _what_it_is(study: Study) -> list[str]:
    nct = study.nct_id
    kind = study_kind(study)
    if kind == "observational":
        return [f"{nct} is an observational study",
                "Researchers collect information about people's health, but the study does not decide anyone's treatment"]
    if kind == "expanded_access":
        return [f"{nct} is an expanded access program",
                "It offers a treatment that is not yet approved to some patients who cannot join a clinical trial"]
    if kind == "interventional":
        name = phase_name(study)
        if name:
            lead = f"{nct} is {with_article(name)} interventional study, also called a clinical trial"
        elif phase_key(study) == "NA":
            lead = f"{nct} is an interventional study, also called a clinical trial, for which drug-testing phases do not apply"
        else:
            lead = f"{nct} is an interventional study, also called a clinical trial"
        return [lead, "Participants receive a treatment or other intervention so researchers can learn about its effects"]
    return [f"{nct} is a study listed on ClinicalTrials.gov"]


def conditions_sentence(study: Study) -> str:
    conditions = [quoted(c) for c in study.conditions]
    if not conditions:
        return "The record does not list the conditions it studies"
    if len(conditions) == 1:
        return f"The record lists one condition: {conditions[0]}"
    return f"The record lists these conditions: {capped_list(conditions, CONDITION_CAP, 'condition')}"


def overview_paragraph(study: Study) -> str:
    """NCT id, phase/study type, conditions, lead sponsor and status in one plain paragraph."""
    parts = _what_it_is(study)
    parts.append(conditions_sentence(study))
    parts.append(f"The lead sponsor is {study.lead_sponsor}" if study.lead_sponsor
                 else "The record does not name a lead sponsor")
    status = study.overall_status
    if status in STATUS_MEANINGS:
        parts.append(f"Its status on ClinicalTrials.gov is {quoted(status_phrase(status))}")
        parts.append(STATUS_MEANINGS[status][0])
    else:
        parts.append(f"Its status on ClinicalTrials.gov is {quoted(study.status_label)}")
    return paragraph(*parts)
