"""A local ClinicalTrials.gov API v2 over real sockets, serving the shared real records.

Speaks the parts of the protocol sync uses (GET /api/v2/studies with pageSize,
pageToken/nextPageToken, query.cond, query.term, filter.overallStatus,
filter.advanced=AREA[LastUpdatePostDate]RANGE[a,b], format; GET /api/v2/version)
and injects faults on demand: 429 + Retry-After, 5xx, slow responses, a body
cut short, a complete response with half the JSON, a dropped connection.
Records are read from the shared folder at start-up, never copied.
"""

from __future__ import annotations

import base64
import collections
import functools
import hashlib
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

import orjson

from trialfinder.ctgov.record import Study

KNOWN_PARAMS = {"format", "pageSize", "pageToken", "query.cond", "query.term", "filter.overallStatus", "filter.advanced", "countTotal"}
ADVANCED = re.compile(r"^AREA\[LastUpdatePostDate\]RANGE\[(MIN|\d{4}-\d{2}-\d{2}),(MAX|\d{4}-\d{2}-\d{2})\]$")


@functools.lru_cache(maxsize=2)
def _load(studies_dir: Path) -> dict[str, dict]:
    studies = {}
    for path in sorted(studies_dir.glob("NCT*.json")):
        study = orjson.loads(path.read_bytes())
        studies[study["protocolSection"]["identificationModule"]["nctId"]] = study
    return studies


@dataclass(frozen=True)
class Fault:
    """What to do to one request instead of (or before) answering it normally."""

    kind: str  # "status", "slow", "truncate", "half-json", "drop"
    status: int = 500
    retry_after: str | None = None
    seconds: float = 0.0


def status(code: int, retry_after: str | float | None = None) -> Fault:
    return Fault("status", status=code, retry_after=None if retry_after is None else str(retry_after))


SLOW = lambda seconds: Fault("slow", seconds=seconds)  # noqa: E731
TRUNCATE = Fault("truncate")  # Content-Length promises more than is sent, then the socket closes
HALF_JSON = Fault("half-json")  # a well-formed HTTP response whose JSON body is cut in half
DROP = Fault("drop")  # the connection closes without any response


@dataclass(frozen=True)
class Served:
    path: str
    params: dict[str, str]
    status: int
    at: float
    fault: str | None


