"""Stream study documents out of files, folders and zips, one at a time.

The bulk download is a zip of one API v2 study JSON per file; operators also
keep unpacked folders. Memory stays constant: one document is read at a time.
A document that cannot be read or is not a study is yielded as a rejection
(source name plus reason), never raised, so one bad file cannot stop a run.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import orjson

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


def _from_zip(path: Path) -> Iterator[RawFile]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield RawFile(str(path), None, f"not a readable zip file ({exc})")
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir() or not info.filename.lower().endswith(".json"):
                continue
            source = f"{path}!{info.filename}"
            if info.file_size > MAX_DOCUMENT_BYTES:
                yield RawFile(source, None, f"member is {info.file_size} bytes, larger than the limit")
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile) as exc:
                yield RawFile(source, None, f"cannot read zip member ({exc})")
                continue
            yield RawFile(source, data, None)


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


def iter_raw_files(paths: list[str | Path]) -> Iterator[RawFile]:
    """Every study file under the given paths (files, folders or zips), unparsed, in a stable order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _from_folder(path)
        elif path.is_file() and zipfile.is_zipfile(path):
            yield from _from_zip(path)
        elif path.is_file():
            yield from _from_file(path)
        else:
            yield RawFile(str(path), None, "no such file or folder")


def iter_documents(paths: list[str | Path]) -> Iterator[Document]:
    """Every study document under the given paths, parsed (a rejection carries its reason)."""
    for raw in iter_raw_files(paths):
        yield raw.parse()
