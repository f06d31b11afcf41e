"""Person names from the spaCy NER model, with the model's usual mistakes filtered out.

Replaces Presidio's SpacyRecognizer. spaCy's small English model tags many capitalised
non-names as PERSON in police documents: headings, force names ("Metropolitan Police"),
legislation ("Freedom of Information Act"), greetings ("Dear Lucy" includes "Dear").
Spans touching an organisation word are dropped; the rest are trimmed to their name words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from redactor.detect.name_lists import is_acronym, is_known_first_name, is_known_name_word
from redactor.detect.names import is_title_or_rank, name_spans

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

# A spaCy span containing one of these is an organisation, a place or a law, not a person.
NOT_A_PERSON_WORDS = frozenset(
    {
        "police", "constabulary", "force", "service", "office", "council", "agency",
        "act", "section", "regulations", "court", "commission", "commissioner", "unit",
        "department", "directorate", "team", "ltd", "limited", "plc", "trust", "nhs",
        "university", "college", "school", "gchq", "mi5", "mi6", "interpol", "europol",
        "ico", "npcc", "hmicfrs", "iopc", "cps", "nca", "home", "crown", "government",
        # buildings in addresses ("Wycliffe House", "Hale Chambers", "PO Box 77", "Custody Suite")
        "house", "chambers", "tower", "towers", "buildings", "box", "suite",
        # charities, partners and firms ("Victim Support", "Citizens Advice", "Elsham Homes")
        "support", "advice", "homes", "housing", "partnership", "association", "society",
        "foundation", "charity", "solicitors", "llp", "bureau", "enforcement", "policing",
        # commercial places ("Elsham Retail Park", "Kirkby Industrial Estate")
        "retail", "industrial", "business", "shopping",
        # public places and local government ("Ashbury Civic Centre", "Kelsworth Borough
        # Council", "Hartwell Magistrates' Court", "Kelsworth General Hospital")
        "civic", "borough", "county", "parish", "magistrates", "magistrates'", "hospital",
        "station",
    }
)  # fmt: skip
# Force areas and places that the model reads as people when they stand alone.
NOT_A_PERSON_NAMES = frozenset(
    {
        "metropolitan", "met", "thames valley", "west midlands", "greater manchester",
        "merseyside", "kent", "essex", "sussex", "surrey", "hampshire", "dorset", "devon",
        "cornwall", "avon", "somerset", "wiltshire", "gloucestershire", "northumbria",
        "durham", "cleveland", "humberside", "lincolnshire", "norfolk", "suffolk",
        "cambridgeshire", "bedfordshire", "hertfordshire", "northamptonshire",
        "leicestershire", "nottinghamshire", "derbyshire", "staffordshire",
        "warwickshire", "west mercia", "cheshire", "lancashire", "cumbria", "dyfed-powys",
        "gwent", "south wales", "north wales", "north yorkshire", "west yorkshire",
        "south yorkshire", "city of london", "british transport", "scotland",
        "northern ireland", "london", "england", "wales", "britain",
    }
)  # fmt: skip


class SpacyPersonRecognizer(EntityRecognizer):
    """PERSON entities from the spaCy model (via Presidio's NLP artifacts), filtered."""

    NAME = "SpacyPersonRecognizer"
    ENTITIES = ("PERSON",)
    SCORE_FULL_NAME = 0.85
    # A lone word ("Lucy", "Harper") is often right but also often a stray capital.
    SCORE_SINGLE_WORD = 0.6

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=list(self.ENTITIES),
            name=self.NAME,
            supported_language=supported_language,
        )

    def load(self) -> None:
        """Nothing to load: the model runs in the NLP engine."""

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
    ) -> list[RecognizerResult]:
        if nlp_artifacts is None or not nlp_artifacts.entities:
            return []
        results = []
        lowercase = set(LOWER_WORD.findall(text))
        for ent in nlp_artifacts.entities:
            if ent.label_ != "PERSON" or not is_plausible_person(ent.text):
                continue
            for start, end in name_spans(text, ent.start_char, ent.end_char):
                name = text[start:end]
                if name.lower() in NOT_A_PERSON_NAMES or (name.isupper() and " " not in name):
                    continue
                if written_in_lowercase(name, lowercase) or names_a_unit(name):
                    continue
                multiword = " " in name.strip()
                if not multiword and _ARTICLE_BEFORE.search(text, 0, start):
                    continue  # "press the Escape key": a thing, not a person
                if not multiword and not single_word_is_name(text, ent.start_char, start, end):
                    continue
                if multiword and reads_as_words(name):
                    continue
                score = self.SCORE_FULL_NAME if multiword else self.SCORE_SINGLE_WORD
                explanation = AnalysisExplanation(
                    recognizer=self.NAME,
                    original_score=score,
                    textual_explanation="spaCy NER",
                )
                results.append(
                    RecognizerResult(
                        entity_type="PERSON",
                        start=start,
                        end=end,
                        score=score,
                        analysis_explanation=explanation,
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: self.NAME,
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        },
                    )
                )
        return results


