"""Project lexicon: medical terms -> lay words, matched in one pass per text.

Two TSV files under ``trialfinder/data/lexicon`` (see its README): our own
hand-written clinical-trial terms and a curated copy of the CDC Plain
Language Thesaurus. ``mode`` says how an entry may be used:
``replace`` (a same-part-of-speech drop-in), ``explain`` (keep the term,
add the lay words in parentheses on first use in a trial) or ``off``
(reviewed as unsafe for automatic use; kept for reference).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from importlib import resources

REPLACE, EXPLAIN, OFF = "replace", "explain", "off"
HEAD = "head"  # kind: a noun whose plain brings its own describing word
LEXICON_FILES = ("trialfinder_terms.tsv", "cdc_plain_language.tsv")  # first file wins
_TOKEN = re.compile(r"[^\W_]+(?:['’][a-z]+)?")
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")  # gaps and tokens, alternately
_SPACES = re.compile(r"\s+")
MAX_TERM_TOKENS = 8


@dataclass(frozen=True)
class Entry:
    term: str
    plain: str
    mode: str
    case_sensitive: bool
    source: str
    kind: str = "term"  # "head": a noun whose plain brings its own describing word (see rewrite._classified_head)

    @property
    def key(self) -> str:
        return self.term if self.case_sensitive else self.term.lower()


def _is_case_sensitive(term: str, kind: str) -> bool:
    return kind == "abbreviation" or any(c.isupper() for c in term[1:]) or (term[:1].isupper() and len(term) <= 5)


def load_entries() -> list[Entry]:
    """All rows of all lexicon files, in priority order."""
    entries: list[Entry] = []
    folder = resources.files("trialfinder.data").joinpath("lexicon")
    for name in LEXICON_FILES:
        with folder.joinpath(name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                term = (row.get("term") or "").strip()
                if not term:
                    continue
                kind = row.get("kind") or ("abbreviation" if term.isupper() else "term")
                entries.append(Entry(term, (row.get("plain") or "").strip(), row.get("mode") or OFF,
                                     _is_case_sensitive(term, kind), name, kind))
    return entries


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entry: Entry


class Lexicon:
    """Longest-match, single-pass term finder over word tokens (dict lookups, no regex loop)."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self._exact: dict[str, Entry] = {}
        self._folded: dict[str, Entry] = {}
        # first word (lower-cased) -> token counts of the terms starting with it, longest first;
        # why: only spans that can be a term are built and looked up (was: 8 lookups per word).
        lengths: dict[str, set[int]] = {}
        for entry in entries:
            if entry.mode == OFF:
                continue
            table = self._exact if entry.case_sensitive else self._folded
            key = _SPACES.sub(" ", entry.key)
            table.setdefault(key, entry)
            for form in (key, entry.term, entry.term.upper()):  # "Crohn's" vs "CROHN'S" tokenise differently
                tokens = _TOKEN.findall(_SPACES.sub(" ", form))
                if tokens and len(tokens) <= MAX_TERM_TOKENS:
                    lengths.setdefault(tokens[0].lower(), set()).add(len(tokens))
        self._lengths = {word: tuple(sorted(counts, reverse=True)) for word, counts in lengths.items()}
        # every beginning of a term (lower case): a span whose first two words begin none is no term,
        # whatever its length; why: "have", "you", "in" start terms but are mostly followed by other words
        self._term_starts = {key.lower()[:end] for table in (self._exact, self._folded) for key in table
                             for end in range(1, len(key) + 1)}
        self.active_count = len(self._exact) + len(self._folded)

    def find(self, text: str) -> list[Match]:
        # One C-level split gives every token and its gap ([gap, token, gap, ..., gap]), and running sums of the
        # lengths give the positions; why: the loop below then visits only tokens that begin a term
        # (was: a Match object per token and a Python step for every word).
        parts = _TOKEN_SPLIT.split(text)
        if len(parts) == 1:
            return []
        offsets = list(accumulate(map(len, parts), initial=0))  # token i spans offsets[2i+1]:offsets[2i+2]
        words = " ".join(parts[1::2]).lower().split(" ")  # (a token holds no space)
        lengths_of = self._lengths
        candidates = [i for i, word in enumerate(words) if word in lengths_of]
        matches: list[Match] = []
        exact, folded, term_starts = self._exact, self._folded, self._term_starts
        n = len(words)
        free = 0  # the first token not inside an earlier match
        for i in candidates:
            if i < free:
                continue
            counts = lengths_of[words[i]]
            start = offsets[2 * i + 1]
            if counts[0] > 1 and i + 1 < n:
                gap = parts[2 * i + 2]
                pair = f"{words[i]} {words[i + 1]}" if gap == " " else \
                    " ".join(text[start:offsets[2 * i + 4]].split()).lower()
                if pair not in term_starts:
                    if counts[-1] != 1:
                        continue  # (only a one-word term can start here)
                    counts = (1,)
            for count in counts:
                j = i + count - 1
                if j >= n:
                    continue
                end = offsets[2 * j + 2]
                span = text[start:end]
                if count == 1:
                    entry = exact.get(span) or folded.get(words[i])
                else:
                    key = " ".join(span.split())  # _SPACES.sub(" ", span): a span has no end spaces
                    entry = exact.get(key) or folded.get(key.lower())
                if entry is None or "\n" in span or _glued(text, start, end):
                    continue
                if entry.case_sensitive or not _is_acronym_use(span):
                    matches.append(Match(start, end, entry))
                    free = j + 1
                    break
        return matches


_SUSPENDED = re.compile(r"(?:or|and|and/or|to)\s+\w+-\w")  # "histologically- or cytologically-confirmed"


def _glued(text: str, start: int, end: int) -> bool:
    """A term inside a hyphenated or slashed compound ("HER2-negative", "histologically- or cytologically-confirmed")
    is not matched alone,
    nor a possessive ("participants' doctor"): its replacement would leave a stray apostrophe."""
    before = text[start - 2:start] if start >= 2 else ""
    after = text[end:end + 2]
    return (after[:1] in ("'", "\u2019") and after != "") or \
        (len(before) == 2 and before[1] in "-/+" and before[0].isalnum()) or \
        (len(after) == 2 and after[0] in "-+" and after[1].isalnum()) or \
        (after == "- " and text[end - 1].islower() and _SUSPENDED.match(text, end + 2) is not None) or \
        (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum())


def _is_acronym_use(span: str) -> bool:
    """'ALL' or 'MET' in capitals is an acronym, not the everyday word."""
    return len(span) > 1 and span.isupper()


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon(load_entries())
