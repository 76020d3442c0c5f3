"""XLIFF 1.2: units, states, groups and files kept; the post-edit as target; bad input."""

from __future__ import annotations

import pytest
from lxml import etree

from mt.document import Document, Segment
from mt.errors import FormatError, InputError
from mt.formats.xliff1 import NS, Xliff1Handler

H = Xliff1Handler()
X = {"x": NS}

#: Two files of a news article as Okapi Rainbow extracts them, pre-filled with MT.
OKAPI = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" \
xmlns:okp="okapi-framework:xliff-extensions">
  <file original="panjshir.html" source-language="ar" target-language="en-US" datatype="html" \
tool-id="okapi">
    <header>
      <tool tool-id="okapi" tool-name="Okapi Rainbow" tool-version="1.46"/>
      <note>News desk, batch 7</note>
    </header>
    <body>
      <group id="g1" resname="article">
        <group id="g2" restype="x-paragraph">
          <trans-unit id="tu1" resname="headline" approved="no" okp:engine="deepl">
            <source xml:lang="ar">قتال في <g id="1" ctype="bold">بنجشير</g></source>
            <target xml:lang="en-US" state="needs-review-translation" \
state-qualifier="mt-suggestion">Fighting in <g id="1" ctype="bold">Banshir</g></target>
            <note from="editor" priority="2">Check the province name</note>
            <alt-trans match-quality="87" origin="desk-tm">
              <target xml:lang="en-US">Fighting in the Panjshir valley</target>
            </alt-trans>
          </trans-unit>
        </group>
        <trans-unit id="tu2" approved="yes">
          <source>قال <x id="2" ctype="image"/> المتحدث</source>
          <target state="final">The <mrk mtype="term">spokesman</mrk> said</target>
        </trans-unit>
      </group>
      <trans-unit id="tu3" translate="yes">
        <source>كابل</source>
      </trans-unit>
      <trans-unit id="tu4">
        <source>دخلت طالبان الوادي.</source>
        <seg-source><mrk mid="0" mtype="seg">دخلت طالبان الوادي.</mrk></seg-source>
        <target state="translated">Taliban entered to the valley.</target>
      </trans-unit>
    </body>
  </file>
  <file original="kabul.html" source-language="ar" target-language="en-US" datatype="html">
    <body>
      <trans-unit id="tu1">
        <source>كابل هادئة.</source>
        <target state="new">Kabul is calm.</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def xliff(*units: str, version: str = "1.2") -> bytes:
    body = "\n".join(units)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="{version}" xmlns="{NS}">\n'
        '<file original="a.txt" source-language="ar" target-language="en" datatype="plaintext">\n'
        f"<body>\n{body}\n</body>\n</file>\n</xliff>\n"
    ).encode()


def unit(uid: str, source: str, target: str | None = None, attrs: str = "") -> str:
    tgt = f"<target{attrs}>{target}</target>" if target is not None else ""
    return f'<trans-unit id="{uid}"><source>{source}</source>{tgt}</trans-unit>'


def parse(data: str | bytes, path: str = "article.xlf") -> Document:
    return H.parse(data.encode() if isinstance(data, str) else data, path)


def find(tree: etree._Element, uid: str, file: int = 1) -> etree._Element:
    (tu,) = tree.xpath(f"(//x:file)[{file}]//x:trans-unit[@id='{uid}']", namespaces=X)
    return tu


def fix(seg: Segment, wrong: str, right: str) -> None:
    start = seg.mt.index(wrong)
    seg.accept(seg.propose(start, start + len(wrong), right))


# -- reading -----------------------------------------------------------------------------------


def test_reads_units_languages_and_text() -> None:
    doc = parse(OKAPI)
    assert (doc.source_lang, doc.target_lang) == ("ar", "en-US")
    # Ids are the trans-unit ids; a clash with an earlier file is told apart by file number.
    assert [s.id for s in doc] == ["tu1", "tu2", "tu3", "tu4", "2:tu1"]
    tu1, tu2 = doc.segment("tu1"), doc.segment("tu2")
    assert (tu1.source, tu1.mt) == ("قتال في بنجشير", "Fighting in Banshir")
    assert (tu2.source, tu2.mt) == ("قال  المتحدث", "The spokesman said")  # <x/> is a placeholder
    assert doc.segment("2:tu1").mt == "Kabul is calm."
    # Notes and alternative translations are not references.
    assert all(s.reference is None for s in doc)


def test_target_state_and_qualifier_are_read() -> None:
    doc = parse(OKAPI)
    tu1 = doc.segment("tu1")
    assert tu1.meta["state"] == "needs-review-translation"
    assert tu1.meta["state-qualifier"] == "mt-suggestion"
    assert [doc.segment(i).meta.get("state") for i in ("tu2", "tu3", "tu4", "2:tu1")] == [
        "final",
        None,
        "translated",
        "new",
    ]


