"""Check that a plain-English rewrite kept every fact of the original.

Both texts are canonicalised the same way (symbols and their word forms map
to one token) and reduced to facts: each number with its comparison
direction and unit, negation cues, exception cues and time-window cues.
The rewrite passes only if the fact multisets are identical, so a dropped
number, a flipped ``<``, a lost "not" or a changed "within" all fail.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .textscan import may_contain

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_SUPERSCRIPTS = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+")
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "fifteen": "15",
    "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "half": "0.5",
}
# (pattern, canonical token); applied in order, longest phrases first.
_PHRASES: list[tuple[re.Pattern[str], str]] = [(re.compile(p, re.IGNORECASE), t) for p, t in [
    (r"(?:≥|>=|=>|>/=|⩾|≧)", " GE "),
    (r"(?:≤|<=|=<|</=|⩽|≦)", " LE "),
    (r"(?:>|˃|≫)", " GT "),
    (r"(?:<|﹤|≪)", " LT "),
    (r"\b(?:not\s+less\s+than|no\s+less\s+than|not\s+lower\s+than|at\s+least|a\s+minimum\s+of|minimum\s+of|minimum|or\s+more(?!\s+than)|or\s+greater(?!\s+than)|or\s+older(?!\s+than)|or\s+above(?!\s+than)|or\s+higher(?!\s+than)|and\s+(?:above|over|older)|equal\s+to\s+or\s+(?:greater|more|higher)\s+than|greater\s+than\s+or\s+equal\s+to|more\s+than\s+or\s+equal\s+to|higher\s+than\s+or\s+equal\s+to)\b", " GE "),
    (r"\b(?:not\s+more\s+than|no\s+more\s+than|not\s+greater\s+than|no\s+greater\s+than|not\s+exceeding|not\s+to\s+exceed|at\s+most|up\s+to|a\s+maximum\s+of|maximum\s+of|maximum|or\s+less(?!\s+than)|or\s+fewer(?!\s+than)|or\s+lower(?!\s+than)|or\s+younger(?!\s+than)|or\s+below(?!\s+than)|less\s+than\s+or\s+equal\s+to|equal\s+to\s+or\s+less\s+than|lower\s+than\s+or\s+equal\s+to)\b", " LE "),
    (r"\b(?:more\s+than|greater\s+than|higher\s+than|older\s+than|over|above|exceeding|exceeds?|in\s+excess\s+of)\b", " GT "),
    (r"\b(?:less\s+than|fewer\s+than|lower\s+than|younger\s+than|under|below)\b", " LT "),
    (r"\b(?:prior\s+to|before|preceding|previous\s+to)\b", " BEFORE "),
    (r"\b(?:within|in\s+the\s+(?:past|last|previous|preceding))\b", " WITHIN "),
    (r"\b(?:after|following(?!\s*(?::|criteria|conditions|list|items?|is|are)))\b", " AFTER "),
    (r"\b(?:during|throughout)\b", " DURING "),
    (r"\b(?:since)\b", " SINCE "),
    (r"\b(?:until|till)\b", " UNTIL "),
    (r"\b(?:cannot|can't|can\s+not|unable|inability|unwilling|unwillingness|w/o|not|no|none|never|neither|nor|without|absence|absent|n't|lack\s+of|lacks?|lacking|free\s+of)\b", " NEG "),
    (r"\b(?:except|excluding|other\s+than|apart\s+from|unless|besides)\b", " EXC "),
    (r"\b(?:negative)\b", " NEGATIVE "),
    (r"\b(?:positive)\b", " POSITIVE "),
    (r"[x×✕]\s*(?:the\s+)?(?:institutional\s+)?(?:ULN|upper\s+limit\s+of\s+(?:the\s+)?normal(?:\s+range)?)\b", " XULN "),
    (r"\btimes\s+(?:the\s+)?(?:institutional\s+)?(?:ULN|upper\s+limit\s+of\s+(?:the\s+)?normal(?:\s+range)?)\b", " XULN "),
    (r"\b(?:the\s+)?(?:ULN|upper\s+limit\s+of\s+(?:the\s+)?normal(?:\s+range)?)\b", " ULN "),
    (r"\b(?:the\s+)?(?:LLN|lower\s+limit\s+of\s+(?:the\s+)?normal)\b", " LLN "),
]]
# Digits glued to letters ("HbA1c", "CYP3A4", "COVID-19") are names, never changed, so not facts.
_NUMBER = re.compile(r"(?=\d)(?:(?<![\w.^-])(\d+(?:[.,]\d{3})*(?:\.\d+)?)(?![\w])|(?<=[\^])(\d+))")  # (?=\d): 2x faster
_LAB_UNITS = frozenset("""% ‰ ° °c mg g kg mcg µg μg ng pg ml l dl mmol µmol μmol mol meq iu u mu miu mm cm m mmhg bpm ms
msec cells copies points units unit log xuln uln lln times fold cigarettes drinks pack-years kg/m2 kg/m²""".split())
# the counted cues; the comparison cues (GE, LE, GT, LT) are counted with their numbers instead
_CUE = re.compile(r"(?=[ABDELNPSUWX])\b(BEFORE|WITHIN|AFTER|DURING|SINCE|UNTIL|NEG|EXC|NEGATIVE|POSITIVE|XULN|ULN|LLN)\b")
_UNIT = re.compile(r"\s*(%|‰|°|[a-zA-Zµμ/][\w/µμ⁹³²·.^-]*)")
_UNIT_ALIASES = {
    "years": "year", "year": "year", "yrs": "year", "yr": "year", "y": "year", "yo": "year",
    "months": "month", "month": "month", "mo": "month", "mos": "month",
    "weeks": "week", "week": "week", "wk": "week", "wks": "week",
    "days": "day", "day": "day", "d": "day", "hours": "hour", "hour": "hour", "h": "hour", "hr": "hour", "hrs": "hour",
    "minutes": "minute", "min": "minute", "mins": "minute",
}
_RANGE = re.compile(r"(\d)\s*(?:-|–|—|~|～|\bto\b|\bthrough\b)\s*(?=\d)")
_BETWEEN = re.compile(r"\bbetween\s+(\d+(?:\.\d+)?)\s*(?:and|-|–|to)\s*(?=\d)", re.IGNORECASE)
# One pass instead of one regex pass per phrase: an ordered alternation where the
# first listed alternative wins at each position. (Unlike separate passes, this lets
# "in the preceding 30 days" reach WITHIN before "preceding" alone becomes BEFORE.)
# The leading lookahead only lets the engine try the branches where one can start: at a symbol or at a
# word that begins like one of _PHRASE_STARTS (regex pieces: how each phrase begins, lower case; "the\s+[ul]"
# for "the ULN", "the lower limit"). Grouped by first letter, so most words fail it at their first or
# second letter (2.5x faster than a lookahead for any word). tests/eligibility/test_fast_paths.py checks
# that no phrase is skipped.
_PHRASE_STARTS = r"""above absen after and\s apart at\s+[lm] a\s+m before below besides can during equal\s exceed except
excluding fewer\s following free\s greater\s higher\s in\s inab lack less\s lln lower\s maximum minimum more\s n't
negative neither never no older\s or\s other\s over positive preceding previous prior\s since the\s+[ul] throughout till
times uln unable under\b unless until unwilling up\s upper w/o within without younger\s""".split()


def _by_first_letter(starts: list[str]) -> str:
    """ "above|after|at" -> "a(?:bove|fter|t)": the engine tests a word's first letter once per group."""
    groups: dict[str, list[str]] = {}
    for start in starts:
        groups.setdefault(start[0], []).append(start[1:])
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items())


