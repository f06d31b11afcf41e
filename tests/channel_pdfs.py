"""PDFs that carry personal data in every channel besides the visible page text.

Each channel holds its own generated name, so a failing test says which channel leaked. Built with
PyMuPDF for what it can write and pikepdf for the rest (JavaScript, actions, thumbnails, tags,
marked-content replacement text, render mode 7).
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pymupdf
from pikepdf import Array, Dictionary, Name, String

VISIBLE_NAME = "Dana Whitlock"
FIELD_NAME = "Priya Mallory"  # a form field's value, under a redaction box
FIELD_KEPT = "Leeds Central"  # a form field's value that is not redacted: stays visible
CHANNELS = {
    "info": "Wilhelmina Trask",
    "xmp": "Benedict Oyelaran",
    "sticky note": "Ellis Farrow",
    "highlight": "Georgina Pardew",
    "mailto link": "harriet.cole@example.police.uk",
    "attachment annotation": "Bryn Okafor",
    "embedded file": "Ingrid Soames",
    "javascript": "Tobias Quennell",
    "open action": "Fenella Marsh",
    "page action": "Idris Calloway",
    "outline": "Marcus Pemberton",
    "page label": "Yusuf Brannigan",
    "hidden layer": "Cressida Vane",
    "layer name": "Leofric Dunmore",
    "thumbnail": "Orla Kettering",
    "alt text": "Seren Atwood",
    "actual text (tags)": "Piers Hallam",
    "actual text (content)": "Kofi Lindqvist",
    "render mode 3": "Rhys Oduya",
    "render mode 7": "Saoirse Blake",
    "tiny text": "Tamsin Loughran",
    "white text": "Ulric Penhaligon",
    "outside crop box": "Verity Ashdown",
    "under an image": "Xander Molyneux",
    "transparent text": "Zofia Kirkland",
}


def _widget(page: pymupdf.Page, name: str, rect: pymupdf.Rect, value: str) -> None:
    widget = pymupdf.Widget()
    widget.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
    widget.field_name = name
    widget.rect = rect
    widget.field_value = value
    widget.text_fontsize = 11
    page.add_widget(widget)


def _pymupdf_channels(path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    c = CHANNELS
    page.insert_text((72, 100), f"Report by Officer {VISIBLE_NAME} today", fontsize=11)
    page.insert_text((72, 130), "Officer:", fontsize=11)
    _widget(page, "officer", pymupdf.Rect(130, 118, 330, 134), FIELD_NAME)
    page.insert_text((72, 160), "Station:", fontsize=11)
    _widget(page, "station", pymupdf.Rect(130, 148, 330, 164), FIELD_KEPT)
    page.add_text_annot((400, 100), f"Note about {c['sticky note']}")
    highlight = page.add_highlight_annot(pymupdf.Rect(72, 90, 200, 103))
    highlight.set_info(content=f"Checked by {c['highlight']}")
    highlight.update()
    page.insert_link(
        {
            "kind": pymupdf.LINK_URI,
            "from": pymupdf.Rect(72, 180, 200, 192),
            "uri": f"mailto:{c['mailto link']}",
        }
    )
    page.add_file_annot((450, 100), f"Statement of {c['attachment annotation']}".encode(), "s.txt")
    doc.embfile_add("notes.txt", f"Interview notes {c['embedded file']}".encode())
    doc.set_toc([[1, f"Interview with {c['outline']}", 1]])
    doc.set_page_labels([{"startpage": 0, "prefix": f"{c['page label']}-", "style": "D"}])
    hidden = doc.add_ocg(f"Notes by {c['layer name']}", on=False)
    page.insert_text((72, 220), f"Layer {c['hidden layer']}", fontsize=11, oc=hidden)
    page.insert_text((72, 240), f"Ocr {c['render mode 3']}", fontsize=11, render_mode=3)
    page.insert_text((72, 260), f"Tiny {c['tiny text']}", fontsize=0.3)
    page.insert_text((72, 280), f"White {c['white text']}", fontsize=11, color=(1, 1, 1))
    page.insert_text((72, 800), f"Footer {c['outside crop box']}", fontsize=11)
    page.insert_text((72, 320), f"Under {c['under an image']}", fontsize=11)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 20, 20), False)
    pix.set_rect(pix.irect, (0, 0, 200))
    page.insert_image(pymupdf.Rect(60, 305, 330, 330), pixmap=pix)
    page.insert_text((72, 360), f"Glass {c['transparent text']}", fontsize=11, fill_opacity=0)
    page.insert_text((72, 420), "Visible closing line", fontsize=11)
    page.set_cropbox(pymupdf.Rect(0, 0, 595, 700))
    doc.set_metadata({"author": c["info"], "title": "Disclosure"})
    doc.set_xml_metadata(f"<x:xmpmeta xmlns:x='adobe:ns:meta/'>{c['xmp']}</x:xmpmeta>")
    doc.save(path)
    doc.close()


def _js_action(script: str) -> Dictionary:
    return Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String(script))


def _pikepdf_channels(path: Path) -> None:
    c = CHANNELS
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        root = pdf.Root
        page = pdf.pages[0]
        names = root.get("/Names", Dictionary())
        script = pdf.make_indirect(_js_action(f"app.alert('{c['javascript']}')"))
        names.JavaScript = Dictionary(Names=Array([String("hello"), script]))
        root.Names = names
        root.OpenAction = pdf.make_indirect(_js_action(f"app.alert('{c['open action']}')"))
        on_open = _js_action(f"console.println('{c['page action']}')")
        page.obj.AA = Dictionary(O=pdf.make_indirect(on_open))
        thumb = pdf.make_stream(f"Thumb {c['thumbnail']}".encode())
        thumb.Width, thumb.Height, thumb.BitsPerComponent = len(thumb.read_bytes()), 1, 8
        thumb.ColorSpace = Name.DeviceGray
        page.obj.Thumb = thumb
        figure = pdf.make_indirect(
            Dictionary(
                Type=Name.StructElem,
                S=Name.Figure,
                Alt=String(f"Photo of {c['alt text']}"),
                ActualText=String(f"Signed {c['actual text (tags)']}"),
                Pg=page.obj,
            )
        )
        root.StructTreeRoot = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=figure))
        figure.P = root.StructTreeRoot
        root.MarkInfo = Dictionary(Marked=True)
        actual = _utf16_hex(c["actual text (content)"])
        span = f"/Span <</ActualText <{actual}>>> BDC BT /F9 11 Tf 72 380 Td (Sig) Tj ET EMC\n"
        clip = f"q BT /F9 11 Tf 7 Tr 72 400 Td ({c['render mode 7']}) Tj ET Q\n"
        page.obj.Resources.Font = page.obj.Resources.get("/Font", Dictionary())
        page.obj.Resources.Font.F9 = Dictionary(
            Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica
        )
        page.contents_add(pdf.make_stream((span + clip).encode()), prepend=False)
        pdf.save(path, fix_metadata_version=False)


def _utf16_hex(text: str) -> str:
    return (b"\xfe\xff" + text.encode("utf-16-be")).hex().upper()


def every_channel_pdf(path: Path) -> Path:
    """One page carrying a name in every channel listed in CHANNELS, plus visible text."""
    _pymupdf_channels(path)
    _pikepdf_channels(path)
    return path


def decompressed_bytes(path: Path) -> bytes:
    """Every object of the file, streams decoded where a general filter allows, lower-cased."""
    parts: list[bytes] = []
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                parts.append(obj.stream_dict.unparse(resolved=True))
                try:
                    parts.append(obj.read_bytes())
                except pikepdf.PdfError:
                    parts.append(obj.read_raw_bytes())
            else:
                parts.append(obj.unparse(resolved=True))
    return b"\n".join(parts).lower()


def encodings(text: str) -> list[bytes]:
    """How a string can sit in a PDF's bytes: plain, UTF-16BE, and both as hex, lower-cased."""
    plain = text.encode("latin-1", "replace")
    utf16 = text.encode("utf-16-be")
    return [e.lower() for e in (plain, utf16, plain.hex().encode(), utf16.hex().encode())]
