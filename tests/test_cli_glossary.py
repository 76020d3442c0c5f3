"""`mt glossary ...` as a maintainer runs it, on copies of the shipped glossary and samples.

Most tests call the typer app in-process (fast); a few run the installed command in a subprocess
to check what a shell sees: one-line errors, exit statuses, stdout that pipes into another
command.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mt.cli.main import app
from mt.errors import MTError
from mt.glossary.files import load_glossary
from tests.conftest import CORPORA, GLOSSARIES, SEED, needs_seed

SHIPPED = GLOSSARIES / "afghanistan-news.ar-en.tsv"
HEADER = "source\ttarget\tvariants\tcase\tnote\n"


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def mt(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    """Run `mt ARGS` in-process, mapping core errors to exit status and message as
    :func:`mt.cli.main.run` does."""
    result = CliRunner().invoke(
        app,
        [str(a) for a in args],
        env={"MT_GLOSSARY": None, **(env or {})},  # type: ignore[dict-item]
    )
    exc = result.exception
    if isinstance(exc, MTError):
        return Result(exc.exit_code, result.stdout, result.stderr + f"mt: error: {exc}\n")
    if exc is not None and not isinstance(exc, SystemExit):
        raise exc
    return Result(result.exit_code, result.stdout, result.stderr)


def shell(*args: str | Path, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mt", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        env={
            "COLUMNS": "100",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONIOENCODING": "utf-8",
            **env,
        },
    )


@pytest.fixture(autouse=True)
def wide_consoles(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process runs print through rich consoles made at import; give them a fixed width."""
    from mt.cli import console

    for con in (console.out, console.err):
        monkeypatch.setattr(con, "_width", 120)


@pytest.fixture
def gloss(tmp_path: Path) -> Path:
    """A copy of the shipped glossary, keeping its name (which carries the languages ar-en)."""
    return Path(shutil.copy(SHIPPED, tmp_path / SHIPPED.name))


def ids_of(path: Path) -> list[str]:
    return [e.id for e in load_glossary(path)]


def entries_of(path: Path) -> list[tuple]:
    return [
        (e.id, e.sources, e.target, e.variants, e.case_sensitive, e.note)
        for e in load_glossary(path)
    ]


BROKEN = HEADER + (
    "\tMasoud\tMassoud\tyes\t\n"  # line 2 and 3: a cycle Masoud -> Massoud -> Masoud
    "\tMassoud\tMasoud\tyes\t\n"
    "بنجشير\tPanjshir\tBanshir\tyes\t\n"  # line 4 and 5: one source, two targets
    "بنجشير\tPanjsher\t\tyes\t\n"
)


# --- list --------------------------------------------------------------------------------------


def test_list_shows_the_entries(gloss: Path) -> None:
    result = mt("glossary", "list", "-g", gloss)
    assert result.code == 0, result.stderr
    assert "31 entries" in result.stdout and "ar → en" in result.stdout
    for text in ("panjshir", "Panjshir", "بنجشير", "Banshir", "Amrullah", "Islamic"):
        assert text in result.stdout


def test_list_filters_and_prints_json(gloss: Path) -> None:
    result = mt("glossary", "list", "massoud", "-g", gloss, "--json")
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["count"] == 5
    ids = [e["id"] for e in report["entries"]]
    assert ids[:3] == ["ahmad-massoud", "ahmad-shah-massoud", "massoud"]
    panjshir = json.loads(mt("glossary", "list", "بنجشير", "-g", gloss, "--json").stdout)
    assert [e["id"] for e in panjshir["entries"]] == ["panjshir"]
    entry = panjshir["entries"][0]
    assert entry["sources"] == ["بنجشير"] and "Banshir" in entry["variants"]
    assert entry["case_sensitive"] is True and entry["line"] == 8


def test_list_takes_the_glossary_from_the_environment(gloss: Path) -> None:
    result = mt("glossary", "list", "--json", env={"MT_GLOSSARY": str(gloss)})
    assert result.code == 0 and json.loads(result.stdout)["count"] == 31


def test_no_glossary_is_a_usage_error() -> None:
    result = mt("glossary", "list")
    assert result.code == 2
    assert "no glossary given" in result.stderr and "MT_GLOSSARY" in result.stderr


