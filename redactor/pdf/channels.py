"""Everything in a PDF besides the drawn pages: removed from the clean copy, and looked for again.

One list of what a clean file may keep is used both to strip the file and to check it, so the
check cannot drift from the stripping. Catalog and page dictionaries are reduced to an allow-list
of keys (anything unknown goes); document info, XMP metadata, annotations, form fields, outlines,
attachments, JavaScript and actions, page labels, layers, thumbnails and the structure tree (with
its alternate and replacement text) are not on it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf
from pikepdf import Array, Dictionary

CATALOG_KEEP = frozenset({"/Type", "/Pages", "/Version", "/Extensions", "/Lang", "/OutputIntents"})
PAGE_KEEP = frozenset(
    {
        "/Type",
        "/Parent",
        "/Resources",
        "/Contents",
        "/MediaBox",
        "/CropBox",
        "/BleedBox",
        "/TrimBox",
        "/ArtBox",
        "/Rotate",
        "/Group",
        "/UserUnit",
    }
)
# Keys that open a side channel wherever they appear (XObjects, fonts, resources ...).
FORBIDDEN_KEYS = frozenset(
    {
        "/Metadata",
        "/PieceInfo",
        "/ActualText",
        "/Alt",
        "/OC",
        "/JS",
        "/JavaScript",
        "/AA",
        "/OpenAction",
        "/URI",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/AF",
        "/Thumb",
        "/StructParent",
        "/StructParents",
    }
)
FORBIDDEN_TYPES = frozenset(
    {
        "/Annot",
        "/Filespec",
        "/EmbeddedFile",
        "/Action",
        "/OCG",
        "/OCMD",
        "/Outlines",
        "/Metadata",
        "/StructTreeRoot",
        "/StructElem",
    }
)
CHANNEL_NAMES = {
    "/Metadata": "XMP metadata",
    "/PieceInfo": "application data (PieceInfo)",
    "/ActualText": "replacement text (ActualText)",
    "/Alt": "alternate text (Alt)",
    "/OC": "an optional-content layer reference",
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/AA": "automatic actions",
    "/OpenAction": "an open action",
    "/URI": "a link URI",
    "/EmbeddedFile": "an embedded file",
    "/EmbeddedFiles": "embedded files",
    "/AF": "associated files",
    "/Thumb": "a page thumbnail",
    "/StructParent": "structure-tree links",
    "/StructParents": "structure-tree links",
    "/Annot": "an annotation",
    "/Filespec": "a file attachment",
    "/Action": "an action",
    "/OCG": "an optional-content layer",
    "/OCMD": "an optional-content layer",
    "/Outlines": "bookmarks (outline)",
    "/StructTreeRoot": "the structure tree (tags with alternate text)",
    "/StructElem": "the structure tree (tags with alternate text)",
}


def _reduce(obj: pikepdf.Object, keep: frozenset[str]) -> None:
    for key in list(obj.keys()):
        if key not in keep:
            del obj[key]


def _drop_forbidden(obj: pikepdf.Object) -> None:
    for key in list(obj.keys()):
        if key in FORBIDDEN_KEYS:
            del obj[key]
        elif key == "/Properties":
            _clean_properties(obj[key])


def _clean_properties(props: object) -> None:
    if not isinstance(props, Dictionary):
        return
    for name in list(props.keys()):
        value = props[name]
        if isinstance(value, Dictionary):
            if str(value.get("/Type")) in FORBIDDEN_TYPES:
                del props[name]
            else:
                _drop_forbidden(value)


def strip_channels(pdf: pikepdf.Pdf) -> None:
    """Reduce the file to its pages: every channel listed in the module docstring goes."""
    _reduce(pdf.Root, CATALOG_KEEP)
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
    for page in pdf.pages:
        _reduce(page.obj, PAGE_KEEP)
    for obj in pdf.objects:
        if isinstance(obj, (Dictionary, pikepdf.Stream)):
            _drop_forbidden(obj if isinstance(obj, Dictionary) else obj.stream_dict)


def _keys_and_types(obj: object) -> Iterator[str]:
    """Forbidden keys and /Type values anywhere inside one object (direct objects included)."""
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, Dictionary):
        for key, value in obj.items():
            if key in FORBIDDEN_KEYS:
                yield key
            if key == "/Type" and str(value) in FORBIDDEN_TYPES:
                yield str(value)
            if isinstance(value, Dictionary | Array) and not value.is_indirect:
                yield from _keys_and_types(value)
    elif isinstance(obj, Array):
        for item in obj:
            if isinstance(item, Dictionary | Array) and not item.is_indirect:
                yield from _keys_and_types(item)


def channel_problems(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    """(page, what) for every side channel still in the file; page 0 means the document."""
    problems: list[tuple[int, str]] = []
    extra = sorted(set(pdf.Root.keys()) - CATALOG_KEEP)
    if extra:
        problems.append((0, f"the document catalog has entries besides the pages: {extra}"))
    info = pdf.trailer.get("/Info")
    if isinstance(info, Dictionary) and len(info.keys()):
        problems.append((0, f"document information is not empty: {sorted(info.keys())}"))
    page_of = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    for number, page in enumerate(pdf.pages, start=1):
        extra = sorted(set(page.obj.keys()) - PAGE_KEEP)
        if extra:
            problems.append((number, f"the page has entries besides its content: {extra}"))
    found: dict[tuple[int, str], None] = {}
    for obj in pdf.objects:
        for key in _keys_and_types(obj):
            where = page_of.get(obj.objgen, 0) if isinstance(obj, Dictionary) else 0
            found.setdefault((where, f"{CHANNEL_NAMES.get(key, key)} is still in the file"), None)
    problems.extend(found)
    return problems
