"""One sync at a time per store: a lease held in `store_meta`.

Two syncs writing the same store would overwrite each other's resume
checkpoint and baseline. The lease is one row taken by an atomic insert or a
compare-and-swap, so it works the same on SQLite and PostgreSQL, also across
machines sharing a PostgreSQL store. It never blocks a crashed sync's rerun:
a holder on this host whose process is gone is replaced at once, and any
holder that has stored nothing for STALE_AFTER is replaced too.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from dataclasses import dataclass
from typing import Callable

from sqlalchemy.engine import Connection, Engine

from trialfinder.store import checkpoints

LEASE_KEY = "sync.lease"  # value: the holder's token (compared and swapped)
HOLDER_KEY = "sync.lease.holder"  # value: JSON describing the holder, for messages and staleness
# Longer than the slowest page: a response timeout of 60 s retried 6 times with up to 60 s pauses.
STALE_AFTER = dt.timedelta(minutes=30)

Clock = Callable[[], dt.datetime]


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _process_is_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, ValueError):
        return False
    return False


@dataclass(frozen=True)
class LeaseHolder:
    """Who holds the lease, as recorded by them."""

    token: str
    what: str = "sync"
    pid: int | None = None
    host: str | None = None
    started_at: str | None = None
    renewed_at: str | None = None

    @classmethod
    def from_record(cls, token: str, record: object) -> "LeaseHolder":
        record = record if isinstance(record, dict) and record.get("token") == token else {}
        pid = record.get("pid")
        return cls(
            token=token,
            what=str(record.get("what") or "sync"),
            pid=pid if isinstance(pid, int) else None,
            host=record.get("host") if isinstance(record.get("host"), str) else None,
            started_at=record.get("started_at") if isinstance(record.get("started_at"), str) else None,
            renewed_at=record.get("renewed_at") if isinstance(record.get("renewed_at"), str) else None,
        )

    def renewed(self) -> dt.datetime | None:
        try:
            moment = dt.datetime.fromisoformat(self.renewed_at or "")
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)

    def expires_at(self) -> dt.datetime | None:
        renewed = self.renewed()
        return renewed + STALE_AFTER if renewed else None

    def is_stale(self, now: dt.datetime) -> bool:
        """Replaceable: its process is gone (same host), it went quiet too long, or it left no record."""
        if self.host == socket.gethostname() and self.pid is not None and _process_is_gone(self.pid):
            return True
        expires = self.expires_at()
        return expires is None or now >= expires

    def describe(self) -> str:
        where = f"process {self.pid} on {self.host}" if self.pid is not None else "another process"
        since = f", started {self.started_at}" if self.started_at else ""
        last = f", last page stored {self.renewed_at}" if self.renewed_at else ""
        return f"{self.what} ({where}{since}{last})"


class SyncBusy(Exception):
    """Another sync holds the store; one line for the operator."""

    def __init__(self, holder: LeaseHolder):
        self.holder = holder
        expires = holder.expires_at()
        after = f" after {_iso(expires)}" if expires else ""
        super().__init__(
            f"another sync is writing to this store: {holder.describe()}; wait for it to finish, "
            f"or, if it has died on another machine, run again{after}"
        )


class LeaseLost(Exception):
    """Our lease was taken over (we went quiet too long); stop before writing anything more."""


class SyncLease:
    """Held for the whole of one sync run: `with SyncLease(engine, "sync from the API"):`."""

    def __init__(self, engine: Engine, what: str, clock: Clock = _utcnow):
        self.engine = engine
        self.what = what
        self.clock = clock
        self.token = uuid.uuid4().hex
        self.taken_over: LeaseHolder | None = None
        self.held = False

    def __enter__(self) -> "SyncLease":
        self.acquire()
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()

    def acquire(self) -> None:
        """Take the lease or raise SyncBusy; a stale holder is replaced and remembered in `taken_over`."""
        with self.engine.begin() as conn:
            if not checkpoints.insert_if_absent(conn, LEASE_KEY, self.token):
                current = checkpoints.read_value(conn, LEASE_KEY) or ""
                holder = LeaseHolder.from_record(current, checkpoints.read_json(conn, HOLDER_KEY))
                if not holder.is_stale(self.clock()) or not checkpoints.compare_and_swap(conn, LEASE_KEY, current, self.token):
                    raise SyncBusy(holder)
                self.taken_over = holder
            now = _iso(self.clock())
            self._record(conn, started_at=now)
        self.held = True

    def renew(self, conn: Connection) -> None:
        """Inside a page's transaction: prove we still hold the lease, and say we are alive."""
        if not checkpoints.compare_and_swap(conn, LEASE_KEY, self.token, self.token):
            self.held = False
            raise LeaseLost("this sync was idle too long and another sync took over the store; nothing more was written")
        self._record(conn)

    def release(self, conn: Connection | None = None) -> None:
        """Give the lease back (inside `conn`'s transaction if given); harmless if no longer held."""
        if not self.held:
            return
        if conn is not None:
            self._release(conn)
        else:
            with self.engine.begin() as own:
                self._release(own)
        self.held = False

    def _release(self, conn: Connection) -> None:
        if checkpoints.delete_if_equal(conn, LEASE_KEY, self.token):
            checkpoints.delete_value(conn, HOLDER_KEY)

    def _record(self, conn: Connection, started_at: str | None = None) -> None:
        previous = checkpoints.read_json(conn, HOLDER_KEY) if started_at is None else None
        if started_at is None:
            started_at = previous.get("started_at") if isinstance(previous, dict) else None
        checkpoints.write_json(
            conn,
            HOLDER_KEY,
            {
                "token": self.token,
                "what": self.what,
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "started_at": started_at,
                "renewed_at": _iso(self.clock()),
            },
        )


def current_holder(engine: Engine) -> LeaseHolder | None:
    """Who holds the lease now (for `trialfinder status`), stale or not."""
    with engine.connect() as conn:
        token = checkpoints.read_value(conn, LEASE_KEY)
        return LeaseHolder.from_record(token, checkpoints.read_json(conn, HOLDER_KEY)) if token else None
