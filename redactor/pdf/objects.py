"""Every piece of text a PDF's objects hold, decoded, read with pikepdf (qpdf, not MuPDF).

Each object of the file is visited, whether or not anything still refers to it: strings and names
in dictionaries and arrays (decoded from PDFDocEncoding or UTF-16BE with its byte-order mark),
stream data after its compression filters are undone, and in content streams each string operand
(literal with escapes or hex) decoded both as single bytes and as UTF-16BE, plus each TJ array's
pieces joined so kerning cannot split a word.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, compress, repeat
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

BOM = b"\xfe\xff"
# Pixel data is not text; compressed image formats keep their raw bytes (JPEG comments, EXIF).
RAW_IMAGE_FILTERS = frozenset({"/DCTDecode", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode"})
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


@dataclass(frozen=True)
class Chunk:
    page: int  # 0: not part of one page's content
    where: str  # what kind of object, for the message
    text: str
    binary: bool  # font programs and images: only long needles are meaningful there
    raw: bool = False  # undecoded stream data: the text may also be spelt out in hex


def _decode(data: bytes) -> list[str]:
    """Byte strings as they may be meant: single-byte, and UTF-16BE when it looks like it."""
    texts = [data.decode("latin-1")]
    body = data[2:] if data.startswith(BOM) else data
    if data.startswith(BOM) or (len(body) >= 4 and body[::2].count(0) > len(body) // 4):
        texts.append(body[: len(body) // 2 * 2].decode("utf-16-be", "replace"))
    return texts


def _strings_of(obj: Any) -> list[str]:
    """Strings and names inside a dictionary or array, not following indirect references."""
    found: list[str] = []
    _collect(obj, found)
    return found


def _collect(obj: Any, found: list[str]) -> None:
    if isinstance(obj, pikepdf.Object):
        _collect_object(obj, found)
    # else a number, a boolean or null (pikepdf gives them as Python values): no text


def _collect_object(obj: pikepdf.Object, found: list[str]) -> None:
    if isinstance(obj, pikepdf.String):
        found.extend(_decode(bytes(obj)))
        found.append(str(obj))
    elif isinstance(obj, Name):
        found.append(str(obj)[1:])
    elif isinstance(obj, Dictionary | Array):
        _collect_values(_objects(obj.values() if isinstance(obj, Dictionary) else obj), found)


def _collect_values(values: list[pikepdf.Object], found: list[str]) -> None:
    """A dictionary's or array's values, not following indirect references."""
    for value in values:
        if not (isinstance(value, Dictionary | Array) and value.is_indirect):
            _collect_object(value, found)


def _objects(values: Iterable[Any]) -> list[pikepdf.Object]:
    """The PDF objects among `values`, in their order. Most operands are numbers, which pikepdf
    gives as Python values (so are booleans and null) and which hold no text: they are left
    out in one pass of C code (`isinstance` mapped over them), not one Python test each."""
    values = list(values)
    return list(compress(values, map(isinstance, values, repeat(pikepdf.Object))))


def _content_strings(stream: pikepdf.Stream) -> list[str] | None:
    """The strings a content stream shows (pieces of a kerned TJ array joined), or None when it
    cannot be parsed as a content stream."""
    try:
        instructions = pikepdf.parse_content_stream(stream)
    except (pikepdf.PdfError, TypeError):
        return None
    found: list[str] = []
    operands = chain.from_iterable(
        item.operands
        for item in instructions
        if not isinstance(item, pikepdf.ContentStreamInlineImage)
    )
    for operand in _objects(operands):
        if isinstance(operand, Array):
            values = _objects(operand)
            pieces = [bytes(p) for p in values if isinstance(p, pikepdf.String)]
            found.extend(_decode(b"".join(pieces)))
            _collect_values(values, found)
        else:
            _collect_object(operand, found)
    return found


def _stream_data(stream: pikepdf.Stream) -> bytes | None:
    filters = stream.get("/Filter")
    names = {str(f) for f in (filters if isinstance(filters, Array) else [filters]) if f}
    if stream.get("/Subtype") == Name.Image:
        return stream.read_raw_bytes() if names & RAW_IMAGE_FILTERS else None
    try:
        return stream.read_bytes()
    except pikepdf.PdfError:
        return stream.read_raw_bytes()


def _page_streams(pdf: pikepdf.Pdf) -> tuple[dict[tuple[int, int], int], set[tuple[int, int]]]:
    """Which page each content stream and form belongs to; which streams are content."""
    owner: dict[tuple[int, int], int] = {}
    content: set[tuple[int, int]] = set()
    for number, page in enumerate(pdf.pages, start=1):
        contents = page.obj.get("/Contents")
        for stream in contents if isinstance(contents, Array) else [contents]:
            if isinstance(stream, pikepdf.Stream):
                owner.setdefault(stream.objgen, number)
                content.add(stream.objgen)
        xobjects = page.obj.get("/Resources", Dictionary()).get("/XObject", Dictionary())
        for xobject in xobjects.values():
            if isinstance(xobject, pikepdf.Stream):
                owner.setdefault(xobject.objgen, number)
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == Name.Form:
            content.add(obj.objgen)
    return owner, content


def _font_programs(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    for obj in pdf.objects:
        if isinstance(obj, Dictionary) and obj.get("/Type") == Name.FontDescriptor:
            for key in FONT_FILES:
                if isinstance(obj.get(key), pikepdf.Stream):
                    found.add(obj[key].objgen)
    return found


def _stream_chunks(
    stream: pikepdf.Stream, page: int, is_content: bool, is_font: bool
) -> Iterator[Chunk]:
    kind = "page content" if is_content else f"a stream ({stream.get('/Subtype', 'data')})"
    yield Chunk(page, kind, "\n".join(_strings_of(stream.stream_dict)), False)
    if is_content:
        shown = _content_strings(stream)
        if shown is not None:
            # its strings only: the operators' numbers are not text ("-2890" is a kerning gap
            # MuPDF leaves where a redacted word was, not collar number 2890)
            yield Chunk(page, kind, "\n".join(shown), False)
            return
    data = _stream_data(stream)
    binary = is_font or stream.get("/Subtype") == Name.Image or "/N" in stream
    if data is not None:
        texts = _decode(data)
        if not binary:
            texts.append(data.decode("utf-8", "replace"))
        yield Chunk(page, kind, "\n".join(texts), binary, raw=not (binary or is_content))


def text_chunks(pdf: pikepdf.Pdf) -> Iterator[Chunk]:
    """Every decoded text the file's objects hold, one chunk per object (or per stream part)."""
    owner, content = _page_streams(pdf)
    fonts = _font_programs(pdf)
    yield Chunk(0, "the trailer", "\n".join(_strings_of(pdf.trailer)), False)
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            yield from _stream_chunks(
                obj, owner.get(obj.objgen, 0), obj.objgen in content, obj.objgen in fonts
            )
        elif isinstance(obj, Dictionary | Array | pikepdf.String):
            yield Chunk(0, "a document object", "\n".join(_strings_of(obj)), False)
