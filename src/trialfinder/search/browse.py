"""Browse pages by condition, sponsor and country: the slug's label and a search limited to it."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine

from trialfinder.search.text import slugify

BROWSE_KINDS = {"conditions": "condition", "sponsors": "sponsor", "countries": "country"}


def browse_label(engine: Engine, kind: str, slug: str) -> str | None:
    """The most used spelling for a slug, or None when no stored trial has it."""
    if slugify(slug.replace("-", " ")) != slug:
        return None
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT label, COUNT(*) AS n FROM search_labels WHERE kind = :kind AND slug = :slug "
                "GROUP BY label ORDER BY COUNT(*) DESC, label LIMIT 1"
            ),
            {"kind": kind, "slug": slug},
        ).first()
    return row.label if row else None
