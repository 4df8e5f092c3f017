"""Run a checked SearchRequest.

SQLite (see ddl.py and tags.py): one FTS5 expression intersects the text, the status and the map
cells around the place; the other filters are applied on the compact `search_docs` table; exact
distances are computed in SQL for those candidates only, keeping each trial's nearest site. The
matches go to a per-connection temp table, from which the total, the page (sorted and limited in
SQL) and the facets (each column grouped in SQL) are read, so Python only handles the page and each
facet column's distinct values.
bm25 (whole-index phrase counts) is only computed when relevance orders the results; sorted by distance,
trials at a tied distance around the page get a cheap tie-break tier instead (tiebreak.py, _rank_distance_ties).

PostgreSQL: one SQL query for the matching trials (text, place box, filters), then exact
distances, facets, sorting and paging in Python over the compact rows it returns.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import asdict, dataclass, field

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection, Engine

from trialfinder.ctgov.record import STATUS_LABELS
from trialfinder.search.ddl import SQLITE_SCORED, SQLITE_TEXT_COLUMNS
from trialfinder.search.facets import FACET_COLUMNS, FacetValue, facet_counts, facet_counts_by_column
from trialfinder.search.geo import EARTH_RADIUS_KM, KM_PER_MILE, bounding_box, haversine_km
from trialfinder.search.places import Place, resolve_place
from trialfinder.search.request import QueryError, SearchRequest, TextQuery
from trialfinder.search.tags import any_of, box_cells, could_match_tags, status_cells, status_tag
from trialfinder.search.text import slugify
from trialfinder.search.tiebreak import TieBreak

COLUMNS = (
    "d.nct_num, d.nct_id, d.brief_title, d.overall_status, d.study_type, d.phases, d.sex, d.healthy_volunteers, "
    "d.sponsor_class, d.countries, d.conditions, d.last_update_posted, d.intervention_types, d.summary"
)


@dataclass(frozen=True)
class Site:
    facility: str | None
    city: str | None
    state: str | None
    country: str | None
    distance_km: float

    @property
    def place(self) -> str:
        return ", ".join(p for p in (self.city, self.state, self.country) if p)


@dataclass(frozen=True)
class Hit:
    nct_id: str
    title: str
    status: str
    status_label: str
    summary: str
    conditions: tuple[str, ...]
    countries: tuple[str, ...]
    last_update_posted: str | None
    score: float
    nearest_site: Site | None


@dataclass
class SearchResult:
    request: SearchRequest
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    place: Place | None = None
    messages: list[str] = field(default_factory=list)
    elapsed_ms: float = 0.0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))

    def to_json(self) -> dict:
        r = self.request
        return {
            "query": {
                "q": r.q, "near": r.near, "radius_km": round(r.radius_km, 3), "unit": r.unit, "status": list(r.statuses),
                "phase": list(r.phases), "type": list(r.study_types), "sex": r.sex, "age": r.age,
                "healthy": r.healthy_volunteers, "country": list(r.countries), "intervention": list(r.intervention_types),
                "sponsor_class": list(r.sponsor_classes), "sort": r.sort, "page": r.page, "per_page": r.per_page,
                "words": list(r.text.words) if r.text else [], "synonyms_used": list(r.text.synonyms_used) if r.text else [],
            },
            "place": asdict(self.place) if self.place else None,
            "total": self.total,
            "pages": self.pages,
            "messages": self.messages,
            "results": [
                {
                    "nct_id": h.nct_id, "title": h.title, "status": h.status, "status_label": h.status_label, "summary": h.summary,
                    "conditions": list(h.conditions), "countries": list(h.countries), "last_update_posted": h.last_update_posted,
                    "score": round(h.score, 4),
                    "nearest_site": (
                        {**asdict(h.nearest_site), "distance_km": round(h.nearest_site.distance_km, 1),
                         "distance_mi": round(h.nearest_site.distance_km / KM_PER_MILE, 1)} if h.nearest_site else None
                    ),
                }
                for h in self.hits
            ],
            "facets": {name: [asdict(v) for v in values] for name, values in self.facets.items()},
            "elapsed_ms": round(self.elapsed_ms, 1),
        }


def fts5_expression(query: TextQuery) -> str:
    """An FTS5 MATCH string from plain words only: every phrase quoted, so no operator can be injected."""
    return " OR ".join("(" + " AND ".join('"' + " ".join(p) + '"' for p in alt) + ")" for alt in query.alternatives)


def _tsquery_sql(query: TextQuery, params: dict) -> str:
    parts = []
    for i, alt in enumerate(query.alternatives):
        terms = []
        for j, phrase in enumerate(alt):
            params[f"tq_{i}_{j}"] = " ".join(phrase)
            terms.append(f"phraseto_tsquery('english', :tq_{i}_{j})")
        parts.append("(" + " && ".join(terms) + ")")
    return " || ".join(parts)


MAX_IN_LIST = 30_000  # below SQLite's default limit of bound variables


def _near_sql(dialect: str) -> str:
    return (
        "SELECT nct_num, lat, lon, position FROM search_sites "
        "WHERE lat BETWEEN :min_lat AND :max_lat AND lon BETWEEN :min_lon AND :max_lon"
    )


def _sites_within(conn: Connection, place: Place, radius_km: float) -> dict[int, tuple[float, int]]:
    """{nct_num: (km, site position)} of the nearest site within the radius, from the geo index's box."""
    box = bounding_box(place.lat, place.lon, radius_km)
    params = dict(min_lat=box.min_lat, max_lat=box.max_lat, min_lon=box.min_lon, max_lon=box.max_lon)
    nearest: dict[int, tuple[float, int]] = {}
    for num, lat, lon, position in conn.execute(text(_near_sql(conn.dialect.name)), params):
        km = haversine_km(place.lat, place.lon, lat, lon)
        if km <= radius_km and (num not in nearest or km < nearest[num][0]):
            nearest[num] = (km, position)
    return nearest


