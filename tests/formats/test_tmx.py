"""TMX 1.4: languages, tu ids, what a rewrite keeps, the post-edit as target, bad input."""

from __future__ import annotations

import pytest
from lxml import etree

from mt.document import Document, Segment
from mt.errors import FormatError, InputError
from mt.formats.tmx import TmxHandler

H = TmxHandler()

#: A project memory as OmegaT writes it, after an MT pre-fill and a reviewer's notes.
OMEGAT = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext" \
creationtoolversion="6.0.0" segtype="sentence" srclang="ar">
    <prop type="x-project">panjshir-news</prop>
  </header>
  <body>
    <tu tuid="n1" changedate="20240301T101500Z" changeid="desk">
      <prop type="x-domain">politics</prop>
      <note>Check the quote against the wire copy</note>
      <tuv xml:lang="ar">
        <seg>قال المتحدث إن <bpt i="1">&lt;b&gt;</bpt>المقاومة<ept i="1">&lt;/b&gt;</ept> \
مستمرة.<ph x="2">&lt;br/&gt;</ph></seg>
      </tuv>
      <tuv xml:lang="en-US" creationid="MT">
        <seg>The spokesman said the <bpt i="1">&lt;b&gt;</bpt>resistance\
<ept i="1">&lt;/b&gt;</ept> continues.<ph x="2">&lt;br/&gt;</ph></seg>
      </tuv>
    </tu>
    <tu tuid="n2">
      <tuv xml:lang="ar">
        <seg>كابل</seg>
      </tuv>
    </tu>
    <tu tuid="n3">
      <tuv xml:lang="ar">
        <seg>اندلع قتال في بنجشير.</seg>
      </tuv>
      <tuv xml:lang="en-US">
        <seg>Fighting broke out in Banshir.</seg>
      </tuv>
      <tuv xml:lang="fr-FR">
        <seg>Des combats ont éclaté au Panchir.</seg>
      </tuv>
    </tu>
    <tu tuid="n4">
      <prop type="x-mt-reference">The Taliban entered the valley.</prop>
      <tuv xml:lang="ar">
        <seg>دخلت طالبان الوادي.</seg>
      </tuv>
      <tuv xml:lang="en-US">
        <seg>Taliban entered to the valley.</seg>
      </tuv>
    </tu>
    <tu>
      <tuv xml:lang="ar">
        <seg>مزار شريف</seg>
      </tuv>
      <tuv xml:lang="en-US">
        <seg>Mazar-i-Sharif</seg>
      </tuv>
    </tu>
  </body>
