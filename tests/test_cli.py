"""The installed command as a user runs it: help, version, errors and exit statuses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mt import __version__
from tests.conftest import CORPORA, SEED, needs_seed, story_names


def mt(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mt", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, timeout=120,
        env={"COLUMNS": "100", "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"},
    )


def test_help_lists_the_commands_and_exit_codes() -> None:
    result = mt("--help")
    assert result.returncode == 0
    for command in ("post-edit", "translate", "score", "qa", "review", "glossary"):
        assert command in result.stdout
    assert "Exit status" in result.stdout and "2 usage or input error" in result.stdout


def test_version() -> None:
    result = mt("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"mt {__version__}")


@needs_seed
def test_inspect_shows_the_seed_article_as_paragraphs() -> None:
    result = mt("inspect", SEED, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["layout"] == "article"
    assert report["segment_count"] == 12
    assert report["segments"][0]["mt"].startswith("Lavrov warns the Taliban")
    assert any("Banshir" in s["mt"] for s in report["segments"])


@pytest.mark.parametrize("story", story_names()[:1])
def test_inspect_a_shipped_story_with_source_and_reference(story: str) -> None:
    result = mt("inspect", CORPORA / f"{story}.mt.en", "-s", CORPORA / f"{story}.ar",
                "-r", CORPORA / f"{story}.ref.en")
    assert result.returncode == 0, result.stderr
    assert "ar → en" in result.stdout
    assert "source (ar)" in result.stdout and "reference" in result.stdout


@needs_seed
def test_convert_to_tsv_and_back(tmp_path: Path) -> None:
    tsv = tmp_path / "seed.tsv"
    assert mt("convert", SEED, tsv).returncode == 0
    back = tmp_path / "seed.txt"
    result = mt("convert", tsv, back)
    assert result.returncode == 0, result.stderr
    # TSV has no paragraph layout, so the text comes back one paragraph per line.
    assert back.read_text(encoding="utf-8").splitlines() == [
        p for p in SEED.read_text(encoding="utf-8").split("\n\n")
    ]


def test_convert_refuses_to_overwrite_an_input(tmp_path: Path) -> None:
    src = tmp_path / "a.tsv"
    src.write_text("x\ty\n", encoding="utf-8")
    result = mt("convert", src, src)
    assert result.returncode == 2
    assert "is also an input" in result.stderr
    assert src.read_text(encoding="utf-8") == "x\ty\n"


BAD_INPUTS: dict[str, tuple[bytes, str]] = {
    "latin1.en": (b"caf\xe9 in Kabul\n", r"latin1\.en:1: not valid UTF-8"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"binary\.txt:3: looks like a binary"),
    "broken.tmx": (b'<tmx version="1.4"><body><tu>\n<tuv></tmx>', r"broken\.tmx:\d+: "),
    "xxe.xlf": (
        b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        b'<xliff version="1.2"><file><body><trans-unit id="1"><source>&xxe;</source>'
        b"</trans-unit></body></file></xliff>",
        r"xxe\.xlf(:\d+)?: .*entit",
    ),
    "notes.docx": (b"PK\x03\x04", r"notes\.docx: cannot tell the format"),
    "rows.tsv": (b"a\tb\nc\n", r"rows\.tsv:2: expected 2 tab-separated columns, found 1"),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_gives_one_line_and_leaves_the_output_alone(name: str, tmp_path: Path) -> None:
    data, pattern = BAD_INPUTS[name]
    bad = tmp_path / name
    bad.write_bytes(data)
    out = tmp_path / "out.jsonl"
    out.write_text('{"mt": "earlier work"}\n', encoding="utf-8")
    result = mt("convert", bad, out)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    import re

    assert re.search(pattern, lines[0]), lines[0]
    assert out.read_text(encoding="utf-8") == '{"mt": "earlier work"}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "out.jsonl"])


def test_misaligned_source_names_both_files(tmp_path: Path) -> None:
    (tmp_path / "n.ar").write_text("سطر\nسطر\n", encoding="utf-8")
    (tmp_path / "n.en").write_text("line\n", encoding="utf-8")
    result = mt("inspect", tmp_path / "n.en", "--source", tmp_path / "n.ar")
    assert result.returncode == 2
    assert "n.ar: 2 lines but" in result.stderr and "n.en has 1" in result.stderr


def test_missing_file() -> None:
    result = mt("inspect", "no/such/file.en")
    assert result.returncode == 2
    assert result.stderr.strip() == "mt: error: no/such/file.en: no such file"