def ranks_by_relevance(request: SearchRequest, geo: bool) -> bool:
    """Whether the order (beyond tie-breaks) is relevance: only then is the score of every match computed and shown.

    With a place the default order is distance, and `sort=updated` orders by date; bm25's whole-index phrase counts
    (its IDF) are then skipped on SQLite, and relevance only breaks ties in distance (see _sqlite_search)."""
    if request.text is None or request.sort == "updated":
        return False
    return not (geo and request.sort == "distance")


def _build_sql(dialect: str, request: SearchRequest, place: Place | None, near_nums: list[int] | None = None,
               extra_where: tuple[str, ...] = ()) -> tuple[str, dict, list]:
    params: dict = {}
    expanding: list[str] = []
    where: list[str] = []
    if request.text is None:
        source, score = "search_docs d", "0.0"
    elif dialect == "sqlite":
        params["fts"] = f"{SQLITE_TEXT_COLUMNS} : ({fts5_expression(request.text)})"
        source = f"({SQLITE_SCORED}) hits JOIN search_docs d ON d.nct_num = hits.nct_num"
        score = "hits.score"
    else:
        source = f"search_docs d CROSS JOIN (SELECT {_tsquery_sql(request.text, params)} AS q) tq"
        where.append("d.doc @@ tq.q")
        score = "ts_rank_cd(d.doc, tq.q)"
    sql = f"SELECT {COLUMNS}, {score} AS score"
    joins = ""
    if near_nums is not None:
        pass  # the place was resolved to study numbers first; see the IN clause below
    elif place is not None and place.lat is not None:
        box = bounding_box(place.lat, place.lon, request.radius_km)
        params.update(min_lat=box.min_lat, max_lat=box.max_lat, min_lon=box.min_lon, max_lon=box.max_lon)
        near = (
            "SELECT nct_num, lat, lon, position FROM search_sites "
            "WHERE lat BETWEEN :min_lat AND :max_lat AND lon BETWEEN :min_lon AND :max_lon"
        )
        sql += ", near.lat AS site_lat, near.lon AS site_lon, near.position AS site_position"
        joins += f" JOIN ({near}) near ON near.nct_num = d.nct_num"
    sql += f" FROM {source}{joins}"
    where += _filter_where(request, place, params, expanding)
    where += extra_where
    if near_nums is not None:
        params["near_nums"] = list(near_nums)
        expanding.append("near_nums")
        where.append("d.nct_num IN :near_nums")
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql, params, expanding


