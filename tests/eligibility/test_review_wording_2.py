"""Wording a clinician would distrust, second review round (2026-12-01), one defect class at a time, over the corpus.

Counts on the 1,183-record corpus, rewritten items before -> after the fix:

1. mixed person: a "You ..." sentence that calls the same reader "the patient"/"the subject"/"he" ("... get in the way
   of the patient's ability to give informed consent ..., would place the patient at increased risk", "meaning he is
   able to", "their smartphone" in the split and sub-list paths): 151 -> 0;
2. noun stacks made by a swap: a lay phrase that brings its own describing word after a word that classifies the term
   ("target abnormal area", "penile artificial body part", "ventricular irregular heartbeat", "orthostatic low blood
   pressure", "primary weak immune system", "lower back bulging spinal disc", "immune shortage", "adrenal weakness"):
   341 -> 0 (lexicon kind "head": the term stays and is explained once);
3. wrong readings counted against the registry's own text (WRONG below): framing around a diagnosis, "without", a
   participle subject, "who" and "having" clauses; a swap that changed a named scale or a condition; agreement after
   a swap that made a noun plural; an article before a mass noun; a doubled half of a hyphenated word; a power of ten
   read as a range: 129 -> 0;
4. title case carried from the start of an item into the middle of a "You" sentence ("You have Erectile Function
   domain score", "You have a Severe Clotting disorder"): 10 -> 0 (a name keeps its capitals: "Eastern Cooperative
   Oncology Group", "Acute Promyelocytic Leukaemia").

Every expected text below was checked by hand against the record's own criterion (quoted in the test): same
numbers, comparisons, negations and time windows; only the wording changes.
"""

import re

import pytest


from .conftest import explained, plain_lines, rewritten_items, wrong_readings_added, rewritten_item as _item, shown as _shown


_SENTENCES = re.compile(r"(?<=[.!?])\s+")


# --- 1. mixed person ----------------------------------------------------------------------------------------------
_OTHER_PERSON = re.compile(r"\b(?:partners?|parents?|child(?:ren)?|spouses?|wife|husband|caregivers?|carers?|representatives?|"
                           r"guardians?|family|relatives?|doctors?|physicians?|investigators?|clinicians?|patients|subjects|"
                           r"people|persons|participants|women|men|surrogates?|donors?|mothers?|fathers?|sponsors?|staff|"
                           r"they)\b", re.IGNORECASE)
_THEIR_THING = re.compile(r"\b(?:any|some|all|each|one|none|both) of their\b|\btheir\s+(?:inactive\s+|other\s+)?(?:ingredients?|"
                          r"components?|constituents?|excipients?|class|classes|metabolites?|derivatives?|analogues?)\b",
                          re.IGNORECASE)
_THIRD_PERSON_READER = re.compile(
    r"(?<!research )(?<!study )(?<!trial )\b(?:patient|subject|participant|individual|volunteer)(?:'s|’s)\s"
    r"|\b(?:the|this) (?:patient|subject|person taking part|individual|volunteer)\b(?![/-])(?=\s*[,.;:)]|\s*$|\s+(?:at|to|"
    r"from|is|are|has|was|will|would|could|might|should|may|must|can|cannot|had|unsuitable|unable|received|completes|"
    r"understands)\b)"
    r"|\b(?:place|put|expose|endanger|prevent)s? (?:patient|subject)\b"
    r"|\b(?:compromise|jeopardi[sz]e)s? (?:patient|subject) safety\b"
    r"|\b(?:he|she|he/she|he or she) (?:is|has|was|would|will)\b")
_READER_IS_SOMEONE_ELSE = re.compile(r"^You (?:are|were) (?:an? |the )?(?:\w+ ){0,2}(?:caregiver|parent|guardian|partner|"
                                     r"relative|donor)")


