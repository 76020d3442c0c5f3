"""`mt glossary learn` as a glossary maintainer runs it: on copies of the shipped stories (the
references standing in for post-edits), on review sessions, and on bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

from mt.glossary.files import read_glossary
from mt.pipeline.review import ReviewSession
from tests.conftest import CORPORA, GLOSSARIES, STORY
from tests.test_cli_glossary import mt, wide_consoles  # noqa: F401 (the fixture)

SHIPPED = GLOSSARIES / "afghanistan-news.ar-en.tsv"


def stories(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    shutil.copytree(CORPORA, folder)
    return folder


def test_done_when_learns_panjshir_from_the_references_and_the_tsv_imports_clean(
    tmp_path: Path,
) -> None:
    result = mt("glossary", "learn", stories(tmp_path), "--post-edits-from", "ref", "--tsv")
    assert result.code == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[0] == ["source", "target", "variants", "case", "note"]
    panjshir = next(r for r in rows if r[1] == "Panjshir")
    assert panjshir[0] == "بنجشير"
    assert "Banshir" in panjshir[2].split("|")
    learned = tmp_path / "learned.tsv"
    learned.write_text(result.stdout, encoding="utf-8")
    new = tmp_path / "new.ar-en.tsv"
    assert mt("glossary", "import", learned, "-g", new).code == 0
    assert "Panjshir" in [e.target for e in read_glossary(new).entries]
    lint = mt("glossary", "lint", "-g", new)
    assert lint.code == 0, lint.stdout


def test_the_table_shows_variants_source_and_examples(tmp_path: Path) -> None:
    result = mt("glossary", "learn", stories(tmp_path), "--post-edits-from", "ref")
    assert result.code == 0, result.stderr
    assert "Panjshir" in result.stdout and "← Banshir ×3" in result.stdout
    assert "بنجشير" in result.stdout and "doha-talks:7" in result.stdout


def test_what_the_glossary_covers_is_skipped_and_said_so(tmp_path: Path) -> None:
    result = mt(
        "glossary", "learn", stories(tmp_path), "--post-edits-from", "ref", "-g", SHIPPED, "--tsv"
    )
    assert result.code == 0, result.stderr
    assert "Panjshir" not in result.stdout
    assert "already in the glossary" in result.stderr and "Banshir → Panjshir" in result.stderr


def test_without_post_edits_each_missing_pair_is_reported(tmp_path: Path) -> None:
    folder = stories(tmp_path)
    nothing = mt("glossary", "learn", folder)
    assert nothing.code == 2 and "no finished work found" in nothing.stderr
    assert "--post-edits-from ref" in nothing.stderr
    (folder / "kabul-aid.ref.en").rename(folder / "kabul-aid.pe.en")
    some = mt("glossary", "learn", folder, "--json")
    assert some.code == 0
    assert "doha-talks.mt.en: no post-edit doha-talks.pe.en beside it" in some.stderr
    assert "kabul-aid.mt.en" not in some.stderr


def test_a_misaligned_post_edit_exits_2_naming_the_files(tmp_path: Path) -> None:
    folder = stories(tmp_path)
    (folder / "doha-talks.ref.en").write_text("One paragraph only.\n", encoding="utf-8")
    result = mt("glossary", "learn", folder, "--post-edits-from", "ref")
    assert result.code == 2
    assert "doha-talks.ref.en" in result.stderr and "doha-talks.mt.en" in result.stderr


def test_an_unreadable_session_exits_2_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "story.mt.json"
    bad.write_text(
        '{"format": "mt-session", "version": 1, "segments": [\n{"id": 1,}\n]}\n', encoding="utf-8"
    )
    result = mt("glossary", "learn", bad)
    assert result.code == 2
    assert f"{bad}:2" in result.stderr


def test_a_review_session_and_its_unsaved_journal_are_learned_from(tmp_path: Path) -> None:
    for suffix in (".ar", ".mt.en"):
        shutil.copy(CORPORA / f"{STORY}{suffix}", tmp_path / f"{STORY}{suffix}")
    session = ReviewSession.open(tmp_path / f"{STORY}.mt.en", source=tmp_path / f"{STORY}.ar")
    first = session.segment(0).post_edit
    session.set_post_edit(0, first.replace("Banshir", "Panjshir"))
    session.save()
    ninth = session.segment(8).post_edit
    session.set_post_edit(8, ninth.replace("Amrallah Saleh", "Amrullah Saleh"))
    session.close()  # unsaved: the journal keeps the second fix
    assert (tmp_path / f"{STORY}.mt.en.mt-journal.jsonl").is_file()
    result = mt("glossary", "learn", tmp_path, "--tsv")
    assert result.code == 0, result.stderr
    rows = {r.split("\t")[1]: r.split("\t") for r in result.stdout.splitlines()[1:]}
    assert rows["Panjshir"][:3] == ["بنجشير", "Panjshir", "Banshir"]
    assert rows["Panjshir"][4].endswith("Banshir×1")  # the saved X.pe.en is the same work
    assert rows["Amrullah Saleh"][2] == "Amrallah Saleh"


def test_a_journal_alone_is_replayed_over_its_document(tmp_path: Path) -> None:
    shutil.copy(CORPORA / f"{STORY}.mt.en", tmp_path / f"{STORY}.mt.en")
    session = ReviewSession.open(tmp_path / f"{STORY}.mt.en")
    first = session.segment(0).post_edit
    session.set_post_edit(0, first.replace("Banshir", "Panjshir"))
    session.close()  # never saved: no session file, only the journal
    journal = tmp_path / f"{STORY}.mt.en.mt-journal.jsonl"
    assert not (tmp_path / f"{STORY}.mt.en.mt.json").exists()
    result = mt("glossary", "learn", journal, "--json")
    assert result.code == 0, result.stderr
    assert '"preferred": "Panjshir"' in result.stdout


def test_a_post_edit_that_is_not_utf8_exits_2_naming_it(tmp_path: Path) -> None:
    folder = stories(tmp_path)
    (folder / "kabul-aid.ref.en").write_bytes(b"Kabul \xff\xfe\n")
    result = mt("glossary", "learn", folder, "--post-edits-from", "ref")
    assert result.code == 2
    assert "kabul-aid.ref.en" in result.stderr