def _countries(request: SearchRequest, place: Place | None) -> list[str]:
    """The countries a search is limited to: the chosen ones, and the place when the place is a whole country."""
    return list(request.countries) + ([place.country] if place is not None and place.country else [])


def _filter_where(request: SearchRequest, place: Place | None, params: dict, expanding: list[str], statuses: bool = True,
                  browse: bool = True) -> list[str]:
    """SQL conditions on search_docs `d` for the request's filters (values always bound, never inlined)."""
    where: list[str] = []

    def expand(name: str, values) -> str:
        params[name] = list(values)
        expanding.append(name)
        return f":{name}"

    if request.statuses and statuses:
        where.append(f"d.overall_status IN {expand('statuses', request.statuses)}")
    def any_listed(column: str, prefix: str, values) -> str:
        """Matches rows whose '|'-joined `column` holds any of `values` (LIKE wildcards in values escaped)."""
        likes = []
        for i, value in enumerate(values):
            escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params[f"{prefix}_{i}"] = "%|" + escaped + "|%"
            likes.append(f"('|' || d.{column} || '|') LIKE :{prefix}_{i} ESCAPE '\\'")
        return "(" + " OR ".join(likes) + ")"

    if request.phases:
        where.append(any_listed("phases", "phase", request.phases))
    if request.study_types:
        where.append(f"d.study_type IN {expand('study_types', request.study_types)}")
    if request.sex:
        params["sex"] = request.sex
        where.append("d.sex IN ('ALL', :sex)")
    if request.age is not None:
        params["age"] = request.age
        where.append("(d.min_age_years IS NULL OR d.min_age_years <= :age) AND (d.max_age_years IS NULL OR d.max_age_years >= :age)")
    if request.healthy_volunteers is not None:
        params["healthy"] = request.healthy_volunteers
        where.append("d.healthy_volunteers = :healthy" if request.healthy_volunteers else "(d.healthy_volunteers IS NULL OR d.healthy_volunteers = :healthy)")
    countries = _countries(request, place)
    if countries:
        where.append(any_listed("countries", "country", countries))
    if request.intervention_types:
        where.append(any_listed("intervention_types", "itype", request.intervention_types))
    if request.sponsor_classes:
        where.append(f"d.sponsor_class IN {expand('sponsor_classes', request.sponsor_classes)}")
    if request.browse is not None and browse:
        params["browse_kind"], params["browse_slug"] = request.browse
        where.append("d.nct_num IN (SELECT nct_num FROM search_labels WHERE kind = :browse_kind AND slug = :browse_slug)")
    return where


def _nearest_sites(conn: Connection, wanted: dict[str, tuple[int, float]]) -> dict[str, Site]:
    """Display details of each hit's nearest site: {nct_id: (position, km)} -> {nct_id: Site}."""
    if not wanted:
        return {}
    clauses, params = [], {}
    for i, (nct_id, (position, _)) in enumerate(wanted.items()):
        params[f"n{i}"], params[f"p{i}"] = nct_id, position
        clauses.append(f"(nct_id = :n{i} AND position = :p{i})")
    rows = conn.execute(
        text(f"SELECT nct_id, facility, city, state, country FROM study_locations WHERE {' OR '.join(clauses)}"), params
    )
    return {r.nct_id: Site(r.facility, r.city, r.state, r.country, wanted[r.nct_id][1]) for r in rows}


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split("|") if v)


def _haversine_sql(smaller_of: str) -> str:
    """Great-circle km from the bound place to site `s`; `smaller_of` is the dialect's two-argument minimum."""
    return (f"(2 * {EARTH_RADIUS_KM} * asin({smaller_of}(1.0, sqrt(power(sin((radians(s.lat) - :p_lat) / 2), 2) "
            "+ :p_cos * cos(radians(s.lat)) * power(sin((radians(s.lon) - :p_lon) / 2), 2)))))")


