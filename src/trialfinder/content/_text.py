"""Small text helpers shared by the content modules (no facts, only wording)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Sequence

from trialfinder.ctgov.markup import blocks, plain
from trialfinder.ctgov.record import DateFact

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

# Words starting with a vowel letter but a consonant sound, and the reverse.
_A_EXCEPTIONS = ("one", "once", "uni", "use", "usu", "eu", "u.s.", "ur")
_AN_EXCEPTIONS = ("hour", "honest", "honor", "heir")
_NUMBER_WORDS = {
    0: "zero", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five",
    6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten",
}


def article(phrase: str) -> str:
    """'a' or 'an' for the phrase that follows (by sound, for our own wording)."""
    word = phrase.strip().lower()
    if not word:
        return "a"
    if word[0].isdigit():
        digits = re.match(r"\d+", word).group(0)
        # 8, 11, 18, 80-89, 800-899, 11,000 ... are read with a vowel sound.
        if digits.startswith("8") or (len(digits) in (2, 5) and digits.startswith("11")) or (
            len(digits) in (2, 5) and digits.startswith("18")
        ):
            return "an"
        return "a"
    if word.startswith(_AN_EXCEPTIONS):
        return "an"
    if word.startswith(_A_EXCEPTIONS):
        return "a"
    return "an" if word[0] in "aeiou" else "a"


def with_article(phrase: str) -> str:
    return f"{article(phrase)} {phrase}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 site', '3 sites' (numbers up to ten stay digits: easier to scan)."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def number_word(count: int) -> str:
    return _NUMBER_WORDS.get(count, f"{count:,}")


def join_words(items: Sequence[str], conjunction: str = "and") -> str:
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def capped_list(items: Sequence[str], cap: int, other_singular: str, other_plural: str | None = None) -> str:
    """'A, B and C', or 'A, B and 4 other conditions' once there are more than ``cap``.

    When cutting, at least two items are summarised so the tail is never 'and 1 other'.
    """
    items = [i for i in items if i]
    if len(items) <= cap:
        return join_words(items)
    shown = items[: cap - 1]
    rest = len(items) - len(shown)
    return join_words(shown + [f"{rest:,} other {other_plural or other_singular + 's'}"])


def sentence(text: str) -> str:
    """End a sentence with a full stop unless it already ends with punctuation."""
    text = " ".join(text.split())
    if not text:
        return text
    if text[-1] in ".!?…":
        return text
    if text[-1] in "\"'”’)" and len(text) > 1 and text[-2] in ".!?":
        return text
    return text + "."


def quoted(text: str) -> str:
    """Registry wording we repeat verbatim, in curly quotes, whitespace normalised."""
    return f"“{' '.join(text.split())}”"


def clean(text: str) -> str:
    """Collapse runs of whitespace (our templates must never leave double spaces)."""
    return " ".join(text.split())


def paragraph(*sentences: str | None) -> str:
    return clean(" ".join(sentence(s) for s in sentences if s))


def format_date(value: dt.date | DateFact | None, text: str | None = None) -> str | None:
    """'5 March 2024', 'March 2024' or '2024' — day-month-year is unambiguous everywhere."""
    if isinstance(value, DateFact):
        text, value = value.text, value.date
    if value is None:
        return None
    precision = len((text or value.isoformat()).split("-"))
    if precision == 1:
        return str(value.year)
    if precision == 2:
        return f"{_MONTHS[value.month - 1]} {value.year}"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def date_phrase(value: DateFact | None) -> str | None:
    """'on 5 March 2024' for a full date, 'in March 2024' or 'in 2024' for a partial one."""
    if value is None or value.date is None:
        return None
    text = format_date(value)
    return f"on {text}" if len(value.text.split("-")) == 3 else f"in {text}"


def registry_text(text: str | None) -> str:
    """Registry free text as one plain line: markdown escapes removed, list items as sentences."""
    if not text:
        return ""
    parts: list[str] = []
    for block in blocks(text):
        if block.items:
            parts.extend(sentence(plain(item)) for item in block.items if plain(item))
        elif block.text:
            parts.append(plain(block.text))
    return clean(" ".join(parts))


def months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + (end.month - start.month)


def duration_phrase(months: int) -> str | None:
    """'about 18 months', 'about 3 years' — rounded, as the dates are often estimates."""
    if months <= 0:
        return None
    if months < 24:
        return f"about {plural(months, 'month')}"
    years = round(months / 12)
    return f"about {plural(years, 'year')}"


_ABBREVIATIONS = {
    "e.g", "i.e", "vs", "etc", "dr", "mr", "mrs", "ms", "prof", "no", "approx", "fig", "al",
    "inc", "ltd", "co", "st", "jr", "sr", "ca", "min", "max", "mg", "ml", "kg", "resp", "incl",
}
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"“(\[]?[A-Z0-9])")


def sentences(text: str) -> list[str]:
    """Split text into sentences, not breaking after common abbreviations or initials."""
    text = clean(text)
    result: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        chunk = text[start:match.start() + 1]
        last_word = re.split(r"\s", chunk)[-1].rstrip(".!?").lower()
        if text[match.start()] == "." and (last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha())):
            continue
        result.append(text[start:end].strip())
        start = end
    tail = text[start:].strip()
    if tail:
        result.append(tail)
    return result


def excerpt(text: str, max_chars: int = 500) -> tuple[str, bool]:
    """Whole sentences from the start of ``text`` up to ``max_chars``; never cuts a word.

    Returns (excerpt, shortened). If even the first sentence is too long, it is cut at
    the last word boundary before the limit and ends with an ellipsis.
    """
    text = clean(text)
    if len(text) <= max_chars:
        return text, False
    taken: list[str] = []
    length = 0
    for s in sentences(text):
        extra = len(s) + (1 if taken else 0)
        if length + extra > max_chars:
            break
        taken.append(s)
        length += extra
    if taken:
        return " ".join(taken), True
    cut = text[: max_chars + 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else text[:max_chars]
    return cut.rstrip(" ,;:-–—(") + "…", True
