"""Cheap checks run before a costly regex pass, so the pass runs only where it can match."""

from __future__ import annotations

import re


def may_contain(text: str, *words: str) -> bool:
    """Can a case-insensitive pattern that needs one of the lower-case ASCII ``words`` match in ``text``? (Substring
    scans in C are cheaper than an IGNORECASE regex pass; non-ASCII text always may: "ſ" matches "s" under IGNORECASE.)"""
    lowered = text.lower()
    for word in words:  # (a plain loop: any() over a generator costs more than the scans on short texts)
        if word in lowered:
            return True
    return not text.isascii()


class CaseFolded:
    """A case-insensitive pattern used only to ask "is there a match?", run on lower-cased text where it can be.

    Lower-casing ASCII text keeps every position and word boundary, so a case-sensitive copy of an
    all-lower-case pattern matches the lower-cased text exactly when the IGNORECASE pattern matches the
    text, 2-3x faster (without case folding the engine skips a branch at its first letter). Other text
    uses the IGNORECASE pattern itself. ``search`` returns a bool: groups of lower-cased text are not the text's.
    """

    def __init__(self, pattern: str, flags: int = 0):
        if pattern != pattern.lower():  # (also refuses \S, \W, \B, \D: they would change meaning when lower-cased)
            raise ValueError(f"CaseFolded needs an all-lower-case pattern: {pattern!r}")
        self.any_case = re.compile(pattern, flags | re.IGNORECASE)
        self.lowered = re.compile(pattern, flags)

    def search(self, text: str) -> bool:
        if text.isascii():
            return self.lowered.search(text.lower()) is not None
        return self.any_case.search(text) is not None