_HAVERSINE_SQL = _haversine_sql("min")  # SQLite's scalar min()
# CROSS JOIN below keeps SQLite from scanning search_docs for a temp table it has no statistics about.
_CANDIDATES_DDL = "CREATE TEMP TABLE IF NOT EXISTS search_candidates (nct_num INTEGER PRIMARY KEY, score REAL, km REAL, position INTEGER)"
_MATCHES_DDL = "CREATE TEMP TABLE IF NOT EXISTS search_matches (nct_num INTEGER PRIMARY KEY, score REAL)"
# Each match's nearest site in the place's box (rows arrive grouped by nct_num, so MIN() needs no sort; its bare
# `position` is the nearest site's). LEFT JOIN, not an inner join: SQLite (3.38+) gives the inner table of a join a
# Bloom filter when it expects more outer rows than the table has, and a temp table without statistics is taken for
# ~1 M rows, so on stores under ~1 M sites (~50,000 studies) it scanned all of search_sites first (55 ms at 50k,
# against 0.6 ms). A LEFT JOIN never gets one; HAVING drops the matches with no site in the box (km NULL) as before.
_NEAREST_SITE_SQL = (
    f"INSERT INTO search_candidates (nct_num, score, km, position) SELECT c.nct_num, c.score, MIN({_HAVERSINE_SQL}) AS km, "
    "s.position FROM search_matches c LEFT JOIN search_sites s INDEXED BY ix_search_sites_geo ON s.nct_num = c.nct_num "
    "AND s.lat BETWEEN :min_lat AND :max_lat AND s.lon BETWEEN :min_lon AND :max_lon GROUP BY c.nct_num HAVING km <= :radius"
)
_FACETS_SQL = (
    f"WITH f AS MATERIALIZED (SELECT {', '.join('d.' + column for column in FACET_COLUMNS.values())} FROM search_candidates c "
    "CROSS JOIN search_docs d INDEXED BY ix_search_docs_cover ON d.nct_num = c.nct_num) "
    + " UNION ALL ".join(f"SELECT '{name}', {column}, COUNT(*) FROM f GROUP BY {column}" for name, column in FACET_COLUMNS.items())
)


_math_ok: dict[str, bool] = {}


def _sqlite_has_math(conn: Connection) -> bool:
    """SQLite's math functions (asin, radians, ...) are a compile-time option; fall back to Python without them."""
    key = str(conn.engine.url)
    if key not in _math_ok:
        try:
            conn.exec_driver_sql("SELECT asin(0.5), radians(1.0), power(2, 2), sqrt(4.0), cos(0.0), sin(0.0)").all()
            _math_ok[key] = True
        except Exception:  # noqa: BLE001 - "no such function": an SQLite built without them
            _math_ok[key] = False
    return _math_ok[key]


class _PageRow:
    """A page row: the wide search_docs columns plus this search's score and nearest-site distance."""

    def __init__(self, row, score: float, km: float | None, position: int | None):
        self._row, self.score, self.km, self.position = row, score, km, position

    def __getattr__(self, name: str):
        return getattr(self._row, name)


def _sqlite_order(request: SearchRequest, geo: bool) -> str:
    # nct_num orders like nct_id (fixed-width digits), so the tie-break needs no wide column.
    if request.sort == "updated" or (request.sort == "relevance" and request.text is None and not geo):
        return "COALESCE(d.last_update_posted, '') DESC, c.nct_num"
    if geo and (request.sort == "distance" or request.text is None):
        return "c.km, c.score DESC, COALESCE(d.last_update_posted, '') DESC, c.nct_num"  # score: the tie-break tier
    return "ROUND(c.score, 6) DESC" + (", c.km" if geo else "") + ", c.nct_num"


def _distance_window(conn: Connection, start: int, limit: int) -> list[float]:
    """Distances at the positions just before, on and just after the page, in plain (km, nct_num) order."""
    return conn.execute(
        text("SELECT km FROM search_candidates ORDER BY km, nct_num LIMIT :limit OFFSET :offset"),
        {"limit": limit + 2, "offset": max(0, start - 1)},
    ).scalars().all()


