"""The CTranslate2 backend with the tiny NLLB and M2M100 models: converted (ctranslate2's
M2M100 loader), the target-language token given as the target prefix, the same text as our
decoder where no term is forced, and terms forced through ours in a mixed batch."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import pytest

from mt.engines.base import Constraint, SentenceConstraints
from mt.engines.ct2_engine import RoutedEngine, load_engine_for_backend
from mt.engines.transformers_engine import TransformersEngine
from tests.engines.test_ct2_engine import SOURCES
from tests.engines.tiny_marian import PAIRS
from tests.engines.tiny_multilingual import LANG_TOKENS, tiny_multilingual_dir

pytest.importorskip("ctranslate2")
pytestmark = pytest.mark.slow  # each module's model is trained first


@pytest.fixture(scope="module", params=("nllb", "m2m100"))
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def model_dir(kind: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_multilingual_dir(tmp_path_factory, kind)


def _load(folder: Path, backend: str, source: str = "ar", target: str = "en", **options: Any
          ) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_engine_for_backend(str(folder), backend=backend, device="cpu",
                                       source_lang=source, target_lang=target, **options)


@pytest.fixture(scope="module")
def ours(model_dir: Path) -> TransformersEngine:
    return _load(model_dir, "transformers")


@pytest.fixture(scope="module")
def ct2_fp32(model_dir: Path) -> RoutedEngine:
    engine = _load(model_dir, "ctranslate2", dtype="fp32")
    assert isinstance(engine, RoutedEngine)
    return engine


def test_ctranslate2_float32_gives_our_text(kind: str, ours: TransformersEngine,
                                            ct2_fp32: RoutedEngine) -> None:
    """Measured: the same text for 46 of the 47 inputs with each model; the one that differs
    is a sentence neither model saw (CTranslate2's beam stops once ``beam`` hypotheses have
    ended, transformers' and ours go on while a running one can still win): 2 may differ,
    none of the learnt ones. In one fresh-clone CI run of three, one learnt sentence came out
    differently (a near tie after training), so 3 may differ and 1 learnt one."""
    before = ct2_fp32.routed["ctranslate2"]
    mine = [t.text for t in ours.translate(SOURCES)]
    theirs = [t.text for t in ct2_fp32.translate(SOURCES)]
    assert ct2_fp32.routed["ctranslate2"] - before == len(SOURCES)
    learnt = [e for _, e in PAIRS]
    for side in (mine, theirs):
        hits = sum(a == b for a, b in zip(side[: len(learnt)], learnt, strict=True))
        assert hits >= len(learnt) - 1, side
    same = sum(a == b for a, b in zip(mine, theirs, strict=True))
    assert same >= len(SOURCES) - 3, list(zip(mine, theirs, strict=True))
    assert not any(code in text for text in theirs for code in LANG_TOKENS[kind])


def test_ctranslate2_int8_stays_within_the_measured_tolerance(model_dir: Path,
                                                              ours: TransformersEngine) -> None:
    """Measured: int8 gave the float32 text for 45 (NLLB) and 47 (M2M100) of 47 inputs."""
    int8 = _load(model_dir, "auto")
    assert isinstance(int8, RoutedEngine) and int8.compute_type == "int8"
    mine = [t.text for t in ours.translate(SOURCES)]
    theirs = [t.text for t in int8.translate(SOURCES)]
    same = sum(a == b for a, b in zip(mine, theirs, strict=True))
    assert same >= len(SOURCES) - 3, list(zip(mine, theirs, strict=True))


def test_the_target_prefix_decides_the_language(model_dir: Path) -> None:
    en_ar = _load(model_dir, "ctranslate2", "en", "ar", dtype="fp32")
    pairs = PAIRS[:6]
    arabic = [t.text for t in en_ar.translate([e for _, e in pairs])]
    assert all(re.fullmatch(r"[\u0600-\u06ff\s.]+", t) for t in arabic), arabic
    assert sum(a == t for (a, _), t in zip(pairs, arabic, strict=True)) >= len(pairs) - 1
    assert en_ar.routed == {"ctranslate2": len(pairs), "transformers": 0}


def test_a_mixed_batch_forces_the_terms_through_our_decoder(
    ours: TransformersEngine, ct2_fp32: RoutedEngine, glossary: Any
) -> None:
    sources = [a for a, _ in PAIRS[:9]]
    before = dict(ct2_fp32.routed)
    mixed = ct2_fp32.translate(sources, glossary=glossary)
    expected = ours.translate(sources, glossary=glossary)
    assert [t.text for t in mixed] == [t.text for t in expected]
    forced = [t for t in mixed if t.constraints]
    assert ct2_fp32.routed["transformers"] - before["transformers"] == len(forced)
    assert any("Panjshir" in t.text for t in mixed) and all("Banshir" not in t.text
                                                           for t in mixed)
    explicit = [SentenceConstraints((Constraint("Panjshir"),)) if "بنجشير" in s else None
                for s in sources]
    for t in ct2_fp32.translate(sources, constraints=explicit):
        assert ("Panjshir" in t.text) == ("بنجشير" in t.source), t.text
