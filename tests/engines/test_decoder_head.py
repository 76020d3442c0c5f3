"""The decoder's own output head (logits written into a buffer kept for the batch) gives the
numbers the model's ``forward`` gives, step after step, for Marian and M2M100/NLLB; any other
head (int8) goes through ``forward``."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from mt.engines.decoder import CachedDecoder, output_head
from mt.engines.transformers_engine import TransformersEngine
from tests.engines.tiny_multilingual import tiny_multilingual_dir

SOURCES = ["قال أحمد مسعود في بنجشير", "طالبان في كابل", "ولاية بنجشير"]


def _steps(engine: TransformersEngine, own_head: bool, steps: int = 6) -> list[Any]:
    """The logits of ``steps`` greedy steps over SOURCES (beam 2, rows reordered)."""
    import torch

    ids = [engine.tokenizer(s)["input_ids"] for s in SOURCES]
    src, mask = engine._pad(ids, engine.pad_id)
    with torch.inference_mode():
        decoder = CachedDecoder(engine.model, src, mask, 2, engine._cache_arg,
                                engine._cache_out)
        if not own_head:
            decoder._head = None
        assert (decoder._head is not None) == own_head
        tokens = torch.full((len(SOURCES) * 2,), engine.start_id, dtype=torch.long)
        seen = []
        for _ in range(steps):
            logits = decoder.step(tokens)
            seen.append(logits.clone())
            tokens = logits.argmax(dim=-1)
            decoder.reorder(torch.arange(tokens.numel()).flip(0), None)
        return seen


def _check(engine: TransformersEngine) -> None:
    import torch

    own, forward = _steps(engine, True), _steps(engine, False)
    assert all(torch.equal(a, b) for a, b in zip(own, forward, strict=True))


def test_marian_logits_from_our_head_equal_the_models(tiny_model: Path) -> None:
    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        engine = TransformersEngine.load(tiny_model, device="cpu")
    assert output_head(engine.model) is not None
    bias = engine.model.final_logits_bias  # zeros as trained; opus-mt's are not
    bias.copy_(torch.randn(bias.shape, generator=torch.Generator().manual_seed(0)))
    _check(engine)


@pytest.mark.parametrize("kind", ["nllb", "m2m100"])
def test_m2m100_and_nllb_logits_from_our_head_equal_the_models(
        kind: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder: Path = tiny_multilingual_dir(tmp_path_factory, kind)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        engine = TransformersEngine.load(folder, device="cpu", source_lang="ar",
                                         target_lang="en")
    assert output_head(engine.model) is not None
    _check(engine)


def test_an_int8_head_goes_through_the_models_forward(tiny_model: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        int8 = TransformersEngine.load(tiny_model, device="cpu", dtype="int8")
    assert output_head(int8.model) is None