def _rank_distance_ties(conn: Connection, query: TextQuery | None, window: list[float]) -> None:
    """Distance order is (km, tie-break tier DESC, last update DESC, nct_num); the tier (tiebreak.py: the query named
    by the trial's conditions, else its title, else neither) is needed only where distances tie around the page.

    The candidates were filled with score 0. If the page and its two neighbours have no equal distances, the order
    by (km, last update, nct_num) is already the full order. Otherwise every candidate at a tied distance gets its
    tier, computed in Python from its conditions and title (no whole-index statistics, unlike bm25's IDF).
    Real records often share a site's geoPoint (city-level), and gazetteer-placed sites sit at a city's centre, so
    ties are common."""
    if query is None:
        return  # no words: every tier is 0
    tied = sorted({a for a, b in zip(window, window[1:]) if a == b})
    if not tied:
        return
    rows = conn.execute(
        text("SELECT c.nct_num, d.conditions, d.brief_title FROM search_candidates c CROSS JOIN search_docs d ON d.nct_num = c.nct_num "
             "WHERE c.km IN :tied").bindparams(bindparam("tied", expanding=True)),
        {"tied": tied},
    ).all()
    tiebreak = TieBreak(query)
    updates = [{"tier": tier, "num": num} for num, conditions, title in rows if (tier := tiebreak.tier(conditions, title))]
    if updates:
        conn.execute(text("UPDATE search_candidates SET score = :tier WHERE nct_num = :num"), updates)


def _label_lead(request: SearchRequest, place: Place | None) -> tuple[str, list[str]] | None:
    """(kind, slugs) of browse labels that can lead a search with no words and no place: the browsed condition, sponsor
    or country, else the countries it is limited to. Their trials are an index range of search_labels, far fewer than
    a status's (which would otherwise lead) or than all of search_docs."""
    if request.browse is not None:
        return request.browse[0], [request.browse[1]]
    slugs = [slugify(name) for name in _countries(request, place)]
    return ("country", slugs) if slugs and all(slugs) else None