def mixed_person(plain: str) -> int:
    """Sentences about the reader ("You ...", "If you ...") that name the same reader in the third person; a colon
    followed by a capital starts a note of its own ("use: Document ... patient's response")."""
    found = 0
    for sentence in _SENTENCES.split(plain):
        if not re.match(r"(?:If y|Y)ou\b", sentence) or _READER_IS_SOMEONE_ELSE.match(sentence):
            continue
        head = re.split(r":\s+[A-Z]", sentence)[0]
        their = re.search(r"\btheir\b", head) and not _OTHER_PERSON.search(head) and not _THEIR_THING.search(head)
        found += bool(_THIRD_PERSON_READER.search(head) or their)
    return found


def test_mixed_person_scan_finds_the_reviewed_defects():
    assert mixed_person("You have a condition that would get in the way of the patient's ability to give informed consent.")
    assert mixed_person("You have any condition that would place the patient at increased risk.")
    assert mixed_person("You have had cancers, other than MM, unless the person taking part has been free of the disease.")
    assert mixed_person("You are PDE5i responsive, meaning he is able to achieve an erection.")
    assert mixed_person("You are willing to receive SMS text messages on their smartphone.")
    assert not mixed_person("You are able to keep a patient diary.")
    assert not mixed_person("You are the primary caregiver of the patient.")
    assert not mixed_person("You are allergic to the study drugs or their components.")
    assert not mixed_person("The subject refuses to take part.")


def test_no_mixed_person_in_the_corpus(criteria_corpus):
    bad = [(nct_id, _shown(item)) for nct_id, item in rewritten_items(criteria_corpus) if mixed_person(_shown(item))]
    assert bad == []


@pytest.mark.parametrize("nct_id, original, plain", [
    ("NCT01352507", "Have a condition that in the opinion of the investigator would interfere with the patient's ability to "
                    "provide informed consent or comply with study instructions, would place the patient at increased risk, "
                    "or might confound the interpretation of study results.",
     "You have a condition that would get in the way of your ability to give informed consent or follow study "
     "instructions, would place you at increased risk, or might confound the interpretation of study results. The study "
     "doctor decides this."),
    ("NCT05827016", "Prior history of malignancies, other than MM, unless the participant has been free of the disease for "
                    "≥ 5 years.",
     "You have had cancers, other than MM, unless you have been free of the disease for at least 5 years."),
    ("NCT02168764", "Subject is currently participating or has participated in the last month in another clinical study in "
                    "which the subject has, is, or will be exposed to an investigational or non-investigational drug or "
                    "device.",
     "You are now taking part or have taken part in the last month in another clinical study in which you have, are, or "
     "will be exposed to an experimental or non-investigational drug or device."),
    ("NCT05299762", "Is illiterate or vulnerable (e.g., the participant is incapable of judgment or is under tutelage) as per "
                    "the investigator's assessment",
     "You are illiterate or vulnerable (for example you are incapable of judgment or are under tutelage) as per the study "
     "doctor's check."),
    ("NCT03843086", "The patient is PDE5i responsive, meaning he is able to achieve and maintain an erection under the effect "
                    "of the maximal dosage of PDE5i",
     "You are PDE5i responsive, meaning you are able to achieve and maintain an erection under the effect of the maximal "
     "dosage of PDE5i. PDE5i means erection pills such as sildenafil."),
    ("NCT06011811", "Patients with episodic or chronic cluster headache that has been diagnosed by a health care professional "
                    "(no documentation is needed, participant must simply state that he or she has been diagnosed)",
     "You have episodic or chronic cluster headache that has been diagnosed by a health care professional (no "
     "documentation is needed, you must simply state that you have been diagnosed)."),
    ("NCT05897541", "Must have positive SARS-CoV-2 test (a nucleic acid amplification test or antigen test) from any "
                    "respiratory tract specimen from a sample collected prior to randomization of the participant",
     "You must have positive SARS-CoV-2 test (a nucleic acid amplification test or antigen test) from any respiratory tract "
     "specimen from a sample collected before your randomization. Randomization means being put in a study group by "
     "chance."),
    # the split / sub-list paths make "their" the reader's too
    ("NCT05853900", "Is the sole user of an iPhone with an iPhone operating system (iOS) 14 or later or a smartphone with an "
                    "Android operating system (OS) 11 or later and is willing to download and use the Study App required "
                    "by the protocol.",
     "You are the sole user of an iPhone with an iPhone operating system (iOS) 14 or later or a smartphone with an Android "
     "operating system (OS) 11 or later and are willing to download and use the Study App needed by the study plan."),
])
def test_the_reader_is_you(nct_id, original, plain):
    assert _item(nct_id, original).plain == plain


