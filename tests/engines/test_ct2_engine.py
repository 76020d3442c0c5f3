"""The CTranslate2 backend with the tiny Marian: same text as our decoder where no term is forced,
terms still forced through ours in a mixed batch, forbidden variants suppressed, conversions
cached by the weights, and ``--backend transformers`` without ctranslate2."""

from __future__ import annotations

import re
import shutil
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

from mt.engines.base import Constraint, EngineError, SentenceConstraints
from mt.engines.ct2_engine import RoutedEngine, load_engine_for_backend
from mt.engines.transformers_engine import TransformersEngine
from tests.engines.tiny_marian import PAIRS

pytest.importorskip("ctranslate2")

#: What the model learnt, and sentences it never saw (where a beam search is less sure).
SOURCES = [a for a, _ in PAIRS] + [
    "طالبان كابل الدوحة بنجشير", "مسعود في الجبال قال", "الطريق إلى كابل مغلق منذ أسبوع",
    "وفد", "قال المتحدث إن الوفد وصل إلى بروان.",
]  # fmt: skip
BANSHIR = "تقع بنجشير شمال كابل."  # the model writes "Banshir lies north of Kabul."


def _load(model: Path, **options: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_engine_for_backend(str(model), device="cpu", **options)


@pytest.fixture(scope="session")
def ct2_fp32(tiny_model: Path) -> RoutedEngine:
    engine = _load(tiny_model, backend="ctranslate2", dtype="fp32")
    assert isinstance(engine, RoutedEngine)
    return engine


def test_ctranslate2_float32_gives_our_float32_text(engine: TransformersEngine,
                                                    ct2_fp32: RoutedEngine) -> None:
    before = dict(ct2_fp32.routed)
    ours = engine.translate(SOURCES)
    theirs = ct2_fp32.translate(SOURCES)
    assert [t.text for t in theirs] == [t.text for t in ours]
    assert ct2_fp32.routed["ctranslate2"] - before["ctranslate2"] == len(SOURCES)
    assert ct2_fp32.routed["transformers"] == before["transformers"]
    for a, b in zip(ours, theirs, strict=True):
        assert b.tokens == a.tokens and b.score == pytest.approx(a.score, abs=2e-3)
    assert "ctranslate2" in ct2_fp32.signature.engine and "float32" in ct2_fp32.signature.engine


@pytest.mark.slow
def test_ctranslate2_int8_stays_within_the_measured_tolerance(tiny_model: Path,
                                                               engine: TransformersEngine) -> None:
    """Measured: int8 gave the float32 text for 47 of these 47 inputs; we allow 2 to differ."""
    int8 = _load(tiny_model, backend="auto")
    assert isinstance(int8, RoutedEngine) and int8.compute_type == "int8"
    ours = [t.text for t in engine.translate(SOURCES)]
    theirs = [t.text for t in int8.translate(SOURCES)]
    same = sum(a == b for a, b in zip(ours, theirs, strict=True))
    assert same >= len(SOURCES) - 2, list(zip(ours, theirs, strict=True))


def test_a_mixed_batch_comes_back_in_order_with_the_terms_forced(
    engine: TransformersEngine, ct2_fp32: RoutedEngine
) -> None:
    sources = SOURCES[:8]
    constraints = [SentenceConstraints((Constraint("Panjshir"),)) if i % 3 == 1 else None
                   for i in range(len(sources))]
    before = dict(ct2_fp32.routed)
    mixed = ct2_fp32.translate(sources, constraints=constraints)
    expected = engine.translate(sources, constraints=constraints)
    assert [t.source for t in mixed] == sources
    assert [t.text for t in mixed] == [t.text for t in expected]
    for result, wanted in zip(mixed, constraints, strict=True):
        if wanted is not None:
            assert "Panjshir" in result.text and result.ok, result.text
    forced = sum(c is not None for c in constraints)
    assert ct2_fp32.routed["transformers"] - before["transformers"] == forced
    assert ct2_fp32.routed["ctranslate2"] - before["ctranslate2"] == len(sources) - forced


def test_glossary_sentences_go_to_our_decoder_the_rest_to_ctranslate2(
    engine: TransformersEngine, ct2_fp32: RoutedEngine, glossary: Any
) -> None:
    # Only the first sentence holds glossary terms (طالبان, كابل); the glossary's forbidden
    # variants apply to all of them, so the other three go to CTranslate2 with suppressions.
    paragraph = "سيطرت طالبان على كابل. وصل الشتاء إلى الجبال. يطالب السكان بالغذاء."
    sources = [paragraph, "زار الصحفيون پنجشیر."]
    before = dict(ct2_fp32.routed)
    routed = ct2_fp32.translate(sources, glossary=glossary)
    expected = engine.translate(sources, glossary=glossary)
    assert [t.text for t in routed] == [t.text for t in expected]
    assert routed[0].ok and routed[0].text.startswith("The Taliban took control of Kabul.")
    assert ct2_fp32.routed["transformers"] - before["transformers"] == 1
    assert ct2_fp32.routed["ctranslate2"] - before["ctranslate2"] == 3


def test_a_suppressed_variant_never_appears(ct2_fp32: RoutedEngine) -> None:
    assert "Banshir" in ct2_fp32.translate([BANSHIR])[0].text
    before = ct2_fp32.routed["ctranslate2"]
    banned = [SentenceConstraints(forbidden=("Banshir",), forbidden_nocase=("banshir",))]
    result = ct2_fp32.translate([BANSHIR], constraints=banned)[0]
    assert ct2_fp32.routed["ctranslate2"] == before + 1  # no term to force: CTranslate2 ran
    assert not re.search(r"banshir", result.text, re.I) and result.forbidden_found == []
    assert result.text.endswith("Kabul.")  # CTranslate2 masks before its softmax, we after:
    # where a ban bites the two may rank the rest differently (here "Panjshir lies to Kabul.")


# ---------------------------------------------------------------- the conversion cache


def test_the_conversion_is_reused_and_keyed_by_the_weights(tiny_model: Path,
                                                           tmp_path: Path) -> None:
    from safetensors.torch import load_file, save_file

    from mt.engines.ct2_convert import converted_model

    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    root = tmp_path / "cache"
    first, converted = converted_model(model, "float32", root=root)
    assert converted and (first / "model.bin").is_file()
    again, converted = converted_model(model, "float32", root=root)
    assert again == first and not converted
    weights = load_file(model / "model.safetensors")
    name = next(k for k in weights if k.endswith("fc1.weight"))
    weights[name] = weights[name] * 1.5
    save_file(weights, model / "model.safetensors", metadata={"format": "pt"})
    changed, converted = converted_model(model, "float32", root=root)
    assert converted and changed != first
    assert sorted(p.name for p in (root / "ct2").iterdir()) == sorted([first.name, changed.name])


def test_an_interrupted_conversion_leaves_no_cache(tiny_model: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from mt.engines import ct2_convert

    def killed(self: Any, out: str, quantization: str) -> str:
        Path(out).mkdir(parents=True)
        (Path(out) / "model.bin").write_bytes(b"half")
        raise KeyboardInterrupt

    root = tmp_path / "cache"
    monkeypatch.setattr(ct2_convert._SafeConverter, "convert", killed)
    with pytest.raises(KeyboardInterrupt):
        ct2_convert.converted_model(tiny_model, "float32", root=root)
    assert list((root / "ct2").iterdir()) == []
    monkeypatch.undo()
    path, converted = ct2_convert.converted_model(tiny_model, "float32", root=root)
    assert converted and (path / "model.bin").stat().st_size > 1000


def test_pickle_weights_are_not_converted(tiny_model: Path, tmp_path: Path) -> None:
    from mt.engines.ct2_convert import converted_model

    folder = tmp_path / "pickled"
    folder.mkdir()
    shutil.copy(tiny_model / "config.json", folder)
    (folder / "pytorch_model.bin").write_bytes(b"not loaded")
    with pytest.raises(EngineError, match="safetensors only"):
        converted_model(folder, "int8", root=tmp_path / "cache")
    assert not (tmp_path / "cache" / "ct2").exists()


# ---------------------------------------------------------------- choosing the backend


def test_backend_transformers_does_not_touch_ctranslate2(
    tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # any import of it now fails
    engine = _load(tiny_model, backend="transformers")
    assert type(engine) is TransformersEngine
    assert engine.translate([SOURCES[0]])[0].text == "The Taliban took control of Kabul."
    assert engine.signature.engine.startswith("transformers-")


def test_auto_falls_back_to_transformers_and_says_why(
    tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    engine = _load(tiny_model, backend="auto")
    assert type(engine) is TransformersEngine
    assert engine.backend_note.startswith("transformers (ctranslate2 not used")
    with pytest.raises(EngineError, match="--backend ctranslate2"):
        _load(tiny_model, backend="ctranslate2")


def test_an_unknown_backend_is_an_error(tiny_model: Path) -> None:
    with pytest.raises(EngineError, match="unknown backend 'fast'"):
        _load(tiny_model, backend="fast")


def test_sentences_cut_at_the_length_limit_match_ours(tiny_model: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = TransformersEngine.load(tiny_model, device="cpu", max_new_tokens=4)
    cut = _load(tiny_model, backend="ctranslate2", dtype="fp32", max_new_tokens=4)
    theirs = cut.translate(SOURCES[:12])
    assert [t.text for t in theirs] == [t.text for t in ours.translate(SOURCES[:12])]
    assert all(t.tokens <= 4 for t in theirs)
