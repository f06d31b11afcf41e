"""Detection: a Presidio engine with UK police recognisers, plus allow/deny lists."""

from redactor.detect.presidio_import import import_presidio

import_presidio()  # before any module here imports it: see presidio_import.py

from redactor.detect.engine import Detector  # noqa: E402

__all__ = ["Detector"]
