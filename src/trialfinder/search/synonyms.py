"""Lay names patients type, mapped to the medical names records use (lay_synonyms.tsv)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from trialfinder.search.text import light_stem, words

SYNONYMS_FILE = Path(__file__).with_name("lay_synonyms.tsv")
MAX_PHRASE_WORDS = 4


def _stem_key(tokens: list[str]) -> tuple[str, ...]:
    return tuple(light_stem(t) for t in tokens)


@lru_cache(maxsize=1)
def lay_synonyms() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """{stemmed lay phrase: (medical phrase words, ...)}; words are unstemmed for the full-text engines."""
    table: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lay, _, medical = line.partition("\t")
        lay_words = words(lay)
        names = tuple(tuple(words(m)) for m in medical.split("|") if words(m))
        if lay_words and names:
            table[_stem_key(lay_words)] = table.get(_stem_key(lay_words), ()) + names
    return table


def find_synonyms(tokens: list[str]) -> list[tuple[int, int, tuple[tuple[str, ...], ...]]]:
    """Lay phrases in `tokens`, longest first and not overlapping: (start, end, medical names)."""
    table = lay_synonyms()
    stems = _stem_key(tokens)
    found, used = [], set()
    for size in range(min(MAX_PHRASE_WORDS, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            span = set(range(start, start + size))
            if span & used:
                continue
            names = table.get(stems[start : start + size])
            if names:
                found.append((start, start + size, names))
                used |= span
    return sorted(found)
