"""Normalising and splitting text the same way for indexing, queries and place names."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Words that carry no meaning in a trial search; PostgreSQL would drop most of them anyway,
# dropping them here too keeps both backends giving the same answers.
STOPWORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or that the their this to was were will with "
    "trial trials study studies clinical research".split()
)


def fold(text: str) -> str:
    """Lower case, accents removed, whitespace collapsed: 'São  Paulo' -> 'sao paulo'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def words(text: str) -> list[str]:
    """Letters and digits only: whatever else a user types (quotes, *, parentheses) is dropped."""
    return WORD.findall(fold(text))


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """A lookup key for names: folded words joined by single spaces (cached: city names repeat across sites)."""
    return " ".join(words(text))


def light_stem(word: str) -> str:
    """Just enough stemming to match 'diseases' with 'disease' when looking up synonyms."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def slugify(text: str) -> str:
    return "-".join(words(text))[:120]
