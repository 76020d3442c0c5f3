"""TSV: header optional, escapes for tabs and newlines, errors with line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from mt.document import Document
from mt.errors import FormatError
from mt.formats.tsv import TsvHandler

H = TsvHandler()


def test_header_names_columns_and_extra_columns_are_kept() -> None:
    data = "ID\tdomain\tsource\ttarget\tref\nn1\tpolitics\tكابل\tKabool\tKabul\n"
    doc = H.parse(data.encode(), "x.tsv")
    seg = doc.segments[0]
    assert (seg.id, seg.source, seg.mt, seg.reference) == ("n1", "كابل", "Kabool", "Kabul")
    assert seg.meta["columns"] == {"domain": "politics"}
    assert H.serialize(doc).decode() == data


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("Kabul", (None, "Kabul", None)),
        ("كابل\tKabul", ("كابل", "Kabul", None)),
        ("كابل\tKabool\tKabul", ("كابل", "Kabool", "Kabul")),
    ],
)
def test_without_header_columns_are_positional(row: str, expected: tuple) -> None:
    seg = H.parse((row + "\n").encode(), "x.tsv").segments[0]
    assert (seg.source, seg.mt, seg.reference) == expected


def test_a_first_row_of_text_is_not_taken_for_a_header() -> None:
    doc = H.parse(b"Target practice\tmt\n", "x.tsv")
    assert len(doc) == 1 and doc.segments[0].source == "Target practice"


def test_tabs_newlines_and_backslashes_round_trip() -> None:
    doc = Document.from_texts(["a\tb\nc\\d\re"], ["back\\slash"])
    data = H.serialize(doc)
    assert data.count(b"\n") == 2  # header + one row: nothing raw inside fields
    back = H.parse(data, "x.tsv").segments[0]
    assert (back.mt, back.source) == ("a\tb\nc\\d\re", "back\\slash")


def test_wrong_column_count_names_the_line() -> None:
    with pytest.raises(FormatError, match=r"x\.tsv:3: expected 2 tab-separated columns, found 3"):
        H.parse(b"source\tmt\na\tb\na\tb\tc\n", "x.tsv")


def test_too_many_columns_without_header() -> None:
    with pytest.raises(FormatError, match="4 columns and no header"):
        H.parse(b"a\tb\tc\td\n", "x.tsv")


def test_reference_attached_later_gets_a_column() -> None:
    doc = H.parse("كابل\tKabool\n".encode(), "x.tsv")
    doc.segments[0].reference = "Kabul"
    back = H.parse(H.serialize(doc), "x.tsv").segments[0]
    assert back.reference == "Kabul"


def test_duplicate_ids_are_refused_with_both_lines() -> None:
    data = b"id\tmt\na\tone\nb\ttwo\na\tthree\n"
    with pytest.raises(FormatError, match=r"x\.tsv:4: duplicate segment id 'a' \(first used on "
                                          r"line 2\)"):
        TsvHandler().parse(data, "x.tsv")


def test_duplicate_id_exits_2_through_the_cli(tmp_path: Path) -> None:
    from tests.test_cli import mt

    path = tmp_path / "dup.tsv"
    path.write_text("id\tmt\n1\tone\n1\ttwo\n", encoding="utf-8")
    result = mt("inspect", path)
    assert result.returncode == 2, result.stderr
    assert f"{path}:3: duplicate segment id '1'" in result.stderr
