"""Rule-based plain-English rewriter for one eligibility item.

Steps, each small and predictable so the fidelity checker can vouch for it:
spell out symbols, frame the sentence in the second person ("You can join
if you ..."), then swap or explain medical words from the lexicon.

Long criteria are split only at safe boundaries, and every resulting sentence
carries its own framing so it reads as a real sentence:

* "A; B" and "has A, or is B" (exclusions) -> "You cannot join if you A. You
  cannot join if you B." (either one excludes);
* "A; B" and "has A and is B" (inclusions) -> "You can join if you A. You must
  also B." (both are needed);
* a long bracketed aside at the end -> its own sentence ("This includes ...",
  "This means ...").

A split happens only when every part frames as a whole "you ..." clause and
no part reads as a remark about another ("...; these are allowed").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from .lexicon import EXPLAIN, HEAD, REPLACE, Lexicon, default_lexicon
from .textscan import CaseFolded, may_contain

INCLUDE_OPENER = "You can join if you"
EXCLUDE_OPENER = "You cannot join if you"
INCLUDE_LABEL = "Required:"
EXCLUDE_LABEL = "Not allowed:"
MODAL_OPENER = "To join,"
_OPENERS = (EXCLUDE_OPENER, INCLUDE_OPENER, INCLUDE_LABEL, EXCLUDE_LABEL, MODAL_OPENER)


ALSO_OPENER = "You must also"
_OPENER_AT_SENTENCE = re.compile(
    r"(?:^|(?<=[.!?] ))(?:" + "|".join(re.escape(o) for o in (EXCLUDE_OPENER, INCLUDE_OPENER, INCLUDE_LABEL, EXCLUDE_LABEL,
                                                            MODAL_OPENER, ALSO_OPENER)) + ")")


def strip_opener(plain: str) -> str:
    """The framing words we add ("You cannot join if you") are not facts of the original.

    A criterion split into several sentences repeats the framing, so every
    sentence-initial opener is removed, not only the first.
    """
    return _OPENER_AT_SENTENCE.sub("", plain)


@dataclass
class RewriteContext:
    """Per-trial state: which explained terms were already explained."""

    explained: set[str] = field(default_factory=set)
    pending: list[str] = field(default_factory=list)  # "X means Y." sentences for the current item
    terms_seen: int = 0
    terms_covered: int = 0
    defined: dict[str, str] = field(default_factory=dict)  # "MS" -> "isolated myeloid sarcoma", from this trial's text


_ABBR_DEFINITION = re.compile(r"\b((?:[A-Za-z][\w'-]*\s+){0,5}[A-Za-z][\w'-]*)\s*\(([A-Z][A-Za-z0-9]{1,7})\)")
SAFE_TWO_LETTER = frozenset({"CT"})  # 2-letter abbreviations glossed from the lexicon without a definition in the trial


_ABBR_PAREN = re.compile(r"\(([A-Z][A-Za-z0-9]{1,7})\)")
_ABBR_WORDS_BEFORE = re.compile(r"\b((?:[A-Za-z][\w'-]*\s+){0,5}[A-Za-z][\w'-]*)\s*$")


def _abbreviation_pairs(text: str):
    """What ``_ABBR_DEFINITION.finditer`` yields, found from each "(ABBR)" backwards instead of
    trying the long pattern at every word (the words may not overlap an earlier pair)."""
    last = 0
    for paren in _ABBR_PAREN.finditer(text):
        end = paren.start()
        words = _ABBR_WORDS_BEFORE.search(text, _last_chunks_start(text, max(last, end - 400), end), end)
        if words is None or words.start() < last:
            continue
        last = paren.end()
        yield paren.group(1), words.group(1)


def _last_chunks_start(text: str, pos: int, end: int, count: int = 6) -> int:
    """Where the last ``count`` whitespace-separated chunks of ``text[pos:end]`` begin (``pos`` if there are fewer).

    A match of _ABBR_WORDS_BEFORE ending at ``end`` is at most six words apart by whitespace, so it starts
    there or later: searching from here finds the same match without trying every place in the window."""
    region = text[pos:end]
    split = region.rsplit(None, count)
    if len(split) <= count:
        return pos
    return end - len(region[len(split[0]):].lstrip())


# Abbreviations with two senses in the corpus, where the trial's own subject decides (and rarely defines it):
# LDH is lumbar disc herniation in spine trials (lactate dehydrogenase elsewhere), ASA is aspirin where the trial
# names aspirin (the anaesthesia fitness scale elsewhere). A wrong gloss is worse than none.
# A third item names the cue the lexicon's own sense needs: without either cue the abbreviation is left unexplained.
_CONTEXT_SENSES = {
    "LDH": (re.compile(r"lumbar|dis[ck]|spin(?:e|al)|sciatic|radicul|herniat|protrusion|back pain|\bL[1-5]\b", re.IGNORECASE),
            "lumbar disc herniation, a slipped disc in the lower back",
            re.compile(r"LDH\W{0,3}(?:level|value|[<>≤≥]|\d)|(?:serum|elevated|raised|high|normal)\W+LDH|lactate|ULN", re.IGNORECASE)),
    "ASA": (re.compile(r"\b(?:aspirin|acetylsalicylic)\b", re.IGNORECASE), "aspirin", None),
    # "PCR > 10 mg/dL" is C-reactive protein as Spanish and Portuguese abbreviate it, not the genetic test
    "PCR": (re.compile(r"\bPCR\s*(?:\\?[<>≤≥]=?\s*|of\s+)?\d+(?:[.,]\d+)?\s*mg/|inflammatory markers?\b[^.]{0,40}\bPCR\b"),
            "C-reactive protein, a blood test for inflammation", None),
}


def trial_abbreviations(text: str) -> dict[str, str]:
    """ "Long Name (ABBR)" pairs typed in a trial's criteria: the trial's own meaning of each abbreviation."""
    found: dict[str, str] = {}
    for abbr, (cue, sense, own_cue) in _CONTEXT_SENSES.items():
        if abbr in (text or ""):
            if cue.search(text):
                found[abbr] = sense
            elif own_cue is not None and not own_cue.search(text):
                found[abbr] = ""  # neither sense is clear: no gloss
    for abbr, phrase in _abbreviation_pairs(text or ""):
        if abbr in _DROPPED_NAMES and _DROPPED_NAMES[abbr].search(" ".join(phrase.split()[-4:])):
            continue  # the long name is dropped (short_names); the lexicon explains the short one
        words = phrase.split()
        letters = [c for c in abbr if c.isupper()]
        # keep the shortest tail of words whose initials spell the abbreviation ("isolated myeloid sarcoma (MS)")
        for size in range(1, len(words) + 1):
            tail = words[-size:]
            initials = "".join(w[0].upper() for w in tail)
            if initials == "".join(letters) or (size >= len(letters) and initials.endswith("".join(letters[1:]))
                                                 and tail[0][0].upper() == letters[0]):
                found.setdefault(abbr, " ".join(tail))
                break
    return found


_NOT_A_TO_Z = re.compile(r"[^a-z]")


@lru_cache(maxsize=8192)
def _same_words(a: str, b: str) -> bool:
    """ "Leukaemia" / "leukemia": a gloss that only respells the term says nothing. (Cached: glosses and terms recur.)"""
    def norm(x: str) -> str:
        return _NOT_A_TO_Z.sub("", x.lower()).replace("ae", "e").replace("oe", "e")
    return norm(a) == norm(b)


_CONJ_WORDS = ("or", "and", "and/or", "nor")
# What may follow a repeated word and make it a new phrase ("skin cancer or cancer in situ", "steroid medicines or
# medicines that weaken the immune system"): then "X or X" is two different things, not a doubled word.
_POST_MODIFIER = re.compile(r"\s+(?:in|of|that|which|who|with|without|from|for|caused|due|related|diagnosed|other)\b", re.IGNORECASE)


def _tail_text(out: list[str], size: int = 120) -> str:
    tail = ""
    for piece in reversed(out):
        tail = piece + tail
        if len(tail) >= size:
            break
    return tail


def _word_edge(text: str, index: int) -> bool:
    """Is there no word character at ``index`` (so a phrase ending or starting there is a whole word)?"""
    return index < 0 or index >= len(text) or not (text[index].isalnum() or text[index] in "'-")


def _ends_with_words(text: str, words: str) -> bool:
    return text.endswith(words) and _word_edge(text, len(text) - len(words) - 1)


_LIST_MEMBER_END = re.compile(r"\s*(?:[,;)]|$|(?:or|and|and/or)\b)")


def _would_repeat(out: list[str], text: str, end: int, plain: str) -> bool:
    """Would the replacement stand next to the same words joined by "or"/"and" ("allergy or allergy",
    "poorly controlled or poorly controlled")? Then the two originals were lay synonyms: keep the term.
    (Plain string tests, no per-term regex: this runs for every replaced term.)"""
    low = plain.lower()
    before = _tail_text(out).lower()
    if before[-1:].isspace():
        head, _, conj = before.rstrip().rpartition(" ")
        if conj.endswith(",") and len(conj) > 1 and _LIST_MEMBER_END.match(text, end):
            head, conj = before.rstrip()[:-1], "or"  # "allergy, hypersensitivity, or" (not "allergy, allergy, or")
        head = head.rstrip().rstrip(",").rstrip()  # "understand, follow, and/or comply with" (not "follow, and/or follow")
        if conj in _CONJ_WORDS and _ends_with_words(head, low) and not _POST_MODIFIER.match(text, end):
            return True
        # "pulmonary fibrosis, or interstitial lung disease": not "lung scarring, or lung scarring disease"
        lead = low.rsplit(" ", 1)[0]
        if conj in _CONJ_WORDS and lead.count(" ") >= 1 and _ends_with_words(head, lead):
            return True
    ahead = text[end:end + 80].lower()
    if low in ahead and _listed_again(low).match(ahead):
        return True  # "cerebrovascular accident or TIA, stroke": not "stroke or mini-stroke, stroke"
    after = text[end:end + len(plain) + 12].lower()
    if after[:1].isspace():
        conj, _, rest = after.lstrip().partition(" ")
        rest = rest.lstrip()
        if conj in _CONJ_WORDS and rest.startswith(low) and _word_edge(rest, len(low)) \
                and not _POST_MODIFIER.match(text, end + len(after) - len(rest) + len(low)):
            return True
    return False


@lru_cache(maxsize=2048)
def _listed_again(low: str) -> re.Pattern[str]:
    """ "..., or <low>" a little further on (compiled once per plain phrase; re's own cache holds only 512 patterns)."""
    return re.compile(rf"[^.;()]{{0,40}}?(?:,|\b(?:or|and|and/or)\b)\s+{re.escape(low)}(?=\s*(?:[,;.)]|$|(?:or|and)\b))")


def _hyphen_echo(text: str, start: int, end: int, plain: str) -> bool:
    """ "comply with follow-up" -> "follow follow-up", "anti-blood coagulation" -> "anti-blood blood clotting": the
    swap would echo half of the hyphenated word beside it, so the term stays."""
    if text[end:end + 1] == " " and "-" in text[end + 1:end + 40]:
        last = plain.rsplit(" ", 1)[-1].lower()
        if text[end + 1:end + 2 + len(last)].lower() == last + "-":
            return True
    if start > 1 and text[start - 1] == " " and "-" in text[max(0, start - 40):start]:
        first = plain.split(" ", 1)[0].lower()
        return text[start - 2 - len(first):start - 1].lower() == "-" + first
    return False


_ALTERNATIVES = re.compile(r"^([a-z]+) or ([a-z]+) (\S.*)$")
_LIST_TAIL = re.compile(r"(?:,|\b(?:or|and|and/or))\s+$")
_LIST_MEMBER = re.compile(r"([a-z][a-z-]*)(?=\s*,|\s+(?:or|and|and/or)\b)")


def _listed_alternatives(out: list[str], span: str, plain: str) -> str:
    """ "alcohol or substance abuse" -> "alcohol or other substance misuse", not "alcohol or drug or alcohol misuse":
    when a lay phrase spells out alternatives ("drug or alcohol misuse") that the list before it already names,
    the term's own word comes back with "other" (the list still covers every substance)."""
    found = _ALTERNATIVES.match(plain)
    if not found or " " not in span:
        return plain
    tail = _tail_text(out, 60).lower()
    if not _LIST_TAIL.search(tail):
        return plain
    named = _LIST_MEMBER.findall(tail)
    first = any(word.startswith(found.group(1)) for word in named)
    if first or any(word.startswith(found.group(2)) for word in named):
        # "alcohol or other drug misuse"; with both named, "drug, alcohol, or other substance misuse"
        return f"other {span.split()[0].lower() if first else found.group(1)} {found.group(3)}"
    return plain


def _drop_overlap(out: list[str], text: str, end: int, plain: str) -> str:
    """Drop words of the replacement that the text already has right next to it.

    Before: "blood coagulation" -> "blood clotting" (not "blood blood clotting"), "had undergone" -> "had".
    After: "radiotherapy treatment" -> "radiation treatment" (not "radiation treatment treatment"),
    "myocardial infarction attack" -> "heart attack", "HCV virus" -> "hepatitis C virus".
    """
    words = plain.split(" ")
    tail = _tail_text(out)
    if tail[-1:].isspace():
        bare = tail.rstrip().lower()
        for size in range(len(words), 0, -1):
            if _ends_with_words(bare, " ".join(words[:size]).lower()):
                words = words[size:]
                break
    if len(words) > 1 and text[end:end + 1].isspace():
        following = " ".join(text[end:end + 80].split(None, len(words))[:len(words)]).lower()
        for size in range(len(words) - 1, 0, -1):
            last = " ".join(words[-size:]).lower()
            if following.startswith(last) and _word_edge(following, len(last)):
                words = words[:-size]
                break
    return " ".join(words)


_JOINING = frozenset({"joining the study", "time you join the study"})
# The words before "enrollment"/"study entry" that its plain form must fit: "at enrollment", "before the
# enrollment", "date of enrollment", "at time of study entry".
_BEFORE_JOINING = re.compile(r"(?:(?<![\w'-])(?P<prep>at|during)\s+)?(?:(?<![\w'-])(?P<the>the)\s+)?"
                             r"(?:(?<![\w'-])(?P<when>day|date)\s+of\s+)?$", re.IGNORECASE)


def _fit_preposition(out: list[str], plain: str) -> str:
    """ "at enrollment" -> "at the time you join the study" (not "at joining the study"), "before the enrollment"
    -> "before joining the study", "day of enrollment" -> "the day you join the study"."""
    tail = _tail_text(out)
    if not tail[-1:].isspace():
        return plain
    found = _BEFORE_JOINING.search(tail)
    prep, the, when = found.group("prep"), found.group("the"), found.group("when")
    time_form = plain.lower().startswith("time")
    if when:
        new = f"{the or 'the'} {when} you join the study"
        if prep:
            new = f"{prep} {new}"
    elif prep:
        new = f"{prep} the time you join the study"
    elif the and not time_form:
        new = "joining the study"
    else:
        return plain
    return _replace_tail(out, tail, found.start(), new)


def _replace_tail(out: list[str], tail: str, start: int, new: str) -> str:
    """Remove ``tail[start:]`` from the end of ``out``; return ``new`` in its place, keeping a capital."""
    cut = len(tail) - start
    if tail[start:start + 1].isupper():
        new = new[:1].upper() + new[1:]
    while cut > 0 and out:
        piece = out.pop()
        if len(piece) > cut:
            out.append(piece[:-cut])
            cut = 0
        else:
            cut -= len(piece)
    return new


@lru_cache(maxsize=8192)
def _within(plain: str, span: str) -> bool:
    """ "Total bilirubin means bilirubin": a gloss made only of the term's own words says nothing. (Cached: they recur.)"""
    words = _WORD_ONLY.findall(plain.lower())
    return bool(words) and set(words) <= set(_WORD_ONLY.findall(span.lower()))


_WORD_ONLY = re.compile(r"[a-z0-9]+")


class Rewriter(Protocol):
    """Anything that turns one item into plain text (checked for fidelity afterwards)."""

    def rewrite(self, text: str, section: str, framed: bool, context: RewriteContext) -> str: ...


# --- symbols ---------------------------------------------------------------
# One alternation, scanned once per item; the first listed alternative wins at a
# position and a dispatch function builds the replacement. Rules that used to
# capture a digit before the symbol look behind for it instead, so an earlier
# match (a range "2-3") cannot consume the digit a later rule ("x ULN") needs.
_SYMBOL_RULES: list[tuple[str, object]] = [
    (r"(?<=\d)\s*[x×X*]\s*(?=(?:the\s+)?(?:institutional\s+)?(?:ULN|ULRR|LLN|IULN|upper limit|lower limit)\b)", " times "),
    (r"\b[Aa]ge[ds]?[ \t]*(?:of[ \t]*)?(?:≥|>=|⩾|≧)[ \t]*(\d+)[ \t]*(years?)\b(?:[ \t]*-?old\b|[ \t]+of[ \t]+age\b)?",
     lambda g: f"aged {g[0]} {g[1]} or older"),  # "Age≥18 years old": not "aged 18 years or older old"
    (r"\b[Aa]ge[ds]?[ \t]*(?:of[ \t]*)?(?:≥|>=|⩾|≧)[ \t]*(\d+)(?!\.\d)(?=[ \t]*(?:[,.;)]|$|and\b|or\b|with\b))", lambda g: f"aged {g[0]} or older"),
    (r"\b[Aa]ge[ds]?[ \t]*(?:of[ \t]*)?(?:≤|<=|⩽|≦)[ \t]*(\d+)[ \t]*(years?)\b(?:[ \t]*-?old\b|[ \t]+of[ \t]+age\b)?",
     lambda g: f"aged {g[0]} {g[1]} or younger"),  # "Age≥18 years old": not "aged 18 years or younger old"
    (r"\b[Aa]ge[ds]?[ \t]*(?:of[ \t]*)?(?:≤|<=|⩽|≦)[ \t]*(\d+)(?!\.\d)(?=[ \t]*(?:[,.;)]|$|and\b|or\b|with\b))", lambda g: f"aged {g[0]} or younger"),
    (r"\bbetween\s+(\d+(?:\.\d+)?)\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?)", lambda g: f"between {g[0]} and {g[1]}"),
    # (not "> 10-4": a power of ten, 10^-4, typed without its caret, is no range)
    (r"(?<![\w.])(?:(?<![<>≤≥˃﹤])(?<![<>≤≥˃﹤] )|(?!10-\d(?!\d)))(\d+(?:\.\d+)?)\s*(?:-|–|—)\s*(\d+(?:\.\d+)?)(?![\d-])(?!\s*(?:-|–))",
     lambda g: f"{g[0]} to {g[1]}"),
    (r"(?<=\d)\s*(?:~|～)\s*(?=\d)", " to "),
    # "at least ≥6" / "at ≤50 years of age": one "at least", not "at least at least" or "at at most"
    (r"(?:\b[Aa]t[ \t]+(?:least[ \t]*)?)?(?:≥|>=|=>|>/=|⩾|≧)\s*", " at least "),
    (r"(?:\b[Aa]t[ \t]+(?:most[ \t]*)?)?(?:≤|<=|=<|</=|⩽|≦)\s*", " at most "),
    (r"(?<![-=])(?:>|˃)\s*", " more than "),
    (r"(?<![-=])(?:<|﹤)(?!-)\s*", " less than "),
    (r"±\s*", " plus or minus "),
    (r"\be\.g\.,?", "for example"),
    (r"\bi\.e\.,?", "that is"),
    (r"(?:\band[ \t]+)?\betc\.", "and so on"),  # "and etc." -> "and so on", not "and and so on"
    (r"\bvs\.?(?=\s)", "versus"),
    (r"(?<=\d)\s*(?:yrs?|y/o|yo)\b", "YEARS"),  # "18 yrs"; checked in _symbol below
    (r"\s+/\s+", "/"),
]
# The leading lookahead only lets the engine try the branches where one can start (5x faster than none):
# at a comparison sign, after a digit ("18 yrs", "2 x ULN", "3 ~ 5"), at a number before a dash (a range),
# at " / ", or at the first letters of a rule's words. tests/eligibility/test_fast_paths.py checks it.
_SYMBOLS = re.compile(r"(?=[≥≤<>=˃﹤⩾≧⩽≦±]|(?<=\d)[\sxX×*y~～]|\d[\d.]*\s*[-–—]|\s+/"
                      r"|\b(?:[Aa]ge|[Aa]t[ \t]|and[ \t]+etc|between|e\.g|etc|i\.e|vs))(?:"
                      + "|".join(f"(?P<s{i}>{pattern})" for i, (pattern, _) in enumerate(_SYMBOL_RULES)) + ")")
_SYMBOL_GROUP_BASE = {f"s{i}": _SYMBOLS.groupindex[f"s{i}"] for i in range(len(_SYMBOL_RULES))}
_SYMBOL_REPLACE = {f"s{i}": (replacement, re.compile(pattern).groups) for i, (pattern, replacement) in enumerate(_SYMBOL_RULES)}


def _symbol(match: re.Match[str]) -> str:
    name = match.lastgroup
    replacement, groups = _SYMBOL_REPLACE[name]
    if replacement == "YEARS":
        # the digits must start at a word boundary ("18yrs" yes, "A18yrs" no)
        text, i = match.string, match.start()
        while i > 0 and text[i - 1].isdigit():
            i -= 1
        if i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_"):
            return match.group(0)
        return " years"
    if callable(replacement):
        base = _SYMBOL_GROUP_BASE[name]
        return replacement([match.group(base + k) for k in range(1, groups + 1)])
    return replacement


# "of" goes only between a measurement noun and its value ("hemoglobin of at least 9 g/dL"), never
# after a verb ("had taken more than 6 doses") or before a time window ("study at most 4 weeks before":
# "of at most 4 weeks" would turn a time limit into a duration).
_MEASURE_NOUNS = frozenset("""count counts level levels score scores value values bmi index concentration concentrations
pressure rate fraction clearance creatinine hemoglobin haemoglobin hgb hb platelets platelet bilirubin albumin glucose
potassium sodium calcium magnesium phosphate neutrophils lymphocytes leukocytes titer titre titers saturation ratio
percentage weight size diameter volume length height circumference thickness temperature alt ast psa anc inr qtc qtcf
egfr gfr crcl hba1c fev1 fvc wbc ecog kps karnofsky mmse moca iief iief-5 ipss ejection lvef testosterone tsh ldl hdl
cholesterol triglycerides ferritin vitamin uacr acr proteinuria hematocrit haematocrit viral load cd4 amylase lipase
alp ggt dose doses status grade""".split())
_OF_BEFORE_COMPARISON = re.compile(
    r"\b([A-Za-z][\w-]*[A-Za-z0-9)%])(\)?)\s+(at least|at most|more than|less than)\s+(?=[\d.])")
_TIME_AFTER = re.compile(r"\s*[\d.,]+(?:\s*(?:to|-|–)\s*[\d.,]+)?\s*(?:\(\w+\)\s*)?(?:calendar\s+)?"
                         r"(?:years?|yrs?|months?|weeks?|wks?|days?|hours?|hrs?|minutes?|mins?|half-lives|half\s+lives)\b",
                         re.IGNORECASE)


def _of_before(match: re.Match[str]) -> str:
    noun = match.group(1)
    if noun.lower() not in _MEASURE_NOUNS or _TIME_AFTER.match(match.string, match.end()):
        return match.group(0)
    return f"{noun}{match.group(2)} of {match.group(3)} "


_SPACES = re.compile(r"[ \t]+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:)])")


# What every symbol rule needs: a digit or a sign, or one of its abbreviations (see _may_have_symbol).
_SYMBOL_CHAR = re.compile(r"[\d≥≤<>=˃﹤⩾≧⩽≦±/]")


def _may_have_symbol(text: str) -> bool:
    """Can a _SYMBOL_RULES rule match? Each needs a digit, a comparison sign, "±", "/", "e.g", "i.e", "etc." or "vs";
    why: half the items have none, and one C scan for them is cheaper than the rules' pass."""
    return _SYMBOL_CHAR.search(text) is not None or "e.g" in text or "i.e" in text or "etc." in text or "vs" in text


def spell_out_symbols(text: str) -> str:
    if _may_have_symbol(text):
        text = _SYMBOLS.sub(_symbol, text)
    if "at least" in text or "at most" in text or "more than" in text or "less than" in text:
        text = _OF_BEFORE_COMPARISON.sub(_of_before, text)
    return _single_spaces(text).strip()


def _single_spaces(text: str) -> str:
    """``_SPACES.sub(" ", text)``; why: most texts have no tab or double space, and then it changes nothing."""
    return _SPACES.sub(" ", text) if "  " in text or "\t" in text else text


# --- framing -----------------------------------------------------------------
# "Any subject who ...", "All patients with ...", "A patient who ...", "Those who ...": the reader is the subject.
_SUBJECT = (r"(?:(?:(?:the|any|all|an?|included)\s+)?(?:patients?|subjects?|participants?|individuals?|persons?|people|volunteers?|"
            r"candidates?|pts\.?)|those(?=\s+(?:who|with)\b))")
_RE_SUBJ_WHO = re.compile(rf"^{_SUBJECT}\s+(?:who|that)\s+(\S+)\s*(.*)$", re.IGNORECASE | re.DOTALL)
_RE_SUBJ_MODAL = re.compile(rf"^{_SUBJECT}\s+(must|should|will|shall|need to|needs to|has to|have to)\s+(.*)$", re.IGNORECASE | re.DOTALL)
_RE_SUBJ_WITH = re.compile(rf"^{_SUBJECT}\s+(with|having)\s+(.*)$", re.IGNORECASE | re.DOTALL)
_RE_SUBJ_BE = re.compile(rf"^{_SUBJECT}\s+((?:aged|age|older|younger|between|at least|over|under|currently|on|in|receiving|undergoing|scheduled|planned|planning|eligible|able|unable|willing|unwilling|diagnosed|treated|previously|taking|using|suffering)\b.*)$", re.IGNORECASE | re.DOTALL)
# "Patients whose urine screen is positive" -> "your urine screen is positive"
_RE_SUBJ_WHOSE = re.compile(rf"^{_SUBJECT}\s+whose\s+(?=[a-z])(.*)$", re.IGNORECASE | re.DOTALL)
_RE_SUBJ_VERB = re.compile(rf"^{_SUBJECT}\s+(\S+)\s*(.*)$", re.IGNORECASE | re.DOTALL)
_VERDICT = CaseFolded(r"\b(?:are|is|was|were|(?:will|may|can|should|must|shall)(?:\s+not)?\s+be|cannot\s+be)\s+(?:not\s+)?(?:eligible|allowed|permitted|excluded|included|"
                      r"acceptable|able to join|ineligible)\b")
_RE_AGE_LABEL = re.compile(r"^(?:age|aged)\s*(?:[:：]|-(?=\s))?\s*(?=\d|(?:between|more than|less than|at least|at most|over|"
                           r"under|from)\s+\d)(.*)$", re.IGNORECASE | re.DOTALL)
# "18 years of age or older" -> "you are 18 years of age or older"
_RE_YEARS_OLD = re.compile(r"^\d+\s*(?:to\s+\d+\s+)?years?(?:\s+of\s+age|\s+old|-old)\b(?!\s+(?:and|or)\s+\d)"
                           r"(?![^.;]*\b(?:men|women|males|females|patients|subjects|participants|volunteers|adults|people)\s*[.;]?$)"
                           r"(?!\s+(?:men|women|males?|females?|patients?|subjects?|participants?|adults?|people|persons?|man|woman)\b)(?![^.;]*\b(?:is|are|must|should|will)\b)",
                           re.IGNORECASE)
_STATE_NOUNS = {"pregnancy": "pregnant", "pregnant": "pregnant", "lactation": "breastfeeding", "lactating": "breastfeeding",
                "breastfeeding": "breastfeeding", "breast-feeding": "breastfeeding", "breast feeding": "breastfeeding",
                "nursing": "breastfeeding"}
_STATE_WORD = re.compile(r"breast[- ]?feeding|pregnancy|pregnant|lactation|lactating|nursing", re.IGNORECASE)
_RE_STATES = re.compile(
    r"^((?:pregnancy|lactation|breast[- ]?feeding|pregnant|lactating|nursing)"
    r"(?:\s*(?:,|/|or|and/or|,\s*or)\s*(?:pregnancy|lactation|breast[- ]?feeding|lactating|nursing))*)"
    r"(?:\s+(?:females?|women|woman|patients?|subjects?|participants?|mothers?)){0,2}(\s*[.;,]?)$",
    re.IGNORECASE)
_RE_FIRST = re.compile(r"^(\S+)\s*(.*)$", re.DOTALL)

_BE_FORMS = {"is": "are", "are": "are", "was": "were", "were": "were", "has": "have", "have": "have",
             "had": "had", "does": "do", "do": "do", "did": "did", "be": "are"}
_THIRD_PERSON_VERBS = frozenset("""meets agrees provides understands lives speaks reads writes plans requires needs takes uses
receives suffers presents weighs resides works consents signs wants intends expects demonstrates shows carries tests
experiences develops smokes drinks consumes reports belongs fulfills fulfils satisfies completes qualifies accepts
participates agree anticipates owns possesses exhibits""".split())
_LIVE_ADJECTIVE = re.compile(r"(?:attenuated|vaccines?|virus|viral|bacteri\w*|births?|organisms?)\b", re.IGNORECASE)
_BASE_VERBS = frozenset("""have meet agree provide understand live speak read write plan require need take use receive
suffer present weigh reside work consent sign want intend expect demonstrate show carry experience develop smoke drink
consume report belong fulfill fulfil satisfy complete qualify accept participate undergo comply own possess attend
commit practice practise own anticipate exhibit""".split())
_PAST_VERBS = frozenset("""provided received underwent had completed signed experienced took used developed showed
demonstrated gave participated started stopped smoked attended required needed reported lived""".split())
_EVENT_PARTICIPLES = frozenset("""diagnosed treated born vaccinated infected exposed admitted referred randomized
randomised enrolled operated tested injured bitten transplanted resected""".split())
_STATE_WORDS = frozenset("""able unable willing unwilling eligible capable pregnant breastfeeding lactating nursing fluent
aged male female healthy ambulatory literate competent stable scheduled planned planning allergic intolerant
hospitalized hospitalised available currently older younger over under between aware dependent intubated sexually
hemodynamically clinically medically post-menopausal postmenopausal premenopausal menopausal sterile infertile obese
overweight right-handed left-handed ready fit suitable unsuitable free positive negative seropositive seronegative
resistant refractory intolerant naive naïve na\u00efve on in at""".split())
_NOT_VERBS_ING = frozenset("""ongoing bleeding during including following according existing preexisting pre-existing
remaining underlying morning screening training something nothing anything everything swelling hearing dosing
long-acting short-acting lasting life-threatening sibling wedding imaging staining finding findings setting housing
clothing funding wording rating offspring string thing""".split())
_HAVE_HEADS = re.compile(
    r"(?:itis|osis|emia|aemia|oma|omas|pathy|pathies|algia|ectomy|plasia|trophy|ia|ias|ism|"
    r"disease|diseases|disorder|disorders|infection|infections|cancer|cancers|failure|injury|injuries|history|"
    r"dysfunction|impairment|condition|conditions|illness|illnesses|allergy|allergies|hypersensitivity|symptoms|"
    r"symptom|pain|tumor|tumors|tumour|tumours|lesion|lesions|evidence|diagnosis|malignancy|malignancies|"
    r"abnormality|abnormalities|problems?|syndrome|syndromes|deficiency|insufficiency|metastases|metastasis|"
    r"complications?|contraindications?|carcinoma|ulcers?|wounds?|fracture|fractures|hepatitis|HIV|anemia|"
    r"stroke|attack|arrhythmias?|effusions?|bleeding|thrombosis|embolism|dementia|depression|seizures?|"
    r"epilepsy|addiction|dependence|abuse|hypertension|diabetes|obesity|asthma|angina|mutations?|"
    r"comorbidity|comorbidities|implants?|pacemaker|device|devices|catheter|sensitivity|intolerance|"
    r"risk|score|level|levels|count|function|values?|results?|relationship|signs)$",
    re.IGNORECASE)
_ARTICLE_NOUNS = re.compile(r"^((?:(?:a\s+)?(?:known|documented|prior|previous|past|confirmed|clinical|current|"
                            r"positive|family|medical|significant|recent|personal)\s+)*)(history|diagnosis)\b", re.IGNORECASE)
_NP_HEAD_STOP = re.compile(
    r"\s(?:of|with|to|in|within|aged|who|that|which|who|for|at|as|due|requiring|defined|on|from|by|or|and|including|"
    r"such|other|than|greater|more|less|at|during|before|after|per|using|based|according|via|like|unless|except|"
    r"if|when)\b|[,(;:]", re.IGNORECASE)
# Singular countable heads that need an article after "you have" ("a liver disorder").
_COUNT_HEADS = frozenset("""disorder infection condition illness injury tumor tumour lesion malignancy abnormality
problem syndrome deficiency fracture ulcer wound stroke attack implant pacemaker device catheter allergy
arrhythmia complication contraindication hypersensitivity intolerance neoplasm relationship infarction seizure
aneurysm transplant transplantation accident""".split())  # "you have had a myocardial infarction" (review round 3: "had heart attack")
_DETERMINERS = frozenset("""a an the any no some other one two your his her their its this that these those each every
another all both either neither more most few several many much""".split())
_PERSONS = frozenset("""smoker user drinker participant employee member carrier candidate resident volunteer woman man
adult child patient subject female male athlete donor recipient speaker student worker caregiver partner person
individual vegetarian vegan nonsmoker non-smoker ex-smoker prisoner inmate""".split())
_LABEL_STARTS = frozenset("""participation use treatment receipt administration intake consumption exposure enrollment
enrolment pregnancy lactation failure refusal plan plans need requirement intention subjects
patients people travel vaccination surgery therapy transplantation transplant donation blood
breastfeeding breast-feeding smoking""".split())
_ADVERBS = frozenset("currently previously recently newly clinically medically histologically cytologically "
                     "pathologically radiologically already still also otherwise sexually hemodynamically".split())


def _lower_first(text: str) -> str:
    """Lower-case the first word unless it is an acronym or a name-like token."""
    match = re.match(r"^([A-Z])([a-z'’-]*)\b", text)
    if not match:
        return text
    word = match.group(0)
    if re.match(r"^[A-Z][a-z]+\s+[A-Z][a-z]+", text):
        return _lower_title_run(text)  # "Acute Promyelocytic Leukaemia" is a name, "Abnormal Testosterone level" is not
    if word in {"I"} or re.match(r"^[A-Z]\.[A-Z]|^(?!(?:Non|Post|Pre|Anti|Semi|Multi|Self|Inter|Intra|Peri|Over|Under)-)[A-Z][a-z]{2,}-[A-Z][a-z]", text):
        return text  # "Child-Pugh", "Roland-Morris": a hyphenated name keeps its capitals (review round 3)
    if text[len(word):len(word) + 1] in ("/", "'", "\u2019") or "'" in word or "\u2019" in word or re.match(r"^[A-Z][a-z]+\s+(?:and|or|&)\s+[A-Z]", text):
        return text  # "H/O", "Burkitt's", "Hoehn and Yahr" are names or abbreviations
    if 2 <= len(word) <= 3 and not re.search(r"[aeiouy]", word.lower()):
        return text  # "Hb", "Hgb", "Mg": a short word without a vowel is an abbreviation
    return word.lower() + text[len(word):]


_TITLE_RUN = re.compile(r"^(?:[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?[ \t]+(?:(?:or|and)[ \t]+(?=[A-Z][a-z]))?)+(?=(\S+))")
# words of a title-cased run that still name something when lower-cased: the lexicon's own lower-case words plus
# everyday ones (an eponym, "Gleason", "Charcot", "Down", is none of them, so its run keeps its capitals)
_COMMON_TITLE_WORDS = frozenset("""abnormal active acute adult older existing any previous prior history total frequency
preoperative combined persistent modified left right long-term longterm spinal stroke tumour tumor evidence based
criteria clotting psychological testosterone thyroid stimulating hormone level diagnosis histological post radical
penile pelvic biopsy erectile function domain vasculogenic dysfunction suspected virologic failure severe serious
untreated uncontrolled current chronic known significant recent new other abnormalities abnormality heart
myocardial coronary artery disease diabetes cancer fracture surgery trauma allergy presence use""".split())


_NAME_WORD = re.compile(r"\b(?:Group|Association|Index|Scale|Study|Society|Organi[sz]ation|Institute|Cent(?:er|re)|Score|"
                        r"Status|Classification|Questionnaire|Inventory|Criteria|Test|Trial|Network|Foundation|College)\b")


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    words = set(_COMMON_TITLE_WORDS)
    for entry in default_lexicon().entries:
        if entry.term == entry.term.lower():
            words.update(_WORD_ONLY.findall(entry.term))
        words.update(_WORD_ONLY.findall(entry.plain.lower()))
    return frozenset(words)


def _lower_title_run(text: str) -> str:
    """ "Abnormal Testosterone or Thyroid ..." at the start of an item: title case from the registry's form, not a name,
    so "you have abnormal testosterone ..." once every word of the leading run is an everyday word and a lower-case
    word follows it. A run followed by its abbreviation ("Body Mass Index (BMI)") or by more capitals is a name."""
    run = _TITLE_RUN.match(text)
    if not run or not run.group(1)[:1].islower() or re.match(r"(?:of|and|or|for|in)\b", run.group(1)):
        return text
    words = [w for w in run.group(0).split() if w not in ("or", "and")]
    if _NAME_WORD.search(run.group(0)):
        return text  # "Eastern Cooperative Oncology Group Performance Status": an institution's or a scale's name
    common = _common_words()
    if not all(part in common for w in words for part in w.lower().split("-")):
        return text
    return run.group(0).lower() + text[run.end():]


# "their" in a criterion about the reader is the reader's ("on their smartphone", "given their consent"), except
# where it belongs to a thing ("study drugs or their components") or to a third person named before it.
_THEIR_THING = re.compile(r"\b(?:any|some|all|each|one|none|both) of their\b|\btheir\s+(?:inactive\s+|other\s+)?(?:ingredients?|"
                          r"components?|constituents?|excipients?|class|classes|metabolites?|derivatives?|analogues?)\b",
                          re.IGNORECASE)
_THIRD_PERSON_BEFORE_THEIR = re.compile(r"\b(?:partners?|parents?|child(?:ren)?|spouses?|caregivers?|representatives?|"
                                        r"guardians?|family|relatives?|doctors?|clinicians?|patients?|subjects?|people)\b[^.]*\btheir\b",
                                        re.IGNORECASE)


def _their_to_your(clause: str) -> str:
    if "the" not in clause or not clause.startswith("you ") or ("their" not in clause and "themselves" not in clause) or _THEIR_THING.search(clause) or _THIRD_PERSON_BEFORE_THEIR.search(clause):
        return clause
    return re.sub(r"\btheir\b", "your", re.sub(r"\bthemselves\b", "yourself", clause))


# "his"/"her"/"him" likewise ("must agree not to donate his sperm", "a condition that would expose him to a risk"),
# unless another person is named before the pronoun ("a woman whose partner ... her").
_THIRD_PERSON_BEFORE_HIS = re.compile(r"\b(?:partners?|parents?|child(?:ren)?|spouses?|wife|husband|caregivers?|representatives?|"
                                      r"guardians?|family|relatives?|doctors?|physicians?|investigators?|clinicians?|patients?|"
                                      r"subjects?|people|person|participants?|woman|women|man|men|mother|father|donors?|"
                                      r"someone|anyone|others?|sponsors?|staff|dr|mr|mrs|ms)\b[^;]*?\b(?:his|her|him|himself|herself)\b", re.IGNORECASE)
_HIS_HER = re.compile(r"\b(?:him/herself|himself/herself|his/her|her/his|him/her|her/him|his|him|himself|herself|her)\b(?P<next>\s+[\w-]+|[^\w]|$)")
_OBJECT_NEXT = re.compile(r"\s+(?:to|from|at|in|on|with|for|and|or|by|as|if|when|unless|that|who)\b|\s*[^\w\s]|\s*$")


_HIS_HER_WORD = re.compile(r"\b(?:his|her|him|himself|herself)\b")


def _his_her_to_your(clause: str) -> str:
    if (" hi" not in clause and " her" not in clause) or not clause.startswith("you ") or not _HIS_HER_WORD.search(clause) \
            or _THIRD_PERSON_BEFORE_HIS.search(clause):
        return clause

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)[: match.start("next") - match.start()]
        if word.endswith("self"):
            new = "yourself"
        elif word in ("him", "him/her", "her/him") or (word == "her" and _OBJECT_NEXT.match(match.group("next"))):
            new = "you"
        else:
            new = "your"
        return new + match.group("next")
    return _HIS_HER.sub(swap, clause)


