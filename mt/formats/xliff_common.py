"""What the XLIFF 1.2 and XLIFF 2 handlers share: namespaces, version sniffing and root checks,
root and namespace-map helpers, ``<group>`` nesting on write, the mapping of states between the
two versions and small ``meta`` helpers."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lxml import etree

from mt.errors import FormatError
from mt.formats.xmlsafe import INVALID_XML_CHAR, set_text, sniff_head

NS_1 = "urn:oasis:names:tc:xliff:document:1.2"
NS_11 = "urn:oasis:names:tc:xliff:document:1.1"
NS_2 = "urn:oasis:names:tc:xliff:document:2.0"
#: Namespace of mt's own extension attributes: ``mt:source="none"`` marks a unit with no source.
MT_NS = "urn:mt-newsroom:xliff"
NO_SOURCE = f"{{{MT_NS}}}source"
#: The note (``from`` in 1.2, ``category`` in 2) that carries the reference translation.
REFERENCE_NOTE = "mt-reference"
_ROOT = re.compile(r"<(?:[\w.-]+:)?xliff\b([^>]*)>")
_VERSION = re.compile(r"""\bversion\s*=\s*["']\s*(\d)""")

#: XLIFF 2 states as XLIFF 1.2 writes them.
FROM_2 = {"initial": "new", "reviewed": "signed-off"}
#: The states XLIFF 2 defines.
STATES_2 = frozenset({"initial", "translated", "reviewed", "final"})
#: XLIFF 1.2 states as XLIFF 2 writes them.
FROM_1 = {
    "new": "initial",
    "needs-translation": "initial",
    "needs-adaptation": "translated",
    "needs-l10n": "translated",
    "needs-review-adaptation": "translated",
    "needs-review-l10n": "translated",
    "needs-review-translation": "translated",
    "signed-off": "reviewed",
}


def xliff_major(data: bytes) -> str | None:
    """ "1" or "2" for the XLIFF version the root element of ``data`` declares, else ``None``."""
    match = _ROOT.search(sniff_head(data))
    if match is None:
        return None
    attrs = match.group(1)
    if NS_2 in attrs:
        return "2"
    if NS_1 in attrs or NS_11 in attrs:
        return "1"
    version = _VERSION.search(attrs)
    return version.group(1) if version else None


def check_root(root: etree._Element, major: str, path: str) -> str:
    """The namespace of an XLIFF ``major``.x root; errors for other roots and versions."""
    namespace, _, name = root.tag.rpartition("}") if isinstance(root.tag, str) else ("", "", "")
    namespace = namespace.lstrip("{")
    if name != "xliff":
        raise FormatError(
            f"expected an XLIFF file with root element <xliff>, found <{name or root.tag}>",
            path=path,
            line=root.sourceline,
        )
    version = root.get("version") or ""
    found = "2" if namespace == NS_2 else "1" if namespace in (NS_1, NS_11) else version[:1]
    if found in ("1", "2") and found != major:
        other = "xliff2" if found == "2" else "xliff1"
        raise FormatError(
            f"this is XLIFF {version or found + '.x'}, not {major}.x; "
            f"read it with --format {other}",
            path=path,
            line=root.sourceline,
        )
    if (found and found != major) or (version and not version.startswith(f"{major}.")):
        raise FormatError(
            f"unsupported XLIFF version {version!r}; expected {major}.x",
            path=path,
            line=root.sourceline,
        )
    return namespace


def nsmap_of(root: etree._Element) -> dict[str, str]:
    """The root's namespace declarations, JSON-friendly ("" for the default namespace)."""
    return {prefix or "": uri for prefix, uri in root.nsmap.items()}


def make_root(tag: str, namespace: str, nsmap: dict[str, str]) -> etree._Element:
    """A root element declaring ``nsmap`` (from :func:`nsmap_of`) and ``namespace``."""
    declared: dict[str | None, str] = {(p or None): u for p, u in nsmap.items()}
    if namespace and namespace not in declared.values():
        declared[None] = namespace
    qualified = f"{{{namespace}}}{tag}" if namespace else tag
    try:
        return etree.Element(qualified, nsmap=declared)
    except ValueError as exc:  # a namespace URI libxml2 read but lxml will not write
        raise FormatError(f"cannot write the XML namespaces {sorted(declared.values())}: "
                          f"{exc}") from None


class GroupNester:
    """Opens and closes ``<group>`` elements as consecutive segments' group paths change.

    A path is the list of indexes, outermost first, into a document's group list; ``make``
    creates the group element for an index under a parent.
    """

    def __init__(
        self, container: etree._Element, make: Callable[[etree._Element, int], etree._Element]
    ) -> None:
        self._stack: list[tuple[int, etree._Element]] = [(-1, container)]
        self._make = make

    def parent(self, path: list[int]) -> etree._Element:
        depth = 0
        while (
            depth < len(path)
            and depth + 1 < len(self._stack)
            and self._stack[depth + 1][0] == path[depth]
        ):
            depth += 1
        del self._stack[depth + 1 :]
        for index in path[depth:]:
            self._stack.append((index, self._make(self._stack[-1][1], index)))
        return self._stack[-1][1]


def valid_path(path: Any, groups: list[Any]) -> list[int]:
    """``path`` keeping only indexes into ``groups``."""
    if not isinstance(path, list):
        return []
    return [i for i in path if isinstance(i, int) and 0 <= i < len(groups)]


def qualifier(namespace: str) -> Callable[[str], str]:
    """A function giving the tag of a local name in ``namespace`` (the name itself for none)."""
    return (lambda n: f"{{{namespace}}}{n}") if namespace else (lambda n: n)


def known_lang(lang: str | None) -> str | None:
    """``lang``, or ``None`` where it is empty or "und" (undetermined)."""
    return None if not lang or lang.lower() == "und" else lang


def keep(meta: dict[str, Any], key: str, value: Any) -> None:
    """Store ``value`` under ``key`` unless it is empty, to keep ``meta`` small."""
    if value:
        meta[key] = value


def state_for_1(state: str | None) -> str | None:
    """An XLIFF 1.2 ``state`` for a state read from XLIFF 1.2 or 2."""
    return FROM_2.get(state, state) if state else None


def state_for_2(state: str | None) -> str | None:
    """An XLIFF 2 ``state`` for a state read from XLIFF 2 or 1.2; ``None`` if none fits."""
    if not state:
        return None
    return state if state in STATES_2 else FROM_1.get(state)


def cp_text_writer(cp_tag: str) -> Callable[[etree._Element, str, str], None]:
    """A text writer for :func:`~mt.formats.xmlsafe.set_content` that writes characters XML
    cannot hold as XLIFF 2's ``<cp hex="..."/>`` elements (tag ``cp_tag``)."""

    def write(elem: etree._Element, text: str, what: str) -> None:
        matches = list(INVALID_XML_CHAR.finditer(text))
        if not matches:
            set_text(elem, text, what)
            return
        last: etree._Element | None = None
        pos = 0
        for match in matches:
            chunk = text[pos : match.start()]
            if last is None:
                elem.text = chunk
            else:
                last.tail = chunk
            last = etree.SubElement(elem, cp_tag, hex=f"{ord(match.group()):04X}")
            pos = match.end()
        if last is not None:
            last.tail = text[pos:]

    return write
