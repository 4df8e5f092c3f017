"""Rule-based plain-English rewriter for one eligibility item.

Steps, each small and predictable so the fidelity checker can vouch for it:
spell out symbols, frame the sentence in the second person ("You can join
if you ..."), then swap or explain medical words from the lexicon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from .lexicon import EXPLAIN, REPLACE, Lexicon, default_lexicon

INCLUDE_OPENER = "You can join if you"
EXCLUDE_OPENER = "You cannot join if you"
INCLUDE_LABEL = "Required:"
EXCLUDE_LABEL = "Not allowed:"
MODAL_OPENER = "To join,"
_OPENERS = (EXCLUDE_OPENER, INCLUDE_OPENER, INCLUDE_LABEL, EXCLUDE_LABEL, MODAL_OPENER)


def strip_opener(plain: str) -> str:
    """The framing words we add ("You cannot join if you") are not facts of the original."""
    for opener in _OPENERS:
        if plain.startswith(opener):
            return plain[len(opener):]
    return plain


@dataclass
class RewriteContext:
    """Per-trial state: which explained terms were already explained."""

    explained: set[str] = field(default_factory=set)
    pending: list[str] = field(default_factory=list)  # "X means Y." sentences for the current item
    terms_seen: int = 0
    terms_covered: int = 0


class Rewriter(Protocol):
    """Anything that turns one item into plain text (checked for fidelity afterwards)."""

    def rewrite(self, text: str, section: str, framed: bool, context: RewriteContext) -> str: ...


# --- symbols ---------------------------------------------------------------
_SYMBOL_RULES: list[tuple[re.Pattern[str], str]] = [(re.compile(p), r) for p, r in [
    (r"(\d)\s*[x×X*]\s*(?=(?:the\s+)?(?:institutional\s+)?(?:ULN|ULRR|LLN|IULN|upper limit|lower limit)\b)", r"\1 times "),
    (r"\b[Aa]ge[ds]?[ \t]*(?:of[ \t]*)?(?:≥|>=|⩾|≧)[ \t]*(\d+)[ \t]*(years?)\b", r"aged \1 \2 or older"),
    (r"\b[Aa]ge[ds]?[ \t]*(?:of[ \t]*)?(?:≥|>=|⩾|≧)[ \t]*(\d+)(?!\.\d)(?=[ \t]*(?:[,.;)]|$|and\b|or\b|with\b))", r"aged \1 or older"),
    (r"\b[Aa]ge[ds]?[ \t]*(?:of[ \t]*)?(?:≤|<=|⩽|≦)[ \t]*(\d+)[ \t]*(years?)\b", r"aged \1 \2 or younger"),
    (r"\b[Aa]ge[ds]?[ \t]*(?:of[ \t]*)?(?:≤|<=|⩽|≦)[ \t]*(\d+)(?!\.\d)(?=[ \t]*(?:[,.;)]|$|and\b|or\b|with\b))", r"aged \1 or younger"),
    (r"\bbetween\s+(\d+(?:\.\d+)?)\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?)", r"between \1 and \2"),
    (r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:-|–|—)\s*(\d+(?:\.\d+)?)(?![\d-])(?!\s*(?:-|–))", r"\1 to \2"),
    (r"(\d)\s*(?:~|～)\s*(\d)", r"\1 to \2"),
    (r"(?:≥|>=|=>|⩾|≧)\s*", " at least "),
    (r"(?:≤|<=|=<|⩽|≦)\s*", " at most "),
    (r"(?<![-=])(?:>|˃)\s*", " more than "),
    (r"(?<![-=])(?:<|﹤)(?!-)\s*", " less than "),
    (r"±\s*", " plus or minus "),
    (r"\be\.g\.,?", "for example"),
    (r"\bi\.e\.,?", "that is"),
    (r"\betc\.", "and so on"),
    (r"\bvs\.?(?=\s)", "versus"),
    (r"\b(\d+)\s*(?:yrs?|y/o|yo)\b", r"\1 years"),
    (r"\s+/\s+", "/"),
]]
_OF_BEFORE_COMPARISON = re.compile(
    r"\b(?!(?:is|are|was|were|be|been|being|of|to|than|at|and|or|with|for|by|from|in|on|aged|age|be|has|have|had|score|if|when|who|that|which|not|no|the|a|an)\b)"
    r"(?![\w-]*(?:ing|ed)\b)([A-Za-z][\w-]*[A-Za-z0-9)%])(\)?)\s+(at least|at most|more than|less than)\s+(?=[\d.])")
_SPACES = re.compile(r"[ \t]+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:)])")


def spell_out_symbols(text: str) -> str:
    for pattern, replacement in _SYMBOL_RULES:
        text = pattern.sub(replacement, text)
    text = _OF_BEFORE_COMPARISON.sub(lambda m: f"{m.group(1)}{m.group(2)} of {m.group(3)} ", text)
    return _SPACES.sub(" ", text).strip()


# --- framing -----------------------------------------------------------------
_SUBJECT = r"(?:the\s+)?(?:patients?|subjects?|participants?|individuals?|persons?|people|volunteers?|candidates?|pts\.?)"
_RE_SUBJ_WHO = re.compile(rf"^{_SUBJECT}\s+(?:who|that)\s+(\S+)\s*(.*)$", re.IGNORECASE | re.DOTALL)
_RE_SUBJ_MODAL = re.compile(rf"^{_SUBJECT}\s+(must|should|will|shall|need to|needs to|has to|have to)\s+(.*)$", re.IGNORECASE | re.DOTALL)
_RE_SUBJ_WITH = re.compile(rf"^{_SUBJECT}\s+(with|having)\s+(.*)$", re.IGNORECASE | re.DOTALL)
_RE_SUBJ_BE = re.compile(rf"^{_SUBJECT}\s+((?:aged|age|older|younger|between|at least|over|under|currently|on|in|receiving|undergoing|scheduled|planned|planning|eligible|able|unable|willing|unwilling|diagnosed|treated|previously)\b.*)$", re.IGNORECASE | re.DOTALL)
_RE_SUBJ_VERB = re.compile(rf"^{_SUBJECT}\s+(\S+)\s*(.*)$", re.IGNORECASE | re.DOTALL)
_RE_FIRST = re.compile(r"^(\S+)\s*(.*)$", re.DOTALL)

_BE_FORMS = {"is": "are", "are": "are", "was": "were", "were": "were", "has": "have", "have": "have",
             "had": "had", "does": "do", "do": "do", "did": "did", "be": "are"}
_THIRD_PERSON_VERBS = frozenset("""meets agrees provides understands lives speaks reads writes plans requires needs takes uses
receives suffers presents weighs resides works consents signs wants intends expects demonstrates shows carries tests
experiences develops smokes drinks consumes reports belongs fulfills fulfils satisfies completes qualifies accepts
participates agree""".split())
_BASE_VERBS = frozenset("""have meet agree provide understand live speak read write plan require need take use receive
suffer present weigh reside work consent sign want intend expect demonstrate show carry experience develop smoke drink
consume report belong fulfill fulfil satisfy complete qualify accept participate undergo comply own possess attend
commit practice practise own""".split())
_PAST_VERBS = frozenset("""provided received underwent had completed signed experienced took used developed showed
demonstrated gave participated started stopped smoked attended required needed reported lived""".split())
_EVENT_PARTICIPLES = frozenset("""diagnosed treated born vaccinated infected exposed admitted referred randomized
randomised enrolled operated tested injured bitten transplanted resected""".split())
_STATE_WORDS = frozenset("""able unable willing unwilling eligible capable pregnant breastfeeding lactating nursing fluent
aged male female healthy ambulatory literate competent stable scheduled planned planning allergic intolerant
hospitalized hospitalised available currently older younger over under between aware dependent intubated sexually
hemodynamically clinically medically post-menopausal postmenopausal premenopausal menopausal sterile infertile obese
overweight right-handed left-handed ready fit suitable unsuitable free positive negative seropositive seronegative
resistant refractory intolerant naive naïve na\u00efve on in at""".split())
_NOT_VERBS_ING = frozenset("""ongoing bleeding during including following according existing preexisting pre-existing
remaining underlying morning screening training something nothing anything everything swelling hearing dosing
long-acting short-acting lasting life-threatening sibling wedding""".split())
_HAVE_HEADS = re.compile(
    r"(?:itis|osis|emia|aemia|oma|omas|pathy|pathies|algia|ectomy|plasia|trophy|ia|ias|ism|"
    r"disease|diseases|disorder|disorders|infection|infections|cancer|cancers|failure|injury|injuries|history|"
    r"dysfunction|impairment|condition|conditions|illness|illnesses|allergy|allergies|hypersensitivity|symptoms|"
    r"symptom|pain|tumor|tumors|tumour|tumours|lesion|lesions|evidence|diagnosis|malignancy|malignancies|"
    r"abnormality|abnormalities|problems?|syndrome|syndromes|deficiency|insufficiency|metastases|metastasis|"
    r"complications?|contraindications?|carcinoma|ulcers?|wounds?|fracture|fractures|hepatitis|HIV|anemia|"
    r"stroke|attack|arrhythmias?|effusions?|bleeding|thrombosis|embolism|dementia|depression|seizures?|"
    r"epilepsy|addiction|dependence|abuse|hypertension|diabetes|obesity|asthma|angina|mutations?|"
    r"comorbidity|comorbidities|implants?|pacemaker|device|devices|catheter|sensitivity|intolerance|"
    r"risk|score|level|levels|count|function|values?|results?)$",
    re.IGNORECASE)
_ARTICLE_NOUNS = re.compile(r"^((?:(?:a\s+)?(?:known|documented|prior|previous|past|confirmed|clinical|current|"
                            r"positive|family|medical|significant|recent|personal)\s+)*)(history|diagnosis)\b", re.IGNORECASE)
_NP_HEAD_STOP = re.compile(
    r"\s(?:of|with|to|in|within|aged|who|that|which|who|for|at|as|due|requiring|defined|on|from|by|or|and|including|"
    r"such|other|than|greater|more|less|at|during|before|after|per|using|based|according|via|like|unless|except|"
    r"if|when)\b|[,(;:]", re.IGNORECASE)
_PERSONS = frozenset("""smoker user drinker participant employee member carrier candidate resident volunteer woman man
adult child patient subject female male athlete donor recipient speaker student worker caregiver partner person
individual vegetarian vegan nonsmoker non-smoker ex-smoker prisoner inmate""".split())
_LABEL_STARTS = frozenset("""participation use treatment receipt administration intake consumption exposure enrollment
enrolment pregnancy lactation failure refusal plan plans need requirement intention subjects
patients people travel vaccination surgery therapy transplantation transplant donation blood
breastfeeding breast-feeding smoking""".split())
_ADVERBS = frozenset("currently previously recently newly clinically medically histologically cytologically "
                     "pathologically radiologically already still also otherwise sexually hemodynamically".split())


def _lower_first(text: str) -> str:
    """Lower-case the first word unless it is an acronym or a name-like token."""
    match = re.match(r"^([A-Z])([a-z'’-]*)\b", text)
    if not match:
        return text
    word = match.group(0)
    if word in {"I"}:
        return text
    return word.lower() + text[len(word):]


def _base_form(verb: str) -> str:
    low = verb.lower()
    if low in _BE_FORMS:
        return _BE_FORMS[low]
    if low.endswith("ies"):
        return low[:-3] + "y"
    if low.endswith(("sses", "shes", "ches", "xes", "zes")):
        return low[:-2]
    return low[:-1] if low.endswith("s") else low


def frame_body(text: str) -> tuple[str, str] | None:
    """Turn the start of a criterion into a 'you ...' clause; kind is 'you' or 'label'.

    Returns (kind, clause). 'you' clauses follow "You can join if"; 'label'
    clauses follow "Required:" / "Not allowed:". None when nothing safe fits.
    """
    text = text.strip()
    if not text:
        return None
    m = _RE_SUBJ_MODAL.match(text)
    if m:
        return "modal", f"you {m.group(1).lower()} {m.group(2)}"
    m = _RE_SUBJ_WHO.match(text)
    if m:
        verb, rest = m.group(1), m.group(2)
        low = verb.lower()
        if low in _BE_FORMS or low in _THIRD_PERSON_VERBS:
            return "you", f"you {_base_form(verb)} {rest}".strip()
        if low in {"must", "should", "will", "can", "may", "cannot"}:
            return "modal", f"you {low} {rest}"
        return "you", f"you {low} {rest}".strip()
    m = _RE_SUBJ_WITH.match(text)
    if m:
        return "you", f"you have {m.group(2)}"
    m = _RE_SUBJ_BE.match(text)
    if m:
        return "you", f"you are {_lower_first(m.group(1))}"
    m = _RE_SUBJ_VERB.match(text)
    if m and (m.group(1).lower() in _BE_FORMS or m.group(1).lower() in _THIRD_PERSON_VERBS):
        return "you", f"you {_base_form(m.group(1))} {m.group(2)}".strip()
    return _frame_subjectless(text)


def _frame_subjectless(text: str) -> tuple[str, str] | None:
    m = _RE_FIRST.match(text)
    if not m:
        return None
    first, rest = m.group(1), m.group(2)
    low = first.lower().rstrip(",")
    if low in _ADVERBS and rest:
        inner = _frame_subjectless(rest)
        if inner and inner[0] == "you" and re.match(r"you (are|were|have) ", inner[1]):
            verb, tail = inner[1][4:].split(" ", 1)
            return "you", f"you {verb} {low} {tail}"
        if inner and inner[0] == "you" and inner[1].startswith("you "):
            return "you", f"you {low} {inner[1][4:]}"
        return None
    if low in ("no",):
        return "you", f"you have {_lower_first(text)}"
    if low == "not":
        nxt = rest.split(" ", 1)[0].lower()
        if nxt in {"have", "has"}:
            return "you", f"you do not have {rest.split(' ', 1)[1] if ' ' in rest else ''}".strip()
        return "you", f"you are not {rest}"
    if low in {"inability", "unable"} and rest.lower().startswith("to "):
        return "you", f"you are unable {rest}"
    if low in {"ability", "able"} and rest.lower().startswith("to "):
        return "you", f"you are able {rest}"
    if low in {"willingness", "willing"} and rest.lower().startswith(("to ", "and ")):
        return "you", f"you are willing {rest}"
    if low == "unwillingness" and rest.lower().startswith(("to ", "or ")):
        return "you", f"you are unwilling {rest}"
    if low in _BE_FORMS and low not in {"had"}:
        return "you", f"you {_BE_FORMS[low]} {rest}".strip()
    if low == "had":
        return "you", f"you had {rest}"
    if low in _THIRD_PERSON_VERBS:
        return "you", f"you {_base_form(low)} {rest}".strip()
    if low in _BASE_VERBS:
        return "you", f"you {low} {rest}".strip()
    if low in _PAST_VERBS:
        return "you", f"you {low} {rest}".strip()
    nxt = rest.split(" ", 1)[0].lower() if rest else ""
    prep_next = nxt in {"with", "by", "for", "to", "at", "in", "as", "on", "from", "within", "into", "under", "after", "before", "prior"}
    if low in _EVENT_PARTICIPLES and (prep_next or not rest):
        return "you", f"you were {low} {rest}".strip()
    if low in _STATE_WORDS and low not in {"on", "in", "at"}:
        return "you", f"you are {low} {rest}".strip()
    if low.endswith("ing") and low not in _NOT_VERBS_ING and low.isalpha() and len(low) > 4:
        if low == "having":
            return "you", f"you have {rest}"
        if low == "being":
            return "you", f"you are {rest}"
        return "you", f"you are {low} {rest}".strip()
    return _frame_noun_phrase(text, low)


def _frame_noun_phrase(text: str, first: str) -> tuple[str, str] | None:
    if first in _LABEL_STARTS:
        return None
    stop = _NP_HEAD_STOP.search(" " + text)
    np = (" " + text)[: stop.start()].strip() if stop else text
    words = np.split()
    if not words:
        return None
    head = words[-1].lower().strip(".;:,")
    single = head[:-1] if head.endswith("s") and head[:-1] in _PERSONS else head
    if single in _PERSONS and "and" not in words and "or" not in words:
        body = _lower_first(text)
        if single != head:
            body = re.sub(rf"\b{re.escape(words[-1])}\b", words[-1][:-1], body, count=1)
        article = "an" if body[:1].lower() in "aeiou" else "a"
        return "you", f"you are {article} {body}"
    if _HAVE_HEADS.search(head) or head.isupper():
        body = _lower_first(text)
        article = _ARTICLE_NOUNS.match(body)
        if article and not body.lower().startswith("a "):
            body = "a " + body
        return "you", f"you have {body}"
    return None


# --- lexicon -------------------------------------------------------------------
def apply_lexicon(text: str, lexicon: Lexicon, context: RewriteContext) -> str:
    """Replace or explain every lexicon term in one left-to-right pass."""
    out: list[str] = []
    last = 0
    depth_at = _paren_depths(text)
    for match in lexicon.find(text):
        entry = match.entry
        span = text[match.start:match.end]
        out.append(text[last:match.start])
        last = match.end
        context.terms_seen += 1
        if entry.mode == REPLACE:
            plain = entry.plain
            if span[:1].isupper() and not entry.case_sensitive and plain[:1].islower():
                plain = plain[:1].upper() + plain[1:]
            out.append(plain)
            context.terms_covered += 1
        elif entry.mode == EXPLAIN:
            key = entry.plain.lower()
            inside = depth_at[match.start] > 0
            followed = text[match.end:match.end + 2].lstrip().startswith("(")
            if key in context.explained:
                context.terms_covered += 1
                out.append(span)
            elif inside or followed or entry.plain.lower() == span.lower():
                out.append(span)
                if entry.plain.lower() == span.lower():
                    context.terms_covered += 1
            else:
                context.explained.add(key)
                context.terms_covered += 1
                out.append(span)
                context.pending.append(f"{span[:1].upper()}{span[1:]} means {entry.plain}.")
        else:
            out.append(span)
    out.append(text[last:])
    return "".join(out)


def _paren_depths(text: str) -> list[int]:
    depths, depth = [], 0
    for char in text:
        if char == "(":
            depth += 1
        depths.append(depth)
        if char == ")" and depth:
            depth -= 1
    depths.append(depth)
    return depths


# --- sentences -------------------------------------------------------------------
_SENTENCE_SPLIT = re.compile(r"(?<=[a-z0-9)%][.!?])\s+(?=[A-Z])")
_TRAILING = re.compile(r"[\s;,]+$")


def finish_sentence(text: str) -> str:
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", text)).strip()
    text = _TRAILING.sub("", text)
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    if text[-1] not in ".!?:" and not re.search(r"\b(?:or|and)$", text):
        text += "."
    return text


class RuleBasedRewriter:
    """Default offline rewriter: symbols, second-person framing, lexicon."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or default_lexicon()

    def rewrite(self, text: str, section: str, framed: bool, context: RewriteContext) -> str:
        context.pending = []
        sentences = _SENTENCE_SPLIT.split(spell_out_symbols(text)) or [""]
        first, rest = sentences[0], sentences[1:]
        if framed and section in ("inclusion", "exclusion"):
            first = self._frame(first, section, context)
        else:
            first = apply_lexicon(first, self.lexicon, context)
        rest = [apply_lexicon(s, self.lexicon, context) for s in rest]
        notes, context.pending = context.pending, []
        return " ".join(finish_sentence(s) for s in [first, *rest, *notes] if s.strip())

    def _frame(self, sentence: str, section: str, context: RewriteContext) -> str:
        framed = frame_body(sentence.strip())
        include = section == "inclusion"
        if framed is None or framed[0] == "modal":
            if framed is not None and include:
                return MODAL_OPENER + " " + apply_lexicon(framed[1], self.lexicon, context)
            label = INCLUDE_LABEL if include else EXCLUDE_LABEL
            return f"{label} {apply_lexicon(_lower_first(sentence), self.lexicon, context)}"
        clause = apply_lexicon(framed[1], self.lexicon, context)
        opener = INCLUDE_OPENER if include else EXCLUDE_OPENER
        return f"{opener} {clause[4:]}" if clause.startswith("you ") else f"{opener} {clause}"
