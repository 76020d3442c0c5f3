"""TSV and CSV glossaries: the full form, the vendor two-column form, bad input."""

from __future__ import annotations

import pytest

from mt.errors import FormatError, InputError
from mt.glossary.entry import Glossary, GlossaryEntry
from mt.glossary.io_tsv import languages_from_name, parse_table, render_table
from tests.conftest import GLOSSARIES

FULL = (
    "# Comment line\n"
    "source\ttarget\tvariants\tcase\tnote\treviewer\n"
    "بنجشير\tPanjshir\tBanshir|Banjshir\tsensitive\tP, not B\tamina\n"
    "\n"
    "ولاية\tprovince\tstate\tinsensitive\t\tomar\n"
    "\tIslamic State\tISIS|Daesh\t\tTarget side only\t\n"
)


def parse(text: str | bytes, name: str = "g.ar-en.tsv") -> Glossary:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_table(data, name, "csv" if name.endswith(".csv") else "tsv")


def test_full_form() -> None:
    g = parse(FULL)
    assert (g.source_lang, g.target_lang, g.fmt) == ("ar", "en", "tsv")
    assert g.columns == ("source", "target", "variants", "case", "note", "reviewer")
    p, s, i = g.entries
    assert p == GlossaryEntry(
        id="panjshir",
        target="Panjshir",
        sources=("بنجشير",),
        variants=("Banshir", "Banjshir"),
        case_sensitive=True,
        note="P, not B",
        extra={"reviewer": "amina"},
    )
    assert p.line == 3
    assert (s.id, s.case_sensitive, s.variants, s.line) == ("province", False, ("state",), 5)
    assert (i.sources, i.target, i.extra) == ((), "Islamic State", {"reviewer": ""})


def test_unchanged_glossary_is_written_back_byte_for_byte() -> None:
    g = parse(FULL)
    assert render_table(g, "tsv").decode("utf-8") == FULL


def test_shipped_glossary_round_trips() -> None:
    path = GLOSSARIES / "afghanistan-news.ar-en.tsv"
    data = path.read_bytes()
    g = parse_table(data, str(path), "tsv")
    assert len(g) == 31
    assert render_table(g, "tsv") == data


def test_extra_columns_are_kept_when_an_entry_changes() -> None:
    g = parse(FULL)
    g.get("province").variants = ("state", "wilaya")
    text = render_table(g, "tsv").decode("utf-8")
    assert "ولاية\tprovince\tstate|wilaya\tinsensitive\t\tomar\n" in text
    assert text.replace("state|wilaya", "state") == FULL


def test_flags_keep_the_files_own_words() -> None:
    g = parse(FULL)
    g.add(GlossaryEntry(id="", target="Kabul", sources=("كابل",), case_sensitive=True))
    text = render_table(g, "tsv").decode("utf-8")
    assert text.endswith(
        "\tIslamic State\tISIS|Daesh\t\tTarget side only\t\nكابل\tKabul\t\tsensitive\t\t\n"
    )


def test_optional_columns() -> None:
    text = (
        "id\tsource\ttarget\tvariants\tcase\tnote\tpos\tdomain\tdnt\twhole_word\trequire_source\n"
        "nrf\tجبهة\tNRF\t\tno\t\tnoun\tpolitics\tyes\tno\tyes\n"
    )
    (e,) = parse(text).entries
    assert e == GlossaryEntry(
        id="nrf",
        target="NRF",
        sources=("جبهة",),
        pos="noun",
        domain="politics",
        do_not_translate=True,
        whole_word=False,
        require_source=True,
    )
    assert render_table(parse(text), "tsv").decode() == text


def test_header_aliases_and_csv_quoting() -> None:
    text = (
        "Source Term,Target Term,Forbidden,Case Sensitive,Comment\n"
        'مسعود,Massoud,"Masoud|Masood",yes,"Surname; ""second"" mention, alone"\n'
        '"وادي\nبنجشير",Panjshir Valley,,,\n'
    )
    g = parse(text, "vendor.csv")
    first, second = g.entries
    assert first.variants == ("Masoud", "Masood")
    assert first.case_sensitive
    assert first.note == 'Surname; "second" mention, alone'
    assert second.sources == ("وادي\nبنجشير",)
    assert second.line == 3
    assert render_table(g, "csv").decode() == text


@pytest.mark.parametrize(
    "text",
    [
        "بنجشير\tPanjshir\nكابل\tKabul\n",  # no header
        "source\ttarget\nبنجشير\tPanjshir\nكابل\tKabul\n",
        "ar\ten\nبنجشير\tPanjshir\nكابل\tKabul\n",  # language codes as header
    ],
)
def test_vendor_two_column_form(text: str) -> None:
    g = parse(text, "vendor.tsv")
    assert [(e.sources, e.target) for e in g] == [(("بنجشير",), "Panjshir"), (("كابل",), "Kabul")]
    assert render_table(g, "tsv").decode() == text


def test_language_header_names_the_languages() -> None:
    g = parse("ar,en\nكابل,Kabul\n", "vendor.csv")
    assert (g.source_lang, g.target_lang) == ("ar", "en")


def test_vendor_form_cannot_take_variants() -> None:
    g = parse("source,target\nكابل,Kabul\n", "vendor.csv")
    g.add(GlossaryEntry(id="", target="Panjshir", variants=("Banshir",)))
    with pytest.raises(FormatError, match="cannot hold its variants"):
        render_table(g, "csv")


