"""TBX import and export: TBX v3 (conceptEntry/langSec/termSec), TBX 2 martif, safety."""

from __future__ import annotations

import pytest
from lxml import etree

from mt.errors import FormatError, InputError
from mt.glossary.entry import Glossary, GlossaryEntry
from mt.glossary.files import load_glossary
from mt.glossary.io_tbx import NS, parse_tbx, render_tbx
from tests.conftest import GLOSSARIES


def round_trip(glossary: Glossary, name: str = "g.tbx") -> Glossary:
    return parse_tbx(render_tbx(glossary), name)


def test_shipped_glossary_round_trips_through_tbx() -> None:
    g = load_glossary(GLOSSARIES / "afghanistan-news.ar-en.tsv")
    back = round_trip(g)
    assert (back.source_lang, back.target_lang) == ("ar", "en")
    assert back.entries == g.entries
    assert render_tbx(back) == render_tbx(g)


def test_every_field_round_trips() -> None:
    entries = [
        GlossaryEntry(
            id="mazar",
            target="Mazar-i-Sharif",
            sources=("مزار شريف", "مزار الشريف"),
            variants=("Mazar Sharif", "Mazar-e-Sharif"),
            case_sensitive=True,
            pos="noun",
            note="Capital of Balkh <province> & more",
            domain="geography",
            extra={"reviewer": "amina", "admitted": "Mazar"},
        ),
        GlossaryEntry(id="x1", target="", sources=("ناتو",), do_not_translate=True),
        GlossaryEntry(
            id="province",
            target="province",
            sources=("ولاية",),
            variants=("state",),
            whole_word=False,
            require_source=False,
        ),
        GlossaryEntry(id="isis", target="Islamic State", variants=("ISIS",), require_source=True),
    ]
    g = Glossary(entries=entries, source_lang="ar", target_lang="en")
    assert round_trip(g).entries == entries


def test_export_structure_is_tbx_basic() -> None:
    g = Glossary(
        entries=[
            GlossaryEntry(id="p", target="Panjshir", sources=("بنجشير",), variants=("Banshir",))
        ],
        source_lang="ar",
        target_lang="en",
    )
    root = etree.fromstring(render_tbx(g))
    assert root.tag == f"{{{NS}}}tbx"
    assert (root.get("type"), root.get("style")) == ("TBX-Basic", "dca")
    q = {"t": NS}
    (concept,) = root.findall(".//t:conceptEntry", q)
    assert concept.get("id") == "p"
    lang_secs = concept.findall("t:langSec", q)
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert [ls.get(lang) for ls in lang_secs] == ["ar", "en"]
    statuses = [
        (ts.findtext("t:term", namespaces=q), ts.findtext("t:termNote", namespaces=q))
        for ts in lang_secs[1].findall("t:termSec", q)
    ]
    assert statuses == [
        ("Panjshir", "preferredTerm-admn-sts"),
        ("Banshir", "deprecatedTerm-admn-sts"),
    ]


def test_glossary_without_languages_round_trips() -> None:
    g = Glossary(entries=[GlossaryEntry(id="p", target="Panjshir", variants=("Banshir",))])
    back = round_trip(g)
    assert back.entries == g.entries
    assert (back.source_lang, back.target_lang) == (None, None)


def test_target_only_glossary_keeps_its_languages() -> None:
    g = Glossary(
        entries=[GlossaryEntry(id="p", target="Panjshir", variants=("Banshir",))],
        source_lang="ar",
        target_lang="en",
    )
    back = round_trip(g)
    assert (back.source_lang, back.target_lang) == ("ar", "en")
    assert back.entries == g.entries


def test_source_only_glossary_keeps_its_source_terms() -> None:
    g = Glossary(
        entries=[GlossaryEntry(id="n", target="", sources=("ناتو",), do_not_translate=True)],
        source_lang="ar",
        target_lang="en",
    )
    assert round_trip(g).entries == g.entries


MARTIF = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en">
  <martifHeader><fileDesc><sourceDesc><p>vendor export</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="t1">
      <descrip type="subjectField">places</descrip>
      <langSet xml:lang="ar"><tig><term>بنجشير</term></tig></langSet>
      <langSet xml:lang="en">
        <tig><term>Panjshir</term>
          <termNote type="partOfSpeech">noun</termNote>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <ntig><termGrp><term>Banshir</term></termGrp>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></ntig>
        <tig><term>Panjsher</term>
          <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
        <tig><term>Panjshir Province</term>
          <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
      </langSet>
    </termEntry>
  </body></text>
