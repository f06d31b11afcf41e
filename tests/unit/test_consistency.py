import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redactor.consistency import (
    INITIALS,
    RECOGNISER,
    PageIndex,
    Propagator,
    Source,
    by_box_only,
    collect,
    file_initials,
    with_initials,
)
from redactor.log import LogRow
from redactor.models import Finding, overlaps_any


def finding(text: str, page_text: str, entity: str = "PERSON") -> Finding:
    start = page_text.index(text)
    return Finding(start, start + len(text), entity, 0.85, "test", text)


def propagate(first_page: str, found: str, other_page: str, entity: str = "PERSON") -> list[str]:
    sources: dict[tuple[str, str], Source] = {}
    collect(sources, "a.pdf", [[finding(found, first_page, entity)]])
    added = Propagator(sources.values()).page(other_page, [])
    assert all(f.recogniser == RECOGNISER and "a.pdf page 1" in f.explanation for f in added)
    return [f.text for f in added]


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        ("Report by Lucy Harper today", ["Lucy Harper"]),
        ("LUCY HARPER attended", ["LUCY HARPER"]),
        ("Lucy\nHarper attended", ["Lucy\nHarper"]),
        ("Hi Lucy, thanks", ["Lucy"]),
        ("Mr Harper said", ["Harper"]),
        ("Harper and Lucy", ["Harper", "Lucy"]),
        ("Lucyanne Harperson", []),
        ("lucy harper in lower case is still her", ["lucy harper"]),
        ("the harper played; lucy is a word here", []),
    ],
)
def test_names_and_their_parts_are_found_everywhere(other: str, expected: list[str]) -> None:
    assert sorted(propagate("From: Lucy Harper", "Lucy Harper", other)) == sorted(expected)


@pytest.mark.parametrize("other", ["We will review it in May", "Will May attend?"])
def test_ambiguous_name_parts_are_not_propagated_alone(other: str) -> None:
    assert propagate("From: May Will", "May Will", other) == []


def test_emails_match_case_insensitively_and_whole() -> None:
    page = "Email: Lucy.Harper@example.police.uk"
    assert propagate(
        page, "Lucy.Harper@example.police.uk", "to lucy.harper@example.police.uk.", "EMAIL_ADDRESS"
    ) == ["lucy.harper@example.police.uk"]
    assert (
        propagate(
            page,
            "Lucy.Harper@example.police.uk",
            "xlucy.harper@example.police.uk.com",
            "EMAIL_ADDRESS",
        )
        == []
    )


@pytest.mark.parametrize(
    ("found", "other", "expected"),
    [
        ("Kirk O'HAIRE", "O'Haire is said to collect cash", ["O'Haire"]),
        ("Jo BROWN-DOUGLAS", "Brown-Douglas said", ["Brown-Douglas"]),
        ("ĐẶNG Minh", "Đặng said", ["Đặng"]),
    ],
)
def test_a_surname_in_capitals_names_the_same_surname_written_as_a_name(
    found: str, other: str, expected: list[str]
) -> None:
    assert propagate(found, found, other) == expected


def test_existing_findings_are_not_duplicated() -> None:
    sources: dict[tuple[str, str], Source] = {}
    collect(sources, "a.pdf", [[finding("Lucy Harper", "Lucy Harper")]])
    page = "Lucy Harper and Lucy Harper"
    existing = [finding("Lucy Harper", page)]
    result = Propagator(sources.values()).page(page, existing)
    assert [(f.start, f.end) for f in result] == [(0, 11), (16, 27)]


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        ("Julie Moran called", ["Julie Moran"]),
        ("JULIE MORAN called", ["JULIE MORAN"]),
        ("Mr Moran called", ["Moran"]),
        ("called Julie\n\nMoran again", ["Julie\n\nMoran"]),  # two text blocks
    ],
)
def test_surname_first_names_are_found_in_natural_order(other: str, expected: list[str]) -> None:
    assert sorted(propagate("Name: MORAN, Julie", "MORAN, Julie", other)) == sorted(expected)


def test_car_makes_are_not_proposed_as_surnames() -> None:
    assert propagate("From: Sean Ford", "Sean Ford", "a silver Ford Focus") == []


def _search_source_by_source(sources: list[Source], text: str) -> list[tuple[int, int, str]]:
    """The propagation rule spelled out: longest source first, each variant left to right."""
    index = PageIndex(text)
    taken: list[tuple[int, int]] = []
    found = []
    for source in sorted(sources, key=lambda s: -len(s.text)):
        for start, end in index.occurrences(source.text, source.entity_type):
            if not overlaps_any(start, end, taken):
                taken.append((start, end))
                found.append((start, end, source.text))
    return sorted(found)


def test_a_repeat_inside_an_unbounded_match_is_found() -> None:
    assert [(s, e) for s, e in PageIndex("xLee Lee Lee").occurrences("Lee Lee", "PERSON")] == [
        (5, 12)
    ]


_WORDS = ["Ann", "Anna", "ANNA", "anna", "Lee", "Ann Lee", "Annalee", "x", "ann.lee@x.uk", "Åsa"]


