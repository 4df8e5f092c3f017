"""Shorter sentences and lists as lists (issue #3, 2026-12 pass), on real records.

Every expected text below was checked by hand against the record's own criterion (quoted in
``original``): same numbers, comparisons, negations and time windows; only the wording, the
sentence boundaries and the list layout change.
"""

from hypothesis import given, settings, strategies as st

from trialfinder.eligibility import explain_eligibility
from trialfinder.eligibility.explain import build_item
from trialfinder.eligibility.parser import parse_criteria
from trialfinder.eligibility.rewrite import LIST_MARK, RewriteContext, list_form, semicolon_sentences

from .conftest import explained, criteria


def _item(nct_id: str, original: str):
    matches = [i for i in explain_eligibility(criteria(nct_id)).all_items() if i.original == original]
    assert matches, f"{nct_id}: criterion not found"
    return matches[0]


def test_semicolon_joins_two_sentences_nct06698549():
    item = _item("NCT06698549", "Positive pregnancy test; females must not be pregnant at enrollment")
    assert item.plain == "Positive pregnancy test. Females must not be pregnant at the time you join the study."
    assert item.fidelity_ok


def test_or_list_becomes_a_sub_list_nct06472076():
    item = _item("NCT06472076", "Has symptomatic ascites, pleural effusion, or pericardial effusion.")
    assert item.plain == "You have any of these:"
    assert item.sublist == ("symptomatic fluid in the belly", "fluid around the lungs", "fluid around the heart")
    # graded as the reader sees it: the lead, then each entry on its own line
    assert item.grade_plain is not None and item.grade_plain < item.grade_original


def test_or_list_of_conditions_nct06760637():
    item = _item("NCT06760637", "Inadequate renal function, hepatic dysfunction, or hematologic abnormalities.")
    assert item.plain == "You have any of these:"
    assert item.sublist == ("poor kidney function", "poor liver function", "blood problems")


def test_shared_head_lists_stay_sentences():
    # "cancer of" belongs to every entry, and "abnormalities" to every adjective: no list
    item = _item("NCT04892173", "Carcinoma of the nasopharynx, paranasal sinus(es), salivary gland, thyroid gland, "
                                "or unknown primary")
    assert item.sublist == ()
    assert item.plain == ("You have cancer of the nasopharynx, paranasal sinus(es), salivary gland, thyroid gland, "
                          "or unknown primary.")
    item = _item("NCT02413099", "history of major hematological, renal, or hepatic abnormalities;")
    assert item.sublist == () and item.plain == "You have had major blood, kidney, or liver problems."


def test_doctor_judgement_becomes_its_own_sentence_nct00122499():
    item = _item("NCT00122499", "Have any condition, limitation, or disease that could, in the judgment of the "
                                "investigator, preclude evaluation of response to tadalafil.")
    assert item.plain == ("You have any condition, limitation, or disease that could preclude check of response to "
                          "tadalafil. The study doctor decides this.")


def test_defined_as_becomes_this_means_nct02682511():
    item = _item("NCT02682511", "Significant lung disease, defined as FVC < 50% predicted or DLCO <40% predicted;")
    assert item.plain == ("You have major lung disease. This means FVC of less than 50% predicted or DLCO less than "
                          "40% predicted. FVC means a breathing test measure.")
    assert item.fidelity_ok


def test_as_determined_by_a_scale_nct00422734():
    item = _item("NCT00422734", "Adequate partner sexual function as determined by a Female Sexual Function Index")
    assert item.plain == ("You have good enough partner sexual function. This is judged by a Female Sexual "
                          "Function Index.")


def test_severity_word_before_a_lay_phrase_nct03101033():
    # "severe" + "weak bones" (osteoporosis) used to read "severe weak bones"
    assert _item("NCT03101033", "Severe osteoporosis").plain == "You have severely weak bones."


def test_noun_phrases_framed_as_you_sentences():
    assert _item("NCT02398370", "Current urinary tract or bladder infection").plain == (
        "You have a current urinary tract or bladder infection.")
    # "have had" only because the record says "Previous"
    assert _item("NCT02620982", "Previous radiation therapy to pelvis").plain == (
        "You have had past radiation treatment to pelvis.")


def test_dependent_semicolon_parts_are_not_split_nct04870190():
    original = ("Except for patients who have received local radiotherapy (palliative radiotherapy for bone in "
                "non-target lesions) within 2 weeks before the first administration of the study drug; within 4 weeks")
    items = [i for i in explain_eligibility(criteria("NCT04870190")).all_items() if i.original.startswith(original)]
    assert items and ". Within 4 weeks" not in items[0].plain


def test_semicolon_rules():
    assert semicolon_sentences("Hemoglobin at least 9 g/dL; platelets at least 100,000/uL") == [
        "Hemoglobin at least 9 g/dL", "platelets at least 100,000/uL"]
    assert semicolon_sentences("Diseases such as asthma; diabetes; gout") == ["Diseases such as asthma; diabetes; gout"]
    assert semicolon_sentences("Received drug X; or used drug Y") == ["Received drug X; or used drug Y"]
    # a window typed only in the last part may cover every part
    assert len(semicolon_sentences("Had major surgery; had any radiation within 4 weeks")) == 1


