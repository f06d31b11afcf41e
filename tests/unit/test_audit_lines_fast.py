"""The audit file's lines are those of the plain form: `encode_json` of each change's entry.

`audit._lines` (branch serial-log) encodes the part every line shares once and each value by
`encode_value`; the plain form built a dict per change and encoded it whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from redactor import audit
from redactor.audit import Change
from redactor.log import encode_json, encode_value

_text = st.text(st.sampled_from(["a", " ", '"', "\\", "\n", "\x00", "é", "\u2028", "\ud800"]))
_values = (
    _text
    | st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats()
    | st.lists(st.integers() | _text, max_size=2)
    | st.dictionaries(_text, st.integers(), max_size=2)
)
_changes = st.builds(
    Change,
    row_id=_text,
    what=_text,
    fields=st.dictionaries(
        _text | st.integers(0, 3) | st.none(), st.tuples(_values, _values), max_size=3
    ),
    row=st.integers(-1, 10**6),
)


def _plain_line(stamp: str, who: str, command: str, change: Change) -> str:
    entry: dict[str, Any] = {"at": stamp, "by": who, "command": command, "id": change.row_id}
    if change.row:
        entry["row"] = change.row
    entry["change"] = change.what
    if change.fields:
        entry["fields"] = {k: {"old": o, "new": n} for k, (o, n) in change.fields.items()}
    return encode_json(entry)


@settings(max_examples=400, deadline=None)
@given(st.lists(_changes, max_size=4), _text, _text, _text)
def test_lines_are_those_of_the_plain_encoder(
    changes: list[Change], stamp: str, who: str, command: str
) -> None:
    assert audit._lines(stamp, who, command, changes) == [
        _plain_line(stamp, who, command, c) for c in changes
    ]


@settings(deadline=None)  # a loaded machine must not fail it
@given(_values)
def test_a_value_is_encoded_as_in_an_object(value: object) -> None:
    assert "[" + encode_value(value) + "]" == encode_json([value])


def test_the_file_has_a_line_per_change(tmp_path: Path) -> None:
    changes = [Change("a1", "edited in the CSV", {"note": ("", "x")}, 3), Change("m-1", "gone")]
    audit.append(tmp_path, "apply", "Jo", changes, "2026-01-01T00:00:00+00:00")
    assert audit.read(tmp_path) == [
        {
            "at": "2026-01-01T00:00:00+00:00",
            "by": "Jo",
            "command": "apply",
            "id": "a1",
            "row": 3,
            "change": "edited in the CSV",
            "fields": {"note": {"old": "", "new": "x"}},
        },
        {
            "at": "2026-01-01T00:00:00+00:00",
            "by": "Jo",
            "command": "apply",
            "id": "m-1",
            "change": "gone",
        },
    ]
