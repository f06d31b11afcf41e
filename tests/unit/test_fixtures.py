"""Checks on the committed fixtures and on the generator that makes them."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pymupdf
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
PDFS = FIXTURES / "pdfs"
GENERATOR = FIXTURES / "generate.py"
ALLOW = ROOT / "rules" / "allow.yaml"

sys.path.insert(0, str(FIXTURES))
import identifiers  # noqa: E402  (fixtures/ is not a package)

ENTITY_TYPES = {
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "WARRANT_NUMBER",
    "COLLAR_NUMBER",
    "SECURITY_BODY",
    "DATE_OF_BIRTH",
    "ADDRESS",
    "POSTCODE",
    "VEHICLE_REGISTRATION",
    "UK_NINO",
    "UK_NHS",
    "PNC_ID",
}
PUNCT = ".,;:()<>\"'!?"


@pytest.fixture(scope="module")
def truth() -> dict[str, list[dict[str, object]]]:
    data: dict[str, list[dict[str, object]]] = json.loads(
        (FIXTURES / "ground-truth.json").read_text()
    )
    return data


@pytest.fixture(scope="module")
def docs() -> dict[str, pymupdf.Document]:
    return {p.name: pymupdf.open(p) for p in sorted(PDFS.glob("*.pdf"))}


def _item_rects(
    truth: dict[str, list[dict[str, object]]], docs: dict[str, pymupdf.Document]
) -> dict[tuple[str, int], list[pymupdf.Rect]]:
    rects: dict[tuple[str, int], list[pymupdf.Rect]] = defaultdict(list)
    for it in truth["items"]:
        key = (str(it["file"]), int(it["page"]))  # type: ignore[call-overload]
        page = docs[key[0]][key[1] - 1]
        rects[key].extend(page.search_for(str(it["text"])))
    return rects


def _core(r: pymupdf.Rect) -> pymupdf.Rect:
    """The middle of a text rect: search rects of adjacent lines overlap at ascenders."""
    q = r.height * 0.3
    return pymupdf.Rect(r.x0 + 0.5, r.y0 + q, r.x1 - 0.5, r.y1 - q)


def _overlap(a: pymupdf.Rect, b: pymupdf.Rect) -> bool:
    return bool(_core(a).intersects(_core(b)))


def test_pdf_folder_holds_only_pdfs() -> None:
    entries = sorted(PDFS.iterdir())
    assert entries, "fixtures/pdfs is empty"
    for e in entries:
        assert e.is_file() and e.suffix == ".pdf", f"non-PDF in fixtures/pdfs: {e.name}"
        assert e.read_bytes()[:5] == b"%PDF-"


LONG_DOCUMENTS = {"foi-correspondence.pdf"}


def test_expected_documents(docs: dict[str, pymupdf.Document]) -> None:
    for name in (
        "email-chain.pdf",
        "authority-form.pdf",
        "briefing.pdf",
        "response-letter.pdf",
        "witness-statement.pdf",
        "custody-record.pdf",
        "neighbourhood-bulletin.pdf",
        "foi-correspondence.pdf",
    ):
        assert name in docs
    for name, doc in docs.items():
        if name in LONG_DOCUMENTS:
            assert 6 <= len(doc) <= 10, f"{name} has {len(doc)} pages"
        else:
            assert 1 <= len(doc) <= 3, f"{name} has {len(doc)} pages"


def _items_of(truth: dict[str, list[dict[str, object]]], entity_type: str) -> list[str]:
    return [str(it["text"]) for it in truth["items"] if it["entity_type"] == entity_type]


def test_identifiers_are_well_formed(truth: dict[str, list[dict[str, object]]]) -> None:
    """Check characters and formats hold, so a validating recogniser can find every one."""
    checks = {
        "UK_NHS": identifiers.is_valid_nhs,
        "UK_NINO": identifiers.is_valid_nino,
        "PNC_ID": identifiers.is_valid_pnc,
        "VEHICLE_REGISTRATION": identifiers.is_valid_vrm,
        "POSTCODE": identifiers.POSTCODE.fullmatch,
        "DATE_OF_BIRTH": re.compile(r"\d{2}/\d{2}/\d{4}|\d{1,2} [A-Z][a-z]+ \d{4}").fullmatch,
    }
    for entity_type, check in checks.items():
        values = _items_of(truth, entity_type)
        assert values, entity_type
        bad = [v for v in values if not check(v)]
        assert not bad, (entity_type, bad)
    plates = _items_of(truth, "VEHICLE_REGISTRATION")
    assert any(re.fullmatch(r"[A-Z]{2}\d{2} [A-Z]{3}", v) for v in plates), "current-style mark"
    assert any(not re.fullmatch(r"[A-Z]{2}\d{2} [A-Z]{3}", v) for v in plates), "older mark"


def test_check_character_rules() -> None:
    """The validators themselves, on worked examples (so the test above can fail)."""
    assert identifiers.is_valid_nhs("943 476 5919")  # NHS Digital's published test number
    assert not identifiers.is_valid_nhs("943 476 5918")
    # year and serial padded to 7 digits read as one number: 120345678 mod 23 = 18 -> "U"
    assert 120345678 % 23 == 18
    assert identifiers.pnc_check_letter("12", "345678") == "U"
    assert identifiers.is_valid_pnc("12/345678U") and identifiers.is_valid_pnc("12/0345678U")
    assert not identifiers.is_valid_pnc("12/345678A")
    assert identifiers.is_valid_nino("JG 10 37 59 A")
    for bad in ("GB 10 37 59 A", "DA 10 37 59 A", "AO 10 37 59 A", "JG 10 37 59 E"):
        assert not identifiers.is_valid_nino(bad), bad


def test_addresses_stop_before_the_postcode(truth: dict[str, list[dict[str, object]]]) -> None:
    for value in _items_of(truth, "ADDRESS"):
        assert not identifiers.POSTCODE.search(value), value


def test_chief_officer_is_on_the_allow_list(truth: dict[str, list[dict[str, object]]]) -> None:
    """The chief officer named in a public role is kept through rules/allow.yaml, not by luck."""
    allowed = {str(t).casefold() for t in yaml.safe_load(ALLOW.read_text())["terms"]}
    chiefs = {str(k["text"]) for k in truth["keep"] if str(k["why"]).startswith("chief officer")}
    assert chiefs
    assert {c.casefold() for c in chiefs} <= allowed, chiefs


def test_names_broken_across_lines(
    truth: dict[str, list[dict[str, object]]], docs: dict[str, pymupdf.Document]
) -> None:
    """Some names end one line and continue on the next; each part is its own PERSON item."""
    broken = []
    for name, doc in docs.items():
        for page in doc:
            parts = {
                str(it["text"])
                for it in truth["items"]
                if it["file"] == name
                and it["page"] == page.number + 1
                and it["entity_type"] == "PERSON"
                and " " not in str(it["text"])
            }
            lines = [ln.strip() for ln in page.get_text().splitlines()]
            for above, below in itertools.pairwise(lines):
                first, last = above.rsplit(" ", 1)[-1], below.split(" ", 1)[0].rstrip(",.")
                if first in parts and last in parts:
                    broken.append((name, page.number + 1, first, last))
    assert len(broken) >= 4, broken


def test_ground_truth_schema(
    truth: dict[str, list[dict[str, object]]], docs: dict[str, pymupdf.Document]
) -> None:
    assert truth["items"] and truth["keep"]
    seen = set()
    for it in truth["items"]:
        assert set(it) == {"file", "page", "text", "entity_type", "exemption"}
        assert it["entity_type"] in ENTITY_TYPES
        expected = "s23(1)" if it["entity_type"] == "SECURITY_BODY" else "s40(2)"
        assert it["exemption"] == expected
        assert it["file"] in docs
        assert 1 <= int(it["page"]) <= len(docs[str(it["file"])])  # type: ignore[call-overload]
        key = (it["file"], it["page"], it["text"], it["entity_type"])
        assert key not in seen, f"duplicate item {key}"
        seen.add(key)
    for k in truth["keep"]:
        assert set(k) == {"file", "page", "text", "why"}
        assert k["file"] in docs and k["text"] and k["why"]
    types = {it["entity_type"] for it in truth["items"]}
    assert types == ENTITY_TYPES, f"missing entity types: {ENTITY_TYPES - types}"


def test_every_item_is_on_its_page(
    truth: dict[str, list[dict[str, object]]], docs: dict[str, pymupdf.Document]
) -> None:
    missing = [
        it
        for it in truth["items"]
        if not docs[str(it["file"])][int(it["page"]) - 1].search_for(str(it["text"]))  # type: ignore[call-overload]
    ]
    assert not missing, missing[:5]


def test_every_keep_is_on_its_page_clear_of_items(
    truth: dict[str, list[dict[str, object]]], docs: dict[str, pymupdf.Document]
) -> None:
    items_by_page: dict[tuple[str, int], set[str]] = defaultdict(set)
    for it in truth["items"]:
        items_by_page[(str(it["file"]), int(it["page"]))].add(str(it["text"]).lower())  # type: ignore[call-overload]
    rects = _item_rects(truth, docs)
    for k in truth["keep"]:
        key = (str(k["file"]), int(k["page"]))  # type: ignore[call-overload]
        text = str(k["text"])
        low = text.lower()
        for s in items_by_page[key]:
            assert s not in low and low not in s, f"keep {text!r} overlaps item {s!r} on {key}"
        hits = docs[key[0]][key[1] - 1].search_for(text)
        assert hits, f"keep {text!r} not found on {key}"
        clear = [h for h in hits if not any(_overlap(h, r) for r in rects[key])]
        assert clear, f"every occurrence of keep {text!r} on {key} touches a sensitive item"


def test_no_unmarked_occurrences(
    truth: dict[str, list[dict[str, object]]], docs: dict[str, pymupdf.Document]
) -> None:
    """Wherever a sensitive string is printed in any fixture, that spot is a ground-truth item."""
    rects = _item_rects(truth, docs)
    texts = {str(it["text"]) for it in truth["items"]}
    problems = []
    for name, doc in docs.items():
        for page in doc:
            key = (name, page.number + 1)
            words = page.get_text("words")
            for text in texts:
                hits = page.search_for(text)
                if " " not in text and text.isalpha():
                    # a bare name counts only where it is a whole word, not part of an address
                    hits = [
                        h
                        for h in hits
                        if any(
                            pymupdf.Rect(w[:4]).contains(h.tl + (h.br - h.tl) / 2)
                            and w[4].strip(PUNCT).lower() == text.lower()
                            for w in words
                        )
                    ]
                for h in hits:
                    if not any(
                        pymupdf.Rect(r.x0 - 1, r.y0 - 1, r.x1 + 1, r.y1 + 1).contains(h)
                        for r in rects[key]
                    ):
                        problems.append((name, key[1], text))
    assert not problems, problems[:10]


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GENERATOR), *map(str, args)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_generator_is_deterministic(tmp_path: Path) -> None:
    _run("--out", tmp_path)
    assert json.loads((tmp_path / "ground-truth.json").read_text()) == json.loads(
        (FIXTURES / "ground-truth.json").read_text()
    )
    made = sorted(p.name for p in (tmp_path / "pdfs").iterdir())
    assert made == sorted(p.name for p in PDFS.iterdir())
    for name in made:
        # same content; bytes are not compared so a PyMuPDF upgrade alone does not fail this
        fresh, committed = pymupdf.open(tmp_path / "pdfs" / name), pymupdf.open(PDFS / name)
        assert [p.get_text() for p in fresh] == [p.get_text() for p in committed], name


def test_bundle_page_count(tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    res = _run("bundle", "--pages", "37", out)
    assert res.stdout.strip() == "37"
    files = sorted(out.iterdir())
    assert files and all(f.suffix == ".pdf" for f in files)
    counts = [len(pymupdf.open(f)) for f in files]
    assert sum(counts) == 37
    assert all(10 <= c <= 40 for c in counts), counts


def test_scans_at_another_resolution_carry_the_same_ground_truth(tmp_path: Path) -> None:
    """`fixtures/scanned.py --dpi`: the page images at that resolution, the same page size in
    points, and each ground-truth box where the 200 dpi scan has it (same seed, same skew)."""
    import scanned  # fixtures/ is on sys.path (see above)

    name = "neighbourhood-bulletin.pdf"
    src = tmp_path / "src"
    (src / "pdfs").mkdir(parents=True)
    (src / "pdfs" / name).write_bytes((PDFS / name).read_bytes())
    truth = json.loads((FIXTURES / "ground-truth.json").read_text(encoding="utf-8"))
    items = [i for i in truth["items"] if i["file"] == name]
    (src / "ground-truth.json").write_text(json.dumps({"items": items}), encoding="utf-8")
    boxes = {}
    for dpi in (150, 200):
        out = tmp_path / str(dpi)
        boxes[dpi] = [i["boxes"] for i in scanned.make_scans(src, out, dpi)["items"]]
        with pymupdf.open(out / "pdfs" / name) as doc, pymupdf.open(PDFS / name) as digital:
            page = doc[0]  # the first file's last page: scanned sideways
            size = sorted((page.rect.width, page.rect.height))
            assert size == pytest.approx(sorted(digital[0].rect[2:]), abs=0.5)
            [image] = page.get_images()
            assert image[2] == round(page.rect.width * dpi / 72)  # pixels across
    assert len(boxes[150]) == len(items)
    for low, high in zip(boxes[150], boxes[200], strict=True):
        for a, b in zip(low, high, strict=True):
            assert a == pytest.approx(b, abs=0.5)
