"""Worker processes prepare exactly what the writer would prepare itself, in the same order."""

from __future__ import annotations

from tests.conftest import STUDIES_DIR, study_files
from trialfinder.ctgov.archive import RawFile, iter_raw_files
from trialfinder.store.pipeline import CHUNK_SIZE, prepared_stream
from trialfinder.store.writer import Prepared, Rejection, StudyWriter


def _comparable(item):
    if isinstance(item, Rejection):
        return ("rejected", item.source, item.reason)
    row = {k: v for k, v in item.row.items() if not k.endswith("_at")}
    return ("prepared", item.nct_id, row, item.locations)


def test_parallel_preparation_matches_serial_in_order_with_rejections():
    files = study_files()[: CHUNK_SIZE * 3 + 5]
    raws = list(iter_raw_files(files))
    raws.insert(10, RawFile("broken.json", b"{", None))
    raws.insert(100, RawFile("missing.json", None, "cannot read file (No such file or directory)"))
    serial = [_comparable(p) for p in prepared_stream(raws, workers=0)]
    parallel = [_comparable(p) for p in prepared_stream(raws, workers=2)]
    assert parallel == serial
    assert [s[0] for s in serial].count("rejected") == 2
    assert serial[10][1:] == ("broken.json", serial[10][2]) and "not valid JSON" in serial[10][2]
    assert serial[0][1] == files[0].stem


def test_parallel_ingest_stores_the_whole_corpus(store_engine):
    writer = StudyWriter(store_engine)
    for prepared in prepared_stream(iter_raw_files([STUDIES_DIR]), workers=1):
        writer.add_prepared(prepared)
    writer.flush()
    assert (writer.stats.inserted, writer.stats.rejected) == (len(study_files()), 0)
    assert all(isinstance(p, Prepared) for p in prepared_stream(iter_raw_files(study_files()[:3]), workers=1))
