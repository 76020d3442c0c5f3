"""Plain aligned text: lines and article mode, layout kept byte for byte."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from mt.errors import FormatError, UsageError
from mt.formats.registry import write_document
from mt.formats.text import PlainTextHandler, looks_like_article

ARTICLE = (
    "Taliban fighters move on Banshir\n"
    "\n"
    "Fighting broke out in the Banshir Valley on Sunday.\n"
    "\n\n"
    "The resistance said it held 20 positions.\n"
)


def trip(data: str, mode: str = "auto") -> tuple[list[str], str]:
    handler = PlainTextHandler(mode)
    doc = handler.parse(data.encode(), "x.en")
    return [s.mt for s in doc], handler.serialize(doc).decode()


@pytest.mark.parametrize(
    "data",
    [
        "one\ntwo\nthree\n",
        "no final newline\nsecond",
        "crlf\r\nlines\r\n",
        "mixed\r\nline\nends\r\n",
        "empty\n\nsegment\nhere\ntoo\n",
        "",
        "\n",
        ARTICLE,
        "\n\nlead blank\n\nlines\n\n\n",
        "tail   \n\nspaces\n  \n",
        "crlf article\r\n\r\nparagraph two\r\n",
        "wrapped paragraph\nline two\n\nsecond paragraph\nmore\n",
    ],
)
def test_layout_round_trips_byte_for_byte(data: str) -> None:
    _, written = trip(data)
    assert written == data


def test_article_mode_makes_paragraphs_segments() -> None:
    texts, _ = trip(ARTICLE)
    assert texts == [
        "Taliban fighters move on Banshir",
        "Fighting broke out in the Banshir Valley on Sunday.",
        "The resistance said it held 20 positions.",
    ]


def test_lines_mode_can_be_forced_on_an_article() -> None:
    texts, written = trip(ARTICLE, mode="lines")
    assert texts[1] == ""  # the blank line is an (empty) segment
    assert written == ARTICLE


def test_auto_mode_keeps_line_files_with_a_few_empty_segments() -> None:
    data = "\n".join(["a line"] * 10 + [""] + ["more"] * 10) + "\n"
    assert not looks_like_article(data)
    assert looks_like_article(ARTICLE)
    assert looks_like_article("a\nb\nc\n\nd\ne\nf\n\ng\n")  # hard-wrapped paragraphs


def test_post_edit_is_written_in_place_of_the_mt() -> None:
    handler = PlainTextHandler()
    doc = handler.parse(ARTICLE.encode(), "x.en")
    seg = doc.segments[0]
    seg.accept(seg.propose(25, 32, "Panjshir", origin="glossary", entry_id="panjshir"))
    assert handler.serialize(doc).decode() == ARTICLE.replace(
        "move on Banshir", "move on Panjshir"
    )


def test_line_break_inside_a_line_segment_is_refused() -> None:
    handler = PlainTextHandler("lines")
    doc = handler.parse(b"a\nb\n", "x.en")
    doc.segments[1].mt = "two\nlines"
    with pytest.raises(FormatError, match="segment 2 contains a line break"):
        handler.serialize(doc)


def test_empty_paragraph_in_article_is_refused() -> None:
    handler = PlainTextHandler("article")
    doc = handler.parse(ARTICLE.encode(), "x.en")
    doc.segments[1].mt = ""
    with pytest.raises(FormatError, match="segment 2 is empty"):
        handler.serialize(doc)


def test_language_from_extension_and_unknown_mode() -> None:
    assert PlainTextHandler().parse(b"x\n", "news.ar").target_lang == "ar"
    with pytest.raises(UsageError, match="unknown text mode"):
        PlainTextHandler("paragraphs")


@pytest.mark.parametrize("separator", ["\n", "\n\n"], ids=["lines", "article"])
def test_a_large_file_is_written_without_holding_it_in_memory(tmp_path: Path,
                                                              separator: str) -> None:
    """A million-segment post-edit must not build its whole output (twice, as text and as
    bytes) to write it: the writer streams it in bounded pieces."""
    data = separator.join(f"paragraph {i} " + "x" * 90 for i in range(40_000)) + "\n"
    doc = PlainTextHandler().parse(data.encode(), "big.en")
    tracemalloc.start()
    try:
        write_document(doc, tmp_path / "out.en")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (tmp_path / "out.en").read_text(encoding="utf-8") == data
    assert peak < len(data) / 8, f"writing {len(data)} bytes peaked at {peak} traced bytes"


def test_a_segment_refused_late_leaves_the_old_file_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out.en"
    out.write_text("old\n", encoding="utf-8")
    doc = PlainTextHandler("lines").parse(b"a\n" * 100_000, "x.en")
    doc.segments[-1].mt = "two\nlines"
    with pytest.raises(FormatError, match="segment 100000 contains a line break"):
        write_document(doc, out)
    assert out.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.en"]
