"""One place for settings: environment variables with a TRIALFINDER_ prefix, overridden by CLI flags."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_DATABASE_URL = "sqlite:///trialfinder.db"


@dataclass(frozen=True)
class Settings:
    database_url: str
    site_name: str
    base_url: str
    sync_note: str | None = None

    @classmethod
    def from_env(cls, **overrides: str | None) -> "Settings":
        values = {
            "database_url": os.environ.get("TRIALFINDER_DATABASE_URL") or DEFAULT_DATABASE_URL,
            "site_name": os.environ.get("TRIALFINDER_SITE_NAME") or "TrialFinder",
            "base_url": os.environ.get("TRIALFINDER_BASE_URL") or "",
            "sync_note": os.environ.get("TRIALFINDER_SYNC_NOTE") or None,
        }
        values.update({k: v for k, v in overrides.items() if v})
        return cls(**values)
