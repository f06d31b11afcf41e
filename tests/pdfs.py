"""Small PDFs built in tests, page by page, with PyMuPDF (the real library, real files)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parents[1]

# The digital fixtures and both held-out sets: real pages for tests that compare a fast path with
# the plain one.
FIXTURE_PDFS = sorted(
    path
    for folder in ("pdfs", "heldout/pdfs", "heldout2/pdfs")
    for path in (ROOT / "fixtures" / folder).glob("*.pdf")
)
SCANNED_PDFS = sorted((ROOT / "fixtures" / "scanned" / "pdfs").glob("*.pdf"))


def generate_bundle(folder: Path, pages: int) -> list[Path]:
    """A bundle of printed email chains made by fixtures/generate.py (files of 10 to 40 pages),
    its PDFs in order."""
    generate = [sys.executable, str(ROOT / "fixtures" / "generate.py"), "bundle"]
    subprocess.run(
        [*generate, "--pages", str(pages), str(folder)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return sorted(folder.glob("*.pdf"))


def fixture_id(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.name}"


def text_pdf(path: Path, lines_per_page: list[list[str]], *, metadata: bool = True) -> Path:
    doc = pymupdf.open()
    for lines in lines_per_page:
        page = doc.new_page(width=595, height=842)
        for index, line in enumerate(lines):
            page.insert_text((72, 100 + 16 * index), line, fontsize=11, fontname="helv")
    if metadata:
        doc.set_metadata({"author": "Test Author", "title": "Test document"})
    doc.save(path)
    doc.close()
    return path


def image_pdf(path: Path) -> Path:
    """A page with a white text line over a solid red image, for pixel-removal tests."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 50), False)
    pix.set_rect(pix.irect, (255, 0, 0))
    page.insert_image(pymupdf.Rect(72, 80, 472, 180), pixmap=pix)
    page.insert_text((80, 120), "Secret Person Name", fontsize=14, color=(1, 1, 1))
    doc.save(path)
    doc.close()
    return path


def prior_redaction_pdf(path: Path) -> Path:
    """Failed redactions of every kind over live text, and a white-on-black banner that is fine.

    Page 1: a black box drawn after "Secret Witness Name"; a dark grey box drawn before
    "Visible Banner Text" in white (legible, not a redaction); black text on a black box drawn
    before it ("Black On Black"). Page 2: an unapplied /Redact mark labelled s30(1) over
    "Operation Kestrel Target", a black highlight over "Highlighted Person", a black square
    annotation over "Squared Person", and "Plain Line" left alone.
    """
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 100), "Seen by Secret Witness Name today", fontsize=11)
    hidden = page.search_for("Secret Witness Name")[0]
    page.draw_rect(pymupdf.Rect(hidden).irect, color=None, fill=(0, 0, 0))
    page.draw_rect(pymupdf.Rect(66, 130, 300, 150), color=None, fill=(0.1, 0.1, 0.1))
    page.insert_text((72, 144), "Visible Banner Text", fontsize=11, color=(1, 1, 1))
    page.draw_rect(pymupdf.Rect(66, 170, 300, 190), color=None, fill=(0, 0, 0))
    page.insert_text((72, 184), "Black On Black", fontsize=11, color=(0, 0, 0))
    page.insert_text((72, 220), "Nothing covers this line", fontsize=11)
    page = doc.new_page(width=595, height=842)
    lines = ["Operation Kestrel Target", "Highlighted Person", "Squared Person", "Plain Line"]
    for index, line in enumerate(lines):
        page.insert_text((72, 100 + 30 * index), line, fontsize=11)
    redact = page.add_redact_annot(pymupdf.Rect(70, 88, 220, 104), text="s30(1)")
    redact.update()
    highlight = page.add_highlight_annot(pymupdf.Rect(70, 118, 200, 134))
    highlight.set_colors(stroke=(0, 0, 0))
    highlight.update()
    square = page.add_rect_annot(pymupdf.Rect(70, 148, 200, 164))
    square.set_colors(stroke=(0, 0, 0), fill=(0, 0, 0))
    square.update()
    doc.save(path)
    doc.close()
    return path


def owner_password_pdf(source: Path, dest: Path) -> Path:
    """Encrypted with an owner password only: it opens without one, with restricted rights."""
    with pymupdf.open(source) as doc:
        doc.save(
            dest,
            encryption=pymupdf.PDF_ENCRYPT_AES_256,
            owner_pw="owner-secret",
            permissions=pymupdf.PDF_PERM_PRINT,
        )
    return dest


def signed_pdf(source: Path, dest: Path) -> Path:
    """A signature field holding a signature dictionary, and /SigFlags 3 (signatures exist,
    append only): the structure a signing tool writes. The PKCS#7 blob is a placeholder, so a
    viewer reports the signature as invalid, but it is found the same way a valid one is."""
    with pymupdf.open(source) as doc:
        page = doc[0]
        sig = doc.get_new_xref()
        doc.update_object(
            sig,
            "<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/adbe.pkcs7.detached"
            "/ByteRange[0 0 0 0]/Contents<00>/M(D:20250312101400Z)/Name(Test Signer)>>",
        )
        field = doc.get_new_xref()
        doc.update_object(
            field,
            f"<</Type/Annot/Subtype/Widget/FT/Sig/T(Signature1)/V {sig} 0 R"
            f"/Rect[0 0 0 0]/F 132/P {page.xref} 0 R>>",
        )
        doc.xref_set_key(page.xref, "Annots", f"[{field} 0 R]")
        doc.xref_set_key(doc.pdf_catalog(), "AcroForm", f"<</Fields[{field} 0 R]/SigFlags 3>>")
        doc.save(dest)
    return dest


XFA_TEMPLATE = (
    b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template '
    b'xmlns="http://www.xfa.org/schema/xfa-template/3.3/"><subform name="form1">'
    b'<field name="Officer"><value><text>Lucy Harper</text></value></field>'
    b"</subform></template></xdp:xdp>"
)


def xfa_pdf(source: Path, dest: Path, *, dynamic: bool) -> Path:
    """An XFA form added to a good PDF. Dynamic: /NeedsRendering true, as LiveCycle writes it
    (the pages are only a placeholder)."""
    with pymupdf.open(source) as doc:
        xfa = doc.get_new_xref()
        doc.update_object(xfa, "<<>>")
        doc.update_stream(xfa, XFA_TEMPLATE)
        catalog = doc.pdf_catalog()
        doc.xref_set_key(catalog, "AcroForm", f"<</Fields[]/XFA {xfa} 0 R>>")
        if dynamic:
            doc.xref_set_key(catalog, "NeedsRendering", "true")
        doc.save(dest)
    return dest


def zero_page_pdf(dest: Path) -> Path:
    """A well-formed PDF with an empty page tree (PyMuPDF refuses to save one, so by hand)."""
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    dest.write_bytes(bytes(out))
    return dest
