"""What kind of study a record is, and the usual sizes for each kind.

One table, shared by the phase and enrollment explainers so they never disagree.
Typical ranges for phased drug trials follow the U.S. FDA's public description of
the clinical research phases (Phase 1: 20–100 people; Phase 2: up to several
hundred; Phase 3: 300–3,000) — they are rough guides, and many trials fall outside.
"""

from __future__ import annotations

from dataclasses import dataclass

from trialfinder.ctgov.record import Study


@dataclass(frozen=True)
class SizeBand:
    low: int | None    # below this: smaller than usual for this kind of study
    high: int | None   # above this: larger than usual
    typical: str       # the same range in words, e.g. "about 20 to 100 people"


# Keys: phase keys below, plus study kinds.
SIZE_BANDS: dict[str, SizeBand] = {
    "EARLY_PHASE1": SizeBand(None, 30, "fewer than 30 people"),
    "PHASE1": SizeBand(20, 100, "about 20 to 100 people"),
    "PHASE1/PHASE2": SizeBand(20, 300, "about 20 to a few hundred people"),
    "PHASE2": SizeBand(30, 300, "a few dozen to a few hundred people"),
    "PHASE2/PHASE3": SizeBand(100, 3000, "about a hundred to a few thousand people"),
    "PHASE3": SizeBand(300, 3000, "about 300 to 3,000 people"),
    "PHASE4": SizeBand(100, None, "hundreds or thousands of people"),
    "NA": SizeBand(30, 500, "anything from a handful of people to many hundreds"),
    "INTERVENTIONAL": SizeBand(30, 500, "anything from a handful of people to many hundreds"),
    "OBSERVATIONAL": SizeBand(100, 1000, "anything from a few dozen people to many thousands"),
}


def phase_key(study: Study) -> str | None:
    """'PHASE2', 'PHASE1/PHASE2', 'EARLY_PHASE1', 'NA', or None when the record gives no phase."""
    phases = [p for p in study.phases if p != "NA"]
    if phases:
        return "/".join(sorted(dict.fromkeys(phases), key=_phase_order))
    return "NA" if "NA" in study.phases else None


def _phase_order(p: str) -> tuple[int, str]:
    order = {"EARLY_PHASE1": 0, "PHASE1": 1, "PHASE2": 2, "PHASE3": 3, "PHASE4": 4}
    return (order.get(p, 9), p)


def study_kind(study: Study) -> str:
    """'interventional', 'observational', 'expanded_access' or 'unknown'."""
    return {
        "INTERVENTIONAL": "interventional",
        "OBSERVATIONAL": "observational",
        "EXPANDED_ACCESS": "expanded_access",
    }.get(study.study_type, "unknown")


def size_band(study: Study) -> tuple[str, SizeBand] | None:
    """(key, band) that applies to this study, or None (expanded access, unknown type)."""
    kind = study_kind(study)
    if kind == "observational":
        return "OBSERVATIONAL", SIZE_BANDS["OBSERVATIONAL"]
    if kind != "interventional":
        return None
    key = phase_key(study)
    if key in SIZE_BANDS:
        return key, SIZE_BANDS[key]
    return "INTERVENTIONAL", SIZE_BANDS["INTERVENTIONAL"]


def size_position(count: int, band: SizeBand) -> str:
    """'small', 'typical' or 'large' for this kind of study."""
    if band.low is not None and count < band.low:
        return "small"
    if band.high is not None and count > band.high:
        return "large"
    return "typical"


def phase_name(study: Study) -> str | None:
    """'Phase 2', 'Phase 1/2', 'Early Phase 1'; None when phases don't apply or aren't given."""
    label = study.phase_label
    if not label or label == "Not applicable":
        return None
    return label
