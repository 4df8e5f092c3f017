"""Questions and answers specific to one trial, in plain language."""

from __future__ import annotations

from trialfinder.content.ages import age_range_phrase
from trialfinder.ctgov.record import Contact, Study

from ._kinds import study_kind
from ._text import capped_list, excerpt, format_date, join_words, paragraph, plural
from .regulators import country_in_sentence, regulator_summary
from .status import status_phrase

SUMMARY_MAX_CHARS = 500
COUNTRY_CAP = 5
_PLACEHOLDERS = {"none selected", "none", "n/a", "na", "not applicable"}


def summary_excerpt(study: Study, max_chars: int = SUMMARY_MAX_CHARS) -> tuple[str, bool] | None:
    """The record's brief summary, cut at a sentence boundary (never mid-word); (text, shortened)."""
    if not study.brief_summary:
        return None
    return excerpt(study.brief_summary, max_chars)


def _who_can_join(study: Study) -> str:
    parts = []
    ages = age_range_phrase(study.minimum_age, study.maximum_age)
    parts.append(f"The record says the study is for people aged {ages}" if ages else "The record does not set an age limit")
    sex = study.sex
    if sex == "FEMALE":
        parts.append("It is open to female participants only")
    elif sex == "MALE":
        parts.append("It is open to male participants only")
    else:
        parts.append("It is open to people of any sex")
    if study.healthy_volunteers is True:
        parts.append("It accepts healthy volunteers (people who do not have the condition being studied)")
    elif study.healthy_volunteers is False:
        parts.append("It does not accept healthy volunteers")
    parts.append("There are also other rules about health and treatment history, listed in the eligibility criteria")
    parts.append("Only the study team can confirm whether you qualify, after checking with you and your doctor")
    return paragraph(*parts)


def _where(study: Study) -> str:
    locations = study.locations
    if not locations:
        return paragraph(
            "The record does not list any study sites",
            f"Check the official record at {study.official_url} for any updates, or ask the study team",
        )
    countries = regulator_summary(study).countries
    n = len(locations)
    if n == 1:
        loc = locations[0]
        parts = [p for p in (loc.facility, loc.city, loc.state, loc.country)
                 if p and p.casefold() not in _PLACEHOLDERS]
        where = ", ".join(dict.fromkeys(parts))
        first = f"The record lists one study site: {where}" if where else "The record lists one study site"
        return paragraph(first, "Check with the study team before you travel")
    country_text = capped_list([country_in_sentence(c) for c in countries], COUNTRY_CAP, "country", "countries")
    if len(countries) == 1:
        first = f"The record lists {plural(n, 'study site')}, all in {country_text}"
    elif countries:
        first = f"The record lists {plural(n, 'study site')} in {plural(len(countries), 'country', 'countries')}: {country_text}"
    else:
        first = f"The record lists {plural(n, 'study site')}, but not their countries"
    return paragraph(first, "Not every site may be enrolling at the same time, so check with the study team before you travel")


def contact_line(contact: Contact) -> str | None:
    details = [d for d in (contact.phone, contact.email) if d]
    if contact.name and details:
        return f"{contact.name} ({', '.join(details)})"
    if contact.name:
        return contact.name
    if details:
        return ", ".join(details)
    return None


def _contact(study: Study) -> str:
    lines = [line for line in (contact_line(c) for c in study.central_contacts) if line]
    if lines:
        first = (f"The record lists this contact for the study: {lines[0]}" if len(lines) == 1
                 else f"The record lists these contacts for the study: {join_words(lines[:3])}")
        return paragraph(first, "Have the trial number ready when you get in touch",
                         "It is a good idea to talk with your own doctor too")
    return paragraph(
        "The record does not list a central contact for this study",
        f"The official record at {study.official_url} may list contacts at individual sites",
        "You can also ask your own doctor to contact the study team",
    )


def _safety(study: Study) -> str:
    summary = regulator_summary(study)
    parts = [
        "Every study has some risks, and the study team must explain them to you before you agree to join",
        "Before a study starts, an independent ethics committee reviews the plan to protect participants",
    ]
    if "United States" in summary.countries:
        parts.append("In the United States, this committee is called an Institutional Review Board (IRB)")
    national = [r for r in summary.regulators if r.short_name != "EMA"]
    if study_kind(study) == "interventional" and national:
        if len(national) <= 2:
            labels = [f"{r.label} in {join_words(list(r.countries))}" for r in national]
            parts.append(f"Depending on what is being tested, the national regulator may also review it: {join_words(labels)}")
        else:
            parts.append("Depending on what is being tested, the national regulator in each country may also review it")
    if study.has_data_monitoring_committee:
        parts.append("The record says an independent data monitoring committee checks the safety data while the study runs")
    parts.append("You can leave a study at any time")
    parts.append("Talk about the risks and possible benefits with your doctor")
    return paragraph(*parts)


def _results(study: Study) -> str:
    status = study.overall_status
    if study.has_results:
        posted = format_date(study.results_first_posted) if study.results_first_posted else None
        first = (f"Yes. Results were first posted on ClinicalTrials.gov in {posted}" if posted and len(study.results_first_posted.text) < 10
                 else f"Yes. Results were first posted on ClinicalTrials.gov on {posted}" if posted
                 else "Yes. Results are posted on ClinicalTrials.gov")
        parts = [first, f"You can read them on the official record at {study.official_url}"]
    elif status in ("RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION", "ACTIVE_NOT_RECRUITING"):
        parts = ["Not yet", f"The study is still {status_phrase(status)}, so results are not expected yet"]
    elif status == "WITHDRAWN":
        parts = ["No. The study was withdrawn before anyone enrolled, so there are no results"]
    else:
        parts = ["No results are posted on ClinicalTrials.gov for this study",
                 "Results may be published later, or in a medical journal instead"]
    if study.reference_pmids and status != "WITHDRAWN":
        n = len(study.reference_pmids)
        parts.append(f"The record links to {plural(n, 'published article')}. "
                     + ("It may report results, or it may be background reading" if n == 1
                        else "Some may report results, and some may be background reading"))
    return paragraph(*parts)


def faq(study: Study) -> list[tuple[str, str]]:
    """(question, answer) pairs for this trial; answers are plain text paragraphs."""
    nct = study.nct_id
    found = summary_excerpt(study)
    if found:
        text, shortened = found
        what = paragraph(f"The record describes it like this: {text}",
                         "The full description is on the official record" if shortened else None)
    else:
        what = paragraph(f"The record does not include a summary. Its title is “{study.brief_title}”",
                         f"More details are on the official record at {study.official_url}")
    return [
        (f"What is {nct} studying?", what),
        (f"Who can join {nct}?", _who_can_join(study)),
        (f"Where is {nct} taking place?", _where(study)),
        (f"How do I contact the team running {nct}?", _contact(study)),
        ("Is it safe to take part?", _safety(study)),
        ("Does it cost anything, or will I be paid?", paragraph(
            "The record does not say",
            "Costs, payments and help with travel are different for each study and each country",
            "Ask the study team what is covered, and check with your health insurer or health service if you have one",
        )),
        (f"Has {nct} posted results?", _results(study)),
        ("Where can I check this information?", paragraph(
            f"Everything on this page comes from the official record on ClinicalTrials.gov: {study.official_url}",
            "If anything here differs from the official record, the official record is correct",
        )),
    ]
