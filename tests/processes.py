"""Helpers for tests that watch processes."""

from __future__ import annotations


def alive(pid: int) -> bool:
    """Whether the process runs (a zombie has ended; Linux: reads /proc)."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            return "\nState:\tZ" not in handle.read()
    except OSError:
        return False
