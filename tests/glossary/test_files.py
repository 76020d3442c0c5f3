"""Glossary files on disk: format by extension, load/save, add/remove in place, atomically."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from mt.errors import FormatError, InputError, UsageError
from mt.glossary.entry import GlossaryEntry
from mt.glossary.files import (
    add_entry,
    format_of,
    load_glossary,
    parse_glossary,
    remove_entry,
    render_glossary,
    save_glossary,
)
from tests.conftest import GLOSSARIES

SHIPPED = GLOSSARIES / "afghanistan-news.ar-en.tsv"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    path = tmp_path / "news.ar-en.tsv"
    shutil.copyfile(SHIPPED, path)
    return path


def test_format_of() -> None:
    assert format_of("a.tsv") == format_of("a.TAB") == format_of("a.txt") == "tsv"
    assert format_of("a.csv") == "csv"
    assert format_of("a.tbx") == "tbx"
    assert format_of("a.xyz", "csv") == "csv"
    with pytest.raises(FormatError, match="cannot tell"):
        format_of("a.xyz")
    with pytest.raises(FormatError, match="unknown glossary format"):
        format_of("a.tsv", "xlsx")


def test_load_missing_file() -> None:
    with pytest.raises(InputError, match="no such file"):
        load_glossary("/nonexistent/g.tsv")


def test_add_appends_and_keeps_everything_else(copy: Path) -> None:
    before = copy.read_text(encoding="utf-8")
    entry = add_entry(
        copy,
        GlossaryEntry(
            id="", target="Herat", sources=("هرات",), variants=("Harat",), case_sensitive=True
        ),
    )
    assert entry.id == "herat"
    after = copy.read_text(encoding="utf-8")
    assert after == before + "هرات\tHerat\tHarat\tsensitive\t\n"
    assert load_glossary(copy).get("herat").variants == ("Harat",)


def test_remove_keeps_comments_order_and_other_lines(copy: Path) -> None:
    before = copy.read_text(encoding="utf-8").splitlines(keepends=True)
    removed = remove_entry(copy, "kabul")
    assert removed.target == "Kabul"
    after = copy.read_text(encoding="utf-8").splitlines(keepends=True)
    assert after == [line for line in before if not line.startswith("كابل\t")]
    assert [e.id for e in load_glossary(copy)] == [
        e.id for e in load_glossary(SHIPPED) if e.id != "kabul"
    ]


def test_remove_unknown_id_leaves_the_file_alone(copy: Path) -> None:
    stat = copy.stat()
    with pytest.raises(UsageError, match="no entry with id 'nowhere'"):
        remove_entry(copy, "nowhere")
    assert copy.read_bytes() == SHIPPED.read_bytes()
    assert copy.stat().st_mtime_ns == stat.st_mtime_ns


def test_add_duplicate_id_is_refused(copy: Path) -> None:
    with pytest.raises(UsageError, match="already has an entry with id 'kabul'"):
        add_entry(copy, GlossaryEntry(id="kabul", target="Kabul"))
    assert copy.read_bytes() == SHIPPED.read_bytes()


def test_add_to_a_broken_file_rewrites_nothing(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    data = b"source\ttarget\nx\ty\tz\n"
    path.write_bytes(data)
    with pytest.raises(FormatError) as info:
        add_entry(path, GlossaryEntry(id="", target="Kabul"))
    assert (info.value.path, info.value.line) == (str(path), 2)
    assert path.read_bytes() == data
    assert sorted(os.listdir(tmp_path)) == ["g.tsv"]  # the edit removed its lock too


def test_a_failed_write_leaves_the_file_and_no_temporary(copy: Path) -> None:
    with pytest.raises(FormatError, match="tab or line break"):
        add_entry(copy, GlossaryEntry(id="", target="Kabul\tcity", sources=("كابل",)))
    assert copy.read_bytes() == SHIPPED.read_bytes()
    assert sorted(os.listdir(copy.parent)) == [copy.name]  # no temporary, no lock


def test_add_and_remove_keep_a_csv_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "vendor.csv"
    data = "\ufeffsource,target\r\nكابل,Kabul\r\n"
    path.write_bytes(data.encode("utf-8"))
    add_entry(path, GlossaryEntry(id="", target="Doha, Qatar", sources=("الدوحة",)))
    assert path.read_bytes().decode("utf-8") == data + 'الدوحة,"Doha, Qatar"\r\n'
    remove_entry(path, "kabul")
    assert path.read_bytes().decode("utf-8") == '\ufeffsource,target\r\nالدوحة,"Doha, Qatar"\r\n'


def test_add_and_remove_on_tbx(tmp_path: Path) -> None:
    path = tmp_path / "news.ar-en.tbx"
    save_glossary(load_glossary(SHIPPED), path)
    add_entry(path, GlossaryEntry(id="", target="Herat", sources=("هرات",), variants=("Harat",)))
    remove_entry(path, "panjshir")
    ids = [e.id for e in load_glossary(path)]
    assert ids[-1] == "herat" and "panjshir" not in ids and len(ids) == 31


def test_save_preserves_file_permissions(copy: Path) -> None:
    copy.chmod(0o640)
    add_entry(copy, GlossaryEntry(id="", target="Herat", sources=("هرات",)))
    assert copy.stat().st_mode & 0o777 == 0o640


def test_parse_and_render_by_format() -> None:
    g = parse_glossary(SHIPPED.read_bytes(), SHIPPED)
    assert render_glossary(g, "tsv") == SHIPPED.read_bytes()
    csv_data = render_glossary(g, "csv")
    back = parse_glossary(csv_data, "x.csv", source_lang="ar", target_lang="en")
    assert back.entries == g.entries
    assert (back.source_lang, back.target_lang) == ("ar", "en")


def test_a_glossary_with_lint_errors_still_loads_and_exports(tmp_path: Path) -> None:
    path = tmp_path / "g.ar-en.tsv"
    path.write_text(
        "source\ttarget\tvariants\tcase\tnote\n"
        "مسعود\tMassoud\tMasoud\t\t\n"
        "\tMasoud\tMassoud\t\t\n"  # a cycle
        "\t\tx\t\t\n",  # no preferred term
        encoding="utf-8",
    )
    g = load_glossary(path)
    assert len(g) == 3
    save_glossary(g, tmp_path / "g.ar-en.tbx")
    save_glossary(g, tmp_path / "g.csv")
    assert load_glossary(tmp_path / "g.ar-en.tbx").entries == g.entries