def _sqlite_search(conn: Connection, request: SearchRequest, place: Place | None):
    """(total, facets, page rows, {nct_num: (km, position)}) through FTS5 tags, SQL distances and a temp table."""
    params: dict = {}
    expanding: list[str] = []
    geo = place is not None and place.lat is not None
    fts: list[str] = []
    if request.text is not None:
        words = [w for alt in request.text.alternatives for phrase in alt for w in phrase]
        fts.append(f"{SQLITE_TEXT_COLUMNS} : ({fts5_expression(request.text)})" if could_match_tags(words)
                   else f"({fts5_expression(request.text)})")
    lead = _label_lead(request, place) if request.text is None and not geo else None
    cells = None
    if geo:
        box = bounding_box(place.lat, place.lon, request.radius_km)
        cells = box_cells(box)
    pairs = status_cells(request.statuses, cells) if geo and cells else None
    if pairs:  # one OR of (status, cell) tokens: far shorter posting lists than the status's AND the cells'
        fts.append(any_of(pairs))
    elif lead is None:
        if request.statuses:
            fts.append(any_of([status_tag(s) for s in request.statuses]))
        if cells:
            fts.append(any_of(cells))
    if geo:
        params.update(min_lat=box.min_lat, max_lat=box.max_lat, min_lon=box.min_lon, max_lon=box.max_lon,
                      p_lat=math.radians(place.lat), p_lon=math.radians(place.lon), p_cos=math.cos(math.radians(place.lat)),
                      radius=request.radius_km)
    where = _filter_where(request, place, params, expanding, statuses=not fts, browse=lead is None or request.browse is None)
    if fts:
        params["fts"] = " AND ".join(fts)
        source = (SQLITE_SCORED if ranks_by_relevance(request, geo)
                  else "SELECT rowid AS nct_num, 0.0 AS score FROM search_fts WHERE search_fts MATCH :fts")
        if where:
            source = (f"SELECT hits.nct_num, hits.score FROM ({source}) hits "
                      "CROSS JOIN search_docs d INDEXED BY ix_search_docs_cover ON d.nct_num = hits.nct_num "
                      f"WHERE {' AND '.join(where)}")
    elif lead is not None:
        # The lead label's trials (an index range), each checked against every other filter (an exact country test
        # included): 'Japan' at 600k reads ~11,000 rows instead of scanning 600,000.
        params["lead_kind"], params["lead_slugs"] = lead
        expanding.append("lead_slugs")
        source = (f"SELECT {'DISTINCT ' if len(lead[1]) > 1 else ''}l.nct_num, 0.0 AS score FROM search_labels l "
                  + ("CROSS JOIN search_docs d INDEXED BY ix_search_docs_cover ON d.nct_num = l.nct_num " if where else "")
                  + "WHERE l.kind = :lead_kind AND l.slug IN :lead_slugs" + "".join(f" AND {w}" for w in where))
    else:
        source = "SELECT d.nct_num, 0.0 AS score FROM search_docs d" + (f" WHERE {' AND '.join(where)}" if where else "")
    fill = f"INSERT INTO {'search_matches' if geo else 'search_candidates'} (nct_num, score) SELECT nct_num, score FROM ({source})"
    conn.exec_driver_sql(_CANDIDATES_DDL)
    conn.exec_driver_sql("DELETE FROM search_candidates")
    if geo:
        conn.exec_driver_sql(_MATCHES_DDL)
        conn.exec_driver_sql("DELETE FROM search_matches")
    conn.execute(text(fill).bindparams(*(bindparam(name, expanding=True) for name in expanding)), params)
    if geo:
        # Candidates first (few: text, status and map cells intersected in FTS5), then each one's sites inside the box
        # through the covering index; without cells (a huge radius) the candidates are the text and filter matches.
        # The matches are scanned in nct_num order (their temp table's key) and each one's sites come from the index
        # in (lat, lon, position) order, so MIN() groups without a sort and its bare `position` is the nearest site's
        # (the first one at that distance). This replaced a ROW_NUMBER() window: the same rows, ~30% less time.
        conn.execute(text(_NEAREST_SITE_SQL),
                     {k: params[k] for k in ("min_lat", "max_lat", "min_lon", "max_lon", "p_lat", "p_lon", "p_cos", "radius")})
        conn.exec_driver_sql("DELETE FROM search_matches")
    total = conn.execute(text("SELECT COUNT(*) FROM search_candidates")).scalar_one()
    start = (request.page - 1) * request.per_page
    nearest_first = geo and not ranks_by_relevance(request, geo) and request.sort != "updated"
    within, bound = "", {}
    if nearest_first:
        window = _distance_window(conn, start, request.per_page)
        _rank_distance_ties(conn, request.text, window)
        # Sorted by distance first, every row up to the page's end is at most the window's last distance away, so only
        # those rows need the covering index's columns for the rest of the order (not all candidates: 2,400 near Paris).
        if window:
            within, bound = "WHERE c.km <= :bound ", {"bound": window[-1]}
    # Sort and limit over the candidates and the narrow covering index, then read the wide columns of the page only.
    # Relevance order needs no column of search_docs (every candidate has its row there): no join at all then.
    order_by = _sqlite_order(request, geo)
    docs = "CROSS JOIN search_docs d INDEXED BY ix_search_docs_cover ON d.nct_num = c.nct_num " if "d." in order_by else ""
    order = conn.execute(
        text(f"SELECT c.nct_num, c.score, c.km, c.position FROM search_candidates c {docs}{within}ORDER BY {order_by} "
             "LIMIT :limit OFFSET :offset"),
        {"limit": request.per_page, "offset": start, **bound},
    ).all()
    page = []
    if order:
        wide = {r.nct_num: r for r in conn.execute(
            text(f"SELECT {COLUMNS} FROM search_docs d WHERE d.nct_num IN :nums").bindparams(bindparam("nums", expanding=True)),
            {"nums": [r.nct_num for r in order]},
        )}
        page = [_PageRow(wide[r.nct_num], r.score, r.km, r.position) for r in order]
    # Facets: the candidates' facet columns read once (covering index), then each column grouped on its own, so Python
    # only splits and adds up each column's distinct values (grouping all columns together gave a group per few trials).
    facets = facet_counts_by_column(conn.exec_driver_sql(_FACETS_SQL).fetchall())
    conn.exec_driver_sql("DELETE FROM search_candidates")
    distance = {r.nct_num: (r.km, r.position) for r in page} if geo else {}
    return total, facets, page, distance


