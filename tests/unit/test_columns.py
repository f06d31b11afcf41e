"""Table headers and form labels give context to bare values: real PDFs, real geometry."""

from pathlib import Path

import pymupdf
import pytest

from redactor.columns import find_in_tables
from redactor.pdf.text import read_page_text

Cell = tuple[float, float, str]


def page_with(tmp_path: Path, cells: list[Cell]) -> list[tuple[str, str]]:
    doc = pymupdf.open()
    page = doc.new_page()
    for x, y, text in cells:
        page.insert_text((x, y), text, fontsize=10)
    doc.save(tmp_path / "t.pdf")
    with pymupdf.open(tmp_path / "t.pdf") as reread:
        found = find_in_tables(read_page_text(reread[0]))
    return [(f.entity_type, f.text) for f in found]


TABLE = [
    (50, 100, "Rank"),
    (120, 100, "Collar No."),
    (200, 100, "Name"),
    (320, 100, "Warrant No."),
    (400, 100, "Ref"),
    (50, 120, "PC"),
    (120, 120, "7627HT"),
    (200, 120, "Annette Daly"),
    (320, 120, "842977"),
    (400, 120, "2216"),
    (50, 140, "DS"),
    (120, 140, "4471"),
    (200, 140, "Victor Fletcher"),
    (320, 140, "-"),
    (400, 140, "1480"),
]


def test_values_under_column_headers(tmp_path: Path) -> None:
    assert sorted(page_with(tmp_path, TABLE)) == sorted(
        [
            ("COLLAR_NUMBER", "7627HT"),
            ("COLLAR_NUMBER", "4471"),
            ("PERSON", "Annette Daly"),
            ("PERSON", "Victor Fletcher"),
            ("WARRANT_NUMBER", "842977"),
        ]
    )


@pytest.mark.parametrize(
    ("label", "value", "expected"),
    [
        ("Warrant No.", "183746", [("WARRANT_NUMBER", "183746")]),
        ("Officer name:", "Toby Hunter", [("PERSON", "Toby Hunter")]),
        ("Shoulder number", "5521", [("COLLAR_NUMBER", "5521")]),
        ("Warrant No.", "not issued", []),
        ("Reference", "183746", []),
        ("Name", "the applicant", []),
    ],
)
def test_values_beside_form_labels(
    tmp_path: Path, label: str, value: str, expected: list[tuple[str, str]]
) -> None:
    assert page_with(tmp_path, [(50, 100, label), (200, 100, value)]) == expected


def test_a_value_above_its_header_is_not_claimed(tmp_path: Path) -> None:
    assert page_with(tmp_path, [(120, 100, "4471"), (120, 140, "Collar No.")]) == []


PUBLIC_TABLE = [
    (50, 100, "Name"),
    (150, 100, "DOB"),
    (230, 100, "VRM"),
    (310, 100, "NI number"),
    (400, 100, "PNC ID"),
    (50, 120, "Jordan Ellis"),
    (150, 120, "14/07/1985"),
    (230, 120, "LR68 WTF"),
    (310, 120, "JG103759A"),
    (400, 120, "98/1234567A"),
    (50, 140, "Amy Jones"),
    (150, 140, "unknown"),
    (230, 140, "ABC 123"),
    (310, 140, "n/k"),
    (400, 140, "-"),
]


def test_members_of_the_public_under_column_headers(tmp_path: Path) -> None:
    assert sorted(page_with(tmp_path, PUBLIC_TABLE)) == sorted(
        [
            ("PERSON", "Jordan Ellis"),
            ("PERSON", "Amy Jones"),
            ("DATE_OF_BIRTH", "14/07/1985"),
            ("VEHICLE_REGISTRATION", "LR68 WTF"),
            ("VEHICLE_REGISTRATION", "ABC 123"),
            ("UK_NINO", "JG103759A"),
            ("PNC_ID", "98/1234567A"),
        ]
    )


