"""A polite client for the ClinicalTrials.gov API v2: one page at a time, rate-limited, retried.

Transient faults (429 with Retry-After, 5xx, timeouts, dropped connections, a
truncated or malformed page) are retried with exponential backoff and jitter.
A page is only returned whole and valid, so callers never store half a page.
When retries run out the caller gets an :class:`ApiError` with a one-line message.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
import time
from dataclasses import dataclass
from typing import Any, Callable

import httpx
import orjson
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential_jitter

from trialfinder import __version__ as _package_version

DEFAULT_BASE_URL = "https://clinicaltrials.gov/api/v2"
MAX_PAGE_SIZE = 1000  # the API coerces larger sizes down to this
DEFAULT_REQUESTS_PER_MINUTE = 30.0  # the API asks for ~50/min per IP; stay well under it


class ApiError(Exception):
    """The API could not give us what we asked for; the message is one line for the operator."""


class PageTokenRejected(ApiError):
    """The server refused a pageToken (they expire): the listing must start again."""


class _Transient(Exception):
    """A fault worth retrying; `retry_after` is the server's requested pause in seconds, if any."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class StudyPage:
    studies: list[dict]
    next_page_token: str | None


@dataclass(frozen=True)
class ApiVersion:
    api_version: str | None
    data_timestamp: str | None


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6
    initial_backoff: float = 1.0
    max_backoff: float = 60.0
    jitter: float = 1.0
    max_retry_after: float = 300.0  # never sleep longer than this on a server's say-so


class RateLimiter:
    """Spaces request starts evenly so that at most `per_minute` start in any minute."""

    def __init__(self, per_minute: float | None, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self.interval = 60.0 / per_minute if per_minute else 0.0
        self._clock = clock
        self._sleep = sleep
        self._next_start: float | None = None

    def wait(self) -> None:
        if not self.interval:
            return
        now = self._clock()
        if self._next_start is not None and self._next_start > now:
            self._sleep(self._next_start - now)
            now = self._next_start
        self._next_start = now + self.interval


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    now = now or dt.datetime.now(dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())


def _first_line(text: str, limit: int = 200) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line[:limit]


def _validate_page(data: Any) -> StudyPage:
    if not isinstance(data, dict):
        raise _Transient("page is not a JSON object")
    studies = data.get("studies")
    if not isinstance(studies, list) or not all(isinstance(s, dict) for s in studies):
        raise _Transient("page has no list of study objects")
    token = data.get("nextPageToken")
    if token is not None and (not isinstance(token, str) or not token):
        raise _Transient("page has a malformed nextPageToken")
    return StudyPage(studies, token)


def _validate_version(data: Any) -> ApiVersion:
    if not isinstance(data, dict):
        raise _Transient("version response is not a JSON object")
    api_version, timestamp = data.get("apiVersion"), data.get("dataTimestamp")
    return ApiVersion(api_version if isinstance(api_version, str) else None, timestamp if isinstance(timestamp, str) else None)


class CtgovClient:
    """GET /studies pages and /version. Use as a context manager (it owns an HTTP connection pool)."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        requests_per_minute: float | None = DEFAULT_REQUESTS_PER_MINUTE,
        timeout: float = 60.0,
        retry: RetryPolicy = RetryPolicy(),
        on_retry: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        base_url = (base_url or "").strip().rstrip("/")
        if not base_url.startswith(("http://", "https://")):
            raise ApiError(f"--base-url must be an http:// or https:// URL, not {base_url!r}")
        self.base_url = base_url
        self.retry = retry
        self._on_retry = on_retry
        self._sleep = sleep
        self._limiter = RateLimiter(requests_per_minute, sleep=sleep)
        self._http = httpx.Client(
            base_url=base_url + "/",
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": f"trialfinder/{_package_version} (sync)", "Accept": "application/json"},
            follow_redirects=True,
        )

    def __enter__(self) -> "CtgovClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- public calls ---------------------------------------------------------
    def version(self) -> ApiVersion:
        return self._call("version", {}, _validate_version, what="GET /version")

    def studies_page(self, params: dict[str, str], page_token: str | None = None) -> StudyPage:
        """One page of full study records; `params` are repeated unchanged on every page."""
        query = dict(params)
        if page_token:
            query["pageToken"] = page_token
        return self._call("studies", query, _validate_page, what="GET /studies", token=page_token)

    # -- retry machinery --------------------------------------------------------
    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            pause = min(retry_after, self.retry.max_retry_after)
            return pause + random.uniform(0, min(1.0, pause * 0.1))
        return self._backoff(state)

    @property
    def _backoff(self):
        return wait_exponential_jitter(multiplier=self.retry.initial_backoff, max=self.retry.max_backoff, jitter=self.retry.jitter)

    def _before_sleep(self, state: RetryCallState) -> None:
        if self._on_retry and state.outcome is not None and state.next_action is not None:
            self._on_retry(
                f"{state.outcome.exception()}; retrying in {state.next_action.sleep:.1f} s "
                f"(attempt {state.attempt_number + 1} of {self.retry.attempts})"
            )

    def _call(self, path: str, params: dict, validate, *, what: str, token: str | None = None):
        retrying = Retrying(
            stop=stop_after_attempt(self.retry.attempts),
            wait=self._wait,
            retry=retry_if_exception_type(_Transient),
            sleep=self._sleep,
            before_sleep=self._before_sleep,
            reraise=True,
        )
        try:
            return retrying(self._attempt, path, params, validate, token)
        except _Transient as exc:
            raise ApiError(f"{what} at {self.base_url} failed {self.retry.attempts} times, last: {exc}") from None

    def _attempt(self, path: str, params: dict, validate, token: str | None):
        self._limiter.wait()
        try:
            response = self._http.get(path, params=params)
        except httpx.TimeoutException as exc:
            raise _Transient(f"timed out ({type(exc).__name__})") from None
        except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            raise _Transient(f"connection failed ({_first_line(str(exc)) or type(exc).__name__})") from None
        except httpx.HTTPError as exc:
            raise ApiError(f"cannot request {self.base_url}/{path}: {_first_line(str(exc)) or type(exc).__name__}") from None
        status = response.status_code
        if status == 429:
            raise _Transient("HTTP 429 Too Many Requests", parse_retry_after(response.headers.get("Retry-After")))
        if status >= 500:
            raise _Transient(f"HTTP {status}", parse_retry_after(response.headers.get("Retry-After")))
        if status >= 400:
            detail = _first_line(response.text)
            if token and status in (400, 404, 410):
                raise PageTokenRejected(f"the server rejected the page token (HTTP {status}: {detail})")
            raise ApiError(f"{self.base_url}/{path} answered HTTP {status}: {detail or response.reason_phrase}")
        if status != 200:
            raise _Transient(f"unexpected HTTP {status}")
        try:
            data = orjson.loads(response.content)
        except orjson.JSONDecodeError:
            raise _Transient(f"truncated or invalid JSON ({len(response.content)} bytes)") from None
        return validate(data)
