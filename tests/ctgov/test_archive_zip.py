"""The bulk-download zip read as a stream: every JSON member byte-exact, damage reported, never raised."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.conftest import study_files
from trialfinder.ctgov import archive
from trialfinder.ctgov.archive import iter_documents, iter_raw_files


def _write_zip(target: Path, files: list[Path]) -> None:
    """Deflated and stored members, a folder entry, a non-JSON member and a zip64 member, as real tools write them."""
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr(zipfile.ZipInfo("ctg-studies/"), b"")
        zf.writestr("ctg-studies/README.txt", b"not a study")
        for position, path in enumerate(files):
            name = f"ctg-studies/{path.name}"
            if position == 1:
                with zf.open(zipfile.ZipInfo(name), "w", force_zip64=True) as member:
                    member.write(path.read_bytes())
            else:
                kind = zipfile.ZIP_STORED if position % 2 else zipfile.ZIP_DEFLATED
                zf.write(path, name, compress_type=kind)


def test_every_json_member_comes_out_byte_exact_in_stored_order(tmp_path):
    files = study_files()[:6]
    target = tmp_path / "ctg-studies.json.zip"
    _write_zip(target, files)
    raws = list(iter_raw_files([target]))
    assert [r.source for r in raws] == [f"{target}!ctg-studies/{p.name}" for p in files]
    assert [r.data for r in raws] == [p.read_bytes() for p in files]
    assert all(r.error is None for r in raws)


def test_a_truncated_download_gives_the_whole_members_before_the_cut_and_one_clear_rejection(tmp_path):
    files = study_files()[:6]
    whole = tmp_path / "whole.zip"
    _write_zip(whole, files)
    data = whole.read_bytes()
    with zipfile.ZipFile(whole) as zf:
        fourth = zf.getinfo(f"ctg-studies/{files[3].name}")
    cut = tmp_path / "ctg-studies.json.zip"
    cut.write_bytes(data[: fourth.header_offset + 100])  # inside the fourth study
    documents = list(iter_documents([cut]))
    assert [d.study.nct_id for d in documents if d.ok] == [p.stem for p in files[:3]]
    rejected = [d for d in documents if not d.ok]
    assert len(rejected) == 1 and rejected[0].source == str(cut)
    assert "zip file is damaged after 5 whole members, the rest was not read" in rejected[0].error


def test_a_truncated_download_without_the_zip_suffix_is_still_read_as_a_zip(tmp_path):
    files = study_files()[:3]
    whole = tmp_path / "whole.zip"
    _write_zip(whole, files)
    cut = tmp_path / "download.part"
    cut.write_bytes(whole.read_bytes()[:-200])  # the central directory is gone
    ok = [d.study.nct_id for d in iter_documents([cut]) if d.ok]
    assert ok == [p.stem for p in files]


def test_an_oversized_member_is_rejected_by_name_and_the_next_one_is_read(tmp_path, monkeypatch):
    files = study_files()[:3]
    sizes = [p.stat().st_size for p in files]
    target = tmp_path / "ctg-studies.zip"
    _write_zip(target, files)
    monkeypatch.setattr(archive, "MAX_DOCUMENT_BYTES", sizes[0] - 1)
    raws = list(iter_raw_files([target]))
    too_big = [r for r in raws if r.error]
    assert [r.source.rsplit("/", 1)[1] for r in too_big] == [p.name for p, size in zip(files, sizes) if size > sizes[0] - 1]
    assert "larger than the" in too_big[0].error
    assert [r.data for r in raws if not r.error] == [p.read_bytes() for p, size in zip(files, sizes) if size <= sizes[0] - 1]


def test_a_file_that_is_not_a_zip_at_all_is_one_rejection(tmp_path):
    bogus = tmp_path / "studies.zip"
    bogus.write_bytes(b"this is not a zip file at all")
    raws = list(iter_raw_files([bogus]))
    assert len(raws) == 1 and raws[0].data is None and raws[0].source == str(bogus)
    assert "damaged at its start" in raws[0].error
