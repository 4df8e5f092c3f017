"""Search over the whole shared corpus (SQLite), checked against answers computed from the records."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.search.oracle import DEFAULT_STATUSES, ids, km_between, matches
from trialfinder.search import QueryError, parse_request, run_search

RECONSTRUCTED_ID = "NCT07441226"


def search(engine, **params):
    params.setdefault("per_page", "100")
    return run_search(engine, parse_request(params))


def all_ids(engine, **params) -> set[str]:
    """Every matching id, across all pages."""
    found, page = set(), 1
    while True:
        result = search(engine, page=str(page), **params)
        found |= {h.nct_id for h in result.hits}
        if page >= result.pages:
            assert len(found) == result.total
            return found
        page += 1


def test_copd_near_jakarta_finds_exactly_the_reconstructed_trial(search_engine):
    result = search(search_engine, q="COPD", near="Jakarta")
    assert [h.nct_id for h in result.hits] == [RECONSTRUCTED_ID]
    site = result.hits[0].nearest_site
    assert site.city == "Jakarta" and site.facility == "Persahabatan Hospital"
    assert site.distance_km < 25  # the site has no geoPoint: placed at Jakarta's centre from the gazetteer


def test_free_text_near_phrase_and_lay_synonym(search_engine):
    result = search(search_engine, q="lung disease near Surabaya", radius="1000")
    assert [h.nct_id for h in result.hits] == [RECONSTRUCTED_ID]
    assert 600 < result.hits[0].nearest_site.distance_km < 720  # Surabaya to Jakarta is about 660 km
    assert search(search_engine, q="lung disease near Surabaya", radius="100").total == 0


def test_lung_disease_finds_copd_trials_through_mesh_ancestors(search_engine, corpus_studies):
    found = all_ids(search_engine, q="lung disease", status="any")
    assert RECONSTRUCTED_ID in found  # through the lay synonym: lung -> pulmonary
    by_ancestor = {
        s.nct_id for s in corpus_studies if any(a.term == "Lung Diseases" for a in s.condition_mesh_ancestors)
    }
    assert by_ancestor and by_ancestor <= found
    copd = {s.nct_id for s in corpus_studies if any("Pulmonary Disease, Chronic Obstructive" == m.term for m in s.condition_meshes)}
    assert copd and copd <= found


def test_heart_attack_finds_myocardial_infarction(search_engine, corpus_studies):
    found = all_ids(search_engine, q="heart attack", status="any")
    expected = {s.nct_id for s in corpus_studies if any(m.term == "Myocardial Infarction" for m in s.condition_meshes)}
    assert expected and expected <= found
    assert search(search_engine, q="heart attack").request.text.synonyms_used == ("heart attack",)


def test_high_blood_pressure_finds_hypertension(search_engine, corpus_studies):
    found = all_ids(search_engine, q="high blood pressure", status="any")
    expected = {s.nct_id for s in corpus_studies if "hypertension" in " ".join(s.conditions).lower()}
    assert expected and expected <= found


def test_default_status_is_recruiting_or_not_yet(search_engine, corpus_studies):
    assert all_ids(search_engine) == ids(corpus_studies)


FILTER_CASES = [
    ({"phase": "PHASE2"}, {"phase": "PHASE2"}),
    ({"phase": "EARLY_PHASE1"}, {"phase": "EARLY_PHASE1"}),
    ({"type": "OBSERVATIONAL"}, {"study_type": "OBSERVATIONAL"}),
    ({"sex": "FEMALE"}, {"sex": "FEMALE"}),
    ({"sex": "MALE"}, {"sex": "MALE"}),
    ({"age": "8"}, {"age": 8}),
    ({"age": "70"}, {"age": 70}),
    ({"healthy": "yes"}, {"healthy": True}),
    ({"country": "Japan"}, {"country": "Japan"}),
    ({"country": "France", "status": "any", "type": "INTERVENTIONAL"}, {"country": "France", "statuses": None, "study_type": "INTERVENTIONAL"}),
    ({"intervention": "DEVICE"}, {"intervention": "DEVICE"}),
    ({"sponsor_class": "INDUSTRY"}, {"sponsor_class": "INDUSTRY"}),
    ({"status": "COMPLETED"}, {"statuses": {"COMPLETED"}}),
    ({"status": "any", "phase": "PHASE3", "age": "30"}, {"statuses": None, "phase": "PHASE3", "age": 30}),
]


@pytest.mark.parametrize("params,oracle", FILTER_CASES, ids=[str(c[0]) for c in FILTER_CASES])
def test_each_filter_matches_the_records(search_engine, corpus_studies, params, oracle):
    expected = ids(corpus_studies, **oracle)
    assert expected, "a filter case that matches nothing cannot fail"
    assert all_ids(search_engine, **params) == expected


def test_facet_counts_match_a_count_over_the_records(search_engine, corpus_studies):
    result = search(search_engine, status="any", age="50")
    chosen = [s for s in corpus_studies if matches(s, statuses=None, age=50)]
    facets = {name: {v.value: v.count for v in values} for name, values in result.facets.items()}
    assert result.total == len(chosen)
    assert facets["status"] == dict(Counter(s.overall_status for s in chosen))
    assert facets["type"] == dict(Counter(s.study_type for s in chosen))
    assert facets["phase"] == dict(Counter(p for s in chosen for p in set(s.phases)))
    assert facets["sex"]["FEMALE"] == sum((s.sex or "ALL") in ("ALL", "FEMALE") for s in chosen)
    assert facets["healthy"]["yes"] == sum(bool(s.healthy_volunteers) for s in chosen)
    assert facets["intervention"] == dict(Counter(t for s in chosen for t in {i.type for i in s.interventions if i.type}))
    assert facets["sponsor_class"] == dict(Counter(s.lead_sponsor_class for s in chosen if s.lead_sponsor_class))
    countries = Counter(c for s in chosen for c in set(s.countries))
    for value in result.facets["country"]:
        assert value.count == countries[value.value]


def test_place_radius_matches_the_sites_geopoints(search_engine, corpus_studies):
    lat, lon, radius = 42.3601, -71.0589, 50.0  # Boston
    result_ids = all_ids(search_engine, near=f"{lat},{lon}", radius=str(radius), status="any")
    expected = {
        s.nct_id for s in corpus_studies
        if any(l.geo and km_between(lat, lon, l.geo.lat, l.geo.lon) <= radius - 0.01 for l in s.locations)
    }
    maybe = {  # sites without a geoPoint are placed by the gazetteer, so they may add trials
        s.nct_id for s in corpus_studies if any(l.geo is None for l in s.locations)
    }
    assert len(expected) > 10
    assert expected <= result_ids and result_ids - expected <= maybe


def test_distance_sort_is_nearest_first_and_shows_the_nearest_site(search_engine, corpus_studies):
    lat, lon = 48.8566, 2.3522  # Paris
    result = search(search_engine, near="Paris, France", radius="300", sort="distance", status="any")
    distances = [h.nearest_site.distance_km for h in result.hits]
    assert distances == sorted(distances) and result.total > 5
    by_id = {s.nct_id: s for s in corpus_studies}
    for hit in result.hits[:10]:
        nearest = min(km_between(lat, lon, l.geo.lat, l.geo.lon) for l in by_id[hit.nct_id].locations if l.geo)
        assert abs(nearest - hit.nearest_site.distance_km) < 2.0


def test_a_place_without_a_chosen_sort_sorts_nearest_first(search_engine):
    result = search(search_engine, q="cancer near Paris, France", radius="500", status="any")
    assert result.request.sort == "distance" and result.total > 5
    distances = [h.nearest_site.distance_km for h in result.hits]
    assert distances == sorted(distances)
    assert ("sort", "distance") not in result.request.query_params()  # the default is not repeated in links
    chosen = search(search_engine, q="cancer near Paris, France", radius="500", status="any", sort="relevance")
    assert ("sort", "relevance") in chosen.request.query_params()  # the user's choice survives paging
    assert search(search_engine, q="cancer").request.sort == "relevance"
    assert search(search_engine, q="cancer", near="Japan").total > 0  # a country: no distances, relevance order


def test_miles_and_postal_codes(search_engine):
    km = search(search_engine, near="02115", radius="80.4672", status="any")
    miles = search(search_engine, near="02115", radius="50mi", status="any")
    assert km.total == miles.total > 0
    assert "02115" in km.place.label


def test_country_name_as_place_becomes_a_country_filter(search_engine, corpus_studies):
    result = search(search_engine, near="Indonesia", status="any")
    assert {h.nct_id for h in result.hits} == ids(corpus_studies, statuses=None, country="Indonesia")


def test_sort_by_last_update(search_engine):
    dates = [h.last_update_posted or "" for h in search(search_engine, q="cancer", sort="updated", status="any").hits]
    assert dates == sorted(dates, reverse=True)


def test_paging_has_no_overlap(search_engine):
    first = search(search_engine, q="cancer", status="any", per_page="10")
    second = search(search_engine, q="cancer", status="any", per_page="10", page="2")
    assert first.total == second.total > 20
    assert not {h.nct_id for h in first.hits} & {h.nct_id for h in second.hits}


HOSTILE = [
    '"', '""', "*", "NEAR(", "NEAR(lung cancer, 2)", "title:cancer", "cancer OR", "AND", "- - -", "'; DROP TABLE studies; --",
    "1' OR '1'='1", "\x00\x01", "🫁 lung", "(((", "^cancer", "col:*", "x" * 299, "lung\\", "%_%",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_text_never_errors(search_engine, query):
    result = search(search_engine, q=query, status="any")
    assert result.total >= 0
    assert search(search_engine, q="cancer").total > 0  # the store is intact


@pytest.mark.parametrize(
    "params,fragment",
    [
        ({"q": "x" * 301}, "too long"),
        ({"near": "Xyzzyqwertyville"}, "could not find the place"),
        ({"near": "99.5,10"}, "Latitude must be"),
        ({"near": "Paris, Narnia"}, "country or state"),
        ({"radius": "-5", "near": "Paris"}, "Distance must be"),
        ({"radius": "lots", "near": "Paris"}, "Distance must be"),
        ({"status": "DROP TABLE"}, "Unknown status"),
        ({"age": "abc"}, "age must be a number"),
        ({"age": "500"}, "age must be between"),
        ({"sort": "random"}, "Sort must be"),
        ({"page": "0"}, "page must be between"),
    ],
)
def test_bad_queries_give_a_clear_message(search_engine, params, fragment):
    with pytest.raises(QueryError, match=fragment):
        search(search_engine, **params)


def test_empty_or_wordless_query_searches_filters_only(search_engine):
    result = search(search_engine, q='"*"')
    assert "no words" in result.messages[0]
    assert result.total == search(search_engine).total > 0


def test_filter_tags_in_the_index_are_not_searchable_words(search_engine):
    from trialfinder.search.tags import cell_tag, status_cell_tag, status_tag

    assert run_search(search_engine, parse_request({"q": "COPD", "near": "Jakarta"})).total == 1
    pair = status_cell_tag("RECRUITING", cell_tag(-6.2, 106.8))
    for word in (status_tag("RECRUITING"), status_tag("COMPLETED"), cell_tag(-6.2, 106.8), "xsrecruit", pair):
        assert run_search(search_engine, parse_request({"q": word, "status": "any"})).total == 0, word


@pytest.mark.parametrize("params", [
    {"q": "COPD", "near": "Jakarta"},
    {"near": "Boston", "radius": "3000", "status": "any", "sort": "distance", "per_page": "100"},  # coarse cells
    {"near": "-89.5,10", "radius": "500", "status": "any"},  # a polar box: no map filter at all
    {"q": "cancer", "status": "any", "phase": "PHASE2", "per_page": "100"},
    {"q": "cancer", "near": "Boston", "radius": "500", "status": "any", "per_page": "5", "page": "2"},  # ties by distance
    {"q": "cancer", "near": "Paris, France", "radius": "300", "status": "any", "sort": "relevance"},
    {"q": "cancer", "near": "Paris, France", "radius": "300", "status": "any", "sort": "updated"},
])
def test_sql_plan_agrees_with_the_plain_python_plan(search_engine, monkeypatch, params):
    import trialfinder.search.execute as execute

    fast = search(search_engine, **params).to_json()
    monkeypatch.setattr(execute, "_sqlite_has_math", lambda conn: False)  # the fallback: distances in Python
    plain = search(search_engine, **params).to_json()
    for result in (fast, plain):
        result.pop("elapsed_ms")
    assert fast == plain


@pytest.mark.parametrize("word, stem", [("asthma", "asthma"), ("diabetes", "diabet")])  # stem: as Porter's ('diabetic')
def test_relevance_puts_trials_about_the_condition_above_passing_mentions(search_engine, corpus_studies, word, stem):
    """Relevance (whatever formula ranks): a trial whose conditions name the word ranks above every trial that only
    mentions it in its summary, and the first results are about the condition."""
    from trialfinder.search.documents import build_document

    docs = {s.nct_id: build_document(s) for s in corpus_studies}
    ranked, page = [], 1
    while True:
        result = search(search_engine, q=word, status="any", page=str(page))
        ranked += [h.nct_id for h in result.hits]
        if page >= result.pages:
            break
        page += 1
    about = [i for i, nct in enumerate(ranked) if word in docs[nct].conditions.lower()]
    passing = [i for i, nct in enumerate(ranked)
               if not any(stem in getattr(docs[nct], f).lower() for f in ("conditions", "title", "terms"))]
    assert about and passing, "the corpus should have both kinds for this test to mean anything"
    assert max(about) < min(passing)
    assert all(word in docs[nct].conditions.lower() for nct in ranked[:5])


CANCER_NAMES = ("cancer", "neoplasm", "carcinoma", "tumor", "tumour")  # the word and its lay synonyms (lay_synonyms.tsv)


def _oracle_tier(study, names: tuple[str, ...]) -> int:
    """2 if a listed condition names one of the names (or its plain plural), 1 if the brief title does, else 0: a regex
    over the record, not the code under test's tokenizer."""
    import re

    pattern = re.compile(rf"\b({'|'.join(map(re.escape, names))})s?\b", re.IGNORECASE)
    if any(pattern.search(c) for c in study.conditions):
        return 2
    return 1 if pattern.search(study.brief_title or "") else 0