_CAPITAL_HEAD = re.compile(r"^(you (?:have had|have|had|are|were) )([A-Z][a-z]+)(?=[ /][a-z])")


def _lower_swapped_head(clause: str, original: str) -> str:
    """"you have Erection problems" -> "you have erection problems": a capital the lexicon carried over from a
    title-cased name it replaced ("Erectile Dysfunction"). A word the record itself typed keeps its case."""
    match = _CAPITAL_HEAD.match(clause)
    if not match or re.search(rf"\b{match.group(2)}\b", original):
        return clause
    return match.group(1) + match.group(2).lower() + clause[match.end():]


def _reader_pronouns(clause: str) -> str:
    """ "their"/"his"/"her" of a "you ..." clause are the reader's (see the two rules above)."""
    return _his_her_to_your(_their_to_your(clause))


def _base_form(verb: str) -> str:
    low = verb.lower()
    if low in _BE_FORMS:
        return _BE_FORMS[low]
    if low.endswith("ies"):
        return low[:-3] + "y"
    if low.endswith(("sses", "shes", "ches", "xes", "zes")):
        return low[:-2]
    return low[:-1] if low.endswith("s") else low


# (verbs that are also plural nouns, "signs and symptoms", "tests", "plans", "reports", only before an object word)
_AGREEMENT = re.compile(r"(?<=\s)(or|and)\s+(has|is|was|does|(?:" + "|".join(sorted(_THIRD_PERSON_VERBS - {"agree"}))
                        + r")(?![/-])(?!\s+(?:and|or|of|for|that|which)\b)(?!\s*[,.;:)]|$))\b")