_PHRASE_BRANCHES = "|".join(f"(?P<p{i}>{p.pattern})" for i, (p, _) in enumerate(_PHRASES))
_PHRASE_ANY = re.compile(rf"(?=[≥≤<>=˃≫﹤≪⩾≧⩽≦×✕xX]|\b(?:{_by_first_letter(_PHRASE_STARTS)}))(?:{_PHRASE_BRANCHES})",
                         re.IGNORECASE)
# The same for lower-cased ASCII text, all case-sensitive: the engine skips most words without case folding
# (1.4x faster again), and a branch that starts with a plain letter is passed over on that letter alone
# (1.3x faster again). The branches hold no upper-case letter but the "ULN" and "LLN" they name (and escapes
# of lower-case letters only: \b, \s), so in lower case they find in lower-cased text what IGNORECASE finds.
_PHRASE_LOWERED = re.compile(rf"(?=[≥≤<>=˃≫﹤≪⩾≧⩽≦×✕x]|\b(?:{_by_first_letter(_PHRASE_STARTS)}))"
                             rf"(?:{_PHRASE_BRANCHES.replace('ULN', 'uln').replace('LLN', 'lln')})")
_PHRASE_TOKEN = {f"p{i}": token for i, (_, token) in enumerate(_PHRASES)}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_NUMBER_WORD_LOWERED = re.compile(_NUMBER_WORD.pattern)  # finds in lower-cased ASCII text what _NUMBER_WORD finds


