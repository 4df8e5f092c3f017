"""Questions and answers specific to one trial, in plain language."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from trialfinder.content.ages import age_range_phrase, children_only, includes_children
from trialfinder.ctgov.markup import plain
from trialfinder.ctgov.record import Contact, Study

from ._kinds import study_kind
from ._text import capped_list, excerpt, format_date, join_words, paragraph, plural, registry_text
from .freshness import OPEN_STATUSES, end_date_passed, is_status_stale, planned_end
from .regulators import country_in_sentence, fda_sentence, regulator_summary
from .status import consent_sentences, is_closed, status_phrase

SUMMARY_MAX_CHARS = 500
COUNTRY_CAP = 5
_PLACEHOLDERS = {"none selected", "none", "n/a", "na", "not applicable"}


def summary_excerpt(study: Study, max_chars: int = SUMMARY_MAX_CHARS) -> tuple[str, bool] | None:
    """The record's brief summary, cut at a sentence boundary (never mid-word); (text, shortened)."""
    text = registry_text(study.brief_summary)
    if not text:
        return None
    return excerpt(text, max_chars)


def _who_can_join(study: Study) -> str:
    closed = is_closed(study)
    is_, was = ("was", "was") if closed else ("is", "is")
    parts = []
    ages = age_range_phrase(study.minimum_age, study.maximum_age)
    who = "children and young people" if children_only(study) else "people"
    parts.append(f"The record says the study {is_} for {who} aged {ages}" if ages
                 else "The record does not set an age limit")
    sex = study.sex
    if sex == "FEMALE":
        parts.append(f"It {was} open to female participants only")
    elif sex == "MALE":
        parts.append(f"It {was} open to male participants only")
    elif sex == "ALL":
        parts.append(f"It {was} open to people of any sex")
    else:
        parts.append("The record does not say which sexes can take part")
    if study.healthy_volunteers is True:
        parts.append(f"It {'accepted' if closed else 'accepts'} healthy volunteers (people who do not have the condition being studied)")
    elif study.healthy_volunteers is False:
        parts.append(f"It {'did not accept' if closed else 'does not accept'} healthy volunteers")
    parts.append(f"There {'were' if closed else 'are'} also other rules about health and treatment history, listed in the eligibility criteria")
    if closed:
        parts.append("The study is not enrolling now, so no one new can join")
    else:
        if children_only(study):
            parts.append("Only the study team can confirm whether your child qualifies, after checking with you and your child's doctor")
        else:
            parts.append("Only the study team can confirm whether you qualify, after checking with you and your doctor")
        if includes_children(study):
            parts.extend(consent_sentences(study))
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
        where = ", ".join(dict.fromkeys(p.strip(" ,") for p in parts))
        first = f"The record lists one study site: {where}" if where else "The record lists one study site"
        return paragraph(first, None if is_closed(study) else "Check with the study team before you travel")
    country_text = capped_list([country_in_sentence(c) for c in countries], COUNTRY_CAP, "country", "countries")
    if len(countries) == 1:
        first = f"The record lists {plural(n, 'study site')}, all in {country_text}"
    elif countries:
        first = f"The record lists {plural(n, 'study site')} in {plural(len(countries), 'country', 'countries')}: {country_text}"
    else:
        first = f"The record lists {plural(n, 'study site')}, but not their countries"
    if is_closed(study):
        return paragraph(first, "The study is not enrolling now, so these sites are not taking new participants for it")
    return paragraph(first, "Not every site may be enrolling at the same time, so check with the study team before you travel")


_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_REFERENCE = re.compile(r"^\s*Reference Study ID(?: Number)?\s*:?\s*(\S+)", re.I)


@dataclass(frozen=True)
class ContactDetails:
    """One contact as separate values (the web layer can link the phone, email and website)."""

    name: str | None        # a person or team; None when the record gives only a reference number or URL
    reference: str | None   # a study reference number to quote ('GO42784')
    phone: str | None       # verbatim, with the extension: '91 80 2808 ext. 5479', '888-662-6728 (U.S. Only)'
    email: str | None
    website: str | None     # a URL the record put in the contact's name


def contact_details(contact: Contact) -> ContactDetails:
    name = plain(contact.name) or None
    website = reference = None
    if name:
        found = _URL.search(name)
        if found:
            website = found.group(0).rstrip(".,;)")
            name = " ".join((name[:found.start()] + " " + name[found.end():]).split()).strip(" ,;:-–") or None
    if name:
        ref = _REFERENCE.match(name)
        if ref:
            reference = ref.group(1).rstrip(".,;")
            name = None
    phone = plain(contact.phone) or None
    email = plain(contact.email) or None
    if phone and "@" in phone and not email:
        phone, email = None, phone
    if phone and contact.phone_ext:
        phone = f"{phone} ext. {plain(contact.phone_ext)}"
    return ContactDetails(name, reference, phone, email, website)


def contact_line(contact: Contact) -> str | None:
    """'Name – phone 91 80 2808 ext. 5479, email x@y.org' (no nested brackets; values verbatim)."""
    d = contact_details(contact)
    who = d.name
    if d.reference:
        who = f"the sponsor's study line (quote study reference {d.reference})" if not who else f"{who}, study reference {d.reference}"
    details = [v for v in (
        f"phone {d.phone}" if d.phone else None,
        f"website {d.website}" if d.website else None,
        f"email {d.email}" if d.email else None,
    ) if v]
    if who and details:
        return f"{who} – {', '.join(details)}"
    if who:
        return who
    if details:
        return ", ".join(details)
    return None


