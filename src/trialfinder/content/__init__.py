"""Derived explanatory text for a trial page, generated from :class:`trialfinder.ctgov.record.Study`.

Every function returns plain text (or small frozen dataclasses / lists of
paragraphs), never HTML: the web layer renders and escapes. Facts come only
from the record model; wording is ours.

Modules (each one job):

- ``freshness``:   ``is_status_stale(study, today) -> bool``, ``stale_reason(study, today) -> str | None``,
                   ``status_staleness(study, today) -> Staleness``, ``snapshot_sentence(study, today) -> str``
- ``ages``:        ``age_range_phrase(minimum, maximum)`` (max ≥ 99 years = no upper limit),
                   ``includes_children(study)``, ``children_only(study)``
- ``overview``:    ``overview_paragraph(study, today=None) -> str``
- ``phase``:       ``phase_explainer(study) -> list[str]``
- ``status``:      ``status_explainer(study, today) -> list[str]``, ``is_closed(study) -> bool``
- ``enrollment``:  ``enrollment_explainer(study) -> list[str]``
- ``regulators``:  ``sources_for(study) -> list[Source]``, ``regulator_sentences(study) -> list[str]``,
                   ``regulator_summary(study) -> RegulatorSummary``, ``eu_register(study) -> Source | None``
                   (table in ``regulator_data``)
- ``faq``:         ``faq(study, today=None) -> list[tuple[str, str]]``, ``contact_details(contact) -> ContactDetails``,
                   ``contact_line(contact) -> str | None``
- ``doctor``:      ``doctor_guide(study, today=None) -> DoctorGuide``, ``general_questions() -> list[QuestionGroup]``
- ``methodology``: ``methodology_sections(site_name, sync_note) -> list[tuple[str, list[str]]]``,
                   ``how_this_page_is_built(study) -> list[str]``
- ``citation``:    ``citation(study, site_name, accessed) -> str``, ``disclaimer() -> str``
- ``jsonld``:      ``jsonld(study) -> dict`` (schema.org MedicalStudy)

``CONTENT_VERSION`` changes whenever generated wording changes, so stored derived
text can be re-derived. Functions that take ``today`` default to the current date when it is
omitted; pass the page's date so every section agrees.
"""

CONTENT_VERSION = "2"
