"""The batch commands never mislead: broken glossaries are refused, what was not checked is said,
bad numbers are usage errors, and nothing is written unless every output can be."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args

import pytest
import typer

from mt.cli.main import app
from tests.conftest import CORPORA
from tests.test_cli_post_edit import GLOSSARY, MT, REF, SRC, invoke, mt

#: Banshir → Panjshir and Panjshir → Banshir: a cycle, a lint error.
CYCLE = (
    "source\ttarget\tvariants\n"
    "بنجشير\tPanjshir\tBanshir\n"
    "بانشير\tBanshir\tPanjshir\n"
)
#: One entry listing its variant twice: a lint warning only.
WARNING = "source\ttarget\tvariants\nبنجشير\tPanjshir\tBanshir|Banshir\n"


@pytest.fixture
def cyclic(tmp_path: Path) -> Path:
    path = tmp_path / "cycle.tsv"
    path.write_text(CYCLE, encoding="utf-8")
    return path


def test_post_edit_refuses_a_cyclic_glossary_and_writes_nothing(tmp_path: Path,
                                                                 cyclic: Path) -> None:
    out, report = tmp_path / "pe.en", tmp_path / "r.json"
    result = mt("post-edit", MT, "-g", cyclic, "-o", out, "--report", report)
    assert result.returncode == 2, result.stderr
    assert "cycle" in result.stderr and "--force" in result.stderr
    assert "lint error" in result.stderr and str(cyclic) in result.stderr
    assert not out.exists() and not report.exists()
    assert result.stdout == ""


def test_post_edit_of_a_folder_refuses_a_cyclic_glossary_and_makes_no_folder(
        tmp_path: Path, cyclic: Path) -> None:
    out = tmp_path / "out"
    result = mt("post-edit", CORPORA, "-g", cyclic, "-o", out)
    assert result.returncode == 2, result.stderr
    assert "cycle" in result.stderr and "nothing written" in result.stderr
    assert not out.exists()


def test_force_runs_with_a_cyclic_glossary(tmp_path: Path, cyclic: Path) -> None:
    out = tmp_path / "pe.en"
    result = mt("post-edit", MT, "-g", cyclic, "-o", out, "--force")
    assert result.returncode in (0, 1), result.stderr
    assert out.exists() and "cycle" in result.stderr


@pytest.mark.parametrize("command", [
    ["qa", MT],
    ["translate", SRC, "--model", "/nonexistent/model"],
    ["review", MT],
])
def test_qa_translate_review_refuse_a_cyclic_glossary(cyclic: Path, command: list) -> None:
    result = mt(*command, "-g", cyclic)
    assert result.returncode == 2, result.stderr
    assert "cycle" in result.stderr and "lint error" in result.stderr


def test_lint_warnings_are_printed_once(tmp_path: Path) -> None:
    gloss = tmp_path / "warn.tsv"
    gloss.write_text(WARNING, encoding="utf-8")
    result = mt("post-edit", MT, "-g", gloss)
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr.count("[duplicate-variant]") == 1


def test_post_edit_without_source_says_what_it_could_not_do() -> None:
    result = mt("post-edit", MT, "-g", GLOSSARY)
    assert result.returncode in (0, 1), result.stderr
    assert "the source lacks" not in result.stdout
    assert re.search(r"not applied.*need the source.*province ×3", result.stdout)
    assert not re.search(r": no issues$", result.stdout, re.M)
    assert re.search(r"\d+ checks? skipped", result.stdout)
    assert "skipped numbers: no source" in result.stdout


def test_qa_of_raw_mt_is_labelled_by_what_was_checked() -> None:
    result = mt("qa", MT, "-s", SRC, "-g", GLOSSARY)
    assert "QA (post_edit)" not in result.stdout
    assert "QA of the translation" in result.stdout


def _is_number(annotation: object) -> bool:
    return annotation in (int, float) or any(a in (int, float) for a in get_args(annotation))


def _numeric_params() -> list[tuple[str, Any]]:
    found = []

    def walk(command: Any, name: str) -> None:
        for sub_name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{name} {sub_name}".strip())
        for param in command.params:
            if _is_number(param.type_descriptor.annotation):
                found.append((name, param))

    walk(typer.main.get_command(app), "")
    return found


def test_every_numeric_option_has_a_range() -> None:
    params = _numeric_params()
    assert any(p.name == "width" for _, p in params)
    unbounded = [f"{name} --{p.name}" for name, p in params if p.min is None and p.max is None]
    assert unbounded == []


@pytest.mark.parametrize("args", [
    ["score", "-H", MT, "-r", REF, "--width", "-1"],
    ["inspect", MT, "--limit", "-3"],
    ["qa", MT, "--confidence-threshold", "2"],
])
def test_a_bad_number_is_a_usage_error(args: list) -> None:
    result = mt(*args)
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr


def test_review_without_a_terminal_exits_at_once() -> None:
    result = mt("review", MT)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "terminal" in lines[0]
    assert "\x1b" not in result.stdout


def test_m_means_model_everywhere() -> None:
    for command in (["score", "-H", MT, "-r", REF], ["post-edit", MT, "-g", GLOSSARY]):
        result = invoke(*command, "-m", "bleu")
        assert result.exit_code == 2, command
    help_text = invoke("score", "--help").output
    assert "--metrics" in help_text


def test_one_segment_is_singular(tmp_path: Path) -> None:
    one = tmp_path / "one.mt.en"
    one.write_text("The Banshir valley.\n", encoding="utf-8")
    result = mt("post-edit", one, "-g", GLOSSARY, "-o", tmp_path / "one.pe.en")
    assert "wrote 1 segment to" in result.stderr
    assert "1 change," not in result.stdout and "change(s)" not in result.stdout
    assert "1 change" in result.stdout
    shown = mt("inspect", one)
    assert "1 segment ·" in shown.stdout or "1 segment\n" in shown.stdout


def test_hter_is_printed_with_its_unit() -> None:
    result = mt("post-edit", MT, "-g", GLOSSARY)
    assert re.search(r"HTER \d+\.\d%", result.stdout)


def test_help_has_no_bool_metavars_and_whole_sentences() -> None:
    result = mt("post-edit", "--help")
    assert "<bool>" not in result.stdout
    assert "word diff with the glossary entry behind it" in " ".join(result.stdout.split())
    # A sentence of the description is not broken onto a line of its own.
    assert not re.search(r"glossary entry\s*\n\s*behind it", result.stdout)


def test_piped_output_keeps_whole_lines() -> None:
    result = mt("post-edit", MT, "-s", SRC, "-g", GLOSSARY)  # COLUMNS=120, stdout a pipe
    lines = result.stdout.splitlines()
    assert not any(line.lstrip().startswith("←") for line in lines)
    hunks = [line for line in lines if "[-Barwan-]{+Parwan+}" in line]
    assert hunks and "← province, parwan" in hunks[0]


def test_readme_does_not_call_a_model_the_default() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert not re.search(r"[Tt]he default (model )?for Arabic", readme)


@pytest.mark.parametrize("bad", ["missing/r.json", "is-a-dir"])
def test_post_edit_checks_every_output_before_writing_any(tmp_path: Path, bad: str) -> None:
    (tmp_path / "is-a-dir").mkdir()
    out = tmp_path / "out.en"
    result = mt("post-edit", MT, "-g", GLOSSARY, "-o", out, "--report", tmp_path / bad)
    assert result.returncode == 2, result.stderr
    assert not out.exists()
    assert "internal error" not in result.stderr


def test_translate_checks_its_output_folder_before_loading_the_model(tmp_path: Path) -> None:
    result = mt("translate", SRC, "--model", "/nonexistent/model", "-o",
                tmp_path / "missing" / "out.en")
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "model" not in result.stderr


def test_quiet_prints_the_summary_only() -> None:
    loud = mt("post-edit", MT, "-s", SRC, "-g", GLOSSARY)
    quiet = mt("post-edit", MT, "-s", SRC, "-g", GLOSSARY, "--quiet")
    assert quiet.returncode == loud.returncode
    assert "[-Banshir-]{+Panjshir+}" in loud.stdout
    assert "[-Banshir-]{+Panjshir+}" not in quiet.stdout and "segment 1 " not in quiet.stdout
    assert "6 of 14 segments changed" in quiet.stdout and "QA of the post-edit" in quiet.stdout
    qa_loud = mt("qa", CORPORA / "kabul-aid.mt.en", "-s", CORPORA / "kabul-aid.ar", "-g",
                 GLOSSARY)
    qa_quiet = mt("qa", CORPORA / "kabul-aid.mt.en", "-s", CORPORA / "kabul-aid.ar", "-g",
                  GLOSSARY, "-q")
    assert qa_quiet.returncode == qa_loud.returncode == 1
    assert len(qa_quiet.stdout.splitlines()) < len(qa_loud.stdout.splitlines())
    assert "QA of the translation" in qa_quiet.stdout
