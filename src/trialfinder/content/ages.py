"""The age limits of a study as one phrase, shared by every page part that states them."""

from __future__ import annotations

from trialfinder.ctgov.record import Age, Study

# Registries often use 99, 100 or 120 years to mean "no upper limit".
PLACEHOLDER_MAX_YEARS = 99
ADULT_YEARS = 18


def effective_maximum(maximum: Age | None) -> Age | None:
    """The maximum age, or None when it is a placeholder (99 years or more) meaning no upper limit."""
    if maximum is None or maximum.years >= PLACEHOLDER_MAX_YEARS:
        return None
    return maximum


def age_range_phrase(minimum: Age | None, maximum: Age | None) -> str | None:
    """'40 to 75 years', '18 years or older', 'up to 17 years'; None when the record sets no limit.

    A maximum of 99 years or more is treated as no upper limit ('18 years or older').
    """
    maximum = effective_maximum(maximum)
    if minimum and minimum.value <= 0:
        minimum = None
    if minimum and maximum:
        if minimum.unit == maximum.unit:
            low = int(minimum.value) if minimum.value == int(minimum.value) else minimum.value
            return f"{low} to {maximum.plain()}"
        return f"{minimum.plain()} to {maximum.plain()}"
    if minimum:
        return f"{minimum.plain()} or older"
    if maximum:
        return f"up to {maximum.plain()}"
    return None


def includes_children(study: Study) -> bool:
    """True when people under 18 can take part (minimum or maximum age below 18 years)."""
    minimum, maximum = study.minimum_age, effective_maximum(study.maximum_age)
    return bool((minimum and minimum.years < ADULT_YEARS) or (maximum and maximum.years < ADULT_YEARS))


def children_only(study: Study) -> bool:
    """True when the upper age limit is below 18 years: the page should address 'your child'."""
    maximum = effective_maximum(study.maximum_age)
    return bool(maximum and maximum.years < ADULT_YEARS)