_AGREE = {"has": "have", "is": "are", "was": "were", "does": "do"}
# "you are unable to complete training, has cognitive deficits": a verb after a comma in a list of "you" clauses
_COMMA_AGREEMENT = re.compile(r"(?<=\S)(,)\s+(has|is|was|does)\b(?!\s*[,.;:)]|$)")
# ... unless the verb is a relative clause's own ("a medicine that, in the PI's opinion, is likely to ...")
_LAST_RELATIVE = re.compile(r".*\b(?:that|which|who)\b", re.DOTALL)
_SOME_VERB = re.compile(r"\b(?:\w+ed|is|are|was|were|has|have|had|can|may|might|will|would|should|must|does|do)\b")


def _relative_without_verb(clause: str, comma: int) -> bool:
    relative = _LAST_RELATIVE.match(clause, 0, comma)
    return bool(relative) and not _SOME_VERB.search(clause, relative.end(), comma)
# "a cancer that is growing or has needed treatment": the later verb belongs to the "that" clause, not to "you"
_SINGULAR_RELATIVE = re.compile(r"\b(?:that|which|who)\s+(?:is|has|was|does|can|may|might|could|would|will|must|should|\w+s)\b"
                                r"(?![^,;]*[,;])")


def _agree(clause: str, depths: list[int], match: re.Match[str]) -> str:
    if depths[match.start()] or _SINGULAR_RELATIVE.search(clause, 0, match.start()) or ". " in clause[:match.start()]:
        return match.group(0)  # (a verb after a full stop starts another sentence: "... system. g) The subject refuses")
    verb = match.group(2)
    return f"{match.group(1)} {_AGREE.get(verb) or _base_form(verb)}"


# "Subjects who used X, or those who need Y": "those" is the reader again ("..., or you need Y"); any other "those"
# joined to a "you" clause ("and those on a diet", "as those who ...") names other people: no "you" sentence then.
_THOSE = re.compile(r"\b(?:(or)|and|and/or|as well as|(?<!such )as)\s+those\b(?:\s+(who)\s+([a-z]+)\b)?", re.IGNORECASE)
_THOSE_SINGULAR = frozenset("is has was does".split())


def _those_to_you(clause: str) -> str | None:
    if "those" not in clause:
        return clause
    depths = _paren_depths(clause)
    for match in reversed(list(_THOSE.finditer(clause))):
        if depths[match.start()]:
            continue
        if not (match.group(1) and match.group(2)) or match.group(3).lower() in _THOSE_SINGULAR:
            return None
        clause = clause[:match.start()] + f"{match.group(1)} you {match.group(3)}" + clause[match.end():]
    return clause


# "You have a condition that would get in the way of the patient's ability ..., would place the patient at risk":
# in a sentence about the reader, "the patient"/"the subject" is the reader too -> "your ability", "place you at risk",
# "unless you have been free of the disease". Not where the reader is someone else ("you are the patient's
# caregiver"), nor after a relation word ("the partner of the patient"), nor before a noun ("the patient diary",
# "the individual observation period", "the research subject's"): only a possessive, or a word that cannot be the
# noun's own noun follows.
_READER_NOUN = r"(?:patient|subject|participant|individual|volunteer)"
_READER_NOUN_USE = re.compile(
    rf"(?<![\w'-])(?P<poss_det>(?:the|this|that|a|an|each|any)\s+)?{_READER_NOUN}(?:'s|’s)(?=\s)"
    rf"|(?<![\w'-])(?P<det>the|this)\s+{_READER_NOUN}\b(?![/'’-])(?P<next>\s*(?:[,.;:)]|$)|\s+(?P<word>[a-z]+)\b)"
    rf"|\b(?P<lead>(?:place|put|expose|endanger|prevent)s?\s+){_READER_NOUN}(?=\s+(?:at|to|from)\b)"
    rf"|\b(?P<lead2>(?:compromise|jeopardi[sz]e|endanger|affect|prevent)s?\s+)(?:patient|subject|participant)"
    rf"(?=\s+(?:safety|compliance|well-being|wellbeing)\b)"
    rf"|(?P<lead3>[(,;]\s*){_READER_NOUN}(?=\s+(?:must|should|will|may|can|cannot)\b)",  # "(..., participant must state"
    re.IGNORECASE)
_AFTER_READER_NOUN = frozenset("""at to from in into by before after unless until without unsuitable unable ineligible
inappropriate appropriate suitable eligible incapable not""".split())
_READER_VERB_LIST = re.compile(r"(?:,\s*(?:or\s+|and\s+)?(?:has|is|was|does)\b)+")
# a later verb of the same subject ("the patient is incapable of judgment or is under tutelage")
_READER_LATER_VERB = re.compile(r"^[^.;:()]*?\b(?:or|and|but)\s+(has|is|was|does)\b")
_READER_IS_OTHER = re.compile(r"^(?:if )?you (?:are|were|have been) (?:an? |the )?(?:[\w-]+ ){0,2}(?:caregivers?|carers?|parents?|"
                              r"guardians?|relatives?|family members?|spouses?|partners?|donors?|mothers?|fathers?|"
                              r"representatives?|proxy|proxies|surrogates?|informants?|staff|clinicians?|physicians?|"
                              r"nurses?|doctors?|investigators?)\b")
_RELATION_OF = re.compile(r"\b(?:caregivers?|carers?|parents?|guardians?|relatives?|family|spouses?|partners?|donors?|"
                          r"mothers?|fathers?|representatives?|proxy|surrogates?|children|child)\s+(?:of|for)\s+$", re.IGNORECASE)
_NOT_BEFORE_BARE_POSSESSIVE = frozenset("""study research trial index child children cohort
arm control group site household registry program programme healthy human adult""".split())


# "the ability of the patient to ...", "the best interest of the participant" -> "your ability to ...", "your best interest"
_NOUN_OF_READER = re.compile(rf"\bthe ([a-z]+(?:-[a-z]+)?(?: [a-z]+)?) of (?:the|this) {_READER_NOUN}\b(?![/'’-])"
                             r"(?=\s+(?:to|or|and|in|during|at|for)\b|\s*[,.;:)]|\s*$)")
# "before randomization of the participant" -> "before your randomization"; "a serious condition of the patient" at
# the end of a "you have" clause says nothing more than "a serious condition"
_EVENT_OF_READER = re.compile(rf"\b(?:the\s+)?(randomi[sz]ation|enrol?lment|inclusion|registration|screening|admission|"
                              rf"discharge|surgery|treatment) of (?:the|this) {_READER_NOUN}\b(?![/'’-])")
_OF_READER_AT_END = re.compile(rf"^(you have an? [^,;()]*?) of (?:the|this) {_READER_NOUN}(\s*[.;]?)$")
# a new sentence (or a capitalised note after a colon: "use: Document ... patient's response") has its own subject
_NEXT_SENTENCE = re.compile(r"[.!?]\s+\S|:\s+[A-Z]")
# "he"/"she" likewise, unless another person is named before it
_HE_SHE = re.compile(r"\b(?:he or she|she or he|he/she|she/he|s/he|he|she)\s+(?P<verb>[a-z]+)\b")
_OTHER_BEFORE_HE = re.compile(r"\b(?:partners?|parents?|child(?:ren)?|spouses?|wife|husband|caregivers?|representatives?|"
                              r"guardians?|family|relatives?|doctors?|physicians?|investigators?|clinicians?|patients?|"
                              r"subjects?|people|person|participants?|woman|women|man|men|mother|father|donors?|"
                              r"someone|anyone|others?|sponsors?|staff|dr|mr|mrs|ms|individuals?|volunteers?)\b[^;]*?"
                              r"\b(?:he|she|s/he)\b", re.IGNORECASE)
_MODALS = frozenset("will would could might should may must can cannot had did".split())
_HE_WORD = re.compile(r"\b(?:he|she|s/he)\s")


def _reader_verb(word: str) -> str | None:
    """The verb after "the patient"/"he" with "you" as its subject, or None when the word is no verb we know."""
    if word in _BE_FORMS and word not in ("be", "had", "did"):
        return _BE_FORMS[word]
    if word in _THIRD_PERSON_VERBS or (word.endswith("s") and _base_form(word) in _BASE_VERBS | _WHO_BASE):
        return _base_form(word)
    if word in _MODALS or (word in _PAST_VERBS and word != "reported"):  # ("the patient reported outcomes")
        return word
    return None


def _later_verbs(clause: str, end: int, limit: int) -> tuple[str, int]:
    """ "has, is, or will be" / "is X or is Y": the same subject's later verbs agree too (returns the text from
    ``end`` up to the new end, and the new end)."""
    tail = ""
    verbs = _READER_VERB_LIST.match(clause, end)
    if verbs:
        tail, end = re.sub(r"\b(?:has|is|was|does)\b", lambda w: _BE_FORMS[w.group(0)], verbs.group(0)), verbs.end()
    later = _READER_LATER_VERB.match(clause[end:limit])
    if later and not re.search(r"\b(?:that|which|who)\b", later.group(0)):
        start = end + later.start(1)
        tail += clause[end:start] + _BE_FORMS[later.group(1)]
        end = start + len(later.group(1))
    return tail, end


def _reader_nouns_to_you(clause: str) -> str:
    has_he = "he " in clause and _HE_WORD.search(clause) is not None
    if not (has_he or "patient" in clause or "subject" in clause or "articipant" in clause or "individual" in clause
            or "volunteer" in clause) or _READER_IS_OTHER.match(clause):
        return clause
    clause = _NOUN_OF_READER.sub(lambda m: m.group(0) if _RELATION_OF.search(m.group(1) + " of ")
                                 else f"your {m.group(1)}", clause)
    clause = _OF_READER_AT_END.sub(r"\1\2", _EVENT_OF_READER.sub(r"your \1", clause))
    stop = _NEXT_SENTENCE.search(clause)  # "... system. g) The subject refuses": another sentence, its own subject
    limit = stop.start() if stop else len(clause)
    out, last = [], 0
    for match in _READER_NOUN_USE.finditer(clause, 0, limit):
        before = clause[max(0, match.start() - 40):match.start()]
        if _RELATION_OF.search(before):
            continue  # "the partner of the patient"
        if match.group("lead2"):
            new, end = match.group("lead2") + "your", match.end()  # "compromise patient safety"
        elif match.group("lead3"):
            new, end = match.group("lead3") + "you", match.end()
        elif match.group("lead"):
            new, end = match.group("lead") + "you", match.end()  # "would place patient at increased risk"
        elif match.group("det") is None:  # a possessive
            prev = before.rsplit(None, 1)[-1].lower() if before.strip() else ""
            if not match.group("poss_det") and (prev in _NOT_BEFORE_BARE_POSSESSIVE or prev[:1].isupper()):
                continue  # "the research subject's taking part": not "the research your"
            new, end = "your", match.end()
        else:
            if clause.endswith(" of", 0, match.start() - 1):
                continue  # "the taking part of the subject in the study" (not "of you")
            word = (match.group("word") or "").lower()
            end = match.end()
            verb = _reader_verb(word) if word else None
            if not word or word in _AFTER_READER_NOUN:
                new, end = "you", match.start("next")
            elif verb is not None:
                tail, end = _later_verbs(clause, end, limit)
                new = "you " + verb + tail
            else:
                continue  # "the patient diary", "the individual observation period", "the subject fulfilling"
        out.append(clause[last:match.start()])
        out.append(new)
        last = end
    if out:
        out.append(clause[last:])
        clause = "".join(out)
    if has_he and not _OTHER_BEFORE_HE.search(clause):
        for match in reversed(list(_HE_SHE.finditer(clause, 0, limit))):
            verb = _reader_verb(match.group("verb"))
            if verb is not None:
                tail, end = _later_verbs(clause, match.end(), limit)
                clause = clause[:match.start()] + "you " + verb + tail + clause[end:]
    return clause


# "Known rheumatoid arthritis or who are immunocompromised" -> "you have known rheumatoid arthritis or are
# immunocompromised": a "who" joined to a "you" clause by "or"/"and" has the reader as its subject (unless the clause
# already has a "who" of a person it names: "a woman who is pregnant, nursing, or who plans ...")
_OR_WHO = re.compile(r"(?<=\s)(or|and|and/or)\s+who(,[^,;()]{3,80},)?\s+([a-z]+)\b")


def _or_who_to_you(clause: str) -> str:
    if " who" not in clause:
        return clause
    first = _OR_WHO.search(clause)
    if first is None or re.search(r"\bwho(?:m|se)?\b", clause[:first.start()]):
        return clause
    return _OR_WHO.sub(lambda m: f"{m.group(1)}{m.group(2) or ''} {_reader_verb(m.group(3)) or m.group(3)}", clause)


_ANOTHER_GROUP = re.compile(r"(?<=\S)(?:\s*,\s*|\s+)(?:or|and|and/or)\s+(?:other\s+)?(?:patients|subjects|participants|individuals|"
                            r"persons|people)\b(?!\s+taking\s+part)", re.IGNORECASE)


def frame_body(text: str) -> tuple[str, str] | None:
    """Frame a criterion (see :func:`_frame_body`) and make later verbs agree with "you"."""
    framed = _frame_body(text)
    if framed is None or _VERDICT.search(text):
        return None  # "X is allowed", "Subjects with X are eligible" are remarks, not "you ..." clauses
    if _ANOTHER_GROUP.search(text):
        return None  # "X or patients who cannot take pills": "You have X or patients who ..." joins a group to "you"
    if framed[1].startswith(("you ", "if you ")):
        framed = (framed[0], _those_to_you(_or_who_to_you(_reader_nouns_to_you(_ability_nouns_as_adjectives(framed[1])))))
        if framed[1] is None:
            return None
    depths = _paren_depths(framed[1])
    # "your partner is pregnant, ... or is restricted": the subject of a "your ..." clause is a third person
    clause = framed[1]
    if not clause.startswith("your "):
        clause = _AGREEMENT.sub(lambda m: _agree(framed[1], depths, m), clause)
        if framed[0] == "you" and (", has " in clause or ", is " in clause or ", was " in clause or ", does " in clause):
            clause = _COMMA_AGREEMENT.sub(lambda m: m.group(0) if _relative_without_verb(clause, m.start())
                                          else _agree(clause, _paren_depths(clause), m), clause)
    return framed[0], _plain_history(clause)


# "you have a history of X" -> "you have had X"; "you have a diagnosis of X" -> "you have X".
_HISTORY = re.compile(r"^you (?:have|had) (?:a |any )?(?:(?:past|prior|previous|personal) )?(?:medical )?history of (?!(?:at least|at most|more|less|or|and|and/or)\b)")
_HISTORY_OR = re.compile(r"^you (?:have|had) (?:a )?(?:(?:past|prior|previous) )?(?:medical )?history (?:or|and/or) (?:current |active )?"
                         r"(?:presence|evidence) of (?!(?:at least|at most|more|less)\b)")
_DIAGNOSIS = re.compile(r"^you have (?:a )?diagnosis of (?=\w)")


# "a diagnosis of X using a structured interview": the method belongs to the diagnosis ("you have X using ..." reads
# as if you used it), so the diagnosis stays
_DIAGNOSED_BY = re.compile(r"\b(?:using|via|made)\b|(?<!ed )\bby\b", re.IGNORECASE)


def _plain_history(clause: str) -> str:
    m = _HISTORY_OR.match(clause)
    if m:
        return "you have or have had " + clause[m.end():]
    m = _HISTORY.match(clause)
    if m and not re.search(r"\b(?:positive|negative)\b", clause):  # "a history of HIV antibody positive" stays
        return "you have had " + _article_for_count_noun(clause[m.end():])
    m = _DIAGNOSIS.match(clause)
    if m and _DIAGNOSED_BY.search(_BRACKETED.sub("", clause), m.end()):
        return clause if clause.startswith("you have a ") else "you have a " + clause[len("you have "):]
    if m:
        return "you have " + _article_for_count_noun(clause[m.end():])
    return clause


_PAST_WINDOW = CaseFolded(r"\b(?:within|in the (?:past|last|previous|preceding)|prior to|before|previous|previously|"
                          r"recent|recently|ever|last|ago)\b")
_PRESENT_CUE = CaseFolded(r"\b(?:during|currently|current|concurrent|ongoing|simultaneous|same time|planned|plan|"
                          r"while|after|until|throughout|or\s+will)\b")
_NC_PRESENCE = re.compile(r"^(?:the\s+)?presence\s+of\s+(?=\w)", re.IGNORECASE)
_FUTURE_VERB = re.compile(r"\b(?:will|would|shall)\b", re.IGNORECASE)
_NC_USE = re.compile(r"^(current\s+)?use\s+of\s+(?=\w)", re.IGNORECASE)
_NC_PART = re.compile(r"^(?:current\s+)?(?:participation|taking\s+part)\s+in\s+(?=\w)", re.IGNORECASE)
_NC_TREATED = re.compile(r"^(?:prior|previous|past)\s+(treatment|therapy)\s+with\s+(?=\w)", re.IGNORECASE)
_NC_ALLERGY = re.compile(r"^(?:a\s+)?(?:known\s+)?(?:allergy|allergies|hypersensitivity)\s+to\s+(?=\w)", re.IGNORECASE)


_NC_ABSENCE = re.compile(r"^(absence|lack)\s+of\s+(?=\w)", re.IGNORECASE)
_LIST_AFTER_ABSENCE = re.compile(r",|\b(?:or|and|and/or|nor)\b", re.IGNORECASE)
_NC_LIFE = re.compile(r"^(estimated\s+)?life\s+expectancy\s+(?=of\s+(?:at least|at most|more than|less than|\d))", re.IGNORECASE)
_NC_LIFE_IS = re.compile(r"^(?:estimated\s+)?(?:life\s+expectancy|expected\s+survival)\s+(?=(?:at least|at most|more than|less than)\s+\d)",
                         re.IGNORECASE)
_CONFIRMED_BY = r"(?:histologically|cytologically|pathologically|radiologically|clinically|histopathologically)"
_NC_CONFIRMED_DIAGNOSIS = re.compile(rf"^{_CONFIRMED_BY}(?:\s*(?:,|and/or|or|and|/)\s*{_CONFIRMED_BY})*\s+"
                                     r"(?:confirmed|proven|documented|verified)\s+(diagnosis|evidence)\s+of\s+(?=\w)", re.IGNORECASE)
_NC_SEXUALLY_ACTIVE = re.compile(r"^sexually\s+active\b(?!\s+(?:men|women|males|females|patients?|subjects?|participants?|"
                                 r"partners?|adults?|persons?|people|couples?)\b)", re.IGNORECASE)
_FUTURE_CUE = CaseFolded(r"\b(?:scheduled|expected|anticipated|will|planning|require|requires|requiring|need|needs|"
                         r"needing|likely)\b")
