"""The edit log of a review (`mt review FILE --export-log OUT.jsonl`): every decision as one
JSON object, built from the saved session file and the journal.

- The session file keeps each edit's status but not when it was decided: its decisions (edits
  accepted or rejected, segments confirmed) come first, with ``"time": null`` and
  ``"from": "session"``.
- The journal holds the operations since the last save, each with its time: walking them from
  the saved state, every status that changes is one record with ``"from": "journal"``, the
  operation's time (seconds since the epoch), kind and label. A status back to ``proposed``
  is a decision taken back (an undo).

Each record also says the segment's effort at that point: ``"seconds"``, its active editing
time (:mod:`.effort`), and ``"hter"``, the edits per 100 words of its post-edit against the
MT (TER, as the review's side panel shows it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mt.document import Document, EditStatus, apply_edits
from mt.errors import MTError
from mt.fileio import atomic_write
from mt.formats import read_document
from mt.formats.session import edit_from_json, edit_to_json
from mt.pipeline.review.effort import effort_seconds
from mt.pipeline.review.journal import read_journal, unsaved_records
from mt.pipeline.review.paths import review_paths
from mt.pipeline.review.state import is_reviewed

_KEY = ("start", "end", "replacement", "origin", "original", "entry_id")
PROPOSED = EditStatus.PROPOSED.value


def _key(edit: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(edit.get(k) for k in _KEY)


def _decision(edit: dict[str, Any], segment: str, status: str, when: dict[str, Any]
              ) -> dict[str, Any]:
    return {**when, "segment": segment, "decision": status, "origin": edit.get("origin"),
            "original": edit.get("original"), "replacement": edit.get("replacement"),
            "entry_id": edit.get("entry_id"), "reason": edit.get("reason", "")}


def _confirmation(segment: str, reviewed: bool, when: dict[str, Any]) -> dict[str, Any]:
    return {**when, "segment": segment, "decision": "confirmed" if reviewed else "unconfirmed"}


class _Effort:
    """HTER of a segment's state, from its MT (by segment id) and its edits as JSON."""

    def __init__(self, mts: dict[str, str]) -> None:
        from mt.scoring.live import ScoreBoard

        self.mts = mts
        self.board = ScoreBoard()

    def hter(self, segment: str, edits: list[dict[str, Any]]) -> float | None:
        mt = self.mts.get(segment)
        if mt is None:
            return None
        try:
            accepted = [e for e in map(edit_from_json, edits) if e.status is EditStatus.ACCEPTED]
            post_edit = apply_edits(mt, accepted)
        except (MTError, KeyError, TypeError, ValueError):
            return None
        return round(self.board.segment(mt, post_edit, None).hter, 2)


def _with_effort(records: list[dict[str, Any]], seconds: float, hter: float | None
                 ) -> list[dict[str, Any]]:
    for record in records:
        record["seconds"] = round(seconds, 1)
        record["hter"] = hter
    return records


def build_edit_log(document: str | Path) -> list[dict[str, Any]]:
    """The edit log of the review of ``document`` (a document or its ``.mt.json`` session);
    empty where it has neither a session file nor a journal."""
    paths = review_paths(document)
    saved: Document | None = None
    if paths.session.is_file():
        saved = read_document(paths.session, fmt="session")
    mts = _mt_texts(saved, paths.document)
    effort = _Effort(mts)
    log: list[dict[str, Any]] = []
    # Per segment id: status of each edit, and the confirmation, as saved.
    statuses: dict[str, dict[tuple[Any, ...], str]] = {}
    reviewed: dict[str, bool] = {}
    saved_at: dict[str, Any] = {"time": None, "from": "session", "op": None, "label": None}
    for seg in saved or []:
        edits = [edit_to_json(e) for e in seg.edits]
        statuses[seg.id] = {_key(e): e["status"] for e in edits}
        reviewed[seg.id] = is_reviewed(seg)
        found = [_decision(e, seg.id, e["status"], saved_at)
                 for e in edits if e["status"] != PROPOSED]
        if reviewed[seg.id]:
            found.append(_confirmation(seg.id, True, saved_at))
        if found:
            log += _with_effort(found, effort_seconds(seg), effort.hter(seg.id, edits))
    records, _ = read_journal(paths.journal)
    for op in unsaved_records(records):
        when = {"time": op.get("time"), "from": "journal", "op": op.get("op"),
                "label": op.get("label")}
        for state in op["segments"]:
            sid = state["id"]
            before = statuses.get(sid, {})
            after: dict[tuple[Any, ...], str] = {}
            found = []
            edits = state.get("edits", [])
            for edit in edits:
                key, status = _key(edit), str(edit.get("status", PROPOSED))
                after[key] = status
                if status != before.get(key, PROPOSED):
                    found.append(_decision(edit, sid, status, when))
            statuses[sid] = after
            now = bool(state.get("reviewed"))
            if now != reviewed.get(sid, False):
                found.append(_confirmation(sid, now, when))
            reviewed[sid] = now
            if found:
                spent = state.get("seconds")
                seconds = float(spent) if isinstance(spent, (int, float)) else 0.0
                log += _with_effort(found, seconds, effort.hter(sid, edits))
    return log


def _mt_texts(saved: Document | None, document: Path) -> dict[str, str]:
    """The MT of each segment id: from the saved session, else from the document itself (a
    first review that has only a journal); empty where neither can be read."""
    if saved is None:
        try:
            saved = read_document(document)
        except (MTError, OSError):
            return {}
    return {seg.id: seg.mt for seg in saved}


def write_edit_log(document: str | Path, out: str | Path) -> int:
    """Write the edit log of ``document`` to ``out`` as JSON Lines, atomically; return how
    many decisions it holds (a folder that cannot be written is an error naming ``out``)."""
    log = build_edit_log(document)
    atomic_write(out, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in log))
    return len(log)
