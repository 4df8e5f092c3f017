"""Turn what a person typed (form fields, query string, CLI flags) into a checked SearchRequest.

Anything we cannot use becomes a :class:`QueryError` with a message written for the person,
never an exception page. Free text is reduced to plain words here, so no full-text syntax
(quotes, *, NEAR(...), column filters) and no SQL can reach the database from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping

from trialfinder.ctgov.record import INTERVENTION_TYPE_LABELS, PHASE_LABELS, SEX_LABELS, SPONSOR_CLASS_LABELS, STATUS_LABELS, STUDY_TYPE_LABELS
from trialfinder.search.geo import KM_PER_MILE
from trialfinder.search.synonyms import find_synonyms
from trialfinder.search.text import STOPWORDS, words

MAX_QUERY_CHARS = 300
MAX_WORDS = 12
MAX_ALTERNATIVES = 12
MAX_RADIUS_KM = 20_000.0
DEFAULT_RADIUS_KM = 100.0
DEFAULT_STATUSES = ("RECRUITING", "NOT_YET_RECRUITING")
SORTS = ("relevance", "distance", "updated")
MAX_PER_PAGE = 100
MAX_PAGE = 1000
BROWSE_KINDS = ("condition", "sponsor", "country")


class QueryError(ValueError):
    """A search we cannot run; the message tells the person what to change."""


Phrase = tuple[str, ...]


@dataclass(frozen=True)
class TextQuery:
    """Plain words, as OR-ed alternatives of AND-ed phrases (the typed words, and lay-synonym rewrites)."""

    words: tuple[str, ...]
    alternatives: tuple[tuple[Phrase, ...], ...]
    synonyms_used: tuple[str, ...]


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    near: str = ""
    radius_km: float = DEFAULT_RADIUS_KM
    unit: str = "km"
    statuses: tuple[str, ...] = DEFAULT_STATUSES
    phases: tuple[str, ...] = ()
    study_types: tuple[str, ...] = ()
    sex: str | None = None
    age: float | None = None
    healthy_volunteers: bool | None = None
    countries: tuple[str, ...] = ()
    intervention_types: tuple[str, ...] = ()
    sponsor_classes: tuple[str, ...] = ()
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    browse: tuple[str, str] | None = None  # (kind, slug) for the browse pages
    text: TextQuery | None = None
    notes: tuple[str, ...] = field(default=())

    def query_params(self, **changes) -> list[tuple[str, str]]:
        """The request as query-string pairs (for paging and facet links)."""
        request = replace(self, **changes) if changes else self
        pairs: list[tuple[str, str]] = []
        if request.q:
            pairs.append(("q", request.q))
        if request.near:
            pairs += [("near", request.near), ("radius", f"{request.radius_display:g}"), ("unit", request.unit)]
        if request.statuses != DEFAULT_STATUSES:
            pairs += [("status", s) for s in request.statuses] or [("status", "any")]
        pairs += [("phase", p) for p in request.phases]
        pairs += [("type", t) for t in request.study_types]
        if request.sex:
            pairs.append(("sex", request.sex))
        if request.age is not None:
            pairs.append(("age", f"{request.age:g}"))
        if request.healthy_volunteers is not None:
            pairs.append(("healthy", "yes" if request.healthy_volunteers else "no"))
        pairs += [("country", c) for c in request.countries]
        pairs += [("intervention", i) for i in request.intervention_types]
        pairs += [("sponsor_class", c) for c in request.sponsor_classes]
        if request.sort != default_sort(request.near):
            pairs.append(("sort", request.sort))
        if request.page != 1:
            pairs.append(("page", str(request.page)))
        if request.per_page != 20:
            pairs.append(("per_page", str(request.per_page)))
        return pairs

    @property
    def radius_display(self) -> float:
        return round(self.radius_km / KM_PER_MILE, 3) if self.unit == "mi" else self.radius_km


def default_sort(near: str | None) -> str:
    return "distance" if near else "relevance"


def _clean(value: str | None) -> str:
    return "".join(c for c in (value or "") if c.isprintable()).strip()


def _choices(name: str, values: Iterable[str], allowed: Mapping[str, str]) -> tuple[str, ...]:
    chosen = []
    for value in values:
        for part in _clean(value).split(","):
            part = part.strip().upper().replace(" ", "_").replace("-", "_")
            if not part:
                continue
            if part not in allowed:
                raise QueryError(f"Unknown {name} “{part[:40]}”. Choose from: {', '.join(allowed)}.")
            if part not in chosen:
                chosen.append(part)
    return tuple(chosen)


def _number(name: str, value: str | None, low: float, high: float) -> float | None:
    value = _clean(value)
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise QueryError(f"{name} must be a number, not “{value[:40]}”.") from None
    if not (low <= number <= high):
        raise QueryError(f"{name} must be between {low:g} and {high:g}.")
    return number


def _radius(value: str | None, unit: str | None) -> tuple[float, str]:
    value, unit = _clean(value).lower(), (_clean(unit).lower() or "km")
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(km|kms|kilometers|kilometres|mi|mile|miles)?", value) if value else None
    if value and not match:
        raise QueryError(f"Distance must be a number of kilometres or miles, like 50 or 30mi, not “{value[:40]}”.")
    if match and match.group(2):
        unit = match.group(2)
    unit = "mi" if unit.startswith("mi") else "km" if unit.startswith("k") else None
    if unit is None:
        raise QueryError("Distance unit must be km or mi.")
    if not match:
        return DEFAULT_RADIUS_KM, unit
    number = float(match.group(1))
    km = number * KM_PER_MILE if unit == "mi" else number
    if not (0 < km <= MAX_RADIUS_KM):
        raise QueryError(f"Distance must be more than 0 and at most {MAX_RADIUS_KM:g} km.")
    return km, unit


def build_text_query(q: str) -> tuple[TextQuery | None, list[str]]:
    notes = []
    tokens = [w for w in words(q) if w not in STOPWORDS]
    if q and not tokens:
        notes.append("Your search had no words we could search for, so we show trials matching the filters only.")
        return None, notes
    if len(tokens) > MAX_WORDS:
        notes.append(f"We used the first {MAX_WORDS} words of your search.")
        tokens = tokens[:MAX_WORDS]
    if not tokens:
        return None, notes
    alternatives: list[tuple[Phrase, ...]] = [tuple((t,) for t in tokens)]
    used = []
    for start, end, names in find_synonyms(tokens):
        used.append(" ".join(tokens[start:end]))
        rest = tuple((t,) for i, t in enumerate(tokens) if not start <= i < end)
        for name in names:
            alternatives.append(rest + (name,))
    return TextQuery(tuple(tokens), tuple(_drop_implied(alternatives)[:MAX_ALTERNATIVES]), tuple(used)), notes


def _same_word(longer: str, shorter: str) -> bool:
    """Equal, or a plain plural that the full-text stemmers (Porter in SQLite, Snowball in PostgreSQL) both reduce
    to the singular's stem ('diseases' / 'disease'); anything less certain counts as different."""
    return longer == shorter or (
        longer == shorter + "s" and len(shorter) >= 3 and shorter[-1] not in "su" and any(c in "aeiouy" for c in shorter[:-1])
    )