_NC_PRIOR = re.compile(r"^(prior|previous|past)\s+(\S.*)$", re.IGNORECASE | re.DOTALL)
_KNOWN_TO = re.compile(r"known\s+to\s+(?:be|have)\s", re.IGNORECASE)
_NC_RECEIPT = re.compile(r"^receipt\s+of\s+(?=\w)", re.IGNORECASE)
_PROCEDURE_HEADS = frozenset("""treatment treatments therapy therapies radiotherapy radiation irradiation chemotherapy
immunotherapy chemoradiotherapy chemoradiation surgery surgeries operation operations procedure procedures transplant
transplantation transplants implantation intervention interventions resection resections vaccination vaccinations
infusion infusions injection injections biopsy biopsies ablation angioplasty stenting prostatectomy hysterectomy
radiosurgery brachytherapy embolization embolisation rt""".split())
_NC_X_USE = re.compile(r"^(current\s+)?([A-Za-z][a-z-]+(?:\s+[a-z][a-z-]+)?)\s+use\s*([.;]?)$", re.IGNORECASE)
_MASS_USED = frozenset("""tobacco alcohol cannabis marijuana nicotine insulin heroin cocaine caffeine oxygen methadone
aspirin warfarin heparin""".split())
_NOT_USED = frozenset("""current past prior previous recent regular chronic daily concomitant concurrent any no
the a an""".split())


# A time window in the past ("within the last 6 months", "in the past 5 years", "3 months ago"): a condition
# named with one is something you have had ("Stroke within the last 6 months" -> "you have had a stroke ...").
_PAST_SPAN = re.compile(r"\b(?:within|in\s+the\s+(?:past|last|previous|preceding)|during\s+the\s+(?:past|last|previous|preceding))\b"
                        r"[^.;()]{0,30}?\b(?:days?|weeks?|months?|years?|hours?|wks?|yrs?)\b|\bago\b", re.IGNORECASE)
_NOW_CUE = CaseFolded(r"\b(?:during\s+(?:the\s+)?(?:study|trial|treatment|run-in|screening)|currently|current|concurrent|ongoing|"
                      r"active|actively|planned|plan|while|until|throughout|or\s+will|at\s+(?:the\s+)?(?:time|screening|baseline|"
                      r"enrol+ment|entry|visit)|present|presence|persistent|chronic|still|"
                      # states checked now (a window there dates the test, not the condition): "Adequate organ
                      # function within 7 days before" is not "you have had ..."
                      r"adequate|sufficient|insufficient|good\s+enough|uncontrolled|symptomatic|known|acute|untreated|unstable)\b")
# A window inside brackets or after a note or ";" belongs to something else than the criterion's own clause.
_BRACKETED_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_MAIN_CLAUSE_END = re.compile(r"[;(\[]|\bnote\b", re.IGNORECASE)
_PARTICIPLE_START = re.compile(r"(?:met|been|done|given|taken|received|undergone|completed|signed|had)\b", re.IGNORECASE)


def _have(text: str, body: str) -> str:
    """ "you have <body>", or "you have had <body>" when the record names the condition with a past window only."""
    main_clause = _MAIN_CLAUSE_END.split(_BRACKETED_ASIDE.sub(" ", text), 1)[0]
    if _PAST_SPAN.search(main_clause) and not _NOW_CUE.search(text) and not re.match(r"(?:a history|any history)\b", body) \
            and not _PARTICIPLE_START.match(body):
        return "you have had " + body
    return "you have " + body


def _noun_criterion(text: str) -> tuple[str, str] | None:
    """Frequent noun-phrase criteria as "you ..." clauses ("Use of X" -> "you use X").

    Tense follows the time words: a past window ("within 30 days before") gives
    "you have used"; a present or future cue keeps the present; both at once
    ("during the study or within 90 days") is left alone.
    """
    past, present = bool(_PAST_WINDOW.search(text)), bool(_PRESENT_CUE.search(text))
    m = _NC_PRESENCE.match(text)
    if m:
        if _FUTURE_VERB.search(text, m.end()):
            return None  # "Presence of any of the following will exclude the patient": the phrase is a subject
        return "you", _have(text, text[m.end():])
    m = _NC_ALLERGY.match(text)
    if m and not re.match(r"(?:or|and|any of)\b", text[m.end():], re.IGNORECASE):
        return "you", "you are allergic to " + text[m.end():]
    m = _NC_USE.match(text)
    if m:
        rest = text[m.end():]
        if m.group(1):
            return ("you", "you currently use " + rest) if not past else None
        if past and present:
            return None
        return "you", ("you have used " if past else "you use ") + rest
    m = _NC_X_USE.match(text)
    if m and m.group(2).lower() not in _NOT_USED:
        thing = m.group(2)
        last = thing.split()[-1].lower()
        if last not in _MASS_USED and not last.endswith("s"):
            thing += "s"  # "Nitrate use" -> "you use nitrates"
        return "you", ("you currently use " if m.group(1) else "you use ") + _lower_first(thing) + m.group(3)
    m = _NC_PART.match(text)
    if m:
        rest = text[m.end():]
        if past and present:
            return None
        return "you", ("you have taken part in " if past else "you are taking part in ") + rest
    m = _NC_TREATED.match(text)
    if m and not present:
        return "you", "you have had " + m.group(1).lower() + " with " + text[m.end():]
    m = _NC_PRIOR.match(text)
    if m and not present:
        # "Previous radiation therapy to the pelvis" -> "you have had previous radiation therapy to the pelvis"
        # (the registry's own "prior"/"previous"/"past" is what makes it "have had")
        stop = _NP_HEAD_STOP.search(" " + m.group(2))
        np = (" " + m.group(2))[: stop.start()].split() if stop else m.group(2).split()
        if np and np[-1].lower().strip(".;:,") in _PROCEDURE_HEADS | {"exposure", "exposures"} and not _has_main_verb(m.group(2)):
            return "you", f"you have had {m.group(1).lower()} {m.group(2)}"
    m = _NC_RECEIPT.match(text)
    if m and past and not present:
        return "you", "you have received " + text[m.end():]
    m = _NC_ABSENCE.match(text)
    if m and (not _LIST_AFTER_ABSENCE.search(text[m.end():]) or re.match(r"any\s", text[m.end():], re.IGNORECASE)):
        # "Absence of X" -> "you do not have X" (the "not" carries the original's negation). Not for a list: in
        # "Absence of X, and Y" or "Absence of X or Y" the "not" would have to reach every member; "any" does
        # ("Absence of any A, B or C" -> "you do not have any A, B or C").
        return "you", ("you lack " if m.group(1).lower() == "lack" else "you do not have ") + text[m.end():]
    m = _NC_CONFIRMED_DIAGNOSIS.match(text)
    if m and not _has_main_verb(text):
        # "Histologically or cytologically confirmed diagnosis of NSCLC" -> "you have a ... confirmed diagnosis of NSCLC"
        return "you", f"you have {'a ' if m.group(1).lower() == 'diagnosis' else ''}{_lower_first(text)}"
    if _NC_SEXUALLY_ACTIVE.match(text) and not _has_main_verb(text):
        return "you", f"you are {_lower_first(text)}"
    if _KNOWN_TO.match(text) and not _has_main_verb(text[len("known to be"):]):
        return "you", f"you are {_lower_first(text)}"  # "Known to be HIV positive" -> "you are known to be HIV positive"
    m = _NC_LIFE.match(text)
    if m:  # "Life expectancy of at least 12 weeks" -> "you have a life expectancy of at least 12 weeks"
        return "you", f"you have {'an' if m.group(1) else 'a'} {_lower_first(text)}"
    m = _NC_LIFE_IS.match(text)
    if m and not _has_main_verb(text):  # "Life expectancy less than 3 years" -> "your life expectancy is less than 3 years"
        return "you", f"your {_lower_first(text[:m.end()]).rstrip()} is {text[m.end():]}"
    if past and not present and not _FUTURE_CUE.search(text) and not _has_main_verb(text) \
            and not _has_main_verb(_BRACKETED.sub("", text)):
        # "Major surgery within 28 days before randomization" -> "you had major surgery within 28 days ..."
        stop = _NP_HEAD_STOP.search(" " + text)
        np = (" " + text)[: stop.start()].split() if stop else text.split()
        if np and np[-1].lower().strip(".;:,") in _PROCEDURE_HEADS - {"vaccination", "vaccinations"} \
                and np[0].lower() not in _DETERMINERS and not np[0].lower().endswith(("ed", "ing")) \
                and not any(np[0].lower() in verbs for verbs in (_BE_FORMS, _PAST_VERBS, _BASE_VERBS, _THIRD_PERSON_VERBS)) \
                and np[0].lower() not in _LABEL_STARTS - {"treatment", "surgery", "therapy", "vaccination", "transplant",
                                                          "transplantation"} \
                and all(w.lower() not in _NOT_PREMODIFIER and w.lower() not in _ADVERBS for w in np) \
                and not re.search(rf"\b{_SUBJECT}\b", text, re.IGNORECASE):
            return "you", "you had " + _lower_first(text)
    return None


_PREPOSITIONS = frozenset("upon in at on during after before with by for from under within".split())
_WHO_MUST = re.compile(r"^((?:(?!\b(?:who|that|which|not)\b)[^,;()])+?)(?<!\sand)(?<!\sor)(?<!\sand/or)\s+(must|should)\s+(\S.*)$", re.IGNORECASE | re.DOTALL)
_WITH_MUST = re.compile(r"^((?:(?!\b(?:who|that|which|and|or)\b)[^,;])+?)(?<![(])\s+(must|should)\s+(\S.*)$", re.IGNORECASE | re.DOTALL)
_WITH_FINITE = re.compile(r"^(?:(?!\b(?:who|that|which|whose|where)\b)[^,;])+?\s(?:must|should|will|shall|require|"
                          r"are|is|can|may)\s", re.IGNORECASE)
_BRACKETED = re.compile(r"\([^()]*\)")
_ACTIVE_OR_TREATED = re.compile(r"^(active|current|untreated|known)\s+or\s+(undergoing|receiving|having)\s+(treatment|therapy)\s+"
                                r"for\s+([A-Za-z][\w' -]*?)\s*([.;]?)$", re.IGNORECASE)


# Past participles that are passive after "who" ("Subjects who judged ineligible" means "who are judged"):
# "you judged ..." would make the reader the judge.
_PASSIVE_PARTICIPLES = frozenset("""judged deemed considered determined treated scheduled diagnosed indicated planned found
thought believed expected known taken given seen born assessed evaluated confirmed classified defined selected referred
randomized randomised admitted hospitalized hospitalised exposed infected vaccinated operated affected excluded included
enrolled registered allocated assigned""".split())
_WHO_MODALS = frozenset("might could would did do cannot can't".split())
_WHO_BASE = frozenset("""test respond appear lack abuse refuse wish hope come engage continue remain stay return travel
achieve maintain perform obtain visit seek choose decide give""".split())


def _who_verb_ok(verb: str, rest: str) -> bool:
    """May "<subject> who <verb> <rest>" become "you <verb> <rest>"? Only a finite active verb may."""
    if verb in _PASSIVE_PARTICIPLES or verb in _WHO_MODALS and not rest:
        return False
    if verb in _WHO_MODALS or verb in _PAST_VERBS or verb in _BASE_VERBS or verb in _WHO_BASE:
        return not rest.lower().startswith(("of ", "for "))
    if verb.endswith("ly") and rest:  # "who voluntarily decided", "who only received"
        nxt = rest.split(" ", 1)[0].lower()
        return _who_verb_ok(nxt, rest[len(nxt):].strip()) or nxt in _THIRD_PERSON_VERBS
    if re.fullmatch(r"[a-z]+ed", verb) and verb not in _PASSIVE_PARTICIPLES:
        return bool(rest) and not rest.lower().startswith(("with ", "by ", "as "))
    return False


_CUT_AT_ABBREVIATION = re.compile(r"\b(?:St|Dr|Mr|Mrs|Ms|Vol|approx|incl|Fig|Inc|Ltd|Co)\.$")


def _frame_body(text: str) -> tuple[str, str] | None:
    """Turn the start of a criterion into a 'you ...' clause; kind is 'you' or 'label'.

    Returns (kind, clause). 'you' clauses follow "You can join if"; 'label'
    clauses follow "Required:" / "Not allowed:". None when nothing safe fits.
    """
    text = text.strip()
    if not text or _CUT_AT_ABBREVIATION.search(text):
        return None  # "... St." (the sentence was cut at "St. John's Wort"): the rest is missing
    m = _RE_AGE_LABEL.match(text)
    if m:  # "Age: 18 to 75 years old" -> "you are aged 18 to 75 years old"
        return "you", f"you are aged {m.group(1)}"
    if _RE_YEARS_OLD.match(text):
        return "you", f"you are {text}"
    m = _RE_STATES.match(text)
    if m:  # "Pregnancy or lactation" -> "you are pregnant or breastfeeding"
        states = _STATE_WORD.sub(lambda w: _STATE_NOUNS[w.group(0).lower()], m.group(1))
        return "you", f"you are {states}{m.group(2)}"
    m = _RE_SUBJ_MODAL.match(text)
    if m:
        return "modal", f"you {m.group(1).lower()} {m.group(2)}"
    m = _RE_SUBJ_WHO.match(text)
    if m:
        verb, rest = m.group(1), m.group(2)
        low = verb.lower()
        if low in _PREPOSITIONS:
            return None  # "Patients who upon examination are ...": no safe "you" clause
        must = _WHO_MUST.match(rest)
        if must and (low in _BE_FORMS or low in _THIRD_PERSON_VERBS or low in _PAST_VERBS):
            # "Subjects who are X must be Y" -> "if you are X, you must be Y"
            return "modal", f"if you {_base_form(verb)} {must.group(1)}, you {must.group(2).lower()} {must.group(3)}"
        if low in ("have", "has") and re.match(r"an?\s", rest):  # "Persons who have a stroke within the last six months"
            return "you", _have(rest, rest)
        if low in _BE_FORMS or low in _THIRD_PERSON_VERBS:
            return "you", f"you {_base_form(verb)} {rest}".strip()
        if low in {"can", "cannot"}:  # "Participants who can understand" -> "you can understand"
            return "you", f"you {low} {rest}"
        if low in {"must", "should", "will", "may"}:
            return "modal", f"you {low} {rest}"
        if re.search(r"\b(?:who|that)\s+(?:had|have|are|were)\b", rest):
            return None  # a second plural "who" clause ("patients who had X who had taken part") would lose its subject
        if not _who_verb_ok(low, rest):
            return None  # "Subjects who judged ineligible", "Persons who taken X": no "you ..." reading
        return "you", f"you {low} {rest}".strip()
    m = _RE_SUBJ_WHOSE.match(text)
    if m and not re.search(r"\b(?:who|whose|must|should|will)\b", m.group(1), re.IGNORECASE) \
            and re.search(r"\b(?:is|are|was|were|has|have)\b", m.group(1)):
        return "you", "your " + m.group(1)
    m = _RE_SUBJ_WITH.match(text)
    if m and m.group(1).lower() == "with" and m.group(2).lower().startswith("with "):
        return _frame_body(text[:m.start(2)] + m.group(2)[5:])  # "Patients with with grade II ischemia" (a doubled word)
    if m and (re.match(r"(?:age|aged)\b", m.group(2), re.IGNORECASE) or
              m.group(2).split(" ", 1)[0].lower() in ("agree", "participate", "consent", "sign", "provide", "comply")):
        return None  # "Patient with age at least 18 years old": not "you have aged ..."
    if m and re.match(r"(?:pregnant|lactating|breastfeeding|nursing)\b", m.group(2), re.IGNORECASE) and m.group(1).lower() == "with":
        return "you", "you are " + m.group(2)  # "Patients with pregnant or planning a pregnancy" (the registry's typo)
    if m and _VERDICT.search(m.group(2)):
        return None  # "Subjects with X are eligible" is a remark, not "you have X are eligible"
    if m:
        must = _WITH_MUST.match(m.group(2))
        if must:  # "Patients with X must have Y" -> "if you have X, you must have Y"
            return "modal", f"if you have {_plain_history('you have ' + must.group(1))[9:]}, you {must.group(2).lower()} {must.group(3)}"
        if _WITH_FINITE.search(_BRACKETED.sub("", m.group(2))):  # "Patients with X are only eligible if ..."
            return None
        treated = _ACTIVE_OR_TREATED.match(m.group(2))
        if treated:  # "with active or undergoing treatment for tuberculosis"
            return "you", (f"you have {treated.group(1).lower()} {treated.group(4)} or are {treated.group(2).lower()} "
                           f"{treated.group(3).lower()} for it")
        return "you", _have(m.group(2), _article_for_count_noun(m.group(2)))
    m = _RE_SUBJ_BE.match(text)
    if m and re.match(r"(?:in|on|at)\s+(?:whom|which)\b", m.group(1), re.IGNORECASE):
        return None  # "Subjects in whom sexual activity is inadvisable": not "you are in whom ..."
    if m and re.match(r"(?:taking|using|suffering)\b", m.group(1), re.IGNORECASE) and _has_main_verb(m.group(1)):
        return None  # "Subject taking X has been on a stable regimen": the phrase is the subject of "has been"
    if m:
        adverb = re.match(r"^(currently|previously|recently)\s+(\S+)\s*(.*)$", m.group(1), re.IGNORECASE | re.DOTALL)
        if adverb and (adverb.group(2).lower() in _THIRD_PERSON_VERBS or adverb.group(2).lower() in {"has", "does"}):
            # "Subject currently has X" -> "you currently have X" (not "you are currently has X")
            return "you", f"you {adverb.group(1).lower()} {_base_form(adverb.group(2))} {adverb.group(3)}".strip()
        return "you", f"you are {_lower_first(m.group(1))}"
    m = _RE_SUBJ_VERB.match(text)
    if m and (m.group(1).lower() in _BE_FORMS or m.group(1).lower() in _THIRD_PERSON_VERBS):
        return "you", f"you {_base_form(m.group(1))} {m.group(2)}".strip()
    return _frame_subjectless(text)