class FakeApi:
    """Use as a context manager; `base_url` is the API root to give `trialfinder sync --base-url`."""

    def __init__(
        self,
        studies_dir: Path,
        *,
        data_timestamp: str = "2026-11-24T09:00:05",
        empty_page_after_full_last_page: bool = True,
        page_delay: float = 0.0,
        limit: int | None = None,
    ):
        loaded = _load(studies_dir)
        self.studies: dict[str, dict] = dict(list(loaded.items())[:limit])  # update_study replaces, never mutates
        self.data_timestamp = data_timestamp
        self.empty_page_after_full_last_page = empty_page_after_full_last_page
        self.page_delay = page_delay
        self.token_generation = 1
        self.faults: collections.deque[tuple[str, Fault]] = collections.deque()
        self.served: list[Served] = []
        self.pages_served = 0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # -- control ------------------------------------------------------------
    def inject(self, *faults: Fault, path: str = "studies") -> None:
        """Apply these faults, in order, to the next requests for `path` ('studies' or 'version')."""
        with self._lock:
            self.faults.extend((path, fault) for fault in faults)

    def expire_tokens(self) -> None:
        with self._lock:
            self.token_generation += 1

    def update_study(self, nct_id: str, change: Callable[[dict], None], posted: str = "2026-11-24") -> None:
        """Edit a study as the registry would, bumping its LastUpdatePostDate."""
        with self._lock:
            study = orjson.loads(orjson.dumps(self.studies[nct_id]))
            change(study)
            study["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"] = {"date": posted, "type": "ACTUAL"}
            self.studies[nct_id] = study

    def studies_pages(self) -> list[Served]:
        return [s for s in self.served if s.path == "studies"]

    # -- protocol -------------------------------------------------------------
    def select(self, params: dict[str, str]) -> list[dict]:
        """The studies a query selects, in a stable order (by NCT id)."""
        cond = (params.get("query.cond") or "").lower()
        term = (params.get("query.term") or "").lower()
        statuses = {s for s in re.split(r"[,|]", params.get("filter.overallStatus") or "") if s}
        low, high = "0000", "9999"
        if params.get("filter.advanced"):
            match = ADVANCED.match(params["filter.advanced"])
            low = low if match.group(1) == "MIN" else match.group(1)
            high = high if match.group(2) == "MAX" else match.group(2) + "~"
        chosen = []
        for nct_id in sorted(self.studies):
            raw = self.studies[nct_id]
            study = Study(raw)
            if cond and not any(cond in c.lower() for c in study.conditions):
                continue
            if term and not any(term in t.lower() for t in (study.brief_title, study.official_title or "", *study.conditions, *study.keywords)):
                continue
            if statuses and study.overall_status not in statuses:
                continue
            posted = study.last_update_posted.text if study.last_update_posted else ""
            if not (low <= posted <= high):
                continue
            chosen.append(raw)
        return chosen

    def _query_key(self, params: dict[str, str]) -> str:
        same = {k: v for k, v in params.items() if k != "pageToken"}
        return hashlib.sha1(orjson.dumps(same, option=orjson.OPT_SORT_KEYS)).hexdigest()[:10]

    def _token(self, params: dict[str, str], offset: int) -> str:
        payload = orjson.dumps({"g": self.token_generation, "o": offset, "q": self._query_key(params)})
        return base64.urlsafe_b64encode(payload).decode().rstrip("=")

    def _offset(self, params: dict[str, str]) -> int | None:
        token = params.get("pageToken")
        if not token:
            return 0
        try:
            payload = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        except (ValueError, orjson.JSONDecodeError):
            return None
        if payload.get("g") != self.token_generation or payload.get("q") != self._query_key(params):
            return None
        return payload["o"]

    def answer_studies(self, params: dict[str, str]) -> tuple[int, bytes, str]:
        unknown = set(params) - KNOWN_PARAMS
        if unknown:
            return 400, f"unknown parameter(s): {', '.join(sorted(unknown))}".encode(), "text/plain"
        if params.get("format", "json") != "json":
            return 400, b"only format=json here", "text/plain"
        if params.get("filter.advanced") and not ADVANCED.match(params["filter.advanced"]):
            return 400, b"unsupported filter.advanced expression", "text/plain"
        try:
            size = int(params.get("pageSize") or 0) or 10
        except ValueError:
            return 400, b"pageSize must be an integer", "text/plain"
        size = min(size, 1000)
        with self._lock:
            offset = self._offset(params)
            if offset is None:
                return 400, b"The pageToken is invalid or expired", "text/plain"
            selected = self.select(params)
            page = selected[offset : offset + size]
            end = offset + len(page)
            more = end < len(selected) or (self.empty_page_after_full_last_page and bool(page) and len(page) == size)
            body = {"studies": page}
            if more:
                body["nextPageToken"] = self._token(params, end)
            self.pages_served += 1
        return 200, orjson.dumps(body), "application/json"

    # -- server ------------------------------------------------------------------
    def __enter__(self) -> "FakeApi":
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                params = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
                path = url.path.removeprefix("/api/v2/").strip("/")
                with api._lock:
                    fault = None
                    if api.faults and api.faults[0][0] == path:
                        fault = api.faults.popleft()[1]
                self._serve(path, params, fault)

            def _record(self, path, params, code, fault) -> None:
                with api._lock:
                    api.served.append(Served(path, params, code, time.monotonic(), fault.kind if fault else None))

            def _send(self, code: int, body: bytes, content_type: str, headers: dict | None = None, length: int | None = None) -> None:
                self.send_response(code)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body) if length is None else length))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def _serve(self, path, params, fault: Fault | None) -> None:
                if fault and fault.kind == "drop":
                    self._record(path, params, 0, fault)
                    self.close_connection = True
                    return
                if fault and fault.kind == "status":
                    self._record(path, params, fault.status, fault)
                    headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
                    self._send(fault.status, b"injected fault", "text/plain", headers)
                    return
                if fault and fault.kind == "slow":
                    time.sleep(fault.seconds)
                if path == "version":
                    code, body, content_type = 200, orjson.dumps({"apiVersion": "2.0.5", "dataTimestamp": api.data_timestamp}), "application/json"
                elif path == "studies":
                    if api.page_delay:
                        time.sleep(api.page_delay)
                    code, body, content_type = api.answer_studies(params)
                else:
                    code, body, content_type = 404, b"no such endpoint", "text/plain"
                self._record(path, params, code, fault)
                try:
                    if fault and fault.kind == "truncate":
                        self._send(code, body[: len(body) // 2], content_type, length=len(body))
                        self.close_connection = True
                    elif fault and fault.kind == "half-json":
                        self._send(code, body[: len(body) // 2], content_type)
                    else:
                        self._send(code, body, content_type)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up (timeout): fine

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/v2"