def _contains(phrase: Phrase, part: Phrase) -> bool:
    """Whether `part` occurs as consecutive words of `phrase` (so a text with `phrase` also has `part`)."""
    n = len(part)
    return any(all(_same_word(phrase[i + k], part[k]) for k in range(n)) for i in range(len(phrase) - n + 1))


def _implies(alt: tuple[Phrase, ...], other: tuple[Phrase, ...]) -> bool:
    """Every text matching `alt` (all its phrases) also matches `other`: each phrase of `other` lies inside one of alt's."""
    return all(any(_contains(phrase, part) for phrase in alt) for part in other)


def _drop_implied(alternatives: list[tuple[Phrase, ...]]) -> list[tuple[Phrase, ...]]:
    """Alternatives that another alternative already covers add no matches, only work for the full-text engine:
    'diabetes mellitus' under 'diabetes', 'small cell lung cancer' under 'lung' AND 'cancer'. (The longer names
    still rank: their words are the shorter name's.)"""
    kept: list[tuple[Phrase, ...]] = []
    for i, alt in enumerate(alternatives):
        if alt in alternatives[:i]:
            continue
        if any(j != i and other != alt and _implies(alt, other) and not (_implies(other, alt) and j > i)
               for j, other in enumerate(alternatives)):
            continue
        kept.append(alt)
    return kept