# "the", "a" or "an" right before a word (same line): what follows names a thing.
_ARTICLE_BEFORE = regex.compile(r"(?<![\w'’\-])(?i:the|an?)[ ]+$")
# A lowercase word in running text: not part of an email address or web link ("nathan.fisher@").
LOWER_WORD = regex.compile(r"(?<![\w'’\-.@/])[a-z][a-z'’\-]*(?![\w'’\-@/]|\.\w)")


def written_in_lowercase(name: str, lowercase: set[str]) -> bool:
    """Every word of `name` also appears on the page in lowercase ("Law Enforcement" where the
    text says "law enforcement", "Escape" where it says "escape"): a common word the model took
    for a name. Names in context (a rank, a title, a header) come from other recognisers."""
    words = [w.strip(".,'’()\"") for w in name.split()]
    return all(w.lower() in lowercase for w in words if w)


def names_a_unit(name: str) -> bool:
    """Capitalised words ending in a unit's acronym, none of them a known first name:
    "Harbour CID", "Wexley IAG", "Eastmarsh MASH" (but "Carl COX" is a person)."""
    words = name.split()
    if len(words) < 2 or not is_acronym(words[-1]):
        return False
    return not any(is_known_first_name(w) for w in words[:-1])


# Endings of English verbs, abstract nouns and adverbs, rare at the end of a given name.
_WORD_ENDINGS = regex.compile(
    r"(?:ed|ing|ings|ment|ments|tion|tions|sion|sions|ness|ity|ance|ence|ship|able|ible|ly)$"
)
# What may stand just before a one-word name inside the model's span ("Dear Lucy", "DS Khan").
_INTRODUCER = regex.compile(
    r"(?i:dear|hi|hiya|hello|hey|morning|afternoon|evening|thanks|cheers|to|from|cc|and|or)$"
)
# A word that is a sentence of its own at the start of a line or cell: "Agree.", "Noted!".
_ONE_WORD_SENTENCE = regex.compile(r"[.!][ ]+\p{Lu}|[.!]?[ ]*(?:\n|$)")


def reads_as_words(name: str) -> bool:
    """A several-word span that reads as English words: its first word is not a known name and
    ends like an English verb or abstract noun ("Carried Forward", "Agreed Actions"), or no
    word is a known name and one ends so ("Ongoing Review")."""
    words = [w.strip(".,;:()'’") for w in name.split()]
    first = words[0]
    if not is_known_name_word(first) and _WORD_ENDINGS.search(first.casefold()):
        return True  # "Carried Forward", "Agreed Actions": a verb first
    if any(is_known_name_word(w) for w in words):
        return False
    return any(_WORD_ENDINGS.search(w.casefold()) for w in words)


# The capitalised words that follow a word on its line: "Port" + " Elsham MIT".
_CAPITALISED_AFTER = regex.compile(r"(?:[ ]\p{Lu}[\p{L}\p{M}'’\-]*)+")


# Goods after a word, within two lower-case words: the word is their make.
_GOODS_AFTER = regex.compile(
    r"(?:[ ]+[a-z]+){0,2}?[ ]+(?:bike|bicycle|cycle|phone|smartphone|laptop|tablet|watch"
    r"|camera|console|television|tv|van|car|scooter|moped|motorbike|motorcycle|trainers"
    r"|jacket|handbag|bag|wallet|purse)s?(?![\w'’\-])"
)
# A street and a comma right before a word: the word is the town ("Station Road, Ashbury").
_STREET_BEFORE = regex.compile(
    r"\p{Lu}\p{Ll}+\s+(?:Road|Street|Avenue|Drive|Lane|Close|Way|Crescent|Grove|Place|Terrace"
    r"|Gardens|Square|Walk|Rd|St)\.?,[ \t]*$"
)


