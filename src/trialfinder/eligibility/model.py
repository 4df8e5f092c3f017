"""Public result types: one item and one trial's explanation (JSON-ready)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    """One criterion, note or sub-heading as shown to a patient."""

    original: str
    plain: str
    fidelity_ok: bool
    fallback: bool
    grade_original: float | None
    grade_plain: float | None
    children: tuple["Item", ...] = ()
    heading: bool = False
    # entries of a list that closes ``plain`` ("This includes:"), shown one per line under it
    sublist: tuple[str, ...] = ()

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict:
        return {
            "original": self.original,
            "plain": self.plain,
            "fidelity_ok": self.fidelity_ok,
            "fallback": self.fallback,
            "grade_original": self.grade_original,
            "grade_plain": self.grade_plain,
            "heading": self.heading,
            "sublist": list(self.sublist),
            "children": [child.to_dict() for child in self.children],
        }


@dataclass(frozen=True)
class EligibilityExplanation:
    """A trial's criteria split into inclusion, exclusion and other text."""

    inclusion: tuple[Item, ...]
    exclusion: tuple[Item, ...]
    other: tuple[Item, ...]
    grade_original: float | None
    grade_plain: float | None
    items_total: int
    items_fallback: int
    has_criteria: bool

    def all_items(self):
        for top in (*self.inclusion, *self.exclusion, *self.other):
            yield from top.walk()

    def to_dict(self) -> dict:
        return {
            "inclusion": [item.to_dict() for item in self.inclusion],
            "exclusion": [item.to_dict() for item in self.exclusion],
            "other": [item.to_dict() for item in self.other],
            "grade_original": self.grade_original,
            "grade_plain": self.grade_plain,
            "items_total": self.items_total,
            "items_fallback": self.items_fallback,
            "has_criteria": self.has_criteria,
        }
