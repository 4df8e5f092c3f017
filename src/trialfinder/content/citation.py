"""How to cite a trial page, and the site-wide medical disclaimer."""

from __future__ import annotations

import datetime as dt

from trialfinder.ctgov.markup import plain
from trialfinder.ctgov.record import Study

from ._text import clean, format_date, quoted, sentence
from .overview import sponsor_is_sentence


def citation(study: Study, site_name: str, accessed: dt.date) -> str:
    """A plain-text reference that credits the registry record first, then this page."""
    parts = []
    sponsor = plain(study.lead_sponsor)
    if sponsor and sponsor_is_sentence(sponsor):
        parts.append(sentence(f"The record names the sponsor as {quoted(sponsor)}"))
    elif sponsor:
        parts.append(sentence(sponsor))
    parts.append(sentence(plain(study.brief_title) or study.nct_id))
    parts.append(f"ClinicalTrials.gov ID {study.nct_id}.")
    if study.last_update_posted and study.last_update_posted.date:
        parts.append(f"Record last updated {format_date(study.last_update_posted)}.")
    parts.append(f"Available from: {study.official_url}.")
    parts.append(f"Explained by {sentence(site_name.strip() or 'this site')}")
    parts.append(f"Accessed {format_date(accessed)}.")
    return clean(" ".join(parts))


def disclaimer() -> str:
    return (
        "This page explains a public clinical trial record in plain language. It is not medical advice, "
        "and it does not recommend this or any study. Information can be out of date or incomplete; the "
        "official record on ClinicalTrials.gov is the source to trust. Talk with your doctor before you "
        "make any decision about your health or about joining a study."
    )
