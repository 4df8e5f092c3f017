"""Search: find trials by condition, place and fit, on SQLite (FTS5 with status and map-cell tags) and PostgreSQL (tsvector, btree).

Public entry points: :func:`ensure_search_schema`, :func:`rebuild_search_index`,
:func:`run_search` with a :class:`SearchRequest` built by :func:`parse_request`.
"""

from trialfinder.search.index import ensure_search_schema, rebuild_search_index
from trialfinder.search.request import QueryError, SearchRequest, parse_request
from trialfinder.search.execute import SearchResult, run_search

__all__ = [
    "ensure_search_schema",
    "rebuild_search_index",
    "QueryError",
    "SearchRequest",
    "parse_request",
    "SearchResult",
    "run_search",
]
