"""Errors that name the input they concern and say what to do."""

from __future__ import annotations


class StorytraceError(Exception):
    """Base of storytrace's own errors."""


class InputError(StorytraceError):
    """An input could not be read; ``source`` names it."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class CleanError(StorytraceError):
    """A page holds no article text (e.g. HTML with no text)."""
