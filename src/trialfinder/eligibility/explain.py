"""Parse -> rewrite -> fidelity check -> grade, for one trial's criteria."""

from __future__ import annotations

import re

from .fidelity import check_fidelity, side_check
from .model import EligibilityExplanation, Item
from .parser import EXCLUSION, HEADING, INCLUSION, NOTE, OTHER, ParsedItem, parse_criteria
from .readability import as_sentence, fk_grade, fk_grade_joined
from .textscan import may_contain
from .rewrite import LIST_MARK, trial_abbreviations, RewriteContext, RuleBasedRewriter, Rewriter

MAX_INPUT_CHARS = 200_000
_DEFAULT: RuleBasedRewriter | None = None


def default_rewriter() -> RuleBasedRewriter:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = RuleBasedRewriter()
    return _DEFAULT


_OLD_FRAMING = re.compile(r"\b(?:you can join if|you cannot join if|to join,|required:|not allowed:)", re.IGNORECASE)


def _framing_ok(plain: str, section: str, framed: bool) -> bool:
    """The list heading carries inclusion/exclusion; an item must not add its own join/not-join framing.

    (A "You cannot join if ..." inside the "You cannot join if any of these is true" list would read
    as a double negative, and a "You can join if" in it would flip the meaning.)
    """
    return not (may_contain(plain, "join", "required:", "allowed:") and _OLD_FRAMING.search(plain))


def build_item(parsed: ParsedItem, rewriter: Rewriter, context: RewriteContext, framed: bool,
               fallback_rewriter: Rewriter | None = None) -> Item:
    """Rewrite one parsed item; show the original wording if fidelity fails."""
    original = parsed.text
    own_framing = framed and parsed.kind not in (HEADING, NOTE)
    if parsed.kind != HEADING and side_check(original) is not None:
        plain, ok = original, False
    else:
        plain, ok = _attempt(rewriter, original, parsed.section, own_framing, context)
    if not ok and fallback_rewriter is not None and (parsed.kind == HEADING or side_check(original) is None):
        plain, ok = _attempt(fallback_rewriter, original, parsed.section, own_framing, context)
    shown = plain if ok else original
    lead, *sublist = shown.split(LIST_MARK) if ok else (shown,)
    children_framed = not original.rstrip().endswith((":", "：")) and parsed.kind != HEADING
    children = tuple(build_item(c, rewriter, context, children_framed, fallback_rewriter) for c in parsed.children)
    return Item(
        original=original,
        plain=lead,
        fidelity_ok=ok,
        fallback=not ok,
        grade_original=fk_grade(as_sentence(original)),
        grade_plain=fk_grade(_as_read(lead, sublist)),
        children=children,
        heading=parsed.kind == HEADING,
        sublist=tuple(sublist),
    )


def _as_read(lead: str, sublist) -> str:
    """Graded text: the lead, then every sub-list entry as its own line (a line reads as a sentence)."""
    return " ".join([as_sentence(lead), *(as_sentence(entry) for entry in sublist)])


def _attempt(rewriter: Rewriter, original: str, section: str, framed: bool, context: RewriteContext):
    try:
        plain = rewriter.rewrite(original, section, framed, context)
    except Exception:
        return original, False
    if not plain or not plain.strip():
        return original, False
    # Nothing is stripped: the rewrite carries no framing words, so every negation in it must be the original's.
    # A sub-list is checked as the reader sees it: its entries one after another ("; " adds no fact).
    checked = plain.replace(LIST_MARK, "; ") if LIST_MARK in plain else plain
    ok = check_fidelity(original, checked).ok and _framing_ok(checked, section, framed)
    return plain, ok


def explain(criteria_text: str | None, rewriter: Rewriter | None = None,
            context: RewriteContext | None = None) -> EligibilityExplanation:
    """Never raises: any internal failure degrades to an empty explanation."""
    try:
        text = criteria_text if isinstance(criteria_text, str) else ("" if criteria_text is None else str(criteria_text))
        text = text[:MAX_INPUT_CHARS]
        rule_based = default_rewriter()
        primary = rewriter or rule_based
        fallback = rule_based if primary is not rule_based else None
        context = context or RewriteContext()
        context.defined = trial_abbreviations(text)
        parsed = parse_criteria(text)
        sections: dict[str, list[Item]] = {INCLUSION: [], EXCLUSION: [], OTHER: []}
        for top in parsed.items:
            sections[top.section].append(build_item(top, primary, context, True, fallback))
        return _assemble(sections, bool(text.strip()))
    except Exception:
        return EligibilityExplanation((), (), (), None, None, 0, 0, bool(criteria_text and str(criteria_text).strip()))


def _assemble(sections: dict[str, list[Item]], has_text: bool) -> EligibilityExplanation:
    items = [i for group in sections.values() for top in group for i in top.walk()]
    # the grades of the joined texts, from the items' own counts (see fk_grade_joined)
    originals = [as_sentence(i.original) for i in items]
    plains = [_as_read(i.plain, i.sublist) for i in items]
    return EligibilityExplanation(
        inclusion=tuple(sections[INCLUSION]),
        exclusion=tuple(sections[EXCLUSION]),
        other=tuple(sections[OTHER]),
        grade_original=fk_grade_joined(originals),
        grade_plain=fk_grade_joined(plains),
        items_total=len(items),
        items_fallback=sum(1 for i in items if i.fallback),
        has_criteria=bool(items) and has_text,
    )
