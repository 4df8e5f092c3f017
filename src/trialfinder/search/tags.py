"""Filter tokens stored in the SQLite full-text index's `tags` column.

A study's tags are its status ("xsrecruiting") and the 1-degree map cells of its sites
("xg45123"). A patient's search (condition + status + near a place) then becomes one FTS5
expression, and FTS5 intersects the posting lists itself, reading only what it needs,
instead of reading every site near a big city or every trial of a common condition.

The cells only narrow the candidates: a site inside the place's box lies in one of the box's
cells; the exact great-circle distance is computed afterwards for the candidates alone. Coarse
10-degree cells ("xh45123") do the same for large radii.

Each study also gets one token per (status, fine cell) pair it has ("xsgrecruiting45123"), so "open near
here" is one OR of short posting lists instead of an AND of the status's list (recruiting or not yet
recruiting: ~30% of all trials) with the cells' lists: at 600k that AND was 12-25 ms of a 15-43 ms match.
The separate status and cell tokens stay for searches with only one of the two filters (or coarse cells).
"""

from __future__ import annotations

import math
import re
from typing import Iterable

from trialfinder.search.geo import Box

CELL_DEGREES = 1.0
COARSE_DEGREES = 10.0  # coarse cells ("xh…") serve large radii with few tokens
MAX_CELLS = 60  # a box needing more fine cells uses coarse ones; more coarse cells than this: no map filter
MAX_PAIR_TAGS = 240  # more (status, cell) pairs than this in one search: the separate status and cell tokens instead


TAG_LIKE = re.compile(r"^x[sgh][a-z0-9]*$")


def could_match_tags(words: Iterable[str]) -> bool:
    """Whether a typed word could equal a tag: only then must the text be confined to the text columns
    (a column filter costs FTS5 about a quarter more per query)."""
    return any(TAG_LIKE.match(w) for w in words)


def status_tag(status: str) -> str:
    return "xs" + "".join(c for c in status.lower() if c.isalnum())


def _cell(prefix: str, lat_index: int, lon_index: int) -> str:
    return f"{prefix}{(lat_index + 90) * 400 + (lon_index + 180)}"


def cell_tag(lat: float, lon: float, degrees: float = CELL_DEGREES) -> str:
    return _cell("xg" if degrees == CELL_DEGREES else "xh", math.floor(lat / degrees), math.floor(lon / degrees))


def status_cell_tag(status: str, cell: str) -> str:
    """The (status, fine cell) pair token: "xsg" + the status's letters + the cell's number (statuses have no digits)."""
    return "xsg" + status_tag(status)[2:] + cell[2:]


def study_tags(status: str | None, points: Iterable[tuple[float, float]]) -> str:
    tags = [status_tag(status)] if status else []
    points = list(points)
    cells = sorted({cell_tag(lat, lon) for lat, lon in points})
    tags += cells
    tags += sorted({cell_tag(lat, lon, COARSE_DEGREES) for lat, lon in points})
    if status:
        tags += [status_cell_tag(status, cell) for cell in cells]
    return " ".join(tags)


def box_cells(box: Box) -> list[str] | None:
    """The tags of every cell the box touches (fine cells, else coarse ones), or None when there are too many."""
    for prefix, degrees in (("xg", CELL_DEGREES), ("xh", COARSE_DEGREES)):
        lat0, lat1 = math.floor(box.min_lat / degrees), math.floor(box.max_lat / degrees)
        lon0, lon1 = math.floor(box.min_lon / degrees), math.floor(box.max_lon / degrees)
        if (lat1 - lat0 + 1) * (lon1 - lon0 + 1) <= MAX_CELLS:
            return [_cell(prefix, i, j) for i in range(lat0, lat1 + 1) for j in range(lon0, lon1 + 1)]
    return None


def status_cells(statuses: Iterable[str], cells: list[str]) -> list[str] | None:
    """The pair tokens for "any of these statuses in any of these cells", or None when the cells are coarse ones
    or the pairs too many (the caller then ANDs the status tokens with the cell tokens)."""
    statuses = list(statuses)
    if not statuses or not cells or not all(c.startswith("xg") for c in cells) or len(statuses) * len(cells) > MAX_PAIR_TAGS:
        return None
    return [status_cell_tag(s, c) for s in statuses for c in cells]


def any_of(tags: list[str]) -> str:
    """An FTS5 expression matching any of the tags in the tags column (tags are [a-z0-9] only)."""
    return "tags : (" + " OR ".join(f'"{t}"' for t in tags) + ")"
