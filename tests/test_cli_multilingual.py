"""`mt translate` and `mt qa --model` end to end with the tiny NLLB-200 and M2M100 models
(tests/engines/tiny_multilingual.py), through both backends, the glossary's terms forced."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.engines.tiny_multilingual import LANG_TOKENS, tiny_multilingual_dir
from tests.test_cli_translate import ARTICLE, GLOSSARY, app, review_engine

pytestmark = pytest.mark.slow  # each model is trained first


@pytest.fixture(scope="module", params=("nllb", "m2m100"))
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def model(kind: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # the tiny model gains nothing from threads on a shared CPU
    yield tiny_multilingual_dir(tmp_path_factory, kind)
    torch.set_num_threads(threads)


#: A paragraph with no glossary term: the CTranslate2 backend translates it.
NO_TERMS = ("وصل الشتاء إلى الجبال.", "Winter reached the mountains.")


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "story.ar"
    path.write_text(ARTICLE + "\n" + NO_TERMS[0] + "\n", encoding="utf-8")
    return path


def mt(*args: str | Path) -> Any:
    return CliRunner().invoke(app(), [*map(str, args)])


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_translate_forces_the_glossary_terms(kind: str, model: Path, article: Path,
                                             backend: str, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    from mt.engines.ct2_engine import RoutedEngine

    through_ct2: list[str] = []
    ct2_units = RoutedEngine._ct2_units

    def spy(self: RoutedEngine, units: Any, which: list[int], outputs: Any) -> None:
        through_ct2.extend(units[i].text for i in which)
        ct2_units(self, units, which, outputs)

    monkeypatch.setattr(RoutedEngine, "_ct2_units", spy)
    out = article.with_name("story.en")
    result = mt("translate", article, "--model", model, "--source-lang", "ar",
                "--target-lang", "en", "--glossary", GLOSSARY, "-o", out, "--device", "cpu",
                "--backend", backend, "--json")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    assert paragraphs[0].startswith("The Taliban took control of Kabul. ")
    assert "Panjshir" in paragraphs[0] and "Panjshir" in paragraphs[1]
    assert "Banshir" not in text
    assert paragraphs[2] == "The refugees returned to Kabul."
    assert paragraphs[3] == NO_TERMS[1] + "\n"
    assert through_ct2 == ([NO_TERMS[0]] if backend == "ctranslate2" else [])
    assert not any(code in text for code in LANG_TOKENS[kind])
    report = json.loads(result.stdout)
    assert report["terms"]["unmet"] == [] and report["terms"]["met"] >= 5
    assert report["signature"]["target_lang"] in ("en", "eng_Latn")
    assert report["signature"]["engine"].startswith(
        "ctranslate2-" if backend == "ctranslate2" else "transformers-")
    note = "ctranslate2" if backend == "ctranslate2" else "--backend transformers"
    assert f"backend: {'ctranslate2 ' if backend == 'ctranslate2' else 'transformers ('}" \
        in result.stderr and note in result.stderr


def test_the_source_language_comes_from_the_file_name(model: Path, article: Path) -> None:
    result = mt("translate", article, "--model", model, "--target-lang", "en",
                "--device", "cpu", "--backend", "transformers")
    assert result.exit_code == 0, result.output
    assert "Banshir lies north of Kabul." in result.stdout  # no glossary: the model's own


@pytest.mark.parametrize(("args", "message"), [
    ((), "model needs --target-lang (ISO codes"),  # the source: story.ar
    (("--target-lang", "xx"), "--target-lang xx: this"),
])  # fmt: skip
def test_a_missing_or_unknown_language_is_a_one_line_error(
    model: Path, article: Path, args: tuple[str, ...], message: str,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    from mt.cli.main import run

    monkeypatch.setattr(sys, "argv", ["mt", "translate", str(article), "--model", str(model),
                                      "--device", "cpu", "--backend", "transformers", *args])
    with pytest.raises(SystemExit) as exited:
        run()
    assert exited.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mt: error:") and message in lines[0], lines


def test_qa_with_the_model_flags_the_words_it_doubts(model: Path, article: Path) -> None:
    good = article.with_name("story.en")
    assert mt("translate", article, "--model", model, "--target-lang", "en", "-o", good,
              "--device", "cpu").exit_code == 0
    bad = article.with_name("bad.en")
    bad.write_text(good.read_text(encoding="utf-8").replace("Kabul", "Lisbon", 1),
                   encoding="utf-8")
    args = ["-s", article, "--model", model, "--source-lang", "ar", "--target-lang", "en",
            "--device", "cpu", "--json"]
    result = mt("qa", bad, *args)
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    assert "low-confidence" in report["checks"]
    doubted = [i["text"] for i in report["issues"] if i["check"] == "low-confidence"]
    assert any("Lisbon" in (t or "") for t in doubted), doubted
    clean = json.loads(mt("qa", good, *args).stdout)
    assert not any("Kabul" in (i["text"] or "") for i in clean["issues"]
                   if i["check"] == "low-confidence")


def test_qa_and_review_take_the_source_language_from_the_file_name(
    kind: str, model: Path, article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As translate does: story.ar is Arabic."""
    good = article.with_name("story.en")
    assert mt("translate", article, "--model", model, "--target-lang", "en", "-o", good,
              "--device", "cpu").exit_code == 0
    result = mt("qa", good, "-s", article, "--model", model, "--target-lang", "en",
                "--device", "cpu", "--json")
    assert result.exit_code in (0, 1), result.output
    assert "low-confidence" in json.loads(result.stdout)["checks"]

    engine = review_engine(monkeypatch, good, "-s", article, "--model", model,
                           "--target-lang", "en", "--device", "cpu")
    assert (engine.source_lang, engine.target_lang) == (
        ("arb_Arab", "eng_Latn") if kind == "nllb" else ("ar", "en"))
