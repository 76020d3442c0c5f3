"""The `mt qa` job: the registered QA checks over a document, with the model-confidence check
given the engine when there is one (:class:`mt.scoring.qa.model_confidence.ModelConfidence`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from mt.document import Document
from mt.engines.confidence import CHECK_ID, DEFAULT_THRESHOLD
from mt.scoring.qa import Check, QAReport, resolve_checks, run_checks
from mt.scoring.qa.model_confidence import ModelConfidence

if TYPE_CHECKING:
    from mt.engines.base import Engine
    from mt.glossary.entry import Glossary


def run_qa(
    doc: Document,
    glossary: Glossary | None = None,
    checks: str | Iterable[str] | None = None,
    *,
    exclude: Iterable[str] = (),
    field: str = "post_edit",
    engine: Engine | None = None,
    threshold: float | None = None,
) -> QAReport:
    """Run ``checks`` (default: all) minus ``exclude`` over ``doc``. With an ``engine``, the
    model-confidence check runs with it (also when ``checks`` does not name it, unless
    excluded); without one it is skipped. ``KeyError`` for an unknown check id."""
    selected: list[Check] = resolve_checks(checks, exclude)
    if engine is not None and CHECK_ID not in set(exclude):
        scorer = ModelConfidence(engine, DEFAULT_THRESHOLD if threshold is None else threshold)
        selected = [c for c in selected if c.id != CHECK_ID] + [scorer]
    return run_checks(doc, glossary, selected, field=field)


__all__ = ["run_qa"]
