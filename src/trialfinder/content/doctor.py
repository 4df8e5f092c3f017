"""Help for talking with a doctor: a per-trial guide and the general questions page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from trialfinder.ctgov.record import Study

from ._kinds import phase_key, study_kind
from ._text import date_phrase, duration_phrase, months_between, paragraph, plural, quoted
from .ages import children_only
from .freshness import OPEN_STATUSES, is_status_stale
from .regulators import regulator_summary
from .status import is_closed, status_label


@dataclass(frozen=True)
class DoctorGuide:
    paragraphs: tuple[str, ...]
    questions: tuple[str, ...]


@dataclass(frozen=True)
class QuestionGroup:
    title: str
    questions: tuple[str, ...]


def _has_placebo(study: Study) -> bool:
    if any(a.type == "PLACEBO_COMPARATOR" for a in study.arms):
        return True
    return any("placebo" in i.name.lower() for i in study.interventions)


def _has_sham(study: Study) -> bool:
    return any(a.type == "SHAM_COMPARATOR" for a in study.arms)


def _planned_length(study: Study) -> str | None:
    start = study.start_date
    end = study.completion_date or study.primary_completion_date
    if not (start and end and start.date and end.date):
        return None
    return duration_phrase(months_between(start.date, end.date))


# Wording for a children's study (upper age limit below 18): the reader is a parent or guardian.
_FOR_CHILD = {
    "What is my chance of getting it, and would I keep my usual treatment?":
        "What is my child's chance of getting it, and would my child keep their usual treatment?",
    "What would that involve for me?": "What would that involve for my child?",
    "People are put into groups by chance. Am I comfortable not choosing my group?":
        "People are put into groups by chance. Am I comfortable that we cannot choose my child's group?",
    "If I have a problem, how would my doctors find out what I am taking?":
        "If my child has a problem, how would their doctors find out what my child is taking?",
    "How does the treatment being tested compare with the options I have now?":
        "How does the treatment being tested compare with the options my child has now?",
    "Would I need to stop or change any of my current medicines?":
        "Would my child need to stop or change any of their current medicines?",
    "How long would I take part, and how many visits would I need?":
        "How long would my child take part, and how many visits would we need?",
    "Could I get there for every visit, and is help with travel costs offered?":
        "Could we get there for every visit, and is help with travel costs offered?",
    "Is there one I could reach, and is help with travel costs offered?":
        "Is there one we could reach, and is help with travel costs offered?",
    "Which study site is closest to me?": "Which study site is closest to us?",
    "Who pays for tests and treatment in the study, and who pays if I have a side effect?":
        "Who pays for tests and treatment in the study, and who pays if my child has a side effect?",
    "If the treatment helps me, could I keep getting it after the study ends?":
        "If the treatment helps my child, could they keep getting it after the study ends?",
    "Would taking part change my treatment in any way, or only add tests and questions?":
        "Would taking part change my child's treatment in any way, or only add tests and questions?",
    "Would you be willing to request this treatment for me, and what would that involve?":
        "Would you be willing to request this treatment for my child, and what would that involve?",
    "Where would I need to go for visits?": "Where would we need to go for visits?",
}


def _for_child(question: str) -> str:
    for adult, child in _FOR_CHILD.items():
        if question.endswith(adult):
            return question[: -len(adult)] + child
    return question


def _closed_questions(study: Study) -> list[str]:
    """No joining questions: what the study found, why it stopped, and similar studies."""
    questions: list[str] = []
    key = phase_key(study)
    if key in ("EARLY_PHASE1", "PHASE1", "PHASE1/PHASE2"):
        questions.append("This was early research that mainly checked safety. What is known now about the treatment's side effects?")
    if study.overall_status == "TERMINATED":
        questions.append("This study stopped early. Does the reason it stopped matter for me or my treatment?")
    if study.has_results:
        questions.append("Results are posted on ClinicalTrials.gov. Can you help me understand what they mean for me?")
    else:
        questions.append("Have results from this study been published anywhere, and what do they mean for me?")
    if study_kind(study) in ("interventional", "expanded_access"):
        questions.append("Is the treatment this study looked at available outside a study, and would it suit me?")
    questions.append("This study is not enrolling now. Are there similar studies I could join?")
    return questions


def _healthy_questions(study: Study) -> list[str]:
    """For studies that accept healthy volunteers: time, visits, payment, stays, safety."""
    questions: list[str] = []
    key = phase_key(study)
    if key in ("EARLY_PHASE1", "PHASE1", "PHASE1/PHASE2"):
        questions.append("This is early research that mainly checks safety. What is known so far about side effects?")
    questions.append("Is it safe for me to take part, given my own health and any medicines I take?")
    if _has_placebo(study):
        questions.append("Some people in this study get a placebo (a look-alike with no active medicine). "
                         "What is my chance of getting it?")
    if study.allocation == "RANDOMIZED":
        questions.append("People are put into groups by chance. Am I comfortable not choosing my group?")
    length = _planned_length(study)
    lead = f"The whole study is planned to run for {length}. " if length else ""
    questions.append(lead + "How much of my time would it take, how many visits are there, "
                     "and would I need to stay overnight or for several days at the study unit?")
    questions.append("Would I need to avoid any medicines, alcohol, food or activities before or during the study?")
    questions.append("Will I be paid for my time, and are travel costs covered?")
    questions.append(_site_question(study))
    questions.append("Who pays for care if I have a side effect or am harmed by taking part?")
    return questions


def _site_question(study: Study) -> str:
    sites = len(study.locations)
    countries = regulator_summary(study).countries
    if sites == 0:
        return "The record lists no study sites yet. Where would I need to go for visits?"
    if sites == 1:
        return "The record lists one study site. Could I get there for every visit, and is help with travel costs offered?"
    if sites <= 3 or len(countries) > 1:
        return (f"The record lists {plural(sites, 'study site')}. "
                "Is there one I could reach, and is help with travel costs offered?")
    return "Which study site is closest to me?"


def doctor_guide(study: Study, today: dt.date | None = None) -> DoctorGuide:
    """Paragraphs plus questions tailored to this trial's design and status.

    Closed studies get no joining questions; studies with healthy volunteers get questions about
    time, visits and payment; children's studies address the parent. ``today`` decides whether
    an open status is out of date (defaults to the current date).
    """
    today = today or dt.date.today()
    nct = study.nct_id
    kind = study_kind(study)
    status = study.overall_status
    child = children_only(study)
    healthy = study.healthy_volunteers is True
    if is_closed(study):
        paragraphs = [paragraph(
            f"Take this page, or just the trial number {nct}, to your doctor",
            "This study is not enrolling now, but your doctor can help you understand what it tested, "
            "whether results are available, and whether a similar study might suit you",
        )]
        return DoctorGuide(tuple(paragraphs), tuple(_closed_questions(study)))
    if child:
        first = paragraph(
            f"Take this page, or just the trial number {nct}, to your child's doctor",
            "They know your child's health history and can compare it with the study's eligibility rules",
            "They can also help you weigh the study against the care your child has now",
        )
    elif healthy:
        first = paragraph(
            f"Take this page, or just the trial number {nct}, to your doctor",
            "This study accepts healthy volunteers, so your doctor can help you check that taking part is safe for you",
            "Ask the study team about the time it takes, the visits or stays, any payment, and the risks",
        )
    else:
        first = paragraph(
            f"Take this page, or just the trial number {nct}, to your doctor",
            "Your doctor knows your health history and can compare it with the study's eligibility rules",
            "They can also help you weigh the study against the care you have now",
        )
    paragraphs = [first, paragraph(
        "You do not have to decide quickly",
        "Joining a study is always your choice, and saying no does not affect your "
        + ("child's usual care" if child else "usual care"),
    )]
    questions: list[str] = []
    if status in OPEN_STATUSES and is_status_stale(study, today):
        verified = study.status_verified_date
        when = f" (last confirmed {date_phrase(verified)})" if verified and verified.date else ""
        questions.append(f"The record's status may be out of date{when}. "
                         "Can you check with the study team whether it is still enrolling?")
    if status == "UNKNOWN":
        last = study.last_known_status
        known = (f"its last known status was {quoted(status_label(last))}" if last
                 else "the record does not give its last known status")
        questions.append(f"This study's current status is unknown, and {known}. "
                         "Can you help me find out whether it is still running, or find similar studies I could join?")
    if healthy and kind != "expanded_access":
        questions.extend(_healthy_questions(study))
        return DoctorGuide(tuple(paragraphs), tuple(questions))
    if kind == "observational":
        questions.append("Would taking part change my treatment in any way, or only add tests and questions?")
    if kind == "expanded_access":
        questions.append("Would you be willing to request this treatment for me, and what would that involve?")
    key = phase_key(study)
    if key in ("EARLY_PHASE1", "PHASE1", "PHASE1/PHASE2"):
        questions.append("This is early research that mainly checks safety. What is known so far about side effects?")
    if _has_placebo(study):
        questions.append("Some people in this study get a placebo (a look-alike with no active medicine). "
                         "What is my chance of getting it, and would I keep my usual treatment?")
    if _has_sham(study):
        questions.append("Some people in this study get a sham (pretend) procedure. What would that involve for me?")
    if study.allocation == "RANDOMIZED":
        questions.append("People are put into groups by chance. Am I comfortable not choosing my group?")
    masking = study.masking
    if masking and masking != "NONE":
        questions.append("In this study, some people do not know which treatment each person gets. "
                         "If I have a problem, how would my doctors find out what I am taking?")
    if kind == "interventional":
        questions.append("How does the treatment being tested compare with the options I have now?")
        questions.append("Would I need to stop or change any of my current medicines?")
    length = _planned_length(study)
    if length:
        questions.append(f"The whole study is planned to run for {length}. "
                         "How long would I take part, and how many visits would I need?")
    else:
        questions.append("How long would I take part, and how many visits would I need?")
    questions.append(_site_question(study))
    questions.append("Who pays for tests and treatment in the study, and who pays if I have a side effect?")
    if status not in OPEN_STATUSES | {"AVAILABLE", "UNKNOWN"}:
        questions.append("This study is not enrolling now. Are there similar studies I could join?")
    if kind == "interventional":
        questions.append("If the treatment helps me, could I keep getting it after the study ends?")
    if child:
        questions = [_for_child(q) for q in questions]
        questions.append("How will my child be told about the study, and can they say no even if I agree?")
    return DoctorGuide(tuple(paragraphs), tuple(questions))


_GENERAL = (
    ("About the study", (
        "What is this study trying to find out?",
        "Why do the researchers think this treatment might help?",
        "What phase is the study in, and what does that mean for me?",
        "Who is running and paying for the study?",
        "Has the study been reviewed by an ethics committee?",
        "Can I take the consent form home and read it before I decide?",
    )),
    ("Risks and possible benefits", (
        "What side effects or risks are already known?",
        "How could taking part help me, and how could it not help?",
        "How do the risks and benefits compare with my current treatment?",
        "Could I get a placebo, and what would happen to my usual care if I did?",
        "Who should I call if I feel unwell during the study?",
    )),
    ("What taking part involves", (
        "How long would I be in the study?",
        "How many visits are there, and what happens at each one?",
        "Would I need extra tests, scans or hospital stays?",
        "Can I keep taking my usual medicines?",
        "Can I leave the study at any time, and what happens if I do?",
    )),
    ("Costs and practical matters", (
        "Will taking part cost me anything?",
        "Will I be paid, or helped with travel and other costs?",
        "Who pays for treatment if I am harmed by taking part?",
        "Can someone come with me to study visits?",
    )),
    ("After the study", (
        "Could I keep getting the treatment after the study ends?",
        "Will I be told the results, and when?",
        "Will my own doctor get information about my care in the study?",
    )),
    ("Your information", (
        "Who will see my health information, and how is it protected?",
        "Will my samples or data be used in other research, and can I say no?",
    )),
)


def general_questions() -> list[QuestionGroup]:
    """Grouped questions for any clinical trial (the site's /questions page)."""
    return [QuestionGroup(title, questions) for title, questions in _GENERAL]
