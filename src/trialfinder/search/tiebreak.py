"""How well a trial matches the search's words, cheaply: the tie-break between trials at the same distance.

Sorted by distance, many trials tie (real geoPoints are per city, and sites placed from the gazetteer sit at a
city's centre). Among them, a trial whose listed conditions name what was searched comes first, then one whose
title names it, then the rest (matched through MeSH terms, keywords, treatments or the summary); then the most
recently updated; then the NCT id.

This is computed in Python from two short columns every backend's `search_docs` holds (`conditions`, '|'-joined
as the record lists them, and `brief_title`), for the tied trials only. It needs no whole-index statistics (bm25's
IDF counts every phrase's documents over the whole index, which grows with N), and it is the same function on
SQLite and PostgreSQL, so both order ties alike.

Matching: a text names the query when one of its alternatives (the typed words, or a lay synonym's medical name)
has every phrase as consecutive words of the text (for conditions, of one listed condition), words compared after
`light_stem` ('diseases' names 'disease'; 'diabetic' does not name 'diabetes').
"""

from __future__ import annotations

from trialfinder.search.request import TextQuery
from trialfinder.search.text import light_stem, words

CONDITIONS, TITLE, ELSEWHERE = 2, 1, 0


def _stemmed(text: str) -> tuple[str, ...]:
    return tuple(light_stem(w) for w in words(text))


def _has_phrase(text: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    if n == 1:
        return phrase[0] in text
    return any(text[i : i + n] == phrase for i in range(len(text) - n + 1))


class TieBreak:
    """`tier(conditions, title)`: CONDITIONS (2), TITLE (1) or ELSEWHERE (0) for one query."""

    def __init__(self, query: TextQuery | None):
        self.alternatives = [] if query is None else [
            tuple(tuple(light_stem(w) for w in phrase) for phrase in alt) for alt in query.alternatives
        ]

    def _names(self, texts: list[tuple[str, ...]]) -> bool:
        return any(all(any(_has_phrase(t, phrase) for t in texts) for phrase in alt) for alt in self.alternatives)

    def tier(self, conditions: str | None, title: str | None) -> int:
        if not self.alternatives:
            return ELSEWHERE
        if conditions and self._names([_stemmed(c) for c in conditions.split("|") if c]):
            return CONDITIONS
        if title and self._names([_stemmed(title)]):
            return TITLE
        return ELSEWHERE
