"""Which regulators fit a trial's site countries, and the page's list of sources.

The country → agency table lives in :mod:`trialfinder.content.regulator_data`.
Nothing here names a regulator that does not fit the trial's own countries.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import dataclass

from trialfinder.ctgov.record import Study

from ._text import join_words, plural, sentence
from .regulator_data import (
    COUNTRY_ALIASES, DISPLAY_NAMES, EMA, EU_CTIS_URL, EU_CTR_URL, EU_EEA, FDA, REGULATORS, WHO_ICTRP_URL, Agency,
)

# Trials of medicines in the EU starting on or after this date are registered in CTIS
# (Clinical Trials Regulation 536/2014); earlier ones in the EU Clinical Trials Register (EudraCT).
CTIS_START = dt.date(2023, 1, 31)
_MEDICINE_TYPES = {"DRUG", "BIOLOGICAL", "GENETIC", "COMBINATION_PRODUCT"}

COUNTRY_CAP = 5  # countries whose regulators we name before saying "and N more countries"
PUBMED_CAP = 5


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    why: str


@dataclass(frozen=True)
class Regulator:
    short_name: str
    name: str
    url: str
    countries: tuple[str, ...]  # display names of the trial's countries it covers

    @property
    def label(self) -> str:
        """'the Indonesian Food and Drug Authority (BPOM)', 'Health Canada'."""
        if self.name == self.short_name:
            return self.name
        if self.short_name in self.name:
            return f"the {self.name}"
        return f"the {self.name} ({self.short_name})"

    @property
    def title(self) -> str:
        if self.short_name in self.name:
            return self.name
        return f"{self.name} ({self.short_name})"


@dataclass(frozen=True)
class RegulatorSummary:
    countries: tuple[str, ...]        # all site countries, display names, most sites first
    regulators: tuple[Regulator, ...]  # for the first COUNTRY_CAP countries (EMA last)
    unlisted: tuple[str, ...]          # shown countries we have no agency for
    more_countries: int                # countries beyond COUNTRY_CAP, not covered above


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def canonical_country(name: str) -> str:
    """The registry's usual spelling for a country name ('South Korea' → 'Korea, Republic of')."""
    stripped = " ".join(name.split())
    if stripped in REGULATORS:
        return stripped
    return COUNTRY_ALIASES.get(_fold(stripped), stripped)


def display_country(name: str) -> str:
    canonical = canonical_country(name)
    return DISPLAY_NAMES.get(canonical, canonical)


def country_in_sentence(name: str) -> str:
    """'the United States', 'the Netherlands', 'Indonesia'."""
    display = display_country(name)
    if display.startswith(("United ", "Netherlands", "Philippines", "Czech Republic", "Dominican Republic",
                           "Russian Federation", "Republic of", "Democratic Republic")):
        return f"the {display}"
    return display


def agency_for(country: str) -> Agency | None:
    return REGULATORS.get(canonical_country(country))


def _ordered_countries(study: Study) -> list[str]:
    """Canonical site countries, most sites first (ties keep the record's order)."""
    counts: Counter[str] = Counter()
    order: dict[str, int] = {}
    for location in study.locations:
        if location.country:
            key = canonical_country(location.country)
            counts[key] += 1
            order.setdefault(key, len(order))
    return sorted(counts, key=lambda c: (-counts[c], order[c]))


def regulator_summary(study: Study, cap: int = COUNTRY_CAP) -> RegulatorSummary:
    countries = _ordered_countries(study)
    shown, rest = countries[:cap], countries[cap:]
    agencies: dict[Agency, list[str]] = {}
    unlisted: list[str] = []
    eu_shown: list[str] = []
    for country in shown:
        agency = REGULATORS.get(country)
        if agency is None:
            unlisted.append(display_country(country))
            continue
        agencies.setdefault(agency, []).append(country_in_sentence(country))
        if country in EU_EEA:
            eu_shown.append(country_in_sentence(country))
    regulators = [Regulator(a[0], a[1], a[2], tuple(c)) for a, c in agencies.items()]
    eu_all = [country_in_sentence(c) for c in countries if c in EU_EEA]
    if eu_all:
        # Every EU/EEA site country, including those beyond the cap (the EMA covers them all).
        regulators.append(Regulator(EMA[0], EMA[1], EMA[2], tuple(eu_all)))
    return RegulatorSummary(
        countries=tuple(display_country(c) for c in countries),
        regulators=tuple(regulators),
        unlisted=tuple(unlisted),
        more_countries=len(rest),
    )


def is_medicine_trial(study: Study) -> bool:
    """An interventional study testing a drug, biological, genetic or combination product."""
    if study.study_type != "INTERVENTIONAL":
        return False
    return bool(study.is_fda_regulated_drug) or any(i.type in _MEDICINE_TYPES for i in study.interventions)