</tmx>
"""


def tmx(*tus: str, srclang: str = "ar", version: str = "1.4") -> bytes:
    body = "\n".join(tus)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="{version}">\n'
        f'<header creationtool="Trados" o-tmf="SDL" adminlang="en" datatype="plaintext" '
        f'creationtoolversion="16" segtype="sentence" srclang="{srclang}"/>\n'
        f"<body>\n{body}\n</body>\n</tmx>\n"
    ).encode()


def tu(*tuvs: tuple[str, str], tuid: str | None = "1", attr: str = "xml:lang") -> str:
    inner = "".join(f'<tuv {attr}="{lang}"><seg>{text}</seg></tuv>' for lang, text in tuvs)
    return f'<tu tuid="{tuid}">{inner}</tu>' if tuid is not None else f"<tu>{inner}</tu>"


def parse(data: str | bytes, path: str = "memory.tmx") -> Document:
    return H.parse(data.encode() if isinstance(data, str) else data, path)


def target_tuv(tree: etree._Element, tuid: str, lang: str = "en-US") -> etree._Element:
    (tuv,) = tree.xpath(f'//tu[@tuid="{tuid}"]/tuv[@xml:lang="{lang}"]')
    return tuv


def fix(seg: Segment, wrong: str, right: str) -> None:
    start = seg.mt.index(wrong)
    seg.accept(seg.propose(start, start + len(wrong), right))


# -- reading -----------------------------------------------------------------------------------


def test_reads_languages_ids_and_text_of_an_omegat_memory() -> None:
    doc = parse(OMEGAT)
    assert (doc.source_lang, doc.target_lang) == ("ar", "en-US")
    assert [s.id for s in doc] == ["n1", "n2", "n3", "n4", "5"]  # a tu without tuid: its position
    n1 = doc.segment("n1")
    # Inline codes hold the original's native markup, not text to post-edit.
    assert n1.source == "قال المتحدث إن المقاومة مستمرة."
    assert n1.mt == "The spokesman said the resistance continues."
    assert n1.reference is None
    assert doc.segment("n3").mt == "Fighting broke out in Banshir."


@pytest.mark.parametrize(
    ("srclang", "langs", "attr", "expected"),
    [
        ("ar", ("ar", "en"), "xml:lang", ("ar", "en")),
        ("ar", ("ar", "en-US"), "xml:lang", ("ar", "en-US")),
        ("AR", ("ar-SA", "EN-GB"), "xml:lang", ("AR", "EN-GB")),
        ("*all*", ("ar", "en-US"), "xml:lang", ("ar", "en-US")),
        ("ar", ("ar", "en-US"), "lang", ("ar", "en-US")),  # TMX 1.1 style
    ],
)
def test_languages_come_from_header_and_tuvs(
    srclang: str, langs: tuple[str, str], attr: str, expected: tuple[str, str]
) -> None:
    data = tmx(tu((langs[0], "كابل"), (langs[1], "Kabul"), attr=attr), srclang=srclang)
    doc = parse(data)
    assert (doc.source_lang, doc.target_lang) == expected
    assert (doc[0].source, doc[0].mt) == ("كابل", "Kabul")


def test_target_tuv_found_whatever_its_order_and_region() -> None:
    data = tmx(
        tu(("en-US", "Kabul"), ("ar", "كابل"), tuid="a"),
        tu(("ar-SA", "بنجشير"), ("en-GB", "Panjshir"), tuid="b"),
    )
    doc = parse(data)
    assert [(s.source, s.mt) for s in doc] == [("كابل", "Kabul"), ("بنجشير", "Panjshir")]
    # Each tuv keeps its own language subtag when written back.
    out = etree.fromstring(H.serialize(doc))
    assert out.xpath('//tu[@tuid="b"]/tuv/@xml:lang') == ["ar-SA", "en-GB"]


def test_a_tu_with_three_languages_keeps_the_third() -> None:
    doc = parse(OMEGAT)
    n3 = doc.segment("n3")
    assert (n3.source, n3.mt) == ("اندلع قتال في بنجشير.", "Fighting broke out in Banshir.")
    fix(n3, "Banshir", "Panjshir")
    out = etree.fromstring(H.serialize(doc))
    assert out.xpath('//tu[@tuid="n3"]/tuv/@xml:lang') == ["ar", "en-US", "fr-FR"]
    assert target_tuv(out, "n3", "fr-FR").findtext("seg") == "Des combats ont éclaté au Panchir."
    assert target_tuv(out, "n3").findtext("seg") == "Fighting broke out in Panjshir."


def test_missing_target_reads_as_empty_mt_and_stays_missing() -> None:
    doc = parse(OMEGAT)
    n2 = doc.segment("n2")
    assert (n2.source, n2.mt) == ("كابل", "")
    out = etree.fromstring(H.serialize(doc))
    assert out.xpath('//tu[@tuid="n2"]/tuv/@xml:lang') == ["ar"]
    # A translator who types a translation gets a target tuv in the target language.
    n2.accept(n2.propose(0, 0, "Kabul"))
    out = etree.fromstring(H.serialize(doc))
    assert target_tuv(out, "n2").findtext("seg") == "Kabul"


def test_reference_travels_as_a_prop() -> None:
    doc = parse(OMEGAT)
    n4 = doc.segment("n4")
    assert n4.reference == "The Taliban entered the valley."
    out = etree.fromstring(H.serialize(doc))
    assert out.xpath('//tu[@tuid="n4"]/prop[@type="x-mt-reference"]/text()') == [
        "The Taliban entered the valley."
    ]
    # A reference is not written as a second target.
    assert out.xpath('//tu[@tuid="n4"]/tuv/@xml:lang') == ["ar", "en-US"]


# -- writing -----------------------------------------------------------------------------------


def test_rewrite_without_edits_keeps_props_notes_attributes_and_codes() -> None:
    out = H.serialize(parse(OMEGAT))
    tree = etree.fromstring(out)  # the output is well-formed XML
    header = tree.find("header")
    assert header.get("creationtool") == "OmegaT" and header.get("srclang") == "ar"
    assert header.findtext("prop[@type='x-project']") == "panjshir-news"
    n1 = tree.find("body/tu[@tuid='n1']")
    assert n1.get("changedate") == "20240301T101500Z" and n1.get("changeid") == "desk"
    assert n1.findtext("prop[@type='x-domain']") == "politics"
    assert n1.findtext("note") == "Check the quote against the wire copy"
    assert target_tuv(tree, "n1").get("creationid") == "MT"
    seg = etree.tostring(target_tuv(tree, "n1").find("seg"), encoding="unicode")
    assert '<bpt i="1">&lt;b&gt;</bpt>resistance<ept i="1">&lt;/b&gt;</ept>' in seg
    assert '<ph x="2">&lt;br/&gt;</ph>' in seg
    # A tu that had no tuid gets none; and a second trip writes the same bytes.
    assert tree.xpath("//tu[not(@tuid)]/tuv/seg/text()") == ["مزار شريف", "Mazar-i-Sharif"]
    assert H.serialize(parse(out)) == out


def test_post_edit_is_written_as_the_target_text() -> None:
    doc = parse(OMEGAT)
    fix(doc.segment("n4"), "entered to", "entered")
    fix(doc.segment("n1"), "spokesman", "official")
    tree = etree.fromstring(H.serialize(doc))
    assert target_tuv(tree, "n4").findtext("seg") == "Taliban entered the valley."
    # The edited text no longer matches the inline codes, so the target is written as plain
    # text; the source keeps its codes and the tu its properties.
    n1_target = target_tuv(tree, "n1").find("seg")
    assert len(n1_target) == 0
    assert n1_target.text == "The official said the resistance continues."
    source = tree.xpath('//tu[@tuid="n1"]/tuv[@xml:lang="ar"]/seg')[0]
    assert [c.tag for c in source] == ["bpt", "ept", "ph"]
    assert tree.find("body/tu[@tuid='n1']").findtext("prop[@type='x-domain']") == "politics"
    # The edited file reads back with the post-edit as MT.
    again = parse(H.serialize(doc))
    assert again.segment("n1").mt == "The official said the resistance continues."


def test_a_new_document_is_written_as_tmx_with_its_languages() -> None:
    doc = Document.from_texts(
        ["Fighting in Panjshir.", "Kabul is calm."],
        ["قتال في بنجشير.", "كابل هادئة."],
        ["Fighting in the Panjshir.", "Kabul is quiet."],
        source_lang="ar",
        target_lang="en",
    )
    tree = etree.fromstring(H.serialize(doc))
    assert tree.get("version") == "1.4"
    assert tree.find("header").get("srclang") == "ar"
    assert tree.xpath("//tu/@tuid") == ["1", "2"]
    assert tree.xpath('//tu[@tuid="1"]/tuv/@xml:lang') == ["ar", "en"]
    back = parse(H.serialize(doc))
    assert (back.source_lang, back.target_lang) == ("ar", "en")
    assert [(s.source, s.mt, s.reference) for s in back] == [
        (s.source, s.mt, s.reference) for s in doc
    ]


@pytest.mark.parametrize(
    "text",
    [" leading space", "trailing space ", "two  spaces", "line one\nline two", "\n  indented\n"],
)
def test_whitespace_inside_seg_is_kept_exactly(text: str) -> None:
    # TMX makes every space and line break inside <seg> significant; indenting the output
    # must never touch it.
    doc = parse(tmx(tu(("ar", "كابل"), ("en", text))))
    assert doc[0].mt == text
    out = H.serialize(doc)
    assert etree.fromstring(out).xpath('//tuv[@xml:lang="en"]/seg/text()') == [text]
    assert parse(out)[0].mt == text


def test_utf16_memory_as_trados_exports_it() -> None:
    data = tmx(tu(("ar", "كابل"), ("en-US", "Kabul"))).decode()
    data = data.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    doc = parse(data)
    assert (doc.source_lang, doc.target_lang, doc[0].mt) == ("ar", "en-US", "Kabul")
    assert H.sniff(data)


def test_memory_without_units_is_an_empty_document() -> None:
    doc = parse(tmx())
    assert len(doc) == 0 and doc.source_lang == "ar"
    assert etree.fromstring(H.serialize(doc)).find("body") is not None


# -- bad input ---------------------------------------------------------------------------------


def test_malformed_xml_names_file_and_line() -> None:
    # The closing </tuv> of n1's target is missing: </tu> closes it on its line.
    data = OMEGAT.replace('</tuv>\n    </tu>\n    <tu tuid="n2">', '</tu>\n    <tu tuid="n2">')
    line = data.splitlines().index("      </tu>") + 1
    with pytest.raises(FormatError) as info:
        parse(data)
    assert str(info.value).startswith(f"memory.tmx:{line}: ")
    assert "malformed XML" in str(info.value)


def test_entity_declarations_are_refused() -> None:
    data = OMEGAT.replace(
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
        '<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
    ).replace("<seg>كابل</seg>", "<seg>&secret;</seg>")
    with pytest.raises(InputError, match="entity declarations") as info:
        parse(data)
    assert str(info.value).startswith("memory.tmx:2: ")


def test_undefined_entity_under_a_doctype_is_an_error_not_lost_text() -> None:
    # With a DOCTYPE, the parser does not fail on "&nbsp;" by itself; it must not vanish.
    data = OMEGAT.replace("<seg>Mazar-i-Sharif</seg>", "<seg>Mazar-i-Sharif&nbsp;city</seg>")
    with pytest.raises(FormatError, match="&nbsp;") as info:
        parse(data)
    assert info.value.line == OMEGAT.splitlines().index("        <seg>Mazar-i-Sharif</seg>") + 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>',
            "root element <tmx>, found <xliff>",
        ),
        (tmx(version="2.0"), "unsupported TMX version '2.0'"),
        (b'<tmx version="1.4"><header srclang="ar"/></tmx>', "no <body>"),
        (tmx('<tu tuid="a"><prop type="x">y</prop></tu>'), "<tu> has no <tuv>"),
        (tmx('<tu tuid="a"><tuv xml:lang="ar"/></tu>'), "<tuv> has no <seg>"),
        (tmx(tu(("ar", "a"), ("en", "b")), tu(("ar", "c"), ("en", "d"))), "duplicate tuid '1'"),
    ],
)
def test_structure_errors_say_what_is_wrong(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message) as info:
        parse(data)
    assert str(info.value).startswith(f"memory.tmx:{info.value.line}: ")
    assert info.value.line is not None