_PERSON_NOUNS = r"(?:patients?|subjects?|participants?|volunteers?|adults?|individuals?|persons?|people|outpatients?)"
_OTHER_PEOPLE = re.compile(rf"\b(?:women|men|females|males|mothers|{_PERSON_NOUNS})\b", re.IGNORECASE)
_COULD_BE_PREGNANT = re.compile(
    rf"^(?:females?|wom[ae]n)(?:\s+{_PERSON_NOUNS})?\s+(?:who\s+are\s+)?(?:of|with)\s+child-?\s?bearing\s+(?:potential|age)"
    r"(?P<abbr>\s*\([A-Z]{2,6}\))?\s*,?\s+(?P<modal>must|should|need to|will need to|have to)\s+(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL)
_SEX_SUBJECT = re.compile(rf"^(male|female)(?:\s*(or|and|and/or|/)\s*(male|female))?\s+({_PERSON_NOUNS})\s*,?\s*(.*)$",
                          re.IGNORECASE | re.DOTALL)
_AGE_START = re.compile(r"^(?:aged?\b|ages\b|between\b|over\b|above\b|under\b|older\b|at least\b|more than\b|\d)",
                        re.IGNORECASE)
_SEX_TAIL = re.compile(r"^(?:[,(.;]|aged?\b|ages\b|between\b|over\b|above\b|under\b|older\b|younger\b|at least\b|"
                       r"more than\b|less than\b|\d|gender\b|sex\b|with\b|of all ages\b|scheduled\b|presenting\b|"
                       r"suffering\b|diagnosed\b)", re.IGNORECASE)
_FINITE = re.compile(r"\b(?:must|should|will|shall|who|which|that|are|is|has|have|had|agrees?|can|may)\b", re.IGNORECASE)


def _frame_sex(text: str) -> tuple[str, str] | None:
    """ "Women of childbearing potential must X" -> "if you are a woman who could become pregnant, you must X";
    "Male or female subjects aged 18 or older" -> "you are male or female, aged 18 or older"."""
    m = _COULD_BE_PREGNANT.match(text)
    if m:
        abbr = (m.group("abbr") or "").strip()
        abbr = f" {abbr}" if abbr else ""
        return "modal", f"if you are a woman who could become pregnant{abbr}, you {m.group('modal').lower()} {m.group('rest')}"
    m = _SEX_SUBJECT.match(text)
    if not m:
        return None
    rest = m.group(5).strip()
    if _FINITE.search(rest):
        return None
    if m.group(2) and m.group(2).lower() == "and":
        # "Male and female subjects aged 18 or older": either sex may join; the age is the criterion
        # ("male or female" would turn the registry's "and" into "or")
        adult = m.group(4).lower().startswith("adult")
        if (not rest or rest in ".;") and not adult:
            return "you", "both males and females can join" + rest
        if rest and _AGE_START.match(rest):
            return "you", "both males and females can join. " + ("You are an adult, " if adult else "You are ") + rest
        return None
    sex = m.group(1).lower() + (f" or {m.group(3).lower()}" if m.group(3) else "")
    if not rest or rest in ".;":
        return "you", f"you are {sex}{rest}"
    if rest.lower().startswith("with "):
        return "you", f"you are {sex} and have {rest[5:]}"
    return "you", f"you are {sex}, {rest}"


_JUDGED = frozenset({"considered", "deemed", "judged"})
# "ability"/"willingness" nouns beside the adjectives of a "you are ..." sentence read as adjectives too:
# "you are able to understand and the willingness to sign" -> "... and willing to sign".
_ABLE = {"ability": "able", "able": "able", "inability": "unable", "unable": "unable", "willingness": "willing",
         "willing": "willing", "unwillingness": "unwilling", "unwilling": "unwilling"}
_ABILITY_PAIR = re.compile(r"^(?:the\s+)?(ability|inability|willingness|unwillingness|able|unable|willing|unwilling)\s+"
                           r"(and|or|and/or)\s+(?:the\s+)?(ability|inability|willingness|unwillingness)(?=\s+to\b)", re.IGNORECASE)
_ABILITY_NOUN_IN_LIST = re.compile(r"(?<=\s)(and|or|and/or)\s+(?:the\s+)?(ability|inability|willingness|unwillingness)(?=\s+to\b)",
                                   re.IGNORECASE)


_ABLE_CLAUSE = re.compile(r"you are (?:not )?(?:able|unable|willing|unwilling)\b")


def _ability_nouns_as_adjectives(clause: str) -> str:
    if ("ability" not in clause and "willingness" not in clause) or not _ABLE_CLAUSE.match(clause) \
            or not _ABILITY_NOUN_IN_LIST.search(clause):
        return clause
    return _ABILITY_NOUN_IN_LIST.sub(lambda m: f"{m.group(1)} {_ABLE[m.group(2).lower()]}", clause)


_SEX_PERSON_NOUN = re.compile(rf"^(?:male|female)s?\s+{_PERSON_NOUNS}\b", re.IGNORECASE)


def _frame_subjectless(text: str) -> tuple[str, str] | None:
    noun = _noun_criterion(text) or _frame_sex(text)
    if noun:
        return noun
    if _SEX_PERSON_NOUN.match(text):
        return None  # "Female patients of childbearing age agree that ...": no safe "you" clause
    m = _RE_FIRST.match(text)
    if not m:
        return None
    first, rest = m.group(1), m.group(2)
    low = first.lower().rstrip(",")
    if low in _JUDGED and rest and not rest.lower().startswith(("by ", "to ")):
        return "you", f"you are {low} {rest}"  # "Considered clinically unstable or has X" (was "you have a considered ...")
    if low in _ADVERBS and rest:
        inner = _frame_subjectless(rest)
        if inner and inner[0] == "you" and re.match(r"you (are|were|have) ", inner[1]):
            verb, tail = inner[1][4:].split(" ", 1)
            article = re.match(r"(an?) (?=\S)", tail)
            if article and not rest.lower().startswith(("a ", "an ")):  # "Sexually active males" -> "you are a sexually active male" (not "you are sexually an active male")
                return "you", f"you {verb} {'an' if low[:1] in 'aeiou' else 'a'} {low} {tail[article.end():]}"
            return "you", f"you {verb} {low} {tail}"
        if inner and inner[0] == "you" and inner[1].startswith("you "):
            return "you", f"you {low} {inner[1][4:]}"
        return None
    if low in ("no",):
        if re.match(rf"{_SUBJECT}\b", rest, re.IGNORECASE):
            return None  # "No patients who ..." is not "you have no patients"
        return "you", f"you have {_lower_first(text)}"
    if low == "without":
        # "Without systemic disease that ..." -> "you do not have ..." (as "Absence of X"; not a list, where the "not"
        # would have to reach every member): never "you have without ..."
        if rest and not _has_main_verb(rest) and (not _LIST_AFTER_ABSENCE.search(rest) or re.match(r"any\s", rest, re.IGNORECASE)):
            return "you", "you do not have " + rest
        return None
    if low in {"cannot", "can't", "must", "should"} and rest:
        # "Cannot tolerate MRI" -> "you cannot tolerate MRI" (was "Not allowed: cannot tolerate ...")
        return ("you" if low != "must" and low != "should" else "modal"), f"you {low} {rest}"
    if low == "not":
        nxt = rest.split(" ", 1)[0].lower()
        if rest.lower().startswith("required to "):  # an allowance: "not required to have received X"
            return "you", "you do not need to " + rest[len("required to "):]
        if nxt in {"have", "has"}:
            return "you", f"you do not have {rest.split(' ', 1)[1] if ' ' in rest else ''}".strip()
        return "you", f"you are not {rest}"
    pair = _ABILITY_PAIR.match(text)
    if pair:  # "Inability or unwillingness to X" -> "you are unable or unwilling to X"
        return "you", (f"you are {_ABLE[pair.group(1).lower()]} {pair.group(2).lower()} "
                       f"{_ABLE[pair.group(3).lower()]} {text[pair.end():]}").strip()
    if low in {"inability", "unable"} and rest.lower().startswith("to "):
        return "you", f"you are unable {rest}"
    if low in {"ability", "able"} and rest.lower().startswith("to "):
        return "you", f"you are able {rest}"
    if low in {"willingness", "willing"} and rest.lower().startswith(("to ", "and ")):
        return "you", f"you are willing {rest}"
    if low == "unwillingness" and rest.lower().startswith(("to ", "or ")):
        return "you", f"you are unwilling {rest}"
    if low in _BE_FORMS and low not in {"had"}:
        if low in ("have", "has") and rest.split(" ", 1)[0].lower() in _BASE_VERBS - {"have"}:
            return None  # "Have agree to participate" (a typo): not "you have agree ..."
        if low in ("is", "are") and rest.lower().startswith("with "):
            return "you", f"you have {rest[5:]}"  # "is with compromised liver function": not "you are with ..."
        return "you", f"you {_BE_FORMS[low]} {rest}".strip()
    if low == "had":
        return "you", f"you had {rest}"
    if (low in _THIRD_PERSON_VERBS or low in _PAST_VERBS) and rest.lower().startswith(("of ", "for ")):
        return _frame_noun_phrase(text, low)  # "Signs of infection", "Used of X": a noun (or a typo), not "you sign of"
    if low in _THIRD_PERSON_VERBS:
        return "you", f"you {_base_form(low)} {rest}".strip()
    if low in _BASE_VERBS and not rest.lower().startswith(("of ", "or ", "and ")) \
            and not (low == "live" and _LIVE_ADJECTIVE.match(rest)):  # "Use of X" is a noun; "Live attenuated vaccine"
        return "you", f"you {low} {rest}".strip()
    if low in _PAST_VERBS:
        if _PARTICIPLE_SUBJECT.search(_BRACKETED.sub("", rest)):
            return None  # "Signed informed consent form must be obtained ...": the phrase is a subject, not "you signed"
        return "you", f"you {low} {rest}".strip()
    nxt = rest.split(" ", 1)[0].lower() if rest else ""
    prep_next = nxt in {"with", "by", "for", "to", "at", "in", "as", "on", "from", "within", "into", "under", "after", "before", "prior"}
    if low in _EVENT_PARTICIPLES and (prep_next or not rest):
        return "you", f"you were {low} {rest}".strip()
    if low in {"male", "female", "males", "females"}:
        tail = re.sub(r"^(?:or|and|and/or|/)\s*(?:male|female)s?\b\s*", "", rest, flags=re.IGNORECASE)
        if tail and (_FINITE.search(tail) or not _SEX_TAIL.match(tail)):
            return None  # "Male citizens of ... are encouraged", "Female partners must ...": not "you are male"
    if low in _STATE_WORDS and re.match(rf"^{_PERSON_NOUNS}\b|^(?:women|men|females|males)\b", rest, re.IGNORECASE):
        # "Healthy volunteers aged 18 to 45" -> "you are a healthy volunteer ..." (never "you are healthy volunteers");
        # "Lactating women or WOCBP who ..." has no safe "you" sentence
        return _frame_noun_phrase(text, low) if low not in _STATE_NOUNS and low not in {"lactating", "nursing"} else None
    test = _RESULT.match(text)
    if test:  # "Positive urine drug test" -> "you have a positive urine drug test"
        article = "" if test.group(1).lower().endswith("s") else "a "
        return "you", f"you have {article}{_lower_first(text)}"
    if low in _STATE_NOUNS and rest:
        # "Pregnant or nursing (lactating) women": the states are the criterion, not "you are ... women"
        rest = re.sub(r"\s+(?:women|females|mothers|patients|subjects|participants)(?=\s*(?:[.;,(]|$|unless\b))", "", rest,
                      count=1, flags=re.IGNORECASE)
        if _OTHER_PEOPLE.search(_BRACKETED.sub("", rest)):
            return None  # "Pregnant or lactating women, fertile patients who ...": a list of groups, not "you are ..."
    if low in _STATE_WORDS and low not in {"on", "in", "at"}:
        listed = first.endswith(",") and rest.split(" ", 1)[0].lower().strip(",") in _STATE_WORDS  # "Pregnant, lactating, or"
        if first.endswith(",") and rest and not _ADJECTIVE_NEXT.match(rest) and not listed and low not in _STATE_BEFORE_NOUN_OK:
            return _frame_noun_phrase(f"{first[:-1]} {rest}", low)  # "Stable, heterosexual relationship"
        if low not in _STATE_BEFORE_NOUN_OK and rest and not listed and (not _ADJECTIVE_NEXT.match(rest) or
                                                          re.match(r"(?:and|or)\s+informed\b", rest, re.IGNORECASE)):
            # "Stable heterosexual relationship", "Positive HCG", "Refractory nausea": the word describes a
            # noun, not the reader ("you are stable heterosexual relationship")
            return _frame_noun_phrase(text, low)
        return "you", f"you are {low}{',' if listed else ''} {rest}".strip()
    if low.endswith("ing") and low not in _NOT_VERBS_ING and low.isalpha() and len(low) > 4 and not \
            re.match(r"(?:or|and|and/or)\s+(?!\w+ing\b)", rest, re.IGNORECASE):  # "Smoking or alcohol abuse" is no "you are ..."
        if low in _ADJECTIVE_ING or rest.lower().startswith("of ") or re.match(rf"{_PERSON_NOUNS}\b|(?:women|men)\b", rest, re.IGNORECASE):
            # "Radiating pain", "Recurring ED", "Understanding of X", "Consenting adults": not "you are ..."
            return _frame_noun_phrase(text, low)
        if low == "having":
            other = re.match(r"(or|and|and/or)\s+(\w+ing)\b", rest, re.IGNORECASE)
            if other:  # "having or attempting to have sex" -> "you have or are attempting to have sex"
                return "you", f"you have {other.group(1)} are {rest[other.start(2):]}"
            # "Having a partner and having regular sex" -> "you have a partner and have regular sex"
            return "you", "you have " + re.sub(r"(?<=\s)(and|or)\s+having\b", r"\1 have", rest)
        if low == "being":
            return "you", f"you are {rest}"
        return "you", f"you are {low} {rest}".strip()
    return _frame_noun_phrase(text, low)


# "<participle> <noun phrase> must be/have ..." ("Received adjuvant radiation must have completed it before ..."):
# the verb after the phrase is its own, so the first word is an adjective
_PARTICIPLE_SUBJECT = re.compile(r"^[^,;:]*?\b(?!(?:or|and|but|then|you|who|which|that)\b)[\w)-]+\s+(?:(?:must|should|shall)\s+"
                                 r"(?:not\s+)?(?:be|have)|will\s+be\s+\w+ed)\b", re.IGNORECASE)


# State words that may stand before a noun phrase as "you are ___ <noun>" ("aged 18", "sexually active", "on dialysis").
_STATE_BEFORE_NOUN_OK = frozenset("""aged currently older younger over under between scheduled planned planning hospitalized
hospitalised intubated sexually hemodynamically clinically medically male female post-menopausal postmenopausal
premenopausal menopausal""".split())
_ADJECTIVE_NEXT = re.compile(r"^(?:[,.;:(]|(?:for|to|on|in|at|with|without|of|or|and|and/or|from|after|before|during|since|"
                             r"by|as|within|than|enough|throughout|until|because|due|following|per)\b|$)", re.IGNORECASE)
# "-ing" words that describe a noun ("radiating pain", "recurring ED") rather than say what you are doing.
_ADJECTIVE_ING = frozenset("""radiating running recurring aging ageing consenting approving supplementing persisting
worsening increasing decreasing relapsing remitting progressing disabling debilitating interfering
outstanding resting fasting""".split())  # "Resting heart rate < 45": not "you are resting heart rate"
_RESULT = re.compile(r"^(?:positive|negative)\s+(?:[\w-]+\s+){0,4}?(tests?|results?|screens?|serology|urinalysis|cultures?|"
                     r"assays?|response)\b(?!\s*(?:is|are|was|were|must|should|will)\b)", re.IGNORECASE)


def _article_for_count_noun(body: str) -> str:
    """ "malignant neoplasm of X" -> "a malignant neoplasm of X" (singular countable head, no determiner)."""
    stop = _NP_HEAD_STOP.search(" " + body)
    words = ((" " + body)[: stop.start()] if stop else body).split()
    if not words or words[0].lower() in _DETERMINERS or _ARTICLE_NOUNS.match(body):
        return body
    return "a " + body if words[-1].lower().strip(".;:,") in _COUNT_HEADS else body


_NP_STOP_NO_LIST = re.compile(_NP_HEAD_STOP.pattern.replace("|or|and|", "|"), re.IGNORECASE)


_MAIN_VERB = re.compile(r"\b(?:should|must|will|shall|is|are|was|were|can|may|has|have|need|needs)\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?:who|that|which|whose|where|when|if|unless|except)\b|[(\[]", re.IGNORECASE)


def _has_main_verb(text: str) -> bool:
    """ "Previous chemotherapy should be completed ...": the phrase is the subject of its own verb."""
    relative = _RELATIVE.search(text)
    return bool(_MAIN_VERB.search(text[: relative.start()] if relative else text))


def _head_word(words: list[str]) -> str:
    """The last member's head, lower-cased: "hepatitis B" names its kind with a last letter."""
    head = words[-1].lower().strip(".;:,")
    if len(words) > 1 and len(head) == 1 and head.isalpha() and words[-2].isalpha():
        return words[-2].lower()
    return head


def _coordinated_head(text: str) -> str | None:
    """ "Active testicular or prostate cancer" -> "cancer": the head after modifiers joined by "or"/"and".

    No part before the last may end in an activity ("smoking"), a label word ("surgery",
    "treatment") or a person, so "Smoking or alcohol abuse" is never read as something you have.
    """
    stop = _NP_STOP_NO_LIST.search(" " + text)
    np = (" " + text)[: stop.start()].strip() if stop else text.strip()
    parts = re.split(r"\s+(?:and/or|or|and)\s+", np)
    if len(parts) < 2 or not parts[-1]:
        return None
    head = _head_word(parts[-1].split())
    if not _HAVE_HEADS.search(head) or head.lower() in ("history", "diagnosis", "evidence"):
        return None  # "current or history of X" has no "you have ..." reading
    for part in parts[:-1]:
        last = part.split()[-1].lower() if part.split() else ""
        if not last or last in _LABEL_STARTS or last in _DETERMINERS or last in _PERSONS or (
                last.endswith("ing") and last not in {"long-lasting", "life-threatening"}):
            return None
    return head


_PLURAL_PERSONS = {"men": "man", "women": "woman", "people": "person", "children": "child"}
# Person nouns that name someone other than the reader ("Sexual partner who is pregnant" is about the partner).
_NOT_READER = frozenset("partner spouse parent guardian representative relative caregiver-partner".split())
# Words that cannot stand before the person noun in "you are a ___ patient".
_NOT_PREMODIFIER = frozenset("""any all both either neither only the each every some no other these those this that
exclude excluded include included anticipate age aged below above over under gender sex not another
one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty seventy eighty
ninety hundred""".split())  # "Forty married diabetic men" counts a group: not "you are a forty married ... man"
_NOT_PLURAL = frozenset("diabetes aids herpes rabies status us its his this".split())
_NP_FINITE = frozenset("""must should will shall is are was were can cannot may has have need needs agree agrees require
requires refuse refuses accept accepts consent consents provide provides understand understands sign signs refers
meet meets""".split())
_AFTER_PERSON_COMMA = re.compile(r"^,\s*(?:(?:aged?|ages|between|over|above|under|older|younger|at least|more than|less than|"
                                 r"who|with|of|male|female|as)\b|\d)", re.IGNORECASE)
_RELATIVE_VERB = re.compile(r"^\s*(who|that)\s+(are|have|were|do)\b", re.IGNORECASE)
_SINGULAR_VERB = {"are": "is", "have": "has", "were": "was", "do": "does"}


def _singular_person(word: str) -> str:
    if word in _PLURAL_PERSONS:
        return _PLURAL_PERSONS[word]
    return word[:-1] if word.endswith("s") and (word[:-1] in _PERSONS or word[:-1] in _NOT_READER) else word


def _plural_word(word: str) -> bool:
    low = word.lower()
    return (word.islower() or word[:1].isupper() and word[1:].islower()) and low.endswith("s") and \
        not low.endswith(("ss", "us", "is", "'s", "’s")) and low not in _NOT_PLURAL


_OTHER_NP_END = frozenset("between aged age ages with who that of in at from over under above older younger".split())
_PERSON_MODAL = re.compile(r"\b(?:must|should|shall|will|need to|needs to)\b", re.IGNORECASE)


def _third_person(verb: str) -> str:
    if verb == "have":
        return "has"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ies"
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    return verb + "s"


def _frame_person(text: str, np: str, words: list[str], head: str, single: str) -> tuple[str, str] | None:
    """ "Healthy male volunteers aged 18 to 45" -> "you are a healthy male volunteer aged 18 to 45".

    Only a phrase that plainly names the reader: no determiner or verb before the person noun, no other
    person joined to it ("Patient or partner unable to ...", "Sexual partner who is pregnant"), no verb
    of its own ("Females of childbearing potential agree to ..."); a plural becomes singular, and so
    does the verb of a "who" clause right after it ("Fertile patients who are" -> "a fertile patient who is").
    """
    if single in _NOT_READER:
        return None
    first = words[0].lower()
    if any(w.lower() in _BE_FORMS for w in words):  # "Excluded were subjects who ..." is a remark
        return None
    modal = _PERSON_MODAL.search(_BRACKETED.sub("", text))
    own_clause = re.match(rf"^\s*{re.escape(np)}\s*,?\s*(?:who|that)\b", _BRACKETED.sub("", text), re.IGNORECASE)
    if modal and (not own_clause or re.search(r"\bwhose\b", modal.string[: modal.start()])):
        return None  # "Women ... whose partners ... must use ..." (a "who ... will" clause is the person's own)
    if first[:1].isdigit() or first[:1] in "[(" or ":" in _BRACKETED.sub("", text):
        return None  # "Women of childbearing potential: ...", "Women ... whose partners ... must use ..."
    premodifiers = words[:-1]
    article = ""
    if first in ("a", "an"):
        if single != head:
            return None
        article, premodifiers = first, premodifiers[1:]
    for word in premodifiers:
        low = word.lower().strip(",")
        if low in _NOT_PREMODIFIER or (low in _PERSONS and low not in ("male", "female", "adult")) or low in _PLURAL_PERSONS \
                or _plural_word(word.strip(",")):
            return None
    after = text[text.find(np) + len(np):] if np in text else ""
    bare = _BRACKETED.sub("", after)
    if bare.lstrip().startswith(":"):
        return None
    if bare.lstrip().startswith(",") and bare.strip(" ,.;"):
        if not _AFTER_PERSON_COMMA.match(bare.lstrip()):
            return None  # "Active smokers, nicotine use, alcohol ... abuse" is a list of things, not of people
    coordinated = re.match(r"^\s*(?:and/or|or|and|/)\s+(\S+)(.*)$", bare, re.DOTALL)
    if coordinated:
        nxt = coordinated.group(1).lower()
        if nxt not in ("is", "are", "has", "have", "was", "were", "does") and nxt not in _BASE_VERBS:  # "users and report"
            if single != head:
                return None
            stop = _NP_STOP_NO_LIST.search(" " + coordinated.group(1) + coordinated.group(2))
            other = [w.lower().strip(".;:,()") for w in
                     (" " + coordinated.group(1) + coordinated.group(2))[: stop.start() if stop else None].split()]
            phrase = []
            for w in other:
                if not w or w[:1].isdigit() or w in _OTHER_NP_END:
                    break
                phrase.append(w)
            person = phrase[-1] if phrase else ""
            if person not in _PERSONS or any(w in _NOT_READER for w in other):
                return None  # "Vegetarian or Vegan dietary pattern", "Patient or partner"
    # a verb of the phrase's own ("Subject or authorized representative must ...", "Females of ... agree to ...")
    own = _BRACKETED.sub("", text)
    relative = re.search(r"\b(?:who|that|which|whose)\b", own, re.IGNORECASE)
    tokens = re.findall(r"[\w'/-]+", own[: relative.start()] if relative else own)
    for index, token in enumerate(tokens[1:], 1):
        if token.lower() in _NP_FINITE and tokens[index - 1].lower() not in ("to", "or", "and", "and/or"):
            return None
    body = _lower_first(text)
    if single == head and re.search(rf"\b{re.escape(head)}\s+(?:who|that)\s+(?:are|have|were|do)\b", text, re.IGNORECASE):
        return None  # "Woman who are pregnant": the typo'd verb would read as about someone else
    if single != head:  # "Males with ..." -> "a male with ..."
        body = re.sub(rf"\b{re.escape(head)}\b", single, body, count=1, flags=re.IGNORECASE)
        start = body.lower().find(single) + len(single)
        tail = body[start:]
        verb = _RELATIVE_VERB.match(tail)
        if verb:
            clause = tail[verb.end():]
            if re.search(r"\b(?:and|or)\s+(?:are|have|were|do|is|has|was|does)\b|\bwho\s+(?:are|have|were|do)\b", clause):
                return None  # "who are X or are Y": each verb would need to agree
            body = body[:start] + tail[:verb.start(2)] + _SINGULAR_VERB[verb.group(2).lower()] + clause
        elif re.search(r"\b(?:who|that)\s+(?:are|have|were|do)\b", tail, re.IGNORECASE):
            return None  # a later plural "who" clause ("a partner of men who meet ...") may be about someone else
        else:
            other = re.match(r"^\s*(who|that)\s+([a-z]+)\b", tail)
            if other:
                verb = other.group(2)
                if verb in _BASE_VERBS or verb in _WHO_BASE:  # "Men who require X" -> "a man who requires X"
                    if any(w in _BASE_VERBS or w in _WHO_BASE or w in ("are", "have", "were", "do")
                           for w in re.findall(r"\b(?:and|or)\s+([a-z]+)", tail[other.end():])):
                        return None  # "Men who smoke and drink": every verb would need to agree
                    body = body[:start] + tail[:other.start(2)] + _third_person(verb) + tail[other.end(2):]
                elif not (verb.endswith("ed") or verb in _WHO_MODALS or verb in _PAST_VERBS
                          or verb in ("can", "cannot", "may", "must", "should", "will", "is", "has", "was", "does", "not")):
                    return None
    if article:
        return "you", f"you are {body}"
    return "you", f"you are {'an' if body[:1].lower() in 'aeiou' else 'a'} {body}"


_NOT_HAVE_HEADS = frozenset("criteria via media iia iiia ia ib ic iiib iiic india".split())
_NOTE_CUT = re.compile(r":|\bnote\b", re.IGNORECASE)
_OWN_VERB = re.compile(r"\b(?:is|are|was|were|must|should|will|shall|ha(?:s|ve)\s+been)\b", re.IGNORECASE)


def _has_own_verb(text: str) -> bool:
    """ "Expected risk of X is modest": the phrase is the subject of its own verb (a note after ":" does not count)."""
    head = _NOTE_CUT.split(text, maxsplit=1)[0]
    relative = _RELATIVE.search(head)
    return bool(_OWN_VERB.search(head[: relative.start()] if relative else head))


def _frame_noun_phrase(text: str, first: str) -> tuple[str, str] | None:
    if first in _LABEL_STARTS:
        return None
    stop = _NP_HEAD_STOP.search(" " + text)
    np = (" " + text)[: stop.start()].strip() if stop else text
    words = np.split()
    if not words:
        return None
    head = words[-1].lower().strip(".;:,")
    single = _singular_person(head)
    if single in _PERSONS or single in _NOT_READER:
        return _frame_person(text, np, words, head, single)
    if _singular_person(words[0].lower()) in _PERSONS or head in _NOT_HAVE_HEADS or _has_own_verb(text):
        return None  # "Men not meeting criteria ..." (not "you have men ..."), "Phase IIa", "Expected risk ... is modest"
    if not (_HAVE_HEADS.search(head) or head.isupper()):
        head = _coordinated_head(text)
        if head is None:
            return None
    if _HAVE_HEADS.search(head) or head.isupper():
        body = _lower_first(text)
        article = _ARTICLE_NOUNS.match(body)
        if article and not body.lower().startswith("a "):
            body = "a " + body
        elif head in _COUNT_HEADS and words[0].lower() not in _DETERMINERS:
            body = "a " + body  # "you have liver disorder" -> "you have a liver disorder"; a/an fixed later
        return "you", _have(text, body)
    return None


# --- lexicon -------------------------------------------------------------------
def apply_lexicon(text: str, lexicon: Lexicon, context: RewriteContext) -> str:
    """Replace or explain every lexicon term in one left-to-right pass."""
    out: list[str] = []
    last = 0
    depth_at = _paren_depths(text)
    for match in lexicon.find(text):
        entry = match.entry
        span = text[match.start:match.end]
        out.append(text[last:match.start])
        last = match.end
        context.terms_seen += 1
        if entry.case_sensitive and len(span) <= 2 and span.isupper():
            own = context.defined.get(span)
            if own is not None or span not in SAFE_TWO_LETTER:
                # 2-letter abbreviations are ambiguous ("MS": multiple sclerosis or myeloid sarcoma):
                # only the trial's own "Long Name (MS)" may define one
                out.append(span)
                if own and span not in context.explained and depth_at[match.start] == 0 \
                        and own.lower() not in text.lower():
                    context.explained.add(span)
                    context.pending.append(f"{span} means {own}.")
                continue
        if entry.mode == REPLACE:
            if entry.key in _PERSON_TERMS and not _person_phrase_fits(text, match.start, match.end, entry.key):
                if span[:1].isupper() and text[:match.start].strip() and text[:match.start].rstrip()[-1] not in ".:!?" \
                        and _before_a_noun(text, match.end):
                    span = span.lower()  # "with Participant information sheet": a capital mid-sentence names nothing
                out.append(span)  # "participant information sheet", "research participants": the noun stays
                context.terms_covered += 1  # (reviewed like a guard row: the word is kept on purpose)
                continue
            if entry.key == "participating" and _before_a_noun_phrase(text, match.end):
                out.append(span)  # "participating sites", "participating neurosurgeons": an adjective here
                context.terms_covered += 1
                continue
            if (entry.key in _ENROLLMENT or entry.plain.lower() in _JOINING) and not _joining_fits(text, match.start, match.end):
                out.append(span)  # "trial enrollment", "enrollment procedures": a noun phrase, not "joining the study"
                context.terms_covered += 1
                continue
            if _in_proper_name(text, match.start, match.end, span) or (
                    entry.case_sensitive and text[match.start - 1:match.start] == "(" and text[match.end:match.end + 1] == ")"):
                # "hepatitis C virus (HCV)": the bracketed abbreviation names what precedes it
                out.append(span)  # "Eastern Cooperative Oncology Group" is a name, not a phrase to simplify
                continue
            if entry.kind == HEAD and _classified_head(text, match.start):
                # "target lesion", "penile prosthesis", "ventricular arrhythmia": the word before classifies the
                # term, so "target abnormal area" would be a noun stack; the term stays and is explained once
                out.append(span)
                context.terms_covered += 1
                if entry.plain.lower() not in context.explained:
                    context.explained.add(entry.plain.lower())
                    context.pending.append(f"{span[:1].upper()}{span[1:]} means {entry.plain}.")
                continue
            plain = entry.plain
            if (" that " in plain or " who " in plain) and _before_a_noun(text, match.end, nouns=_CLAUSE_BEFORE_NOUN):
                # "immunosuppressant medications": a phrase with its own clause cannot stand before a noun
                # ("a medicine that weakens the immune system medicines"); the term stays
                out.append(span)
                context.terms_covered += 1  # (kept on purpose, like a guard row)
                continue
            if plain.startswith("by ") and _BEFORE_PARTICIPLE.match(text, match.end):
                # "histologically or pathologically confirmed": "by lab tests of tissue" fits only after its participle
                out.append(span)
                context.terms_covered += 1  # (kept on purpose, like a guard row)
                continue
            if plain.startswith("who could ") and _AFTER_COPULA.search(text, max(0, match.start - 12), match.start):
                plain = "able to " + plain[len("who could "):]  # "is of childbearing potential": not "is who could ..."
            if plain.startswith(("a ", "an ")) and _PREV_WORD_NO_ARTICLE.search(text, 0, match.start):
                plain = plain.split(" ", 1)[1]  # "digestive a hole" -> "digestive hole"
            if plain.lower() == span.lower():
                plain = span  # a guard row or a same-word row keeps the record's own capitals ("Diabetes")
            elif span[:1].isupper() and not entry.case_sensitive and plain[:1].islower() and _sentence_start(text, match.start, match.end):
                plain = plain[:1].upper() + plain[1:]  # (mid-sentence a title-case term's swap stays lower case:
                # "Type of Participant and Disease" -> "Type of person taking part and Disease", not "of Person taking part")
            if _would_repeat(out, text, match.end, plain) or _hyphen_echo(text, match.start, match.end, plain):
                out.append(span)  # "allergy or hypersensitivity", not "allergy or allergy"
                continue
            if " or " in plain:
                plain = _listed_alternatives(out, span, plain)
            fix_double_modifiers(out, plain)
            plain = _drop_overlap(out, text, match.end, plain)
            if plain.lower() in _JOINING:
                plain = _fit_preposition(out, plain)
            if not plain:
                # "had undergone" -> "had", not "had had"; "participants participating" -> "people taking part"
                while len(out) > 1 and not out[-1].strip():
                    out.pop()
                out[-1] = out[-1].rstrip()
                context.terms_covered += 1
                continue
            out.append(plain)
            context.terms_covered += 1
            if plain[-1:] == "s" and entry.term[-1:] != "s" and not plain.endswith(("ss", "us", "is")) \
                    and not _PLAIN_WITH_PHRASE.search(plain):
                verb = _SINGULAR_VERB_AFTER.match(text, match.end)
                if verb and (verb.group(1).strip() or _CLAUSE_START_BEFORE.search(text, max(0, match.start - 12), match.start)):
                    # "erectile dysfunction that has" -> "erection problems that have" (the swap made it plural); a bare
                    # verb only where the term starts its clause ("risk of ... toxicity is modest": the verb is the risk's)
                    out.append(verb.group(1) + _BE_FORMS[verb.group(2)])
                    last = verb.end()
        elif entry.mode == EXPLAIN:
            key = entry.plain.lower()
            inside = depth_at[match.start] > 0
            followed = text[match.end:match.end + 2].lstrip().startswith("(")
            if key in context.explained:
                context.terms_covered += 1
                out.append(span)
            elif inside or followed or _same_words(entry.plain, span) or _within(entry.plain, span):
                out.append(span)
                if _same_words(entry.plain, span) or _within(entry.plain, span):
                    context.terms_covered += 1
            else:
                gloss = _trial_gloss(span, entry, context)
                out.append(span)
                if gloss:  # ("" : the trial's sense of an ambiguous abbreviation is unclear)
                    context.explained.add(key)
                    context.terms_covered += 1
                    context.pending.append(f"{span[:1].upper()}{span[1:]} means {gloss}.")
        else:
            out.append(span)
    out.append(text[last:])
    return "".join(out)


# Words before a "head" term (lexicon kind "head": "lesion" -> "abnormal area") that leave its swap readable: a
# determiner, preposition, verb, number, an adverb or participle ("treated lesions", "life-threatening arrhythmia"),
# or a word of degree or time ("severe", "new", "prior"). Any other word classifies the term ("target lesion",
# "penile prosthesis", "primary immunodeficiency", "orthostatic hypotension"), and the term stays with a gloss.
_BEFORE_HEAD_OK = frozenset("""a an the any all no some other each every this that these those one two three both either
several many more most few such only of for to in on at by from with without within among between and or nor but than
if when whether whose which who including except as per like about via versus into onto under over after before
during since until is are was were be been being have has had having do does did not your their his her its my our
can may might must should will would could shall new existing current ongoing recent known prior previous past
present severe mild moderate serious significant important major minor fatal symptomatic asymptomatic unstable stable
active inactive multiple single solitary recurrent persistent chronic acute uncontrollable high-risk low-risk
possible probable suspected residual further additional same different""".split())
_WORD_BEFORE_HEAD = re.compile(r"([^\W_][\w'’-]*)[ \t]+$")


def _classified_head(text: str, start: int) -> bool:
    before = _WORD_BEFORE_HEAD.search(text, max(0, start - 40), start)
    if not before or before.end() != start:
        return False  # first word, or after a bracket or punctuation
    word = before.group(1)
    low = word.lower()
    if low in _BEFORE_HEAD_OK or not word.isalpha() and not word.replace("-", "").replace("'", "").isalpha():
        return False  # "1 lesion", "grade 3 hypertension"
    if word.isupper() and len(word) > 1:
        return True  # "CNS lesions"
    return not low.endswith(("ly", "ed", "ing")) or low.rsplit("-", 1)[-1] in _CLASSIFYING_PARTICIPLES


# participles that name a kind ("acquired immune deficiency", "combined immunodeficiency", "drug-induced lesions")
_CLASSIFYING_PARTICIPLES = frozenset("""acquired combined inherited localized localised generalized generalised isolated
related induced associated mixed disseminated""".split())


_PLAIN_WITH_PHRASE = re.compile(r" (?:of|around|in|to|on|for|from|with|that|who|by|at) ")  # head not last
_CLAUSE_START_BEFORE = re.compile(r"(?:^|[.:;(]\s*|\bwhose\s+)$")
_SINGULAR_VERB_AFTER = re.compile(r"([ \t]+(?:(?:that|which)[ \t]+)?)(is|has|was|does)\b")


# "participant(s)" -> "person/people taking part" only where a noun with a phrase after it fits: not as a noun
# adjunct ("participant information sheet" was "Person taking part information sheet") and not after a modifier
# ("Child people taking part", "study person taking part"); the singular needs its determiner ("If participant had").
_PERSON_TERMS = frozenset({"participant", "participants"})
_BEFORE_PERSON_OK = frozenset("""a an the any all no some other each every this that these those one two both either
many more most few several such only qualifying of for to in on at by from with without among between and or nor
but than if when whether whose which who including except as per like about via versus""".split())
_SINGULAR_DETERMINERS = frozenset("a an the any each every this that no one another either".split())
_ADJUNCT_NOUNS = frozenset("""information safety compliance diary diaries self-report self-reports substitute records
record data sheet sheets card cards id number numbers burden welfare pool identification level levels""".split())
_NOUN_ENDINGS = ("tion", "sion", "ment", "ance", "ence", "ity", "ness", "ship")
# Words before "participants" that are nouns used as modifiers: "study person taking part" reads wrongly.
_NOUN_MODIFIERS = frozenset("""study research trial index child children cohort arm control pivotal group site
household registry program programme""".split())
# Adjectives before "participants" ("female people taking part", "healthy people taking part"); an unknown word keeps
# the noun.
_ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ous", "ent", "ant", "ed", "ible", "able", "ary", "ese", "ish", "ian", "less", "ful")
_PERSON_ADJECTIVES = frozenset("""female male healthy adult older younger elderly sexually active eligible new current
prior previous former other young old obese lean fertile infertile pregnant bedridden""".split())
_WORD_BEFORE = re.compile(r"([\w'-]+)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([\w'-]+)")


_ENROLLMENT = frozenset({"enrollment", "enrolment"})
_BEFORE_JOINING_OK = frozenset("""at before after of since for to by until from upon on prior following during and or nor
in with within about preceding between the their your his her its a an is are was were be not without than into
including""".split())
_ADJUNCT_AFTER_JOINING = frozenset("""procedure procedures attempt attempts patient patients period visit visits criteria form
forms process log window date""".split())


def _joining_fits(text: str, start: int, end: int) -> bool:
    """Does "joining the study" fit where "enrollment" stands? Not after a modifier ("trial enrollment", "active
    enrollment in another study") nor before a noun it modifies ("enrollment procedures")."""
    after = _WORD_AFTER.match(text, end)
    if after and after.group(1).lower() in _ADJUNCT_AFTER_JOINING:
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if not before or before.end() != start:
        return True
    return before.group(1).lower() in _BEFORE_JOINING_OK


def _before_a_noun(text: str, end: int, singular: bool = False, nouns: frozenset[str] | None = None) -> bool:
    """Is the word after ``end`` a noun the term would modify ("participant information", "participant safety")?"""
    after = _WORD_AFTER.match(text, end)
    nxt = after.group(1).lower() if after else ""
    if nouns is not None:
        return nxt in nouns
    return bool(after) and (nxt in _ADJUNCT_NOUNS or nxt.endswith(_NOUN_ENDINGS) or (singular and nxt == "report"))


# nouns a term may modify whose lay phrase carries a clause ("immunosuppressant medications"): the term then stays
_CLAUSE_BEFORE_NOUN = frozenset("""medication medications medicine medicines drug drugs therapy therapies treatment
treatments agent agents regimen regimens use patients subjects participants status burden""".split())


_AFTER_PARTICIPLE_OK = frozenset("""in at with and or nor from for to who that which is are was were will must may should
has have on as of during within by under the a an but if unless when so can cannot would could until before after
because than simultaneously not now currently actively""".split())


def _before_a_noun_phrase(text: str, end: int) -> bool:
    """ "participating sites": the next word is not a preposition, verb or clause word, so it is the noun."""
    after = _WORD_AFTER.match(text, end)
    return bool(after) and after.group(1).isalpha() and after.group(1).lower() not in _AFTER_PARTICIPLE_OK


def _person_phrase_fits(text: str, start: int, end: int, key: str) -> bool:
    if _before_a_noun(text, end, key == "participant"):  # ("Per participant report": a singular before "report")
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    prev = before.group(1).lower() if before and before.end() == start else ""
    if prev in _NOUN_MODIFIERS or (prev and not prev.isalpha()) or (before and before.group(1).isupper()):
        return False  # "research participant", "CLL/SLL participants", "Phase B participants", "80 PASC participants"
    if key == "participant":
        if not prev or prev in _SINGULAR_DETERMINERS or prev in _BEFORE_PERSON_OK:
            return True  # (a heading "Participant must:" reads as "Person taking part must:")
        # "a female participant" -> "a female person taking part" (an adjective before it)
        return prev.endswith(_ADJECTIVE_ENDINGS) or prev in _PERSON_ADJECTIVES
    return not prev or prev in _BEFORE_PERSON_OK or prev.endswith(_ADJECTIVE_ENDINGS) or prev in _PERSON_ADJECTIVES


def _sentence_start(text: str, start: int, end: int) -> bool:
    """Does a capital here start something (a sentence, a list entry, a label "Liver:", a title-case list)?"""
    before = text[:start].rstrip()
    if before.endswith(('"', "“", "‘")):
        return True  # a quoted question keeps its capital
    before = before.rstrip("([").rstrip()
    return (not before or before[-1] in ".:!?;•*-–" or bool(_LABEL_AFTER.match(text, end))
            or bool(_MARKER_OR_TITLE_LIST.search(before)))


_LABEL_AFTER = re.compile(r"(?:[ \t]+[\w-]+){0,2}[ \t]*:")  # "Liver disease: GOT ..." is a label
_MARKER_OR_TITLE_LIST = re.compile(r"(?:^|[\s(])(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]$|\b[A-Z][\w'-]*,$")


def _trial_gloss(span: str, entry, context: RewriteContext) -> str:
    """An abbreviation the trial defines ("acute myeloid leukaemia (AML)") is explained with the trial's words.

    The lexicon's lay addition is kept only when its name part is the trial's name
    ("acute myeloid leukemia, a blood cancer" -> "acute myeloid leukaemia, a blood cancer").
    """
    own = context.defined.get(span) if entry.case_sensitive else None
    if own == "":
        return ""
    if not own:
        return entry.plain
    name, sep, extra = entry.plain.partition(", ")
    if _same_words(name, own):
        return f"{own.lower() if own[:1].isupper() and not own.isupper() and own[1:2].islower() else own}{sep}{extra}"
    return own


_BEFORE_PARTICIPLE = re.compile(r"[ \t]*(?:(?:,|or|and|and/or)\b|[\w-]+(?:ed|en)\b)", re.IGNORECASE)
_AFTER_COPULA = re.compile(r"\b(?:is|are|was|were|be|been|being|not)\s+$", re.IGNORECASE)
_PREV_WORD_NO_ARTICLE = re.compile(
    r"\b(?:a|an|the|any|no|this|that|your|their|his|her|its|some|[a-z]+(?:al|ic|ive|ous|ary|ial)|untreated|unstable|"
    r"uncontrolled|controlled|treated|severe|mild|moderate|known|current|chronic|acute|past|previous|prior|recent|"
    r"major|serious|suspected|confirmed|documented|recorded|existing|ongoing|stable|symptomatic|new|acquired|inherited|"
    r"inborn|hereditary|underlying)\s+$", re.IGNORECASE)
_CAPITALISED = re.compile(r"[A-Z][\w'-]*")


def _in_proper_name(text: str, start: int, end: int, span: str) -> bool:
    """A capitalised term between capitalised words is part of a name ("Cooperative Oncology Group")."""
    if not span[:1].isupper():
        return False
    words = span.split()
    title = len(words) > 1 and all(w[:1].isupper() and not w.isupper() for w in words)
    if title:
        abbr = _ABBR_AFTER.match(text, end)
        if abbr and not abbr.group(1).startswith("".join(w[0] for w in words)):
            return True  # "Erectile Function (IIEF)": the IIEF's own domain, not the words "erectile function"
    before = text[:start].rstrip()
    if not before or before[-1] in ".:!?":
        # at a sentence start the capitals say nothing, unless a title-case phrase runs on into more capitals
        # ("Premature Ejaculation Diagnostic Tool")
        nxt = text[end:].lstrip().split(None, 1)
        return title and bool(nxt and _CAPITALISED.match(nxt[0]) and not nxt[0].isupper())
    prev = before.rsplit(None, 1)[-1].strip("(")
    nxt = text[end:].lstrip().split(None, 1)
    return bool(_CAPITALISED.fullmatch(prev.rstrip(")"))) or bool(nxt and _CAPITALISED.match(nxt[0]) and not nxt[0].isupper())


_ABBR_AFTER = re.compile(r"[ \t]*\(([A-Z][A-Z0-9-]{1,9})\)")
_A_AN = re.compile(r"\b(a|an|A|An) (?=([A-Za-z][\w-]*))")
_AN_SOUNDS = re.compile(r"^(?:[aio]|e(?!u)|u(?!n[iy]|s[eu]|r[aeiou]|t[eiu]|k|bi))", re.IGNORECASE)
_ACRONYM_AN = re.compile(r"^[AEFHILMNORSX][A-Z0-9]*$")  # "an MRI", "an HIV test" (letter names)


def fix_articles(text: str) -> str:
    """Make "a"/"an" agree with the next word after substitutions ("a hepatic" -> "a liver")."""
    def repl(m: re.Match[str]) -> str:
        article, word = m.group(1), m.group(2)
        if article[0].isupper() and m.start() > 0 and not re.search(r"[.!?:]\s*$", m.string[:m.start()]):
            return m.group(0)  # "Appendix A and B": a capital A mid-sentence is a letter, not an article
        if word.isupper() and (len(word) > 1 or m.string[m.end() + 1:m.end() + 2] == ".") and (
                len(word) <= 3 or not re.search("[AEIOU]", word)):  # "an MRI", "a U.S. resident"
            wants_an = bool(_ACRONYM_AN.match(word))
        elif word[:2] in ("X-", "x-"):
            wants_an = True
        elif word.lower().startswith(("hour", "honest", "honor", "honour", "heir")):
            wants_an = True
        elif word.lower().startswith(("one", "once")):
            wants_an = False
        else:
            wants_an = bool(_AN_SOUNDS.match(word))
        new = "an" if wants_an else "a"
        return (new.capitalize() if article[0].isupper() else new) + " "
    return _A_AN.sub(repl, text)


_PAREN = re.compile(r"[()]")


def _paren_depths(text: str) -> list[int]:
    """Bracket depth at each character (an opening "(" counts inside, a closing ")" too), plus one at the end.

    Filled run by run between brackets (list slices in C), not character by character.
    """
    if "(" not in text:
        return [0] * (len(text) + 1)  # the common case
    depths: list[int] = []
    depth = last = 0
    for match in _PAREN.finditer(text):
        i = match.start()
        depths.extend([depth] * (i - last))
        if text[i] == "(":
            depth += 1
            depths.append(depth)
        else:
            depths.append(depth)
            if depth:
                depth -= 1
        last = i + 1
    depths.extend([depth] * (len(text) - last))
    depths.append(depth)
    return depths


# --- sentences -------------------------------------------------------------------
# not after a title or "vs." ("St. John's Wort", "Dr. Smith"), which ends no sentence
_SENTENCE_SPLIT = re.compile(r"(?=\s)(?<=[a-z0-9)%][.!?])(?<!\bSt\.)(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bvs\.)\s+(?=[A-Z])")
_TRAILING = re.compile(r"[\s;,；，、]+$")  # ASCII and full-width (CJK) separators


_SPACE_AFTER_BRACKET = re.compile(r"([(\[])\s+")


_ENDS_WITH_LIST_WORD = re.compile(r"\b(?:or|and)$")


@lru_cache(maxsize=4096)
def finish_sentence(text: str) -> str:
    """Tidy spaces and separators, capitalise, end with a full stop (cached: assemble_plain finishes a sentence twice)."""
    text = _single_spaces(text)
    if _SPACE_BEFORE_PUNCT.search(text):  # (a sub with a "\1" template costs a Python call even where nothing matches)
        text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = text.strip()
    if "(" in text or "[" in text:
        text = _SPACE_AFTER_BRACKET.sub(r"\1", text)
    if text and (text[-1] in ";,；，、" or text[-1].isspace()):  # (the only ends _TRAILING can match)
        text = _TRAILING.sub("", text)
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    if text[-1] not in ".!?:" and not (text.endswith(("or", "and")) and _ENDS_WITH_LIST_WORD.search(text)):
        text += "."
    return text


_THE_FOLLOWING = re.compile(r"\b[Tt]he following(?=\s*[:：]|\s*$|\s+(?:criteria|conditions)\b)")
# "Eastern Cooperative Oncology Group (ECOG) performance status": the group's name tells a patient nothing; the
# score keeps its short name, explained from the lexicon. Any letter case: lower-case "oncology" was swapped to
# "cancer care" inside the name.
_ECOG_OWNER = re.compile(r"(?<=ECOG)\s*[(（]\s*Eastern\s+Co-?operative\s+Oncology\s+Group\s*[)）]\s*"
                         r"|\bEastern\s+Co-?operative\s+Oncology\s+Group\s*(?:[(（]\s*ECOG\s*[)）]\s*|(?:ECOG\s+)?"
                         r"(?=(?:performance\s+|physical\s+)?(?:status|score|scale)\b|PS\b|\d))", re.IGNORECASE)
_ECOG_NAME = re.compile(r"(?:^|\s)Eastern\s+Co-?operative\s+Oncology\s+Group$", re.IGNORECASE)
_MRI_NAME = re.compile(r"(?:^|\s)magnetic\s+resonance\s+imaging$", re.IGNORECASE)
_DROPPED_NAMES = {"ECOG": _ECOG_NAME, "MRI": _MRI_NAME, "MR": _MRI_NAME,
                  "CT": re.compile(r"(?:^|\s)computed\s+tomography$", re.IGNORECASE)}
_PS_DEFINED = re.compile(r"(?<=performance status)\s*[(（](?:ECOG )?PS[)）]", re.IGNORECASE)
_PS_USED = re.compile(r"\bPS\b")


# "magnetic resonance imaging (MRI)": the short name is the one patients hear, and the lexicon explains it; the
# long name was swapped to "MRI scan" and left "MRI scan (MRI)" (review round 3)
_IMAGING_NAME = re.compile(r"\b(?:magnetic\s+resonance\s+imaging\s*[(（]\s*(?P<mri>MRI|MR)\s*[)）]"
                           r"|computed\s+tomography\s*[(（]\s*(?P<ct>CT)\s*[)）])", re.IGNORECASE)


def short_names(text: str) -> str:
    """ "Eastern Cooperative Oncology Group (ECOG) performance status (PS) 0-1" -> "ECOG performance status 0-1";
    "magnetic resonance imaging (MRI)" -> "MRI"."""
    if ("(M" in text or "(C" in text or "（" in text) and ("onance" in text or "omography" in text):
        text = _IMAGING_NAME.sub(lambda m: m.group("mri") or m.group("ct"), text)
    if "roup" not in text and "PS" not in text:
        return text
    text = _ECOG_OWNER.sub(lambda m: " " if m.group(0).lstrip()[:1] in "(（" else "ECOG ", text)
    if "PS" in text and not _PS_USED.search(_PS_DEFINED.sub("", text)):
        text = _PS_DEFINED.sub("", text)  # the short form is defined but never used again: its definition is noise
    return text


_LINKED_PART = CaseFolded(r"\b(?:is|are|was|were|will|may|can|could|would|should|must|allowed|permitted|permissible|"
                          r"eligible|excluded|included|acceptable|exceptions?|except|unless|if|this|these|those|"
                          r"such|same|above|below|defined|i\.e|namely|respectively|either|both|neither|nor)\b")
_WINDOW = CaseFolded(r"\d|\b(?:within|before|prior|after|during|since|until|past|last|previous|preceding|following|"
                     r"currently|current|now|ever|days?|weeks?|months?|years?)\b")
_CONJUNCTION_START = re.compile(r"^(?:and|or|but|nor|and/or|plus|he|she|they|it|\d+[.)])(?:\b|\s)", re.IGNORECASE)
_ASIDE = re.compile(r"^(?P<main>.*\S)\s*\((?P<aside>[^()]+)\)\s*(?P<end>[.;,]?)\s*$", re.DOTALL)
_ASIDE_EXAMPLES = re.compile(r"^(?:(?:for example|such as|including|like)\b|e\.?g\b)[,:.\s]*", re.IGNORECASE)
_ASIDE_MEANS = re.compile(r"^(?:(?:that is|meaning|namely)\b|i\.?e\b)[,:.\s]*", re.IGNORECASE)
# "(Criteria Committee, NYHA, 1964)", "(see Appendix B)": a source or a label, not a definition
_ASIDE_SOURCE = re.compile(r"\b(?:et al|Committee|Appendix|Table|Annex|version|edition|Cohort|Visit)\b|\b(?:19|20)\d\d\b",
                           re.IGNORECASE)
_NOT_AN_EXAMPLE = re.compile(r"(?:to|refrain|avoid|if|when)\b", re.IGNORECASE)
# "hypotension (SBP < 90) or hypertension (SBP > 170)": the last bracket belongs to the last member only
_COORDINATED = re.compile(r"\b(?:or|and|and/or|nor)\b", re.IGNORECASE)
_ASIDE_DEFINED = re.compile(r"^(?:defined as|as defined by)\b", re.IGNORECASE)
_ASIDE_NO_DEFAULT = re.compile(
    r"^(?:and|or|at|with|without|if|in|on|for|within|before|after|less|more|as|per|not|no|but|unless|except|to|"
    r"from|by|only|if|when|where|which|who|the|a|an|or|either|both|any|all|see|this|these|one|two|\d)\b", re.IGNORECASE)


def split_aside(sentence: str) -> tuple[str, str]:
    """A long bracketed aside at the end of a sentence becomes its own sentence.

    "Renal failure (creatinine of more than 2 mg/dL)" -> ("Renal failure",
    "This means creatinine of more than 2 mg/dL."). Only examples, "that is",
    "defined as" and measured definitions move; anything else stays put.
    """
    stripped = sentence.strip()
    # (_ASIDE needs a ")" at the end, before at most one of ".;," and spaces)
    match = _ASIDE.match(stripped) if stripped.rstrip(".;,").rstrip().endswith(")") else None
    if not match:
        return sentence, ""
    main, aside = match.group("main"), match.group("aside").strip()
    if main.count("(") != main.count(")") or len(aside.split()) < 3 or main.endswith((",", ";", ":", "-")):
        return sentence, ""
    if len(main.split()) < 2:
        return sentence, ""
    if _COORDINATED.search(_BRACKETED.sub(" ", main)) and not _ASIDE_EXAMPLES.match(aside):
        return sentence, ""  # moved out, "This means ..." would read as defining every member of the list
    if _ASIDE_EXAMPLES.match(aside):
        rest = _ASIDE_EXAMPLES.sub("", aside, count=1)
        if _NOT_AN_EXAMPLE.match(rest):
            return sentence, ""  # "(eg, to the best of ...)", "(eg, refrain from ...)": not things "this" includes
        return main, f"This includes {rest}" if len(rest.split()) >= 1 else ""
    if _ASIDE_MEANS.match(aside):
        return main, "This means " + _ASIDE_MEANS.sub("", aside, count=1)
    if _ASIDE_DEFINED.match(aside):
        return main, "This is " + aside
    # A measured definition ("creatinine > 2 mg/dL") may move; an exception or a rule of its
    # own ("patients with stable symptoms ... may be admitted") must not be called a definition.
    if re.search(r"\d", aside) and not _ASIDE_NO_DEFAULT.match(aside) and not _LINKED_PART.search(aside) \
            and not _ASIDE_SOURCE.search(aside):
        return main, "This means " + aside
    return sentence, ""


_EXAMPLES_AT = re.compile(r"(?:,\s*|\s+)(?:such as|including|for example)\s*:?\s+(?=\w)")
_EXAMPLE_CHUNKS = re.compile(r"\s*(?:,\s*(?:and/or|and|or)?|\s(?:and/or|and|or))\s+")
_EXAMPLE_NOT_START = re.compile(r"^(?:any|other|all|another|severe|uncontrolled|active|current|history|but|if|when|"
                                r"those|these|this|that|the\s+following)\b", re.IGNORECASE)
_EXAMPLE_STOP = re.compile(r"[;:()\[\]]|\b(?:with|without|who|whose|where|which|that|not|no|requiring|needing|"
                           r"caused|due|because|unless|except|excluding)\b", re.IGNORECASE)
MAX_EXAMPLE_WORDS = 5


def split_examples(sentence: str) -> list[str]:
    """ "You have X such as A, B or C." -> ["You have X.", "This includes A, B or C."].

    Only a plain list of short examples that runs to the end of the sentence
    moves: no time window or number in it (a window could cover the whole
    criterion), no clause words, and no list entry that could be a separate
    criterion ("..., or any other severe disease").
    """
    text = sentence.strip()
    match = _EXAMPLES_AT.search(text) if "such as" in text or "including" in text or "for example" in text else None
    if not match:
        return [sentence]
    main, tail = text[:match.start()], text[match.end():].rstrip(" .;,")
    if _paren_depths(text)[match.start()] or main.count("(") != main.count(")") or len(main.split()) < 4:
        return [sentence]
    if not main.lower().startswith("you ") or _WINDOW.search(tail) or _EXAMPLE_STOP.search(tail) or _LINKED_PART.search(tail):
        return [sentence]
    chunks = [c for c in _EXAMPLE_CHUNKS.split(tail) if c.strip()]
    if not chunks or any(len(c.split()) > MAX_EXAMPLE_WORDS or _EXAMPLE_NOT_START.match(c) for c in chunks):
        return [sentence]
    if re.search(r"\b(?:of|to|for|in|on|by|from|and|or|a|an|the|your|any)$", main, re.IGNORECASE):
        return [sentence]
    return [main, f"This includes {tail}"]


def split_semicolons(sentence: str) -> list[str]:
    """Split at ";" outside round brackets; empty parts dropped."""
    return _depth0_split(sentence, ";", opening="(", closing=")")


# --- shorter sentences ---------------------------------------------------------------
# Plain-language rules: one idea per sentence, lists as lists. Every split below only cuts at a
# boundary the registry itself typed (";", "defined as", "such as ..."), never inside a phrase.
_WORDS = re.compile(r"[^\W_]+")
_LIST_LEAD = re.compile(r"\b(?:such as|including|for example|e\.g|like|namely|following)\b|:", re.IGNORECASE)
MIN_PART_WORDS = 3


_DEPENDENT_START = re.compile(r"^[(\[]?(?:except|unless|if|when|whenever|while|whereas|although|though|within|before|"
                              r"after|during|for|with|without|in|at|on|by|from|until|since|as|than|because|so|then|"
                              r"other|otherwise|including|excluding|especially|particularly|i\.e|that|which|who)\b",
                              re.IGNORECASE)


def semicolon_sentences(sentence: str) -> list[str]:
    """ "A; B" -> ["A", "B"] when every part reads as a sentence of its own.

    Not split: a part that starts with a list word ("; or B" keeps its "or" logic in one
    sentence), a part of 1-2 words (a list entry, not a sentence), a list opened before a ";"
    ("such as A; B; C"), and a time window typed only in a later part (it may cover every part).
    """
    if ";" not in sentence:
        return [sentence]
    parts = _depth0_split(sentence, ";")  # "[ALT > 150 U/L; AST > 130 U/L]" stays one sentence
    if len(parts) < 2:
        return parts or [sentence]
    if any(len(_WORDS.findall(p)) < MIN_PART_WORDS for p in parts):
        return [sentence]
    if any(_CONJUNCTION_START.match(p) for p in parts[1:]) or any(_LIST_LEAD.search(p) for p in parts[:-1]):
        return [sentence]
    if any(_DEPENDENT_START.match(p) for p in parts):
        return [sentence]  # "Except for X; within 4 weeks of Y": a part that leans on another is no sentence
    if re.search(r"\b(?:of|to|for|in|on|by|from|and|or|with|than|the|a|an|your|any)$", parts[0], re.IGNORECASE):
        return [sentence]
    windows = [bool(_WINDOW.search(part)) for part in parts]
    if any(windows[1:]) and not all(windows):
        return [sentence]
    return parts


_DEFINED_AS = re.compile(r"\s*,?\s+(?:which\s+is\s+|that\s+is\s+)?defined\s+as\s*:?\s+(?=\S)", re.IGNORECASE)
_MEASURED = re.compile(r"\d|\b(?:at least|at most|more than|less than|normal|positive|negative)\b", re.IGNORECASE)


def split_defined(sentence: str) -> list[str]:
    """ "You have good kidney function, defined as creatinine of at most 1.5 mg/dL" ->
    ["You have good kidney function", "This means creatinine of at most 1.5 mg/dL"].

    Only one "defined as" per sentence, at bracket depth 0, and only when every comma-separated
    part of the definition is itself a measure (so a later, separate requirement is never
    swallowed into "This means").
    """
    if "defined" not in sentence:
        return [sentence]
    matches = list(_DEFINED_AS.finditer(sentence))
    if len(matches) != 1 or re.search(r"\bdefined\b", sentence[matches[0].end():], re.IGNORECASE):
        return [sentence]
    match = matches[0]
    main, tail = sentence[:match.start()], sentence[match.end():].strip()
    if _paren_depths(sentence)[match.start()] or main.count("(") != main.count(")"):
        return [sentence]
    if len(_WORDS.findall(main)) < MIN_PART_WORDS or len(_WORDS.findall(tail)) < 2 or tail.rstrip(" .").endswith(":"):
        return [sentence]
    if len(_depth0_split(tail, ";")) > 1:
        return [sentence]  # "...; volunteers with X will be ..." is a rule of its own, not part of the definition
    if re.search(r"\b(?:of|to|for|in|on|by|from|and|or|with|than|the|a|an|is|are|be|as)$", main, re.IGNORECASE):
        return [sentence]
    if not all(_MEASURED.search(chunk) for chunk in _depth0_split(tail, ",")):
        return [sentence]
    return [main, "This means " + tail]


def _depth0_split(text: str, mark: str, opening: str = "([", closing: str = ")]") -> list[str]:
    """Split at `mark` outside brackets; empty parts dropped."""
    if mark not in text or not any(bracket in text for bracket in opening):
        parts = text.split(mark)  # (no bracket opens: every mark is outside, as _depth0_scan would find)
        return [p.strip() for p in parts if p.strip()]
    return _depth0_scan(text, mark, opening, closing)


def _depth0_scan(text: str, mark: str, opening: str, closing: str) -> list[str]:
    """_depth0_split character by character, counting bracket depth."""
    parts, depth, last = [], 0, 0
    for i, char in enumerate(text):
        if char in opening:
            depth += 1
        elif char in closing and depth:
            depth -= 1
        elif char == mark and depth == 0:
            parts.append(text[last:i])
            last = i + 1
    parts.append(text[last:])
    return [p.strip() for p in parts if p.strip()]


# A list shown as a list: the item's text ends with its lead ("This includes:") and the entries
# follow as a sub-list, one per line (LIST_MARK separates them in the rewriter's output).
LIST_MARK = "\n\u2022 "
MIN_LIST_ENTRIES = 3
_OR_LIST_LEAD = re.compile(r"^(You (?:have had|have|are allergic to|have used|use|take|are taking|had) )(?!any\b|all\b|one\b|no\b|none\b|either\b|both\b|a history\b)(.+)$")
_LIST_ENTRY_STOP = re.compile(r"[;:]|\b(?:with|without|who|whose|where|which|that|not|no|requiring|needing|"
                              r"caused|due|because|unless|except|excluding|if|when|and|is|are|was|were|"
                              r"such as|including|for example)\b", re.IGNORECASE)
MAX_ENTRY_WORDS = 6
_ENTRY_BAD_START = re.compile(r"^(?:to|of|in|on|for|with|by|at|from|as|than|or|and|nor|but|etc)\b", re.IGNORECASE)


def _list_entries(tail: str) -> list[str] | None:
    """ "A, B, C, or D" / "A, B, C and D" -> the entries, or None when it is not a plain list."""
    chunks = _depth0_split(tail, ",")
    if len(chunks) < 2:
        return None
    last = re.match(r"^(?:(?:and/or|and|or)\s+)?(.+?)\s+(?:and/or|and|or)\s+(.+)$", chunks[-1])
    if re.match(r"^(?:and/or|and|or)\s+", chunks[-1]):
        chunks[-1] = re.sub(r"^(?:and/or|and|or)\s+", "", chunks[-1])
    elif last and _paren_depths(chunks[-1])[last.start(2)] == 0:
        chunks[-1:] = [last.group(1), last.group(2)]
    else:
        return None
    return chunks


def list_form(sentence: str, example: bool) -> tuple[str, list[str]] | None:
    """A sentence that is mostly a list -> (lead, entries), or None.

    ``example``: "This includes A, B, C or D" (entries are examples; "and" or "or" lists both).
    Otherwise "You have A, B, C or D": an "or" list only (every entry is an alternative), shown as
    "You have any of these:"; an "and" list may mean "all at once" and stays a sentence.
    """
    body = sentence.strip().rstrip(".")
    if example:
        if not body.startswith("This includes "):
            return None
        lead, tail = "This includes:", body[len("This includes "):]
    else:
        match = _OR_LIST_LEAD.match(body)
        if not match:
            return None
        lead, tail = match.group(1) + "any of these:", match.group(2)
        if not re.search(r",\s*(?:or|and/or)\s+\S[^,]*$", tail) or re.search(r"\band\b", tail):
            return None
    if _WINDOW.search(tail) or _LINKED_PART.search(tail) or re.search(r"\band so on\b", tail):
        return None  # "A, B, and so on" has no last entry to show
    entries = _list_entries(tail)
    if not entries or len(entries) < MIN_LIST_ENTRIES:
        return None
    sizes = [len(re.sub(r"^(?:a|an|the)\s+", "", entry, flags=re.IGNORECASE).split()) for entry in entries]
    if any(size == 1 for size in sizes[:-1]) and sizes[-1] > 1:
        return None  # "heart, lung, or kidney disease": the last word may belong to every entry
    if " of " in entries[0] and not all(" of " in entry for entry in entries):
        return None  # "cancer of the nose, throat, or mouth": "cancer of" belongs to every entry
    if any(_ENTRY_BAD_START.match(entry) for entry in entries):
        return None
    for entry in entries:
        words = _WORDS.findall(entry)
        if not words or len(words) > MAX_ENTRY_WORDS or _LIST_ENTRY_STOP.search(_BRACKETED.sub("", entry)) \
                or _EXAMPLE_NOT_START.match(entry) or entry.count("(") != entry.count(")"):
            return None
    return lead, entries


_SEVERITY = re.compile(r"\b(mild|moderate|severe|serious|significant|marked)"
                       r"(\s*(?:to|or|and|/|-)\s*)?(mild|moderate|severe|serious|significant|marked)?\s+$", re.IGNORECASE)
_ADJECTIVE_START = re.compile(r"^(?:poor|weak|low|high)\s")


def _adverb(word: str | None) -> str:
    if not word:
        return ""
    return word + ("ly" if not word.lower().endswith("le") else "") if word.lower() != "mild" else word + "ly"


def fix_double_modifiers(out: list[str], plain: str) -> None:
    """ "severe hepatic dysfunction" -> "severely poor liver function", not "severe poor liver function":
    a lexicon phrase that brings its own adjective turns the severity word before it into an adverb."""
    if not out or not _ADJECTIVE_START.match(plain):
        return
    before = "".join(out)
    match = _SEVERITY.search(before, max(0, len(before) - 40))
    if match:
        out[:] = [before[:match.start()] + _adverb(match.group(1)) + (match.group(2) or "") + _adverb(match.group(3)) + " "]


_JUDGE = r"(?:(?:lead |treating |site |clinical |local |responsible )?(?:study doctor|doctor|physician|clinician|PI|study team|care team|medical team)s?)"
_JUDGED_ASIDE = re.compile(
    rf",?\s*\b(?:in|per|according to)\s+(?:the\s+|your\s+)?(?P<a>{_JUDGE})'s\s+(?:view|opinion|judgment|judgement|discretion)\b(?!\()\s*,?(?!\s*(?:or|and|and/or)\b)"
    rf"|,?\s*\b(?:in|per|at)\s+the\s+(?:opinion|judgment|judgement|view|discretion)\s+of\s+(?:the\s+|your\s+|a\s+)?(?P<b>{_JUDGE})\b(?!\()\s*,?(?!\s*(?:or|and|and/or)\b)",
    re.IGNORECASE)
_JUDGED_END = re.compile(
    rf",?\s*\b(?:as|if)\s+(?P<verb>judged|determined|deemed|considered|decided|assessed|evaluated)\s+by\s+"
    rf"(?:the\s+|your\s+|a\s+)?(?P<c>{_JUDGE})\s*(?P<end>[.;]?)\s*$", re.IGNORECASE)


_AS_BY = re.compile(r",?\s+as\s+(?P<verb>judged|evidenced|defined|determined|assessed|measured|confirmed|shown|"
                    r"documented|indicated|demonstrated|evaluated|established|verified)\s+(?P<prep>by|in|on|with|using)\s+"
                    r"(?=\S)", re.IGNORECASE)
_AS_BY_TAIL_STOP = re.compile(r";|,\s*(?:and|or|but|you|must|which|who|then)\b|\b(?:as\s+\w+\s+by)\b", re.IGNORECASE)


def split_as_by(sentence: str) -> list[str]:
    """ "You have erection problems, as judged by an IIEF-5 score of less than 22." ->
    ["You have erection problems.", "This is judged by an IIEF-5 score of less than 22."]

    The "as ... by" tail must run to the end of the sentence as one phrase (no later clause that
    would then read as part of it).
    """
    if " as " not in sentence:
        return [sentence]
    matches = list(_AS_BY.finditer(sentence))
    if len(matches) != 1:
        return [sentence]
    match = matches[0]
    main, tail = sentence[:match.start()].rstrip(" ,"), sentence[match.end():].strip()
    if _paren_depths(sentence)[match.start()] or main.count("(") != main.count(")") or _AS_BY_TAIL_STOP.search(tail):
        return [sentence]
    if len(_WORDS.findall(main)) < 4 or len(_WORDS.findall(tail)) < 2 or \
            re.search(r"\b(?:of|to|for|in|on|by|from|and|or|with|than|the|a|an|that|which|is|are|be)\W*$", main, re.IGNORECASE):
        return [sentence]
    return [main, f"This is {match.group('verb').lower()} {match.group('prep').lower()} {tail}"]


def split_judgement(sentence: str) -> list[str]:
    """ "You have X that, in the study doctor's view, may get in the way of the study." ->
    ["You have X that may get in the way of the study.", "The study doctor decides this."]

    The aside that interrupts a criterion becomes a short sentence of its own after it; only a
    person's judgement moves (never a scale: "as judged by a Female Sexual Function Index").
    """
    if "doctor" not in sentence and "PI" not in sentence and "team" not in sentence and "clinician" not in sentence \
            and "physician" not in sentence:
        return split_as_by(sentence)
    match = _JUDGED_END.search(sentence)
    verb = "decides"
    if match:
        who = match.group("c")
        verb = "checks" if match.group("verb").lower() in ("assessed", "evaluated") else "decides"
        rest = sentence[:match.start()] + match.group("end")
    else:
        matches = list(_JUDGED_ASIDE.finditer(sentence))
        if len(matches) != 1:
            return split_as_by(sentence)
        match = matches[0]
        who = match.group("a") or match.group("b")
        if _paren_depths(sentence)[match.start()]:
            return [sentence]
        before, after = sentence[:match.start()].rstrip(), sentence[match.end():].lstrip()
        last_word, first_word = before.rsplit(" ", 1)[-1], after.split(" ", 1)[0]
        if last_word.isalpha() and last_word.lower() == first_word.lower():
            after = after[len(first_word):].lstrip()  # "condition, that, in X's view, that would" -> one "that"
        rest = (before + (" " if after and after[0] not in ".;,)" else "") + after).strip()  # both commas go
    if len(_WORDS.findall(rest)) < 4 or re.search(r"\b(?:of|to|for|in|on|by|from|and|or|with|than|the|a|an|that|which|is|are)\W*$",
                                                   rest, re.IGNORECASE):
        return [sentence]
    who = who if who.isupper() else who.lower()
    return [rest, f"The {who} {verb} this"]


def assemble_plain(sentences: list[str], notes: list[str]) -> str:
    """Finished sentences, glosses after them; a closing list becomes a sub-list (LIST_MARK lines)."""
    sentences = [s for s in sentences if s.strip()]
    judged: list[str] = []
    for index, sentence in enumerate(sentences):
        following = sentences[index + 1] if index + 1 < len(sentences) else ""
        if following.startswith(("This includes ", "This means ")):
            judged.append(sentence)  # "This ..." must still follow what it is about
        else:
            judged.extend(split_judgement(sentence))
    sentences = judged
    entries: list[str] = []
    if sentences:
        last = finish_sentence(sentences[-1])
        # glosses follow the text, so a list (shown after all of it) is made only when there are none
        form = list_form(last, last.startswith("This includes ")) if not notes else None
        if form:
            sentences[-1], entries = form
    finished = [finish_sentence(s) for s in sentences if s.strip()]
    if notes and finished and _ENDS_WITH_LIST_WORD.search(finished[-1]):
        finished[-1] += " …"  # the item goes on in the next one: "not a WOCBP or … WOCBP means ...", not "or WOCBP means"
    text = fix_articles(" ".join([*finished, *(finish_sentence(s) for s in notes if s.strip())]))
    if entries:
        text += "".join(LIST_MARK + fix_articles(e.strip()) for e in entries)
    return text


# Finite verbs only: "unable to read or speak English" shares "unable to" and must stay whole.
_CLAUSE_VERBS = r"(?:is|are|has|have|was|were|had|agrees|provides|understands|lives|speaks|signs|must|will|should|meets)"
_COMMA_CLAUSE = re.compile(rf",\s*{_CLAUSE_VERBS}\s", re.IGNORECASE)
_CLAUSE_SPLIT = {
    word: re.compile(rf"(?:,\s*|\s+){word}\s+(?={_CLAUSE_VERBS}\s)", re.IGNORECASE) for word in ("and", "or")
}


def split_clauses(sentence: str, word: str) -> list[str]:
    """Split "has X and is Y" at an "and"/"or" that starts a new verb clause, outside brackets."""
    cuts = list(_CLAUSE_SPLIT[word].finditer(sentence))
    if cuts:  # (bracket depths only when there is a cut to check)
        depths = _paren_depths(sentence)
        cuts = [m for m in cuts if depths[m.start()] == 0]
    if not cuts:
        return [sentence]
    parts, last = [], 0
    for cut in cuts:
        parts.append(sentence[last:cut.start()])
        last = cut.end()
    parts.append(sentence[last:])
    parts = [p.strip() for p in parts if p.strip()]
    if any(len(p.split()) < 3 or _COMMA_CLAUSE.search(p) for p in parts):
        return [sentence]  # "Has or has had X" (shared object), "has X, has Y or has Z" (a longer list)
    return parts


def _must_also(clause: str) -> str | None:
    """ "you are X" -> "You must also be X" (an extra requirement of an inclusion)."""
    body = clause[4:] if clause.startswith("you ") else None
    if not body:
        return None
    first, _, rest = body.partition(" ")
    swaps = {"are": "be", "have": "have", "were": "have been", "had": "have had"}
    if first in swaps and not rest.startswith(("not ", "no ")):
        return f"{ALSO_OPENER} {swaps[first]} {rest}".strip()
    if first in ("must", "should", "will") and not rest.startswith(("not ", "no ")):
        return f"{ALSO_OPENER} {rest}".strip()
    if first in _BASE_VERBS:
        return f"{ALSO_OPENER} {body}"
    return None


_SUBJECT_OR_VERB_START = re.compile(
    rf"^(?:{_SUBJECT}\s+(?:who|that|must|should|will|has|have|is|are)\b|"
    r"(?:has|have|is|are|was|were|must|should|can|cannot|agrees?|meets?|provides?|understands?|lives?)\s)", re.IGNORECASE)


# Entries under a "...:" parent that read as whole criteria ("History of X", "Patients with X").
_CHILD_CRITERION = re.compile(rf"^(?:(?:a\s+)?(?:(?:past|prior|previous)\s+)?(?:medical\s+)?history\s+of|presence\s+of|"
                              rf"(?:current\s+)?use\s+of|participation\s+in|(?:known\s+)?(?:allergy|hypersensitivity)\s+to|"
                              rf"{_SUBJECT}\s+with)\s", re.IGNORECASE)
# A subject and its verb: a criterion, even though it starts with "The".
_SUBJECT_CLAUSE = re.compile(rf"^{_SUBJECT}\s+(?:(?:currently|previously|recently)\s+\w+s\b|has|have|is|are|was|were|had|does|must|should|will|who|with|meets|agrees)\b",
                             re.IGNORECASE)


# Remarks, history and instructions are not criteria: never reframe them as "You ...".
_NOTE_START = re.compile(r"^(?:note|nb|n\.b\.|please|before|after|since|other|additional|further|extra|see|"
                         r"as of|from|in|on|the|this|these|there|it|all)\b", re.IGNORECASE)


_CONSENT = re.compile(r"^(?:(?:the\s+)?(?:patients?|subjects?|participants?)\s+)?(?:has\s+|have\s+)?"
                      r"(?:(?:provided|provide|provides|signed|sign|signs|given|give|gives)\s+(?P<kind>(?:written\s+)?)|"
                      r"(?=written\s+informed)(?P<bare>written\s+))"
                      r"informed\s+consent(?:\s+form)?\s*(?P<rest>(?:to|for)\b[^.;]*?)?\.?$", re.IGNORECASE)


class RuleBasedRewriter:
    """Default offline rewriter: symbols, second-person framing, lexicon."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or default_lexicon()

    def rewrite(self, text: str, section: str, framed: bool, context: RewriteContext) -> str:
        context.pending = []
        consent = _CONSENT.match(text.strip()) if may_contain(text, "consent") else None
        if consent and section == "inclusion":
            # consent is a step of joining, not a trait the reader must already have
            kind = (consent.group("kind") or consent.group("bare") or "").lower()
            context.explained.update({"agreement to join once you have learned about the study",
                                      "written agreement to join once you have learned about the study"})
            how = "agree in writing" if "written" in kind else "agree"
            rest = _reader_pronouns("you " + apply_lexicon(consent.group("rest") or "", self.lexicon, context))[4:]
            return fix_articles(finish_sentence(
                f"You will be asked to give {kind}informed consent ({how} once the study is explained to you) {rest}"))
        spelled = short_names(spell_out_symbols(text))
        if "he following" in spelled:
            spelled = _THE_FOLLOWING.sub(lambda m: "These" if m.group(0)[0] == "T" else "these", spelled)
        sentences = _SENTENCE_SPLIT.split(spelled) or [""]
        out: list[str] = []
        for index, sentence in enumerate(sentences):
            sentence, aside = split_aside(sentence)
            if index == 0 and framed and section in ("inclusion", "exclusion"):
                out.extend(self._frame_parts(sentence, section, context))
            else:
                for part in semicolon_sentences(sentence):
                    if index == 0 and section in ("inclusion", "exclusion") and (
                            _SUBJECT_OR_VERB_START.match(part) or _CHILD_CRITERION.match(part)):
                        # an entry under "... all of the following:" that starts "Has ..."/"Patients who ...":
                        # the parent carries the framing; the entry becomes a plain "You have ..." sentence
                        clause = frame_body(part)
                        if clause and clause[1].startswith("you "):
                            out.append("You " + _reader_pronouns(apply_lexicon(clause[1], self.lexicon, context))[4:])
                        else:
                            out.append(apply_lexicon(part, self.lexicon, context))
                    else:
                        out.append(apply_lexicon(part, self.lexicon, context))
            if aside:
                out.append(apply_lexicon(aside, self.lexicon, context))
        out = [piece for sentence in out for part in split_defined(sentence) for piece in split_examples(part)]
        notes, context.pending = context.pending, []
        return assemble_plain(out, notes)

    def _frame_parts(self, sentence: str, section: str, context: RewriteContext) -> list[str]:
        """Frame a sentence; a "A; B" list of whole criteria becomes one framed sentence per part."""
        parts = split_semicolons(sentence)
        if len(parts) == 1:
            # "has X and is Y" (inclusion: both needed) / "has X, or is Y" (exclusion: either one)
            parts = split_clauses(sentence, "and" if section == "inclusion" else "or")
        if len(parts) > 1 and ":" not in parts[0]:
            split = self._split_framed(parts, section, context)
            if split:
                return split
        loose = semicolon_sentences(sentence)
        if len(loose) > 1:
            # "A; B" whose parts do not all read as "you ..." clauses: still one short sentence per part,
            # each framed on its own when it can be ("You have A. B of at least 9 g/dL.")
            # a later part that is a remark on another ("...; these are allowed") keeps its own wording
            return [self._frame(part, section, context) if index == 0 or not _LINKED_PART.search(part)
                    else apply_lexicon(part, self.lexicon, context) for index, part in enumerate(loose)]
        return [self._frame(sentence, section, context)]

    def _split_framed(self, parts: list[str], section: str, context: RewriteContext) -> list[str] | None:
        include = section == "inclusion"
        windows = [bool(_WINDOW.search(part)) for part in parts]
        if any(windows[1:]) and not all(windows):
            return None  # "received X or used Y in the 30 days before": the window may cover every part
        clauses = []
        for part in parts:
            if _CONJUNCTION_START.match(part) or _LINKED_PART.search(part):
                return None  # "A; or B", "A; B are allowed" keep their own logic in one sentence
            framed = frame_body(part)
            if framed is None or not framed[1].startswith("you ") or (
                    framed[0] != "you" and not (include and clauses and framed[0] == "modal")):
                return None
            if len(framed[1].split()) < 4:
                return None  # "you sign" alone is not a whole requirement
            clauses.append(framed[1])
        # The list heading says how the parts combine ("all of these" / "any of these"), so each part
        # is its own short "You ..." sentence; no per-sentence "You can join if" framing.
        return ["You " + _reader_pronouns(apply_lexicon(clause, self.lexicon, context))[4:] for clause in clauses]

    def _frame(self, sentence: str, section: str, context: RewriteContext) -> str:
        framed = frame_body(sentence.strip())
        if framed is None or (framed[0] == "modal" and section != "inclusion") or (
                _NOTE_START.match(sentence) and not _SUBJECT_CLAUSE.match(sentence)):
            # no safe "You ..." sentence: the criterion as typed (simplified words), under the list heading
            return apply_lexicon(sentence, self.lexicon, context)
        clause = _reader_pronouns(_lower_swapped_head(apply_lexicon(framed[1], self.lexicon, context), sentence))
        return "You " + clause[4:] if clause.startswith("you ") else clause
