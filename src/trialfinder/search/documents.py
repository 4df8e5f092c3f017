"""What the search index holds for one study: weighted texts, site points, browse labels, a one-line summary.

Built from the record model only, so a full rebuild from `studies.raw` gives the same index as
incremental updates.
"""

from __future__ import annotations

from dataclasses import dataclass

from trialfinder.content.ages import age_range_phrase
from trialfinder.store.derive import filter_columns
from trialfinder.ctgov.record import Study
from trialfinder.search.gazetteer import country_code, find_city
from trialfinder.search.text import key, slugify

MAX_BODY_CHARS = 2000


@dataclass(frozen=True)
class SiteEntry:
    position: int
    lat: float
    lon: float
    source: str  # 'registry' (the record's geoPoint) or 'gazetteer' (city looked up offline)
    city_key: str | None
    zip_key: str | None
    country: str | None


@dataclass(frozen=True)
class SearchDocument:
    nct_num: int
    nct_id: str
    conditions: str
    title: str
    terms: str
    body: str
    intervention_types: str
    summary: str
    sites: tuple[SiteEntry, ...]
    filters: dict  # copies of the studies columns filters and cards use (see ddl.py)
    labels: tuple[tuple[str, str, str], ...]  # (kind, slug, label)


def nct_number(nct_id: str) -> int:
    return int(nct_id[3:])


def zip_key(value: str | None) -> str | None:
    if not value:
        return None
    compact = "".join(c for c in value.upper() if c.isalnum())
    if len(compact) == 9 and compact.isdigit():  # U.S. ZIP+4
        compact = compact[:5]
    return compact or None


def _join(values) -> str:
    return " ; ".join(v for v in values if v)


def _age_text(study: Study) -> str | None:
    phrase = age_range_phrase(study.minimum_age, study.maximum_age)
    return f"ages {phrase}" if phrase else None


def summary_line(study: Study) -> str:
    """'Phase 2 study of Drug X for COPD · ages 40 years to 75 years · 1 site in Indonesia'."""
    kind = study.phase_label if study.study_type == "INTERVENTIONAL" and study.phase_label not in (None, "Not applicable") else None
    noun = {"OBSERVATIONAL": "Observational study", "EXPANDED_ACCESS": "Expanded access program"}.get(study.study_type, "Study")
    head = f"{kind} study" if kind else noun
    names = [i.name for i in study.interventions[:2]]
    if names:
        head += " of " + " and ".join(names)
    if study.conditions:
        head += " for " + ", ".join(study.conditions[:2])
    parts = [head]
    ages = _age_text(study)
    if ages:
        parts.append(ages)
    if study.healthy_volunteers:
        parts.append("healthy volunteers welcome")
    sites, countries = len(study.locations), study.countries
    if sites:
        where = countries[0] if len(countries) == 1 else f"{len(countries)} countries"
        parts.append(f"{sites} site{'s' if sites != 1 else ''} in {where}")
    return " · ".join(parts)[:400]


def _sites(study: Study) -> tuple[SiteEntry, ...]:
    entries = []
    for position, loc in enumerate(study.locations):
        lat = lon = None
        source = "registry"
        if loc.geo is not None and -90 <= loc.geo.lat <= 90 and -180 <= loc.geo.lon <= 180:
            lat, lon = loc.geo.lat, loc.geo.lon
        elif loc.city:
            city = find_city(loc.city, country=country_code(loc.country))
            if city is not None:
                lat, lon, source = city.lat, city.lon, "gazetteer"
        if lat is None:
            continue
        entries.append(SiteEntry(position, lat, lon, source, key(loc.city) if loc.city else None, zip_key(loc.zip), loc.country))
    return tuple(entries)


def _labels(study: Study) -> tuple[tuple[str, str, str], ...]:
    labels: dict[tuple[str, str], str] = {}
    for name in list(study.conditions) + [m.term for m in study.condition_meshes]:
        if slugify(name):
            labels.setdefault(("condition", slugify(name)), name)
    if study.lead_sponsor and slugify(study.lead_sponsor):
        labels.setdefault(("sponsor", slugify(study.lead_sponsor)), study.lead_sponsor)
    for country in study.countries:
        if slugify(country):
            labels.setdefault(("country", slugify(country)), country)
    return tuple((kind, slug, label) for (kind, slug), label in labels.items())


def build_document(study: Study) -> SearchDocument:
    interventions = study.interventions
    title = _join([study.brief_title, study.official_title, study.acronym])
    conditions = _join(list(study.conditions) + [m.term for m in study.condition_meshes])
    terms = _join(
        list(study.keywords)
        + [m.term for m in study.condition_mesh_ancestors]
        + [i.name for i in interventions]
        + [n for i in interventions for n in i.other_names]
        + [m.term for m in study.intervention_meshes]
        + [m.term for m in study.intervention_mesh_ancestors]
    )
    body = _join([(study.brief_summary or "")[:MAX_BODY_CHARS], study.lead_sponsor])
    types = sorted({i.type for i in interventions if i.type})
    return SearchDocument(
        nct_num=nct_number(study.nct_id),
        nct_id=study.nct_id,
        conditions=conditions,
        title=title,
        terms=terms,
        body=body,
        intervention_types="|".join(types),
        summary=summary_line(study),
        sites=_sites(study),
        labels=_labels(study),
        filters=filter_columns(study),
    )
