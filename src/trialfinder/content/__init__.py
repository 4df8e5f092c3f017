"""Derived explanatory text for a trial page, generated from :class:`trialfinder.ctgov.record.Study`.

Every function returns plain text (or small frozen dataclasses / lists of
paragraphs), never HTML: the web layer renders and escapes. Facts come only
from the record model; wording is ours.

Modules (each one job):

- ``overview``:    ``overview_paragraph(study) -> str``
- ``phase``:       ``phase_explainer(study) -> list[str]``
- ``status``:      ``status_explainer(study, today) -> list[str]``
- ``enrollment``:  ``enrollment_explainer(study) -> list[str]``
- ``regulators``:  ``sources_for(study) -> list[Source]``, ``regulator_sentences(study) -> list[str]``,
                   ``regulator_summary(study) -> RegulatorSummary`` (table in ``regulator_data``)
- ``faq``:         ``faq(study) -> list[tuple[str, str]]``
- ``doctor``:      ``doctor_guide(study) -> DoctorGuide``, ``general_questions() -> list[QuestionGroup]``
- ``methodology``: ``methodology_sections(site_name, sync_note) -> list[tuple[str, list[str]]]``,
                   ``how_this_page_is_built(study) -> list[str]``
- ``citation``:    ``citation(study, site_name, accessed) -> str``, ``disclaimer() -> str``
- ``jsonld``:      ``jsonld(study) -> dict`` (schema.org MedicalStudy)

``CONTENT_VERSION`` changes whenever generated wording changes, so stored derived
text can be re-derived.
"""

CONTENT_VERSION = "1"
