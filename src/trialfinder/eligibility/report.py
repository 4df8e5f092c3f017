"""Corpus-level eligibility figures (fidelity, fallback, grades, speed)."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Iterable

from .explain import explain
from .rewrite import RewriteContext


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


@dataclass(frozen=True)
class EligibilityReport:
    """Lexicon coverage = lexicon-known term occurrences (active rows) in item text that were
    replaced or explained (here or earlier in the same trial), over all such occurrences."""

    trials: int
    items: int
    fidelity_pass: int
    fallback: int
    grade_original_median: float | None
    grade_original_p90: float | None
    grade_plain_median: float | None
    grade_plain_p90: float | None
    lexicon_terms_seen: int
    lexicon_terms_covered: int
    seconds: float

    @property
    def fidelity_rate(self) -> float:
        return self.fidelity_pass / self.items if self.items else 1.0

    @property
    def fallback_rate(self) -> float:
        return self.fallback / self.items if self.items else 0.0

    @property
    def lexicon_coverage(self) -> float:
        return self.lexicon_terms_covered / self.lexicon_terms_seen if self.lexicon_terms_seen else 1.0

    @property
    def items_per_second(self) -> float:
        return self.items / self.seconds if self.seconds else 0.0

    def format_text(self) -> str:
        def grade(value):
            return "n/a" if value is None else f"{value:.1f}"
        return "\n".join([
            "Eligibility report",
            f"  trials                 {self.trials}",
            f"  items                  {self.items}",
            f"  fidelity pass          {self.fidelity_pass} ({self.fidelity_rate:.2%})",
            f"  shown in original      {self.fallback} ({self.fallback_rate:.2%})",
            f"  FK grade median        {grade(self.grade_original_median)} -> {grade(self.grade_plain_median)}",
            f"  FK grade 90th pct      {grade(self.grade_original_p90)} -> {grade(self.grade_plain_p90)}",
            f"  lexicon coverage       {self.lexicon_coverage:.2%} of {self.lexicon_terms_seen} term uses",
            f"  throughput             {self.items_per_second:.0f} items/s",
        ])


def eligibility_report(criteria_texts: Iterable[str]) -> EligibilityReport:
    trials = items = passed = fallback = seen = covered = 0
    before: list[float] = []
    after: list[float] = []
    start = time.perf_counter()
    for text in criteria_texts:
        context = RewriteContext()
        result = explain(text, context=context)
        trials += 1
        seen += context.terms_seen
        covered += context.terms_covered
        for item in result.all_items():
            items += 1
            passed += item.fidelity_ok
            fallback += item.fallback
            if not item.heading and item.grade_original is not None and item.grade_plain is not None:
                before.append(item.grade_original)
                after.append(item.grade_plain)
    seconds = time.perf_counter() - start
    return EligibilityReport(
        trials, items, passed, fallback,
        statistics.median(before) if before else None, _percentile(before, 0.9),
        statistics.median(after) if after else None, _percentile(after, 0.9),
        seen, covered, seconds,
    )
