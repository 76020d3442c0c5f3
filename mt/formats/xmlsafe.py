"""Safe XML parsing and the small tree helpers the TMX and XLIFF handlers share.

Parsing never resolves entities, loads DTDs or touches the network, and refuses any document
whose DOCTYPE declares entities (XXE, billion laughs). Text helpers read an element's text with
its inline markup and write it back verbatim when the text has not changed.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Mapping

from lxml import etree

from mt.errors import FormatError, InputError
from mt.fileio import check_not_binary, line_of

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
XML_SPACE = f"{{{XML_NS}}}space"
_XML_PREFIX = f"{{{XML_NS}}}"

#: Attributes one element may carry: lxml reads an element's attributes in quadratic time.
MAX_ATTRIBUTES = 1000

ENTITY_REFUSED = "XML entity declarations are not allowed (possible XXE or entity-expansion attack)"

_PROLOG = re.compile(rb"(?:\xef\xbb\xbf|\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
#: Characters XML 1.0 cannot hold, even escaped.
INVALID_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_POSITION = re.compile(r", line \d+, column \d+$")
_NEEDS_PRESERVE = re.compile(r"^[ \t\r\n]|[ \t\r\n]$|[\t\r\n]|  ")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def _utf8_view(data: bytes, path: str) -> bytes:
    """``data`` re-encoded as UTF-8 for scanning when it starts with a UTF-16 byte-order mark."""
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        check_not_binary(data, path)
        return data
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError:
        raise InputError("not valid UTF-16 despite its byte-order mark", path=path) from None
    view = text.encode("utf-8", "surrogatepass")
    check_not_binary(view, path)
    return view


def _skip_quoted(data: bytes, pos: int) -> int:
    end = data.find(data[pos : pos + 1], pos + 1)
    return len(data) if end < 0 else end + 1


def entity_declaration(data: bytes) -> int | None:
    """The offset of an ``<!ENTITY`` in the prolog's DOCTYPE internal subset, else ``None``."""
    start = data.find(b"<!DOCTYPE")
    if start < 0 or _PROLOG.fullmatch(data, 0, start) is None:
        return None
    pos, size = start + 9, len(data)
    while pos < size:  # the external id, up to the internal subset or the end of the DOCTYPE
        char = data[pos : pos + 1]
        if char in (b'"', b"'"):
            pos = _skip_quoted(data, pos)
        elif char == b">":
            return None
        elif char == b"[":
            break
        else:
            pos += 1
    while pos < size:
        char = data[pos : pos + 1]
        if char in (b'"', b"'"):
            pos = _skip_quoted(data, pos)
        elif data.startswith(b"<!--", pos):
            end = data.find(b"-->", pos + 4)
            pos = size if end < 0 else end + 3
        elif data.startswith(b"<?", pos):
            end = data.find(b"?>", pos + 2)
            pos = size if end < 0 else end + 2
        elif data.startswith(b"<!ENTITY", pos):
            return pos
        elif char == b"]":
            return None
        else:
            pos += 1
    return None


def parse_xml(data: bytes, path: str) -> etree._ElementTree:
    """Parse ``data`` (the content of ``path``) without entities, DTDs or network access.

    Raises :class:`InputError` for binary data or entity declarations and
    :class:`FormatError` with libxml2's message and line for malformed XML.
    """
    view = _utf8_view(data, path)
    offset = entity_declaration(view)
    if offset is not None:
        raise InputError(ENTITY_REFUSED, path=path, line=line_of(view, offset))
    if not view.strip(b" \t\r\n\xef\xbb\xbf"):
        raise FormatError("empty file, expected XML", path=path, line=1)
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        message = _POSITION.sub("", str(exc.msg or exc)).strip()
        if column:
            message += f" (column {column})"
        if "entity" in message.lower() and "amplification" in message.lower():
            raise InputError(ENTITY_REFUSED, path=path, line=line) from None
        raise FormatError(f"malformed XML: {message}", path=path, line=line) from None
    _check_attribute_counts(tree.getroot(), path)
    _check_code_points(tree.getroot(), path)
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(ENTITY_REFUSED, path=path, line=1)
    if tree.docinfo.doctype:
        # With a DOCTYPE naming an external DTD, libxml2 keeps an undefined "&nbsp;" as an
        # unresolved reference instead of failing; its text would silently go missing.
        for ref in tree.getroot().iter(etree.Entity):
            raise FormatError(
                f"undefined entity {ref.text} (DTDs are not loaded); write the character itself "
                "or a numeric reference such as &#160;",
                path=path,
                line=ref.sourceline,
            )
    return tree


