"""Fixtures for sync tests: a local API v2 server over the shared real records."""

from __future__ import annotations

import pytest

from tests.conftest import STUDIES_DIR
from tests.sync.fake_api import FakeApi
from trialfinder.ctgov.client import CtgovClient, RetryPolicy

FAST_RETRIES = RetryPolicy(attempts=6, initial_backoff=0.01, max_backoff=0.05, jitter=0.01)
SMALL = 300  # studies served by `small_api`: many pages, quick on both backends


def _client(api) -> CtgovClient:
    return CtgovClient(api.base_url, requests_per_minute=None, timeout=1.0, retry=FAST_RETRIES)


@pytest.fixture
def fake_api():
    with FakeApi(STUDIES_DIR) as api:
        yield api


@pytest.fixture
def client(fake_api):
    with _client(fake_api) as client:
        yield client


@pytest.fixture
def small_api():
    with FakeApi(STUDIES_DIR, limit=SMALL) as api:
        yield api


@pytest.fixture
def small_client(small_api):
    with _client(small_api) as client:
        yield client
