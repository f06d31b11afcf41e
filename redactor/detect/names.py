"""What a person's name looks like in police correspondence: shared by the name recognisers.

Not a recogniser itself: ranks and titles that introduce names, words that are never part
of a name, and `name_spans`, which trims a candidate span down to the name inside it.
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from spacy.lang.en.stop_words import STOP_WORDS

from redactor.detect.name_lists import is_acronym, is_known_first_name, is_known_name_word

# Courtesy titles and police ranks that precede a name. Matched case-sensitively, with an
# optional trailing full stop and an optional acting/temporary prefix (A/, T/).
TITLES = (
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame", "Lord",
    "Lady", "Rev", "Revd", "Cllr", "Councillor",
)  # fmt: skip
RANKS = (
    "PC", "DC", "PS", "DS", "DI", "DCI", "DSU", "DCS", "TDC", "PCSO", "SC", "SPC",
    "Sgt", "Insp", "Supt", "Ch Supt", "C/Supt", "Det Supt", "Ch Insp", "C/Insp",
    "Det Sgt", "Det Con", "Det Insp", "ACC", "DCC", "CC", "Cmdr", "Comm",
    "Constable", "Police Constable", "Detective Constable", "Special Constable",
    "Sergeant", "Police Sergeant", "Detective Sergeant", "Inspector", "Detective Inspector",
    "Chief Inspector", "Detective Chief Inspector", "Superintendent",
    "Detective Superintendent", "Chief Superintendent", "Detective Chief Superintendent",
    "Commander", "Chief Constable", "Deputy Chief Constable", "Assistant Chief Constable",
    "Commissioner", "Deputy Commissioner", "Assistant Commissioner", "Officer",
    # police staff in custody: designated detention officers ("DDO B Hustakova")
    "DDO", "Detention Officer", "Designated Detention Officer", "Nurse", "Custody Nurse",
)  # fmt: skip


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


TITLE_OR_RANK = rf"(?:(?:A|T)/)?(?:{_alternation(TITLES + RANKS)})\.?"
RANK_ALTERNATIVES = _alternation(RANKS)  # the ranks alone, longest first
COURTESY_TITLE = rf"(?:{_alternation(TITLES)})\.?"

# One word of a name: Harper, O'Brien, Smith-Jones, McDonald, SMITH, or an initial "J.".
# Letters of any script (Froń, Gheorghiță, ESENTÜRK), combining marks included.
NAME_WORD = r"\p{Lu}(?:[\p{L}\p{M}'’\-]*[\p{L}\p{M}])?\.?"
# Lower-case words inside a surname: "van den Berg", "das Neves", "dos Santos", "della Rosa".
_PARTICLE = r"(?:de|da|das|do|dos|des|del|della|di|du|van|von|der|den|le|la|bin|al|el|ter|ten)"
# Up to four words on one line, single-spaced (PDF text joins words with one space); up to
# two particles before a word ("Vince van den Berg").
NAME = rf"{NAME_WORD}(?:[ ](?:{_PARTICLE}[ ]){{0,2}}{NAME_WORD}){{0,3}}"

_FORCE_AND_ROLE_WORDS = {
    # salutations, sign-offs and addressing words
    "dear", "hi", "hello", "morning", "afternoon", "evening", "regards", "thanks", "thank",
    "kind", "best", "wishes", "cheers", "sincerely", "faithfully", "sir", "madam",
    "all", "everyone", "team", "colleague", "colleagues", "requester", "requestor",
    "applicant", "customer", "user", "author", "chair", "chairman", "chairperson",
    "apologies", "present", "attendees", "minutes", "action", "actions", "agenda",
    # organisations, places of work, roles
    "police", "constabulary", "force", "service", "services", "office", "officer", "officers",
    "station", "unit", "department", "dept", "directorate", "division", "command", "branch",
    "headquarters", "hq", "council", "authority", "agency", "commission", "ministry",
    "government", "home", "court", "courts", "crown", "prosecution", "ltd", "limited", "plc",
    "university", "college", "school", "hospital", "nhs", "trust", "board", "panel",
    "group", "committee", "centre", "center", "head", "manager", "lead", "director",
    "chief", "deputy", "assistant", "acting", "temporary", "detective", "constable",
    "sergeant", "inspector", "superintendent", "commissioner", "commander", "staff",
    "mailbox", "inbox", "desk", "admin", "administrator", "secretariat", "operation",
    "analyst", "investigator", "caseworker", "clerk", "secretary", "technician", "practitioner",
    "specialist", "consultant", "volunteer", "paralegal", "lawyer", "solicitor", "barrister",
    "paramedic", "interpreter", "supervisor", "controller", "dispatcher", "receptionist",
    "informant", "detainee", "complainant", "defendant", "suspect", "offender", "caller",
    "accused", "prisoner", "nominal", "claimant", "appellant", "respondent",
    # command roles (Gold / Silver / Bronze command structure) and operation words
    "gold", "silver", "bronze", "tactical", "strategic", "operational", "loggist", "op",
    "opn", "ops", "exercise", "adviser", "advisor", "operator", "coordinator",
    # placeholders in person fields ("Suspect: Unknown male")
    "unknown", "unidentified", "anonymous", "male", "female", "withheld", "redacted", "various",
    # documents and legislation
    "foi", "freedom", "information", "rights", "request", "requests", "response", "disclosure",
    "act", "acts", "section", "sections", "regulation", "regulations", "schedule", "part",
    "order", "bill", "code", "policy", "procedure", "guidance", "report", "form",
    "appendix", "annex", "page", "subject", "sent", "date", "ref", "reference", "re", "fw",
    "fwd", "official", "sensitive", "restricted", "secret", "protect", "marking",
    "internal", "external", "confidential", "draft", "final", "version", "note", "notes",
    "facial", "recognition", "live", "application", "cancellation", "briefing",
    "template", "log", "case", "crime", "incident", "tel", "telephone", "mobile", "email",
    "fax", "ext", "direct", "dial", "address", "name", "collar", "shoulder", "rank",
    "warrant", "number", "signature", "signed", "dob", "yes", "no", "n/a", "tbc", "nil",
    "id", "pnc", "nino", "ni", "urn", "custody", "detention", "detained", "statement",
    "witness", "victim", "time", "place", "bulletin", "neighbourhood", "surgery", "drop",
    "vehicle", "registration", "healthcare", "review", "reviews", "record", "records",
    "search", "deployment", "intelligence", "seen", "arrested", "offence", "grounds",
    # form labels and relations standing in a name's place ("Relationship | Mother",
    # "Initials | Role", "Mum's NI number", "National Insurance number"); not "son", "nan" or
    # "friend", which are names or surnames too (Sơn, Nan, Friend)
    "relationship", "relation", "role", "initials", "occupation", "nationality", "ethnicity",
    "gender", "description", "circumstances", "details", "status", "location", "beat",
    "sector", "postcode", "national", "insurance", "mother", "father", "mum", "mummy", "mom",
    "dad", "daddy", "parent", "parents", "guardian", "stepfather", "step-father", "stepmother",
    "step-mother", "stepdad", "step-dad", "stepmum", "step-mum", "sister", "brother",
    "daughter", "aunt", "auntie", "uncle", "grandmother", "grandfather", "grandma", "grandad",
    "granddad", "grandson", "granddaughter", "nephew", "niece", "cousin", "husband", "wife",
    "boyfriend", "girlfriend", "neighbour", "neighbours", "age", "sex", "child", "children",
    "driver", "passenger", "nickname", "nicknames", "alias", "aliases", "associates",
    "witnessed", "idva", "isva", "marac", "mash",
    "cc", "bcc",
    # headings of a report's sections ("A. Background, scope and method")
    "background", "scope", "summary", "introduction", "purpose", "overview", "conclusion",
    "conclusions", "recommendation", "recommendations", "findings", "outcome", "outcomes",
    "receipt",
    # calendar
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "today", "tomorrow", "yesterday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
}  # fmt: skip
NON_NAME_WORDS = frozenset((STOP_WORDS - {"will", "may"}) | _FORCE_AND_ROLE_WORDS)

_TITLE_OR_RANK_RE = regex.compile(rf"^(?:{TITLE_OR_RANK})$")
_WORD_RE = regex.compile(r"\S+")
_NAME_WORD_RE = regex.compile(rf"^{NAME_WORD}$")
_PARTICLE_RE = regex.compile(rf"^{_PARTICLE}$")
_EDGE_PUNCT = "\"'“”‘’()[]<>,;:!?"


_TITLE_WORDS = frozenset(w for t in TITLES + RANKS for w in regex.split(r"[ /]", t))

# Words that introduce a code name: "Op KESTREL", "Operation Blue Fox", "Exercise Unified
# Response". The capitalised words after them name an operation, not a person.
OPERATION_WORDS = ("Operation", "OPERATION", "Op", "OP", "Opn", "Exercise", "EXERCISE")
_AFTER_OPERATION = regex.compile(
    rf"(?<![\w/])(?:{'|'.join(OPERATION_WORDS)})\.?[ \t]+(?:{NAME_WORD}[ \t]+)*$"
)
# Last words of street names: "Water Lane", "Ledgerwood Road". Some are also surnames
# (Lane, Hill, Court, Way, Close); those count as streets only in an address.
STREET_WORDS = frozenset(
    {
        "road", "street", "avenue", "drive", "place", "crescent", "gardens", "square",
        "terrace", "rd", "st", "ave", "lane", "close", "way", "court", "hill", "grove",
        "mews", "parade", "row", "walk", "boulevard", "wharf", "embankment",
    }
)  # fmt: skip
AMBIGUOUS_STREET_WORDS = frozenset({"lane", "close", "way", "court", "hill", "grove", "row"})
_PLACE_PREPOSITION_BEFORE = regex.compile(r"(?:^|\s)(?i:at|in|on|near|off|along|via)[ \t]+$")
# "Walker Lane compound", "Mill Lane junction": a street followed by what stands on it.
_PLACE_NOUN_AFTER = regex.compile(
    r"[ ]+(?:compound|pound|junction|roundabout|underpass|car[ ]park|estate|flats|shops"
    r"|area|end|corner|bridge|crossing|layby|lay-by|subway)(?![\w'’\-])"
)
_SENTENCE_END_AFTER = regex.compile(r"[.;!?]?[ \t]*(?:\n|$)|[.;!?][ ]")
_HOUSE_NUMBER_BEFORE = regex.compile(r"(?:^|[\s,])\d{1,4}[A-Za-z]?,?[ \t]+$")


def is_operation_name(text: str, start: int) -> bool:
    """True when the word at `start` follows "Op" / "Operation" / "Exercise" (and any
    capitalised words in between): it is part of an operation's code name."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_AFTER_OPERATION.search(text, line_start, start))


