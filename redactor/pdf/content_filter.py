"""Content streams rewritten so nothing a reader cannot see is left to copy.

Three things are taken out of every page, every Form XObject it draws and every form field's
appearance, before any redaction box is applied:
- content in optional-content layers that are hidden by default (text, paths, images);
- text shown in render mode 3 (invisible) or 7 (clip only): it is never painted;
- /ActualText, /Alt and /E in marked-content property lists (`/Span <</ActualText (..)>> BDC`).

Graphics state operators are kept even inside a hidden block (q/Q, cm, colour, clipping), so the
visible content around it is drawn exactly as before; only painting operators are dropped, and a
dropped path-painting operator becomes `n` so the path under construction is ended, not joined to
the next one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator

# Keys in a marked-content property list that carry replacement or alternative text.
TEXT_PROPERTY_KEYS = ("/ActualText", "/Alt", "/E")
_SHOW_TEXT = {"Tj", "TJ", "'", '"'}
_PAINT_PATH = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}
_PAINT_OTHER = {"Do", "sh", "BI", "INLINE IMAGE", "d0", "d1"}
_INVISIBLE_MODES = {3, 7}


def _as_list(value: object) -> list[Any]:
    if isinstance(value, Array):
        return list(value)
    return [] if value is None else [value]


class Layers:
    """Which optional-content groups are off in the document's default configuration."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.hidden: set[tuple[int, int]] = set()
        props = pdf.Root.get("/OCProperties")
        if not isinstance(props, Dictionary):
            return
        default = props.get("/D", Dictionary())
        groups = [g for g in _as_list(props.get("/OCGs")) if isinstance(g, Dictionary)]
        on = {g.objgen for g in _as_list(default.get("/ON")) if isinstance(g, Dictionary)}
        off = {g.objgen for g in _as_list(default.get("/OFF")) if isinstance(g, Dictionary)}
        if default.get("/BaseState") == Name.OFF:
            self.hidden = {g.objgen for g in groups if g.objgen not in on}
        else:
            self.hidden = off

    def is_hidden(self, oc: object) -> bool:
        """Whether content marked with this OCG or membership dictionary is hidden."""
        if not isinstance(oc, Dictionary) or not self.hidden:
            return False
        if oc.get("/Type") != Name("/OCMD"):
            return oc.objgen in self.hidden
        if "/VE" in oc:
            # A visibility expression: treated as hidden when any group in it is hidden
            # (removing too much is recoverable from the original; leaking is not).
            return any(self.hidden_in(oc.VE))
        states = [g.objgen in self.hidden for g in _as_list(oc.get("/OCGs"))]
        if not states:
            return False
        policy = oc.get("/P", Name("/AnyOn"))
        if policy == Name("/AllOn"):
            return any(states)
        if policy == Name("/AnyOff"):
            return not any(states)
        if policy == Name("/AllOff"):
            return not all(states)
        return all(states)

    def hidden_in(self, expression: object) -> Iterator[bool]:
        for item in _as_list(expression):
            if isinstance(item, Array):
                yield from self.hidden_in(item)
            elif isinstance(item, Dictionary):
                yield item.objgen in self.hidden


def _clean_properties(props: Dictionary) -> bool:
    changed = False
    for key in TEXT_PROPERTY_KEYS:
        if key in props:
            del props[key]
            changed = True
    return changed


class _Filter:
    """One pass over one content stream, with the state the decisions depend on."""

    def __init__(self, layers: Layers, resources: pikepdf.Object) -> None:
        self.layers = layers
        self.properties = resources.get("/Properties", Dictionary())
        self.xobjects = resources.get("/XObject", Dictionary())
        self.hidden_depth: list[bool] = []  # per open marked-content block: hidden?
        self.modes: list[int] = [0]  # text render mode, saved by q and restored by Q
        self.changed = False

    @property
    def hidden(self) -> bool:
        return any(self.hidden_depth)

    def _block_hidden(self, tag: object, operand: object) -> bool:
        if tag != Name("/OC"):
            return False
        oc = operand
        if isinstance(operand, Name):
            oc = self.properties.get(operand)
        return self.layers.is_hidden(oc)

    def _xobject_hidden(self, name: object) -> bool:
        xobject = self.xobjects.get(name) if isinstance(name, Name) else None
        return isinstance(xobject, pikepdf.Stream) and self.layers.is_hidden(xobject.get("/OC"))

    def keep(self, operands: list[Any], op: str) -> list[Any] | None:
        """The operands to write for this operator, or None to drop it."""
        if op in ("BDC", "BMC"):
            hide = op == "BDC" and self._block_hidden(operands[0], operands[1])
            self.hidden_depth.append(hide)
            if op == "BDC" and operands[0] == Name("/OC"):
                self.changed = True
                return [Name("/OC")]  # the reference to the layer goes; the block stays balanced
            if op == "BDC" and isinstance(operands[1], Dictionary):
                self.changed |= _clean_properties(operands[1])
            return operands
        if op == "EMC":
            if self.hidden_depth:
                self.hidden_depth.pop()
            return operands
        if op == "q":
            self.modes.append(self.modes[-1])
        elif op == "Q" and len(self.modes) > 1:
            self.modes.pop()
        elif op == "Tr" and operands:
            self.modes[-1] = int(operands[0])  # type: ignore[call-overload]
        if op in _SHOW_TEXT and (self.hidden or self.modes[-1] in _INVISIBLE_MODES):
            self.changed = True
            return None
        if self.hidden and (op in _PAINT_PATH or op in _PAINT_OTHER):
            self.changed = True
            return None
        if op == "Do" and self._xobject_hidden(operands[0]):
            self.changed = True
            return None
        return operands