def test_unit_without_target_reads_as_empty_mt_and_stays_without() -> None:
    doc = parse(OKAPI)
    tu3 = doc.segment("tu3")
    assert (tu3.source, tu3.mt) == ("كابل", "")
    tree = etree.fromstring(H.serialize(doc))
    assert find(tree, "tu3").find("x:target", X) is None
    tu3.accept(tu3.propose(0, 0, "Kabul"))
    target = find(etree.fromstring(H.serialize(doc)), "tu3").find("x:target", X)
    assert target.text == "Kabul"
    assert target.get("state") == "needs-review-translation"


# -- writing -----------------------------------------------------------------------------------


def test_rewrite_without_edits_keeps_the_structure() -> None:
    out = H.serialize(parse(OKAPI))
    tree = etree.fromstring(out)
    files = tree.findall("x:file", X)
    assert [f.get("original") for f in files] == ["panjshir.html", "kabul.html"]
    assert files[0].get("tool-id") == "okapi" and files[0].get("datatype") == "html"
    assert files[0].find("x:header/x:tool", X).get("tool-name") == "Okapi Rainbow"
    # Groups nest as they did, with their attributes.
    assert tree.xpath("//x:trans-unit[@id='tu1']/ancestor::x:group/@id", namespaces=X) == [
        "g1",
        "g2",
    ]
    assert find(tree, "tu3").getparent().tag == f"{{{NS}}}body"
    tu1 = find(tree, "tu1")
    assert tu1.get("approved") == "no" and tu1.get("resname") == "headline"
    assert tu1.get("{okapi-framework:xliff-extensions}engine") == "deepl"
    target = tu1.find("x:target", X)
    assert target.get("state") == "needs-review-translation"
    assert target.get("state-qualifier") == "mt-suggestion"
    assert target.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-US"
    assert '<g id="1" ctype="bold">Banshir</g>' in etree.tostring(target, encoding="unicode")
    note = tu1.find("x:note", X)
    assert (note.get("from"), note.get("priority"), note.text) == (
        "editor",
        "2",
        "Check the province name",
    )
    # Alternative translations are left alone.
    alt = tu1.find("x:alt-trans", X)
    assert alt.get("match-quality") == "87"
    assert alt.findtext("x:target", namespaces=X) == "Fighting in the Panjshir valley"
    tu2 = find(tree, "tu2")
    assert tu2.get("approved") == "yes"
    assert '<mrk mtype="term">spokesman</mrk>' in etree.tostring(tu2, encoding="unicode")
    assert '<x id="2" ctype="image"/>' in etree.tostring(tu2, encoding="unicode")
    # The second file's unit keeps its own id, in its own file.
    assert find(tree, "tu1", file=2).findtext("x:target", namespaces=X) == "Kabul is calm."
    assert H.serialize(parse(out)) == out


def test_seg_source_stays_between_source_and_target() -> None:
    tree = etree.fromstring(H.serialize(parse(OKAPI)))
    children = [etree.QName(c).localname for c in find(tree, "tu4")]
    assert children == ["source", "seg-source", "target"]


def test_post_edit_is_written_as_target() -> None:
    doc = parse(OKAPI)
    fix(doc.segment("tu4"), "entered to", "entered")
    fix(doc.segment("2:tu1"), "calm", "quiet")
    tree = etree.fromstring(H.serialize(doc))
    assert find(tree, "tu4").findtext("x:target", namespaces=X) == "Taliban entered the valley."
    assert find(tree, "tu1", 2).findtext("x:target", namespaces=X) == "Kabul is quiet."
    assert parse(H.serialize(doc)).segment("tu4").mt == "Taliban entered the valley."


def test_changed_target_drops_inline_codes_source_keeps_them() -> None:
    doc = parse(OKAPI)
    fix(doc.segment("tu1"), "Banshir", "Panjshir")
    tu1 = find(etree.fromstring(H.serialize(doc)), "tu1")
    target = tu1.find("x:target", X)
    assert (len(target), target.text) == (0, "Fighting in Panjshir")
    assert tu1.find("x:source/x:g", X).text == "بنجشير"


@pytest.mark.parametrize(
    "state",
    ["new", "needs-translation", "translated", "needs-review-translation", "final", "signed-off"],
)
def test_state_of_a_changed_target_asks_for_review(state: str) -> None:
    # mt's glossary fixes are machine edits: a target they changed needs a translator's review
    # whatever its state was, and an approved unit is no longer approved. Targets mt did not
    # change keep their state.
    data = xliff(
        unit("1", "بنجشير", "Banshir", f' state="{state}" state-qualifier="mt-suggestion"'),
        unit("2", "كابل", "Kabul", f' state="{state}"'),
    ).replace(b'<trans-unit id="1"', b'<trans-unit id="1" approved="yes"')
    doc = parse(data)
    fix(doc.segment("1"), "Banshir", "Panjshir")
    tree = etree.fromstring(H.serialize(doc))
    changed, kept = find(tree, "1"), find(tree, "2")
    assert changed.get("approved") == "no"
    assert changed.find("x:target", X).get("state") == "needs-review-translation"
    assert changed.find("x:target", X).get("state-qualifier") == "mt-suggestion"
    assert kept.find("x:target", X).get("state") == state