def is_street_name(text: str, start: int, end: int) -> bool:
    """True when text[start:end] ends in a street word ("Water Lane", "Ledgerwood Road").

    Words that are also surnames (Lane, Hill, Court...) count only in an address: after a
    house number, or followed by a comma and preceded by a comma or a place preposition
    ("Wycliffe House, Water Lane, Wilmslow", "at Fore Close, Northtown").
    """
    comma = text.rfind(",", start, end)
    if comma >= 0:  # "Wycliffe House, Water Lane": the street is the last part
        start = comma + 1
        while start < end and text[start] in " \t\n":
            start += 1
    words = text[start:end].split()
    if len(words) < 2:
        return False
    last = words[-1].strip(".,").lower()
    if last not in STREET_WORDS:
        return False
    if last not in AMBIGUOUS_STREET_WORDS:
        return True
    before = text[max(0, start - 12) : start]
    after = text[end : end + 2]
    if _HOUSE_NUMBER_BEFORE.search(before) or _PLACE_NOUN_AFTER.match(text, end):
        return True
    if _PLACE_PREPOSITION_BEFORE.search(before) and _SENTENCE_END_AFTER.match(text, end):
        return True  # "near the shops on Walker Lane."
    if not after.lstrip(" \t").startswith(","):
        return False
    return before.rstrip(" \t").endswith(",") or bool(_PLACE_PREPOSITION_BEFORE.search(before))