def _postgres_near_rows(conn: Connection, request: SearchRequest, place: Place) -> tuple[list, dict[int, tuple[float, int]]]:
    """Matches within the radius with each one's nearest site, in one statement: PostgreSQL's planner chooses whether the
    text (GIN) or the place's box (the sites' lat/lon index) leads, and the nearest site is one index range per match
    (LATERAL) with the distance computed in SQL. Before, every site in the box came to Python (17,800 near Seoul at 50k)."""
    box = bounding_box(place.lat, place.lon, request.radius_km)
    cells = box_cells(box)
    pairs = status_cells(request.statuses, cells) if cells else None
    tokens = pairs or cells  # the (status, cell) pairs, else the cells: candidates from the tags' GIN index
    tags = ("d.tags @@ to_tsquery('simple', :tag_query)",) if tokens else ()
    sql, params, expanding = _build_sql(conn.dialect.name, request, None, extra_where=tags)
    if tokens:
        params["tag_query"] = " | ".join(tokens)  # tokens are letters and digits only (tags.py)
    params.update(min_lat=box.min_lat, max_lat=box.max_lat, min_lon=box.min_lon, max_lon=box.max_lon,
                  p_lat=math.radians(place.lat), p_lon=math.radians(place.lon), p_cos=math.cos(math.radians(place.lat)),
                  radius=request.radius_km)
    in_box = "s.lat BETWEEN :min_lat AND :max_lat AND s.lon BETWEEN :min_lon AND :max_lon"
    # Nearest first, then the lowest (lat, lon, position): the same site SQLite's MIN() over its index keeps.
    nearest = (f"SELECT {_haversine_sql('least')} AS km, s.position FROM search_sites s "
               f"WHERE s.nct_num = m.nct_num AND {in_box} ORDER BY 1, s.lat, s.lon, s.position LIMIT 1")
    # With map-cell tags the tags' GIN index already narrows to studies near the place; without them (a huge radius)
    # the box's sites may lead. (Offering the box as well misled the planner: the lat/lon estimate is per column, so a
    # city's box looked ~300x smaller than it is, and hypertension near Sao Paulo at 600k read 94,000 sites.)
    near_box = "" if tokens else f"m.nct_num IN (SELECT s.nct_num FROM search_sites s WHERE {in_box}) AND "
    statement = text(
        f"SELECT m.*, n.km AS site_km, n.position AS site_position FROM ({sql}) m CROSS JOIN LATERAL ({nearest}) n "
        f"WHERE {near_box}n.km <= :radius"
    ).bindparams(*(bindparam(name, expanding=True) for name in expanding))
    rows = conn.execute(statement, params).all()
    return rows, {row.nct_num: (row.site_km, row.site_position) for row in rows}


