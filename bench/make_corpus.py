"""Make N schema-valid study records by recombining parts of the real records, streamed to a zip or folder.

Each synthetic study takes its identity, design and eligibility from one real record, its
conditions (with the matching MeSH browse module) from another, and its sites from a third,
with fresh NCT ids (NCT9xxxxxxx, never a real one), shifted dates and jittered site points.
Only the pool of real records is held in memory, so memory does not grow with N.

    python bench/make_corpus.py 600000 /tmp/corpus.zip
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import random
import sys
import zipfile
from pathlib import Path

import orjson

DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "shared" / "data" / "ctgov" / "studies"
STATUSES = ["RECRUITING"] * 25 + ["NOT_YET_RECRUITING"] * 5 + ["COMPLETED"] * 45 + ["ACTIVE_NOT_RECRUITING"] * 8 + [
    "TERMINATED"] * 6 + ["UNKNOWN"] * 8 + ["WITHDRAWN"] * 3
FIRST_ID = 90_000_000


def load_pool(source: Path) -> list[dict]:
    pool = []
    for path in sorted(source.glob("NCT*.json")):
        record = orjson.loads(path.read_bytes())
        record.pop("resultsSection", None)  # synthetic studies have no posted results; keeps the corpus small
        record.pop("documentSection", None)
        record.pop("annotationSection", None)
        pool.append(record)
    if not pool:
        raise SystemExit(f"no NCT*.json records in {source}")
    return pool


def _date(rng: random.Random) -> str:
    return (dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(0, 4000))).isoformat()


def synthesize(pool: list[dict], number: int, rng: random.Random) -> dict:
    base, conditions_donor, sites_donor = rng.choice(pool), rng.choice(pool), rng.choice(pool)
    record = copy.deepcopy({k: v for k, v in base.items() if k != "derivedSection"})
    protocol = record["protocolSection"]
    nct_id = f"NCT{FIRST_ID + number:08d}"
    ident = protocol.setdefault("identificationModule", {})
    ident["nctId"] = nct_id
    ident["orgStudyIdInfo"] = {"id": f"SYN-{number}"}
    donor_conditions = conditions_donor["protocolSection"].get("conditionsModule")
    if donor_conditions:
        protocol["conditionsModule"] = copy.deepcopy(donor_conditions)
        conditions = donor_conditions.get("conditions") or []
        if conditions:
            ident["briefTitle"] = f"{ident.get('briefTitle', 'Study')[:150]} ({conditions[0]})"
    derived = copy.deepcopy(base.get("derivedSection") or {})
    if "conditionBrowseModule" in (conditions_donor.get("derivedSection") or {}):
        derived["conditionBrowseModule"] = copy.deepcopy(conditions_donor["derivedSection"]["conditionBrowseModule"])
    else:
        derived.pop("conditionBrowseModule", None)
    if derived:
        record["derivedSection"] = derived
    status = protocol.setdefault("statusModule", {})
    status["overallStatus"] = rng.choice(STATUSES)
    status["lastUpdatePostDateStruct"] = {"date": _date(rng), "type": "ACTUAL"}
    status["studyFirstPostDateStruct"] = {"date": _date(rng), "type": "ACTUAL"}
    locations = copy.deepcopy((sites_donor["protocolSection"].get("contactsLocationsModule") or {}).get("locations") or [])
    for location in locations:
        point = location.get("geoPoint")
        if isinstance(point, dict) and isinstance(point.get("lat"), (int, float)):
            point["lat"] = max(-90.0, min(90.0, point["lat"] + rng.uniform(-0.05, 0.05)))
            point["lon"] = max(-180.0, min(180.0, point["lon"] + rng.uniform(-0.05, 0.05)))
    protocol.setdefault("contactsLocationsModule", {})["locations"] = locations
    return record


def generate(n: int, target: Path, source: Path = DEFAULT_SOURCE, seed: int = 5) -> int:
    """Write n studies to `target` (a .zip file, or a folder); returns bytes written."""
    rng = random.Random(seed)
    pool = load_pool(source)
    if target.suffix == ".zip":
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for number in range(n):
                record = synthesize(pool, number, rng)
                archive.writestr(f"{record['protocolSection']['identificationModule']['nctId']}.json", orjson.dumps(record))
        return target.stat().st_size
    target.mkdir(parents=True, exist_ok=True)
    total = 0
    for number in range(n):
        record = synthesize(pool, number, rng)
        data = orjson.dumps(record)
        (target / f"{record['protocolSection']['identificationModule']['nctId']}.json").write_bytes(data)
        total += len(data)
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="how many studies")
    parser.add_argument("target", type=Path, help="a .zip file or a folder")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of real NCT*.json records")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    if not 1 <= args.n <= 9_999_999:
        sys.exit("n must be between 1 and 9,999,999")
    size = generate(args.n, args.target, args.source, args.seed)
    print(f"wrote {args.n} studies to {args.target} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