def is_title_or_rank(word: str) -> bool:
    """A title or rank word, case-sensitive ("DI" is a rank, "Di" may be a name)."""
    return bool(_TITLE_OR_RANK_RE.match(word)) or word.rstrip(".") in _TITLE_WORDS


_CALENDAR_ABBREVIATIONS = frozenset(
    """jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun""".split()
)
_DIGIT_NEAR = regex.compile(r"\d")


def _calendar_word_as_name(text: str, start: int, end: int) -> bool:
    """A month or day abbreviation that is also a known name ("Jun", "Sun"), used as a name:
    no digit within a few characters either side on its line ("17 Jun 2025", "Mon, 17")."""
    word = text[start:end]
    if word.casefold() not in _CALENDAR_ABBREVIATIONS or not is_known_name_word(word):
        return False
    if not _NAME_WORD_RE.match(word) or word.isupper():
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    near = text[max(line_start, start - 5) : min(line_end, end + 6)]
    return not _DIGIT_NEAR.search(near)


def is_name_word(word: str) -> bool:
    """A capitalised word that is not a title, rank, common word, month or document term."""
    bare = word.rstrip(".").strip("'’")
    if not bare or not _NAME_WORD_RE.match(word) or is_title_or_rank(word):
        return False
    return bare.lower() not in NON_NAME_WORDS


