"""Registry eligibility free text -> inclusion/exclusion tree.

ClinicalTrials.gov criteria are CommonMark-ish text typed by thousands of
sponsors. The parser is deliberately forgiving and loss-free: every word of
the input ends up in exactly one item (or in a recognised section header), so
nothing a clinician wrote can silently disappear from a patient page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .textscan import may_contain

INCLUSION = "inclusion"
EXCLUSION = "exclusion"
OTHER = "other"

CRITERION = "criterion"  # a list item or a line of a list-less section
NOTE = "note"  # free text next to a list (preamble, footnote)
HEADING = "heading"  # a sub-heading such as "Cohort A:" that groups items

_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MOJIBAKE = (("â‰¥", "≥"), ("â‰¤", "≤"), ("Â±", "±"), ("â€™", "’"), ("â€“", "–"), ("â€”", "—"), ("Âµ", "µ"),
             ("â€œ", "“"), ("â€\x9d", "”"), ("Â°", "°"), ("Â ", " "))
_BOLD = re.compile(r"\*\*|__")
_MARKER = re.compile(
    r"^(?P<indent>[ \t]*)"
    r"(?P<marker>[*•·▪●○◦+]|-(?=\s|[A-Za-z])|\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{2,5})[.)](?=\s)"
    r"|\(?\d{1,3}[.)](?=[A-Z][a-z])|[①-⑳])"
    r"[ \t]*(?P<rest>.*)$"
)
# A section header, optionally after a list marker; group "tail" is inline content.
_HEADER = re.compile(
    r"^(?P<head>(?:[^\w\n]{0,3}\s*)?"
    r"(?P<pre>(?:[\w/().'-]+\s+){0,5}?)"
    r"(?:(?P<kind>inclusion|exclusion|inclusive|exclusive|eligibility|non[- ]?inclusion)"
    r"(?:\s+(?:criteria|criterion|criterias))?"
    r"|criteria\s+(?:for|of)\s+(?P<kind2>inclusion|exclusion|eligibility))"
    r"(?P<qual>[^:\n]{0,40}?)\s*(?::|：|-(?=\s)|$|(?<=criteria)\.(?=\s)))(?P<tail>.*)$",
    re.IGNORECASE,
)
_STANDARD_HEADER_WORDS = frozenset(
    "inclusion exclusion inclusive exclusive criteria criterion criterias for of eligibility non".split()
)
_QUALIFIERS = frozenset(
    "key main major principal general other additional specific patient patients subject subjects participant participants".split()
)
_WORD = re.compile(r"[^\W_]+")
_ENUMERATOR = re.compile(r"\d{1,2}|[ivxIVX]{1,4}")  # "1. Inclusion Criteria", "III.6 EXCLUSION CRITERIA"
_TITLED_QUAL = re.compile(r"(?:\s+[A-Z][a-z]+){1,3}\s*")
# Section headings typed inside a line ("... hyperlipidemia Exclusion Criteria:- Nitrate use") start a new line.
_INLINE_HEADER = re.compile(
    r"(?<=[\w).,;%])(?P<word>[ \t]+\w[\w/-]*)?[ \t]*(?:-[ \t]+)?"
    r"(?=(?:Inclusion|Exclusion|INCLUSION|EXCLUSION)[ \t]+(?:Criteria|CRITERIA|criteria)[ \t]*[:：])")
_INLINE_HEADER_WORDS = re.compile(r"(?:Inclusion|Exclusion|INCLUSION|EXCLUSION)[ \t]+(?:Criteria|CRITERIA|criteria)[ \t]*[:：]")
_HEADER_AFTER = re.compile(r"[\w).,;%]")  # _INLINE_HEADER's look-behind
_HEADER_LEAD_WORDS = frozenset("and or the following of other additional key main general specific further".split())
# (the leading lookahead lets the engine skip every other character: 10x faster)
_INLINE_BULLET = re.compile(r"(?=[ \t•;])(?:(?<=[\w.):;%])[ \t]*(?=•[ \t]*[A-Z])|;[ \t]*(?=-[ \t]*[A-Za-z]))")
_GLUED_DASH = re.compile(r"(?<=[a-z)%])(?=-[ \t]+[A-Z][a-z])")
_SPACED_DASH = re.compile(r"[ \t]+(?=-[ \t]+[A-Z])")
_SENTENCE_END = re.compile(r"[.;:!?]\s*$")


@dataclass
class ParsedItem:
    """One criterion, note or sub-heading, with nested children."""

    text: str
    marker: str
    section: str
    kind: str
    indent: int
    children: list["ParsedItem"] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class ParsedCriteria:
    """The parsed document: top-level items in order plus consumed headers."""

    items: list[ParsedItem]
    headers: list[str]

    def walk(self):
        for item in self.items:
            yield from item.walk()

    def section(self, name: str) -> list[ParsedItem]:
        return [item for item in self.items if item.section == name]


def clean_text(text: str | None) -> str:
    """Normalise line ends and drop markdown escapes and bold markers."""
    if not text:
        return ""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = _MD_ESCAPE.sub(r"\1", text)
    if "\u00e2" in text or "\u00c2" in text:
        for broken, fixed in _MOJIBAKE:  # UTF-8 read as cp1252 by the sponsor's tool: "â‰¥" is "≥"
            text = text.replace(broken, fixed)
    if "&" in text:
        text = html.unescape(text)  # "Lymphocytes &lt;800/μL" is "< 800"
    return _BOLD.sub("", text)


def _header(line: str):
    """Return (section, header_text, is_standard, tail) if the line opens a section."""
    match = _HEADER.match(line.strip()) if may_contain(line, "inclu", "exclu", "eligib") else None  # (its kind words)
    if not match:
        return None
    kind = (match.group("kind") or match.group("kind2") or "").lower()
    head, tail = match.group("head"), match.group("tail").strip()
    qual = match.group("qual") or ""
    if len(_WORD.findall(head)) > 9:
        return None
    ends_with_colon = head.rstrip().endswith((":", "：", "-")) or head.rstrip().lower().endswith("criteria.")
    if not ends_with_colon and tail:
        return None
    if not ends_with_colon and len(_WORD.findall(head)) > 4:
        return None
    pre_words = {w.lower() for w in _WORD.findall(match.group("pre")) if not _ENUMERATOR.fullmatch(w)}
    titled_qual = bool(_TITLED_QUAL.fullmatch(qual)) and not tail  # "Exclusion Criteria Disease Related"
    if ((qual.strip() and not titled_qual) or not pre_words <= _QUALIFIERS) and not ends_with_colon:
        return None
    if "non" in kind or kind.startswith("exclu"):
        section = EXCLUSION
    elif kind.startswith("inclu"):
        section = INCLUSION
    else:
        section = None  # "Eligibility criteria:" keeps the current section
    words = {w.lower() for w in _WORD.findall(head) if not _ENUMERATOR.fullmatch(w)}
    standard = words <= _STANDARD_HEADER_WORDS
    return section, head.strip(), standard, tail


class _Builder:
    """Line-by-line state machine building the item tree."""

    def __init__(self) -> None:
        self.items: list[ParsedItem] = []
        self.headers: list[str] = []
        self.section = OTHER
        self.stack: list[ParsedItem] = []  # open list items, outermost first
        self.group: ParsedItem | None = None  # open sub-heading
        self.current: ParsedItem | None = None
        self.blank_before = True
        self.lead: ParsedItem | None = None  # an open "... any of the following:" list item

    def _attach(self, item: ParsedItem, parent: ParsedItem | None) -> None:
        if parent is not None:
            parent.children.append(item)
        elif self.group is not None and item.kind != HEADING:
            self.group.children.append(item)
        else:
            self.items.append(item)
        self.current = item

    def open_section(self, section: str | None, head: str, standard: bool) -> None:
        if section is not None:
            self.section = section
        self.stack.clear()
        self.group = None
        if standard:
            self.headers.append(head)
            self.current = None
        else:
            heading = ParsedItem(head, "", self.section, HEADING, -1)
            self.items.append(heading)
            self.group = heading
            self.current = heading

    def list_item(self, indent: int, marker: str, rest: str) -> None:
        mtype = _marker_type(marker)
        lead = self.lead
        if lead is not None and indent <= lead.indent:
            if (indent == lead.indent and _marker_type(lead.marker) == mtype and not self.blank_before
                    and lead.text.rstrip().endswith((":", "：")) and _nestable(rest) and lead in self.stack
                    and all(child.indent == lead.indent for child in lead.children)):
                # "* Any of the following:" then "* A" "* B" at the same indentation: A and B belong to it
                while self.stack[-1] is not lead:
                    self.stack.pop()
                item = ParsedItem(rest.strip(), marker, self.section, CRITERION, indent)
                self._attach(item, lead)
                self.stack.append(item)
                return
            self.lead = None
        parent = None
        while self.stack:
            top = self.stack[-1]
            if top.indent < indent:
                parent = top
                break
            same_type_open = any(e.indent == indent and _marker_type(e.marker) == mtype for e in self.stack)
            if top.indent == indent and _marker_type(top.marker) != mtype and not same_type_open \
                    and top.text.rstrip().endswith(":"):
                parent = top
                break
            self.stack.pop()
        item = ParsedItem(rest.strip(), marker, self.section, CRITERION, indent)
        self._attach(item, parent)
        self.stack.append(item)
        if item.text.endswith((":", "：")):
            self.lead = item

    def paragraph(self, indent: int, line: str) -> None:
        text = line.strip()
        cur = self.current
        if cur is not None and cur.kind != HEADING:
            in_list = cur.marker != ""
            if not self.blank_before and (in_list or not _starts_new_line_item(cur.text, text)):
                cur.text = f"{cur.text} {text}".strip()
                return
            if self.blank_before and in_list and indent > cur.indent and indent >= 2:
                cur.text = f"{cur.text} {text}".strip()
                return
        self.stack.clear()
        is_heading = text.endswith((":", "：")) and len(_WORD.findall(text)) <= 14
        if is_heading:
            self.group = None
            item = ParsedItem(text, "", self.section, HEADING, -1)
            self.items.append(item)
            self.group = item
            self.current = item
            return
        item = ParsedItem(text, "", self.section, CRITERION, -1)
        self._attach(item, None)


def _nestable(text: str) -> bool:
    """Entries of a "following:" list are short; a long multi-sentence item or a new "...:" ends the list."""
    text = text.strip()
    return not text.endswith((":", "：")) and len(text.split()) <= 30 and not re.search(r"[.!?]\s+[A-Z]", text)


# "1. A 2. B" or, glued, "1.A 2.B": a number, "." or ")" and a capitalised word (never "10.5": a digit follows)
_INLINE_NUMBER = re.compile(r"(?=[(\d])(?:(?<=[\s:;])|^)\(?(\d{1,2})([.)])(?:\s+(?=[A-Za-z(])|(?=[A-Z][A-Za-z]))")
# "* 1.Age ..." / "- 2) Patients ...": a bullet typed before the item's own number; the number is the marker
_BULLET_NUMBER = re.compile(r"^(\(?\d{1,3}[.)])(?:[ \t]+|(?=[A-Z][a-z]))(?=\S)")


def _inline_chain(item: ParsedItem):
    """Numbered entries typed on one line ("... 1) A 2) B"): (prefix, [(marker, text)]) or None.

    Numbers must run on without gaps (1, 2, 3 ... or, after an item numbered n,
    n+1, n+2 ...), so "stage 2. Patients" alone never splits a criterion.
    """
    own = item.marker.strip("().")
    own_number = own.isascii() and own.isdigit()
    expected = int(own) + 1 if own_number else 1
    chain = []
    for match in _INLINE_NUMBER.finditer(item.text):
        if int(match.group(1)) == expected:
            chain.append(match)
            expected += 1
    if len(chain) < 2 and not (chain and own_number):
        return None
    prefix = item.text[:chain[0].start()].strip()
    if prefix.count("(") > prefix.count(")") or prefix.count("[") > prefix.count("]"):
        return None  # "... [have you had: (1) A, or (2) B?]" is one sentence
    parts = []
    for index, match in enumerate(chain):
        end = chain[index + 1].start() if index + 1 < len(chain) else len(item.text)
        marker = item.text[match.start():match.end()].strip()
        parts.append((marker, item.text[match.end():end].strip()))
    if any(not text for _, text in parts):
        return None
    return prefix, parts


def _split_inline_lists(items: list[ParsedItem]) -> list[ParsedItem]:
    out: list[ParsedItem] = []
    for item in items:
        item.children = _split_inline_lists(item.children)
        out.append(item)
        if item.kind == HEADING:
            continue
        found = _inline_chain(item)
        if found is None:
            continue
        prefix, parts = found
        own = item.marker.strip("().")
        numbered_self = own.isascii() and own.isdigit()
        if numbered_self or not prefix:
            # "19. A 20. B" (or "1) A 2) B" alone): the entries are siblings of this item
            if not prefix:
                if item.marker:
                    continue  # "* 1) A 2) B": leave as typed rather than lose a marker
                (item.marker, item.text), parts = parts[0], parts[1:]
            else:
                item.text = prefix
            children, item.children = item.children, []
            siblings = [ParsedItem(text, marker, item.section, item.kind if item.kind != NOTE else CRITERION, item.indent)
                        for marker, text in parts]
            if siblings:
                siblings[-1].children = children
            else:
                item.children = children
            out.extend(siblings)
        else:
            # "Any of: 1) A 2) B": the entries are children of the lead-in
            item.text = prefix
            item.children = [ParsedItem(text, marker, item.section, CRITERION, max(item.indent, 0) + 2)
                             for marker, text in parts] + item.children
    return out


def _marker_type(marker: str) -> str:
    if marker[:1].isdigit() or marker[:2].lstrip("(")[:1].isdigit():
        return "number"
    if marker in "*•·▪●○◦+-":
        return "bullet"
    if marker[:1] in "①②③④⑤⑥⑦⑧⑨⑩":
        return "number"
    return "letter"


def _starts_new_line_item(previous: str, line: str) -> bool:
    """In list-less text, a new line is a new criterion when the previous one ended."""
    return bool(_SENTENCE_END.search(previous)) or (line[:1].isupper() and not previous.endswith((",", "-")))


def _inline_header(match: re.Match[str]) -> str:
    word = (match.group("word") or "").strip()
    line_start = match.string.rfind("\n", 0, match.start()) + 1
    prefix = match.string[line_start:match.start()]
    if word.lower() in _HEADER_LEAD_WORDS or (len(_WORD.findall(prefix)) <= 5 and not re.search(r"[.;:]", prefix)):
        # "Key Exclusion Criteria:", "Erectile dysfunction cohort Exclusion Criteria:" are one heading
        return match.group(0)  # "Inclusion Criteria and Exclusion Criteria:", "the following exclusion criteria:"
    return (match.group("word") or "") + "\n"


def _outside_brackets(line: str, pattern: re.Pattern[str]) -> list[int]:
    starts = [m.start() for m in pattern.finditer(line)]
    if not starts or "(" not in line:
        return starts  # (bracket depths only matter when a bracket opens before a match)
    depths, depth = [], 0
    for char in line:
        depth += char == "("
        depth -= char == ")" and depth > 0
        depths.append(depth)
    return [start for start in starts if not depths[max(0, start - 1)]]


def _may_have_inline_header(text: str) -> bool:
    """Can _INLINE_HEADER match? Only before a heading that follows text on its own line; why: its pass tries
    every character of the criteria, and most headings start their line.

    (A match runs from just after a character of _HEADER_AFTER to the heading, over spaces, dashes and one
    word only, so never across a line break.)
    """
    for heading in _INLINE_HEADER_WORDS.finditer(text):
        if _HEADER_AFTER.search(text, text.rfind("\n", 0, heading.start()) + 1, heading.start()):
            return True
    return False


def split_inline_structure(text: str) -> str:
    """Put inline section headings and run-on bullets ("•", ";-", "older- Males") on their own lines.

    Only line breaks are added, so every word stays where it was typed.
    """
    if ("riteria" in text or "RITERIA" in text) and _may_have_inline_header(text):
        text = _INLINE_HEADER.sub(_inline_header, text)
    if "•" in text or ";" in text:
        text = _INLINE_BULLET.sub(lambda m: ";\n" if m.group(0).startswith(";") else "\n", text)
    if "- " not in text and "-\t" not in text:
        return text
    lines = []
    for line in text.split("\n"):
        stripped = line.lstrip()
        cuts = _outside_brackets(line, _GLUED_DASH)
        header = _HEADER.match(stripped) if "riteria" in stripped.lower() else None
        dash_led = stripped.startswith("-") or bool(header and header.group("tail").lstrip().startswith("-"))
        if dash_led:
            cuts += _outside_brackets(line, _SPACED_DASH)
        if len(cuts) >= 2 or (cuts and dash_led):
            last, pieces = 0, []
            for cut in sorted(set(cuts)):
                pieces.append(line[last:cut].rstrip())
                last = cut
            pieces.append(line[last:].lstrip())
            lines.extend(p for p in pieces if p.strip())
        else:
            lines.append(line)
    return "\n".join(lines)


def parse_criteria(text: str | None) -> ParsedCriteria:
    """Parse registry criteria text into sections and nested items; never raises."""
    builder = _Builder()
    for raw_line in split_inline_structure(clean_text(text)).split("\n"):
        if not raw_line.strip():
            builder.blank_before = True
            continue
        indent = len(raw_line) - len(raw_line.lstrip(" "))
        header = _header(raw_line)
        if header is not None:
            section, head, standard, tail = header
            builder.open_section(section, head, standard)
            if tail:
                builder.blank_before = True
                _line(builder, tail, 0)
            builder.blank_before = True
            continue
        _line(builder, raw_line, indent)
        builder.blank_before = False
    items = _split_inline_lists(builder.items)
    _classify(items)
    return ParsedCriteria(items, builder.headers)


def _line(builder: _Builder, line: str, indent: int) -> None:
    match = _MARKER.match(line)
    if match and match.group("rest").strip():
        column = len(match.group("indent").replace("\t", "    "))
        marker, rest = match.group("marker"), match.group("rest")
        number = _BULLET_NUMBER.match(rest) if marker in "*•·▪●○◦+-" else None
        if number is not None:
            # the number sits where the text starts ("* 1.Age", then "  2.Patients" under it): same column
            column = len(line.replace("\t", "    ")) - len(rest.replace("\t", "    "))
            marker, rest = number.group(1), rest[number.end():]
        builder.list_item(column, marker, rest)
    else:
        builder.paragraph(indent, line)


def _classify(items: list[ParsedItem]) -> None:
    """Free paragraphs beside list items are notes; in list-less sections they are criteria."""
    sections_with_lists = {i.section for top in items for i in top.walk() if i.marker}
    for top in items:
        for item in top.walk():
            if item.kind == CRITERION and not item.marker and item.section in sections_with_lists:
                item.kind = NOTE
