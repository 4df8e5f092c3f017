"""Bulk loading: parse and derive in worker processes while the main process writes.

Parsing JSON and deriving columns is about two thirds of an ingest's CPU time;
the database write is single-threaded anyway. Workers take chunks of raw files
and hand back prepared rows, in order, with a bounded number of chunks in
flight so memory stays flat whatever the corpus size.
"""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Iterable, Iterator

from trialfinder.ctgov.archive import RawFile
from trialfinder.store.writer import Prepared, Rejection, prepare

CHUNK_SIZE = 64


def _prepare_chunk(raws: list[RawFile]) -> list[Prepared | Rejection]:
    return [prepare(raw.parse()) for raw in raws]


def default_workers() -> int:
    """One worker per core beyond the writer's own; none on a single core."""
    return max(0, (os.cpu_count() or 1) - 1)


def prepared_stream(raws: Iterable[RawFile], workers: int | None = None) -> Iterator[Prepared | Rejection]:
    """Prepared rows for every raw file, in input order. `workers=0` prepares in this process."""
    workers = default_workers() if workers is None else workers
    if workers <= 0:
        for raw in raws:
            yield prepare(raw.parse())
        return
    source = iter(raws)
    in_flight: deque[Future] = deque()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        def submit_next() -> bool:
            chunk = list(islice(source, CHUNK_SIZE))
            if chunk:
                in_flight.append(pool.submit(_prepare_chunk, chunk))
            return bool(chunk)

        for _ in range(workers * 16):
            if not submit_next():
                break
        while in_flight:
            results = in_flight.popleft().result()
            submit_next()
            yield from results