</martif>
"""


def test_tbx2_martif_import() -> None:
    g = parse_tbx(MARTIF.encode(), "vendor.tbx")
    # The root says en, but only en has deprecated terms: en is the target language.
    assert (g.source_lang, g.target_lang) == ("ar", "en")
    (e,) = g.entries
    assert e == GlossaryEntry(
        id="t1",
        target="Panjshir",
        sources=("بنجشير",),
        variants=("Banshir", "Panjsher"),
        pos="noun",
        domain="places",
        extra={"admitted": "Panjshir Province"},
    )


def test_languages_from_the_caller_or_the_file_name() -> None:
    data = (
        '<tbx xml:lang="en"><text><body><conceptEntry id="c">'
        '<langSec xml:lang="en"><termSec><term>Kabul</term></termSec></langSec>'
        '<langSec xml:lang="ar"><termSec><term>كابل</term></termSec></langSec>'
        "</conceptEntry></body></text></tbx>"
    ).encode()
    by_root = parse_tbx(data, "g.tbx")
    assert (by_root.source_lang, by_root.entries[0].target) == ("en", "كابل")
    by_name = parse_tbx(data, "g.ar-en.tbx")
    assert (by_name.source_lang, by_name.entries[0].target) == ("ar", "Kabul")
    by_caller = parse_tbx(data, "g.tbx", target_lang="en")
    assert by_caller.entries[0].sources == ("كابل",)


def test_ids_are_derived_where_the_file_has_none() -> None:
    data = (
        b'<tbx xml:lang="ar"><text><body>'
        b'<conceptEntry><langSec xml:lang="en"><termSec><term>Kabul</term></termSec></langSec>'
        b"</conceptEntry></body></text></tbx>"
    )
    assert [e.id for e in parse_tbx(data, "g.tbx")] == ["kabul"]


# --- bad and hostile input ------------------------------------------------------------------------

XXE = """<?xml version="1.0"?>
<!DOCTYPE tbx [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<tbx><text><body><conceptEntry id="a"><langSec xml:lang="en">
<termSec><term>&xxe;</term></termSec></langSec></conceptEntry></body></text></tbx>
"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tbx [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<tbx><text><body/></text></tbx>
"""


@pytest.mark.parametrize("data", [XXE, LAUGHS])
def test_entity_declarations_are_refused_with_file_and_line(data: str) -> None:
    with pytest.raises(InputError, match="entity") as info:
        parse_tbx(data.encode(), "evil.tbx")
    assert info.value.path == "evil.tbx"
    assert info.value.line == 3


def test_an_undeclared_entity_is_malformed_xml() -> None:
    data = b"<tbx>\n<text>&xxe;</text></tbx>"
    with pytest.raises(FormatError, match="xxe") as info:
        parse_tbx(data, "g.tbx")
    assert info.value.line == 2


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        ("<tbx>\n<text>\n<body>\n<conceptEntry>\n</body></text></tbx>", 5, "malformed XML"),
        ("", 1, "empty file"),
        ('<?xml version="1.0"?>\n<html/>', 2, "not a TBX file"),
        (
            "<tbx><text><body>\n<conceptEntry>\n<langSec><termSec><term>x</term></termSec>"
            "</langSec></conceptEntry></body></text></tbx>",
            3,
            "without xml:lang",
        ),
        (
            '<tbx><text><body>\n<conceptEntry>\n<langSec xml:lang="en">\n<termSec/>'
            "</langSec></conceptEntry></body></text></tbx>",
            4,
            "without a <term>",
        ),
    ],
)
def test_malformed_tbx_names_file_and_line(data: str, line: int, words: str) -> None:
    with pytest.raises(FormatError, match=words) as info:
        parse_tbx(data.encode(), "bad.tbx")
    assert (info.value.path, info.value.line) == ("bad.tbx", line)


def test_export_refuses_characters_xml_cannot_hold() -> None:
    g = Glossary(entries=[GlossaryEntry(id="p", target="Pan\x01jshir")], path="g.tsv")
    with pytest.raises(FormatError, match="entry p"):
        render_tbx(g)


def test_export_refuses_equal_languages() -> None:
    g = Glossary(entries=[], source_lang="en", target_lang="en")
    with pytest.raises(FormatError, match="both"):
        render_tbx(g)
