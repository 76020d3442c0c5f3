"""The neural engine on a CUDA GPU: float32 and bf16 weights, batched constrained decoding,
the CTranslate2 route, tiny NLLB and M2M100, and ``mt translate --device cuda``.

Marked ``gpu``: skipped, saying why, where torch sees no CUDA device (tests/conftest.py).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mt.engines.ct2_engine import RoutedEngine, load_engine_for_backend
from tests.conftest import GLOSSARIES
from tests.engines.tiny_marian import PAIRS
from tests.engines.tiny_multilingual import tiny_multilingual_dir

pytestmark = [pytest.mark.gpu, pytest.mark.slow]

SOURCES = [a for a, _ in PAIRS]
#: The pairs with a glossary term to force (بنجشير → Panjshir, أحمد مسعود → Ahmad Massoud).
FORCED = [a for a, e in PAIRS if "Banshir" in e or "Ahmed Masoud" in e]


def _load(folder: Path, **options: Any) -> Any:
    from mt.engines.transformers_engine import TransformersEngine

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return TransformersEngine.load(folder, **options)


@pytest.fixture(scope="module")
def cuda_fp32(tiny_model: Path) -> Any:
    return _load(tiny_model, device="cuda", dtype="fp32")


@pytest.fixture(scope="module")
def cuda_bf16(tiny_model: Path) -> Any:
    return _load(tiny_model, device="cuda", dtype="bf16")


def test_bf16_weights_live_on_the_gpu_and_the_signature_says_so(cuda_bf16: Any) -> None:
    import torch

    weight = next(cuda_bf16.model.parameters())
    assert weight.device.type == "cuda" and weight.dtype == torch.bfloat16
    assert cuda_bf16.signature.device.startswith("cuda")
    assert cuda_bf16.signature.dtype == "bfloat16"


def test_float32_on_the_gpu_gives_the_cpu_text(engine: Any, cuda_fp32: Any) -> None:
    cpu = [t.text for t in engine.translate(SOURCES)]
    gpu = [t.text for t in cuda_fp32.translate(SOURCES)]
    assert gpu == cpu


def test_bf16_gives_what_the_model_learnt(cuda_bf16: Any) -> None:
    """The tiny model reproduces its training pairs in float32; bf16 keeps them."""
    texts = [t.text for t in cuda_bf16.translate(SOURCES)]
    same = sum(t == e for t, (_, e) in zip(texts, PAIRS, strict=True))
    assert same >= len(PAIRS) - 1, [(t, e) for t, (_, e) in zip(texts, PAIRS, strict=True)
                                    if t != e]


def test_one_constrained_batch_in_bf16_meets_every_term(cuda_bf16: Any, engine: Any,
                                                         glossary: Any) -> None:
    """Every sentence in one batch (the default batch holds them all), terms forced in each."""
    forced = cuda_bf16.translate(SOURCES, glossary=glossary)
    on_cpu = engine.translate(SOURCES, glossary=glossary)
    for source, gpu, cpu in zip(SOURCES, forced, on_cpu, strict=True):
        assert [c.met for c in gpu.constraints] == [c.met for c in cpu.constraints], source
        assert "Banshir" not in gpu.text and "Ahmed Masoud" not in gpu.text, gpu.text
    terms = [c for t in forced for c in t.constraints]
    assert terms and all(c.met for c in terms), [c for c in terms if not c.met]
    assert sum("Panjshir" in forced[SOURCES.index(s)].text for s in FORCED) >= len(FORCED) // 2


def test_backend_auto_on_the_gpu_translates_or_says_why_not(tiny_model: Path) -> None:
    """CTranslate2 on the GPU where it runs there; else our decoder, with the reason."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        routed = load_engine_for_backend(str(tiny_model), device="cuda")
    texts = [t.text for t in routed.translate(SOURCES[:8])]
    if isinstance(routed, RoutedEngine):
        assert routed.routed["ctranslate2"] == 8
    else:
        assert "ctranslate2 not used" in routed.backend_note
    same = sum(t == e for t, (_, e) in zip(texts, PAIRS[:8], strict=True))
    assert same >= 7, (routed.backend_note, texts)


@pytest.mark.parametrize("kind", ["nllb", "m2m100"])
def test_multilingual_models_force_terms_in_bf16(kind: str, glossary: Any,
                                                 tmp_path_factory: pytest.TempPathFactory
                                                 ) -> None:
    model = _load(tiny_multilingual_dir(tmp_path_factory, kind), device="cuda", dtype="bf16",
                  source_lang="ar", target_lang="en")
    plain = [t.text for t in model.translate(SOURCES[:8])]
    assert sum(t == e for t, (_, e) in zip(plain, PAIRS[:8], strict=True)) >= 7, plain
    for t in model.translate(FORCED[:6], glossary=glossary):
        assert "Banshir" not in t.text and "Ahmed Masoud" not in t.text, t.text
        assert all(c.met for c in t.constraints), t.constraints


def test_mt_translate_on_the_gpu(tiny_model: Path, tmp_path: Path) -> None:
    from mt.cli.main import app

    story = tmp_path / "story.ar"
    story.write_text("فر آلاف المدنيين من بنجشير.\n\nعاد اللاجئون إلى كابل.\n", encoding="utf-8")
    out = tmp_path / "story.en"
    result = CliRunner().invoke(app, [
        "translate", str(story), "--model", str(tiny_model), "--device", "cuda",
        "--glossary", str(GLOSSARIES / "afghanistan-news.ar-en.tsv"), "-o", str(out),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Panjshir" in text and "Banshir" not in text, text
    assert text.endswith("The refugees returned to Kabul.\n"), text
