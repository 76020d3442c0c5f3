"""NLLB-200 and M2M100 through the engine, with the tiny models of tiny_multilingual: the
target-language token forced first (it decides the output language), no language code in the
text, glossary terms forced, scoring, and the language options checked against the model."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest

from mt.engines.base import EngineError
from mt.engines.languages import setup_languages
from tests.engines.tiny_marian import PAIRS
from tests.engines.tiny_multilingual import CODES, LANG_TOKENS, tiny_multilingual_dir, tokenizer

KINDS = ("nllb", "m2m100")


@pytest.fixture(scope="module", params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def tok(kind: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The tiny model's tokenizer alone (no training)."""
    return tokenizer(tmp_path_factory.mktemp(f"tok-{kind}"), kind)


def test_iso_codes_and_the_models_own_codes_name_the_same_pair(kind: str, tok: Any) -> None:
    ar, en = CODES[kind]
    wanted = tok.convert_tokens_to_ids(LANG_TOKENS[kind][1])
    for pair in (("ar", "en"), ("arb_Arab", "eng_Latn"), (ar, en)):
        setup = setup_languages(tok, *pair, None)
        assert (setup.source_lang, setup.target_lang) == (ar, en)
        assert setup.forced_bos_id == wanted
        assert tok.convert_ids_to_tokens(tok("قال")["input_ids"])[0] == LANG_TOKENS[kind][0]


@pytest.mark.parametrize("pair", [("ar", "xx"), ("xx", "en"), ("ar", "klingon")])
def test_a_language_the_model_lacks_is_refused(kind: str, tok: Any, pair: tuple[str, str]
                                               ) -> None:
    """Not an unknown token forced first (NLLB) nor a KeyError traceback (M2M100)."""
    bad = pair[0] if pair[0] == "xx" else pair[1]
    with pytest.raises(EngineError, match=f"no language {bad!r}") as caught:
        setup_languages(tok, *pair, None)
    flag = "--source-lang" if pair[0] == "xx" else "--target-lang"
    assert flag in str(caught.value)


def test_both_languages_are_needed(kind: str, tok: Any) -> None:
    with pytest.raises(EngineError, match="needs --target-lang"):
        setup_languages(tok, "ar", None, None)
    with pytest.raises(EngineError, match="needs --source-lang and --target-lang"):
        setup_languages(tok, None, None, None)


# ---------------------------------------------------------------- the trained tiny models

BANSHIR = [(a, e) for a, e in PAIRS if "Banshir" in e or "Ahmed Masoud" in e][:6]


@pytest.fixture(scope="module")
def model_dir(kind: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_multilingual_dir(tmp_path_factory, kind)


def _engine(folder: Path, source: str, target: str, **options: Any) -> Any:
    from mt.engines.transformers_engine import TransformersEngine

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return TransformersEngine.load(folder, device="cpu", source_lang=source,
                                       target_lang=target, **options)


@pytest.fixture(scope="module")
def ar_en(model_dir: Path) -> Any:
    return _engine(model_dir, "ar", "en")


@pytest.mark.slow
def test_the_target_language_decides_the_output_language(kind: str, model_dir: Path,
                                                         ar_en: Any) -> None:
    """One model, both directions: each translates what it learnt, with no language code in
    the text."""
    pairs = PAIRS[:8]
    english = [t.text for t in ar_en.translate([a for a, _ in pairs])]
    assert english == [e for _, e in pairs]
    en_ar = _engine(model_dir, "en", "ar")
    assert [t.text for t in en_ar.translate([e for _, e in pairs])] == [a for a, _ in pairs]
    for text in english:
        assert not any(code in text for code in LANG_TOKENS[kind]), text


@pytest.mark.slow
def test_unconstrained_output_is_what_generate_gives_with_the_target_token_forced(
    kind: str, ar_en: Any
) -> None:
    import torch

    sources = [a for a, _ in PAIRS[8:16]] + ["طالبان كابل الدوحة بنجشير", "وفد"]
    tok, target = ar_en.tokenizer, LANG_TOKENS[kind][1]
    assert ar_en.signature.target_lang == CODES[kind][1]
    ours = ar_en.translate(sources)
    for source, result in zip(sources, ours, strict=True):
        enc = tok(source, return_tensors="pt")
        assert tok.convert_ids_to_tokens(enc["input_ids"][0].tolist())[0] == LANG_TOKENS[kind][0]
        with torch.inference_mode():
            out = ar_en.model.generate(**enc, num_beams=4,  # the engine's default limit
                                       max_new_tokens=2 * enc["input_ids"].shape[1] + 10,
                                       forced_bos_token_id=tok.convert_tokens_to_ids(target))
        assert tok.convert_ids_to_tokens(out[0].tolist())[1] == target
        assert result.text == tok.decode(out[0], skip_special_tokens=True)


@pytest.mark.slow
def test_glossary_terms_are_forced(ar_en: Any, glossary: Any) -> None:
    plain = ar_en.translate([a for a, _ in BANSHIR])
    assert all("Banshir" in t.text or "Ahmed Masoud" in t.text for t in plain)
    forced = ar_en.translate([a for a, _ in BANSHIR], glossary=glossary)
    for t in forced:
        assert "Banshir" not in t.text and "Ahmed Masoud" not in t.text, t.text
        assert "Panjshir" in t.text or "Ahmad Massoud" in t.text, t.text
        assert all(c.met for c in t.constraints), t.constraints


@pytest.mark.slow
def test_scoring_leaves_the_language_token_out_of_the_words(kind: str, ar_en: Any) -> None:
    source, target = PAIRS[0]
    scored = ar_en.score([source], [target])[0]
    assert scored.tokens[0].token == LANG_TOKENS[kind][1] and scored.tokens[0].special
    assert " ".join(w.text for w in scored.words) == target
    assert all(w.logprob > -2 for w in scored.words), scored.words


@pytest.mark.slow
def test_language_tokens_not_marked_special_stay_out_of_the_text(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """An M2M100Tokenizer built afresh in transformers 5 (no additional_special_tokens in its
    config) does not count ``__en__`` as special: decoding would keep it."""
    folder = tmp_path / "m2m100-plain-tokens"
    shutil.copytree(tiny_multilingual_dir(tmp_path_factory, "m2m100"), folder)
    config_file = folder / "tokenizer_config.json"
    config = json.loads(config_file.read_text(encoding="utf-8"))
    config.pop("additional_special_tokens", None)
    config["extra_special_tokens"] = []
    config_file.write_text(json.dumps(config), encoding="utf-8")
    engine = _engine(folder, "ar", "en")
    tok = engine.tokenizer
    assert tok.decode([tok.get_lang_id("en")], skip_special_tokens=True) == "__en__"
    pairs = PAIRS[:4]
    assert [t.text for t in engine.translate([a for a, _ in pairs])] == [e for _, e in pairs]
    scored = engine.score([pairs[0][0]], [pairs[0][1]])[0]
    assert " ".join(w.text for w in scored.words) == pairs[0][1]
