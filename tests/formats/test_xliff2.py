"""XLIFF 2.0/2.1: units and segments, states, what a rewrite keeps, bad input, sniffing."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from mt.document import Document, Segment
from mt.errors import FormatError, InputError
from mt.formats import guess_format, read_document
from mt.formats.xliff2 import NS, Xliff2Handler

H = Xliff2Handler()
X = {"x": NS}

#: An article as an XLIFF 2.1 tool extracts it: groups, notes, original data, two segments in
#: one unit with the space between them as <ignorable>.
ARTICLE = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" \
xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0" version="2.1" srcLang="ar" trgLang="en-US">
  <file id="f1" original="panjshir.html">
    <notes>
      <note category="instruction">Use the house spelling of place names.</note>
    </notes>
    <group id="g1" name="article">
      <unit id="u1" name="headline">
        <notes>
          <note id="n1" category="comment">Keep the headline short</note>
        </notes>
        <originalData>
          <data id="d1">&lt;b&gt;</data>
          <data id="d2">&lt;/b&gt;</data>
        </originalData>
        <segment id="s1" state="translated" subState="okp:mt">
          <source>قتال في <pc id="1" dataRefStart="d1" dataRefEnd="d2">بنجشير</pc></source>
          <target>Fighting in <pc id="1" dataRefStart="d1" dataRefEnd="d2">Banshir</pc></target>
        </segment>
      </unit>
      <group id="g2" name="body">
        <unit id="u2">
          <segment id="s1" state="final">
            <source>قال المتحدث.</source>
            <target>The spokesman said.</target>
          </segment>
          <ignorable>
            <source> </source>
          </ignorable>
          <segment id="s2" state="initial">
            <source>الوضع <ph id="1"/>هادئ.</source>
            <target>The situation <ph id="1"/>is calm.</target>
          </segment>
        </unit>
      </group>
      <unit id="u3">
        <segment>
          <source>كابل</source>
        </segment>
      </unit>
    </group>
  </file>
</xliff>
"""


def xliff(*units: str, version: str = "2.0") -> bytes:
    body = "\n".join(units)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="{NS}" version="{version}" '
        f'srcLang="ar" trgLang="en">\n<file id="f1">\n{body}\n</file>\n</xliff>\n'
    ).encode()


def unit(uid: str, source: str, target: str | None = None, state: str | None = None) -> str:
    tgt = f"<target>{target}</target>" if target is not None else ""
    st = f' state="{state}"' if state else ""
    return f'<unit id="{uid}"><segment{st}><source>{source}</source>{tgt}</segment></unit>'


def parse(data: str | bytes, path: str = "article.xlf") -> Document:
    return H.parse(data.encode() if isinstance(data, str) else data, path)


def segment(tree: etree._Element, uid: str, sid: str | None = None) -> etree._Element:
    where = f"[@id='{sid}']" if sid else ""
    (seg,) = tree.xpath(f"//x:unit[@id='{uid}']/x:segment{where}", namespaces=X)
    return seg


def fix(seg: Segment, wrong: str, right: str) -> None:
    start = seg.mt.index(wrong)
    seg.accept(seg.propose(start, start + len(wrong), right))


# -- reading -----------------------------------------------------------------------------------


def test_reads_languages_units_and_segments() -> None:
    doc = parse(ARTICLE)
    assert (doc.source_lang, doc.target_lang) == ("ar", "en-US")
    # A unit with one segment is named by the unit; several by unit/segment.
    assert [s.id for s in doc] == ["u1", "u2/s1", "u2/s2", "u3"]
    assert [(s.source, s.mt) for s in doc] == [
        ("قتال في بنجشير", "Fighting in Banshir"),
        ("قال المتحدث.", "The spokesman said."),
        ("الوضع هادئ.", "The situation is calm."),
        ("كابل", ""),  # no target
    ]
    assert [(s.meta.get("state"), s.meta.get("subState")) for s in doc] == [
        ("translated", "okp:mt"),
        ("final", None),
        ("initial", None),
        (None, None),
    ]
    assert all(s.reference is None for s in doc)


def test_cp_reads_as_the_character_and_is_written_back() -> None:
    doc = parse(xliff(unit("u1", "كابل", 'Kabul<cp hex="001F"/>')))
    assert doc[0].mt == "Kabul\x1f"
    new = Document.from_texts(["Kabul\x01 city"], ["كابل"])
    out = H.serialize(new)
    assert b'<cp hex="0001"/>' in out
    assert parse(out)[0].mt == "Kabul\x01 city"


def test_cp_of_a_lone_surrogate_is_refused_with_its_line() -> None:
    data = xliff(unit("u1", "كابل", 'Kabul<cp hex="D800"/>'))
    line = data.decode().splitlines().index(next(
        x for x in data.decode().splitlines() if "D800" in x)) + 1
    with pytest.raises(FormatError, match=rf"x\.xlf:{line}: <cp hex=\"D800\"/> is a lone "
                                          "surrogate"):
        H.parse(data, "x.xlf")