def _split_near(q: str, near: str) -> tuple[str, str]:
    """'lung disease near Surabaya' -> ('lung disease', 'Surabaya') when no place was given separately."""
    if near:
        return q, near
    match = re.match(r"^(.*?)\s+near\s+(.+)$", q, flags=re.IGNORECASE)
    if match and match.group(2).strip():
        return match.group(1).strip(), match.group(2).strip()
    return q, near


def _yes_no(value: str | None) -> bool | None:
    value = _clean(value).lower()
    if not value or value in ("any", "either"):
        return None
    if value in ("yes", "true", "1", "on"):
        return True
    if value in ("no", "false", "0", "off"):
        return False
    raise QueryError("healthy must be yes or no.")


def parse_request(params: Mapping[str, str | list[str] | None], default_statuses: tuple[str, ...] = DEFAULT_STATUSES) -> SearchRequest:
    """Check and normalise parameters; `params` values may be strings or lists of strings."""

    def one(name: str) -> str:
        value = params.get(name)
        if isinstance(value, (list, tuple)):
            value = value[0] if value else None
        return _clean(value)

    def many(name: str) -> list[str]:
        value = params.get(name)
        if value is None:
            return []
        return [v for v in (value if isinstance(value, (list, tuple)) else [value]) if v is not None]

    raw_q = one("q")
    if len(raw_q) > MAX_QUERY_CHARS:
        raise QueryError(f"That search is too long ({len(raw_q)} characters). Please use at most {MAX_QUERY_CHARS}.")
    q, near = _split_near(raw_q, one("near"))
    if len(near) > 120:
        raise QueryError("That place is too long. Type a city, a postal code, or “latitude,longitude”.")
    radius_km, unit = _radius(one("radius"), one("unit"))

    status_values = many("status")
    if any(_clean(v).lower() in ("any", "all") for v in status_values):
        statuses: tuple[str, ...] = ()
    else:
        statuses = _choices("status", status_values, STATUS_LABELS) or default_statuses
    sex = _choices("sex", many("sex"), {k: v for k, v in SEX_LABELS.items() if k != "ALL"} | {"ALL": "All"})
    # Nearest first unless the user chose: patients want the trials they can reach (a country as the place has no
    # distances, so the search then orders by relevance).
    sort = one("sort").lower() or default_sort(near)
    if sort not in SORTS:
        raise QueryError(f"Sort must be one of: {', '.join(SORTS)}.")
    page = _number("page", one("page"), 1, MAX_PAGE)
    per_page = _number("per_page", one("per_page"), 1, MAX_PER_PAGE)
    text, notes = build_text_query(q)
    if sort == "distance" and not near:
        notes.append("Sorting by distance needs a place; we sorted by relevance instead.")
        sort = "relevance"
    return SearchRequest(
        q=q,
        near=near,
        radius_km=radius_km,
        unit=unit,
        statuses=statuses,
        phases=_choices("phase", many("phase"), PHASE_LABELS),
        study_types=_choices("study type", many("type"), STUDY_TYPE_LABELS),
        sex=None if not sex or sex[0] == "ALL" else sex[0],
        age=_number("age", one("age"), 0, 120),
        healthy_volunteers=_yes_no(one("healthy")),
        # "|" joins a trial's countries in the index, so it can never be part of one name (and "France|Germany" read as
        # one name matched trials listing the two side by side)
        countries=tuple(dict.fromkeys(c for c in (" ".join(_clean(v).replace("|", " ").split()) for v in many("country")) if c))[:20],
        intervention_types=_choices("intervention type", many("intervention"), INTERVENTION_TYPE_LABELS),
        sponsor_classes=_choices("sponsor class", many("sponsor_class"), SPONSOR_CLASS_LABELS),
        sort=sort,
        page=int(page or 1),
        per_page=int(per_page or 20),
        text=text,
        notes=tuple(notes),
    )
