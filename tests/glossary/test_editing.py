"""The editing rules (mt.glossary.editing) hold for every add, whichever front end asks: the
core's add_entry (the review UI's path) refuses exactly what `mt glossary add` refuses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mt.errors import FormatError, UsageError
from mt.glossary.editing import LintRefused, merge, render_verified, stores_ids
from mt.glossary.entry import GlossaryEntry
from mt.glossary.files import add_entry, load_glossary
from tests.conftest import GLOSSARIES
from tests.test_cli_glossary import mt

SHIPPED = GLOSSARIES / "afghanistan-news.ar-en.tsv"

# (CLI options, the same entry for add_entry, what the refusal says)
REFUSED = [
    (["-t", "Panjshir Valley", "--id", "panjshir"], {"id": "panjshir", "target": "Panjshir Valley"},
     "already has an entry with id 'panjshir'"),
    (["-t", "Khost", "-s", "خوست", "--id", "kh"], {"id": "kh", "target": "Khost",
     "sources": ("خوست",)}, "no id column"),
    (["-t", "Panjsher", "-s", "بنجشير"], {"id": "", "target": "Panjsher", "sources": ("بنجشير",)},
     "lint error"),
    (["-t", "Kabul", "-s", "كابل"], {"id": "", "target": "Kabul", "sources": ("كابل",)},
     "lint error"),
]  # fmt: skip


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    path = tmp_path / "news.ar-en.tsv"
    shutil.copyfile(SHIPPED, path)
    return path


@pytest.mark.parametrize(("options", "fields", "says"), REFUSED)
def test_add_entry_refuses_what_mt_glossary_add_refuses(
    copy: Path, options: list[str], fields: dict, says: str
) -> None:
    before = copy.read_bytes()
    result = mt("glossary", "add", "-g", copy, *options)
    assert result.code == 2 and says in result.stderr
    with pytest.raises(UsageError, match=says):
        add_entry(copy, GlossaryEntry(**fields))
    assert copy.read_bytes() == before


def test_a_lint_refusal_carries_its_findings_and_force_writes(copy: Path) -> None:
    entry = GlossaryEntry(id="", target="Panjsher", sources=("بنجشير",))
    with pytest.raises(LintRefused) as info:
        add_entry(copy, entry)
    assert {f.check for f in info.value.findings} >= {"conflict"}
    added = add_entry(
        copy, GlossaryEntry(id="", target="Panjsher", sources=("بنجشير",)), force=True
    )
    assert load_glossary(copy).entries[-1].id == added.id == "panjsher"


def test_add_entry_refuses_an_empty_target(copy: Path) -> None:
    with pytest.raises(UsageError, match="must not be empty"):
        add_entry(copy, GlossaryEntry(id="", target="  "))


def test_an_entry_the_file_cannot_hold_is_refused_before_writing(tmp_path: Path) -> None:
    path = tmp_path / "vendor.csv"
    path.write_bytes("source,target\nكابل,Kabul\n".encode())
    with pytest.raises(FormatError, match="cannot hold its variants"):
        add_entry(path, GlossaryEntry(id="", target="Herat", variants=("Harat",)))
    assert path.read_bytes() == "source,target\nكابل,Kabul\n".encode()


def test_render_verified_reads_back_what_it_renders() -> None:
    glossary = load_glossary(SHIPPED)
    data, again = render_verified(glossary, "tsv", SHIPPED)
    assert data == SHIPPED.read_bytes()
    assert [e.id for e in again.entries] == [e.id for e in glossary.entries]
    assert not stores_ids(glossary, "tsv")  # no id column: ids come from the targets


def test_merge_skips_what_the_glossary_holds() -> None:
    glossary = load_glossary(SHIPPED)
    imported = load_glossary(SHIPPED)
    imported.entries.append(GlossaryEntry(id="", target="Herat", sources=("هرات",)))
    result = merge(glossary, imported, "tsv")
    assert [e.target for e in result.added] == ["Herat"]
    assert len(result.skipped) == len(imported.entries) - 1
