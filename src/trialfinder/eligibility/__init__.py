"""Plain-English eligibility: parse registry criteria, rewrite, verify, grade.

Public API (pages are built on it; keep stable)::

    explain_eligibility(criteria_text, *, rewriter=None) -> EligibilityExplanation
"""

from __future__ import annotations

from .explain import explain
from .model import EligibilityExplanation, Item
from .rewrite import RewriteContext, Rewriter, RuleBasedRewriter

__all__ = ["explain_eligibility", "EligibilityExplanation", "Item", "Rewriter", "RuleBasedRewriter", "RewriteContext"]


def explain_eligibility(criteria_text: str | None, *, rewriter=None) -> EligibilityExplanation:
    """Explain one trial's eligibility criteria; never raises on any input."""
    return explain(criteria_text, rewriter=rewriter)
