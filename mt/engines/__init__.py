"""Translation engines; the transformers backend loads torch only when used.

>>> from mt.engines import load_engine
>>> engine = load_engine("Helsinki-NLP/opus-mt-ar-en", device="auto")  # doctest: +SKIP
>>> [t.text for t in engine.translate(["سيطرت طالبان على كابل."])]  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from mt.engines.base import (
    Constraint,
    ConstraintReport,
    Engine,
    EngineError,
    EngineSignature,
    ScoredTranslation,
    SentenceConstraints,
    TokenScore,
    Translation,
    WordScore,
    glossary_hash,
)
from mt.engines.loading import DEFAULT_MODEL
from mt.engines.options import EngineOptions


def load_engine(model: str = DEFAULT_MODEL, **options: Any) -> Engine:
    """A :class:`~mt.engines.transformers_engine.TransformersEngine` for ``model`` (a hub id or
    a local folder); imports torch and transformers now. ``options``: ``revision``,
    ``device``, ``dtype``, ``beam``, ``batch_tokens``, ``max_new_tokens``, ``glossary``,
    ``source_lang``, ``target_lang``, ``backend`` (default ``auto``: CTranslate2 for sentences
    without terms to force, see :mod:`mt.engines.ct2_engine`) and the rest of the engine's
    keyword arguments."""
    from mt.engines.ct2_engine import load_engine_for_backend

    return load_engine_for_backend(model, **options)


__all__ = [
    "DEFAULT_MODEL",
    "Constraint",
    "ConstraintReport",
    "Engine",
    "EngineError",
    "EngineOptions",
    "EngineSignature",
    "ScoredTranslation",
    "SentenceConstraints",
    "TokenScore",
    "Translation",
    "WordScore",
    "glossary_hash",
    "load_engine",
]
