"""Errors of life-event and address-change detection, rooted in :class:`ChorusError`."""

from __future__ import annotations

from core.errors import ChorusError


class DetectionError(ChorusError):
    """Base of every error the detection package raises on purpose."""


class MalformedInteractionError(DetectionError):
    """An input record does not follow the interaction contract (``line_no`` set in batch mode)."""

    def __init__(self, message: str, line_no: int | None = None) -> None:
        super().__init__(f"line {line_no}: {message}" if line_no is not None else message)
        self.reason = message
        self.line_no = line_no


class StateFormatError(DetectionError):
    """A stored per-customer state cannot be read back (wrong version or shape)."""