@pytest.mark.parametrize(
    ("label", "value", "expected"),
    [
        ("Date of Birth", "12 March 1987", [("DATE_OF_BIRTH", "12 March 1987")]),
        ("D.O.B.", "12.03.87", [("DATE_OF_BIRTH", "12.03.87")]),
        ("Home address", "Rose Cottage, Otley", [("ADDRESS", "Rose Cottage, Otley")]),
        ("Address:", "Rose Cottage, Otley LS21 1AB", [("ADDRESS", "Rose Cottage, Otley")]),
        ("Postcode", "LS21 1AB", [("POSTCODE", "LS21 1AB")]),
        ("Vehicle reg", "KX 1", [("VEHICLE_REGISTRATION", "KX 1")]),
        ("NHS number", "485 777 3456", [("UK_NHS", "485 777 3456")]),
        ("PNC ID", "07/12B", [("PNC_ID", "07/12B")]),
        ("DOB", "not known", []),
        ("Address", "c/o Leeds District Police Station", []),
        ("Postcode", "Leeds", []),
        ("NI number", "QQ 12 34 56 C", []),
        ("Date", "12/03/1987", []),
    ],
)
def test_members_of_the_public_beside_form_labels(
    tmp_path: Path, label: str, value: str, expected: list[tuple[str, str]]
) -> None:
    assert page_with(tmp_path, [(50, 100, label), (200, 100, value)]) == expected


def test_an_address_label_does_not_claim_text_far_below(tmp_path: Path) -> None:
    cells = [(50, 100, "Address"), (50, 115, "Rose Cottage, Otley"), (50, 300, "Summary")]
    assert page_with(tmp_path, cells) == [("ADDRESS", "Rose Cottage, Otley")]


def test_surname_and_forename_columns(tmp_path: Path) -> None:
    cells = [
        (50, 100, "Surname"),
        (150, 100, "Forename"),
        (250, 100, "Grounds"),
        (50, 120, "HUGHES"),
        (150, 120, "Elizabeth"),
        (250, 120, "Smell of cannabis"),
        (50, 160, "Reviews"),  # a heading under the table, alone on its row
        (50, 200, "OFFICIAL-SENSITIVE"),
    ]
    assert sorted(page_with(tmp_path, cells)) == [
        ("PERSON", "Elizabeth"),
        ("PERSON", "HUGHES"),
    ]


def test_labels_below_a_name_label_are_not_names(tmp_path: Path) -> None:
    cells = [
        (50, 100, "Name"),
        (200, 100, "MORAN, Julie"),
        (50, 120, "PNC ID"),
        (200, 120, "07/9286299J"),
        (50, 140, "Offence"),
        (200, 140, "Criminal damage"),
    ]
    assert page_with(tmp_path, cells) == [("PERSON", "MORAN, Julie"), ("PNC_ID", "07/9286299J")]


def test_an_address_under_its_label_ends_at_the_postcode(tmp_path: Path) -> None:
    cells = [
        (50, 100, "Address"),
        (50, 115, "15 Larchfield Drive"),
        (50, 130, "Harrowfield"),
        (50, 145, "HF18 4GJ"),
        (50, 160, "Telephone"),
    ]
    assert sorted(page_with(tmp_path, cells)) == [
        ("ADDRESS", "15 Larchfield Drive"),
        ("ADDRESS", "Harrowfield"),
    ]  # the postcode is left to its own recogniser; "Telephone" is the next field's label


def test_the_next_fields_under_an_address_label_are_no_address(tmp_path: Path) -> None:
    cells = [
        (50, 100, "Name"),
        (200, 100, "Annette Cox-Kaur"),
        (50, 115, "Relationship Mother"),  # label and value read as one line
        (50, 130, "Address"),
        (200, 130, "As missing person"),
        (50, 145, "Telephone"),
        (50, 160, "Email"),
        (50, 175, "3. Circumstances"),
    ]
    assert page_with(tmp_path, cells) == [("PERSON", "Annette Cox-Kaur")]


def test_drivers_nicknames_and_minute_takers_are_people(tmp_path: Path) -> None:
    cells = [
        (50, 100, "Driver"),
        (200, 100, "KALVELIS, Jonas"),
        (50, 115, "Nickname"),
        (200, 115, "Nozza"),
        (50, 130, "Minutes"),
        (200, 130, "I. Bhatti, Professional Standards Department"),
        (50, 145, "Driver searched"),
        (200, 145, "No"),
    ]
    assert page_with(tmp_path, cells) == [
        ("PERSON", "KALVELIS, Jonas"),
        ("PERSON", "Nozza"),
        ("PERSON", "I. Bhatti"),
    ]


def test_who_researched_supervised_or_took_a_referral(tmp_path: Path) -> None:
    cells = [
        (50, 100, "Researcher"),
        (200, 100, "Nomathemba Dlambula, Intelligence Researcher"),
        (50, 115, "IDVA"),
        (200, 115, "Hekima Barasa, Safer Thornvale, referral sent 28/07/2025"),
        (50, 130, "Supervisor"),
        (200, 130, "MORAN, Julie"),
    ]
    assert page_with(tmp_path, cells) == [
        ("PERSON", "Nomathemba Dlambula"),
        ("PERSON", "Hekima Barasa"),
        ("PERSON", "MORAN, Julie"),
    ]


