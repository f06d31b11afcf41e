"""The misread recognisers skip a page where OCR read no character and nothing could stand
(`nothing_can_stand`): the results are those found without the shortcut, on texts built from
misread plates, collar numbers and split addresses after labels in any case (the dotted and
dotless i included) and on every fixture page; and it never skips a page OCR read."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfs import FIXTURE_PDFS, fixture_id

from redactor.detect.collar import MisreadCollarNumberRecognizer
from redactor.detect.email import MisreadEmailRecognizer
from redactor.detect.misread import OCR_READ, MisreadRecognizer
from redactor.detect.vehicle import MisreadVehicleRegistrationRecognizer
from redactor.pdf.text import read_page_text

PDFS = FIXTURE_PDFS
RECOGNISERS: list[MisreadRecognizer] = [
    MisreadVehicleRegistrationRecognizer(),
    MisreadCollarNumberRecognizer(),
    MisreadEmailRecognizer(),
]


def _key(results: list[object]) -> list[tuple[object, ...]]:
    return sorted(
        (r.start, r.end, r.entity_type, r.score, str(r.analysis_explanation))  # type: ignore[attr-defined]
        for r in results
    )


def _both(recogniser: MisreadRecognizer, text: str, read: object) -> None:
    artifacts = SimpleNamespace(**{OCR_READ: read})
    fast = recogniser.analyze(text, [recogniser.ENTITY], artifacts)  # type: ignore[arg-type]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(recogniser, "nothing_can_stand", lambda text, read: False)
        slow = recogniser.analyze(text, [recogniser.ENTITY], artifacts)  # type: ignore[arg-type]
    assert _key(fast) == _key(slow)  # type: ignore[arg-type]


_token = st.sampled_from(
    "VRM: vrm Vehicle VEHICLE REG reg. Registration registration: index Index İNDEX ındex "
    "plate Plate number plate no. mark DMi2 GUV VO71 RKI VO71 RKu A12 BCD ABC 12D PC 47l6 "
    "DC 2O26 collar Collar: PC4716 james .davis@force.police.uk foi @force.police.uk <a .b@c.uk> "
    "\n : , . Lucy Harper regards Regards vehicles REGISTRATION indexes plated _reg".split(" ")
)


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(_token, max_size=12),
    st.sampled_from([(), {}, frozenset()]),
    st.sampled_from([" ", "\n", ""]),
)
def test_same_results_on_pages_ocr_did_not_read(tokens: list[str], read: object, gap: str) -> None:
    text = gap.join(tokens)
    for recogniser in RECOGNISERS:
        _both(recogniser, text, read)


@pytest.mark.parametrize("path", PDFS, ids=fixture_id)
def test_fixture_pages(path: Path) -> None:
    with pymupdf.open(path) as doc:
        texts = [read_page_text(page).text for page in doc]
    for text in texts:
        for recogniser in RECOGNISERS:
            _both(recogniser, text, ())
            _both(recogniser, text, set(range(len(text))))  # as if OCR read it all


def test_never_skips_a_page_ocr_read_or_without_artifacts() -> None:
    for recogniser in RECOGNISERS:
        assert not recogniser.nothing_can_stand("DMi2 GUV", {0: 90.0})
        assert not recogniser.nothing_can_stand("DMi2 GUV", None)
        assert recogniser.nothing_can_stand("no label here", ())
    vehicle = MisreadVehicleRegistrationRecognizer()
    assert not vehicle.nothing_can_stand("VRM: DMi2 GUV", ())
    labelled = SimpleNamespace(**{OCR_READ: ()})
    assert vehicle.analyze("VRM: DMi2 GUV", ["VEHICLE_REGISTRATION"], labelled)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "REG DMi2 GUV",
        "Reg: DMi2 GUV",
        "reg no. DMi2 GUV",
        "Vehicle registration DMi2 GUV",
        "VRM DMi2 GUV",
        "Index mark DMi2 GUV",
        "number plate DMi2 GUV",
        "Kind regards DMi2 GUV",
        "vehicles DMi2 GUV",
        "_reg DMi2 GUV",
    ],
)
def test_labels_on_a_page_ocr_did_not_read(text: str) -> None:
    for recogniser in RECOGNISERS:
        _both(recogniser, text, ())
