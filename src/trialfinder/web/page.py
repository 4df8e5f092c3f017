"""A trial page as data: every section, JSON-ready.

The HTML page, the printable summary, the JSON view, `trialfinder show` and
the static export all render this one structure, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from trialfinder import __version__
from trialfinder.config import Settings
from trialfinder.content import citation as citation_text
from trialfinder.content.ages import age_range_phrase
from trialfinder.content import doctor, enrollment, faq, freshness, methodology, overview, phase, regulators, status
from trialfinder.ctgov import markup
from trialfinder.ctgov.record import Study
from trialfinder.eligibility import EXCLUSION_HEADING, INCLUSION_HEADING, OTHER_HEADING, explain_eligibility
from sqlalchemy.engine import Engine

from trialfinder.store.history import study_history
from trialfinder.store.queries import StoredStudy, get_study

SECTION_IDS = (
    "overview",
    "about",
    "phase",
    "status",
    "enrollment",
    "eligibility",
    "eligibility-original",
    "treatments",
    "locations",
    "doctor",
    "sources",
    "faq",
    "methodology",
    "citation",
    "disclaimer",
    "history",
    "updated",
)


def _date(fact) -> dict | None:
    if fact is None:
        return None
    return {"date": fact.text, "estimated": fact.is_estimate}


def _badges(study: Study, today: dt.date) -> list[dict]:
    staleness = freshness.status_staleness(study, today)
    status_badge = {"kind": "status", "code": study.overall_status, "label": study.status_label, "stale": staleness.stale}
    if staleness.stale:
        status_badge["label"] = f"{study.status_label} (may be out of date)"
        status_badge["note"] = staleness.explanation
    badges = [status_badge]
    if study.phase_label:
        label = "Phase: not applicable" if study.phase_label == "Not applicable" else study.phase_label
        badges.append({"kind": "phase", "code": "|".join(study.phases), "label": label})
    badges.append({"kind": "type", "code": study.study_type, "label": study.study_type_label})
    return badges


def _age_text(study: Study) -> str:
    return age_range_phrase(study.minimum_age, study.maximum_age) or "No age limits are listed"


def _sex_text(study: Study) -> str:
    text = {
        "ALL": "People of any sex can take part",
        "FEMALE": "Only female participants",
        "MALE": "Only male participants",
    }.get(study.sex, "The record does not say")
    if study.gender_based:
        text += " (eligibility is based on gender identity)"
    return text


def _healthy_text(study: Study) -> str:
    if study.healthy_volunteers is True:
        return "Yes: people without the condition may also be able to join"
    if study.healthy_volunteers is False:
        return "No: this study is for people who have the condition being studied"
    return "The record does not say"


@lru_cache(maxsize=512)
def _eligibility_for(criteria: str | None):
    return explain_eligibility(criteria)


def _eligibility_section(study: Study) -> dict:
    explanation = _eligibility_for(study.eligibility_criteria)
    data = explanation.to_dict()
    data["headings"] = {"inclusion": INCLUSION_HEADING, "exclusion": EXCLUSION_HEADING, "other": OTHER_HEADING}
    data["facts"] = {
        "ages": _age_text(study),
        "minimum_age": study.minimum_age.text if study.minimum_age else None,
        "maximum_age": study.maximum_age.text if study.maximum_age else None,
        "sex": _sex_text(study),
        "sex_code": study.sex,
        "gender_description": markup.plain(study.gender_description) or None,
        "healthy_volunteers": _healthy_text(study),
        "healthy_volunteers_code": study.healthy_volunteers,
        "study_population": markup.plain(study.study_population) or None,
    }
    return data


def _treatments_section(study: Study) -> dict:
    return {
        "study_type": study.study_type,
        "interventions": [
            {
                "type": i.type,
                "type_label": i.type_label,
                "name": i.name,
                "other_names": list(i.other_names),
                "description": markup.plain(i.description) or None,
                "arms": list(i.arm_labels),
            }
            for i in study.interventions
        ],
        "arms": [
            {
                "label": a.label,
                "type": a.type,
                "type_label": a.type_label,
                "description": markup.plain(a.description) or None,
                "interventions": list(a.intervention_names),
            }
            for a in study.arms
        ],
    }


_OPEN_SITE_STATUSES = ("RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION", "AVAILABLE")


def _locations_section(study: Study) -> dict:
    sites = [
        {
            "facility": loc.facility,
            "city": loc.city,
            "state": loc.state,
            "zip": loc.zip,
            "country": loc.country,
            "place": loc.place,
            "status": loc.status,
            "status_label": loc.status_label,
            "lat": loc.geo.lat if loc.geo else None,
            "lon": loc.geo.lon if loc.geo else None,
        }
        for loc in study.locations
    ]
    groups: dict[str, list[dict]] = {}
    for site in sites:
        groups.setdefault(site["country"] or "Country not given", []).append(site)
    by_country = [
        {
            "country": country,
            "count": len(members),
            "open": sum(1 for m in members if m["status"] in _OPEN_SITE_STATUSES),
            # Sites taking people first; the registry's order within each kind.
            "sites": sorted(members, key=lambda m: m["status"] not in _OPEN_SITE_STATUSES),
        }
        for country, members in groups.items()
    ]
    by_country.sort(key=lambda g: (-g["open"], -g["count"], g["country"]))
    return {
        "count": len(sites),
        "open_count": sum(g["open"] for g in by_country),
        "statuses_given": any(site["status"] for site in sites),
        "countries": list(study.countries),
        "sites": sites,
        "by_country": by_country,
        "contacts": [
            {"name": c.name, "role": c.role, "phone": c.phone, "phone_ext": c.phone_ext, "email": c.email}
            for c in study.central_contacts
        ],
    }


def _history_section(changes) -> dict:
    entries = []
    for change in changes:
        entries.append(
            {
                "changed_at": change.changed_at,
                "previous_update_posted": change.previous_update_posted,
                "update_posted": change.update_posted,
                "fields": [
                    {
                        "field": f.field,
                        "label": f.label,
                        "before": f.before_text,
                        "after": f.after_text,
                    }
                    for f in change.fields
                ],
                "sites_added": [site.text for site in change.sites_added],
                "sites_removed": [site.text for site in change.sites_removed],
            }
        )
    return {"changes": entries}


def load_trial_page(engine: Engine, nct_id: str, settings: Settings, today: dt.date | None = None) -> dict | None:
    """The page for a stored study with its change history, or None when it is not stored."""
    stored = get_study(engine, nct_id)
    if stored is None:
        return None
    return build_trial_page(stored, settings, today, history=study_history(engine, stored.study.nct_id))


def build_trial_page(stored: StoredStudy, settings: Settings, today: dt.date | None = None, history=()) -> dict:
    study = stored.study
    today = today or dt.date.today()
    page_url = f"/trials/{study.nct_id}"
    guide = doctor.doctor_guide(study, today)
    sections = {
        "overview": {
            "badges": _badges(study, today),
            "title": study.brief_title,
            "official_title": study.official_title,
            "acronym": study.acronym,
            "paragraph": overview.overview_paragraph(study, today),
        },
        "about": {
            "summary": [b.to_dict() for b in markup.blocks(study.brief_summary)],
            "detailed_description": [b.to_dict() for b in markup.blocks(study.detailed_description)],
            "conditions": list(study.conditions),
            "keywords": list(study.keywords),
        },
        "phase": {"label": study.phase_label, "codes": list(study.phases), "paragraphs": phase.phase_explainer(study)},
        "status": {
            "code": study.overall_status,
            "label": study.status_label,
            "last_known_status": study.last_known_status,
            "why_stopped": markup.plain(study.why_stopped) or None,
            "status_verified": study.status_verified_date.text if study.status_verified_date else None,
            "start_date": _date(study.start_date),
            "primary_completion_date": _date(study.primary_completion_date),
            "completion_date": _date(study.completion_date),
            "paragraphs": status.status_explainer(study, today),
        },
        "enrollment": {
            "count": study.enrollment_count,
            "type": study.enrollment_type,
            "paragraphs": enrollment.enrollment_explainer(study),
        },
        "eligibility": _eligibility_section(study),
        "eligibility-original": {"text": markup.unescape(study.eligibility_criteria or "") or None},
        "treatments": _treatments_section(study),
        "locations": _locations_section(study),
        "doctor": {
            "paragraphs": list(guide.paragraphs),
            "questions": list(guide.questions),
            "print_url": f"{page_url}/print",
        },
        "sources": {
            "paragraphs": regulators.regulator_sentences(study),
            "links": [{"name": s.name, "url": s.url, "why": s.why} for s in regulators.sources_for(study)],
        },
        "faq": {"items": [{"question": q, "answer": a} for q, a in faq.faq(study, today)]},
        "methodology": {"paragraphs": methodology.how_this_page_is_built(study), "url": "/methodology"},
        "citation": {"text": citation_text.citation(study, settings.site_name, today)},
        "disclaimer": {"text": citation_text.disclaimer()},
        "history": _history_section(history),
        "updated": {
            "snapshot": freshness.snapshot_sentence(study, today),
            "last_update_posted": study.last_update_posted.text if study.last_update_posted else None,
            "first_posted": study.first_posted.text if study.first_posted else None,
            "registry_snapshot": study.version_holder,
            "last_synced_at": stored.last_seen_at.isoformat(timespec="seconds"),
            "content_changed_at": stored.content_changed_at.isoformat(timespec="seconds"),
        },
    }
    return {
        "nct_id": study.nct_id,
        "url": page_url,
        "official_url": study.official_url,
        "title": study.brief_title,
        "sponsor": study.lead_sponsor,
        "generator": f"trialfinder {__version__}",
        "sections": sections,
        "jsonld": _jsonld(study),
    }


def _jsonld(study: Study) -> dict:
    from trialfinder.content.jsonld import jsonld

    return jsonld(study)
