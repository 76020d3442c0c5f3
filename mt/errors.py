"""Errors the core raises; the CLI turns each into one line and an exit status.

Every error that concerns a file names it, and the line where there is one, so a message reads
``corpora/x.tsv:12: expected 2 columns, found 3``.
"""

from __future__ import annotations

from pathlib import Path


class MTError(Exception):
    """Base class of every error `mt` reports to a user."""

    exit_code: int = 2

    def __init__(
        self, message: str, *, path: str | Path | None = None, line: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return where + self.message


class InputError(MTError):
    """A file cannot be read: missing, not UTF-8, binary, malformed or unsafe."""


class FormatError(InputError):
    """No handler claims a file, or a file does not follow its format."""


class AlignmentError(InputError):
    """Parallel inputs (source, MT, reference) do not have the same segments."""


class EditError(MTError):
    """Edits cannot be applied: out of range, stale, or overlapping another edit."""


class UsageError(MTError):
    """The command line asks for something inconsistent."""
