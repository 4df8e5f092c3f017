"""Stream study documents out of files, folders and zips, one at a time.

The bulk download is a zip of one API v2 study JSON per file; operators also
keep unpacked folders. Memory stays constant: one document is read at a time.
A document that cannot be read or is not a study is yielded as a rejection
(source name plus reason), never raised, so one bad file cannot stop a run.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import orjson
from stream_unzip import UnzipError, stream_unzip

from trialfinder.ctgov.record import InvalidStudy, Study

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024  # the largest real record with results is a few MB


@dataclass(frozen=True)
class Document:
    """One study file: where it came from, its bytes as received, and the parsed study or why not."""

    source: str
    raw_bytes: bytes | None
    study: Study | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.study is not None


def parse_document(source: str, data: bytes) -> Document:
    try:
        parsed = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        return Document(source, None, None, f"not valid JSON ({exc.args[0].split(':')[0]})")
    try:
        study = Study(parsed)
    except InvalidStudy as exc:
        return Document(source, None, None, str(exc))
    return Document(source, data, study, None)


@dataclass(frozen=True)
class RawFile:
    """A study file's bytes before parsing, or why they could not be read (cheap to send to a worker)."""

    source: str
    data: bytes | None
    error: str | None

    def parse(self) -> Document:
        if self.data is None:
            return Document(self.source, None, None, self.error or "unreadable")
        return parse_document(self.source, self.data)


def _from_file(path: Path) -> Iterator[RawFile]:
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            yield RawFile(str(path), None, f"file is {size} bytes, larger than the {MAX_DOCUMENT_BYTES}-byte limit")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield RawFile(str(path), None, f"cannot read file ({exc.strerror or exc})")
        return
    yield RawFile(str(path), data, None)


ZIP_READ_CHUNK = 1024 * 1024


def _zip_chunks(handle) -> Iterator[bytes]:
    while chunk := handle.read(ZIP_READ_CHUNK):
        yield chunk


def _from_zip(path: Path) -> Iterator[RawFile]:
    """Members in the order they are stored, read front to back.

    Python's zipfile loads the whole central directory first (~660 bytes per
    member: ~390 MB for a 600,000-study download); reading the local headers as
    a stream keeps memory flat however big the download is.
    """
    try:
        handle = open(path, "rb")
    except OSError as exc:
        yield RawFile(str(path), None, f"not a readable zip file ({exc.strerror or exc})")
        return
    members = 0
    with handle:
        try:
            for raw_name, size, chunks in stream_unzip(_zip_chunks(handle)):
                name = raw_name.decode("utf-8", "replace")
                if name.endswith("/") or not name.lower().endswith(".json"):
                    _drain(chunks)
                    members += 1
                    continue
                member = _zip_member(f"{path}!{name}", size, chunks)
                members += 1
                yield member
        except (UnzipError, zlib.error, OSError, EOFError) as exc:
            where = f"after {members} whole members" if members else "at its start"
            yield RawFile(str(path), None, f"zip file is damaged {where}, the rest was not read ({type(exc).__name__})")


def _drain(chunks: Iterator[bytes]) -> None:
    """A streamed member must be read through before the next one can start."""
    for _ in chunks:
        pass


def _zip_member(source: str, size: int | None, chunks: Iterator[bytes]) -> RawFile:
    if size is not None and size > MAX_DOCUMENT_BYTES:
        _drain(chunks)
        return RawFile(source, None, f"member is {size} bytes, larger than the {MAX_DOCUMENT_BYTES}-byte limit")
    parts, total = [], 0
    for chunk in chunks:
        total += len(chunk)
        if total <= MAX_DOCUMENT_BYTES:
            parts.append(chunk)
    if total > MAX_DOCUMENT_BYTES:
        return RawFile(source, None, f"member is {total} bytes, larger than the {MAX_DOCUMENT_BYTES}-byte limit")
    return RawFile(source, b"".join(parts), None)


def _from_folder(path: Path) -> Iterator[RawFile]:
    for root, dirs, files in os.walk(path):
        dirs.sort()
        for name in sorted(files):
            child = Path(root, name)
            lower = name.lower()
            if lower.endswith(".json"):
                yield from _from_file(child)
            elif lower.endswith(".zip"):
                yield from _from_zip(child)


def _looks_like_zip(path: Path) -> bool:
    """By name or by the local-header signature: a truncated download has no central directory to detect."""
    if path.suffix.lower() == ".zip":
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def iter_raw_files(paths: list[str | Path]) -> Iterator[RawFile]:
    """Every study file under the given paths (files, folders or zips), unparsed, in a stable order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _from_folder(path)
        elif path.is_file() and _looks_like_zip(path):
            yield from _from_zip(path)
        elif path.is_file():
            yield from _from_file(path)
        else:
            yield RawFile(str(path), None, "no such file or folder")


def iter_documents(paths: list[str | Path]) -> Iterator[Document]:
    """Every study document under the given paths, parsed (a rejection carries its reason)."""
    for raw in iter_raw_files(paths):
        yield raw.parse()
