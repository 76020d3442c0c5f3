"""The engine interface: translate a batch, score a given translation, name the settings.

An :class:`Engine` turns source texts into :class:`Translation` results, each of which says
which required glossary terms it contains (:class:`ConstraintReport`) and which forbidden
variants slipped through, and scores existing translations token by token with teacher
forcing (:class:`ScoredTranslation`). Its :attr:`Engine.signature` names everything that
determines the output, so a checkpoint or a report can say what produced it.

Nothing here imports torch or transformers; backends do that when they are built.
"""

from __future__ import annotations

import hashlib
import json
import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from mt.errors import MTError

if TYPE_CHECKING:
    from mt.glossary.entry import Glossary


class EngineError(MTError):
    """A model cannot be found, loaded or run; the message says what to do about it."""


@dataclass(frozen=True)
class Constraint:
    """One occurrence of a target term the translation must contain.

    A term the source holds twice gives two constraints. ``case_sensitive=False`` lets the
    sentence-initial capitalised form count too (``Province`` for ``province``).
    """

    term: str
    entry_id: str | None = None
    case_sensitive: bool = True


@dataclass(frozen=True)
class SentenceConstraints:
    """What one sentence's translation must contain and must not contain."""

    required: tuple[Constraint, ...] = ()
    forbidden: tuple[str, ...] = ()
    #: Forbidden forms that are case-insensitive (their capitalised form is banned too).
    forbidden_nocase: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.required or self.forbidden or self.forbidden_nocase)

    def merged(self, other: SentenceConstraints) -> SentenceConstraints:
        return SentenceConstraints(
            self.required + other.required,
            tuple(dict.fromkeys(self.forbidden + other.forbidden)),
            tuple(dict.fromkeys(self.forbidden_nocase + other.forbidden_nocase)),
        )


#: Why a required term is missing from a translation.
UNMET_LENGTH = "not reached within the length limit"
UNMET_VOCABULARY = "cannot be spelled with the model's vocabulary"
UNMET_TEXT = "not found in the decoded text"


@dataclass
class ConstraintReport:
    """Whether one required term made it into the translation (and why not)."""

    term: str
    entry_id: str | None
    met: bool
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Translation:
    """The translation of one input text (all its sentences, joined back)."""

    source: str
    text: str
    #: Mean log-probability per output token (length-normalised model score); 0.0 if empty.
    score: float = 0.0
    tokens: int = 0
    sentences: int = 0
    constraints: list[ConstraintReport] = field(default_factory=list)
    #: Forbidden variants found in the output anyway (another tokenisation, say).
    forbidden_found: list[str] = field(default_factory=list)
    truncated: bool = False

    @property
    def unmet(self) -> list[ConstraintReport]:
        return [c for c in self.constraints if not c.met]

    @property
    def ok(self) -> bool:
        """Every required term present and no forbidden variant."""
        return not self.unmet and not self.forbidden_found

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "text": self.text,
            "score": self.score,
            "tokens": self.tokens,
            "sentences": self.sentences,
            "constraints": [c.to_dict() for c in self.constraints],
            "forbidden_found": list(self.forbidden_found),
            "truncated": self.truncated,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Translation:
        return cls(
            source=data["source"],
            text=data["text"],
            score=float(data.get("score", 0.0)),
            tokens=int(data.get("tokens", 0)),
            sentences=int(data.get("sentences", 0)),
            constraints=[ConstraintReport(**c) for c in data.get("constraints", [])],
            forbidden_found=list(data.get("forbidden_found", [])),
            truncated=bool(data.get("truncated", False)),
        )


@dataclass(frozen=True)
class TokenScore:
    """One target token and its log-probability under the model (teacher forcing)."""

    token: str
    logprob: float
    special: bool = False


@dataclass(frozen=True)
class WordScore:
    """One word of a translation: its tokens' summed log-probability and its character span.

    ``start``/``end`` index the translation text; ``None`` where the word could not be placed.
    """

    text: str
    start: int | None
    end: int | None
    logprob: float
    tokens: int

    @property
    def prob(self) -> float:
        return math.exp(self.logprob)


