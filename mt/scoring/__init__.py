"""Scores and checks: sacrebleu metrics, significance, term accuracy, edit effort, QA.

Importing this package imports nothing heavy: the names below load their module on first use,
and a metric imports sacrebleu when it first scores.

>>> from mt.scoring import corpus_scores
>>> corpus_scores(["the cat sat"], ["the cat sat"], "bleu,chrf,ter")["ter"].text  # doctest: +SKIP
'0.0'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "base": ("Metric", "Score", "check_segments"),
    "effort": ("EditEffort", "SegmentEffort", "document_effort", "edit_effort"),
    "metrics": ("BLEU", "DEFAULT_METRICS", "METRICS", "TER", "ChrF", "ChrFPlusPlus",
                "corpus_scores", "get_metric", "get_metrics", "sentence_scores"),
    "report": ("DocumentScores", "SegmentScores", "score_document"),
    "significance": ("SystemScore", "SystemsTable", "compare_systems"),
    "terms": ("EntryAccuracy", "SegmentTerms", "TermAccuracy", "document_term_accuracy",
              "segment_terms", "term_accuracy"),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

if TYPE_CHECKING:
    from mt.scoring.base import Metric, Score, check_segments
    from mt.scoring.effort import EditEffort, SegmentEffort, document_effort, edit_effort
    from mt.scoring.metrics import (
        BLEU,
        DEFAULT_METRICS,
        METRICS,
        TER,
        ChrF,
        ChrFPlusPlus,
        corpus_scores,
        get_metric,
        get_metrics,
        sentence_scores,
    )
    from mt.scoring.report import DocumentScores, SegmentScores, score_document
    from mt.scoring.significance import SystemScore, SystemsTable, compare_systems
    from mt.scoring.terms import (
        EntryAccuracy,
        SegmentTerms,
        TermAccuracy,
        document_term_accuracy,
        segment_terms,
        term_accuracy,
    )


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_MODULE_OF])


__all__ = [
    "BLEU",
    "DEFAULT_METRICS",
    "METRICS",
    "TER",
    "ChrF",
    "ChrFPlusPlus",
    "DocumentScores",
    "EditEffort",
    "EntryAccuracy",
    "Metric",
    "Score",
    "SegmentEffort",
    "SegmentScores",
    "SegmentTerms",
    "SystemScore",
    "SystemsTable",
    "TermAccuracy",
    "check_segments",
    "compare_systems",
    "corpus_scores",
    "document_effort",
    "document_term_accuracy",
    "edit_effort",
    "get_metric",
    "get_metrics",
    "score_document",
    "segment_terms",
    "sentence_scores",
    "term_accuracy",
]
