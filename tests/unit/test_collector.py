"""The collector is paused for the block only, and left as it was (on or off), also on an error."""

from __future__ import annotations

import gc

import pytest

from redactor.collector import collector_paused


def test_paused_then_back_on_also_after_an_error() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: still off, and the outer block turns it back on
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("x")
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_as_a_decorator() -> None:
    @collector_paused()
    def inside() -> bool:
        return gc.isenabled()

    assert inside() is False
    assert inside() is False  # a fresh pause each call
    assert gc.isenabled()
