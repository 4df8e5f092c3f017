"""Tables, in portable SQL (SQLite and PostgreSQL).

`studies.raw` keeps each record exactly as received; every other column is
derived from it by :mod:`trialfinder.store.derive` and can be rebuilt.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

studies = Table(
    "studies",
    metadata,
    Column("nct_id", String(11), primary_key=True),
    Column("raw", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("brief_title", Text, nullable=False),
    Column("official_title", Text),
    Column("overall_status", String(32), nullable=False),
    Column("study_type", String(32), nullable=False),
    Column("phases", String(64), nullable=False, default=""),
    Column("lead_sponsor", Text),
    Column("sponsor_class", String(16)),
    Column("conditions", Text, nullable=False, default=""),
    Column("sex", String(8), nullable=False),
    Column("min_age_years", Float),
    Column("max_age_years", Float),
    Column("healthy_volunteers", Boolean),
    Column("enrollment", Integer),
    Column("countries", Text, nullable=False, default=""),
    Column("location_count", Integer, nullable=False, default=0),
    Column("last_update_posted", String(10)),
    Column("first_posted", String(10)),
    Column("version_holder", String(10)),
    Column("first_stored_at", DateTime(timezone=True), nullable=False),
    Column("content_changed_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
)
Index("ix_studies_last_update", studies.c.last_update_posted)
Index("ix_studies_status", studies.c.overall_status)

# Earlier raw versions of a study, kept when an ingest or sync brings a changed record.
study_versions = Table(
    "study_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("nct_id", String(11), ForeignKey("studies.nct_id", ondelete="CASCADE"), nullable=False),
    Column("raw", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("last_update_posted", String(10)),
    Column("stored_at", DateTime(timezone=True), nullable=False),
    Column("replaced_at", DateTime(timezone=True), nullable=False),
)
Index("ix_study_versions_nct", study_versions.c.nct_id)

study_locations = Table(
    "study_locations",
    metadata,
    Column("nct_id", String(11), ForeignKey("studies.nct_id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("facility", Text),
    Column("city", Text),
    Column("state", Text),
    Column("zip", String(32)),
    Column("country", Text),
    Column("status", String(32)),
    Column("lat", Float),
    Column("lon", Float),
)

# Key/value facts about the store itself: schema version, last sync, data timestamp.
store_meta = Table(
    "store_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

CHILD_TABLES = (study_locations,)
