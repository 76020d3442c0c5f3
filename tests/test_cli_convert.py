"""`mt convert`: one-sided outputs take the side asked for, paragraphs survive, unknown
extensions are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CORPORA
from tests.test_cli_post_edit import invoke

STORY = "panjshir-offensive"
MT, SRC, REF = (CORPORA / f"{STORY}{ext}" for ext in (".mt.en", ".ar", ".ref.en"))


@pytest.fixture
def tmx(tmp_path: Path) -> Path:
    """The story (source, MT and reference) as a TMX file."""
    out = tmp_path / "story.tmx"
    result = invoke("convert", MT, out, "-s", SRC, "-r", REF)
    assert result.exit_code == 0, result.output
    return out


def test_tmx_to_an_arabic_file_writes_the_arabic_source(tmx: Path, tmp_path: Path) -> None:
    back = tmp_path / "back.ar"
    result = invoke("convert", tmx, back)
    assert result.exit_code == 0, result.output
    assert back.read_text(encoding="utf-8") == SRC.read_text(encoding="utf-8")


def test_tmx_to_text_keeps_the_article_layout(tmx: Path, tmp_path: Path) -> None:
    back = tmp_path / "back.mt.en"
    result = invoke("convert", tmx, back)
    assert result.exit_code == 0, result.output
    # Byte for byte: paragraphs separated by blank lines, as the MT file was.
    assert back.read_bytes() == MT.read_bytes()


@pytest.mark.parametrize(("side", "expected"), [("source", SRC), ("mt", MT), ("post-edit", MT),
                                                ("reference", REF)])
def test_side_picks_the_text_written(tmx: Path, tmp_path: Path, side: str,
                                     expected: Path) -> None:
    out = tmp_path / "out.txt"
    result = invoke("convert", tmx, out, "--side", side)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == expected.read_text(encoding="utf-8")


def test_a_ref_file_name_picks_the_reference(tmx: Path, tmp_path: Path) -> None:
    out = tmp_path / "back.ref.en"
    assert invoke("convert", tmx, out).exit_code == 0
    assert out.read_text(encoding="utf-8") == REF.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["out.txt", "out.fr"])
def test_an_ambiguous_one_sided_output_asks_for_side(tmx: Path, tmp_path: Path,
                                                     name: str) -> None:
    out = tmp_path / name
    result = invoke("convert", tmx, out)
    assert result.exit_code == 2
    assert "--side" in result.output
    assert not out.exists()


def test_a_side_the_document_lacks_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    result = invoke("convert", MT, out, "--side", "source")
    assert result.exit_code == 2
    assert "no source" in result.output
    assert not out.exists()


def test_text_without_a_source_needs_no_side(tmp_path: Path) -> None:
    out = tmp_path / "copy.txt"
    assert invoke("convert", MT, out).exit_code == 0
    assert out.read_bytes() == MT.read_bytes()


def test_an_extension_no_handler_claims_is_refused(tmx: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.docx"
    result = invoke("convert", tmx, out)
    assert result.exit_code == 2
    assert "x.docx" in result.output and "--to" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.tmx"]


def test_side_is_refused_for_a_format_that_holds_both_sides(tmx: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.tsv"
    result = invoke("convert", tmx, out, "--side", "source")
    assert result.exit_code == 2
    assert not out.exists()


def test_a_session_with_accepted_edits_gives_mt_or_post_edit_by_name(tmp_path: Path) -> None:
    from mt.formats import read_document, write_document

    doc = read_document(MT)
    seg = doc.segments[0]
    start = seg.mt.index("Banshir")
    seg.accept(seg.propose(start, start + len("Banshir"), "Panjshir"))
    session = tmp_path / "story.mt.json"
    write_document(doc, session)
    for name, holds in (("out.mt.en", "Banshir Valley"), ("out.pe.en", "Panjshir Valley"),
                        ("out.en", "Panjshir Valley")):
        assert invoke("convert", session, tmp_path / name).exit_code == 0
        first = (tmp_path / name).read_text(encoding="utf-8").splitlines()[0]
        assert holds in first, (name, first)


def test_a_paragraph_tmx_from_another_tool_becomes_an_article(tmp_path: Path) -> None:
    tmx = tmp_path / "other.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="ar" '
        'segtype="paragraph" creationtool="x" creationtoolversion="1" o-tmf="x" adminlang="en" '
        'datatype="plaintext"/><body>'
        '<tu><tuv xml:lang="ar"><seg>أ</seg></tuv><tuv xml:lang="en"><seg>One.</seg></tuv></tu>'
        '<tu><tuv xml:lang="ar"><seg>ب</seg></tuv><tuv xml:lang="en"><seg>Two.</seg></tuv></tu>'
        "</body></tmx>\n", encoding="utf-8")
    out = tmp_path / "other.en"
    assert invoke("convert", tmx, out).exit_code == 0
    assert out.read_text(encoding="utf-8") == "One.\n\nTwo.\n"