def _check_attribute_counts(root: etree._Element, path: str) -> None:
    for elem in root.iter():
        count = len(elem.attrib)
        if count > MAX_ATTRIBUTES:
            raise FormatError(
                f"<{local_name(elem)}> has {count} attributes (at most {MAX_ATTRIBUTES} "
                "are allowed on one element)",
                path=path,
                line=elem.sourceline,
            )


def _check_code_points(root: etree._Element, path: str) -> None:
    """Refuse an XLIFF 2 ``<cp hex="D800"/>``: a lone surrogate is no character."""
    for elem in root.iter("{*}cp"):
        value = elem.get("hex", "")
        try:
            code = int(value, 16)
        except ValueError:
            continue
        if 0xD800 <= code <= 0xDFFF:
            raise FormatError(f'<cp hex="{value}"/> is a lone surrogate, not a character',
                              path=path, line=elem.sourceline)


def to_bytes(root: etree._Element) -> bytes:
    """``root`` as UTF-8 bytes with an XML declaration and a final newline."""
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def fragment(raw: str) -> etree._Element:
    """Parse markup that a handler stored in ``meta`` (see :func:`raw_xml`)."""
    try:
        return etree.fromstring(raw.encode("utf-8"), _parser())
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"markup kept in the document's meta is not valid XML: {exc}") from None


def raw_xml(elem: etree._Element) -> str:
    """``elem`` as an XML string, without its tail, for keeping in ``meta``."""
    return etree.tostring(elem, encoding="unicode", with_tail=False)


def local_name(elem: etree._Element) -> str:
    """The tag of ``elem`` without its namespace; "" for comments and processing instructions."""
    tag = elem.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def text_content(elem: etree._Element, skip: frozenset[str] = frozenset()) -> str:
    """The text of ``elem`` with inline elements, leaving out the content of ``skip`` elements.

    ``skip`` names (without namespace) the inline codes whose content is native markup rather
    than text, such as TMX ``<bpt>``. An XLIFF 2 ``<cp hex="..."/>`` reads as its character.
    """
    if len(elem) == 0:
        return elem.text or ""
    parts: list[str] = []
    _collect(elem, skip, parts)
    return "".join(parts)


def _collect(elem: etree._Element, skip: frozenset[str], parts: list[str]) -> None:
    if elem.text:
        parts.append(elem.text)
    for child in elem:
        name = local_name(child)
        if name == "cp" and child.get("hex"):
            with contextlib.suppress(ValueError, OverflowError):
                parts.append(chr(int(child.get("hex", ""), 16)))
        elif name and name not in skip:
            _collect(child, skip, parts)
        if child.tail:
            parts.append(child.tail)


def inline_xml(elem: etree._Element) -> str | None:
    """``elem`` as markup when it holds inline elements, else ``None`` (plain text)."""
    return raw_xml(elem) if len(elem) else None


def set_text(elem: etree._Element, text: str, what: str) -> None:
    """Set ``elem``'s text; ``what`` names it in the error raised for characters XML refuses."""
    try:
        elem.text = text
    except ValueError:
        bad = INVALID_XML_CHAR.search(text)
        char = f"U+{ord(bad.group()):04X}" if bad else "a character"
        raise FormatError(f"{what} holds {char}, which XML cannot hold") from None


