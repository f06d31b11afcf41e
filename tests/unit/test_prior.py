"""Failed redactions already in an input (PRIOR_REDACTION), found on real PDFs built here."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from pdfs import prior_redaction_pdf, text_pdf

from redactor.errors import InputWarning
from redactor.models import Finding
from redactor.pdf.document import open_pages

ROOT = Path(__file__).resolve().parents[2]
CODES = ("s30(1)", "s40(2)")


def prior_findings(path: Path) -> tuple[list[list[Finding]], list[InputWarning]]:
    warnings: list[InputWarning] = []
    with open_pages(path, path.name, warnings, CODES) as pages:
        return [prior for _, prior in pages], warnings


def test_every_kind_of_failed_redaction_is_found(tmp_path: Path) -> None:
    pages, warnings = prior_findings(prior_redaction_pdf(tmp_path / "prior.pdf"))
    found = [[(f.text, f.entity_type, f.exemption) for f in page] for page in pages]
    assert found == [
        [
            ("Secret Witness Name", "PRIOR_REDACTION", ""),
            ("Black On Black", "PRIOR_REDACTION", ""),
        ],
        [
            ("Operation Kestrel Target", "PRIOR_REDACTION", "s30(1)"),
            ("Highlighted Person", "PRIOR_REDACTION", ""),
            ("Squared Person", "PRIOR_REDACTION", ""),
        ],
    ]
    kinds = [f.explanation for page in pages for f in page]
    assert "dark filled box" in kinds[0] and "unapplied /Redact" in kinds[2]
    assert "highlight" in kinds[3] and "square" in kinds[4]
    assert [(w.kind, w.path) for w in warnings] == [("prior-redaction", "prior.pdf")] * 2
    assert str(warnings[0]).startswith("prior.pdf: page 1: 2 area(s)")
    assert str(warnings[1]).startswith("prior.pdf: page 2: 3 area(s)")


def test_overlay_text_that_is_not_a_known_code_gets_the_policy_default(tmp_path: Path) -> None:
    path = prior_redaction_pdf(tmp_path / "prior.pdf")
    warnings: list[InputWarning] = []
    with open_pages(path, "prior.pdf", warnings, ("s40(2)",)) as pages:
        second = [prior for _, prior in pages][1]
    assert second[0].text == "Operation Kestrel Target" and second[0].exemption == ""


def test_pass_two_reads_text_only(tmp_path: Path) -> None:
    path = prior_redaction_pdf(tmp_path / "prior.pdf")
    with open_pages(path, "prior.pdf") as pages:
        assert [prior for _, prior in pages] == [[], []]


@pytest.mark.parametrize("fixture", sorted((ROOT / "fixtures" / "pdfs").glob("*.pdf")))
def test_no_false_alarm_on_the_fixtures(fixture: Path) -> None:
    """Coloured letterheads, table rules and shaded header cells are not failed redactions."""
    pages, warnings = prior_findings(fixture)
    assert pages and all(page == [] for page in pages) and warnings == []


def test_plain_text_has_none(tmp_path: Path) -> None:
    pages, _ = prior_findings(text_pdf(tmp_path / "plain.pdf", [["Lucy Harper", "Amir Khan"]]))
    assert pages == [[]]


def test_rotated_page(tmp_path: Path) -> None:
    """Drawings, annotations and text share the unrotated page space on a /Rotate 90 page."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Seen by Secret Witness Name today", fontsize=11)
    page.draw_rect(page.search_for("Secret Witness Name")[0].irect, color=None, fill=(0, 0, 0))
    page.insert_text((72, 200), "Highlighted Person", fontsize=11)
    highlight = page.add_highlight_annot(page.search_for("Highlighted Person")[0])
    highlight.set_colors(stroke=(0, 0, 0))
    highlight.update()
    page.set_rotation(90)
    doc.save(tmp_path / "rotated.pdf")
    doc.close()
    pages, _ = prior_findings(tmp_path / "rotated.pdf")
    assert [f.text for f in pages[0]] == ["Secret Witness Name", "Highlighted Person"]


def _picture(colour: tuple[int, int, int]) -> pymupdf.Pixmap:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), False)
    pix.set_rect(pix.irect, colour)
    return pix


def _pasted(path: Path, colour: tuple[int, int, int], rotate: int = 0) -> Path:
    """A line of text with a picture of `colour` pasted over "Secret Witness Name" (painted
    after it), and a line drawn on top of a black picture in white, then in black."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Seen by Secret Witness Name today", fontsize=11)
    over = page.search_for("Secret Witness Name")[0]
    grown = pymupdf.Rect(over.x0 - 1, over.y0 - 1, over.x1 + 1, over.y1 + 1)
    page.insert_image(grown, pixmap=_picture(colour), keep_proportion=False)
    banner = pymupdf.Rect(70, 188, 300, 204)
    page.insert_image(banner, pixmap=_picture((0, 0, 0)), keep_proportion=False)
    page.insert_text((72, 200), "Banner In White", fontsize=11, color=(1, 1, 1))
    page.insert_text((200, 200), "Black On Black", fontsize=11)
    page.set_rotation(rotate)
    doc.save(path)
    doc.close()
    return path


@pytest.mark.parametrize("rotate", [0, 90])
def test_a_black_picture_pasted_over_text_is_a_failed_redaction(
    tmp_path: Path, rotate: int
) -> None:
    """Under a black picture painted after it: found. On a black picture, in white: visible,
    not found; in black: hidden, found."""
    pages, warnings = prior_findings(_pasted(tmp_path / "pasted.pdf", (0, 0, 0), rotate))
    assert [f.text for f in pages[0]] == ["Secret Witness Name", "Black On Black"]
    assert all("dark picture pasted over" in f.explanation for f in pages[0])
    assert [w.kind for w in warnings] == ["prior-redaction"]


def test_a_light_picture_over_text_is_not_a_failed_redaction(tmp_path: Path) -> None:
    """A pale picture over text hides it as well (the burn removes such text as hidden), but it
    does not look like a redaction: only the black-on-black line is reported."""
    pages, _ = prior_findings(_pasted(tmp_path / "pasted.pdf", (230, 230, 200)))
    assert [f.text for f in pages[0]] == ["Black On Black"]


@pytest.mark.parametrize(
    "fixture", sorted((ROOT / "fixtures" / "scanned" / "pdfs").glob("*.pdf"))[:4]
)
def test_no_false_alarm_on_scans(fixture: Path) -> None:
    """A scanned page is a picture with its text (an OCR layer, when it has one) painted after
    it: nothing is under the picture."""
    pages, warnings = prior_findings(fixture)
    assert all(page == [] for page in pages) and warnings == []