def test_a_lint_error_does_not_stop_list_or_export(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(BROKEN, encoding="utf-8")
    assert mt("glossary", "list", "-g", bad).code == 0
    assert mt("glossary", "export", tmp_path / "bad.tbx", "-g", bad).code == 0
    assert len(load_glossary(tmp_path / "bad.tbx")) == 4


# --- add / rm ----------------------------------------------------------------------------------


def test_add_then_rm_gives_the_file_back_byte_for_byte(gloss: Path) -> None:
    before = gloss.read_bytes()
    result = mt(
        "glossary",
        "add",
        "-g",
        gloss,
        "--target",
        "Panjshir Valley",
        "--source",
        "وادي بنجشير",
        "--variant",
        "Banshir Valley",
        "--variant",
        "Banjshir Valley",
        "--case-sensitive",
        "--note",
        "the valley",
    )
    assert result.code == 0, result.stderr
    assert result.stdout.strip() == "panjshir-valley"
    text = gloss.read_text(encoding="utf-8")
    assert text.startswith(before.decode("utf-8"))  # comments, order and lines untouched
    assert text.endswith(
        "وادي بنجشير\tPanjshir Valley\tBanshir Valley|Banjshir Valley\tsensitive\tthe valley\n"
    )
    assert mt("glossary", "lint", "-g", gloss).code == 0
    result = mt("glossary", "rm", "panjshir-valley", "-g", gloss)
    assert result.code == 0, result.stderr
    assert "removed panjshir-valley" in result.stderr
    assert gloss.read_bytes() == before


@pytest.mark.parametrize("fmt", ["csv", "tbx"])
def test_add_and_rm_keep_the_format(gloss: Path, fmt: str) -> None:
    other = gloss.with_suffix(f".{fmt}")
    assert mt("glossary", "export", other, "-g", gloss).code == 0
    before = other.read_bytes()
    result = mt("glossary", "add", "-g", other, "-t", "Khost", "-s", "خوست", "-v", "Khowst")
    assert result.code == 0, result.stderr
    assert load_glossary(other).get("khost").variants == ("Khowst",)
    assert load_glossary(other).fmt == fmt
    assert mt("glossary", "rm", "Khost", "-g", other).code == 0  # by target term
    assert other.read_bytes() == before


def test_add_refuses_a_taken_id_even_with_force(gloss: Path) -> None:
    before = gloss.read_bytes()
    result = mt(
        "glossary", "add", "-g", gloss, "--target", "Panjshir Valley", "--id", "panjshir", "--force"
    )
    assert result.code == 2
    assert "already has an entry with id 'panjshir'" in result.stderr
    assert gloss.read_bytes() == before


def test_add_refuses_a_conflicting_entry_unless_forced(gloss: Path) -> None:
    before = gloss.read_bytes()
    result = mt("glossary", "add", "-g", gloss, "--target", "Panjsher", "--source", "بنجشير")
    assert result.code == 2
    assert "[conflict]" in result.stderr and "not added" in result.stderr
    assert gloss.read_bytes() == before
    result = mt(
        "glossary", "add", "-g", gloss, "--target", "Panjsher", "--source", "بنجشير", "--force"
    )
    assert result.code == 0, result.stderr
    assert ids_of(gloss)[-1] == "panjsher"
    assert mt("glossary", "lint", "-g", gloss).code == 1


def test_add_refuses_a_duplicate(gloss: Path) -> None:
    result = mt("glossary", "add", "-g", gloss, "--target", "Kabul", "--source", "كابل")
    assert result.code == 2 and "[duplicate]" in result.stderr


def test_add_refuses_an_id_the_file_cannot_keep(gloss: Path) -> None:
    # The shipped glossary has no id column: ids come from the target terms.
    result = mt("glossary", "add", "-g", gloss, "--target", "Khost", "-s", "خوست", "--id", "kh")
    assert result.code == 2 and "no id column" in result.stderr
    assert (
        mt("glossary", "add", "-g", gloss, "-t", "Khost", "-s", "خوست", "--id", "khost").code == 0
    )


def test_rm_of_an_unknown_id_leaves_the_file_alone(gloss: Path) -> None:
    before = gloss.read_bytes()
    result = mt("glossary", "rm", "panjshr", "-g", gloss)
    assert result.code == 2
    assert "no entry with id or target 'panjshr'" in result.stderr
    assert "did you mean panjshir" in result.stderr
    assert gloss.read_bytes() == before


def test_rm_keeps_every_other_line(gloss: Path) -> None:
    lines = gloss.read_text(encoding="utf-8").splitlines(keepends=True)
    assert mt("glossary", "rm", "massoud", "taliban", "-g", gloss).code == 0
    kept = [ln for ln in lines if not ln.startswith(("مسعود\t", "طالبان\t"))]
    assert gloss.read_text(encoding="utf-8") == "".join(kept)
    assert len(kept) == len(lines) - 2


# --- lint --------------------------------------------------------------------------------------


def test_lint_passes_the_shipped_glossary(gloss: Path) -> None:
    result = mt("glossary", "lint", "-g", gloss)
    assert result.code == 0, result.stdout
    assert "0 errors" in result.stdout
    report = json.loads(mt("glossary", "lint", "-g", gloss, "--json").stdout)
    assert report["errors"] == 0 and report["entries"] == 31


def test_lint_finds_conflicts_and_cycles_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(BROKEN, encoding="utf-8")
    result = mt("glossary", "lint", "-g", bad)
    assert result.code == 1
    assert re.search(r"bad\.tsv:2: error: variants form a cycle: .*\[cycle\]", result.stdout)
    assert re.search(
        r"bad\.tsv:4: error: source term 'بنجشير' has two preferred terms.*"
        r"\[conflict\]",
        result.stdout,
    )
    report = json.loads(mt("glossary", "lint", "-g", bad, "--json").stdout)
    checks = {(f["check"], f["line"]) for f in report["findings"]}
    assert {("cycle", 2), ("conflict", 4)} <= checks


def test_lint_warnings_alone_exit_zero(tmp_path: Path) -> None:
    path = tmp_path / "warn.tsv"
    path.write_text(HEADER + "\tKhost\t\t\t\n", encoding="utf-8")  # inert: a warning
    result = mt("glossary", "lint", "-g", path, "--json")
    assert result.code == 0
    assert json.loads(result.stdout)["warnings"] == 1


def test_a_bad_glossary_is_one_line_naming_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + "x\ty\tz\tyes\t\nx\ty\tz\n", encoding="utf-8")
    before = bad.read_bytes()
    for command in (["lint"], ["list"], ["add", "-t", "Khost"], ["rm", "y"]):
        result = shell("glossary", *command, "-g", bad)
        assert result.returncode == 2, (command, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert re.fullmatch(r"mt: error: .*bad\.tsv:3: expected 5 columns .*found 3", lines[0])
        assert result.stdout == ""
    assert bad.read_bytes() == before


# --- import / export ---------------------------------------------------------------------------


def test_export_import_tbx_round_trip(gloss: Path, tmp_path: Path) -> None:
    tbx = tmp_path / "news.tbx"
    result = mt("glossary", "export", tbx, "-g", gloss)
    assert result.code == 0, result.stderr
    text = tbx.read_text(encoding="utf-8")
    assert "<conceptEntry" in text and "deprecatedTerm-admn-sts" in text
    assert 'xml:lang="ar"' in text and 'xml:lang="en"' in text
    back = tmp_path / "back.tsv"
    result = mt("glossary", "import", tbx, "-g", back)
    assert result.code == 0, result.stderr
    assert entries_of(back) == entries_of(gloss)
    assert mt("glossary", "lint", "-g", back).code == 0


def test_export_csv_and_refusing_to_overwrite_the_glossary(gloss: Path, tmp_path: Path) -> None:
    before = gloss.read_bytes()
    result = mt("glossary", "export", gloss, "-g", gloss, "--to", "csv")
    assert result.code == 2 and "is the glossary itself" in result.stderr
    assert gloss.read_bytes() == before
    out = tmp_path / "news.csv"
    assert mt("glossary", "export", out, "-g", gloss).code == 0
    assert out.read_text(encoding="utf-8").startswith("source,target,variants,case,note\n")
    assert entries_of(out) == entries_of(gloss)


def test_import_converts_a_vendor_csv(tmp_path: Path) -> None:
    vendor = tmp_path / "vendor.csv"
    vendor.write_text("ar,en\nبنجشير,Panjshir\nكابل,Kabul\n", encoding="utf-8")
    ours = tmp_path / "ours.tsv"
    result = mt("glossary", "import", vendor, "-g", ours)
    assert result.code == 0, result.stderr
    assert ours.read_text(encoding="utf-8") == HEADER + (
        "بنجشير\tPanjshir\t\t\t\nكابل\tKabul\t\t\t\n"
    )


def test_import_refuses_an_existing_glossary_unless_merge_or_force(
    gloss: Path, tmp_path: Path
) -> None:
    new = tmp_path / "new.tsv"
    new.write_text(
        HEADER + "بنجشير\tPanjshir\tBanshir|Banjshir|Banjsher|Banjsheer|Panjsher|"
        "Panjsheer|Panshir\tsensitive\t\nخوست\tKhost\tKhowst\tsensitive\t\n",
        encoding="utf-8",
    )
    before = gloss.read_bytes()
    result = mt("glossary", "import", new, "-g", gloss)
    assert result.code == 2 and "--merge" in result.stderr
    assert gloss.read_bytes() == before
    result = mt("glossary", "import", new, "-g", gloss, "--merge")
    assert result.code == 0, result.stderr
    assert "skipped 1 duplicate" in result.stderr and "panjshir" in result.stderr
    assert (
        gloss.read_text(encoding="utf-8") == before.decode() + "خوست\tKhost\tKhowst\tsensitive\t\n"
    )
    result = mt("glossary", "import", new, "-g", gloss, "--force")
    assert result.code == 0, result.stderr
    assert ids_of(gloss) == ["panjshir", "khost"]


# --- stats / suggest ---------------------------------------------------------------------------


def test_stats_on_the_corpora(gloss: Path) -> None:
    files = sorted(CORPORA.glob("*.mt.en"))
    result = mt("glossary", "stats", *files, "-g", gloss, "--json")
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["documents"] == 4 and report["documents_with_source"] == 4
    assert report["segments"] == 54
    by_id = {e["id"]: e for e in report["entries"]}
    panjshir = by_id["panjshir"]
    assert panjshir["variant_hits"] >= 4 and panjshir["target_hits"] >= 1
    assert panjshir["source_hits"] >= panjshir["segments"] > 0
    assert by_id["ahmad-shah-massoud"]["variant_hits"] >= 1
    assert set(report["fired"]) | set(report["never"]) == {e["id"] for e in report["entries"]}
    table = mt("glossary", "stats", *files, "-g", gloss)
    assert table.code == 0
    assert "panjshir" in table.stdout and "variant hits" in table.stdout


@needs_seed
def test_stats_lists_the_entries_that_never_fire(gloss: Path) -> None:
    result = mt("glossary", "stats", SEED, "-g", gloss)
    assert result.code == 0, result.stderr
    assert "no source text" in result.stdout
    never = result.stdout[result.stdout.index("never fire") :]
    assert "Hindu Kush" in never and "Panjshir" not in never
    report = json.loads(mt("glossary", "stats", SEED, "-g", gloss, "--json").stdout)
    assert "hindu-kush" in report["never"] and "panjshir" in report["fired"]


@needs_seed
def test_suggest_on_the_seed_finds_the_name_variants() -> None:
    result = mt("glossary", "suggest", SEED, "--json")
    assert result.code == 0, result.stderr
    groups = [set(s["counts"]) for s in json.loads(result.stdout)["suggestions"]]
    assert {"Masoud", "Massoud"} in groups
    assert {"Ahmed", "Ahmad"} in groups
    table = mt("glossary", "suggest", SEED)
    assert table.code == 0
    for form in ("Masoud", "Massoud", "Ahmed", "Ahmad", "Banshir"):
        assert form in table.stdout


@needs_seed
def test_suggest_marks_what_the_glossary_knows(gloss: Path) -> None:
    result = mt("glossary", "suggest", SEED, "-g", gloss, "--json", "--limit", "0")
    known = {s["preferred"]: s["in_glossary"] for s in json.loads(result.stdout)["suggestions"]}
    assert known["Masoud"] == "massoud"
    assert known["Ahmed"] is None
    assert known["Panjshir Valley"] == "panjshir"  # Banshir Valley is fixed through Panjshir


def test_suggest_limit_and_min_count() -> None:
    report = json.loads(
        mt(
            "glossary",
            "suggest",
            *sorted(CORPORA.glob("*.mt.en")),
            "--json",
            "--limit",
            "2",
            "--min-count",
            "3",
        ).stdout
    )
    assert len(report["suggestions"]) == 2
    assert all(s["total"] >= 3 for s in report["suggestions"])


@needs_seed
def test_suggest_tsv_can_be_imported(tmp_path: Path) -> None:
    result = shell("glossary", "suggest", SEED, "--tsv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(HEADER)
    mined = tmp_path / "mined.tsv"
    mined.write_text(result.stdout, encoding="utf-8")
    new = tmp_path / "new.ar-en.tsv"
    result = shell("glossary", "import", mined, "-g", new)
    assert result.returncode == 0, result.stderr
    targets = {e.target: e.variants for e in load_glossary(new)}
    assert targets["Ahmed"] == ("Ahmad",) and targets["Masoud"] == ("Massoud",)


@needs_seed
def test_suggest_tsv_merges_into_the_glossary_it_was_checked_against(
    gloss: Path, tmp_path: Path
) -> None:
    mined = tmp_path / "mined.tsv"
    result = mt("glossary", "suggest", SEED, "-g", gloss, "--tsv")
    mined.write_text(result.stdout, encoding="utf-8")
    assert [e.target for e in load_glossary(mined)] == ["Ahmed"]  # what the glossary lacks
    result = mt("glossary", "import", mined, "-g", gloss, "--merge")
    assert result.code == 0, result.stderr
    assert ids_of(gloss)[-1] == "ahmed"


@needs_seed
def test_merging_raw_suggestions_into_the_glossary_is_refused(gloss: Path, tmp_path: Path) -> None:
    # Unchecked, the most frequent spelling (Masoud) contradicts the glossary (Massoud).
    mined = tmp_path / "mined.tsv"
    mined.write_text(mt("glossary", "suggest", SEED, "--tsv").stdout, encoding="utf-8")
    before = gloss.read_bytes()
    result = mt("glossary", "import", mined, "-g", gloss, "--merge")
    assert result.code == 2
    assert "[cycle]" in result.stderr and "not merged" in result.stderr
    assert gloss.read_bytes() == before


def test_add_prints_the_id_for_a_pipeline(gloss: Path) -> None:
    result = shell(
        "glossary", "add", "-t", "Khost", "-s", "خوست", "-v", "Khowst", MT_GLOSSARY=str(gloss)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "khost\n"
    assert "added khost" in result.stderr
    lint = shell("glossary", "lint", "-g", gloss)
    assert lint.returncode == 0 and "0 errors" in lint.stdout


def test_stats_finds_the_source_beside_the_mt_without_languages_in_the_name(
    gloss: Path, tmp_path: Path
) -> None:
    plain = Path(shutil.copy(gloss, tmp_path / "plain.tsv"))
    story = CORPORA / "panjshir-offensive.mt.en"
    report = json.loads(mt("glossary", "stats", story, "-g", plain, "--json").stdout)
    assert report["documents_with_source"] == 1
    alone = Path(shutil.copy(story, tmp_path / story.name))
    report = json.loads(mt("glossary", "stats", alone, "-g", plain, "--json").stdout)
    assert report["documents_with_source"] == 0
    assert {e["id"]: e for e in report["entries"]}["panjshir"]["source_hits"] == 0


def test_export_into_a_missing_folder_is_an_input_error(gloss: Path, tmp_path: Path) -> None:
    result = mt("glossary", "export", tmp_path / "no" / "news.tbx", "-g", gloss)
    assert result.code == 2 and "cannot write" in result.stderr
