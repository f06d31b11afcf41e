"""Detection: a Presidio engine with UK police recognisers, plus allow/deny lists."""

from redactor.detect.engine import Detector

__all__ = ["Detector"]