def test_a_namespace_lxml_cannot_write_is_an_input_error() -> None:
    from mt.formats.xliff_common import make_root

    # libxml2 reads some such URIs (the fuzzer found one); lxml refuses to write them.
    with pytest.raises(FormatError, match="cannot write the XML namespaces"):
        make_root("xliff", "urn:oasis:na[mes:tc:xliff:document:2.0", {})


# -- writing -----------------------------------------------------------------------------------


def test_rewrite_without_edits_keeps_the_structure() -> None:
    out = H.serialize(parse(ARTICLE))
    tree = etree.fromstring(out)
    assert (tree.get("version"), tree.get("srcLang"), tree.get("trgLang")) == ("2.1", "ar", "en-US")
    assert tree.find("x:file", X).get("original") == "panjshir.html"
    assert tree.findtext("x:file/x:notes/x:note", namespaces=X) == (
        "Use the house spelling of place names."
    )
    assert tree.xpath("//x:unit[@id='u2']/ancestor::x:group/@id", namespaces=X) == ["g1", "g2"]
    u1 = tree.xpath("//x:unit[@id='u1']", namespaces=X)[0]
    assert [etree.QName(c).localname for c in u1] == ["notes", "originalData", "segment"]
    assert u1.get("name") == "headline"
    assert u1.findtext("x:notes/x:note[@id='n1']", namespaces=X) == "Keep the headline short"
    s1 = segment(tree, "u1")
    assert (s1.get("state"), s1.get("subState")) == ("translated", "okp:mt")
    assert '<pc id="1" dataRefStart="d1" dataRefEnd="d2">Banshir</pc>' in etree.tostring(
        s1.find("x:target", X), encoding="unicode"
    )
    # The ignorable space between the two segments of u2 stays where it was.
    u2 = tree.xpath("//x:unit[@id='u2']", namespaces=X)[0]
    assert [etree.QName(c).localname for c in u2] == ["segment", "ignorable", "segment"]
    assert u2.findtext("x:ignorable/x:source", namespaces=X) == " "
    assert '<ph id="1"/>' in etree.tostring(segment(tree, "u2", "s2"), encoding="unicode")
    assert segment(tree, "u3").find("x:target", X) is None
    assert H.serialize(parse(out)) == out


def test_post_edit_is_written_as_target_and_marked_translated() -> None:
    # A target mt changed is a translation nobody has reviewed yet: its state becomes
    # "translated" (dropping a subState that refined another state); segments it did not
    # change keep their state.
    doc = parse(ARTICLE)
    fix(doc.segment("u2/s1"), "spokesman", "official")
    tree = etree.fromstring(H.serialize(doc))
    s1, s2 = segment(tree, "u2", "s1"), segment(tree, "u2", "s2")
    assert s1.findtext("x:target", namespaces=X) == "The official said."
    assert (s1.get("state"), s1.get("subState")) == ("translated", None)
    assert s2.get("state") == "initial"
    assert [etree.QName(c).localname for c in s1.getparent()] == [
        "segment",
        "ignorable",
        "segment",
    ]
    assert parse(H.serialize(doc)).segment("u2/s1").mt == "The official said."


@pytest.mark.parametrize(
    ("state", "sub_state", "expected"),
    [
        ("initial", None, ("translated", None)),
        ("translated", "okp:mt", ("translated", "okp:mt")),
        ("reviewed", "acme:checked", ("translated", None)),
        ("final", None, ("translated", None)),
        (None, None, ("translated", None)),
    ],
)
def test_state_of_a_changed_segment(
    state: str | None, sub_state: str | None, expected: tuple[str, str | None]
) -> None:
    data = xliff(unit("u1", "بنجشير", "Banshir", state))
    if sub_state:
        data = data.replace(b"<segment ", f'<segment subState="{sub_state}" '.encode())
    doc = parse(data)
    fix(doc[0], "Banshir", "Panjshir")
    seg = segment(etree.fromstring(H.serialize(doc)), "u1")
    assert (seg.get("state"), seg.get("subState")) == expected


def test_changed_target_drops_inline_codes_source_keeps_them() -> None:
    doc = parse(ARTICLE)
    fix(doc.segment("u1"), "Banshir", "Panjshir")
    seg = segment(etree.fromstring(H.serialize(doc)), "u1")
    target = seg.find("x:target", X)
    assert (len(target), target.text) == (0, "Fighting in Panjshir")
    assert seg.find("x:source/x:pc", X).text == "بنجشير"


def test_missing_target_is_written_once_there_is_a_post_edit() -> None:
    doc = parse(ARTICLE)
    u3 = doc.segment("u3")
    u3.accept(u3.propose(0, 0, "Kabul"))
    seg = segment(etree.fromstring(H.serialize(doc)), "u3")
    assert seg.findtext("x:target", namespaces=X) == "Kabul"
    assert seg.get("state") == "translated"


