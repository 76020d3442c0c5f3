"""`mt translate` end to end with the tiny Marian model and the shipped glossary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tests.conftest import GLOSSARIES
from tests.engines.tiny_marian import tiny_marian_dir

GLOSSARY = GLOSSARIES / "afghanistan-news.ar-en.tsv"
ARTICLE = (
    "سيطرت طالبان على كابل. فر آلاف المدنيين من بنجشير.\n"
    "\n"
    "تقع بنجشير شمال كابل.\n"
    "\n"
    "عاد اللاجئون إلى كابل.\n"
)
def app() -> typer.Typer:
    from mt.cli.main import app as main_app

    return main_app


def run(*args: str | Path) -> Any:
    return CliRunner().invoke(app(), ["translate", *map(str, args)])


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Any:
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # the tiny model gains nothing from threads on a shared CPU
    yield tiny_marian_dir(tmp_path_factory)
    torch.set_num_threads(threads)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "story.ar"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.slow
def test_translate_an_article_forcing_the_glossary(tiny_model: Path, article: Path) -> None:
    out = article.with_name("story.en")
    result = run(article, "--model", tiny_model, "--glossary", GLOSSARY, "-o", out,
                 "--beam", "4", "--batch-tokens", "64", "--device", "cpu")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    assert len(paragraphs) == 3 and text.endswith(".\n")
    assert paragraphs[0].startswith("The Taliban took control of Kabul. ")
    assert "Panjshir" in paragraphs[0] and "Panjshir" in paragraphs[1]
    assert "Banshir" not in text
    assert paragraphs[2] == "The refugees returned to Kabul.\n"
    assert "3 segments translated" in result.output and "wrote" in result.output
    assert not Path(str(out) + ".checkpoint.jsonl").exists()


@pytest.mark.slow
def test_json_report_and_stdout(tiny_model: Path, article: Path) -> None:
    result = run(article, "--model", tiny_model, "--glossary", GLOSSARY, "--json",
                 "--device", "cpu", "--confidence")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["segments"] == 3 and report["statuses"] == {"translated": 3}
    assert report["terms"]["unmet"] == [] and report["terms"]["met"] >= 5
    assert report["signature"]["beam"] == 4 and report["signature"]["glossary"] != "none"
    assert "Panjshir" in report["results"][1]["translation"]
    assert set(report["confidence"]) == {"1", "2", "3"}

    plain = run(article, "--model", tiny_model, "--device", "cpu")
    assert plain.exit_code == 0, plain.output
    assert "Banshir lies north of Kabul." in plain.stdout  # no glossary: the model's own


@pytest.mark.slow
def test_resume_continues_a_crashed_run(tiny_model: Path, article: Path) -> None:
    from mt.engines.ct2_engine import load_engine_for_backend
    from mt.formats import read_document
    from mt.glossary.files import load_glossary
    from mt.pipeline.translate import checkpoint_path, translate_document

    out = article.with_name("story.en")
    ckpt = checkpoint_path(out)
    # A run of the same command that crashed after its first segment.
    doc = read_document(article)
    for seg in doc:
        seg.source, seg.mt = seg.mt, ""
    gloss = load_glossary(GLOSSARY)
    engine = load_engine_for_backend(str(tiny_model), device="cpu", glossary=gloss,
                                     source_lang="ar", batch_tokens=2048)  # as the CLI does

    def crash(done: int, total: int) -> None:
        if done:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        translate_document(doc, engine, gloss, checkpoint=ckpt, progress=crash, chunk_size=1)
    assert len(ckpt.read_text(encoding="utf-8").splitlines()) == 2

    refused = run(article, "--model", tiny_model, "--glossary", GLOSSARY, "-o", out,
                  "--device", "cpu")
    assert refused.exit_code != 0 and "--resume" in str(refused.exception or refused.output)
    result = run(article, "--model", tiny_model, "--glossary", GLOSSARY, "-o", out,
                 "--device", "cpu", "--resume", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["resumed"] == 1 and [r["resumed"] for r in report["results"]] == [
        True, False, False
    ]
    assert "Panjshir" in out.read_text(encoding="utf-8") and not ckpt.exists()


@pytest.mark.slow
def test_retranslate_an_existing_mt_into_a_session(tiny_model: Path, tmp_path: Path) -> None:
    source = tmp_path / "s.ar"
    mt = tmp_path / "s.mt.en"
    source.write_text("فر آلاف المدنيين من بنجشير.\nسيطرت طالبان على كابل.\n", encoding="utf-8")
    mt.write_text("Thousands of civilians fled Banshir.\nThe Taliban took control of Kabul.\n",
                  encoding="utf-8")
    session = tmp_path / "review.mt.json"
    result = run(source, "--mt", mt, "--model", tiny_model, "--glossary", GLOSSARY,
                 "-o", session, "--device", "cpu")
    assert result.exit_code == 0, result.output
    data = json.loads(session.read_text(encoding="utf-8"))
    first, second = data["segments"]
    assert first["mt"] == "Thousands of civilians fled Banshir."
    [edit] = first["edits"]
    assert edit["origin"] == "neural" and edit["status"] == "proposed"
    assert "Panjshir" in edit["replacement"] and edit["start"] == 0
    assert second["edits"] == []
    assert "1 kept, 1 neural edits proposed" in result.output

    accepted = run(source, "--mt", mt, "--model", tiny_model, "--glossary", GLOSSARY,
                   "-o", tmp_path / "fixed.en", "--accept", "--device", "cpu")
    assert accepted.exit_code == 0, accepted.output
    fixed = (tmp_path / "fixed.en").read_text(encoding="utf-8").splitlines()
    assert "Panjshir" in fixed[0] and fixed[1] == "The Taliban took control of Kabul."


@pytest.mark.slow
def test_usage_errors(tiny_model: Path, article: Path) -> None:
    for args, message in [
        (["--resume"], "--resume needs -o"),
        (["--accept"], "--accept only makes sense with --mt"),
        (["--mt", article], "--mt needs --glossary"),
        (["-o", article], "is also an input"),
    ]:
        result = run(article, "--model", tiny_model, *args)
        assert result.exit_code != 0
        assert message in str(result.exception or "") + result.output


@pytest.mark.slow
def test_an_offline_missing_model_is_a_one_line_error_and_exit_2(
    article: Path, tmp_path: Path
) -> None:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HF_HUB_OFFLINE": "1",
        "HF_HOME": str(tmp_path / "hf"),
        "COLUMNS": "200",
        "PYTHONIOENCODING": "utf-8",
    }
    command = [sys.executable, "-m", "mt"]
    result = subprocess.run(
        [*command, "translate", str(article), "--model", "Helsinki-NLP/opus-mt-ar-en",
         "-o", str(tmp_path / "out.en")],
        capture_output=True, text=True, timeout=180, env=env,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mt: error:")
    assert "download Helsinki-NLP/opus-mt-ar-en" in lines[0]
    assert not (tmp_path / "out.en").exists()


@pytest.mark.slow
def test_qa_with_a_model_flags_the_words_it_doubts(tiny_model: Path, article: Path) -> None:
    good = article.with_name("story.en")
    assert run(article, "--model", tiny_model, "-o", good, "--device", "cpu").exit_code == 0
    bad = article.with_name("bad.en")
    # The model's own translation with a word it never produces swapped in.
    text = good.read_text(encoding="utf-8")
    bad.write_text(text.replace("Kabul", "Lisbon", 1), encoding="utf-8")
    result = CliRunner().invoke(app(), ["qa", str(bad), "-s", str(article), "--model",
                                        str(tiny_model), "--device", "cpu", "--json"])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    assert "low-confidence" in report["checks"]
    doubted = [i["text"] for i in report["issues"] if i["check"] == "low-confidence"]
    assert any("Lisbon" in (t or "") for t in doubted), doubted
    plain = CliRunner().invoke(app(), ["qa", str(good), "-s", str(article), "--model",
                                       str(tiny_model), "--device", "cpu", "--json"])
    clean = json.loads(plain.stdout)
    assert not any("Kabul" in (i["text"] or "") for i in clean["issues"]
                   if i["check"] == "low-confidence")


ENGINE_FLAGS = {"--revision", "--device", "--dtype", "--beam", "--batch-tokens",
                "--source-lang", "--target-lang", "--backend"}


def test_translate_qa_and_review_offer_the_same_engine_options() -> None:
    from dataclasses import fields

    from mt.engines.options import EngineOptions

    command = typer.main.get_command(app())
    assert isinstance(command, typer.core.TyperGroup)
    declared = {f.metadata["flag"] for f in fields(EngineOptions)}
    assert declared == ENGINE_FLAGS
    for name in ("translate", "qa", "review"):
        flags = {opt for p in command.commands[name].params for opt in p.opts}
        assert flags >= ENGINE_FLAGS, (name, ENGINE_FLAGS - flags)
        assert "--model" in flags


def test_qa_and_review_build_the_engine_with_the_language_options(
    tiny_model: Path, article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = article.with_name("story.en")
    assert run(article, "--model", tiny_model, "-o", good, "--device", "cpu",
               "--source-lang", "ar", "--target-lang", "en").exit_code == 0
    engine_args = ["--model", str(tiny_model), "--device", "cpu", "--dtype", "fp32",
                   "--beam", "2", "--batch-tokens", "512", "--source-lang", "ar",
                   "--target-lang", "en"]
    result = CliRunner().invoke(app(), ["qa", str(good), "-s", str(article), *engine_args,
                                        "--json"])
    assert result.exit_code in (0, 1), result.output
    assert "low-confidence" in json.loads(result.stdout)["checks"]

    engine = review_engine(monkeypatch, good, "-s", article, *engine_args)
    assert (engine.source_lang, engine.target_lang, engine.beam) == ("ar", "en", 2)
    assert engine.batch_tokens == 512


def review_engine(monkeypatch: pytest.MonkeyPatch, mt_file: Path, *args: str | Path) -> Any:
    """The engine `mt review MT_FILE ARGS` builds (the UI replaced by a no-op; it saves to
    story.pe.en beside MT_FILE)."""
    from mt.tui.app import ReviewApp

    seen: dict[str, Any] = {}
    monkeypatch.setattr(ReviewApp, "run", lambda self: seen.setdefault("engine",
                                                                       self.session.engine))
    monkeypatch.setattr("mt.cli.review_cmd.require_terminal", lambda command: None)
    reviewed = CliRunner().invoke(app(), ["review", str(mt_file), "-o",
                                          str(mt_file.with_name("story.pe.en")),
                                          *map(str, args)])
    assert reviewed.exit_code == 0, reviewed.output
    return seen["engine"]


def test_qa_without_a_model_skips_the_confidence_check(article: Path) -> None:
    good = article.with_name("plain.en")
    good.write_text("The Taliban took Kabul.\n\nPanjshir lies north of Kabul.\n\n"
                    "Refugees returned to Kabul.\n", encoding="utf-8")
    result = CliRunner().invoke(app(), ["qa", str(good), "-s", str(article), "--json"])
    report = json.loads(result.stdout)
    assert "low-confidence" not in report["checks"]
    assert report["skipped"]["low-confidence"] == "needs a translation model (--model)"