def eu_register(study: Study) -> Source | None:
    """The EU public register for this trial: CTIS (medicine trials from 31 January 2023), the EU Clinical
    Trials Register (EudraCT; earlier medicine trials), or None (no EU/EEA site, or not a medicine trial)."""
    if not any(canonical_country(c) in EU_EEA for c in study.countries) or not is_medicine_trial(study):
        return None
    start = study.start_date.date if study.start_date else None
    if start and start >= CTIS_START:
        return Source(
            "EU Clinical Trials Information System (CTIS)", EU_CTIS_URL,
            "The public register for trials of medicines in the European Union and the European Economic Area "
            "that started on or after 31 January 2023.",
        )
    if start:
        return Source(
            "EU Clinical Trials Register (EudraCT)", EU_CTR_URL,
            "The public register for trials of medicines in the European Union and the European Economic Area "
            "that started before 31 January 2023.",
        )
    return None


def fda_sentence(study: Study) -> str | None:
    """What the record says about FDA regulation, when the FDA is not already named through a U.S. site."""
    drug, device = study.is_fda_regulated_drug, study.is_fda_regulated_device
    if not (drug or device):
        return None
    what = "a drug and a device" if drug and device else ("a drug" if drug else "a device")
    return f"The record says this study tests {what} regulated by the U.S. Food and Drug Administration (FDA)"


def _fda_listed(summary: RegulatorSummary) -> bool:
    return any(r.short_name == FDA[0] for r in summary.regulators)


def regulator_sentences(study: Study) -> list[str]:
    """Plain sentences naming the medicines regulator(s) for the trial's countries."""
    summary = regulator_summary(study)
    if not summary.countries:
        return [
            "The record does not list any study sites, so we cannot say which country's rules apply. "
            "Every country has its own rules for clinical trials; the study team can tell you who oversees this one."
        ]
    out: list[str] = []
    national = [r for r in summary.regulators if r.short_name != EMA[0]]
    for reg in national:
        out.append(sentence(f"The national medicines regulator in {join_words(list(reg.countries))} is {reg.label}"))
    ema = next((r for r in summary.regulators if r.short_name == EMA[0]), None)
    if ema:
        eu = (f"This study has sites in {plural(len(ema.countries), 'EU/EEA country', 'EU/EEA countries')}: "
              f"{join_words(list(ema.countries))}. There, national agencies work together with the "
              "European Medicines Agency (EMA)")
        register = eu_register(study)
        if register and "CTIS" in register.name:
            eu += ", and trials of medicines that started on or after 31 January 2023 are registered in the EU’s Clinical Trials Information System (CTIS)"
        elif register:
            eu += (", and trials of medicines that started before 31 January 2023, like this one, "
                   "were registered in the EU Clinical Trials Register (EudraCT)")
        out.append(sentence(eu))
    fda = fda_sentence(study)
    if fda and not _fda_listed(summary):
        out.append(sentence(fda))
    if summary.unlisted:
        out.append(
            f"We do not list the regulator for {join_words(list(summary.unlisted))}. "
            "The World Health Organization's trial search portal (WHO ICTRP) links to national trial registries."
        )
    if summary.more_countries:
        out.append(
            f"The trial also has sites in {plural(summary.more_countries, 'more country', 'more countries')}; "
            "each has its own national regulator."
        )
    return out


def sources_for(study: Study) -> list[Source]:
    """Authoritative places to check this trial: official record, regulator(s), WHO ICTRP, PubMed."""
    nct = study.nct_id
    sources = [
        Source(
            f"ClinicalTrials.gov record {nct}",
            study.official_url,
            "The official registry record, run by the U.S. National Library of Medicine. Every fact on this "
            "page comes from it, and it is the place to check for the latest version.",
        )
    ]
    summary = regulator_summary(study)
    for reg in summary.regulators:
        if reg.short_name == EMA[0]:
            why = (f"The EU agency that evaluates medicines, working with national agencies in "
                   f"{join_words(list(reg.countries))}.")
        else:
            why = sentence(f"The national medicines regulator in {join_words(list(reg.countries))}")
        sources.append(Source(reg.title, reg.url, why))
    if fda_sentence(study) and not _fda_listed(summary):
        sources.append(Source(
            f"{FDA[1]} ({FDA[0]})", FDA[2],
            sentence(fda_sentence(study)),
        ))
    register = eu_register(study)
    if register:
        sources.append(register)
    why_who = "Searches trial registries from many countries at once, so you can see if this trial is also listed elsewhere."
    if summary.unlisted or summary.more_countries:
        why_who += " Useful for countries whose regulator we do not list here."
    sources.append(Source("WHO International Clinical Trials Registry Platform (ICTRP)", WHO_ICTRP_URL, why_who))
    pmids = study.reference_pmids
    for pmid in pmids[:PUBMED_CAP]:
        sources.append(Source(
            f"PubMed article {pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
            "An article listed in the trial record. It may report results, or it may be background reading.",
        ))
    if len(pmids) > PUBMED_CAP:
        sources.append(Source(
            f"{plural(len(pmids) - PUBMED_CAP, 'more article')} on the official record", study.official_url,
            "The full list of articles is in the References section of the ClinicalTrials.gov record.",
        ))
    return sources