@dataclass
class ScoredTranslation:
    """The model's view of a given translation of ``source``."""

    source: str
    translation: str
    tokens: list[TokenScore] = field(default_factory=list)
    words: list[WordScore] = field(default_factory=list)

    @property
    def mean_logprob(self) -> float:
        """Mean log-probability of the non-special tokens plus end-of-sentence; 0.0 if none."""
        scored = [t.logprob for t in self.tokens if not t.special or t.token in _EOS_TOKENS]
        return sum(scored) / len(scored) if scored else 0.0

    def low_confidence(self, threshold: float) -> list[WordScore]:
        """The words whose log-probability is below ``threshold``."""
        return [w for w in self.words if w.logprob < threshold]

    def to_dict(self) -> dict[str, Any]:
        return {
            "mean_logprob": self.mean_logprob,
            "tokens": [[t.token, t.logprob] for t in self.tokens],
            "words": [asdict(w) for w in self.words],
        }


_EOS_TOKENS = frozenset({"</s>", "<eos>", "<|endoftext|>"})


@dataclass(frozen=True)
class EngineSignature:
    """Everything that determines an engine's output, for reports and checkpoints."""

    engine: str
    model: str
    revision: str | None = None
    dtype: str = "float32"
    device: str = "cpu"
    beam: int = 4
    length_penalty: float = 1.0
    max_new_tokens: int | str = "auto"
    source_lang: str | None = None
    target_lang: str | None = None
    glossary: str = "none"

    #: Fields that change results; device and batching do not (up to float rounding).
    RESULT_FIELDS = (
        "engine", "model", "revision", "dtype", "beam", "length_penalty", "max_new_tokens",
        "source_lang", "target_lang", "glossary",
    )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def differences(self, other: dict[str, Any]) -> list[str]:
        """The result-changing fields whose value differs from ``other`` (a ``to_dict``)."""
        mine = self.to_dict()
        return [k for k in self.RESULT_FIELDS if mine.get(k) != other.get(k)]

    def __str__(self) -> str:
        parts = [
            f"model:{self.model}",
            f"rev:{self.revision or 'unknown'}",
            f"dtype:{self.dtype}",
            f"device:{self.device}",
            f"beam:{self.beam}",
            f"lp:{self.length_penalty:g}",
            f"max:{self.max_new_tokens}",
        ]
        if self.source_lang or self.target_lang:
            parts.append(f"lang:{self.source_lang or '?'}-{self.target_lang or '?'}")
        parts += [f"glossary:{self.glossary}", f"engine:{self.engine}"]
        return "|".join(parts)


def glossary_hash(glossary: Glossary | None) -> str:
    """A short, stable hash of what a glossary makes an engine do ("none" for no glossary)."""
    if glossary is None or not len(glossary):
        return "none"
    content = [
        [e.id, e.target, list(e.sources), list(e.variants), e.case_sensitive, e.whole_word,
         e.do_not_translate, e.require_source]
        for e in glossary.entries
    ]  # fmt: skip
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False).encode("utf-8"))
    return "sha256:" + digest.hexdigest()[:16]


class Engine(ABC):
    """A translation engine: a model plus the decoding settings and glossary it applies."""

    glossary: Glossary | None = None
    #: Which backend translates what (for the command's output), e.g. "transformers".
    backend_note: str = ""

    @abstractmethod
    def translate(
        self,
        sources: Sequence[str],
        *,
        glossary: Glossary | None = None,
        constraints: Sequence[SentenceConstraints | None] | None = None,
    ) -> list[Translation]:
        """Translate ``sources`` (results in the same order).

        Terms come from ``glossary`` (default: the engine's), per sentence; ``constraints``,
        one per source, adds explicit ones (a source given explicit constraints is translated
        as one unit, not sentence by sentence).
        """

    @abstractmethod
    def score(self, sources: Sequence[str], translations: Sequence[str]) -> list[ScoredTranslation]:
        """Score each translation of its source token by token with teacher forcing."""

    @property
    @abstractmethod
    def signature(self) -> EngineSignature:
        """What produces this engine's output (model, revision, dtype, decoding, glossary)."""

    def signature_for(self, glossary: Glossary | None) -> EngineSignature:
        """The signature with ``glossary`` in place of the engine's own."""
        from dataclasses import replace

        return replace(self.signature, glossary=glossary_hash(glossary))