def set_content(
    elem: etree._Element,
    text: str,
    raw: str | None,
    what: str,
    skip: frozenset[str] = frozenset(),
    write: Callable[[etree._Element, str, str], None] = set_text,
) -> None:
    """Fill ``elem`` with ``text``, reusing the inline markup ``raw`` where its text is ``text``.

    Otherwise ``write(elem, text, what)`` writes the plain text.
    """
    if raw is not None:
        stored = fragment(raw)
        if text_content(stored, skip) == text:
            elem.text = stored.text
            for child in list(stored):
                elem.append(child)
            return
    write(elem, text, what)


def get_attrs(elem: etree._Element, skip: Iterable[str] = ()) -> dict[str, str]:
    """The attributes of ``elem``, ``xml:``-prefixed for the XML namespace, minus ``skip``."""
    items = elem.items()
    if not items:
        return {}
    out: dict[str, str] = {}
    for key, value in items:
        if key.startswith(_XML_PREFIX):
            key = "xml:" + key[len(_XML_PREFIX) :]
        out[key] = value
    for key in skip:
        out.pop(key, None)
    return out


def set_attrs(elem: etree._Element, attrs: Mapping[str, str] | None) -> None:
    """Set the attributes :func:`get_attrs` returned."""
    for key, value in (attrs or {}).items():
        elem.set(_XML_PREFIX + key[4:] if key.startswith("xml:") else key, value)


def needs_preserve(text: str | None) -> bool:
    """Whether an XML processor honouring ``xml:space="default"`` could alter ``text``."""
    return bool(text) and _NEEDS_PRESERVE.search(text) is not None  # type: ignore[arg-type]


def _spacing_text(elem: etree._Element) -> str:
    """The text of ``elem`` with each inline element's start and end as a non-space mark.

    Spaces on either side of an inline code (``قال <x/> المتحدث``) are not a run of spaces.
    """
    parts = [elem.text or ""]
    for child in elem:
        if local_name(child):
            parts.append("\ufffc" + _spacing_text(child) + "\ufffc")
        parts.append(child.tail or "")
    return "".join(parts)


def preserve_space(
    texts: Iterable[etree._Element], unit: etree._Element, top: etree._Element
) -> None:
    """Make ``xml:space="preserve"`` apply to those ``texts`` whose whitespace needs it.

    It goes on ``top`` (the file element) where nothing says otherwise, else on ``unit``, or on
    the text element itself where that one says ``xml:space="default"``.
    """
    for elem in texts:
        if not needs_preserve(_spacing_text(elem)):
            continue
        space = space_of(elem)
        if space == "preserve":
            continue
        if elem.get(XML_SPACE) is not None:
            elem.set(XML_SPACE, "preserve")
        else:
            (top if space is None else unit).set(XML_SPACE, "preserve")


def space_of(elem: etree._Element) -> str | None:
    """The ``xml:space`` in force at ``elem``."""
    node: etree._Element | None = elem
    while node is not None:
        value = node.get(XML_SPACE)
        if value is not None:
            return value
        node = node.getparent()
    return None


def indent(elem: etree._Element, structural: frozenset[str], level: int = 0) -> None:
    """Indent the children of ``elem``, descending only into element-only ``structural`` tags.

    ``structural`` holds full tags (with namespace). Unlike :func:`lxml.etree.indent` this never
    touches mixed content such as a ``<seg>``.
    """
    if not len(elem):
        return
    inner = "\n" + "  " * (level + 1)
    elem.text = inner
    child = None
    for child in elem:
        child.tail = inner
        if child.tag in structural:
            indent(child, structural, level + 1)
    if child is not None:
        child.tail = inner[:-2]


def sniff_head(data: bytes, size: int = 65536) -> str:
    """The start of ``data`` as text, for sniffing; UTF-16 is decoded by its byte-order mark."""
    head = data[:size]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "ignore")
    return head.decode("utf-8", "ignore")
