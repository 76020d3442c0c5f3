"""Safe XML parsing and the shared tree helpers."""

from __future__ import annotations

import pytest
from lxml import etree

from mt.errors import FormatError, InputError
from mt.formats.xmlsafe import (
    XML_SPACE,
    entity_declaration,
    fragment,
    get_attrs,
    indent,
    inline_xml,
    needs_preserve,
    parse_xml,
    preserve_space,
    set_attrs,
    set_content,
    set_text,
    text_content,
    to_bytes,
)

XXE = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<x>&xxe;</x>
"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz>&lol9;</lolz>
"""


def test_parses_plain_xml() -> None:
    tree = parse_xml('<a x="1"><b>كابول</b></a>'.encode(), "a.xml")
    assert tree.getroot().find("b").text == "كابول"


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (XXE, 2),
        (BILLION_LAUGHS, 3),
        (b'<!DOCTYPE x [<!ENTITY % p SYSTEM "http://example.com/p.dtd"> %p;]><x/>', 1),
        # an entity hidden behind a "]>" in a comment of the internal subset
        (b'<!DOCTYPE x [\n<!-- ]> -->\n<!ENTITY a "b">]><x>&a;</x>', 3),
        (b"<!-- lead -->\n<?pi x?>\n<!DOCTYPE x [<!ENTITY a 'b'>]><x/>", 3),
    ],
)
def test_refuses_entity_declarations(data: bytes, line: int) -> None:
    with pytest.raises(InputError) as info:
        parse_xml(data, "evil.xml")
    assert not isinstance(info.value, FormatError)
    assert info.value.path == "evil.xml"
    assert info.value.line == line
    assert "entity declarations are not allowed" in str(info.value)
    assert str(info.value).startswith(f"evil.xml:{line}: ")


def test_refuses_utf16_entity_declarations() -> None:
    data = XXE.decode().replace("UTF-8", "UTF-16").encode("utf-16")
    with pytest.raises(InputError, match="XXE"):
        parse_xml(data, "evil16.xml")


def test_allows_doctype_without_entities() -> None:
    tree = parse_xml(b'<!DOCTYPE tmx SYSTEM "http://example.com/tmx14.dtd"><tmx/>', "a.tmx")
    assert tree.getroot().tag == "tmx"
    tree = parse_xml(b"<!DOCTYPE x [<!ELEMENT x ANY>]><x>ok</x>", "a.xml")
    assert tree.getroot().text == "ok"


def test_doctype_text_after_the_root_is_not_a_declaration() -> None:
    data = b"<x><![CDATA[<!DOCTYPE y [<!ENTITY z 'q'>]>]]></x>"
    assert entity_declaration(data) is None
    assert parse_xml(data, "a.xml").getroot().text == "<!DOCTYPE y [<!ENTITY z 'q'>]>"


def test_malformed_xml_names_file_and_line() -> None:
    data = b"<tmx>\n<body>\n<tu>\n</body>\n</tmx>\n"
    with pytest.raises(FormatError) as info:
        parse_xml(data, "bad.tmx")
    assert info.value.path == "bad.tmx"
    assert info.value.line == 4
    assert "malformed XML" in str(info.value)
    assert "mismatch" in str(info.value)


def test_undefined_entity_is_malformed() -> None:
    with pytest.raises(FormatError, match="nbsp"):
        parse_xml(b"<x>a&nbsp;b</x>", "x.xml")


def test_binary_and_empty_input() -> None:
    with pytest.raises(InputError, match="binary"):
        parse_xml(b"<x>\x00</x>", "x.xml")
    with pytest.raises(FormatError, match="empty"):
        parse_xml(b"  \n", "x.xml")


def test_utf16_with_bom() -> None:
    data = '<?xml version="1.0" encoding="UTF-16"?><x>بنجشير</x>'.encode("utf-16")
    assert parse_xml(data, "x.xml").getroot().text == "بنجشير"


def test_text_content_skips_native_codes() -> None:
    seg = etree.fromstring(
        '<seg>A <bpt i="1">&lt;b&gt;</bpt>bold<ept i="1">&lt;/b&gt;</ept> '
        '<hi>word</hi><!-- c -->.<ph>&lt;br/&gt;</ph></seg>'
    )
    assert text_content(seg, frozenset({"bpt", "ept", "ph"})) == "A bold word."
    assert text_content(seg) == "A <b>bold</b> word.<br/>"


def test_text_content_reads_cp() -> None:
    src = etree.fromstring('<source>a<cp hex="0001"/>b<cp hex="zz"/></source>')
    assert text_content(src) == "a\x01b"


def test_set_content_keeps_markup_when_text_unchanged() -> None:
    raw = '<target xmlns="urn:x">Hi <g id="1">there</g><x id="2"/>!</target>'
    elem = etree.Element("{urn:x}target", nsmap={None: "urn:x"})
    set_content(elem, "Hi there!", raw, "t")
    assert etree.tostring(elem, encoding="unicode") == raw
    changed = etree.Element("{urn:x}target", nsmap={None: "urn:x"})
    set_content(changed, "Hello there!", raw, "t")
    assert len(changed) == 0
    assert changed.text == "Hello there!"


def test_inline_xml_only_for_markup() -> None:
    assert inline_xml(etree.fromstring("<s>plain</s>")) is None
    assert inline_xml(etree.fromstring("<s>a<b/></s>")) == "<s>a<b/></s>"
    assert fragment("<s>a<b/></s>").tag == "s"


def test_set_text_refuses_characters_xml_cannot_hold() -> None:
    elem = etree.Element("x")
    with pytest.raises(FormatError, match=r"segment 7: target holds U\+0001"):
        set_text(elem, "a\x01", "segment 7: target")


def test_attrs_round_trip_xml_namespace() -> None:
    elem = etree.fromstring('<tuv xml:lang="ar" creationid="x"/>')
    attrs = get_attrs(elem)
    assert attrs == {"xml:lang": "ar", "creationid": "x"}
    copy = etree.Element("tuv")
    set_attrs(copy, attrs)
    assert etree.tostring(copy) == b'<tuv xml:lang="ar" creationid="x"/>'


def test_indent_leaves_mixed_content_alone() -> None:
    root = etree.fromstring("<body><tu><tuv><seg> <ph/> a </seg></tuv></tu></body>")
    indent(root, frozenset({"body", "tu", "tuv"}))
    text = etree.tostring(root, encoding="unicode")
    assert "<seg> <ph/> a </seg>" in text
    assert text.startswith("<body>\n  <tu>\n    <tuv>\n      <seg>")


def test_preserve_space() -> None:
    assert needs_preserve("a\nb") and needs_preserve(" a") and needs_preserve("a  b")
    assert not needs_preserve("a b") and not needs_preserve("")
    file = etree.Element("file")
    unit = etree.SubElement(file, "unit")
    plain = etree.SubElement(unit, "source")
    plain.text = "Kabul"
    preserve_space([plain], unit, file)
    assert file.get(XML_SPACE) is None
    spaced = etree.SubElement(unit, "target")
    spaced.text = "Kabul\n"
    preserve_space([spaced], unit, file)
    assert file.get(XML_SPACE) == "preserve"
    unit.set(XML_SPACE, "default")
    preserve_space([spaced], unit, file)
    assert unit.get(XML_SPACE) == "preserve"


def test_to_bytes() -> None:
    out = to_bytes(etree.fromstring("<a>ب</a>"))
    assert out == '<?xml version="1.0" encoding="UTF-8"?>\n<a>ب</a>\n'.encode()


def test_an_element_with_too_many_attributes_is_refused() -> None:
    from mt.formats.xmlsafe import MAX_ATTRIBUTES

    attrs = " ".join(f'a{i}="v"' for i in range(MAX_ATTRIBUTES + 1))
    data = f'<xliff version="1.2">\n<file {attrs}/></xliff>'.encode()
    with pytest.raises(FormatError, match=rf"x\.xlf:2: <file> has {MAX_ATTRIBUTES + 1} "
                                          rf"attributes \(at most {MAX_ATTRIBUTES}"):
        parse_xml(data, "x.xlf")
    fine = " ".join(f'a{i}="v"' for i in range(MAX_ATTRIBUTES))
    parse_xml(f'<xliff version="1.2"><file {fine}/></xliff>'.encode(), "x.xlf")