def test_a_new_document_gets_languages_and_reference_notes() -> None:
    doc = Document.from_texts(
        ["Fighting in Panjshir."],
        ["قتال في بنجشير."],
        ["Fighting in the Panjshir."],
        source_lang="ar",
        target_lang="en",
    )
    tree = etree.fromstring(H.serialize(doc))
    assert tree.get("version") == "1.2"
    file = tree.find("x:file", X)
    assert (file.get("source-language"), file.get("target-language")) == ("ar", "en")
    tu = find(tree, "1")
    assert tu.findtext("x:note[@from='mt-reference']", namespaces=X) == "Fighting in the Panjshir."
    back = parse(H.serialize(doc))
    assert (back[0].source, back[0].mt, back[0].reference) == (
        "قتال في بنجشير.",
        "Fighting in Panjshir.",
        "Fighting in the Panjshir.",
    )


def test_line_breaks_are_written_with_xml_space_preserve() -> None:
    doc = Document.from_texts(["first line\nsecond line "], ["سطر أول\nسطر ثان"])
    out = H.serialize(doc)
    target = find(etree.fromstring(out), "1").find("x:target", X)
    in_force = target.xpath("ancestor-or-self::*[@xml:space][1]/@xml:space")
    assert in_force == ["preserve"]
    assert parse(out)[0].mt == "first line\nsecond line "


def test_spaces_around_a_placeholder_do_not_add_xml_space() -> None:
    # "قال <x/> المتحدث" has no run of spaces in any text node: the file is written as it was.
    out = H.serialize(parse(OKAPI))
    assert b"xml:space" not in out


def test_xml_space_preserve_on_a_unit_is_kept() -> None:
    data = xliff(
        '<trans-unit id="1" xml:space="preserve"><source>  كابل\n</source>'
        "<target>  Kabul\n</target></trans-unit>"
    )
    doc = parse(data)
    assert (doc[0].source, doc[0].mt) == ("  كابل\n", "  Kabul\n")
    out = H.serialize(doc)
    assert find(etree.fromstring(out), "1").get("{http://www.w3.org/XML/1998/namespace}space") == (
        "preserve"
    )
    assert parse(out)[0].mt == "  Kabul\n"


def test_file_without_units_is_an_empty_document() -> None:
    doc = parse(xliff())
    assert len(doc) == 0
    assert (doc.source_lang, doc.target_lang) == ("ar", "en")


# -- bad input ---------------------------------------------------------------------------------


def test_malformed_xml_names_file_and_line() -> None:
    data = OKAPI.replace("<source>كابل</source>", "<source>كابل</sourc>")
    line = data.splitlines().index("        <source>كابل</sourc>") + 1
    with pytest.raises(FormatError, match="malformed XML") as info:
        parse(data)
    assert str(info.value).startswith(f"article.xlf:{line}: ")


def test_entity_declarations_are_refused() -> None:
    data = OKAPI.replace(
        "<xliff ", '<!DOCTYPE xliff [<!ENTITY x SYSTEM "http://attacker.example/x">]>\n<xliff ', 1
    ).replace("<source>كابل</source>", "<source>&x;</source>")
    with pytest.raises(InputError, match="entity declarations are not allowed") as info:
        parse(data)
    assert str(info.value).startswith("article.xlf:2: ")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<tmx version="1.4"/>', "root element <xliff>, found <tmx>"),
        (
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ar"/>',
            "this is XLIFF 2.0, not 1.x; read it with --format xliff2",
        ),
        (b'<xliff version="3.0"/>', "unsupported XLIFF version '3.0'"),
        (f'<xliff xmlns="{NS}" version="1.2"/>'.encode(), "<xliff> has no <file>"),
        (
            f'<xliff xmlns="{NS}" version="1.2"><file source-language="ar"/></xliff>'.encode(),
            "<file> has no <body>",
        ),
        (xliff("<trans-unit><source>a</source></trans-unit>"), "<trans-unit> without id"),
        (xliff('<trans-unit id="7"><target>a</target></trans-unit>'), "has no <source>"),
        (xliff(unit("7", "a"), unit("7", "b")), "duplicate trans-unit id '7'"),
    ],
)
def test_structure_errors_say_what_is_wrong(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message) as info:
        parse(data)
    assert info.value.line is not None
    assert str(info.value).startswith(f"article.xlf:{info.value.line}: ")
