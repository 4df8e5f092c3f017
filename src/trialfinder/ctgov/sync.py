"""Keep the store current: list studies from the API page by page, or load a bulk download.

Each page is stored in one transaction together with the checkpoint that
says where to continue, so a sync killed at any moment resumes from the last
committed page; re-fetching a page is harmless because writes are idempotent.
The last page's transaction also records the finished sync, so there is no
moment where the studies are stored but the sync is not marked done.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import orjson
from sqlalchemy.engine import Connection, Engine

from trialfinder.ctgov.archive import Document, iter_documents
from trialfinder.ctgov.client import ApiError, CtgovClient, PageTokenRejected, MAX_PAGE_SIZE
from trialfinder.ctgov.record import STATUS_LABELS, InvalidStudy, Study
from trialfinder.store import checkpoints
from trialfinder.store.sync_lease import SyncLease
from trialfinder.store.writer import Rejection, StudyWriter

LEASE_RENEW_SECONDS = 60.0  # a bulk load says it is alive this often (far below the lease's expiry)
MAX_LISTING_RESTARTS = 2  # expired page tokens: start the listing again at most this often


class SyncError(Exception):
    """The sync cannot run as asked; one line for the operator."""


@dataclass(frozen=True)
class SyncRequest:
    """What the operator asked for. Two runs with equal requests share a checkpoint."""

    base_url: str
    condition: str | None = None
    query: str | None = None
    statuses: tuple[str, ...] = ()
    since: str | None = None  # YYYY-MM-DD
    full: bool = False
    page_size: int = MAX_PAGE_SIZE

    def __post_init__(self) -> None:
        statuses = tuple(sorted({s.strip().upper() for s in self.statuses if s and s.strip()}))
        unknown = [s for s in statuses if s not in STATUS_LABELS]
        if unknown:
            raise SyncError(f"unknown --status {', '.join(unknown)}; use one of {', '.join(STATUS_LABELS)}")
        object.__setattr__(self, "statuses", statuses)
        if self.since is not None:
            try:
                object.__setattr__(self, "since", dt.date.fromisoformat(self.since.strip()).isoformat())
            except ValueError:
                raise SyncError(f"--since must be a date like 2026-01-31, not {self.since!r}") from None
        if self.since and self.full:
            raise SyncError("--since and --full contradict each other: choose one")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise SyncError(f"--page-size must be between 1 and {MAX_PAGE_SIZE}")

    def filters(self) -> dict:
        """What selects the studies; an incremental baseline belongs to one set of filters."""
        return {
            "base_url": self.base_url.rstrip("/"),
            "condition": self.condition or None,
            "query": self.query or None,
            "statuses": list(self.statuses),
        }

    def identity(self) -> dict:
        return {**self.filters(), "since": self.since, "full": self.full}


@dataclass
class SyncResult:
    kind: str  # "api" or "bulk"
    started_at: str
    finished_at: str | None = None
    params: dict = field(default_factory=dict)
    since_used: str | None = None
    pages: int = 0
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    data_timestamp: str | None = None
    api_version: str | None = None
    resumed: bool = False
    listing_restarts: int = 0

    def summary(self) -> str:
        pages = f"{self.pages} pages / " if self.kind == "api" else ""
        return (
            f"{pages}read {self.read} / inserted {self.inserted} / updated {self.updated} / "
            f"unchanged {self.unchanged} / rejected {self.rejected}"
        )


def _now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def api_params(request: SyncRequest, since: str | None) -> dict[str, str]:
    """Query parameters sent, unchanged, with every page (spec: ctg-oas-v2.yaml)."""
    params = {"format": "json", "pageSize": str(request.page_size)}
    if request.condition:
        params["query.cond"] = request.condition
    if request.query:
        params["query.term"] = request.query
    if request.statuses:
        params["filter.overallStatus"] = ",".join(request.statuses)
    if since:
        params["filter.advanced"] = f"AREA[LastUpdatePostDate]RANGE[{since},MAX]"
    return params


def document_from_api(study: dict, source: str) -> Document:
    """A page item as a Document; its raw bytes are `orjson.dumps(item)`, the compact form."""
    try:
        parsed = Study(study)
    except InvalidStudy as exc:
        return Document(source, None, None, str(exc))
    return Document(f"api:{parsed.nct_id}", orjson.dumps(study), parsed, None)


def next_baseline(data_timestamp: str | None, started_at: str) -> str:
    """The LastUpdatePostDate the next incremental run starts from.

    One day before the data timestamp (or our start): registry dates are US days,
    our clocks are UTC, and fetching a day twice costs nothing (idempotent writes).
    """
    day = None
    if data_timestamp:
        try:
            day = dt.date.fromisoformat(data_timestamp[:10])
        except ValueError:
            day = None
    if day is None:
        day = dt.date.fromisoformat(started_at[:10])
    return (day - dt.timedelta(days=1)).isoformat()


class ApiSync:
    """One `trialfinder sync` run against the API, resuming a matching unfinished run if there is one."""

    def __init__(
        self,
        engine: Engine,
        client: CtgovClient,
        request: SyncRequest,
        *,
        on_reject: Callable[[Rejection], None] | None = None,
        on_page: Callable[[SyncResult], None] | None = None,
        on_notice: Callable[[str], None] | None = None,
    ):
        self.engine = engine
        self.client = client
        self.request = request
        self.on_page = on_page or (lambda result: None)
        self.on_notice = on_notice or (lambda message: None)
        # A page must commit as one transaction with its checkpoint: never let the writer flush mid-page.
        self.writer = StudyWriter(engine, batch_size=request.page_size + 1, on_reject=on_reject)
        self.fingerprint = checkpoints.filters_fingerprint(request.filters())

    def run(self) -> SyncResult:
        """Raises SyncBusy (another sync holds the store) before touching anything."""
        with SyncLease(self.engine, "sync from the API") as self.lease:
            if self.lease.taken_over:
                self.on_notice(f"took over the store from a {self.lease.taken_over.describe()} that stopped")
            return self._run()

    def _run(self) -> SyncResult:
        checkpoint = checkpoints.read_checkpoint(self.engine)
        if checkpoint and checkpoint.get("request") == self.request.identity() and isinstance(checkpoint.get("params"), dict):
            result, params, token = self._resume(checkpoint)
        else:
            if checkpoint:
                self.on_notice("an unfinished sync with other parameters is abandoned; its stored pages stay")
            result, params, token = self._start()
        base = (result.read, result.inserted, result.updated, result.unchanged, result.rejected)
        while True:
            try:
                page = self.client.studies_page(params, token)
            except PageTokenRejected as exc:
                if token is None or result.listing_restarts >= MAX_LISTING_RESTARTS:
                    raise
                result.listing_restarts += 1
                self.on_notice(f"{exc}; starting the listing again (stored studies are kept, none are duplicated)")
                token = None
                continue
            for position, item in enumerate(page.studies):
                self.writer.add(document_from_api(item, f"{self.client.base_url}/studies page {result.pages + 1} item {position + 1}"))
            next_token = page.next_page_token
            if next_token is not None and next_token == token and not page.studies:
                raise ApiError("the API returned an empty page pointing at itself; stopping rather than looping")
            page.studies.clear()  # the writer holds what it needs; free the parsed page before the write
            result.pages += 1
            self.writer.flush(before_commit=lambda conn: self._commit_page(conn, result, base, params, next_token))
            self._add_totals(result, base, in_flight=False)
            self.on_page(result)
            if next_token is None:
                return result
            token = next_token

    # -- steps ------------------------------------------------------------------
    def _start(self) -> tuple[SyncResult, dict, str | None]:
        since = self.request.since
        if since is None and not self.request.full:
            baseline = checkpoints.read_baseline(self.engine, self.fingerprint)
            since = baseline.get("since") if baseline else None
        version = self.client.version()
        result = SyncResult(
            kind="api",
            started_at=_now_iso(),
            params=self.request.identity(),
            since_used=since,
            data_timestamp=version.data_timestamp,
            api_version=version.api_version,
        )
        return result, api_params(self.request, since), None

    def _resume(self, checkpoint: dict) -> tuple[SyncResult, dict, str | None]:
        saved = checkpoint.get("result") or {}
        result = SyncResult(**{k: v for k, v in saved.items() if k in SyncResult.__dataclass_fields__})
        result.resumed = True
        self.on_notice(f"resuming the sync started {result.started_at} after page {result.pages}")
        return result, checkpoint["params"], checkpoint.get("page_token")

    def _add_totals(self, result: SyncResult, base: tuple, in_flight: bool) -> None:
        stats = self.writer.stats
        extra = self.writer.batch_counts if in_flight else (0, 0, 0)
        result.read = base[0] + stats.read
        result.inserted = base[1] + stats.inserted + extra[0]
        result.updated = base[2] + stats.updated + extra[1]
        result.unchanged = base[3] + stats.unchanged + extra[2]
        result.rejected = base[4] + stats.rejected

    def _commit_page(self, conn: Connection, result: SyncResult, base: tuple, params: dict, next_token: str | None) -> None:
        """Runs inside the page's transaction: checkpoint, or on the last page, the finished-sync record."""
        self.lease.renew(conn)
        self._add_totals(result, base, in_flight=True)
        if next_token is not None:
            checkpoints.write_json(
                conn,
                checkpoints.CHECKPOINT_KEY,
                {"request": self.request.identity(), "params": params, "page_token": next_token, "result": asdict(result)},
            )
            return
        result.finished_at = _now_iso()
        baseline = checkpoints.read_json(conn, checkpoints.BASELINE_PREFIX + self.fingerprint) or {}
        covers_everything = result.since_used is None or result.since_used <= (baseline.get("since") or "")
        checkpoints.record_finished_sync(
            conn,
            asdict(result),
            self.fingerprint,
            next_baseline(result.data_timestamp, result.started_at) if covers_everything else None,
        )
        self.lease.release(conn)


