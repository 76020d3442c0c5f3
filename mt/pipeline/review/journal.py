"""The crash journal of a review: an append-only JSON-lines log beside the document holding
each operation's new segment states (:class:`Journal`), and what an unclean one left behind
(:class:`Recovery`, :func:`find_recovery`). Records that cannot be read (garbled, or not the
shape an operation has) are skipped and counted, never a reason not to open the document; a
write that fails raises :class:`JournalError`."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mt.errors import MTError
from mt.fileio import JsonLinesLog, LogWriteError, fsync_dir, read_json_lines
from mt.formats.records import journal_record_problem

JOURNAL_VERSION = 1
#: Where an older version moved the journal during recovery; read if it is all there is.
OLD_SUFFIX = ".old"


class JournalError(MTError):
    """A change could not be journaled (read-only folder, full disk): it is applied in memory
    only, so a crash before the next save would lose it."""


@dataclass(frozen=True)
class Recovery:
    """An unclean journal found when opening: what it holds."""

    journal: Path
    started: float
    last: float
    operations: int
    segments: int
    records: tuple[dict[str, Any], ...] = field(repr=False, default=())
    unreadable: int = 0

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.last))
        ops = "change" if self.operations == 1 else "changes"
        segs = "segment" if self.segments == 1 else "segments"
        bad = (f" ({self.unreadable} unreadable journal record"
               f"{'s' if self.unreadable != 1 else ''} skipped)" if self.unreadable else "")
        return (f"{self.operations} unsaved {ops} to {self.segments} {segs}, "
                f"last at {when}{bad}")


class Journal(JsonLinesLog):
    """An append-only JSON-lines file; every record is flushed and fsynced before returning.
    The file is created on the first record, headed by an ``open`` record with the time."""

    def header_record(self) -> dict[str, Any]:
        return {**self.header, "t": "open", "time": time.time()}

    def append(self, record: dict[str, Any]) -> None:
        self.write([record])

    def write(self, records: Any) -> None:
        try:
            super().write(records)
        except LogWriteError as exc:
            raise JournalError(
                f"this change is NOT journaled ({exc}); it is kept in memory only: save "
                "(ctrl+s) to keep it") from None

    @staticmethod
    def read(path: Path) -> list[dict[str, Any]]:
        """The readable records of a journal; see :func:`read_journal`."""
        return read_journal(path)[0]


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def readable(record: Any) -> bool:
    """Whether ``record`` has the shape of a journal record (open, op, save) that recovery
    can use: an ``op`` has an integer ``seq`` and a list of segment states with an id."""
    if not isinstance(record, dict):
        return False
    if "time" in record and not _number(record["time"]):
        return False
    kind = record.get("t")
    if kind == "open":
        return True
    if kind == "save":
        return isinstance(record.get("seq"), int)
    if kind != "op" or not isinstance(record.get("seq"), int):
        return False
    segments = record.get("segments")
    return isinstance(segments, list) and all(
        isinstance(s, dict) and isinstance(s.get("id"), str)
        and isinstance(s.get("edits", []), list) for s in segments)


def read_journal(path: Path) -> tuple[list[dict[str, Any]], int]:
    """The readable records of the journal at ``path`` and how many complete lines were
    unreadable (skipped); a torn last line (a crash mid-write) is dropped uncounted."""
    try:
        lines = read_json_lines(path)
    except FileNotFoundError:
        return [], 0
    records: list[dict[str, Any]] = []
    bad = 0
    for line in lines:
        if readable(line.value) and journal_record_problem(line.value) is None:
            records.append(line.value)
        elif line.complete:
            bad += 1
    return records, bad


def unsaved_records(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The operation records written after the last save."""
    last_save = -1
    for record in records:
        if record.get("t") == "save" and isinstance(record.get("seq"), int):
            last_save = record["seq"]
    return [r for r in records
            if r.get("t") == "op" and isinstance(r.get("seq"), int) and r["seq"] > last_save]


def restore_old(path: Path) -> None:
    """Put back a journal an older version left as ``.old`` mid-recovery, when the journal
    beside it holds nothing unsaved (the crash came before the new one was written)."""
    old = path.with_name(path.name + OLD_SUFFIX)
    if not old.is_file() or old.is_symlink():
        return
    if path.exists() and unsaved_records(read_journal(path)[0]):
        with contextlib.suppress(OSError):
            old.unlink()  # the new journal was written: it holds the recovered state
        return
    os.replace(old, path)
    fsync_dir(path.parent)


def find_recovery(path: Path) -> Recovery | None:
    """What the journal at ``path`` holds that was not saved; a journal with nothing unsaved
    is removed (``None``)."""
    restore_old(path)
    if not path.exists() and not path.is_symlink():
        return None
    records, bad = read_journal(path)
    ops = unsaved_records(records)
    if not ops:
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    changes = [r for r in ops if r.get("op") != "time"]  # editing time is no change
    ids = {s["id"] for r in changes for s in r["segments"]}
    times = [float(r["time"]) for r in records if "time" in r]
    return Recovery(path, min(times, default=0.0), max(times, default=0.0), len(changes),
                    len(ids), tuple(ops), bad)
