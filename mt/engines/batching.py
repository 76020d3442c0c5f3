"""Engine-neutral batching and assembly: inputs split into sentence units with their glossary
constraints, units batched by token count, and per-sentence translations joined back into one
:class:`~mt.engines.base.Translation` per input with the spacing the input had. Any backend
(transformers, CTranslate2) can reuse it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mt.engines.base import SentenceConstraints, Translation
from mt.engines.constraints import constraints_for
from mt.text.sentences import Sentence, join_sentences, split_sentences

if TYPE_CHECKING:
    from mt.glossary.entry import Glossary

#: Per input: its sentences, ``None`` when it is one unit, ``[]`` when it is blank.
Layout = list[list[Sentence] | None]


@dataclass
class Unit:
    """One sentence (or unsplit text) to translate."""

    index: int  # input it belongs to
    text: str
    constraints: SentenceConstraints
    ids: list[int] | None = None
    truncated: bool = False


def make_units(
    sources: Sequence[str],
    glossary: Glossary | None,
    constraints: Sequence[SentenceConstraints | None] | None,
    *,
    source_lang: str | None,
    split: bool,
) -> tuple[list[Unit], Layout]:
    """The units to translate and each input's layout. An input with explicit constraints (or
    any input when ``split`` is off) is one unit; others are split into sentences."""
    units: list[Unit] = []
    layout: Layout = []
    lang = source_lang or "en"
    for i, text in enumerate(sources):
        explicit = constraints[i] if constraints is not None else None
        if not text or text.isspace():
            layout.append([])
            continue
        if (explicit is not None and not explicit.empty) or not split:
            layout.append(None)
            sc = explicit or SentenceConstraints()
            if glossary is not None:
                sc = constraints_for(text, glossary).merged(sc)
            units.append(Unit(i, text.strip(), sc))
            continue
        sents = split_sentences(text, lang)
        layout.append(sents)
        for s in sents:
            units.append(Unit(i, s.text, constraints_for(s.text, glossary)))
    return units, layout


def token_batches(lengths: list[int], batch_tokens: int) -> list[list[int]]:
    """Unit indices, longest first, in batches whose padded size fits ``batch_tokens``."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        if current and (len(current) + 1) * lengths[current[0]] > batch_tokens:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def assemble(
    sources: Sequence[str],
    units: list[Unit],
    layout: Layout,
    outputs: Sequence[Translation | None],
) -> list[Translation]:
    """One translation per input from its units' translations (scores token-weighted)."""
    per_input: list[list[Translation]] = [[] for _ in sources]
    for unit, out in zip(units, outputs, strict=True):
        assert out is not None
        per_input[unit.index].append(out)
    results = []
    for text, sents, parts in zip(sources, layout, per_input, strict=True):
        if not parts:
            results.append(Translation(text, "" if not text or text.isspace() else text))
            continue
        if sents is None:
            joined = parts[0].text
        else:
            joined = join_sentences(text, sents, [p.text for p in parts])
        tokens = sum(p.tokens for p in parts)
        logprob = sum(p.score * p.tokens for p in parts)
        results.append(
            Translation(
                source=text,
                text=joined,
                score=logprob / tokens if tokens else 0.0,
                tokens=tokens,
                sentences=len(parts),
                constraints=[c for p in parts for c in p.constraints],
                forbidden_found=list(dict.fromkeys(v for p in parts for v in p.forbidden_found)),
                truncated=any(p.truncated for p in parts),
            )
        )
    return results


__all__ = ["Layout", "Unit", "assemble", "make_units", "token_batches"]
