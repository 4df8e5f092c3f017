"""The registry's text markup (its API's default 'markdown' format) made plain.

Free-text fields escape punctuation (`\\>`, `\\[`, `\\&`) and use `*` bullets.
Pages show them as plain paragraphs and lists; the web layer escapes HTML, so
nothing here produces markup and registry HTML stays inert text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>&~^|=\"'])")
_BULLET = re.compile(r"^\s*(?:[*\-•+]|\d{1,3}[.)])\s+")
_BLANK_LINES = re.compile(r"\n\s*\n")
_SPACES = re.compile(r"[ \t\u00a0]+")


def unescape(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)


@dataclass(frozen=True)
class Block:
    """A paragraph, or a list of items when every line of the block is a bullet."""

    text: str | None
    items: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"items": list(self.items)} if self.items else {"text": self.text}


def blocks(text: str | None) -> list[Block]:
    if not text:
        return []
    result: list[Block] = []
    for chunk in _BLANK_LINES.split(unescape(text.replace("\r\n", "\n"))):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) > 1 and all(_BULLET.match(line) for line in lines):
            result.append(Block(None, tuple(_SPACES.sub(" ", _BULLET.sub("", line)).strip() for line in lines)))
        else:
            result.append(Block(_SPACES.sub(" ", " ".join(line.strip() for line in lines)).strip()))
    return result


def plain(text: str | None) -> str:
    """One line of plain text: escapes removed, whitespace collapsed."""
    if not text:
        return ""
    return _SPACES.sub(" ", unescape(text).replace("\n", " ")).strip()


def first_sentences(text: str | None, limit: int = 320) -> str:
    """Cut at a sentence boundary within `limit` characters, never mid-word."""
    flat = plain(text)
    if len(flat) <= limit:
        return flat
    window = flat[:limit]
    cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
    if cut >= limit // 3:
        return window[: cut + 1]
    space = window.rfind(" ")
    return window[: space if space > 0 else limit].rstrip(",;:") + "…"