def _generic_search(conn: Connection, request: SearchRequest, place: Place | None):
    """(total, facets, page rows, {nct_num: (km, position)}): one SQL query, then Python over its rows."""
    geo = place is not None and place.lat is not None
    distance: dict[int, tuple[float, int]] = {}
    near_nums = None
    if geo and conn.dialect.name == "postgresql":
        rows, distance = _postgres_near_rows(conn, request, place)
        near_nums = list(distance)
    else:
        if geo:  # (SQLite without math functions)
            # Sites in the place's box first (R*Tree / btree), then the text and filters over those studies only:
            # a condition near a city is a small set even when the condition alone is a large one.
            distance = _sites_within(conn, place, request.radius_km)
            if len(distance) <= MAX_IN_LIST:
                near_nums = list(distance)
            else:
                distance = {}
        rows = []
        if near_nums != []:
            sql, params, expanding = _build_sql(conn.dialect.name, request, place, near_nums)
            statement = text(sql).bindparams(*(bindparam(name, expanding=True) for name in expanding))
            rows = conn.execute(statement, params).all()

    by_study: dict[int, tuple] = {}
    for row in rows:
        by_study.setdefault(row.nct_num, row)
        if geo and near_nums is None:
            km = haversine_km(place.lat, place.lon, row.site_lat, row.site_lon)
            if km <= request.radius_km and (row.nct_num not in distance or km < distance[row.nct_num][0]):
                distance[row.nct_num] = (km, row.site_position)
    matches = [row for num, row in by_study.items() if not geo or num in distance]

    def updated(row) -> str:
        return row.last_update_posted or ""

    if request.sort == "updated" or (request.sort == "relevance" and request.text is None and not geo):
        matches.sort(key=lambda r: r.nct_id)
        matches.sort(key=updated, reverse=True)
    elif geo and (request.sort == "distance" or request.text is None):
        # (km, tie-break tier DESC, last update DESC, NCT id), as on SQLite; tiers only where distances tie.
        shared = Counter(distance[r.nct_num][0] for r in matches)
        tiebreak = TieBreak(request.text)
        tier = {r.nct_num: tiebreak.tier(r.conditions, r.brief_title) for r in matches if shared[distance[r.nct_num][0]] > 1}
        matches.sort(key=lambda r: r.nct_id)
        matches.sort(key=updated, reverse=True)
        matches.sort(key=lambda r: (distance[r.nct_num][0], -tier.get(r.nct_num, 0)))
    else:
        matches.sort(key=lambda r: (-round(float(r.score or 0), 6), distance[r.nct_num][0] if geo else 0, r.nct_id))
    start = (request.page - 1) * request.per_page
    return len(matches), facet_counts(matches), matches[start : start + request.per_page], distance


def run_search(engine: Engine, request: SearchRequest) -> SearchResult:
    """Search; a place we cannot find raises QueryError (the caller shows its message)."""
    started = time.perf_counter()
    result = SearchResult(request, messages=list(request.notes))
    with engine.connect() as conn:
        place = resolve_place(conn, request.near) if request.near else None
        result.place = place
        if place is not None and place.country:
            result.messages.append(f"“{request.near}” is a country, so we show trials with a site in {place.country}.")
        geo = place is not None and place.lat is not None
        if conn.dialect.name == "sqlite" and _sqlite_has_math(conn):
            result.total, result.facets, page, distance = _sqlite_search(conn, request, place)
        else:
            result.total, result.facets, page, distance = _generic_search(conn, request, place)
        sites = _nearest_sites(conn, {r.nct_id: (distance[r.nct_num][1], distance[r.nct_num][0]) for r in page}) if geo else {}
    relevance = ranks_by_relevance(request, geo)  # the score is shown only when it orders the results
    result.hits = [
        Hit(
            nct_id=r.nct_id, title=r.brief_title, status=r.overall_status,
            status_label=STATUS_LABELS.get(r.overall_status, r.overall_status), summary=r.summary,
            conditions=_split(r.conditions), countries=_split(r.countries), last_update_posted=r.last_update_posted,
            score=float(r.score or 0) if relevance else 0.0, nearest_site=sites.get(r.nct_id),
        )
        for r in page
    ]
    if result.total == 0:
        result.messages.append(_no_results_hint(request, place))
    result.elapsed_ms = (time.perf_counter() - started) * 1000
    return result


def _no_results_hint(request: SearchRequest, place: Place | None) -> str:
    hints = []
    if place is not None and place.lat is not None:
        hints.append("a larger distance")
    if request.statuses:
        hints.append("including trials that are not recruiting (status: any)")
    if request.phases or request.study_types or request.sex or request.age is not None or request.countries:
        hints.append("fewer filters")
    if request.text is not None:
        hints.append("other words, such as the condition's everyday name")
    return "No trials matched. Try " + (", ".join(hints) if hints else "a different search") + "."


def search(engine: Engine, params: dict) -> SearchResult:
    """Parse and run in one step (for callers that do not need to show a QueryError separately)."""
    from trialfinder.search.request import parse_request

    return run_search(engine, parse_request(params))


__all__ = ["QueryError", "SearchResult", "Hit", "Site", "run_search", "search", "fts5_expression"]