def _rename(op: str, operands: list[Any]) -> str:
    # `/OC /name BDC` is written as `/OC BMC`: the tag without the property list.
    if op == "BDC" and len(operands) == 1:
        return "BMC"
    return op


def _decoded(stream: pikepdf.Stream | pikepdf.Page) -> bytes | None:
    """The content's bytes (a page's streams joined), or None when they cannot be decoded."""
    if isinstance(stream, pikepdf.Page):
        contents = stream.obj.get("/Contents")
        parts = contents if isinstance(contents, Array) else [contents]
    else:
        parts = [stream]
    try:
        return b"\n".join(p.read_bytes() for p in parts if isinstance(p, pikepdf.Stream))
    except pikepdf.PdfError:
        return None


def nothing_to_filter(stream: pikepdf.Stream | pikepdf.Page, layers: Layers) -> bool:
    """True when `filter_stream` would change nothing, known without parsing the content: no
    layer is hidden, and no marked content (`BDC`) or text render mode (`Tr`, which the
    invisible modes need) appears anywhere in its bytes, even inside a string. What else the
    filter removes is inside a hidden layer."""
    if layers.hidden:
        return False
    data = _decoded(stream)
    return data is not None and b"BDC" not in data and b"Tr" not in data


def filter_stream(
    stream: pikepdf.Stream | pikepdf.Page, layers: Layers, resources: pikepdf.Object
) -> bytes | None:
    """The filtered content of one stream, or None when nothing had to change."""
    if nothing_to_filter(stream, layers):
        return None
    state = _Filter(layers, resources)
    out: list[object] = []
    try:
        instructions = pikepdf.parse_content_stream(stream)
    except TypeError as exc:  # qpdf found an object a content stream may not hold
        raise pikepdf.PdfError(f"a content stream cannot be parsed ({exc})") from exc
    for item in instructions:
        if isinstance(item, pikepdf.ContentStreamInlineImage):
            if not state.hidden:
                out.append(item)
            else:
                state.changed = True
            continue
        op = str(item.operator)
        operands = list(item.operands)
        kept = state.keep(operands, op)
        if kept is None:
            if op in _PAINT_PATH:
                out.append(([], Operator("n")))
            continue
        out.append((kept, Operator(_rename(op, kept))))
    if not state.changed:
        return None
    return pikepdf.unparse_content_stream(out)  # type: ignore[arg-type]


def _forms_in(resources: pikepdf.Object) -> Iterator[pikepdf.Stream]:
    xobjects = resources.get("/XObject")
    if not isinstance(xobjects, Dictionary):
        return
    for key in list(xobjects.keys()):
        xobject = xobjects[key]
        if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == Name.Form:
            yield xobject


def _appearances(page: pikepdf.Page) -> Iterator[pikepdf.Stream]:
    for annot in _as_list(page.obj.get("/Annots")):
        if not isinstance(annot, Dictionary):
            continue
        ap = annot.get("/AP")
        if not isinstance(ap, Dictionary):
            continue
        for key in ("/N", "/R", "/D"):
            entry = ap.get(key)
            if isinstance(entry, pikepdf.Stream):
                yield entry
            elif isinstance(entry, Dictionary):
                yield from (v for v in entry.values() if isinstance(v, pikepdf.Stream))


def _clean_property_resources(resources: pikepdf.Object) -> None:
    props = resources.get("/Properties")
    if not isinstance(props, Dictionary):
        return
    for key in list(props.keys()):
        value = props[key]
        if isinstance(value, Dictionary) and value.get("/Type") in (Name.OCG, Name("/OCMD")):
            del props[key]
        elif isinstance(value, Dictionary):
            _clean_properties(value)


def _filter_form(form: pikepdf.Stream, layers: Layers, seen: set[tuple[int, int]]) -> None:
    if form.objgen in seen and form.objgen != (0, 0):
        return
    seen.add(form.objgen)
    resources = form.get("/Resources", Dictionary())
    for child in _forms_in(resources):
        _filter_form(child, layers, seen)
    data = filter_stream(form, layers, resources)
    if data is not None:
        form.write(data)
    _clean_property_resources(resources)
    if "/OC" in form:
        del form["/OC"]


def strip_hidden_content(pdf: pikepdf.Pdf) -> None:
    """Remove hidden-layer content, invisible text and replacement text from every page."""
    layers = Layers(pdf)
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        resources = page.obj.get("/Resources", Dictionary())
        for form in _forms_in(resources):
            _filter_form(form, layers, seen)
        for appearance in _appearances(page):
            _filter_form(appearance, layers, seen)
        data = filter_stream(page, layers, resources)
        if data is not None:
            page.obj.Contents = pdf.make_stream(data)
        _clean_property_resources(resources)
        for xobject in (resources.get("/XObject") or Dictionary()).values():
            if isinstance(xobject, pikepdf.Stream) and "/OC" in xobject:
                del xobject["/OC"]
