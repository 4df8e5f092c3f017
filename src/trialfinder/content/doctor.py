"""Help for talking with a doctor: a per-trial guide and the general questions page."""

from __future__ import annotations

from dataclasses import dataclass

from trialfinder.ctgov.record import Study

from ._kinds import phase_key, study_kind
from ._text import duration_phrase, months_between, paragraph, plural
from .regulators import regulator_summary


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


def doctor_guide(study: Study) -> DoctorGuide:
    """Paragraphs plus questions tailored to this trial's design."""
    nct = study.nct_id
    kind = study_kind(study)
    paragraphs = [
        paragraph(
            f"Take this page, or just the trial number {nct}, to your doctor",
            "Your doctor knows your health history and can compare it with the study's eligibility rules",
            "They can also help you weigh the study against the care you have now",
        ),
        paragraph(
            "You do not have to decide quickly",
            "Joining a study is always your choice, and saying no does not affect your usual care",
        ),
    ]
    questions: list[str] = []
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
    sites = len(study.locations)
    countries = regulator_summary(study).countries
    if sites == 0:
        questions.append("The record lists no study sites yet. Where would I need to go for visits?")
    elif sites == 1:
        questions.append("The record lists one study site. Could I get there for every visit, and is help with travel costs offered?")
    elif sites <= 3 or len(countries) > 1:
        questions.append(f"The record lists {plural(sites, 'study site')}. "
                         "Is there one I could reach, and is help with travel costs offered?")
    else:
        questions.append("Which study site is closest to me?")
    questions.append("Who pays for tests and treatment in the study, and who pays if I have a side effect?")
    if study.overall_status not in ("RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION", "AVAILABLE"):
        questions.append("This study is not enrolling now. Are there similar studies I could join?")
    if kind == "interventional":
        questions.append("If the treatment helps me, could I keep getting it after the study ends?")
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