def _words(text: str, start: int, end: int) -> list[tuple[int, int, bool, bool]]:
    """Each word in text[start:end] with edge punctuation trimmed, as
    (start, end, opens a bracket, ends a phrase with ',' ';' or a closing bracket)."""
    spans = []
    for match in _WORD_RE.finditer(text, start, end):
        s, e = match.span()
        opens = text[s] in "([<"
        closes = text[e - 1] in ",;)]>"
        while s < e and text[s] in _EDGE_PUNCT:
            s += 1
        while e > s and text[e - 1] in _EDGE_PUNCT:
            e -= 1
        if e > s and text[e - 2 : e] in ("'s", "’s") and e - s > 3:
            e -= 2  # possessive: "Harper's" -> "Harper"
        if e > s:
            spans.append((s, e, opens, closes))
    return spans


def _continuation(text: str, end: int) -> list[tuple[int, int]]:
    """The surname on the next line when a one-word name ends its line: "Julie" + "\nMoran".

    Only when the word is the last thing on its line (no comma or full stop after it) and
    the next line starts with name words; at most two words are taken from that line.
    """
    if end >= len(text) or text[end] != "\n":
        return []
    line_end = text.find("\n", end + 1)
    line_end = len(text) if line_end == -1 else line_end
    taken: list[tuple[int, int]] = []
    words = _words(text, end + 1, line_end)
    for s, e, opens, closes in words:
        word = text[s:e]
        if opens or not is_name_word(word) or sum(c.isalpha() for c in word) < 2:
            break  # "E" or "J." on the next line: a code or an initial, not a surname
        if len(taken) == 2:
            break
        taken.append((s, e))
        if closes or text[e - 1] == ".":
            break
    if taken and not _continues_a_name(text, end, taken, words):
        return []
    return taken


def _continues_a_name(
    text: str,
    end: int,
    taken: list[tuple[int, int]],
    words: list[tuple[int, int, bool, bool]],
) -> bool:
    """Whether the words taken from the next line finish the name that ended the line above.

    Not when they begin a longer run of capitalised words ("Port Elsham MIT", the next cell
    of a table row) or are a unit's acronym ("Elsham" / "NPT"); otherwise only when a taken
    word is a known name, or, not right after a rank, the word that ended the line is a known
    first name or the taken words are a surname in capitals (after a rank one word is a
    surname: "DCI Oloyede" / "Agreed" is a surname and the next table cell).
    """
    after = words[len(taken)] if len(words) > len(taken) else None
    if after is not None and text[after[0]].isupper() and not taken_closes(text, taken):
        return False
    if after is not None and text[after[0]].isdigit():
        return False  # "Store 3", "Room 12": a place with its number, not a surname
    if any(is_acronym(text[s:e]) for s, e in taken):
        return False
    line_start = text.rfind("\n", 0, end) + 1
    before = text[line_start:end].split()
    if _after_rank_and_number(before) and not is_known_first_name(before[-1]):
        return False  # "PC 5664 Casa" / "Store 3": a rank, a collar number and the surname
    if any(is_known_name_word(text[s:e]) for s, e in taken):
        return True
    after_rank = len(before) > 1 and is_title_or_rank(before[-2])
    if not before or after_rank:
        return False  # after a rank one word is a surname ("DCI Oloyede" / "Agreed")
    # "Yaman" / "Bilaal": a first name ends the line; "Ayoka" / "OLOWOKEERE": a forename and
    # a surname in capitals, the police style for a member of the public
    shouted = all(text[s:e].isupper() for s, e in taken) and not before[-1].isupper()
    return shouted or is_known_first_name(before[-1])