def test_a_third_person_that_is_someone_else_stays():
    # a noun adjunct ("the patient diary") and another sentence's subject ("g) The subject refuses") keep their words
    shown = plain_lines(
        "Exclusion Criteria:\n* Unable or unwilling to keep a patient diary\n"
        "* Has a compromised immune system. g) The subject refuses to comply with the protocol")
    assert shown[0] == "You are unable or unwilling to keep a patient diary."
    assert "g) The subject refuses" in shown[1]


# --- 2. noun stacks -----------------------------------------------------------------------------------------------
STACKS = [re.compile(p, re.IGNORECASE) for p in [
    r"\b(?:target|measurable|metastatic|tumou?r|nodal|non-nodal|non-target|evaluable|skin|brain|bone|lung|penile|genital|"
    r"cord|root|blastic|structural|vascular|parenchymal|extranodal|superficial|atherosclerotic|pre-invasive|focal) "
    r"abnormal areas?\b",
    r"\b(?:ventricular|supraventricular|atrial|nodal) irregular heartbeats?\b",
    r"\b(?:penile|spinal|spine|vertebral|bone|burst|fragility|compression|hip|wrist|pelvic|osteoporotic|pars|root|body|"
    r"femoris|cranial) broken bones?\b",
    r"\b(?:penile|erection|penis|urinary|metal|breast) artificial body parts?\b",
    r"\b(?:orthostatic|postural|arterial|vasovagal) low blood pressure\b",
    r"\b(?:arterial|secondary|borderline|whole-body|degree|essential|primary) high blood pressure\b",
    r"\b(?:primary|secondary|combined|inborn|congenital|acquired|variable) weak immune system\b",
    r"\b(?:immune|repair|kidney) shortage\b",
    r"\b(?:adrenal|pituitary|arterial|vascular|artery|element|myocardial|adrenocortical) weakness\b",
    r"\bbulging spinal discs?\b",
    r"\bpericardial fluid buildup\b|\bliver brain problems\b|\bhypertensive brain problems\b",
]]


def noun_stacks(text: str) -> int:
    return sum(len(p.findall(text)) for p in STACKS)


def test_no_swap_makes_a_noun_stack(criteria_corpus):
    bad = []
    for nct_id, text in criteria_corpus:
        for item in explained(text).all_items():
            if not item.fallback and noun_stacks(_shown(item)) > noun_stacks(item.original):
                bad.append((nct_id, _shown(item)))
    assert bad == []


