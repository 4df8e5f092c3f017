"""Typed, read-only view of one ClinicalTrials.gov API v2 study.

This is the only module that knows the registry's JSON paths. Everything
else (store, content, eligibility, web) asks a :class:`Study` for facts.
Absent fields give ``None`` or empty tuples, never a ``KeyError``: older v2
records and hand-built ones leave out many modules.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from collections.abc import Mapping
from typing import Any, Iterable, NamedTuple

NCT_ID_PATTERN = re.compile(r"^NCT\d{8}$")


class InvalidStudy(ValueError):
    """A JSON document that is not a usable study record; the message says why."""


# --- enum labels (values from the API's enums) -----------------------------

STATUS_LABELS = {
    "RECRUITING": "Recruiting",
    "NOT_YET_RECRUITING": "Not yet recruiting",
    "ENROLLING_BY_INVITATION": "Enrolling by invitation",
    "ACTIVE_NOT_RECRUITING": "Active, not recruiting",
    "SUSPENDED": "Suspended",
    "TERMINATED": "Terminated",
    "COMPLETED": "Completed",
    "WITHDRAWN": "Withdrawn",
    "UNKNOWN": "Unknown status",
    "AVAILABLE": "Available (expanded access)",
    "NO_LONGER_AVAILABLE": "No longer available",
    "TEMPORARILY_NOT_AVAILABLE": "Temporarily not available",
    "APPROVED_FOR_MARKETING": "Approved for marketing",
    "WITHHELD": "Withheld",
}

PHASE_LABELS = {
    "NA": "Not applicable",
    "EARLY_PHASE1": "Early Phase 1",
    "PHASE1": "Phase 1",
    "PHASE2": "Phase 2",
    "PHASE3": "Phase 3",
    "PHASE4": "Phase 4",
}

STUDY_TYPE_LABELS = {
    "INTERVENTIONAL": "Interventional",
    "OBSERVATIONAL": "Observational",
    "EXPANDED_ACCESS": "Expanded access",
}

SEX_LABELS = {"ALL": "All sexes", "FEMALE": "Female", "MALE": "Male"}

INTERVENTION_TYPE_LABELS = {
    "BEHAVIORAL": "Behavioral",
    "BIOLOGICAL": "Biological",
    "COMBINATION_PRODUCT": "Combination product",
    "DEVICE": "Device",
    "DIAGNOSTIC_TEST": "Diagnostic test",
    "DIETARY_SUPPLEMENT": "Dietary supplement",
    "DRUG": "Drug",
    "GENETIC": "Genetic",
    "PROCEDURE": "Procedure",
    "RADIATION": "Radiation",
    "OTHER": "Other",
}

ARM_TYPE_LABELS = {
    "EXPERIMENTAL": "Experimental",
    "ACTIVE_COMPARATOR": "Active comparator",
    "PLACEBO_COMPARATOR": "Placebo comparator",
    "SHAM_COMPARATOR": "Sham comparator",
    "NO_INTERVENTION": "No intervention",
    "OTHER": "Other",
}

SPONSOR_CLASS_LABELS = {
    "NIH": "U.S. National Institutes of Health",
    "FED": "U.S. federal agency",
    "OTHER_GOV": "Government (non-U.S. federal)",
    "INDIV": "Individual",
    "INDUSTRY": "Industry",
    "NETWORK": "Research network",
    "AMBIG": "Unclear",
    "OTHER": "Other (university, hospital or foundation)",
    "UNKNOWN": "Unknown",
}

STANDARD_AGE_LABELS = {"CHILD": "Child", "ADULT": "Adult", "OLDER_ADULT": "Older adult"}

_AGE_UNITS_IN_YEARS = {
    "year": 1.0,
    "month": 1 / 12,
    "week": 7 / 365.25,
    "day": 1 / 365.25,
    "hour": 1 / (365.25 * 24),
    "minute": 1 / (365.25 * 24 * 60),
}


def _get(node: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _text(value: Any) -> str | None:
    if value is None:
        return None
    value = (value if value.__class__ is str else str(value)).strip()
    return value or None


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(s for s in (_text(v) for v in _list(value)) if s)


def parse_partial_date(value: str | None) -> dt.date | None:
    """Registry dates are 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; partial ones take the first day."""
    if not value:
        return None
    parts = value.strip().split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


@dataclass(frozen=True)
class Age:
    """An eligibility age limit as the registry states it ('18 Years')."""

    text: str
    value: float
    unit: str

    @property
    def years(self) -> float:
        return self.value * _AGE_UNITS_IN_YEARS.get(self.unit, 1.0)

    @classmethod
    def parse(cls, text: str | None) -> "Age | None":
        text = _text(text)
        if not text:
            return None
        match = re.match(r"^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)", text)
        if not match:
            return None
        unit = match.group(2).lower().rstrip("s")
        if unit not in _AGE_UNITS_IN_YEARS:
            return None
        return cls(text=text, value=float(match.group(1)), unit=unit)

    def plain(self) -> str:
        number = int(self.value) if self.value == int(self.value) else self.value
        unit = self.unit if number == 1 else self.unit + "s"
        return f"{number} {unit}"


@dataclass(frozen=True)
class DateFact:
    text: str
    date: dt.date | None
    is_estimate: bool


class GeoPoint(NamedTuple):
    lat: float
    lon: float


class Location(NamedTuple):
    """A named tuple, not a dataclass: large trials list thousands of sites, and this is built per site."""

    facility: str | None
    city: str | None
    state: str | None
    zip: str | None
    country: str | None
    status: str | None
    geo: GeoPoint | None

    @property
    def status_label(self) -> str | None:
        return STATUS_LABELS.get(self.status, self.status) if self.status else None

    @property
    def place(self) -> str:
        return ", ".join(p for p in (self.city, self.state, self.country) if p)


@dataclass(frozen=True)
class Intervention:
    type: str | None
    name: str
    description: str | None
    other_names: tuple[str, ...]
    arm_labels: tuple[str, ...]

    @property
    def type_label(self) -> str:
        return INTERVENTION_TYPE_LABELS.get(self.type or "OTHER", self.type or "Other")


@dataclass(frozen=True)
class Arm:
    label: str
    type: str | None
    description: str | None
    intervention_names: tuple[str, ...]

    @property
    def type_label(self) -> str | None:
        return ARM_TYPE_LABELS.get(self.type, self.type) if self.type else None


@dataclass(frozen=True)
class Contact:
    name: str | None
    role: str | None
    phone: str | None
    email: str | None
    phone_ext: str | None = None


@dataclass(frozen=True)
class Outcome:
    kind: str  # primary, secondary, other
    measure: str
    description: str | None
    time_frame: str | None


@dataclass(frozen=True)
class MeshTerm:
    id: str | None
    term: str


class Study:
    """One study record. Cheap to build; accessors are computed on first use."""


    def __init__(self, raw: Mapping[str, Any]):
        if not isinstance(raw, Mapping):
            raise InvalidStudy("not a JSON object")
        protocol = raw.get("protocolSection")
        if not isinstance(protocol, Mapping):
            raise InvalidStudy("no protocolSection: not a ClinicalTrials.gov API v2 study")
        nct_id = _get(protocol, "identificationModule", "nctId")
        if not isinstance(nct_id, str) or not NCT_ID_PATTERN.match(nct_id.strip()):
            raise InvalidStudy(f"protocolSection.identificationModule.nctId is missing or malformed ({nct_id!r})")
        self.raw = raw
        self._nct_id = nct_id.strip()

    # -- sections -----------------------------------------------------------
    @property
    def _protocol(self) -> Mapping:
        return self.raw["protocolSection"]

    def _module(self, name: str) -> Mapping:
        module = self._protocol.get(name)
        return module if isinstance(module, dict) else {}

    def _derived(self, name: str) -> Mapping:
        module = _get(self.raw, "derivedSection", name)
        return module if isinstance(module, dict) else {}

    # -- identification -------------------------------------------------------
    @property
    def nct_id(self) -> str:
        return self._nct_id

    @property
    def brief_title(self) -> str:
        return _text(self._module("identificationModule").get("briefTitle")) or self.nct_id

    @property
    def official_title(self) -> str | None:
        return _text(self._module("identificationModule").get("officialTitle"))

    @property
    def acronym(self) -> str | None:
        return _text(self._module("identificationModule").get("acronym"))

    @property
    def org_study_id(self) -> str | None:
        return _text(_get(self._module("identificationModule"), "orgStudyIdInfo", "id"))

    @property
    def organization(self) -> str | None:
        return _text(_get(self._module("identificationModule"), "organization", "fullName"))

    @property
    def official_url(self) -> str:
        return f"https://clinicaltrials.gov/study/{self.nct_id}"

    # -- status ---------------------------------------------------------------
    @property
    def overall_status(self) -> str:
        return _text(self._module("statusModule").get("overallStatus")) or "UNKNOWN"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.overall_status, self.overall_status.replace("_", " ").capitalize())

    @property
    def last_known_status(self) -> str | None:
        return _text(self._module("statusModule").get("lastKnownStatus"))

    @property
    def why_stopped(self) -> str | None:
        return _text(self._module("statusModule").get("whyStopped"))

    @property
    def status_verified_date(self) -> DateFact | None:
        text = _text(self._module("statusModule").get("statusVerifiedDate"))
        return DateFact(text, parse_partial_date(text), False) if text else None

    def _date_struct(self, key: str) -> DateFact | None:
        struct = self._module("statusModule").get(key)
        text = _text(_get(struct, "date"))
        if not text:
            return None
        return DateFact(text, parse_partial_date(text), _get(struct, "type") == "ESTIMATED")

    @property
    def start_date(self) -> DateFact | None:
        return self._date_struct("startDateStruct")

    @property
    def primary_completion_date(self) -> DateFact | None:
        return self._date_struct("primaryCompletionDateStruct")

    @property
    def completion_date(self) -> DateFact | None:
        return self._date_struct("completionDateStruct")

    @property
    def first_posted(self) -> DateFact | None:
        return self._date_struct("studyFirstPostDateStruct")

    @property
    def last_update_posted(self) -> DateFact | None:
        return self._date_struct("lastUpdatePostDateStruct")

    @property
    def results_first_posted(self) -> DateFact | None:
        return self._date_struct("resultsFirstPostDateStruct")

    @property
    def has_results(self) -> bool:
        return bool(self.raw.get("hasResults"))

    @property
    def version_holder(self) -> str | None:
        """The date of the registry snapshot this record came from."""
        return _text(_get(self.raw, "derivedSection", "miscInfoModule", "versionHolder"))

    # -- sponsor ----------------------------------------------------------------
    @property
    def lead_sponsor(self) -> str | None:
        return _text(_get(self._module("sponsorCollaboratorsModule"), "leadSponsor", "name")) or self.organization

    @property
    def lead_sponsor_class(self) -> str | None:
        return _text(_get(self._module("sponsorCollaboratorsModule"), "leadSponsor", "class")) or _text(
            _get(self._module("identificationModule"), "organization", "class")
        )

    @property
    def sponsor_class_label(self) -> str | None:
        cls = self.lead_sponsor_class
        return SPONSOR_CLASS_LABELS.get(cls, cls) if cls else None

    @property
    def collaborators(self) -> tuple[str, ...]:
        return tuple(
            n for n in (_text(_get(c, "name")) for c in _list(self._module("sponsorCollaboratorsModule").get("collaborators"))) if n
        )

    # -- description ------------------------------------------------------------
    @property
    def brief_summary(self) -> str | None:
        return _text(self._module("descriptionModule").get("briefSummary"))

    @property
    def detailed_description(self) -> str | None:
        return _text(self._module("descriptionModule").get("detailedDescription"))

    # -- conditions -----------------------------------------------------------------
    @property
    def conditions(self) -> tuple[str, ...]:
        return _strings(self._module("conditionsModule").get("conditions"))

    @property
    def keywords(self) -> tuple[str, ...]:
        return _strings(self._module("conditionsModule").get("keywords"))

    def _mesh(self, module: str, key: str) -> tuple[MeshTerm, ...]:
        terms = []
        for item in _list(self._derived(module).get(key)):
            if item.__class__ is not dict:
                continue
            term = _text(item.get("term"))
            if term:
                terms.append(MeshTerm(_text(item.get("id")), term))
        return tuple(terms)

    @property
    def condition_meshes(self) -> tuple[MeshTerm, ...]:
        return self._mesh("conditionBrowseModule", "meshes")

    @property
    def condition_mesh_ancestors(self) -> tuple[MeshTerm, ...]:
        return self._mesh("conditionBrowseModule", "ancestors")

    @property
    def intervention_meshes(self) -> tuple[MeshTerm, ...]:
        return self._mesh("interventionBrowseModule", "meshes")

    @property
    def intervention_mesh_ancestors(self) -> tuple[MeshTerm, ...]:
        return self._mesh("interventionBrowseModule", "ancestors")

    # -- design --------------------------------------------------------------------
    @property
    def study_type(self) -> str:
        return _text(self._module("designModule").get("studyType")) or "UNKNOWN"

    @property
    def study_type_label(self) -> str:
        return STUDY_TYPE_LABELS.get(self.study_type, self.study_type.replace("_", " ").capitalize())

    @property
    def phases(self) -> tuple[str, ...]:
        return _strings(self._module("designModule").get("phases"))

    @property
    def phase_label(self) -> str | None:
        """'Phase 1/2' for combined phases; None when the registry gives no phase."""
        phases = [p for p in self.phases if p != "NA"]
        if not phases:
            return "Not applicable" if "NA" in self.phases else None
        labels = [PHASE_LABELS.get(p, p) for p in phases]
        if len(labels) == 2 and all(l.startswith("Phase ") for l in labels):
            return f"Phase {labels[0][6:]}/{labels[1][6:]}"
        return " / ".join(labels)

    @property
    def enrollment_count(self) -> int | None:
        count = _get(self._module("designModule"), "enrollmentInfo", "count")
        return int(count) if isinstance(count, (int, float)) and not isinstance(count, bool) else None

    @property
    def enrollment_is_estimate(self) -> bool:
        return _get(self._module("designModule"), "enrollmentInfo", "type") == "ESTIMATED"

    @property
    def enrollment_type(self) -> str | None:
        return _text(_get(self._module("designModule"), "enrollmentInfo", "type"))

    @property
    def allocation(self) -> str | None:
        return _text(_get(self._module("designModule"), "designInfo", "allocation"))

    @property
    def masking(self) -> str | None:
        return _text(_get(self._module("designModule"), "designInfo", "maskingInfo", "masking"))

    @property
    def primary_purpose(self) -> str | None:
        return _text(_get(self._module("designModule"), "designInfo", "primaryPurpose"))

    @property
    def intervention_model(self) -> str | None:
        return _text(_get(self._module("designModule"), "designInfo", "interventionModel"))

    @property
    def observational_model(self) -> str | None:
        return _text(_get(self._module("designModule"), "designInfo", "observationalModel"))

    @property
    def time_perspective(self) -> str | None:
        return _text(_get(self._module("designModule"), "designInfo", "timePerspective"))

    # -- arms and interventions ---------------------------------------------------------
    @cached_property
    def interventions(self) -> tuple[Intervention, ...]:
        result = []
        for item in _list(self._module("armsInterventionsModule").get("interventions")):
            name = _text(_get(item, "name"))
            if not name:
                continue
            result.append(
                Intervention(
                    type=_text(_get(item, "type")),
                    name=name,
                    description=_text(_get(item, "description")),
                    other_names=_strings(_get(item, "otherNames")),
                    arm_labels=_strings(_get(item, "armGroupLabels")),
                )
            )
        return tuple(result)

    @cached_property
    def arms(self) -> tuple[Arm, ...]:
        result = []
        for item in _list(self._module("armsInterventionsModule").get("armGroups")):
            label = _text(_get(item, "label"))
            if not label:
                continue
            result.append(
                Arm(
                    label=label,
                    type=_text(_get(item, "type")),
                    description=_text(_get(item, "description")),
                    intervention_names=_strings(_get(item, "interventionNames")),
                )
            )
        return tuple(result)

    # -- outcomes ---------------------------------------------------------------------
    @cached_property
    def outcomes(self) -> tuple[Outcome, ...]:
        module = self._module("outcomesModule")
        result = []
        for kind, key in (("primary", "primaryOutcomes"), ("secondary", "secondaryOutcomes"), ("other", "otherOutcomes")):
            for item in _list(module.get(key)):
                measure = _text(_get(item, "measure"))
                if measure:
                    result.append(Outcome(kind, measure, _text(_get(item, "description")), _text(_get(item, "timeFrame"))))
        return tuple(result)

    # -- eligibility --------------------------------------------------------------------
    @property
    def eligibility_criteria(self) -> str | None:
        return _text(self._module("eligibilityModule").get("eligibilityCriteria"))

    @property
    def minimum_age(self) -> Age | None:
        return Age.parse(self._module("eligibilityModule").get("minimumAge"))

    @property
    def maximum_age(self) -> Age | None:
        return Age.parse(self._module("eligibilityModule").get("maximumAge"))

    @property
    def sex(self) -> str | None:
        """ALL, FEMALE or MALE; None when the record does not say (never guessed)."""
        return _text(self._module("eligibilityModule").get("sex"))

    @property
    def sex_label(self) -> str:
        sex = self.sex
        return SEX_LABELS.get(sex, sex) if sex else "Not given"

    @property
    def gender_based(self) -> bool:
        return bool(self._module("eligibilityModule").get("genderBased"))

    @property
    def gender_description(self) -> str | None:
        return _text(self._module("eligibilityModule").get("genderDescription"))

    @property
    def healthy_volunteers(self) -> bool | None:
        value = self._module("eligibilityModule").get("healthyVolunteers")
        return value if isinstance(value, bool) else None

    @property
    def standard_ages(self) -> tuple[str, ...]:
        return _strings(self._module("eligibilityModule").get("stdAges"))

    @property
    def study_population(self) -> str | None:
        return _text(self._module("eligibilityModule").get("studyPopulation"))

    # -- contacts and locations ----------------------------------------------------------
    @cached_property
    def locations(self) -> tuple[Location, ...]:
        module = self._module("contactsLocationsModule")
        items = _list(module.get("locations")) or _list(module.get("locations_nested"))
        result = []
        number = (int, float)
        for item in items:
            if item.__class__ is not dict:
                continue
            get = item.get
            point = get("geoPoint")
            geo = None
            if point.__class__ is dict:
                lat, lon = point.get("lat"), point.get("lon")
                if isinstance(lat, number) and isinstance(lon, number) and not isinstance(lat, bool) and not isinstance(lon, bool):
                    geo = GeoPoint(float(lat), float(lon))
            result.append(
                Location(
                    _text(get("facility")),
                    _text(get("city")),
                    _text(get("state")),
                    _text(get("zip")),
                    _text(get("country")),
                    _text(get("status")),
                    geo,
                )
            )
        return tuple(result)

    @property
    def countries(self) -> tuple[str, ...]:
        """Distinct site countries, in first-seen order."""
        seen: dict[str, None] = {}
        for location in self.locations:
            if location.country:
                seen.setdefault(location.country, None)
        return tuple(seen)

    @property
    def central_contacts(self) -> tuple[Contact, ...]:
        return tuple(
            Contact(
                _text(_get(c, "name")),
                _text(_get(c, "role")),
                _text(_get(c, "phone")),
                _text(_get(c, "email")),
                _text(_get(c, "phoneExt")),
            )
            for c in _list(self._module("contactsLocationsModule").get("centralContacts"))
        )

    @property
    def overall_officials(self) -> tuple[Contact, ...]:
        return tuple(
            Contact(_text(_get(c, "name")), _text(_get(c, "role")), None, None)
            for c in _list(self._module("contactsLocationsModule").get("overallOfficials"))
        )

    # -- oversight and references ---------------------------------------------------------
    @property
    def is_fda_regulated_drug(self) -> bool | None:
        value = self._module("oversightModule").get("isFdaRegulatedDrug")
        return value if isinstance(value, bool) else None

    @property
    def is_fda_regulated_device(self) -> bool | None:
        value = self._module("oversightModule").get("isFdaRegulatedDevice")
        return value if isinstance(value, bool) else None

    @property
    def is_fda_regulated(self) -> bool:
        return bool(self.is_fda_regulated_drug or self.is_fda_regulated_device)

    @property
    def has_data_monitoring_committee(self) -> bool | None:
        value = self._module("oversightModule").get("oversightHasDmc")
        return value if isinstance(value, bool) else None

    @property
    def reference_pmids(self) -> tuple[str, ...]:
        return tuple(
            p for p in (_text(_get(r, "pmid")) for r in _list(self._module("referencesModule").get("references"))) if p
        )

    @property
    def secondary_ids(self) -> tuple[str, ...]:
        return tuple(
            i for i in (_text(_get(s, "id")) for s in _list(self._module("identificationModule").get("secondaryIdInfos"))) if i
        )


def load_study(raw: Any) -> Study:
    """Validate a parsed JSON document as a study; raises InvalidStudy with the reason."""
    return Study(raw)


def iter_texts(study: Study) -> Iterable[str]:
    """All free text a reader might search for, for full-text indexing."""
    yield study.brief_title
    for value in (study.official_title, study.acronym, study.brief_summary, study.lead_sponsor):
        if value:
            yield value
    yield from study.conditions
    yield from study.keywords
    for intervention in study.interventions:
        yield intervention.name
        yield from intervention.other_names
