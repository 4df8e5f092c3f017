"""One generated paragraph that introduces the study."""

from __future__ import annotations

import datetime as dt
import re

from trialfinder.ctgov.markup import plain
from trialfinder.ctgov.record import Study

from ._kinds import phase_key, phase_name, study_kind
from ._text import capped_list, paragraph, quoted, with_article
from .status import STATUS_MEANINGS, stale_status_sentences, status_label, status_phrase

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


_PARENTHESES = re.compile(r"\([^)]*\)")
_VERB = re.compile(r"\b(has|have|had|is|was|were|are|merged|acquired|became|been|will)\b", re.I)


def sponsor_is_sentence(name: str) -> bool:
    """True when the record's sponsor 'name' reads as a sentence ('X has merged with Y to form Z.')."""
    return bool(_VERB.search(_PARENTHESES.sub(" ", name)))


def sponsor_sentence(study: Study) -> str:
    """'The lead sponsor is X', or 'The record names the sponsor as “…”' when the record's name is a sentence."""
    name = plain(study.lead_sponsor)
    if not name:
        return "The record does not name a lead sponsor"
    if sponsor_is_sentence(name):
        return f"The record names the sponsor as {quoted(name)}"
    return f"The lead sponsor is {name}"


def conditions_sentence(study: Study) -> str:
    conditions = [quoted(plain(c)) for c in study.conditions if plain(c)]
    if not conditions:
        return "The record does not list the conditions it studies"
    if len(conditions) == 1:
        return f"The record lists one condition: {conditions[0]}"
    return f"The record lists these conditions: {capped_list(conditions, CONDITION_CAP, 'condition')}"


def overview_paragraph(study: Study, today: dt.date | None = None) -> str:
    """NCT id, phase/study type, conditions, lead sponsor and status in one plain paragraph.

    ``today`` decides whether an open status is out of date (defaults to the current date).
    """
    today = today or dt.date.today()
    parts = _what_it_is(study)
    parts.append(conditions_sentence(study))
    parts.append(sponsor_sentence(study))
    status = study.overall_status
    stale = stale_status_sentences(study, today)
    if stale:
        parts.extend(stale)
    elif status == "UNKNOWN":
        parts.append("Its current status is unknown")
        last = study.last_known_status
        parts.append(f"Its last known status on ClinicalTrials.gov was {quoted(status_label(last))}" if last
                     else "The record does not give its last known status")
    elif status in STATUS_MEANINGS:
        parts.append(f"Its status on ClinicalTrials.gov is {quoted(status_phrase(status))}")
        parts.append(STATUS_MEANINGS[status][0])
    else:
        parts.append(f"Its status on ClinicalTrials.gov is {quoted(study.status_label)}")
    return paragraph(*parts)
