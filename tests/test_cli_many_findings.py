"""Many findings: the QA table shows the first of each check and counts the rest, which the JSON
output still lists in full (issue 14, item 6)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from mt.cli.report_views import ROWS_PER_CHECK
from tests.conftest import GLOSSARIES
from tests.test_cli_post_edit import invoke

GLOSSARY = GLOSSARIES / "afghanistan-news.ar-en.tsv"
SEGMENTS = ROWS_PER_CHECK + 15


def _many(tmp_path: Path) -> Path:
    mt_file = tmp_path / "many.mt.en"
    lines = [f"Fighters {i} entered the Banshir valley." for i in range(SEGMENTS)]
    mt_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return mt_file


def _rows(stdout: str, check: str) -> list[str]:
    return [line for line in stdout.splitlines() if re.match(rf"\d+\s+\w+\s+{check}\s", line)]


def test_qa_table_shows_the_first_findings_of_a_check_and_counts_the_rest(tmp_path: Path) -> None:
    mt_file = _many(tmp_path)
    result = invoke("qa", mt_file, "-g", GLOSSARY, "--checks", "terminology-variant")
    assert result.exit_code == 1, result.output
    rows = _rows(result.stdout, "terminology-variant")
    assert len(rows) == ROWS_PER_CHECK
    assert rows[0].startswith("1 ") and rows[-1].startswith(f"{ROWS_PER_CHECK} ")
    assert "… and 15 more (all of them with --json)" in result.stdout
    assert f"{SEGMENTS} errors" in result.stdout  # the summary counts them all

    listed = invoke("qa", mt_file, "-g", GLOSSARY, "--checks", "terminology-variant", "--json")
    assert len(json.loads(listed.stdout)["issues"]) == SEGMENTS


def test_post_edit_table_points_to_the_report_for_the_rest(tmp_path: Path) -> None:
    mt_file = tmp_path / "many.mt.en"
    # "Masoud" is fixed; the repeated word stays, one warning per segment.
    lines = [f"Masoud said the the fighters {i} left." for i in range(SEGMENTS)]
    mt_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / "r.json"
    result = invoke("post-edit", mt_file, "-g", GLOSSARY, "--report", report)
    assert result.exit_code == 0, result.output
    assert len(_rows(result.stdout, "repeated-word")) == ROWS_PER_CHECK
    assert "… and 15 more (all of them with --report)" in result.stdout
    issues = json.loads(report.read_text(encoding="utf-8"))["qa"]["issues"]
    assert sum(i["check"] == "repeated-word" for i in issues) == SEGMENTS