def test_export_to_the_other_table_format_uses_the_full_form() -> None:
    g = parse(FULL)
    csv_text = render_table(g, "csv").decode()
    assert csv_text.splitlines()[0] == "source,target,variants,case,note,reviewer"
    back = parse(csv_text, "g.ar-en.csv")
    assert back.entries == g.entries


def test_empty_file_gets_a_header_on_first_write() -> None:
    g = parse("")
    assert len(g) == 0
    g.add(GlossaryEntry(id="", target="Kabul", sources=("كابل",)))
    assert (
        render_table(g, "tsv").decode()
        == "source\ttarget\tvariants\tcase\tnote\nكابل\tKabul\t\t\t\n"
    )


def test_comments_only_file_gets_its_header_after_the_comments() -> None:
    g = parse("# mine\n")
    g.add(GlossaryEntry(id="", target="Kabul", sources=("كابل",)))
    assert render_table(g, "tsv").decode() == (
        "# mine\nsource\ttarget\tvariants\tcase\tnote\nكابل\tKabul\t\t\t\n"
    )


def test_crlf_and_missing_final_newline_are_kept() -> None:
    text = "source\ttarget\r\nكابل\tKabul"
    g = parse(text)
    assert g.meta["line_ending"] == "\r\n"
    assert render_table(g, "tsv").decode() == text
    g.add(GlossaryEntry(id="", target="Doha", sources=("الدوحة",)))
    assert render_table(g, "tsv").decode() == text + "\r\nالدوحة\tDoha\r\n"


def test_bom_is_accepted_and_written_back() -> None:
    data = b"\xef\xbb\xbfsource,target\n\xd9\x83\xd8\xa7\xd8\xa8\xd9\x84,Kabul\n"
    g = parse(data, "excel.csv")
    assert g.columns == ("source", "target")  # the BOM is not part of the first column name
    assert [(e.sources, e.target) for e in g] == [(("كابل",), "Kabul")]
    assert render_table(g, "csv") == data


def test_languages_from_name() -> None:
    assert languages_from_name("news.ar-en.tsv") == ("ar", "en")
    assert languages_from_name("x/news.AR_EN.csv") == ("ar", "en")
    assert languages_from_name("news.tsv") == (None, None)


# --- bad input: a clear error naming file and line ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "line", "words"),
    [
        (
            "g.tsv",
            "source\ttarget\tvariants\tcase\tnote\nكابل\tKabul\tKaboul\n",
            2,
            "expected 5 columns",
        ),
        ("g.tsv", "a\tb\nc\td\te\n", 2, "expected 2 columns"),
        ("g.tsv", "a\tb\tc\n", 1, "without a header row"),
        ("g.csv", 'source,target\n"كابل,Kabul\nx,y\n', 2, "unclosed quote"),
        ("g.csv", 'source,target,note\nx,y,"open\n', 2, "unclosed quote"),
        ("g.csv", 'source,target\nx,ab"c\n', 2, "quote inside the unquoted field"),
        ("g.csv", 'source,target\nx,"ab"c\n', 2, "after the closing quote"),
        ("g.tsv", "source\ttarget\r\nx\ty\nz\tw\r\n", 2, "mixed line endings"),
        ("g.tsv", "source\ttarget\nx\ty\n\ufeffz\tw\n", 3, "byte-order mark"),
        ("g.tsv", "source\ttarget\tvariants\tcase\tnote\nx\ty\t\tmaybe\t\n", 2,
         "use sensitive or insensitive"),
        ("g.tsv", "source\tsources\ttarget\nx\ty\tz\n", 1, "both hold source"),
        ("g.tsv", "source\tpreferred2\nx\ty\n", 1, "must name a 'target' column"),
        ("g.tsv", "id\tsource\ttarget\n\tx\ty\n", 2, "empty id"),
    ],
)
def test_bad_input_names_file_and_line(name: str, data: str, line: int, words: str) -> None:
    with pytest.raises(FormatError, match=words) as info:
        parse(data, name)
    assert info.value.path == name
    assert info.value.line == line
    assert str(info.value).startswith(f"{name}:{line}: ")


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        ("source\ttarget\n".encode("utf-16"), 1, "UTF-16"),
        (b"source\ttarget\nx\t\xe9\n", 2, "not valid UTF-8"),
        (b"source\ttarget\nx\t\x00\n", 2, "binary"),
    ],
)
def test_undecodable_input(data: bytes, line: int, words: str) -> None:
    with pytest.raises(InputError, match=words) as info:
        parse(data)
    assert info.value.line == line


def test_a_tsv_cell_cannot_hold_a_tab_on_write() -> None:
    g = parse(FULL)
    g.add(GlossaryEntry(id="", target="Kabul\tcity", sources=("كابل",)))
    with pytest.raises(FormatError, match="tab or line break"):
        render_table(g, "tsv")


def test_a_new_entry_spells_out_a_default_the_file_spells_out() -> None:
    g = parse(FULL)
    g.add(GlossaryEntry(id="", target="governor", sources=("والي",), variants=("wali",)))
    assert render_table(g, "tsv").decode().endswith("والي\tgovernor\twali\tinsensitive\t\t\n")
