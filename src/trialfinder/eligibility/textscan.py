"""Cheap checks run before a costly regex pass, so the pass runs only where it can match."""

from __future__ import annotations


def may_contain(text: str, *words: str) -> bool:
    """Can a case-insensitive pattern that needs one of the lower-case ASCII ``words`` match in ``text``? (Substring
    scans in C are cheaper than an IGNORECASE regex pass; non-ASCII text always may: "ſ" matches "s" under IGNORECASE.)"""
    lowered = text.lower()
    return any(word in lowered for word in words) or not text.isascii()
