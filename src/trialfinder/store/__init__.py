"""Persistence: schema, idempotent upserts, record versions, queries."""