def test_and_lists_are_not_turned_into_any_of_these():
    assert list_form("You have kidney failure, high blood pressure, and heart disease.", example=False) is None
    assert list_form("You have kidney failure, high blood pressure, or heart disease within 6 months.",
                     example=False) is None
    # "gout, ..., or heart disease": a one-word entry before a longer last one may share its head word
    assert list_form("You have gout, high blood pressure, or heart disease.", example=False) is None
    assert list_form("You have kidney failure, high blood pressure, or heart disease.", example=False) == (
        "You have any of these:", ["kidney failure", "high blood pressure", "heart disease"])


class _ListDroppingNumber:
    """A rewriter whose list loses a number: the fidelity check must see the list too."""

    def rewrite(self, text, section, framed, context):
        return "You have any of these:" + LIST_MARK + "diabetes" + LIST_MARK + "high blood pressure"


def test_sub_list_goes_through_the_fidelity_check():
    parsed = parse_criteria("Exclusion Criteria:\n* Diabetes, hypertension, or HbA1c > 9%").items[0]
    item = build_item(parsed, _ListDroppingNumber(), RewriteContext(), True)
    assert item.fallback and item.plain == item.original and item.sublist == ()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["diabetes", "gout", "kidney failure", "heart failure", "a stroke", "lung disease"]),
                min_size=3, max_size=6, unique=True),
       st.integers(min_value=1, max_value=500))
def test_sub_list_keeps_every_fact(entries, number):
    text = f"Exclusion Criteria:\n* Platelets < {number}/uL; " + ", ".join(entries[:-1]) + ", or " + entries[-1]
    for item in explain_eligibility(text).all_items():
        shown = " ".join([item.plain, *item.sublist]).lower()
        assert str(number) in shown
        assert item.fallback or all(entry.split()[-1] in shown for entry in entries)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab c.d!e?f'g-h;i,j\u00e9\u00df\u2019x\n2") + ["it's ", "e.g. ", "2.5 ", "don't"]),
                max_size=60).map("".join))
def test_counters_are_textstat_counters(text):
    """readability.py compiles textstat's counters once; the counts must stay textstat's."""
    from textstat.backend.counts._count_sentences import count_sentences as textstat_sentences
    from textstat.backend.selections._list_words import list_words as textstat_words

    from trialfinder.eligibility.readability import count_sentences, list_words

    assert list_words(text) == textstat_words(text, lowercase=True)
    assert count_sentences(text) == textstat_sentences(text)


def test_counters_match_textstat_on_real_items(criteria_corpus):
    from textstat.backend.counts._count_sentences import count_sentences as textstat_sentences
    from textstat.backend.selections._list_words import list_words as textstat_words

    from trialfinder.eligibility.readability import count_sentences, list_words

    for _, text in criteria_corpus[:200]:
        for item in explained(text).all_items():
            for shown in (item.original, item.plain, *item.sublist):
                assert list_words(shown) == textstat_words(shown, lowercase=True)
                assert count_sentences(shown) == textstat_sentences(shown)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzAEIOUY'-\u00e9\u0130", max_size=25))
def test_syllables_are_pyphens(word):
    """readability._syllables reads Pyphen's patterns itself (faster); it must count as Pyphen does."""
    from trialfinder.eligibility.readability import _PYPHEN, _syllables

    assert _syllables.__wrapped__(word) == len(_PYPHEN.positions(word)) + 1


def test_syllables_are_pyphens_on_real_words(criteria_corpus):
    from trialfinder.eligibility.readability import _PYPHEN, _syllables, list_words

    words = {word for _, text in criteria_corpus for word in list_words(text)}
    assert len(words) > 1000
    assert [w for w in words if _syllables.__wrapped__(w) != len(_PYPHEN.positions(w)) + 1] == []


def test_trial_grade_is_the_joined_texts_grade(criteria_corpus):
    """explain grades a trial from its items' counts; that must equal grading the joined text."""
    from trialfinder.eligibility.explain import _as_read
    from trialfinder.eligibility.readability import as_sentence, fk_grade, fk_grade_joined

    for _, text in criteria_corpus[:300]:
        items = list(explained(text).all_items())
        for parts in ([as_sentence(i.original) for i in items], [_as_read(i.plain, i.sublist) for i in items]):
            assert fk_grade_joined(parts) == fk_grade.__wrapped__(" ".join(parts))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab _-'’.,;()\u00e9\u00b2\u2019\n\tts", max_size=30))
def test_word_count_shortcut(sentence):
    from trialfinder.eligibility.readability import _more_than_two_words, _remove_punctuation

    assert _more_than_two_words(sentence) == (len(_remove_punctuation(sentence).split()) > 2)