def canonical(text: str) -> str:
    """Map symbols, word comparisons and cues to shared tokens; why: both sides compare equal."""
    if not text.isascii() and _SUPERSCRIPTS.search(text):  # (superscripts are not ASCII)
        text = _SUPERSCRIPTS.sub(lambda m: "^" + m.group(0).translate(_SUPERSCRIPT), text)
    text = text.replace("\u00a0", " ")
    # a case-sensitive look at the lower-cased text first (non-ASCII text always gets the pass: "ſix" folds to "six")
    if not text.isascii() or _NUMBER_WORD_LOWERED.search(text.lower()):
        text = _NUMBER_WORD.sub(lambda m: _NUMBER_WORDS[m.group(1).lower()], text)
    if _HAS_DIGIT.search(text):  # both range rules need digits
        if may_contain(text, "between"):
            text = _BETWEEN.sub(r"between \1 RANGE ", text)
        if _RANGE.search(text):  # (a sub with a "\1" template costs a Python call even where nothing matches)
            text = _RANGE.sub(r"\1 RANGE ", text)
    return _phrase_tokens(text)


def _phrase_tokens(text: str) -> str:
    """``_PHRASE_ANY.sub(_phrase_token, text)``; ASCII text is matched lower-cased (_PHRASE_LOWERED), which finds
    the same phrases (the branches ignore case, and lower-casing ASCII keeps every position); the text
    between them is copied from ``text``."""
    if not text.isascii():
        return _PHRASE_ANY.sub(_phrase_token, text)
    pieces, last = [], 0
    for match in _PHRASE_LOWERED.finditer(text.lower()):  # (no phrase is empty, so this is what sub does)
        pieces += (text[last:match.start()], _PHRASE_TOKEN[match.lastgroup])
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


_HAS_DIGIT = re.compile(r"\d")


def _phrase_token(match: re.Match[str]) -> str:
    return _PHRASE_TOKEN[match.lastgroup]



_CONJ = re.compile(r"\b(and\s*/\s*or|and|or)\b", re.IGNORECASE)
_CONJ_LOWERED = re.compile(_CONJ.pattern)
_PLUS_OR_MINUS = re.compile(r"\bplus\s+or\s+minus\b", re.IGNORECASE)


def conjunctions(text: str) -> tuple[int, int, int]:
    """Counts of "and", "or" and "and/or" ("plus or minus" is a symbol, not a choice)."""
    if may_contain(text, "plus"):
        text = _PLUS_OR_MINUS.sub("±", text)
    # ASCII text lower-cased keeps every word boundary, so a case-sensitive pass finds the same words (faster)
    words = _CONJ_LOWERED.findall(text.lower()) if text.isascii() else [w.lower() for w in _CONJ.findall(text)]
    both = sum(1 for word in words if "/" in word)
    return words.count("and"), words.count("or"), both


@dataclass(frozen=True)
class Facts:
    numbers: Counter
    cues: Counter
    conj: tuple[int, int, int] = (0, 0, 0)

    def missing_from(self, other: "Facts") -> list[str]:
        """Human-readable differences; empty when the facts agree."""
        problems = []
        if not _same_counts(self.numbers, other.numbers):  # (equal is the common case: no Counter subtraction then)
            for fact, count in (self.numbers - other.numbers).items():
                problems.append(f"lost {fact}")
            for fact, count in (other.numbers - self.numbers).items():
                problems.append(f"added {fact}")
        if not _same_counts(self.cues, other.cues):
            for cue in (self.cues - other.cues):
                problems.append(f"lost {cue}")
            for cue in (other.cues - self.cues):
                problems.append(f"added {cue}")
        (and_a, or_a, both_a), (and_b, or_b, both_b) = self.conj, other.conj
        # "and" <-> "or" drift: one kind of list word lost while the other kind appears.
        # (A lexicon phrase may add an "and", as in "brain and spinal cord"; that alone is fine.)
        or_a, or_b = or_a + both_a, or_b + both_b  # "and/or" may become "or" (both inclusive), never "and"
        if (or_b > or_a and and_b < and_a) or (and_b > and_a and or_b < or_a):
            problems.append(f"and/or drift: and {and_a}->{and_b}, or {or_a}->{or_b}, and/or {both_a}->{both_b}")
        return problems