@pytest.mark.parametrize("nct_id, original, plain", [
    ("NCT07134413", "at least one measurable lesion according to RECIST 1.1 criteria",
     "At least one measurable lesion based on RECIST 1.1 criteria. Lesion means abnormal area. RECIST means rules for "
     "measuring tumors on scans."),
    ("NCT03596047", "Patients with penile implant.", "You have a penile implant."),
    ("NCT05739409", "Patients with known systemic lupus erythematosus, combined active or uncontrolled autoimmune diseases "
                    "(such as Crohns disease, rheumatoid arthritis, autoimmune hemolytic anemia, etc.), primary or secondary "
                    "immune deficiency (such as HIV infection or severe infectious diseases, etc.)；",
     "You have known lupus, combined active or poorly controlled autoimmune diseases (such as Crohns disease, rheumatoid "
     "arthritis, autoimmune hemolytic anemia, and so on), primary or secondary immune deficiency (such as HIV infection or "
     "severe infectious diseases, and so on). Immune deficiency means weak immune system."),
    ("NCT02087397", "Penile arterial insufficiency and or venous leakage (doppler) at the time o inclusion: PSV <25 cm/sec, "
                    "PSV >25 cm/sec, EDV>5cm/sec, RI<0,75.",
     "You have penile arterial insufficiency and or venous leakage (doppler) at the time o inclusion: PSV less than 25 "
     "cm/sec, PSV more than 25 cm/sec, EDV more than 5cm/sec, RI less than 0,75. Arterial insufficiency means poor blood "
     "flow in the arteries."),
    ("NCT06223893", "Current overt hepatic encephalopathy, defined as grade II-IV hepatic encephalopathy according to the "
                    "West-Haven classification, unable to give consent.",
     "You have current overt brain problems caused by liver disease, defined as grade II-IV brain problems caused by liver "
     "disease based on the West-Haven classification, unable to give consent."),
])
def test_a_classified_term_is_explained_not_stacked(nct_id, original, plain):
    assert _item(nct_id, original).plain == plain


def test_head_terms_swap_after_a_plain_word():
    plain = plain_lines(
        "Exclusion Criteria:\n* Symptomatic hypotension\n* Target lesion in the liver\n* Lumbar disc herniation at L4-L5\n"
        "* Orthostatic hypotension")
    assert plain == ["Symptomatic low blood pressure. Symptomatic means causing symptoms.",
                     "You have a target lesion in the liver. Lesion means abnormal area.",
                     "Slipped disc in the lower back at L4-L5.",
                     "Orthostatic hypotension. Orthostatic hypotension means a drop in blood pressure on standing up."]


# --- 3. wrong readings, counted against the registry's own text ------------------------------------------------------
# (pattern, why, a reviewed wrong text it catches). A pattern may appear in the plain text only as often as the
# registry text itself has it.
WRONG = [
    # framing
    (r"^You have (?:an? )?(?:without|with|by)\b|^You are (?:with|by)\b", "a preposition is no condition",
     "You have without whole-body disease."),
    (r"^You have (?!a diagnosis)[^.;]*\busing an? (?:structured|standardi[sz]ed|validated)\b", "the method belongs to the diagnosis",
     "You have a mild Major Depressive Disorder using a structured interview."),
    (r"^You (?:signed|received|provided|completed) [^.;]*?\b(?:(?:must|should|shall) (?:not )?(?:be|have)|will be \w+ed)\b",
     "the participle phrase is the subject", "You signed informed consent form must be obtained before any study procedure."),
    (r"^You (?:have|are)\b(?:(?!\bwho\b)[^.])*?\b(?:or|and|and/or) who\b", "'who' joined to a 'you' clause",
     "You have known rheumatoid arthritis, ankylosing spondylitis or who are immunocompromised."),
    (r"^You have or [a-z]+ing\b|^You have [^.]*\band having\b", "every verb agrees with 'you'",
     "You have or attempting to have regular sex."),
    (r"^You are (?:pregnant|breastfeeding)[^.]*\b(?:female|male|patient|subject)s?\.", "you are <noun>",
     "You are pregnant or breastfeeding female."),
    (r"\b(?:is|are|be|been|being|was|were|not) who could become pregnant\b", "'of childbearing potential' after a verb",
     "You are who could become pregnant and not using birth control."),
    (r"^You have (?:a diagnosis of )?(?:[\w-]+ ){1,4}has been made\b", "the phrase has its own verb",
     "You have cluster headache has been made at least 6 weeks after start of screening."),
    # named scales and conditions changed by a swap
    (r"\bCriteria for side effects\b|\bDrug misuse Screening\b|\bIndex of erection problems\b|\bEarly ejaculation Diagnos|"
     r"\berections \(IIEF\)", "a named scale", "Common Terminology Criteria for side effects (CTCAE)"),
    (r"(?i)\bby lab tests of (?:tissue|cells)-? (?:or|and|and/or)\b|\bby lab tests of (?:tissue|cells) (?:[\w-]+ed|proven)\b",
     "the adverb phrase stands before its participle", "By lab tests of tissue- or cytologically-confirmed NSCLC"),
    (r"\bsudden stages?\b", "the active stage of a disease", "long-term somatic diseases in the sudden stage"),
    (r"\blow blood sugar unawareness\b", "a named condition", "You have had low blood sugar unawareness."),
    (r"\bthe immune system (?:medicines?|medications?|drugs?|treatments?|therapy)\b", "a clause cannot modify a noun",
     "You are getting a medicine that weakens the immune system medicines."),
    # grammar a swap broke
    (r"\b(?:problems|side effects) (?:that|which) (?:is|has|was)\b|^(?:Erection|Memory or thinking) problems (?:is|has|was)\b",
     "the swap made the noun plural", "Memory or thinking problems that is severe enough"),
    (r"\b(?:acquired|inherited|inborn|congenital|underlying) an? (?:blood clotting|bleeding)\b", "an article after an adjective",
     "Inborn or acquired a blood clotting problem"),
    (r"\b(\w+) \1-\w|\b\w+-(\w+) \2\b", "half of a hyphenated word echoed", "You are able to follow follow-up."),
    (r"^You (?:have|are) (?:hb|hgb|mg)\b", "an abbreviation lower-cased", "You have hb value of less than 9g/dl."),
    (r"\b(?:more|less) than 10 to \d\b", "a power of ten is no range", "quantitative PCR (more than 10 to 4)"),
]


