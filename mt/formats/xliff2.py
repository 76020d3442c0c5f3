"""XLIFF 2.0/2.1: one segment per ``<segment>`` of a ``<unit>``.

A segment's id is its unit's id where the unit has one segment, else ``unit/segment`` (the
segment's own id, or its 1-based position). Files, groups, unit attributes, notes,
``<originalData>``, ``<ignorable>`` whitespace and other children are kept in ``meta`` so writing
gives back the same structure; ``state`` and ``subState`` live in ``segment.meta``. A segment
whose post-edit differs from its MT is written with ``state="translated"`` (not yet reviewed),
dropping a ``subState`` that refined another state. The reference translation travels as
``<note category="mt-reference">``. Characters XML cannot hold are written as
``<cp hex="..."/>``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from lxml import etree

from mt.document import Document, Segment
from mt.errors import FormatError
from mt.formats.base import FormatHandler
from mt.formats.xliff_common import (
    MT_NS,
    NO_SOURCE,
    NS_2,
    REFERENCE_NOTE,
    GroupNester,
    check_root,
    cp_text_writer,
    keep,
    known_lang,
    make_root,
    nsmap_of,
    qualifier,
    state_for_2,
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

NS = NS_2
#: The state of a segment mt changed: translated, not yet reviewed.
CHANGED_STATE = "translated"
_STRUCTURAL = frozenset({"xliff", "file", "group", "unit", "segment", "notes"})


def reference_note_id(key: str, multi: bool) -> str | None:
    """The id of the reference note of segment ``key``; none where the unit has one segment."""
    return f"{REFERENCE_NOTE}-{key}" if multi else None


class Xliff2Handler(FormatHandler):
    """XLIFF 2.x ``<unit>`` elements, each with one or more ``<segment>`` elements."""

    name: ClassVar[str] = "xliff2"
    extensions: ClassVar[tuple[str, ...]] = (".xlf", ".xliff", ".xlf2")
    description: ClassVar[str] = "XLIFF 2.0/2.1 bilingual file"
    fields: ClassVar[frozenset[str]] = frozenset({"id", "source", "mt", "reference", "meta"})

    def sniff(self, data: bytes) -> bool:
        return xliff_major(data) == "2"

    def parse(self, data: bytes, path: str) -> Document:
        root = parse_xml(data, path).getroot()
        namespace = check_root(root, "2", path)
        return _Reader(namespace, path).read(root)

    def serialize(self, doc: Document) -> bytes:
        return _Writer(doc).write()


class _Reader:
    """Reads the files, groups, units and segments of one XLIFF 2 document."""

    def __init__(self, namespace: str, path: str) -> None:
        self._q = qualifier(namespace)
        self._namespace = namespace
        self._path = path
        self._groups: list[dict[str, Any]] = []
        self._files: list[dict[str, Any]] = []
        self._ids: set[str] = set()
        self._unit_ids: dict[str, int] = {}
        self._doc = Document()

    def _error(self, message: str, elem: etree._Element) -> FormatError:
        return FormatError(message, path=self._path, line=elem.sourceline)

    def read(self, root: etree._Element) -> Document:
        doc = self._doc
        doc.source_lang = known_lang(root.get("srcLang"))
        doc.target_lang = known_lang(root.get("trgLang"))
        files = [c for c in root if c.tag == self._q("file")]
        if not files:
            raise self._error("<xliff> has no <file>", root)
        for index, file in enumerate(files):
            info: dict[str, Any] = {"attrs": get_attrs(file), "head": []}
            self._files.append(info)
            self._unit_ids = {}
            self._walk(file, index if len(files) > 1 else None, [], info["head"])
        doc.meta["xliff2"] = {
            "namespace": self._namespace,
            "version": root.get("version", "2.0"),
            "attrs": get_attrs(root, skip=("version", "srcLang", "trgLang")),
            "nsmap": nsmap_of(root),
            "files": self._files,
            "groups": self._groups,
            "langs": [doc.source_lang, doc.target_lang],
        }
        return doc

    def _walk(
        self, container: etree._Element, file: int | None, path: list[int], head: list[str]
    ) -> None:
        unit, group = self._q("unit"), self._q("group")
        for child in container:
            if child.tag == unit:
                self._unit(child, file, path)
            elif child.tag == group:
                info: dict[str, Any] = {"attrs": get_attrs(child), "head": []}
                self._groups.append(info)
                self._walk(child, file, [*path, len(self._groups) - 1], info["head"])
            elif local_name(child):
                head.append(raw_xml(child))

    def _unit(self, unit: etree._Element, file: int | None, path: list[int]) -> None:
        q = self._q
        uid = unit.get("id")
        if not uid:
            raise self._error("<unit> without id", unit)
        if uid in self._unit_ids:
            raise self._error(
                f"duplicate unit id {uid!r} (first used on line {self._unit_ids[uid]})", unit
            )
        self._unit_ids[uid] = unit.sourceline or 0
        head: list[str] = []
        notes: list[dict[str, Any]] = []
        refs: dict[str | None, str] = {}
        segments: list[tuple[etree._Element, list[str]]] = []
        pending: list[str] = []
        for child in unit:
            if child.tag == q("segment"):
                segments.append((child, pending))
                pending = []
            elif child.tag == q("ignorable"):
                pending.append(raw_xml(child))
            elif child.tag == q("notes"):
                for note in child:
                    if note.get("category") == REFERENCE_NOTE:
                        refs[note.get("id")] = text_content(note)
                    elif local_name(note):
                        notes.append({"attrs": get_attrs(note), "text": text_content(note)})
            elif local_name(child):
                head.append(raw_xml(child))
        if not segments:
            raise self._error(f"<unit id={uid!r}> has no <segment>", unit)
        multi = len(segments) > 1
        no_source = unit.get(NO_SOURCE) == "none"
        for index, (elem, before) in enumerate(segments):
            meta: dict[str, Any] = {}
            if index == 0:
                keep(meta, "attrs", get_attrs(unit, skip=("id", NO_SOURCE)))
                keep(meta, "head", head)
                keep(meta, "notes", notes)
            keep(meta, "before", before)
            if index == len(segments) - 1:
                keep(meta, "after", pending)
            key = elem.get("id") or str(index + 1)
            seg_id = self._segment_id(f"{uid}/{key}" if multi else uid, file, elem)
            if multi or seg_id != uid:
                meta["unit"] = uid
            if file is not None:
                meta["file"] = file
            if path:
                meta["groups"] = path
            reference = refs.get(reference_note_id(key, multi))
            if not multi and reference is None and refs:
                reference = next(iter(refs.values()))
            seg = self._segment(elem, seg_id, meta, reference)
            if no_source:
                seg.source = None
            self._doc.segments.append(seg)

    def _segment_id(self, seg_id: str, file: int | None, elem: etree._Element) -> str:
        if seg_id in self._ids:
            seg_id = f"{(file or 0) + 1}:{seg_id}"
        if seg_id in self._ids:
            raise self._error(f"segment id {seg_id!r} is used twice", elem)
        self._ids.add(seg_id)
        return seg_id

    def _segment(
        self, elem: etree._Element, seg_id: str, meta: dict[str, Any], reference: str | None
    ) -> Segment:
        q = self._q
        source = elem.find(q("source"))
        if source is None:
            raise self._error("<segment> has no <source>", elem)
        target = elem.find(q("target"))
        seg = Segment(id=seg_id, mt="", source=text_content(source), reference=reference)
        if elem.get("id") is not None:
            meta["segment"] = elem.get("id")
        keep(meta, "segment_attrs", get_attrs(elem, skip=("id", "state", "subState")))
        for key in ("state", "subState"):
            if elem.get(key) is not None:
                seg.meta[key] = elem.get(key)
        keep(meta, "source_attrs", get_attrs(source))
        keep(meta, "source_xml", inline_xml(source))
        if target is None:
            meta["target_missing"] = True
        else:
            seg.mt = text_content(target)
            keep(meta, "target_attrs", get_attrs(target))
            keep(meta, "target_xml", inline_xml(target))
        if meta:
            seg.meta["xliff2"] = meta
        return seg


class _Writer:
    """Writes a document as XLIFF 2, one ``<unit>`` per run of segments sharing a unit id."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.dmeta: dict[str, Any] = doc.meta.get("xliff2") or {}
        namespace = self.dmeta.get("namespace", NS)
        self.q = qualifier(namespace)
        self._write_text = cp_text_writer(self.q("cp"))
        self.namespace = namespace
        self.groups: list[dict[str, Any]] = self.dmeta.get("groups") or []

    def write(self) -> bytes:
        doc, dmeta, q = self.doc, self.dmeta, self.q
        nsmap = dict(dmeta.get("nsmap") or {})
        if any(seg.source is None for seg in doc.segments):
            nsmap.setdefault("mt", MT_NS)
        root = make_root("xliff", self.namespace, nsmap)
        root.set("version", dmeta.get("version", "2.0"))
        root.set("srcLang", doc.source_lang or "und")
        if doc.target_lang:
            root.set("trgLang", doc.target_lang)
        set_attrs(root, dmeta.get("attrs"))
        files = dmeta.get("files") or [{"attrs": self._default_file()}]
        nesters: list[GroupNester] = []
        self.files: list[etree._Element] = []
        for info in files:
            file = etree.SubElement(root, q("file"))
            set_attrs(file, info.get("attrs"))
            for raw in info.get("head") or []:
                file.append(fragment(raw))
            nesters.append(GroupNester(file, self._make_group))
            self.files.append(file)
        for file_index, run in self._units():
            meta = run[0].meta.get("xliff2") or {}
            parent = nesters[file_index].parent(valid_path(meta.get("groups"), self.groups))
            self._write_unit(parent, run, self.files[file_index])
        indent(root, frozenset(q(t) for t in _STRUCTURAL))
        return to_bytes(root)

    def _default_file(self) -> dict[str, str]:
        path = self.doc.meta.get("path")
        return {"id": "f1", "original": Path(path).name if path else "document"}

    def _make_group(self, parent: etree._Element, index: int) -> etree._Element:
        group = etree.SubElement(parent, self.q("group"))
        set_attrs(group, self.groups[index].get("attrs"))
        for raw in self.groups[index].get("head") or []:
            group.append(fragment(raw))
        return group

    def _units(self) -> list[tuple[int, list[Segment]]]:
        """Consecutive segments of the same file and unit, with the index of their file."""
        count = len(self.dmeta.get("files") or [None])
        runs: list[tuple[int, list[Segment]]] = []
        current, last_unit = 0, None
        for seg in self.doc.segments:
            meta = seg.meta.get("xliff2") or {}
            index = meta.get("file", current)
            file = index if isinstance(index, int) and 0 <= index < count else current
            unit = meta.get("unit")
            if runs and unit is not None and unit == last_unit and file == current:
                runs[-1][1].append(seg)
            else:
                runs.append((file, [seg]))
            current, last_unit = file, unit
        return runs

    def _write_unit(self, parent: etree._Element, run: list[Segment], file: etree._Element) -> None:
        q = self.q
        first = run[0].meta.get("xliff2") or {}
        multi = len(run) > 1
        unit = etree.SubElement(parent, q("unit"), id=first.get("unit", run[0].id))
        set_attrs(unit, first.get("attrs"))
        head = [fragment(raw) for raw in first.get("head") or []]
        original = [h for h in head if local_name(h) == "originalData"]
        for elem in head:
            if local_name(elem) != "originalData":
                unit.append(elem)
        texts = self._write_notes(unit, run, first, multi)
        for elem in original:
            unit.append(elem)
        for index, seg in enumerate(run):
            meta = seg.meta.get("xliff2") or {}
            for raw in meta.get("before") or []:
                unit.append(fragment(raw))
            texts += self._write_segment(unit, seg, meta)
            if index == len(run) - 1:
                for raw in meta.get("after") or []:
                    unit.append(fragment(raw))
        preserve_space(texts, unit, file)
        if all(seg.source is None for seg in run):
            unit.set(NO_SOURCE, "none")

    def _write_notes(
        self, unit: etree._Element, run: list[Segment], first: dict[str, Any], multi: bool
    ) -> list[etree._Element]:
        q = self.q
        kept = first.get("notes") or []
        if not kept and all(seg.reference is None for seg in run):
            return []
        notes = etree.SubElement(unit, q("notes"))
        written: list[etree._Element] = []
        for note in kept:
            elem = etree.SubElement(notes, q("note"))
            set_attrs(elem, note.get("attrs"))
            set_text(elem, note.get("text", ""), f"segment {run[0].id}: note")
            written.append(elem)
        for index, seg in enumerate(run):
            if seg.reference is None:
                continue
            elem = etree.SubElement(notes, q("note"), category=REFERENCE_NOTE)
            meta = seg.meta.get("xliff2") or {}
            note_id = reference_note_id(meta.get("segment") or str(index + 1), multi)
            if note_id is not None:
                elem.set("id", note_id)
            set_text(elem, seg.reference, f"segment {seg.id}: reference")
            written.append(elem)
        return written

    def _write_segment(
        self, unit: etree._Element, seg: Segment, meta: dict[str, Any]
    ) -> list[etree._Element]:
        q, what = self.q, f"segment {seg.id}"
        elem = etree.SubElement(unit, q("segment"))
        if meta.get("segment") is not None:
            elem.set("id", meta["segment"])
        target_text = seg.post_edit
        state = state_for_2(seg.meta.get("state"))
        sub_state = seg.meta.get("subState")
        if target_text != seg.mt:
            sub_state = sub_state if state == CHANGED_STATE else None
            state = CHANGED_STATE
        if state:
            elem.set("state", state)
        if sub_state:
            elem.set("subState", sub_state)
        set_attrs(elem, meta.get("segment_attrs"))
        source = etree.SubElement(elem, q("source"))
        set_attrs(source, meta.get("source_attrs"))
        set_content(
            source,
            seg.source or "",
            meta.get("source_xml"),
            f"{what}: source",
            write=self._write_text,
        )
        texts = [source]
        if not (meta.get("target_missing") and target_text == ""):
            target = etree.SubElement(elem, q("target"))
            set_attrs(target, meta.get("target_attrs"))
            set_content(
                target,
                target_text,
                meta.get("target_xml"),
                f"{what}: target",
                write=self._write_text,
            )
            texts.append(target)
        return texts