def _after_rank_and_number(before: list[str]) -> bool:
    """The line ends "RANK NUMBER WORD" ("PC 5664 Casa", "DS 4471 Harper")."""
    return len(before) > 2 and before[-2].isdigit() and is_title_or_rank(before[-3])


def taken_closes(text: str, taken: list[tuple[int, int]]) -> bool:
    """The last taken word ends a phrase: a comma, a semicolon or a full stop after it."""
    end = taken[-1][1]
    return end < len(text) and text[end] in ",;."


def name_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The name(s) inside text[start:end]: one per line, titles and trailing words removed.

    Leading words that are not names (titles, ranks, collar numbers, "Dear") are skipped,
    then the run of name words is kept: "DS 4471 Lucy Harper Head of Unit" gives
    "Lucy Harper"; "Dear Sir" or "Freedom of Information" give nothing.
    """
    result: list[tuple[int, int]] = []
    line_start = start
    for line_end in [*(i for i in range(start, end) if text[i] == "\n"), end]:
        kept: list[tuple[int, int]] = []
        for s, e, opens, closes in _words(text, line_start, line_end):
            word = text[s:e]
            if kept and opens:
                break  # "Lucy Harper (Chair)": the bracket starts something else
            if not kept and is_operation_name(text, s):
                continue  # "Op KESTREL", "Operation Blue Fox": a code name
            if (
                is_name_word(word)
                or (kept and _PARTICLE_RE.match(word))
                or _calendar_word_as_name(text, s, e)
            ):
                kept.append((s, e))
                if closes and (len(kept) > 1 or text[e] in ")]>"):
                    break  # "Lucy Harper, Amir Khan" is two names; "Harper, Lucy" is one
                if word.endswith(".") and sum(c.isalpha() for c in word) > 2:
                    break  # "Tracy Davies. Alerts are...": a full stop, not an initial
            elif kept:
                break
        while kept and _PARTICLE_RE.match(text[kept[-1][0] : kept[-1][1]]):
            kept.pop()
        if len(kept) == 1:
            kept += _continuation(text, kept[0][1])
        if kept and any(sum(c.isalpha() for c in text[s:e]) >= 2 for s, e in kept):
            name_end = kept[-1][1]
            last_word = text[kept[-1][0] : name_end]
            if last_word.endswith(".") and sum(c.isalpha() for c in last_word) >= 2:
                name_end -= 1  # sentence full stop, not an initial ("Davies.", "DAVIES.")
            if not is_street_name(text, kept[0][0], name_end):
                result.append((_with_initial(text, line_start, kept[0][0]), name_end))
        line_start = line_end + 1
    return result


# An initial right before a name, inside the match: "A. Morgan" (the article "A" is not a name
# word, so the run of name words starts after it).
_INITIAL_BEFORE = regex.compile(r"(?<![\w.'’\-])\p{Lu}\.[ ]$")


_BARE_INITIAL_BEFORE = regex.compile(r"(?<=(?:^|[ \t])(?P<rank>\S+)[ ])\p{Lu}[ ]$")


def _with_initial(text: str, line_start: int, start: int) -> int:
    """Where a name starting at `start` starts once an initial just before it on its line, and
    inside the match (from `line_start`), is counted in: "A. Morgan", and after a rank or
    title a capital without its full stop ("DDO A Gianinazzi", where "A" is no article)."""
    found = _INITIAL_BEFORE.search(text, max(line_start, start - 3), start)
    if found:
        return int(found.start())
    bare = _BARE_INITIAL_BEFORE.search(text, max(line_start, start - 2), start)
    if bare and is_title_or_rank(bare.group("rank")):
        return int(bare.start())
    return start


def trim_to_names(text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
    """Replace each pattern match by the name(s) inside it (same score and explanation)."""
    trimmed = []
    for result in results:
        for start, end in name_spans(text, result.start, result.end):
            trimmed.append(
                RecognizerResult(
                    entity_type=result.entity_type,
                    start=start,
                    end=end,
                    score=result.score,
                    analysis_explanation=result.analysis_explanation,
                    recognition_metadata=result.recognition_metadata,
                )
            )
    return trimmed