@pytest.mark.parametrize("params", [
    {"q": "cancer", "near": "Boston", "radius": "500", "status": "any"},
    {"q": "cancer", "near": "Houston", "radius": "500", "status": "any", "per_page": "20", "page": "2"},  # a tie across pages
    {"q": "cancer", "near": "London", "radius": "500", "status": "any", "per_page": "20", "page": "3"},
])
def test_trials_at_the_same_distance_come_conditions_first_then_title_then_newest(search_engine, corpus_studies, params):
    """Sorted by distance, trials at the same distance (sites sharing a city's point) are ordered by how well they
    match: the query named by their conditions, then by their title, then neither (summary, MeSH terms, ...); then the
    most recently updated first; then the NCT id. The score is shown only when relevance is the order."""
    result = search(search_engine, **params)
    assert result.total > 1 and all(h.score == 0.0 for h in result.hits)
    by_id = {s.nct_id: s for s in corpus_studies}
    tier = {h.nct_id: _oracle_tier(by_id[h.nct_id], CANCER_NAMES) for h in result.hits}
    groups: dict[float, set[int]] = {}
    for h in result.hits:
        groups.setdefault(h.nearest_site.distance_km, set()).add(tier[h.nct_id])
    assert any(len(g) > 1 for g in groups.values()), "the page should have a tie between better and worse matches"
    expected = sorted(result.hits, key=lambda h: h.nct_id)
    expected.sort(key=lambda h: h.last_update_posted or "", reverse=True)
    expected.sort(key=lambda h: (h.nearest_site.distance_km, -tier[h.nct_id]))
    assert [h.nct_id for h in result.hits] == [h.nct_id for h in expected]


