"""What the trial's phase means for a patient, with the trial's own size for context."""

from __future__ import annotations

from trialfinder.ctgov.record import Study

from ._kinds import SIZE_BANDS, phase_key, phase_name, study_kind
from .enrollment import count_sentences
from ._text import join_words, paragraph
from .regulators import fda_sentence, regulator_summary

_MEANING: dict[str, tuple[str, ...]] = {
    "EARLY_PHASE1": (
        "Early Phase 1 (sometimes called Phase 0) is the very first step of testing a treatment in people",
        "A few people get very small doses so researchers can learn how the body handles the treatment",
        "These studies are not designed to treat the condition",
    ),
    "PHASE1": (
        "Phase 1 is usually the first time a treatment is tested in people",
        "The main goals are to find a safe dose and to learn about side effects",
        "Some Phase 1 studies include healthy volunteers, and others include people who have the condition",
        "Because the treatment is new, less is known about its risks than in later phases",
    ),
    "PHASE1/PHASE2": (
        "This study combines Phase 1 and Phase 2",
        "First it looks at safety and the right dose, as a Phase 1 study does",
        "Then it starts to look at whether the treatment works, as a Phase 2 study does",
    ),
    "PHASE2": (
        "Phase 2 studies test a treatment in people who have the condition",
        "They look at whether the treatment seems to work, and they keep checking its safety and side effects",
        "A treatment usually reaches Phase 2 after earlier testing in people",
    ),
    "PHASE2/PHASE3": (
        "This study combines Phase 2 and Phase 3",
        "It checks whether the treatment works and then compares it with other options in a larger group of people",
    ),
    "PHASE3": (
        "Phase 3 studies test a treatment in a larger group of people who have the condition",
        "They often compare it with the usual treatment or with a placebo (a look-alike with no active medicine)",
        "They check how well it works and look for side effects that are less common",
    ),
    "PHASE4": (
        "Phase 4 studies look at a treatment that is usually already approved for use",
        "They learn more about its long-term benefits and risks, or how well it works in everyday care",
    ),
    "NA": (
        "Phases describe the steps of testing a new medicine",
        "This study is marked “not applicable” for phase",
        "That is normal for studies of devices, surgery and other procedures, behavior, diet, or ways of giving care",
        "So the phase does not tell you how early or late this research is",
    ),
}

_APPROVAL_PHASES = {"PHASE3", "PHASE2/PHASE3"}


def _own_size(study: Study) -> list[str]:
    """The study's own number, in the same words as the enrollment section (no comparison here)."""
    if study.overall_status == "WITHDRAWN":
        return []
    return count_sentences(study)


def _approval_sentence(study: Study) -> str:
    """Which regulators may look at Phase 3 results: never 'means' the site countries' regulator."""
    summary = regulator_summary(study)
    national = [r for r in summary.regulators if r.short_name != "EMA"]
    parts = ["Results from Phase 3 studies are often what medicines regulators look at before deciding whether to approve a treatment"]
    examples = [f"{r.label} in {join_words(list(r.countries))}" for r in national[:2]]
    if any(r.short_name == "EMA" for r in summary.regulators):
        examples.append("the European Medicines Agency (EMA)")
    if examples:
        parts.append(f"That can include regulators in the countries where it is studied, such as {join_words(examples)}")
    fda = fda_sentence(study)
    if fda and not any(r.short_name == "FDA" for r in national):
        parts.append(fda)
    parts.append("Where a treatment is approved depends on where the sponsor applies, which the record does not say")
    return paragraph(*parts)


def phase_explainer(study: Study) -> list[str]:
    """Paragraphs on what this study's phase (or lack of one) means for a patient."""
    kind = study_kind(study)
    if kind == "observational":
        return [paragraph(
            "This is an observational study, so it has no phase",
            "Phases describe the steps of testing a new treatment",
            "In an observational study, researchers collect information about people's health and care, "
            "but the study does not decide anyone's treatment",
        )]
    if kind == "expanded_access":
        return [paragraph(
            "This record is for expanded access, so it has no phase",
            "Expanded access (sometimes called compassionate use) is a way for some people with serious "
            "conditions to get a treatment that is not yet approved, when they cannot join a clinical trial",
            "It is not a study designed to test whether the treatment works",
        )]
    key = phase_key(study)
    if key is None or key not in _MEANING:
        name = phase_name(study)
        first = (f"The record lists this study as {name}" if name else "The record does not give a phase for this study")
        return [paragraph(
            first,
            "Phases describe the steps of testing a new medicine, from first tests in a few people to large studies",
            "Ask the study team how far along this research is",
        )]
    out = [paragraph(*_MEANING[key])]
    if key in SIZE_BANDS and key != "NA":
        label = {"PHASE1/PHASE2": "Combined Phase 1/2", "PHASE2/PHASE3": "Combined Phase 2/3"}.get(
            key, phase_name(study) or "Such")
        size_text = f"{label} studies often include {SIZE_BANDS[key].typical}"
        out.append(paragraph(size_text, *_own_size(study)))
    if key in _APPROVAL_PHASES:
        out.append(paragraph(_approval_sentence(study)))
    return out