@settings(max_examples=300, deadline=None)
@given(
    page=st.lists(st.sampled_from([*_WORDS, " ", "\n", ", ", "."]), max_size=40).map("".join),
    names=st.lists(st.sampled_from([*_WORDS[:-2], "Ann Lee", "ANN LEE", "Åsa"]), max_size=6),
)
def test_one_pass_matches_a_search_source_by_source(page: str, names: list[str]) -> None:
    sources = [Source(n, "PERSON", 0.8, "test") for n in dict.fromkeys(names)]
    sources.append(Source("ann.lee@x.uk", "EMAIL_ADDRESS", 0.9, "test"))
    result = Propagator(sources).page(page, [])
    assert sorted((f.start, f.end, f.text) for f in result) == [
        (s, e, page[s:e]) for s, e, _ in _search_source_by_source(sources, page)
    ]


@pytest.mark.parametrize(
    ("found", "other", "expected"),
    [
        ("Gülşeref Türk", "Call made to Gülşeref: message left", ["Gülşeref"]),
        ("Duyên ĐẶNG", "She says ĐẶNG and two others", ["ĐẶNG"]),
        ("Esentürk ARSLAN", "ARSLAN was arrested; Arslan said", ["ARSLAN", "Arslan"]),
    ],
)
def test_name_parts_in_any_script_are_found(found: str, other: str, expected: list[str]) -> None:
    assert sorted(propagate(f"From: {found}", found, other)) == sorted(expected)


@pytest.mark.parametrize(
    ("collar", "other", "expected"),
    [
        ("4411", "17:52 4411 on scene", ["4411"]),  # an officer called by number in a log
        ("1984", "the Police and Criminal Evidence Act 1984", []),  # reads as a year
        ("2024", "on 3 March 2024", []),
        ("1984AB", "1984AB on scene", ["1984AB"]),
    ],
)
def test_collar_numbers_spread_unless_they_read_as_years(
    collar: str, other: str, expected: list[str]
) -> None:
    assert propagate(f"PC {collar} Hall", collar, other, "COLLAR_NUMBER") == expected


@pytest.mark.parametrize(
    ("found", "other", "expected"),
    [
        ("Livia da Rocha", "da Rocha's nephew; Rocha left", ["da Rocha", "Rocha"]),
        ("Ailbhe Mac Connallta", "in Mac Connallta's name", ["Mac Connallta"]),
        ("Vince van den Berg", "Van den Berg said", ["Van den Berg"]),
    ],
)
def test_a_surname_keeps_its_particle_or_prefix(
    found: str, other: str, expected: list[str]
) -> None:
    assert sorted(propagate(f"From: {found}", found, other)) == sorted(expected)


def test_a_longer_name_takes_the_place_of_a_finding_inside_it() -> None:
    sources: dict[tuple[str, str], Source] = {}
    first = "From: Livia da Rocha"
    collect(sources, "a.pdf", [[finding("Livia da Rocha", first)]])
    page = "In da Rocha's view"
    inner = finding("Rocha", page)
    result = Propagator(sources.values()).page(page, [inner])
    assert [f.text for f in result] == ["da Rocha"]


MINUTES = (
    "Present: Rosalva Fernandez (Council), Bertrand Salmon (Police), Florence Ó Cérúcáin\n"
    "ACTION: RF to contact the landowner.\n"
    "ACTION: FÓC and BS to visit by 30 June.\n"
    "The CPS and the PC on duty agreed. RF or BS as letters: rf, RFX.\n"
    "Owner\nBS\nOpen\n(RF)\nLead: FÓC\nPC\nDS\n"
    "3.6 RF and BS to brief Silver.\nBS will chase.\nPC to attend. DS will call.\n"
    "Seen on camera. RF burned a copy; BS checked it. The CPS noted it.\n"
    "A bag was dropped. BS burned\nthe copy.\n"
)


def test_initials_of_the_files_names_where_a_page_uses_them() -> None:
    names = [
        finding("Rosalva Fernandez", MINUTES),
        finding("Bertrand Salmon", MINUTES),
        finding("Florence Ó Cérúcáin", MINUTES),
    ]
    codes = file_initials([names])
    assert codes == {
        "RF": "Rosalva Fernandez",
        "BS": "Bertrand Salmon",
        "FÓC": "Florence Ó Cérúcáin",
    }
    added = [f for f in with_initials(MINUTES, names, codes) if f.recogniser == INITIALS]
    lines = [(MINUTES.count("\n", 0, f.start), f.text) for f in added]
    assert lines == [
        (1, "RF"),
        (2, "FÓC"),
        (2, "BS"),
        (5, "BS"),
        (7, "RF"),
        (8, "FÓC"),
        (11, "RF"),  # numbered minutes: "3.6 RF and BS to brief"
        (11, "BS"),
        (12, "BS"),  # an action on a line of its own; "PC to attend" is a rank
        (14, "RF"),  # opening a sentence, before what they did
        (14, "BS"),
        (15, "BS"),  # the verb ends its line
    ]


def test_ranks_and_titles_are_never_initials() -> None:
    names = [
        finding("Peter Collins", "Peter Collins and Dawn Smith"),
        finding("Dawn Smith", "Peter Collins and Dawn Smith"),
    ]
    assert file_initials([names]) == {}
    assert with_initials("Owner\nPC\nDS\n", [], file_initials([names])) == []


def test_initials_are_released_only_if_gone_under_their_box() -> None:
    row = LogRow("r1", "a.pdf", 1, 0, 0, 10, 10, "RFX", "PERSON", "s40(2)", 0.6, INITIALS)
    assert by_box_only(row)
    assert not by_box_only(
        LogRow("r2", "a.pdf", 1, 0, 0, 10, 10, "RFX", "PERSON", "s40(2)", 0.6, "x")
    )
