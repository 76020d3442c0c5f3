"""The crash journal of a review: an append-only JSON-lines log beside the document holding
each operation's new segment states (:class:`Journal`), and what an unclean one left behind
(:class:`Recovery`, :func:`find_recovery`)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mt.fileio import JsonLinesLog, read_json_lines
from mt.formats.records import journal_record_problem

JOURNAL_VERSION = 1


@dataclass(frozen=True)
class Recovery:
    """An unclean journal found when opening: what it holds."""

    journal: Path
    started: float
    last: float
    operations: int
    segments: int
    records: tuple[dict[str, Any], ...] = field(repr=False, default=())

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.last))
        ops = "change" if self.operations == 1 else "changes"
        segs = "segment" if self.segments == 1 else "segments"
        return (f"{self.operations} unsaved {ops} to {self.segments} {segs}, "
                f"last at {when}")


class Journal(JsonLinesLog):
    """An append-only JSON-lines file; every record is flushed and fsynced before returning.
    The file is created on the first record, headed by an ``open`` record with the time."""

    def header_record(self) -> dict[str, Any]:
        return {**self.header, "t": "open", "time": time.time()}

    def append(self, record: dict[str, Any]) -> None:
        self.write([record])

    @staticmethod
    def read(path: Path) -> list[dict[str, Any]]:
        """The records of a journal; a torn last line (a crash mid-write) is ignored."""
        try:
            lines = read_json_lines(path)
        except FileNotFoundError:
            return []
        return [line.value for line in lines if journal_record_problem(line.value) is None]


def unsaved_records(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The operation records written after the last save."""
    last_save = -1
    for record in records:
        if record.get("t") == "save":
            last_save = int(record.get("seq", -1))
    return [r for r in records if r.get("t") == "op" and int(r.get("seq", 0)) > last_save]


def find_recovery(path: Path) -> Recovery | None:
    """What the journal at ``path`` holds that was not saved; a journal with nothing unsaved
    is removed (``None``)."""
    if not path.exists():
        return None
    records = Journal.read(path)
    ops = unsaved_records(records)
    if not ops:
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    ids = {str(s.get("id")) for r in ops for s in r.get("segments", [])}
    times = [float(r.get("time", 0)) for r in records if "time" in r]
    return Recovery(path, min(times, default=0.0), max(times, default=0.0), len(ops),
                    len(ids), tuple(ops))