def test_wrong_patterns_catch_the_reviewed_defects():
    assert [why for pattern, why, example in WRONG if not re.search(pattern, example)] == []


def test_wrong_readings_never_appear_in_the_corpus(criteria_corpus):
    assert wrong_readings_added(criteria_corpus, WRONG) == []


@pytest.mark.parametrize("nct_id, original, plain", [
    ("NCT00661219", "Diagnosis of mild Major Depressive Disorder using a structured interview (SCID-1 or MINI), according to "
                    "DSM-IV criteria. Before randomization, a psychiatrist must interview the subject at Visit 2 to validate "
                    "both the diagnosis of MDD and the subject's continuation in the study without the need for "
                    "anti-depressant medication or psychotherapy).",
     "You have a diagnosis of mild Major Depressive Disorder using a structured interview (SCID-1 or MINI), based on DSM-IV "
     "criteria. Before randomization, a psychiatrist must interview the subject at Visit 2 to validate both the diagnosis "
     "of MDD and the subject's continuation in the study without the need for anti-depressant medicine or talk therapy). "
     "DSM-IV means the handbook doctors use to diagnose mental health conditions. Randomization means being put in a study "
     "group by chance. MDD means major depression."),
    ("NCT06688773", "Without cognitive impairment, hearing and vision problems,",
     "Without memory or thinking problems, hearing and vision problems."),
    ("NCT00399243", "Subject is of childbearing potential and not using adequate contraceptive measures.",
     "You are able to become pregnant and not using good enough birth control measures."),
    ("NCT02650414", "Signed informed consent form must be obtained prior to any study procedure.",
     "Signed informed consent form must be obtained before any study procedure. Informed consent form means the form you "
     "sign to agree to join."),
    ("NCT02513394", "Patients who received neo/adjuvant therapy must be after last dose of chemotherapy and/or biologic "
                    "therapy and must have sufficient resolution of side effects.",
     "If you received neo/adjuvant treatment, you must be after last dose of chemotherapy and/or biologic treatment and "
     "must have enough resolution of side effects."),
    ("NCT04416321", "Known rheumatoid arthritis, ankylosing spondylitis or who are immunocompromised.",
     "You have known rheumatoid arthritis, ankylosing spondylitis or are immunocompromised. Immunocompromised means having "
     "a weak immune system."),
    ("NCT05749354", "Having a sexual partner and having regular sex life at least twice a week",
     "You have a sexual partner and have regular sex life at least twice a week."),
    ("NCT06282575", "Histologically- or cytologically-confirmed Biliary Tract Cancer (BTC), including Gallbladder Cancer (GBC), "
                    "Intrahepatic Cholangiocarcinoma (ICC), or Extrahepatic Cholangiocarcinoma (ECC).",
     "You have histologically- or cytologically-confirmed Biliary Tract Cancer (BTC), including Gallbladder Cancer (GBC), "
     "Intrahepatic Cholangiocarcinoma (ICC), or Extrahepatic Cholangiocarcinoma (ECC)."),
    ("NCT02939495", "Premature Ejaculation Diagnostic Tool (PEDT) score must be ≥11",
     "Premature Ejaculation Diagnostic Tool (PEDT) score must be at least 11."),
    ("NCT02398370", "Receiving immunosuppressant medications", "You are getting medicines that weaken the immune system."),
    ("NCT04573062", "Cognitive impairment that is severe enough to limit consent capacity",
     "Memory or thinking problems that are severe enough to limit consent capacity."),
    ("NCT06716424", "History of hypoglycemia unawareness", "You have had trouble sensing low blood sugar."),
    ("NCT05426668", "Hb value <9g/dl", "You have Hb value of less than 9g/dl."),
    ("NCT04472845", "Able to comply with follow-up", "You are able to comply with follow-up."),
    ("NCT05682924", "inflammatory diseases in the acute stage;", "You have inflammatory diseases in the acute stage."),
])
def test_wrong_readings_fixed(nct_id, original, plain):
    assert _item(nct_id, original).plain == plain