def _contact(study: Study) -> str:
    lines = [line for line in (contact_line(c) for c in study.central_contacts) if line]
    if lines:
        first = (f"The record lists this contact for the study: {lines[0]}" if len(lines) == 1
                 else "The record lists these contacts for the study: " + "; ".join(lines[:3]))
        return paragraph(first, "Have the trial number ready when you get in touch",
                         "It is a good idea to talk with your own doctor too")
    return paragraph(
        "The record does not list a central contact for this study",
        f"The official record at {study.official_url} may list contacts at individual sites",
        "You can also ask your own doctor to contact the study team",
    )


def _safety(study: Study) -> str:
    summary = regulator_summary(study)
    closed = is_closed(study)
    if closed:
        parts = [
            "Every study has some risks, and the study team had to explain them to participants before they agreed to join",
            "Before a study starts, an independent ethics committee reviews the plan to protect participants",
        ]
    else:
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
    fda = fda_sentence(study)
    if fda and study_kind(study) == "interventional" and not any(r.short_name == "FDA" for r in national):
        parts.append(fda)
    if study.has_data_monitoring_committee:
        parts.append("The record says an independent data monitoring committee checks the safety data while the study runs")
    if closed:
        parts.append("Participants could leave the study at any time")
        parts.append("If you are thinking about a similar study, talk about its risks and possible benefits with your doctor")
    else:
        parts.append("You can leave a study at any time")
        parts.append("Talk about the risks and possible benefits with your doctor")
    return paragraph(*parts)


def _results(study: Study, today: dt.date) -> str:
    status = study.overall_status
    if study.has_results:
        posted = format_date(study.results_first_posted) if study.results_first_posted else None
        first = (f"Yes. Results were first posted on ClinicalTrials.gov in {posted}" if posted and len(study.results_first_posted.text) < 10
                 else f"Yes. Results were first posted on ClinicalTrials.gov on {posted}" if posted
                 else "Yes. Results are posted on ClinicalTrials.gov")
        parts = [first, f"You can read them on the official record at {study.official_url}"]
    elif status in OPEN_STATUSES | {"ACTIVE_NOT_RECRUITING"} and end_date_passed(study, today):
        end = planned_end(study)
        planned = "planned end date" if end.is_estimate else "end date"
        parts = ["No results are posted on ClinicalTrials.gov for this study",
                 f"The record still lists it as {status_phrase(status)}, but its {planned}, {format_date(end)}, has passed",
                 "Results may be posted later, or published in a medical journal",
                 "The study team or the sponsor can tell you whether the study has ended"]
    elif status in OPEN_STATUSES and is_status_stale(study, today):
        parts = ["No results are posted on ClinicalTrials.gov for this study",
                 f"The record lists it as {status_phrase(status)}, but that status may be out of date",
                 "Ask the study team or the sponsor whether the study has ended and when results are expected"]
    elif status in OPEN_STATUSES | {"ACTIVE_NOT_RECRUITING"}:
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


def _similar(study: Study) -> str:
    return paragraph(
        "This study is not enrolling now",
        "You can search this site or ClinicalTrials.gov for studies of the same condition that are recruiting",
        "Your doctor can help you decide whether any of them might suit you",
    )


def faq(study: Study, today: dt.date | None = None) -> list[tuple[str, str]]:
    """(question, answer) pairs for this trial; answers are plain text paragraphs.

    Closed studies (completed, stopped, not recruiting …) get past-tense questions and no joining
    questions. ``today`` decides whether an open status is out of date (defaults to the current date).
    """
    today = today or dt.date.today()
    nct = study.nct_id
    closed = is_closed(study)
    found = summary_excerpt(study)
    if found:
        text, shortened = found
        what = paragraph(f"The record describes it like this: {text}",
                         "The full description is on the official record" if shortened else None)
    else:
        what = paragraph(f"The record does not include a summary. Its title is “{plain(study.brief_title)}”",
                         f"More details are on the official record at {study.official_url}")
    check = ("Where can I check this information?", paragraph(
        f"Everything on this page comes from the official record on ClinicalTrials.gov: {study.official_url}",
        "If anything here differs from the official record, the official record is correct",
    ))
    if closed:
        if study.overall_status == "WITHDRAWN":
            where_q = f"Where was {nct} planned to take place?"
        elif study.overall_status in ("ACTIVE_NOT_RECRUITING", "SUSPENDED", "TEMPORARILY_NOT_AVAILABLE"):
            where_q = f"Where is {nct} taking place?"
        else:
            where_q = f"Where did {nct} take place?"
        return [
            (f"What is {nct} studying?" if study.overall_status == "ACTIVE_NOT_RECRUITING" else f"What did {nct} study?", what),
            (f"Who could join {nct}?", _who_can_join(study)),
            (where_q, _where(study)),
            (f"How do I contact the team running {nct}?", _contact(study)),
            ("How were participants protected?", _safety(study)),
            (f"Has {nct} posted results?", _results(study, today)),
            ("Are there similar studies I could join?", _similar(study)),
            check,
        ]
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
        (f"Has {nct} posted results?", _results(study, today)),
        check,
    ]