def test_references_of_a_multi_segment_unit_stay_with_their_segment() -> None:
    doc = parse(ARTICLE)
    doc.segment("u2/s2").reference = "Things are calm."
    out = H.serialize(doc)
    note = etree.fromstring(out).xpath(
        "//x:unit[@id='u2']/x:notes/x:note[@category='mt-reference']", namespaces=X
    )[0]
    assert (note.get("id"), note.text) == ("mt-reference-s2", "Things are calm.")
    back = parse(out)
    assert [back.segment(i).reference for i in ("u2/s1", "u2/s2")] == [None, "Things are calm."]


def test_a_new_document_is_written_as_xliff_2() -> None:
    doc = Document.from_texts(
        ["first line\nsecond line", "Kabul is calm."],
        ["سطر أول\nسطر ثان", "كابل هادئة."],
        source_lang="ar",
        target_lang="en",
    )
    out = H.serialize(doc)
    tree = etree.fromstring(out)
    assert (tree.get("version"), tree.get("srcLang"), tree.get("trgLang")) == ("2.0", "ar", "en")
    target = segment(tree, "1").find("x:target", X)
    assert target.xpath("ancestor-or-self::*[@xml:space][1]/@xml:space") == ["preserve"]
    back = parse(out)
    assert [(s.id, s.source, s.mt) for s in back] == [(s.id, s.source, s.mt) for s in doc]


def test_file_without_units_is_an_empty_document() -> None:
    doc = parse(xliff())
    assert len(doc) == 0
    assert (doc.source_lang, doc.target_lang) == ("ar", "en")


# -- bad input ---------------------------------------------------------------------------------


def test_malformed_xml_names_file_and_line() -> None:
    data = ARTICLE.replace("<source>كابل</source>", "<source>كابل<source>")
    with pytest.raises(FormatError, match="malformed XML") as info:
        parse(data)
    assert info.value.line is not None
    assert str(info.value).startswith(f"article.xlf:{info.value.line}: ")


def test_entity_declarations_are_refused() -> None:
    data = ARTICLE.replace(
        "<xliff ", '<!DOCTYPE xliff [\n<!ENTITY lol "lol">\n]>\n<xliff ', 1
    ).replace("<source>كابل</source>", "<source>&lol;</source>")
    with pytest.raises(InputError, match="entity declarations are not allowed") as info:
        parse(data)
    assert str(info.value).startswith("article.xlf:3: ")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><body/></html>", "root element <xliff>, found <html>"),
        (
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>',
            "this is XLIFF 1.2, not 2.x; read it with --format xliff1",
        ),
        (f'<xliff xmlns="{NS}" version="2.0" srcLang="ar"/>'.encode(), "<xliff> has no <file>"),
        (xliff("<unit><segment><source>a</source></segment></unit>"), "<unit> without id"),
        (xliff('<unit id="u1"><notes><note>x</note></notes></unit>'), "has no <segment>"),
        (xliff('<unit id="u1"><segment><target>a</target></segment></unit>'), "has no <source>"),
        (xliff(unit("u1", "a"), unit("u1", "b")), "duplicate unit id 'u1'"),
    ],
)
def test_structure_errors_say_what_is_wrong(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message) as info:
        parse(data)
    assert info.value.line is not None
    assert str(info.value).startswith(f"article.xlf:{info.value.line}: ")


# -- telling XLIFF 1.2 from 2.x ----------------------------------------------------------------

XLIFF_12 = (
    '<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
    '<file original="a" source-language="ar" target-language="en" datatype="plaintext"><body>'
    '<trans-unit id="1"><source>كابل</source><target>Kabul</target></trans-unit>'
    "</body></file></xliff>\n"
)
XLIFF_20 = xliff(unit("1", "كابل", "Kabul")).decode()


@pytest.mark.parametrize(
    ("name", "text", "encoding", "expected"),
    [
        ("story.xlf", XLIFF_12, "utf-8", "xliff1"),
        ("story.xliff", XLIFF_12, "utf-8", "xliff1"),
        ("story.xlf", XLIFF_20, "utf-8", "xliff2"),
        ("STORY.XLIFF", XLIFF_20, "utf-8", "xliff2"),
        ("story.xlf", XLIFF_20.replace('version="2.0"', 'version="2.1"'), "utf-8", "xliff2"),
        ("story.xlf", XLIFF_20.replace('"UTF-8"', '"UTF-16"'), "utf-16", "xliff2"),
        # No namespace: the version attribute decides.
        ("story.xlf", '<xliff version="2.0" srcLang="ar"><file/></xliff>', "utf-8", "xliff2"),
    ],
)
def test_guess_format_tells_xliff_versions_apart(
    name: str, text: str, encoding: str, expected: str, tmp_path: Path
) -> None:
    assert guess_format(name, text.encode(encoding)) == expected
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    doc = read_document(path)
    assert doc.meta["format"] == expected
    if len(doc):
        assert (doc[0].source, doc[0].mt) == ("كابل", "Kabul")