def test_power_of_ten_is_not_a_range_nct05942599():
    item = _item("NCT05942599", "Morphologically confirmed with leukemic blasts in the bone marrow (>5%) or a quantifiable "
                                "MRD by multiparameter flow cytometry and/or quantitative polymerase chain reaction (>10-4)")
    assert "quantitative polymerase chain reaction (more than 10-4)." in item.plain
    assert "(more than 5%)" in item.plain


# --- 4. title case from the start of an item --------------------------------------------------------------------------
_EVERYDAY_TITLE = re.compile(
    r"^You (?:have had|have|are|had)(?: an?)? (?:Erectile Function|Severe Clotting|Serious Psychological|Older Adult|"
    r"Abnormal Laboratory|Abnormal Testosterone|Combined Endodontic-Periodontic|Post Radical|"
    r"Any Previous) [a-z]")


def test_no_everyday_title_case_mid_sentence(criteria_corpus):
    bad = [(nct_id, item.plain) for nct_id, text in criteria_corpus for item in explained(text).all_items()
           if not item.fallback and _EVERYDAY_TITLE.search(item.plain)]
    assert bad == []


@pytest.mark.parametrize("nct_id, original, plain", [
    ("NCT01220206", "Erectile Function domain score of 10-19 on the International Index of Erectile Function (IIEF)",
     "You have erectile function domain score of 10 to 19 on the International Index of Erectile Function (IIEF)."),
    ("NCT03899298", "Severe Clotting disorder", "You have a severe clotting disorder."),
    # names keep their capitals
    ("NCT04576156", "Eastern Cooperative Oncology Group Performance Status score of 0, 1, or 2",
     "You have ECOG Performance Status score of 0, 1, or 2. ECOG means a doctor's score of how well you can do daily "
     "tasks."),  # the group's name is dropped (test_review_wording_3), the scale's short name keeps its capitals
    ("NCT02724163", "Acute Promyelocytic Leukaemia.", "You have Acute Promyelocytic Leukaemia."),
])
def test_title_case_at_the_start(nct_id, original, plain):
    assert _item(nct_id, original).plain == plain
