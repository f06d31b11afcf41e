"""The collector is paused for the block only, and left as it was (on or off), also on an error."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

import pytest

from redactor.collector import YOUNG_THRESHOLD, collector_paused


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


def test_the_command_line_collects_young_objects_less_often() -> None:
    """`redactor` (cli.main) raises the young generation's threshold, for itself and the
    processes it forks; the older generations keep theirs."""
    script = (
        "import gc, json\n"
        "from unittest import mock\n"
        "import redactor.cli as cli\n"
        "before = gc.get_threshold()\n"
        "seen = []\n"
        "with mock.patch.object(cli, 'app', lambda: seen.append(gc.get_threshold())):\n"
        "    with mock.patch.object(cli.os, '_exit', lambda code: None):\n"
        "        cli.main()\n"
        "print(json.dumps([before, seen[0]]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    before, during = json.loads(done.stdout)
    assert before[0] < YOUNG_THRESHOLD
    assert during == [YOUNG_THRESHOLD, before[1], before[2]]
