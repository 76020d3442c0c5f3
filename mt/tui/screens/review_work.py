"""The review screen's background work: the jobs, the typed messages they post, one starter.

Each job runs in a thread worker on data handed to it from the UI thread and returns the
:class:`~textual.message.Message` to post back (or None); the screen handles each message in an
``on_...`` method, on the UI thread, where alone the session is changed. A job catches what may
go wrong and reports it as :class:`WorkFailed`: a failing check, score or model must not take
the translator's work down.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import Worker, get_current_worker

from mt.errors import MTError
from mt.glossary.entry import Glossary, GlossaryEntry
from mt.pipeline.review import (
    ReviewPaths,
    ReviewSession,
    SaveResult,
    Snapshot,
    run_document_qa,
    save_glossary_entry,
    write_snapshot,
)
from mt.scoring.live import LiveDocumentScores

Job = Callable[[Worker[None]], Message | None]


def start_work(target: DOMNode, job: Job, group: str) -> None:
    """Run ``job`` in a thread worker of ``target`` (one at a time per ``group``: a new one
    cancels the old) and post the message it returns to ``target``."""

    def run() -> None:
        message = job(get_current_worker())
        if message is not None:
            target.post_message(message)

    target.run_worker(run, name=group, group=group, exclusive=True, thread=True)


class WorkFailed(Message):
    """A job failed; ``text`` says so to the translator."""

    def __init__(self, text: str, *, timeout: float = 4) -> None:
        super().__init__()
        self.text = text
        self.timeout = timeout


class QaChecked(Message):
    """The whole-document QA: issues by segment id, for the post-edits in ``texts``."""

    def __init__(self, issues: dict[str, Any], texts: dict[str, str]) -> None:
        super().__init__()
        self.issues = issues
        self.texts = texts


class ScoresComputed(Message):
    """The document's scores are in."""

    def __init__(self, scores: LiveDocumentScores) -> None:
        super().__init__()
        self.scores = scores


class WordsScored(Message):
    """The word confidences of segment ``index`` are in the session."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index


class Retranslated(Message):
    """The model's translation of segment ``index``, or None and the ``error``."""

    def __init__(self, index: int, translation: Any, error: str = "") -> None:
        super().__init__()
        self.index = index
        self.translation = translation
        self.error = error


class TermSaved(Message):
    """``added`` is in the glossary file; ``glossary`` is the file's new content."""

    def __init__(self, glossary: Glossary, added: GlossaryEntry) -> None:
        super().__init__()
        self.glossary = glossary
        self.added = added


class Saved(Message):
    """The snapshot is written; quit afterwards if ``then_quit``."""

    def __init__(self, result: SaveResult, then_quit: bool) -> None:
        super().__init__()
        self.result = result
        self.then_quit = then_quit


class SaveFailed(Message):
    """Writing the snapshot failed; the work is still in the journal."""

    def __init__(self, error: Exception, then_quit: bool = False) -> None:
        super().__init__()
        self.error = error
        self.then_quit = then_quit


def check_qa(snapshot: Snapshot, glossary: Any) -> Job:
    def job(worker: Worker[None]) -> Message | None:
        doc = snapshot.document
        try:
            issues = run_document_qa(doc, glossary)
        except Exception as exc:  # a bug in a check must not take the translator's work down
            return WorkFailed(f"QA failed: {exc}")
        texts = {seg.id: seg.post_edit for seg in doc}
        return None if worker.is_cancelled else QaChecked(issues, texts)
    return job


def compute_scores(session: ReviewSession, texts: list[tuple[str, str, str | None]]) -> Job:
    def job(worker: Worker[None]) -> Message | None:
        try:
            scores = session.scores.document(texts, lambda: worker.is_cancelled)
        except Exception as exc:  # scores are a help, not a reason to stop
            return WorkFailed(f"scores failed: {exc}")
        if scores is None or worker.is_cancelled:
            return None
        return ScoresComputed(scores)
    return job


def score_words(session: ReviewSession, index: int) -> Job:
    def job(worker: Worker[None]) -> Message | None:
        try:
            session.score_words(index)
        except Exception as exc:  # confidence is a help, not a reason to stop
            return WorkFailed(f"word confidence failed: {exc}")
        return WordsScored(index)
    return job


def retranslate(session: ReviewSession, index: int) -> Job:
    def job(worker: Worker[None]) -> Message | None:
        try:
            translation = session.translate_segment(index)
        except Exception as exc:  # a model error must not take the translator's work down
            return Retranslated(index, None, str(exc))
        return Retranslated(index, translation)
    return job


def save_term(path: Path | None, entry: GlossaryEntry) -> Job:
    def job(worker: Worker[None]) -> Message | None:
        try:
            glossary, added = save_glossary_entry(path, entry)
        except MTError as exc:
            return WorkFailed(f"glossary not changed: {exc}", timeout=8)
        return TermSaved(glossary, added)
    return job


def save_snapshot(snapshot: Snapshot, paths: ReviewPaths, then_quit: bool,
                  fmt: str | None = None) -> Job:
    def job(worker: Worker[None]) -> Message | None:
        try:
            result = write_snapshot(snapshot, paths, fmt)
        except (MTError, OSError) as exc:
            return SaveFailed(exc, then_quit)
        return Saved(result, then_quit)
    return job
