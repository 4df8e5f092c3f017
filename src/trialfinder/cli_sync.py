"""`trialfinder sync`: keep the store current from the API, or from a bulk download (--from)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer
from sqlalchemy.exc import SQLAlchemyError

from trialfinder.cli import DatabaseOption, _engine, _fail, app, err, out
from trialfinder.ctgov.client import DEFAULT_BASE_URL, DEFAULT_REQUESTS_PER_MINUTE, MAX_PAGE_SIZE

BUSY_EXIT_CODE = 75  # EX_TEMPFAIL: try again later; schedulers can tell it from a failure
RESUME_HINT = "every page stored before this is kept; run the same command again to resume"


def _split_statuses(values: list[str] | None) -> tuple[str, ...]:
    return tuple(part for value in values or () for part in value.replace("|", ",").split(",") if part.strip())


def _register_store_listeners() -> None:
    """Derived indexes (search) update inside each batch's transaction only if their listener is registered."""
    import trialfinder.search.index  # noqa: F401


def _report_rejection(rejection) -> None:
    err.print(f"rejected {rejection.source}: {rejection.reason}", highlight=False, markup=False)


@app.command()
def sync(
    base_url: str = typer.Option(DEFAULT_BASE_URL, "--base-url", envvar="TRIALFINDER_CTGOV_URL", help="API v2 root."),
    condition: Optional[str] = typer.Option(None, "--condition", help="Only studies of this condition (query.cond)."),
    query: Optional[str] = typer.Option(None, "--query", help="Only studies matching these terms (query.term)."),
    status: Optional[list[str]] = typer.Option(None, "--status", help="Only these statuses, e.g. RECRUITING (repeat or comma-separate)."),
    since: Optional[str] = typer.Option(None, "--since", help="Only studies updated on or after this date (YYYY-MM-DD)."),
    full: bool = typer.Option(False, "--full", help="List everything, ignoring the last successful sync."),
    from_paths: Optional[list[Path]] = typer.Option(None, "--from", help="Load the bulk download (zip or folder) instead of calling the API."),
    database: Optional[str] = DatabaseOption,
    page_size: int = typer.Option(MAX_PAGE_SIZE, "--page-size", min=1, max=MAX_PAGE_SIZE, help="Studies per API page."),
    rate_limit: float = typer.Option(DEFAULT_REQUESTS_PER_MINUTE, "--rate-limit", min=0, help="Requests per minute (0: no limit)."),
    timeout: float = typer.Option(60.0, "--timeout", min=0.1, help="Seconds to wait for one response."),
    retries: int = typer.Option(6, "--retries", min=1, max=50, help="Attempts per request before giving up."),
    max_backoff: float = typer.Option(60.0, "--max-backoff", min=0, help="Longest pause between attempts, in seconds."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the final summary and errors."),
) -> None:
    """Bring the store up to date. Incremental after the first success; resumable if interrupted."""
    _register_store_listeners()
    if from_paths:
        _sync_from_files(from_paths, database, quiet)
        return

    from trialfinder.ctgov.client import ApiError, CtgovClient, RetryPolicy
    from trialfinder.ctgov.sync import SyncError, SyncRequest, sync_from_api
    from trialfinder.store.sync_lease import LeaseLost, SyncBusy

    try:
        request = SyncRequest(
            base_url=base_url,
            condition=condition,
            query=query,
            statuses=_split_statuses(status),
            since=since,
            full=full,
            page_size=page_size,
        )
    except SyncError as exc:
        _fail(str(exc), code=2)
    notice = (lambda message: None) if quiet else (lambda message: err.print(message, highlight=False, markup=False))

    def on_page(result) -> None:
        if not quiet:
            err.print(
                f"page {result.pages}: {result.read} read, {result.inserted} new, {result.updated} updated",
                highlight=False,
            )

    policy = RetryPolicy(attempts=retries, initial_backoff=min(1.0, max_backoff), max_backoff=max_backoff, jitter=min(1.0, max_backoff))
    try:
        client = CtgovClient(base_url, requests_per_minute=rate_limit or None, timeout=timeout, retry=policy, on_retry=notice)
    except ApiError as exc:
        _fail(str(exc), code=2)
    engine = _engine(database)
    try:
        with client:
            result = sync_from_api(engine, client, request, on_reject=_report_rejection, on_page=on_page, on_notice=notice)
    except SyncBusy as exc:
        _fail(str(exc), code=BUSY_EXIT_CODE)
    except (ApiError, SyncError, LeaseLost) as exc:
        _fail(f"{exc}; {RESUME_HINT}")
    except KeyboardInterrupt:
        err.print(f"interrupted: {RESUME_HINT}")
        raise typer.Exit(130)
    except SQLAlchemyError as exc:
        _fail(f"database error, the current page was rolled back: {getattr(exc, 'orig', exc)}; {RESUME_HINT}")
    since_text = f"updated since {result.since_used}" if result.since_used else "full listing"
    out.print(f"sync finished ({since_text}, data timestamp {result.data_timestamp or 'unknown'}): {result.summary()}", highlight=False)


def _sync_from_files(paths: list[Path], database: str | None, quiet: bool) -> None:
    from trialfinder.ctgov.sync import sync_from_files
    from trialfinder.store.sync_lease import LeaseLost, SyncBusy

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail(f"no such file or folder: {', '.join(missing)}", code=2)
    engine = _engine(database)
    try:
        result = sync_from_files(engine, paths, on_reject=None if quiet else _report_rejection)
    except SyncBusy as exc:
        _fail(str(exc), code=BUSY_EXIT_CODE)
    except LeaseLost as exc:
        _fail(f"{exc}; every batch stored before this is complete; run again to finish")
    except KeyboardInterrupt:
        err.print("interrupted: every batch stored before the interruption is complete; run again to finish")
        raise typer.Exit(130)
    except SQLAlchemyError as exc:
        _fail(f"database error, the current batch was rolled back: {getattr(exc, 'orig', exc)}")
    out.print(f"sync from files finished: {result.summary()}", highlight=False)
    if result.read == 0:
        _fail("no study files found in the given paths", code=2)


def print_status(engine) -> None:
    """The body of `trialfinder status` (cli.status calls this)."""
    from trialfinder.store.checkpoints import read_checkpoint, read_last_sync
    from trialfinder.store.database import current_revision, head_revision
    from trialfinder.store.queries import count_studies, count_versions, get_meta
    from trialfinder.store.sync_lease import current_holder

    def line(text: str) -> None:
        out.print(text, highlight=False, markup=False)

    line(f"studies: {count_studies(engine)}")
    line(f"earlier versions kept: {count_versions(engine)}")
    last = read_last_sync(engine)
    if last:
        params = last.get("params") or {}
        if last.get("kind") == "bulk":
            what = "from " + ", ".join(params.get("from") or [])
        else:
            chosen = [f"{k}={v}" for k, v in params.items() if v and k not in ("base_url",)]
            scope = f"updated since {last['since_used']}" if last.get("since_used") else "full listing"
            what = f"{params.get('base_url', '')} ({scope}{'; ' + ', '.join(chosen) if chosen else ''})"
        line(f"last sync: {last.get('finished_at')} {what}")
        line(
            f"  added {last.get('inserted', 0)}, updated {last.get('updated', 0)}, unchanged {last.get('unchanged', 0)}, "
            f"rejected {last.get('rejected', 0)}" + (f", {last.get('pages')} pages" if last.get("kind") == "api" else "")
        )
    else:
        line(f"last sync: {get_meta(engine, 'last_sync_finished_at') or 'never'}")
    line(f"data timestamp: {get_meta(engine, 'data_timestamp') or 'unknown'}")
    holder = current_holder(engine)
    if holder is not None:
        if holder.is_stale(dt.datetime.now(dt.timezone.utc)):
            line(f"sync lease: held by a {holder.describe()} that has stopped; the next sync takes over")
        else:
            line(f"sync running: {holder.describe()}")
    checkpoint = read_checkpoint(engine)
    if checkpoint:
        saved = checkpoint.get("result") or {}
        line(f"unfinished sync: started {saved.get('started_at')}, {saved.get('pages', 0)} pages stored; run it again to resume")
    with engine.connect() as conn:
        line(f"schema revision: {current_revision(conn) or 'none'} (newest {head_revision()})")
