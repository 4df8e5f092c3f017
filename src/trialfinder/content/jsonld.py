"""schema.org MedicalStudy JSON-LD for a trial page (a dict; the web layer serialises it).

When embedding in a <script> tag, escape "</" (e.g. json.dumps(...).replace("</", "<\\/")).
"""

from __future__ import annotations

from typing import Any

from trialfinder.ctgov.record import Study

from trialfinder.ctgov.markup import plain

from ._text import excerpt, registry_text

# schema.org MedicalStudyStatus members for the registry statuses that have one.
SCHEMA_STATUS = {
    "RECRUITING": "https://schema.org/Recruiting",
    "NOT_YET_RECRUITING": "https://schema.org/NotYetRecruiting",
    "ENROLLING_BY_INVITATION": "https://schema.org/EnrollingByInvitation",
    "ACTIVE_NOT_RECRUITING": "https://schema.org/ActiveNotRecruiting",
    "SUSPENDED": "https://schema.org/Suspended",
    "TERMINATED": "https://schema.org/Terminated",
    "COMPLETED": "https://schema.org/Completed",
    "WITHDRAWN": "https://schema.org/Withdrawn",
}


def jsonld(study: Study) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalStudy",
        "name": plain(study.brief_title) or study.nct_id,
        "identifier": study.nct_id,
        "url": study.official_url,
        "sameAs": study.official_url,
    }
    alternate = [t for t in (study.official_title, study.acronym) if t and t != study.brief_title]
    if alternate:
        data["alternateName"] = alternate if len(alternate) > 1 else alternate[0]
    summary = registry_text(study.brief_summary)
    if summary:
        data["description"] = excerpt(summary, 500)[0]
    conditions = [plain(c) for c in study.conditions if plain(c)]
    if conditions:
        data["healthCondition"] = [{"@type": "MedicalCondition", "name": c} for c in conditions]
    if study.lead_sponsor:
        data["sponsor"] = {"@type": "Organization", "name": plain(study.lead_sponsor)}
    if study.has_results:
        data["status"] = "https://schema.org/ResultsAvailable"
    elif study.overall_status in SCHEMA_STATUS:
        data["status"] = SCHEMA_STATUS[study.overall_status]
    places = []
    for location in study.locations:
        name = ", ".join(p for p in (location.facility, location.place) if p)
        if not name:
            continue
        place: dict[str, Any] = {"@type": "AdministrativeArea", "name": name}
        places.append(place)
        if len(places) >= 50:
            break
    if places:
        data["studyLocation"] = places
    return data
