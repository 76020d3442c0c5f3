"""Model confidence: the words of the MT a neural translation model finds unlikely, given the
source. The check needs the engine passed in (``ModelConfidence(engine)``); registered without
one, it is skipped with the reason."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from mt.document import Issue, Severity
from mt.engines.confidence import CHECK_ID, DEFAULT_THRESHOLD, confidence_issues
from mt.scoring.qa.base import Check, QAContext, register

if TYPE_CHECKING:
    from mt.engines.base import Engine


@register
class ModelConfidence(Check):
    """Scores every segment's MT against its source with ``engine`` in one batch."""

    id = CHECK_ID
    severity = Severity.INFO
    description = "words of the MT the translation model has low confidence in (needs --model)"
    needs_source = True

    def __init__(self, engine: Engine | None = None, threshold: float = DEFAULT_THRESHOLD
                 ) -> None:
        self.engine = engine
        self.threshold = threshold

    def applies(self, context: QAContext) -> str | None:
        if self.engine is None:
            return "needs a translation model (--model)"
        return super().applies(context)

    def run_document(self, context: QAContext) -> Iterator[tuple[str, Issue]]:
        assert self.engine is not None
        chosen = [s for s in context.document
                  if s.source and s.source.strip() and s.mt and s.mt.strip()]  # fmt: skip
        scored = self.engine.score([s.source or "" for s in chosen], [s.mt for s in chosen])
        for seg, sc in zip(chosen, scored, strict=True):
            for issue in confidence_issues(sc, self.threshold, self.severity):
                yield seg.id, issue
