"""Presidio imported without its predefined patterns' throw-away compiles (presidio_import.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

# Run in a fresh interpreter: this test process has imported Presidio long ago.
SCRIPT = textwrap.dedent(
    """
    import collections, json, sys
    import regex

    calls = collections.Counter()
    real = regex.compile

    def counting(*args, **kwargs):
        if sys._getframe(1).f_code.co_name == "__validate_regex":
            # whose Pattern: Presidio's predefined ones, or redactor's recognisers
            maker = sys._getframe(3).f_code.co_filename
            calls["presidio" if "presidio_analyzer" in maker else "redactor"] += 1
        return real(*args, **kwargs)

    regex.compile = counting
    import redactor.detect  # imports Presidio through import_presidio
    restored = regex.compile is counting

    from presidio_analyzer import Pattern
    from presidio_analyzer.predefined_recognizers import CreditCardRecognizer

    try:
        Pattern("broken", "(unclosed", 0.5)
        broken_raises = False
    except ValueError:
        broken_raises = True
    text = "Card 4111 1111 1111 1111 was used."
    found = CreditCardRecognizer().analyze(text, ["CREDIT_CARD"])
    print(json.dumps({
        "presidio_checks": calls["presidio"],
        "redactor_checks": calls["redactor"],
        "restored": restored,
        "later_pattern_checked": broken_raises,
        "card": [text[r.start:r.end] for r in found],
    }))
    """
)


def test_predefined_patterns_not_compiled_twice_and_everything_else_as_before() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, timeout=300
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["presidio_checks"] == 0  # the predefined patterns' checks did not compile
    assert result["redactor_checks"] > 10  # redactor's own patterns were checked
    assert result["restored"]  # regex.compile is what it was before the import
    assert result["later_pattern_checked"]  # a Pattern made afterwards is still checked
    assert result["card"] == ["4111 1111 1111 1111"]  # a predefined recogniser still matches


def test_import_presidio_does_nothing_once_presidio_is_imported() -> None:
    import presidio_analyzer  # noqa: F401
    import regex

    from redactor.detect.presidio_import import import_presidio

    before = regex.compile
    import_presidio()
    assert regex.compile is before
