"""Text for the site's /methodology page and the short per-trial 'how this page is built'."""

from __future__ import annotations

from trialfinder.ctgov.record import Study, parse_partial_date

from ._text import format_date, paragraph


def methodology_sections(site_name: str = "This site", sync_note: str | None = None) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) for the /methodology page.

    ``sync_note`` is the operator's own sentence about refresh frequency (e.g.
    "We check ClinicalTrials.gov for changes every night."); without it the page
    says only that each trial page shows its last update.
    """
    sync = sync_note or "The operator of this site decides how often it checks ClinicalTrials.gov for changes."
    return [
        ("Where the data comes from", [
            paragraph(
                f"{site_name} uses one source: the public ClinicalTrials.gov API, version 2",
                "ClinicalTrials.gov is run by the U.S. National Library of Medicine",
                "It lists studies from many countries, not only the United States",
                "Sponsors and researchers write and update their own records",
            ),
            paragraph(
                "We store each study record exactly as we received it",
                "We do not edit or correct it",
                "If a record is wrong or out of date, it is wrong or out of date here too, until its sponsor fixes it",
            ),
        ]),
        ("How the text on each page is made", [
            paragraph(
                "The explanations on each page, such as what a phase or a status means, are written by computer code from the record's own facts",
                "The same code makes every page, so the same facts always get the same wording",
                "No person edits individual pages, and we do not use sponsored or paid content",
            ),
            paragraph(
                "Where we name a medicines regulator, we choose it from the countries where the study has sites",
            ),
        ]),
        ("Plain-English eligibility", [
            paragraph(
                "Eligibility criteria are rewritten in plain English by fixed rules, not by hand",
                "Code then checks that every number, comparison (such as “at least” or “under”) and negation (such as “not” or “no history of”) in the original is still there in the rewrite",
                "When a check fails, we show the original wording instead",
                "The original criteria are always shown on the page as well",
            ),
        ]),
        ("Readability", [
            paragraph(
                "We aim for text that most people can read easily, at about the level of an 8th-grade student",
                "We measure readability with standard formulas and use short sentences and common words",
                "Some medical terms cannot be avoided; where they appear, we keep the original term so you can ask about it",
            ),
        ]),
        ("How up to date it is", [
            paragraph(
                sync,
                "Each trial page shows when its record was last updated on ClinicalTrials.gov",
                "Studies can change faster than their records, so always confirm details with the study team",
            ),
        ]),
        ("Limits of this site", [
            paragraph(
                "This site explains trial records; it does not give medical advice and does not recommend any study",
                "We cannot tell you whether you qualify for a study; only the study team can decide that, with your doctor",
                "Records may be incomplete, and some studies are listed only in other countries' registries",
                "The World Health Organization's trial search portal (WHO ICTRP) covers many of those registries",
            ),
        ]),
        ("Your privacy", [
            paragraph(
                "We do not ask for your name, your health details or any other personal information",
                "Searching and reading pages does not require an account",
            ),
        ]),
    ]


def how_this_page_is_built(study: Study) -> list[str]:
    """A short, per-trial version of the methodology."""
    updated = format_date(study.last_update_posted) if study.last_update_posted else None
    holder = parse_partial_date(study.version_holder)
    version = format_date(holder, study.version_holder) if holder else None
    return [
        paragraph(
            f"The facts on this page come from the ClinicalTrials.gov record for {study.nct_id}, stored unchanged",
            f"That record was last updated on {updated}" if updated and len(study.last_update_posted.text) == 10
            else (f"That record was last updated in {updated}" if updated else None),
            f"Our copy comes from the registry's data of {version}" if version else None,
        ),
        paragraph(
            "The explanations are written by computer code from those facts, the same way for every trial",
            "The plain-English eligibility text is checked by code against the original, and the original is shown too",
            f"To check anything, see the official record at {study.official_url}",
        ),
    ]
