"""The age limits of a study as one phrase, shared by every page part that states them."""

from __future__ import annotations

from trialfinder.ctgov.record import Age


def age_range_phrase(minimum: Age | None, maximum: Age | None) -> str | None:
    """'40 to 75 years', '18 years or older', 'up to 17 years'; None when the record sets no limit."""
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