def single_word_is_name(text: str, span_start: int, start: int, end: int) -> bool:
    """Whether a lone word the model tagged is a name. Not the first word of a unit's name
    ("Port" of "Port Elsham MIT"); a known first name or surname is; otherwise not when the
    model's span had other words before it that are not a title,
    rank or greeting ("Victim Support", "Custody Suite"), when it ends like an English verb
    or abstract noun ("Agreed", "Ongoing"), or when it is a sentence of its own at the start of
    a line ("Agree. Nothing here...")."""
    word = text[start:end]
    run = _CAPITALISED_AFTER.match(text, end)
    if run and (names_a_unit(word + run.group()) or not is_plausible_person(run.group())):
        return False  # "Port" of "Port Elsham MIT", "Ashbury" of "Ashbury Borough Council"
    if _GOODS_AFTER.match(text, end):
        return False  # "Carrera mountain bike", "Samsung mobile phone": a make, not a person
    if _STREET_BEFORE.search(text, max(0, start - 40), start):
        return False  # "along Station Road, Ashbury, with": the town after a street
    before_line = text[text.rfind("\n", 0, start) + 1 : start].split()
    if before_line and before_line[-1].endswith(",") and is_title_or_rank(before_line[-1][:-1]):
        return False  # "Neighbourhood Inspector, Ashbury and Kelsworth": the post's area
    if is_known_name_word(word):
        return True
    before = text[span_start:start].split()
    if before and not (is_title_or_rank(before[-1]) or _INTRODUCER.search(before[-1])):
        return False
    if _WORD_ENDINGS.search(word.casefold()):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    at_line_start = not text[line_start:start].strip()
    return not (at_line_start and _ONE_WORD_SENTENCE.match(text, end))


def is_plausible_person(span_text: str) -> bool:
    """False for spans that are clearly not a person's name, whatever the model says."""
    if any(c.isdigit() for c in span_text) or "@" in span_text or "/" in span_text:
        return False
    words = {w.strip(".,'’()\"").lower() for w in span_text.split()}
    return not words & NOT_A_PERSON_WORDS


_CAPS = r"\p{Lu}[\p{Lu}\p{M}'’\-]*[\p{Lu}\p{M}]"
_CAPITALISED = r"\p{Lu}[\p{Ll}\p{M}][\p{L}\p{M}'’\-]*"
# Two to four capitalised words on one line, at least one of them in capitals.
_CAPS_RUN = regex.compile(
    rf"(?<![\w'’\-])(?:{_CAPS}|{_CAPITALISED})(?:[ ](?:{_CAPS}|{_CAPITALISED})){{1,3}}(?![\w'’\-])"
)
_CAPS_WORD = regex.compile(rf"(?<![\w'’\-]){_CAPS}(?![\w'’\-])")


def text_for_ner(text: str) -> str:
    """`text` with words in capitals written Title case where they stand next to another
    capitalised word ("JULIE MORAN", "Aaron LLOYD"), so the model, trained on ordinary
    casing, can see the name. Same length and offsets as `text`; a lone acronym ("CCTV")
    is left alone. Headings become "Witness Statement" and are filtered like any span.
    """
    if not _CAPS_WORD.search(text):
        return text
    chars = list(text)
    for run in _CAPS_RUN.finditer(text):
        if not _CAPS_WORD.search(run.group()):
            continue
        for word in _CAPS_WORD.finditer(text, run.start(), run.end()):
            written = titled(word.group())
            if len(written) == len(word.group()):
                chars[word.start() : word.end()] = written
    return "".join(chars)


# In a surname, a letter after a hyphen or after an "O'" / "D'" prefix starts a word again:
# "BROWN-DOUGLAS" is read as "Brown-Douglas", "O'DONOHOE" as "O'Donohoe".
_WORD_AGAIN = regex.compile(r"(?<=-|^\p{Lu}['’])\p{Ll}")


def titled(word: str) -> str:
    """A word in capitals as a name is written: "MORAN" "Moran", "O'DOWD" "O'Dowd"."""
    lowered = word[0] + word[1:].lower()
    return str(_WORD_AGAIN.sub(lambda m: m.group().upper(), lowered))
