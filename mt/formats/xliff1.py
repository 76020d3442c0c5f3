"""XLIFF 1.2 (and 1.1/1.0): one segment per ``<trans-unit>``.

``<file>`` elements, their attributes and headers, ``<group>`` nesting, unit attributes, notes
and the children mt does not use (``<alt-trans>``, ``<context-group>``...) are kept in ``meta``
so writing gives back the same structure. Target ``state`` and ``state-qualifier`` live in
``segment.meta["state"]`` and ``segment.meta["state-qualifier"]``; a target whose post-edit
differs from its MT is written with ``state="needs-review-translation"`` and loses
``approved="yes"``, since mt's changes still need a translator's review. The reference
translation travels as ``<note from="mt-reference">``. Whitespace is read exactly as written;
units whose text needs it are written with ``xml:space="preserve"``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from lxml import etree

from mt.document import Document, Segment
from mt.errors import FormatError
from mt.formats.base import FormatHandler
from mt.formats.xliff_common import (
    MT_NS,
    NO_SOURCE,
    NS_1,
    REFERENCE_NOTE,
    GroupNester,
    check_root,
    keep,
    known_lang,
    make_root,
    nsmap_of,
    qualifier,
    state_for_1,
    valid_path,
    xliff_major,
)
from mt.formats.xmlsafe import (
    fragment,
    get_attrs,
    indent,
    inline_xml,
    local_name,
    parse_xml,
    preserve_space,
    raw_xml,
    set_attrs,
    set_content,
    set_text,
    text_content,
    to_bytes,
)

NS = NS_1
#: Inline codes whose content is native markup, not text.
CODES = frozenset({"bpt", "ept", "ph", "it"})
#: The state of a target mt changed: a translation that needs review.
CHANGED_STATE = "needs-review-translation"
_STRUCTURAL = frozenset({"xliff", "file", "body", "group", "trans-unit"})


class Xliff1Handler(FormatHandler):
    """XLIFF 1.2 ``<trans-unit>`` elements in one or more ``<file>`` elements."""

    name: ClassVar[str] = "xliff1"
    extensions: ClassVar[tuple[str, ...]] = (".xlf", ".xliff")
    description: ClassVar[str] = "XLIFF 1.2 bilingual file"
    fields: ClassVar[frozenset[str]] = frozenset({"id", "source", "mt", "reference", "meta"})

    def sniff(self, data: bytes) -> bool:
        return xliff_major(data) == "1"

    def parse(self, data: bytes, path: str) -> Document:
        root = parse_xml(data, path).getroot()
        namespace = check_root(root, "1", path)
        return _Reader(namespace, path).read(root)

    # -- writing -----------------------------------------------------------------------------

    def serialize(self, doc: Document) -> bytes:
        dmeta: dict[str, Any] = doc.meta.get("xliff1") or {}
        namespace = dmeta.get("namespace", NS)
        q = qualifier(namespace)
        nsmap = dict(dmeta.get("nsmap") or {})
        if any(seg.source is None for seg in doc.segments):
            nsmap.setdefault("mt", MT_NS)
        root = make_root("xliff", namespace, nsmap)
        root.set("version", dmeta.get("version", "1.2"))
        set_attrs(root, dmeta.get("attrs"))
        files = dmeta.get("files") or [{"attrs": self._default_file(doc)}]
        groups: list[dict[str, Any]] = dmeta.get("groups") or []
        src, tgt = dmeta.get("langs") or [None, None]

        def make_group(parent: etree._Element, index: int) -> etree._Element:
            group = etree.SubElement(parent, q("group"))
            set_attrs(group, groups[index].get("attrs"))
            for raw in groups[index].get("extra") or []:
                group.append(fragment(raw))
            return group

        bodies: list[tuple[etree._Element, GroupNester]] = []
        for info in files:
            file = etree.SubElement(root, q("file"))
            set_attrs(file, info.get("attrs"))
            set_lang(file, "source-language", doc.source_lang, src, required=True)
            set_lang(file, "target-language", doc.target_lang, tgt, required=False)
            if info.get("header"):
                file.append(fragment(info["header"]))
            body = etree.SubElement(file, q("body"))
            bodies.append((body, GroupNester(body, make_group)))
        current = 0
        for seg in doc.segments:
            meta: dict[str, Any] = seg.meta.get("xliff1") or {}
            index = meta.get("file", current)
            current = index if isinstance(index, int) and 0 <= index < len(bodies) else current
            parent = bodies[current][1].parent(valid_path(meta.get("groups"), groups))
            self._write_unit(parent, seg, meta, q, bodies[current][0].getparent())
        for (body, _), info in zip(bodies, files, strict=True):
            for raw in info.get("body_extra") or []:
                body.append(fragment(raw))
        indent(root, frozenset(q(t) for t in _STRUCTURAL))
        return to_bytes(root)

    @staticmethod
    def _default_file(doc: Document) -> dict[str, str]:
        path = doc.meta.get("path")
        attrs = {"original": Path(path).name if path else "document"}
        attrs["source-language"] = doc.source_lang or "und"
        if doc.target_lang:
            attrs["target-language"] = doc.target_lang
        attrs["datatype"] = "plaintext"
        return attrs

    @staticmethod
    def _write_unit(
        parent: etree._Element,
        seg: Segment,
        meta: dict[str, Any],
        q: Callable[[str], str],
        file: etree._Element,
    ) -> None:
        what = f"segment {seg.id}"
        target_text = seg.post_edit
        changed = target_text != seg.mt
        tu = etree.SubElement(parent, q("trans-unit"), id=meta.get("id", seg.id))
        set_attrs(tu, meta.get("attrs"))
        if changed and tu.get("approved") == "yes":
            tu.set("approved", "no")
        source = etree.SubElement(tu, q("source"))
        set_attrs(source, meta.get("source_attrs"))
        set_content(source, seg.source or "", meta.get("source_xml"), f"{what}: source", CODES)
        texts = [source]
        if meta.get("seg_source"):
            tu.append(fragment(meta["seg_source"]))
        if not (meta.get("target_missing") and target_text == ""):
            target = etree.SubElement(tu, q("target"))
            set_attrs(target, meta.get("target_attrs"))
            state = CHANGED_STATE if changed else state_for_1(seg.meta.get("state"))
            if state:
                target.set("state", state)
            if seg.meta.get("state-qualifier"):
                target.set("state-qualifier", seg.meta["state-qualifier"])
            set_content(target, target_text, meta.get("target_xml"), f"{what}: target", CODES)
            texts.append(target)
        for note in meta.get("notes") or []:
            elem = etree.SubElement(tu, q("note"))
            set_attrs(elem, note.get("attrs"))
            set_text(elem, note.get("text", ""), f"{what}: note")
            texts.append(elem)
        if seg.reference is not None:
            elem = etree.SubElement(tu, q("note"), {"from": REFERENCE_NOTE})
            set_text(elem, seg.reference, f"{what}: reference")
            texts.append(elem)
        for raw in meta.get("extra") or []:
            tu.append(fragment(raw))
        preserve_space(texts, tu, file)
        if seg.source is None:
            tu.set(NO_SOURCE, "none")


class _Reader:
    """Reads the files, groups and trans-units of one XLIFF 1.x document."""

    def __init__(self, namespace: str, path: str) -> None:
        self._q = qualifier(namespace)
        self._namespace = namespace
        self._path = path
        self._groups: list[dict[str, Any]] = []
        self._files: list[dict[str, Any]] = []
        self._ids: dict[str, int] = {}
        self._file_ids: dict[str, int] = {}
        self._doc = Document()

    def read(self, root: etree._Element) -> Document:
        files = [c for c in root if c.tag == self._q("file")]
        if not files:
            raise FormatError("<xliff> has no <file>", path=self._path, line=root.sourceline)
        doc = self._doc
        doc.source_lang = known_lang(files[0].get("source-language"))
        doc.target_lang = known_lang(files[0].get("target-language"))
        for index, file in enumerate(files):
            self._read_file(file, index, len(files) > 1)
        doc.meta["xliff1"] = {
            "namespace": self._namespace,
            "version": root.get("version", "1.2"),
            "attrs": get_attrs(root, skip=("version",)),
            "nsmap": nsmap_of(root),
            "files": self._files,
            "groups": self._groups,
            "langs": [doc.source_lang, doc.target_lang],
        }
        return doc

    def _read_file(self, file: etree._Element, index: int, many: bool) -> None:
        q = self._q
        info: dict[str, Any] = {"attrs": get_attrs(file), "body_extra": []}
        header = file.find(q("header"))
        if header is not None:
            info["header"] = raw_xml(header)
        body = file.find(q("body"))
        if body is None:
            raise FormatError("<file> has no <body>", path=self._path, line=file.sourceline)
        self._files.append(info)
        self._file_ids = {}
        self._walk(body, index if many else None, [], info["body_extra"])

    def _walk(
        self, container: etree._Element, file: int | None, path: list[int], extra: list[str]
    ) -> None:
        unit, group = self._q("trans-unit"), self._q("group")
        for child in container:
            if child.tag == unit:
                self._doc.segments.append(self._segment(child, file, path))
            elif child.tag == group:
                info: dict[str, Any] = {"attrs": get_attrs(child), "extra": []}
                self._groups.append(info)
                self._walk(child, file, [*path, len(self._groups) - 1], info["extra"])
            elif local_name(child):
                extra.append(raw_xml(child))

    def _segment(self, tu: etree._Element, file: int | None, path: list[int]) -> Segment:
        q = self._q
        uid = tu.get("id")
        if not uid:
            raise FormatError("<trans-unit> without id", path=self._path, line=tu.sourceline)
        if uid in self._file_ids:
            raise FormatError(
                f"duplicate trans-unit id {uid!r} (first used on line {self._file_ids[uid]})",
                path=self._path,
                line=tu.sourceline,
            )
        self._file_ids[uid] = tu.sourceline or 0
        meta: dict[str, Any] = {}
        seg_id = uid if uid not in self._ids else f"{(file or 0) + 1}:{uid}"
        if seg_id in self._ids:
            raise FormatError(
                f"trans-unit id {uid!r} clashes with another segment id",
                path=self._path,
                line=tu.sourceline,
            )
        self._ids[seg_id] = tu.sourceline or 0
        if seg_id != uid:
            meta["id"] = uid
        if file is not None:
            meta["file"] = file
        if path:
            meta["groups"] = path
        attrs = get_attrs(tu, skip=("id", NO_SOURCE))
        if attrs:
            meta["attrs"] = attrs
        source_el = target_el = None
        reference: str | None = None
        notes: list[dict[str, Any]] = []
        extra: list[str] = []
        for child in tu:
            tag = child.tag
            if tag == q("source"):
                source_el = child
            elif tag == q("target"):
                target_el = child
            elif tag == q("note") and child.get("from") == REFERENCE_NOTE:
                reference = text_content(child)
            elif tag == q("note"):
                notes.append({"attrs": get_attrs(child), "text": text_content(child)})
            elif tag == q("seg-source"):
                meta["seg_source"] = raw_xml(child)
            elif local_name(child):
                extra.append(raw_xml(child))
        if source_el is None:
            raise FormatError(
                f"<trans-unit id={uid!r}> has no <source>", path=self._path, line=tu.sourceline
            )
        source = None if tu.get(NO_SOURCE) == "none" else text_content(source_el, CODES)
        seg = Segment(id=seg_id, mt="", source=source, reference=reference)
        keep(meta, "source_attrs", get_attrs(source_el))
        keep(meta, "source_xml", inline_xml(source_el))
        if target_el is None:
            meta["target_missing"] = True
        else:
            seg.mt = text_content(target_el, CODES)
            attrs = get_attrs(target_el, skip=("state", "state-qualifier"))
            keep(meta, "target_attrs", attrs)
            keep(meta, "target_xml", inline_xml(target_el))
            for key in ("state", "state-qualifier"):
                if target_el.get(key) is not None:
                    seg.meta[key] = target_el.get(key)
        keep(meta, "notes", notes)
        keep(meta, "extra", extra)
        if meta:
            seg.meta["xliff1"] = meta
        return seg


def set_lang(
    elem: etree._Element, attr: str, lang: str | None, parsed: str | None, *, required: bool
) -> None:
    """Write the document's language unless it is the one read and the element has its own."""
    if lang == parsed and elem.get(attr) is not None:
        return
    if lang is not None or required:
        elem.set(attr, lang or "und")
    elif attr in elem.attrib:
        del elem.attrib[attr]
