"""The search index's own tables, per backend. Fixed SQL only: no user input reaches these strings.

search_docs repeats the studies columns that filters and result cards need: on SQLite those
columns sit after the large `raw` column, and reading them there walks its overflow pages.

SQLite: FTS5 for text (porter stemming, accents folded) plus a `tags` column of filter tokens
(the study's status, the 1-degree map cells of its sites, and one token per (status, cell) pair), so
"condition AND (status, cell) pair near here" is one intersection of posting lists inside FTS5; the exact distance is then computed in
SQL for those candidates only, through a covering (nct_num, lat, lon, position) index. (Schema 2's
R*Tree is gone: with coarse cells for large radii it no longer paid for its build time.)
PostgreSQL: a weighted tsvector with a GIN index, and a btree on (lat, lon) that a
bounding-box pre-filter uses before exact great-circle distances are computed.
"""

from __future__ import annotations

SCHEMA_VERSION = "7"  # 6: (status, map cell) pair tokens in the tags column (tags.py); 7: PostgreSQL splits words at punctuation, indexes its sites by (nct_num, lat, lon) and has the tags
META_KEY = "search_schema_version"

SQLITE_CREATE = (
    "CREATE TABLE IF NOT EXISTS search_docs (nct_num INTEGER PRIMARY KEY, nct_id TEXT NOT NULL UNIQUE, "
    "intervention_types TEXT NOT NULL DEFAULT '', summary TEXT NOT NULL DEFAULT '', "
    "brief_title TEXT NOT NULL DEFAULT '', overall_status TEXT NOT NULL DEFAULT '', study_type TEXT NOT NULL DEFAULT '', phases TEXT NOT NULL DEFAULT '', sex TEXT NOT NULL DEFAULT 'ALL', min_age_years REAL, max_age_years REAL, healthy_volunteers BOOLEAN, sponsor_class TEXT, countries TEXT NOT NULL DEFAULT '', conditions TEXT NOT NULL DEFAULT '', last_update_posted TEXT)",
    # Covers what filters, sorting and facet counts read per candidate, so they skip the wide rows (summary, title, ...).
    "CREATE INDEX IF NOT EXISTS ix_search_docs_cover ON search_docs (nct_num, last_update_posted, overall_status, study_type, "
    "sex, healthy_volunteers, sponsor_class, min_age_years, max_age_years, phases, intervention_types, countries)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(conditions, title, terms, body, tags, "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TABLE IF NOT EXISTS search_sites (id INTEGER PRIMARY KEY, nct_num INTEGER NOT NULL, position INTEGER NOT NULL, "
    "lat REAL NOT NULL, lon REAL NOT NULL, source TEXT NOT NULL, city_key TEXT, zip_key TEXT, country TEXT)",
    "CREATE INDEX IF NOT EXISTS ix_search_sites_geo ON search_sites (nct_num, lat, lon, position)",
    "CREATE INDEX IF NOT EXISTS ix_search_sites_city ON search_sites (city_key)",
    "CREATE INDEX IF NOT EXISTS ix_search_sites_zip ON search_sites (zip_key)",
    "CREATE TABLE IF NOT EXISTS search_labels (kind TEXT NOT NULL, slug TEXT NOT NULL, nct_num INTEGER NOT NULL, "
    "label TEXT NOT NULL, PRIMARY KEY (kind, slug, nct_num))",
    "CREATE INDEX IF NOT EXISTS ix_search_labels_nct ON search_labels (nct_num)",
)
SQLITE_DROP = (
    "DROP TABLE IF EXISTS search_docs",
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_sites",
    "DROP TABLE IF EXISTS search_site_rtree",
    "DROP TABLE IF EXISTS search_labels",
)

POSTGRES_CREATE = (
    "CREATE TABLE IF NOT EXISTS search_docs (nct_num BIGINT PRIMARY KEY, nct_id VARCHAR(11) NOT NULL UNIQUE, "
    "intervention_types TEXT NOT NULL DEFAULT '', summary TEXT NOT NULL DEFAULT '', doc TSVECTOR NOT NULL, tags TSVECTOR NOT NULL, "
    "brief_title TEXT NOT NULL DEFAULT '', overall_status TEXT NOT NULL DEFAULT '', study_type TEXT NOT NULL DEFAULT '', phases TEXT NOT NULL DEFAULT '', sex TEXT NOT NULL DEFAULT 'ALL', min_age_years DOUBLE PRECISION, max_age_years DOUBLE PRECISION, healthy_volunteers BOOLEAN, sponsor_class TEXT, countries TEXT NOT NULL DEFAULT '', conditions TEXT NOT NULL DEFAULT '', last_update_posted TEXT)",
    "CREATE INDEX IF NOT EXISTS ix_search_docs_doc ON search_docs USING GIN (doc)",
    # The same status, map-cell and (status, cell) tokens as SQLite's FTS5 tags column (tags.py), in their own column
    # (no weight in ts_rank_cd): "open near here" is a GIN lookup that PostgreSQL can AND with the text's.
    "CREATE INDEX IF NOT EXISTS ix_search_docs_tags ON search_docs USING GIN (tags)",
    "CREATE TABLE IF NOT EXISTS search_sites (id BIGINT PRIMARY KEY, nct_num BIGINT NOT NULL, position INTEGER NOT NULL, "
    "lat DOUBLE PRECISION NOT NULL, lon DOUBLE PRECISION NOT NULL, source VARCHAR(12) NOT NULL, city_key TEXT, "
    "zip_key TEXT, country TEXT)",
    "CREATE INDEX IF NOT EXISTS ix_search_sites_latlon ON search_sites (lat, lon)",
    # A match's sites inside the place's box: one index range, read from the index alone (the nearest-site step)
    "CREATE INDEX IF NOT EXISTS ix_search_sites_geo ON search_sites (nct_num, lat, lon, position)",
    "CREATE INDEX IF NOT EXISTS ix_search_sites_city ON search_sites (city_key)",
    "CREATE INDEX IF NOT EXISTS ix_search_sites_zip ON search_sites (zip_key)",
    "CREATE TABLE IF NOT EXISTS search_labels (kind VARCHAR(16) NOT NULL, slug TEXT NOT NULL, nct_num BIGINT NOT NULL, "
    "label TEXT NOT NULL, PRIMARY KEY (kind, slug, nct_num))",
    "CREATE INDEX IF NOT EXISTS ix_search_labels_nct ON search_labels (nct_num)",
)
POSTGRES_DROP = (
    "DROP TABLE IF EXISTS search_docs",
    "DROP TABLE IF EXISTS search_sites",
    "DROP TABLE IF EXISTS search_labels",
)

# Weights: a condition named by the record matters most, then the title, then MeSH ancestors,
# keywords and treatments, then the summary.
# The tags column (status and map-cell tokens, see tags.py) weighs nothing.
SQLITE_BM25_WEIGHTS = "10.0, 6.0, 3.0, 1.0, 0.0"
# Relevance on SQLite: bm25 over the matching rows. bm25 first counts each phrase's documents over the whole index
# (its IDF): ~3.5-6.5 ms a place search at 200k, linear in N, after dropping implied alternatives (request.py).
# Measured instead (200k): counting the query's phrases in conditions/title with highlight() for the candidates only
# saves ~2-3 ms on multi-phrase searches but costs ~6 us per candidate (a content-row read and re-tokenising), is
# slower for single words, and made the filter mix (thousands of matches) 3-6x slower; so bm25 stays.
# bm25 is computed only when relevance is the order (execute.ranks_by_relevance): with a place (default: distance)
# or sort=updated it is never computed; trials at a tied distance are ordered by tiebreak.py's tiers instead.
SQLITE_SCORED = (
    f"SELECT rowid AS nct_num, -bm25(search_fts, {SQLITE_BM25_WEIGHTS}) AS score FROM search_fts WHERE search_fts MATCH :fts"
)
SQLITE_TEXT_COLUMNS = "{conditions title terms body}"
# PostgreSQL's text parser glues words across punctuation ("anxiety/depression" is one file-path token, "COVID-19" is
# "covid" and "-19", "disease.Therapy" one host name), so those words could not be found; FTS5 splits at every
# punctuation mark, as the search words are split. Punctuation becomes spaces before parsing.
_PUNCTUATION_AS_SPACE = "regexp_replace({}, '[[:punct:]]+', ' ', 'g')"
POSTGRES_DOC_SQL = " || ".join(
    f"setweight(to_tsvector('english', {_PUNCTUATION_AS_SPACE.format(':' + column)}), '{weight}')"
    for column, weight in (("conditions", "A"), ("title", "B"), ("terms", "C"), ("body", "D"))
)
POSTGRES_TAGS_SQL = "to_tsvector('simple', :tags)"


def create_statements(dialect: str) -> tuple[str, ...]:
    return POSTGRES_CREATE if dialect == "postgresql" else SQLITE_CREATE


def drop_statements(dialect: str) -> tuple[str, ...]:
    return POSTGRES_DROP if dialect == "postgresql" else SQLITE_DROP
