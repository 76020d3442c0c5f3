"""Word alignment from a translation model's cross-attention.

The model reads each (source, target) pair teacher-forced: one forward pass per batch with
``output_attentions=True``, no generation. The cross-attention of the last decoder layers
(averaged over their heads) at the step that predicts a target token says which source
tokens it drew on; subword tokens are grouped into words at sentencepiece's ``▁`` (byte-level
BPE's ``Ġ``) marks as :func:`mt.engines.confidence.merge_words` does, a target word's rows are
averaged and a source word's columns summed. torch is imported when this runs, never when
:mod:`mt` is.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mt.engines.base import EngineError, TokenScore
from mt.engines.confidence import merge_words

if TYPE_CHECKING:
    from mt.engines.transformers_engine import TransformersEngine

Span = tuple[int, int]


@dataclass(frozen=True)
class WordAttention:
    """The word-level cross-attention of one pair: ``weights[t][s]`` is the share of target
    word ``t``'s attention on source word ``s`` (character spans in the texts given)."""

    source_words: tuple[Span, ...]
    target_words: tuple[Span, ...]
    weights: tuple[tuple[float, ...], ...]

    def attention(self, start: int, end: int) -> list[float]:
        """The attention of the target words overlapping ``[start, end)`` on each source
        word, averaged over those words (all zero where none overlaps)."""
        rows = [w for (s, e), w in zip(self.target_words, self.weights, strict=True)
                if s < end and start < e]
        if not rows:
            return [0.0] * len(self.source_words)
        return [sum(col) / len(rows) for col in zip(*rows, strict=True)]

    def source_for(self, start: int, end: int) -> tuple[Span, float] | None:
        """The source word span the target span ``[start, end)`` attends to most, with its
        share; ``None`` where the span covers no target word the model saw."""
        shares = self.attention(start, end)
        if not shares or not any(shares):
            return None
        best = max(range(len(shares)), key=shares.__getitem__)
        return self.source_words[best], shares[best]


def _word_of_tokens(tokens: list[str], ids: list[int], special: set[int], text: str
                    ) -> tuple[list[Span | None], list[int | None]]:
    """The words of ``text`` (spans, ``None`` where not placed) and each token's word index
    (``None`` for special tokens)."""
    scored = [TokenScore(t, 0.0, i in special) for t, i in zip(tokens, ids, strict=True)]
    words = merge_words(scored, text, lambda pieces: "".join(pieces).replace("▁", " ")
                        .replace("Ġ", " "))
    index: list[int | None] = []
    w, left = -1, 0
    for tok in scored:
        if tok.special:
            index.append(None)
            continue
        while left == 0 and w + 1 < len(words):
            w += 1
            left = words[w].tokens
        index.append(w if left else None)
        left = max(left - 1, 0)
    spans = [(x.start, x.end) if x.start is not None and x.end is not None else None
             for x in words]
    return spans, index


@contextmanager
def _eager(model: Any) -> Iterator[None]:
    """Fused attention kernels return no weights: run eager attention meanwhile."""
    config = model.config
    before = getattr(config, "_attn_implementation", None)
    if before in (None, "eager") or not hasattr(model, "set_attn_implementation"):
        yield
        return
    model.set_attn_implementation("eager")
    try:
        yield
    finally:
        model.set_attn_implementation(before)


def word_attention(
    engine: TransformersEngine, pairs: Sequence[tuple[str, str]], *, layers: int = 2
) -> list[WordAttention]:
    """The word-level cross-attention of each (source, target) pair, from the heads of the
    last ``layers`` decoder layers (see the module docstring)."""
    torch = engine._torch
    tok = engine.tokenizer
    prefix = engine.vocabulary.source_prefix
    src_ids = [ids for ids, _ in engine._source_ids([s for s, _ in pairs])]
    tgt_ids = [list(tok(text_target=t)["input_ids"])[: engine._cap] for _, t in pairs]
    results: list[WordAttention | None] = [None] * len(pairs)
    lengths = [max(len(a), len(b)) for a, b in zip(src_ids, tgt_ids, strict=True)]
    with _eager(engine.model), torch.inference_mode():
        for batch in engine._batches(lengths):
            ids, mask = engine._pad([src_ids[i] for i in batch], engine.pad_id)
            dec, _ = engine._pad([[engine.start_id, *tgt_ids[i][:-1]] for i in batch],
                                 engine.pad_id)
            out = engine.model(input_ids=ids, attention_mask=mask, decoder_input_ids=dec,
                               output_attentions=True, use_cache=False, return_dict=True)
            if not out.cross_attentions:
                raise EngineError(f"{engine.name} returns no cross-attention weights")
            cross = torch.stack([a.float() for a in out.cross_attentions[-layers:]])
            mean = cross.mean(dim=(0, 2)).cpu()  # batch × target × source
            for row, i in enumerate(batch):
                results[i] = _words(engine, prefix, pairs[i], src_ids[i], tgt_ids[i],
                                    mean[row].tolist())
    return [r for r in results if r is not None]


def _words(engine: TransformersEngine, prefix: str, pair: tuple[str, str], src: list[int],
           tgt: list[int], attention: list[list[float]]) -> WordAttention:
    tok, special = engine.tokenizer, engine._special
    source_spans, source_of = _word_of_tokens(tok.convert_ids_to_tokens(src), src, special,
                                              prefix + pair[0])
    target_spans, target_of = _word_of_tokens(tok.convert_ids_to_tokens(tgt), tgt, special,
                                              pair[1])
    weights = [[0.0] * len(source_spans) for _ in target_spans]
    steps = [0] * len(target_spans)
    for t, tw in enumerate(target_of):
        if tw is None:
            continue
        steps[tw] += 1
        for s, sw in enumerate(source_of):
            if sw is not None:
                weights[tw][sw] += attention[t][s]
    keep_s = [i for i, sp in enumerate(source_spans) if sp is not None and sp[0] >= len(prefix)]
    keep_t = [i for i, sp in enumerate(target_spans) if sp is not None]
    shift = len(prefix)
    return WordAttention(
        source_words=tuple((source_spans[i][0] - shift, source_spans[i][1] - shift)  # type: ignore[index]
                           for i in keep_s),
        target_words=tuple(target_spans[i] for i in keep_t),  # type: ignore[misc]
        weights=tuple(tuple(weights[t][s] / max(steps[t], 1) for s in keep_s) for t in keep_t),
    )


__all__ = ["WordAttention", "word_attention"]