def test_distance_pages_cut_one_order_even_inside_a_tie(search_engine):
    params = {"q": "cancer", "near": "Houston", "radius": "500", "status": "any"}
    whole = [h.nct_id for h in search(search_engine, **params).hits]
    pages = [h.nct_id for page in ("1", "2", "3") for h in search(search_engine, **params, per_page="20", page=page).hits]
    assert len(whole) > 40 and pages == whole[:60]


def test_tie_break_tiers_follow_conditions_then_title_with_synonyms_and_plurals():
    from trialfinder.search.request import build_text_query
    from trialfinder.search.tiebreak import TieBreak

    heart_attack = TieBreak(build_text_query("heart attack")[0])
    assert heart_attack.tier("Acute Myocardial Infarction|Diabetes", "Aspirin") == 2  # through the lay synonym
    assert heart_attack.tier("Coronary Disease", "After a Heart Attack") == 1
    assert heart_attack.tier("Heart Failure", "Stent") == 0
    lung_cancer = TieBreak(build_text_query("lung cancer")[0])
    assert lung_cancer.tier("Cancer|Lung Diseases", "") == 2  # typed words: each anywhere in the conditions
    assert lung_cancer.tier("Breast Cancers", "Lung Function") == 0
    assert lung_cancer.tier("Lung Function|Neoplasms", "") == 0  # a synonym is a phrase, inside one condition
    assert lung_cancer.tier("Lung Neoplasms", "") == 2
    assert TieBreak(build_text_query("kidney disease")[0]).tier("Kidney Diseases", "") == 2
    assert TieBreak(None).tier("Cancer", "Cancer") == 0