def _same_counts(a: Counter, b: Counter) -> bool:
    """``a == b`` for counts made by counting (none is zero): plain dict equality, in C (Counter's own ``==``
    walks both in Python to treat a missing count as zero)."""
    return dict.__eq__(a, b)


_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DIRECTION_BEFORE = re.compile(r"\b(GE|LE|GT|LT|RANGE)\b")
_DIRECTION_AFTER = re.compile(r"\s*(?:[a-zA-Z/%]+\s+)?(GE|LE|GT|LT)\b")
_UNIT_WORDS = frozenset(_LAB_UNITS) | frozenset(_UNIT_ALIASES.values())


@lru_cache(maxsize=4096)
def extract_facts(text: str) -> Facts:
    """Numbers with (direction, unit) and the cue counts of one text (cached: originals recur)."""
    canon = canonical(text)
    numbers: Counter = Counter()
    for match in _NUMBER.finditer(canon) if _HAS_DIGIT.search(canon) else ():
        raw = match.group(1) or match.group(2)
        value = raw.replace(",", "") if "," in raw and _THOUSANDS.fullmatch(raw) else raw
        before = canon[max(0, match.start() - 14):match.start()]
        cues_before = _DIRECTION_BEFORE.findall(before)
        direction = cues_before[-1] if cues_before else ""
        after = canon[match.end():match.end() + 24]
        unit_match = _UNIT.match(after)
        unit = unit_match.group(1).rstrip(".").lower() if unit_match else ""
        unit = _UNIT_ALIASES.get(unit, unit)
        if unit not in _UNIT_WORDS and "/" not in unit and "^" not in unit:
            unit = ""
        trailing = _DIRECTION_AFTER.match(after)
        if trailing and not direction:
            direction = trailing.group(1)
        numbers[(float(value) if _is_float(value) else value, direction, unit)] += 1
    cues = Counter(_CUE.findall(canon))
    return Facts(numbers, cues, conjunctions(text))


def _is_float(value: str) -> bool:
    try:
        float(value)
        return True
    except ValueError:
        return False


@dataclass(frozen=True)
class FidelityResult:
    ok: bool
    problems: tuple[str, ...]


def check_fidelity(original: str, rewrite: str) -> FidelityResult:
    """Compare the facts of ``original`` and ``rewrite``; strict multiset equality."""
    try:
        problems = extract_facts(original).missing_from(extract_facts(rewrite))
    except Exception as error:  # a checker crash must never let a rewrite through
        return FidelityResult(False, (f"checker error: {error}",))
    return FidelityResult(not problems, tuple(problems))


# --- side check: items the rewrite must never touch ------------------------------------
# An item that still holds a section heading word ("... Exclusion Criteria: ...") or a run of
# bullets was probably mis-split by the parser; rewriting it (with a second-person framing)
# could present exclusions as requirements, so it is shown exactly as the registry typed it.
_SECTION_WORD = re.compile(r"\b(?:inclusion|exclusion|non[- ]?inclusion)\s+criteri", re.IGNORECASE)
_BULLET_MARKS = re.compile(r"•|;\s*-(?=\s*[A-Za-z])|(?<=[\w).%])-\s+(?=[A-Z])|\s-\s+(?=[A-Z])|(?:^|\s)[*▪●◦]\s")
MAX_BULLET_MARKS = 3


def side_check(original: str) -> str | None:
    """Why ``original`` must be shown unchanged, or None when a rewrite may be tried."""
    if may_contain(original, "criteri") and _SECTION_WORD.search(original):
        return "contains an inclusion/exclusion heading word"
    if any(mark in original for mark in "•-*▪●◦") and len(_BULLET_MARKS.findall(original)) > MAX_BULLET_MARKS:
        return "contains more than 3 bullet markers"
    return None
