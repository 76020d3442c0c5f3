"""The glossary `case` column: one vocabulary written (sensitive/insensitive, as the shipped
glossary and glossaries/README.md spell it), every accepted spelling read; and `glossary add` of
a target another entry has, refused as glossaries/README.md says."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from mt.errors import FormatError
from mt.glossary.file_formats import parse_glossary
from tests.conftest import GLOSSARIES
from tests.test_cli_glossary import HEADER, mt

SHIPPED = GLOSSARIES / "afghanistan-news.ar-en.tsv"


@pytest.mark.parametrize(("word", "sensitive"), [
    ("sensitive", True), ("insensitive", False), ("yes", True), ("no", False),
    ("case-sensitive", True), ("Insensitive", False), ("", False),
])
def test_every_accepted_spelling_is_read(word: str, sensitive: bool) -> None:
    data = (HEADER + f"كابل\tKabul\tKaboul\t{word}\t\n").encode()
    assert parse_glossary(data, "g.tsv").entries[0].case_sensitive is sensitive


def test_a_bad_case_value_lists_the_accepted_ones() -> None:
    data = (HEADER + "كابل\tKabul\tKaboul\tmaybe\t\n").encode()
    with pytest.raises(FormatError) as caught:
        parse_glossary(data, "g.tsv")
    message = str(caught.value)
    assert message.startswith("g.tsv:2: ")
    assert "use sensitive or insensitive" in message and "yes" in message


def case_cells(rows: list[list[str]]) -> set[str]:
    """The case cells written; the default (insensitive) may be left empty."""
    column = rows[0].index("case")
    return {row[column] or "insensitive" for row in rows[1:]}


def test_export_writes_sensitive_and_insensitive(tmp_path: Path) -> None:
    out = tmp_path / "g.csv"
    assert mt("glossary", "export", out, "-g", SHIPPED).code == 0
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert case_cells(rows) == {"sensitive", "insensitive"}


def test_import_from_tbx_writes_sensitive_and_insensitive(tmp_path: Path) -> None:
    tbx = tmp_path / "g.tbx"
    assert mt("glossary", "export", tbx, "-g", SHIPPED).code == 0
    back = tmp_path / "back.tsv"
    assert mt("glossary", "import", tbx, "-g", back).code == 0
    rows = [line.split("\t") for line in back.read_text(encoding="utf-8").splitlines()
            if not line.startswith("#")]
    assert case_cells(rows) == {"sensitive", "insensitive"}


def test_add_to_a_new_glossary_writes_sensitive(tmp_path: Path) -> None:
    gloss = tmp_path / "new.ar-en.tsv"
    gloss.write_text(HEADER, encoding="utf-8")
    assert mt("glossary", "add", "-g", gloss, "-t", "Khost", "-s", "خوست", "--variant", "Khowst",
              "--case-sensitive").code == 0
    assert gloss.read_text(encoding="utf-8").splitlines()[1].split("\t")[3] == "sensitive"


@pytest.fixture
def gloss(tmp_path: Path) -> Path:
    copy = tmp_path / "news.ar-en.tsv"
    shutil.copy(SHIPPED, copy)
    return copy


def test_add_refuses_a_target_another_entry_has(gloss: Path) -> None:
    before = gloss.read_bytes()
    result = mt("glossary", "add", "-g", gloss, "--target", "Panjshir", "--source", "وادي بنجشير")
    assert result.code == 2
    assert "[duplicate-target]" in result.stderr and "panjshir" in result.stderr
    assert gloss.read_bytes() == before
    forced = mt("glossary", "add", "-g", gloss, "--target", "Panjshir", "--source", "وادي بنجشير",
                "--force")
    assert forced.code == 0, forced.stderr
    assert gloss.read_bytes() != before