def test_a_hearings_panel_and_a_posts_holder(tmp_path: Path) -> None:
    cells = [
        (50, 100, "Independent panel member"),
        (200, 100, "Hredhaan Dalal"),
        (50, 115, "Minutes"),
        (200, 115, "R. C. Morais, Professional Standards Department"),
        (50, 130, "Missing Persons Coordinator"),
        (200, 130, "Inioluwa Aderibigbe (police staff)"),
    ]
    assert page_with(tmp_path, cells) == [
        ("PERSON", "Hredhaan Dalal"),
        ("PERSON", "R. C. Morais"),
        ("PERSON", "Inioluwa Aderibigbe"),
    ]


def test_whose_statement_and_who_vouches_or_died(tmp_path: Path) -> None:
    cells = [
        (50, 100, "Statement of"),
        (200, 100, "Calixta Márquez"),
        (50, 115, "Age if under 18"),
        (200, 115, "Over 18"),
        (50, 130, "Referee"),
        (200, 130, "Torvald Aasen, Marrow Cross"),
        (50, 145, "Next of kin"),
        (200, 145, "NDLOVU, Sipho (son)"),
        (50, 160, "Custodian"),
        (200, 160, "Records Management Unit"),
    ]
    assert page_with(tmp_path, cells) == [
        ("PERSON", "Calixta Márquez"),
        ("PERSON", "Torvald Aasen"),
        ("PERSON", "NDLOVU, Sipho"),
    ]


def test_a_role_column_beside_initials_is_no_name(tmp_path: Path) -> None:
    cells = [(50, 100, "Name"), (50, 115, "Initials Role"), (50, 130, "Ewatomi Olusanya")]
    assert page_with(tmp_path, cells) == [("PERSON", "Ewatomi Olusanya")]


def _turned_cell(x: float, y: float, rotate: int) -> tuple[float, float]:
    """Where an upright point of a 595 x 842 page lands when the page's text is turned."""
    return {90: (y, 842 - x), 180: (595 - x, 842 - y), 270: (595 - y, x)}[rotate]


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_table_turned_on_the_page_keeps_its_columns(tmp_path: Path, rotate: int) -> None:
    """A table drawn sideways or upside down (as a page scanned sideways is read) is reasoned
    about in upright coordinates."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for x, y, text in TABLE:
        page.insert_text(_turned_cell(x, y, rotate), text, fontsize=10, rotate=rotate)
    doc.save(tmp_path / "t.pdf")
    with pymupdf.open(tmp_path / "t.pdf") as reread:
        found = find_in_tables(read_page_text(reread[0]))
    assert sorted((f.entity_type, f.text) for f in found) == sorted(page_with(tmp_path, TABLE))


@pytest.mark.parametrize(
    ("label", "value", "expected"),
    [
        ("Interpreter", "Anghel Dinu", [("PERSON", "Anghel Dinu")]),
        ("Informant", "Bao Hoang", [("PERSON", "Bao Hoang")]),
        ("Detained person", "ÖLMEZ, Zoë", [("PERSON", "ÖLMEZ, Zoë")]),  # Latin-1: Helvetica
        ("Arresting officer", "José Peña", [("PERSON", "José Peña")]),
        ("Appropriate adult", "Not required", []),
        # a job title in a signature block is not a column of names
        ("Disclosure Officer", "Performance Analyst", []),
        ("Custody Officer", "Harbourside Suite", []),
    ],
)
def test_people_beside_their_part_in_the_case(
    tmp_path: Path, label: str, value: str, expected: list[tuple[str, str]]
) -> None:
    assert page_with(tmp_path, [(50, 100, label), (200, 100, value)]) == expected


def test_an_owner_column_names_people(tmp_path: Path) -> None:
    cells = [
        (50, 100, "Item"),
        (200, 100, "Owner"),
        (320, 100, "Status"),
        (50, 120, "Samsung mobile phone"),
        (200, 120, "Hekima Kamau"),
        (320, 120, "Retained"),
        (50, 140, "Carrera mountain bike"),
        (200, 140, "Unknown"),
        (320, 140, "Disposal authorised"),
        (50, 160, "Ford Transit van"),
        (200, 160, "MNYAMANDE Njabulo"),
        (320, 160, "Released"),
    ]
    assert sorted(page_with(tmp_path, cells)) == [
        ("PERSON", "Hekima Kamau"),
        ("PERSON", "MNYAMANDE Njabulo"),
    ]
