"""Plain-English eligibility: parse registry criteria, rewrite, verify, grade.

Public API (pages are built on it; keep stable)::

    explain_eligibility(criteria_text, *, rewriter=None) -> EligibilityExplanation
"""

from __future__ import annotations

from .explain import explain
from .model import EligibilityExplanation, Item
from .rewrite import RewriteContext, Rewriter, RuleBasedRewriter

# List headings for the web layer: items carry no per-item "You can join if" framing, the heading says
# how they combine (inclusion: every item needed; exclusion: any one item excludes).
INCLUSION_HEADING = "To join, all of these must be true for you:"
EXCLUSION_HEADING = "You cannot join if any of these is true for you:"
OTHER_HEADING = "Other information about who can join:"

__all__ = ["INCLUSION_HEADING", "EXCLUSION_HEADING", "OTHER_HEADING", "explain_eligibility", "EligibilityExplanation", "Item", "Rewriter", "RuleBasedRewriter", "RewriteContext"]


def explain_eligibility(criteria_text: str | None, *, rewriter=None) -> EligibilityExplanation:
    """Explain one trial's eligibility criteria; never raises on any input."""
    return explain(criteria_text, rewriter=rewriter)
