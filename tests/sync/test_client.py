"""The API client against a real local HTTP server: paging, parameters, faults, retries, rate limit."""

from __future__ import annotations

import datetime as dt
import time

import orjson
import pytest

from tests.sync.conftest import FAST_RETRIES
from tests.sync.fake_api import DROP, HALF_JSON, SLOW, TRUNCATE, status
from trialfinder.ctgov.client import (
    ApiError,
    CtgovClient,
    PageTokenRejected,
    RateLimiter,
    RetryPolicy,
    parse_retry_after,
)
from trialfinder.ctgov.sync import SyncRequest, api_params


def _list_all(client, params):
    pages, token = [], None
    while True:
        page = client.studies_page(params, token)
        pages.append(page)
        if page.next_page_token is None:
            return pages
        token = page.next_page_token


def _ids(pages):
    return [s["protocolSection"]["identificationModule"]["nctId"] for page in pages for s in page.studies]


def test_paging_returns_every_study_once_with_the_same_parameters_on_every_page(fake_api, client):
    params = api_params(SyncRequest(fake_api.base_url, page_size=100), None)
    pages = _list_all(client, params)
    assert sorted(_ids(pages)) == sorted(fake_api.studies) and len(_ids(pages)) == len(fake_api.studies)
    served = fake_api.studies_pages()
    assert len(served) == len(pages) == 12
    for request in served:
        assert {k: v for k, v in request.params.items() if k != "pageToken"} == params
    assert "pageToken" not in served[0].params and all("pageToken" in r.params for r in served[1:])


def test_exactly_full_last_page_then_empty_page_without_token(fake_api, client):
    # 1183 = 7 x 169: the seventh page is full, the server still hands out a token, the eighth page is empty.
    pages = _list_all(client, api_params(SyncRequest(fake_api.base_url, page_size=169), None))
    assert [len(p.studies) for p in pages] == [169] * 7 + [0]
    assert len(set(_ids(pages))) == 1183


def test_filters_are_sent_as_the_spec_names_them(fake_api, client):
    request = SyncRequest(fake_api.base_url, condition="asthma", query="children", statuses=("recruiting", "COMPLETED"), page_size=5)
    params = api_params(request, "2024-01-01")
    assert params == {
        "format": "json",
        "pageSize": "5",
        "query.cond": "asthma",
        "query.term": "children",
        "filter.overallStatus": "COMPLETED,RECRUITING",
        "filter.advanced": "AREA[LastUpdatePostDate]RANGE[2024-01-01,MAX]",
    }
    ids = _ids(_list_all(client, params))
    assert ids == [s["protocolSection"]["identificationModule"]["nctId"] for s in fake_api.select(params)]


def test_version_gives_the_data_timestamp(fake_api, client):
    version = client.version()
    assert (version.api_version, version.data_timestamp) == ("2.0.5", "2026-11-24T09:00:05")


@pytest.mark.parametrize(
    "fault",
    [status(500), status(502), status(503, 0), status(429, 0), TRUNCATE, HALF_JSON, DROP, SLOW(1.5)],
    ids=["500", "502", "503", "429", "truncated", "half-json", "dropped", "slow"],
)
def test_each_transient_fault_is_retried_and_the_page_arrives_whole(fake_api, client, fault):
    params = api_params(SyncRequest(fake_api.base_url, page_size=50), None)
    expected = orjson.dumps(client.studies_page(params).studies)
    fake_api.inject(fault, fault)
    retries = []
    client._on_retry = retries.append
    page = client.studies_page(params)
    assert orjson.dumps(page.studies) == expected
    assert len(retries) == 2


def test_retry_after_is_honoured(fake_api):
    with CtgovClient(fake_api.base_url, requests_per_minute=None, timeout=2, retry=FAST_RETRIES) as client:
        fake_api.inject(status(429, 1))
        client.version()  # warm the connection
        client.studies_page({"pageSize": "1"})
    served = fake_api.studies_pages()
    assert [s.status for s in served] == [429, 200]
    assert served[1].at - served[0].at >= 1.0


def test_exhausted_retries_give_one_clear_line(fake_api):
    policy = RetryPolicy(attempts=3, initial_backoff=0.01, max_backoff=0.02, jitter=0)
    with CtgovClient(fake_api.base_url, requests_per_minute=None, timeout=2, retry=policy) as client:
        fake_api.inject(status(503), status(503), status(503))
        with pytest.raises(ApiError) as caught:
            client.studies_page({"pageSize": "1"})
    message = str(caught.value)
    assert "\n" not in message and "failed 3 times" in message and "HTTP 503" in message
    assert len(fake_api.studies_pages()) == 3


def test_client_errors_are_not_retried(fake_api, client):
    with pytest.raises(ApiError, match="HTTP 400"):
        client.studies_page({"pageSize": "1", "query.nonsense": "x"})
    assert len(fake_api.studies_pages()) == 1


def test_an_expired_token_is_reported_as_such(fake_api, client):
    first = client.studies_page({"pageSize": "10"})
    fake_api.expire_tokens()
    with pytest.raises(PageTokenRejected):
        client.studies_page({"pageSize": "10"}, first.next_page_token)


def test_unreachable_server_fails_cleanly_after_retries():
    policy = RetryPolicy(attempts=2, initial_backoff=0.01, max_backoff=0.01, jitter=0)
    with CtgovClient("http://127.0.0.1:9", requests_per_minute=None, timeout=1, retry=policy) as client:
        with pytest.raises(ApiError, match="failed 2 times.*connection failed"):
            client.version()


def test_bad_base_url_is_refused():
    with pytest.raises(ApiError, match="http"):
        CtgovClient("ftp://example.org")


def test_rate_limiter_spaces_requests():
    clock = [100.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        clock[0] += seconds

    limiter = RateLimiter(30, clock=lambda: clock[0], sleep=sleep)
    for _ in range(4):
        limiter.wait()
    assert slept == [2.0, 2.0, 2.0]
    clock[0] += 10
    limiter.wait()
    assert slept == [2.0, 2.0, 2.0]


def test_rate_limit_is_applied_to_real_requests(fake_api):
    with CtgovClient(fake_api.base_url, requests_per_minute=600, timeout=2, retry=FAST_RETRIES) as client:
        start = time.monotonic()
        for _ in range(4):
            client.version()
        assert time.monotonic() - start >= 0.3 - 0.01


def test_parse_retry_after_accepts_seconds_and_dates():
    now = dt.datetime(2026, 11, 25, 12, 0, 0, tzinfo=dt.timezone.utc)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 25 Nov 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Wed, 25 Nov 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