def sync_from_api(engine: Engine, client: CtgovClient, request: SyncRequest, **callbacks) -> SyncResult:
    return ApiSync(engine, client, request, **callbacks).run()


def sync_from_files(
    engine: Engine,
    paths: Iterable[str | Path],
    *,
    batch_size: int = 500,
    on_reject: Callable[[Rejection], None] | None = None,
    on_document: Callable[[], None] | None = None,
) -> SyncResult:
    """`sync --from`: the bulk download (zip or folder) through the ingest path, then recorded as a sync.

    Raises SyncBusy if another sync holds the store.
    """
    with SyncLease(engine, "sync from files") as lease:
        return _load_files(engine, [str(p) for p in paths], lease, batch_size, on_reject, on_document)


def _load_files(
    engine: Engine,
    paths: list[str],
    lease: SyncLease,
    batch_size: int,
    on_reject: Callable[[Rejection], None] | None,
    on_document: Callable[[], None] | None,
) -> SyncResult:
    result = SyncResult(kind="bulk", started_at=_now_iso(), params={"from": paths})
    writer = StudyWriter(engine, batch_size=batch_size, on_reject=on_reject)
    renew_at = time.monotonic() + LEASE_RENEW_SECONDS
    for document in iter_documents(paths):
        writer.add(document)
        if on_document:
            on_document()
        if time.monotonic() >= renew_at:  # between batches no transaction is open: renew in our own
            with engine.begin() as conn:
                lease.renew(conn)
            renew_at = time.monotonic() + LEASE_RENEW_SECONDS

    def finish(conn: Connection) -> None:
        stats = writer.stats
        result.read, result.rejected = stats.read, stats.rejected
        result.inserted = stats.inserted + writer.batch_counts[0]
        result.updated = stats.updated + writer.batch_counts[1]
        result.unchanged = stats.unchanged + writer.batch_counts[2]
        result.finished_at = _now_iso()
        checkpoints.record_finished_sync(conn, asdict(result), None, None)
        lease.release(conn)

    writer.flush(before_commit=finish)
    return result
