"""`mt post-edit`, `mt qa` and `mt score` as a user runs them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mt.cli.main import app
from mt.errors import MTError
from tests.conftest import CORPORA, GLOSSARIES, ROOT, SEED, needs_seed

GLOSSARY = GLOSSARIES / "afghanistan-news.ar-en.tsv"
STORY = "panjshir-offensive"
MT, SRC, REF = (CORPORA / f"{STORY}{ext}" for ext in (".mt.en", ".ar", ".ref.en"))

runner = CliRunner()


def mt(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "mt", *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)


@dataclass
class Run:
    exit_code: int
    stdout: str
    output: str  # stdout and stderr, with the one-line error ``mt.cli.main.run`` would print


def invoke(*args: str | Path) -> Run:
    """Run ``mt`` in-process; an error from the core exits as ``mt.cli.main.run`` makes it."""
    result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "120", "NO_COLOR": "1"})
    if isinstance(result.exception, MTError):
        exc = result.exception
        return Run(exc.exit_code, result.stdout, result.output + f"mt: error: {exc}\n")
    return Run(result.exit_code, result.stdout, result.output)


def test_readme_job_shows_diffs_qa_and_scores(tmp_path: Path) -> None:
    out = tmp_path / "pe.en"
    result = mt("post-edit", MT, "-s", SRC, "-r", REF, "-g", GLOSSARY, "-o", out)
    # A planted dropped number is left for the translator: QA errors remain, exit 1.
    assert result.returncode == 1, result.stderr
    text = result.stdout
    assert "[-Banshir-]{+Panjshir+}" in text and "← panjshir" in text
    assert "[-state-]{+province+}" in text
    assert re.search(r"BLEU\s+52\.0\s+55\.4", text)
    assert "term accuracy: 66.7% → 100.0%" in text
    assert "numbers" in text and "٣٥" in text
    written = out.read_text(encoding="utf-8")
    assert "Banshir" not in written and "Panjshir Valley" in written
    # The layout of the input (blank-line separated paragraphs) is kept.
    assert written.count("\n\n") == MT.read_text(encoding="utf-8").count("\n\n")


@needs_seed
def test_seed_article_every_other_character_stays(tmp_path: Path) -> None:
    out = tmp_path / "seed.pe.txt"
    result = mt("post-edit", SEED, "-g", GLOSSARY, "-o", out)
    assert result.returncode in (0, 1), result.stderr
    before = SEED.read_text(encoding="utf-8")
    after = out.read_text(encoding="utf-8")
    assert "Banshir" not in after and not re.search(r"\bMasoud\b", after)
    # Map every spelling of the glossary's names to one token: what is left must be the same.
    spellings = {"P": r"\b[BP]an(?:j)?shir\b", "M": r"\bMass?oud\b", "A": r"\bAhm[ae]d\b"}

    def unify(text: str) -> str:
        for key, pattern in spellings.items():
            text = re.sub(pattern, "\0" + key, text)
        return text

    assert unify(after) == unify(before)
    assert after != before


def test_json_report_has_edits_signatures_and_issues(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    result = invoke("post-edit", MT, "-s", SRC, "-r", REF, "-g", GLOSSARY, "--report", report,
                    "--json")
    assert result.exit_code == 1
    data = json.loads(report.read_text(encoding="utf-8"))
    assert json.loads(result.stdout) == data
    panjshir = [e for e in data["edits"] if e["entry"] == "panjshir"]
    assert panjshir and all(e["original"] in ("Banshir", "Banjshir") for e in panjshir)
    assert all(e["status"] == "accepted" for e in data["edits"])
    sigs = data["scores"]["signatures"]
    assert sigs["BLEU"].startswith("nrefs:1|case:mixed|eff:no|tok:13a")
    assert data["scores"]["metrics"]["chrf"]["delta"] > 0
    assert data["qa"]["summary"]["by_severity"]["error"] >= 1


def test_propose_keeps_edits_for_review_in_a_session(tmp_path: Path) -> None:
    session = tmp_path / "story.mt.json"
    result = invoke("post-edit", MT, "-s", SRC, "-g", GLOSSARY, "--propose", "-o", session)
    assert result.exit_code in (0, 1), result.output
    data = json.loads(session.read_text(encoding="utf-8"))
    statuses = {e["status"] for seg in data["segments"] for e in seg.get("edits", [])}
    assert statuses == {"proposed"}
    refused = invoke("post-edit", MT, "-g", GLOSSARY, "--propose", "-o", tmp_path / "x.en")
    assert refused.exit_code == 2 and "session" in refused.output
    assert not (tmp_path / "x.en").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-r", CORPORA / "kabul-aid.ref.en"], "kabul-aid.ref.en"),
        (["-g", "MISSING.tsv"], "MISSING.tsv"),
    ],
    ids=["misaligned-reference", "missing-glossary"],
)
def test_bad_input_exit_2_nothing_written(tmp_path: Path, args: list, message: str) -> None:
    out = tmp_path / "pe.en"
    out.write_text("keep me", encoding="utf-8")
    full = ["post-edit", MT, "-o", out, *args]
    if "-g" not in args:
        full += ["-g", GLOSSARY]
    result = mt(*full)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "keep me"


def test_broken_glossary_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("source\ttarget\tvariants\nبنجشير\tPanjshir\tBanshir\textra\tcells\tmore\n",
                   encoding="utf-8")
    out = tmp_path / "pe.en"
    result = mt("post-edit", MT, "-g", bad, "-o", out)
    assert result.returncode == 2
    assert f"{bad}:2" in result.stderr
    assert not out.exists()


def test_empty_mt_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.en"
    empty.write_text("", encoding="utf-8")
    result = mt("post-edit", empty, "-g", GLOSSARY, "-r", empty)
    assert result.returncode == 2
    assert "empty.en" in result.stderr


def test_output_may_not_overwrite_an_input() -> None:
    result = invoke("post-edit", MT, "-g", GLOSSARY, "-o", MT)
    assert result.exit_code == 2
    assert "also an input" in result.output


def test_qa_finds_planted_errors_and_passes_the_reference() -> None:
    bad = invoke("qa", CORPORA / "kabul-aid.mt.en", "-s", CORPORA / "kabul-aid.ar", "-g",
                 GLOSSARY, "--json")
    assert bad.exit_code == 1
    data = json.loads(bad.stdout)
    found = {(i["check"], i["text"]) for i in data["issues"]}
    assert ("terminology-variant", "Kaboul") in found
    assert ("untranslated", None) not in found
    assert any(check == "numbers" for check, _ in found)
    clean = invoke("qa", "--mt", CORPORA / "kabul-aid.ref.en", "-s", CORPORA / "kabul-aid.ar",
                   "-g", GLOSSARY)
    assert clean.exit_code == 0, clean.output
    assert "no issues" in clean.output


def test_qa_unknown_check_is_a_usage_error() -> None:
    result = invoke("qa", MT, "--checks", "nonsense")
    assert result.exit_code == 2


def _sacrebleu(*args: str | Path) -> dict:
    result = subprocess.run([sys.executable, "-m", "sacrebleu", *map(str, args)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_score_equals_sacrebleu_cli(tmp_path: Path) -> None:
    # sacrebleu reads a segment per line: give it the paragraphs as lines, and mt the same.
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    for path, source in ((hyp, MT), (ref, REF)):
        paragraphs = source.read_text(encoding="utf-8").strip().split("\n\n")
        path.write_text("\n".join(p.replace("\n", " ") for p in paragraphs) + "\n",
                        encoding="utf-8")
    ours = json.loads(invoke("score", "-H", hyp, "-r", ref, "--metrics", "bleu,chrf,chrf++,ter",
                             "--text-mode", "lines", "--json").stdout)
    row = ours["systems"]["systems"][0]["scores"]
    for metric, args in (("BLEU", ["-m", "bleu"]), ("chrF2", ["-m", "chrf"]),
                         ("chrF2++", ["-m", "chrf", "--chrf-word-order", "2"]),
                         ("TER", ["-m", "ter"])):
        theirs = _sacrebleu(ref, "-i", hyp, *args)
        assert f"{row[metric]['score']:.1f}" == f"{theirs['score']:.1f}", metric
        assert ours["systems"]["signatures"][metric] == theirs["signature"], metric


def test_score_systems_with_significance_and_terms(tmp_path: Path) -> None:
    pe = tmp_path / "pe.en"
    mt("post-edit", MT, "-s", SRC, "-g", GLOSSARY, "-o", pe)
    result = invoke("score", "-H", MT, "-H", pe, "-r", REF, "--paired-bs", "-g", GLOSSARY,
                    "-s", SRC, "--post-edit", pe, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["systems"]["test"] == "bs"
    second = data["systems"]["systems"][1]["scores"]["chrF2"]
    assert second["p_value"] is not None and second["ci_low"] < second["ci_high"]
    assert data["terms"]["pe.en"]["accuracy"] == 1.0
    assert data["terms"][MT.name]["accuracy"] < 1.0
    assert data["effort"]["pe.en"]["char_edits"] == 0
    assert data["effort"][MT.name]["char_edits"] > 0


def test_score_misaligned_reference_is_exit_2() -> None:
    result = mt("score", "-H", MT, "-r", CORPORA / "kabul-aid.ref.en")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
