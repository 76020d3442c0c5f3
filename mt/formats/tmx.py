"""TMX 1.4 translation memories: one segment per ``<tu>``, source and target ``<tuv>``.

The source language is the header's ``srclang`` (or the first ``<tuv>``'s); the target is the
other language. What a ``<tu>`` holds beyond its two texts (attributes, ``<prop>``, ``<note>``,
further languages, inline codes) is kept in ``segment.meta["tmx"]`` and written back. The
reference translation travels as ``<prop type="x-mt-reference">``.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from lxml import etree

from mt import __version__
from mt.document import Document, Segment
from mt.errors import FormatError
from mt.formats.base import FormatHandler
from mt.formats.xmlsafe import (
    XML_LANG,
    fragment,
    get_attrs,
    indent,
    inline_xml,
    local_name,
    parse_xml,
    raw_xml,
    set_attrs,
    set_content,
    set_text,
    sniff_head,
    text_content,
    to_bytes,
)

#: Inline codes whose content is native markup, not text.
CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})
REFERENCE_PROP = "x-mt-reference"
#: A header ``<prop>`` naming the target language where the ``<tuv>`` elements cannot tell.
TARGET_LANG_PROP = "x-mt-target-language"
#: Marks a ``<tu>`` whose only ``<tuv>`` is the target where the languages cannot tell.
SOURCE_PROP = "x-mt-source"
#: A header ``<prop>`` holding the plain-text layout (JSON) of a document read from text, so
#: that text → TMX → text keeps paragraphs and line ends; ``segtype="paragraph"`` without it
#: still gives paragraphs.
LAYOUT_PROP = "x-mt-text-layout"
_STRUCTURAL = frozenset({"tmx", "header", "body", "tu", "tuv"})
_UNKNOWN = ("", "und", "*all*")


def _lang(tuv: etree._Element) -> str:
    return tuv.get(XML_LANG) or tuv.get("lang") or ""


def _primary(lang: str) -> str:
    return lang.lower().split("-")[0]


def _known(lang: str | None) -> str | None:
    return None if lang is None or lang.lower() in _UNKNOWN else lang


def _target_language(tus: list[etree._Element], src: str) -> str | None:
    """The first language other than ``src``, preferring one with another primary subtag."""
    fallback = None
    for tu in tus:
        for tuv in tu:
            if tuv.tag != "tuv":
                continue
            lang = _lang(tuv)
            if lang.lower() == src.lower():
                continue
            if _primary(lang) != _primary(src):
                return lang
            fallback = fallback or lang
    return fallback


def _languages(srclang: str, tus: list[etree._Element], declared: str | None) -> tuple[str, str]:
    """The source and target language of a TMX body, "" where unknown."""
    src = "" if srclang in ("", "*all*") else srclang
    if not src:
        src = next((_lang(v) for tu in tus for v in tu.iterfind("tuv")), "")
    if declared is not None:
        return src, declared
    return src, _target_language(tus, src) or ""


def _role(lang: str, src: str, tgt: str) -> str | None:
    low = lang.lower()
    if low == src.lower():
        return "source"
    if low == tgt.lower():
        return "target"
    if _primary(src) != _primary(tgt):
        if _primary(lang) == _primary(src):
            return "source"
        if _primary(lang) == _primary(tgt):
            return "target"
    return None


def _read_layout(text: str) -> dict[str, Any] | None:
    """The text layout a header prop holds; ``None`` where it is not one (then it is ignored)."""
    try:
        layout = json.loads(text)
    except ValueError:
        return None
    if not isinstance(layout, dict) or layout.get("mode") not in ("lines", "article"):
        return None
    for value in layout.values():
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(item, str | bool) for item in items):
            return None
    return layout


def _items(elem: etree._Element) -> list[dict[str, Any]]:
    return [
        {"tag": c.tag, "attrs": get_attrs(c), "text": text_content(c)}
        for c in elem
        if c.tag in ("prop", "note")
    ]


def _write_items(parent: etree._Element, items: list[dict[str, Any]], what: str) -> None:
    for item in items:
        child = etree.SubElement(parent, item.get("tag", "note"))
        set_attrs(child, item.get("attrs"))
        set_text(child, item.get("text", ""), what)


class TmxHandler(FormatHandler):
    """TMX 1.4: ``<tu>`` elements with a source and a target ``<tuv>``."""

    name: ClassVar[str] = "tmx"
    extensions: ClassVar[tuple[str, ...]] = (".tmx",)
    description: ClassVar[str] = "TMX 1.4 translation memory"
    fields: ClassVar[frozenset[str]] = frozenset({"id", "source", "mt", "reference", "meta"})

    def sniff(self, data: bytes) -> bool:
        return "<tmx" in sniff_head(data)

    # -- reading -----------------------------------------------------------------------------

    def parse(self, data: bytes, path: str) -> Document:
        root = parse_xml(data, path).getroot()
        if root.tag != "tmx":
            raise FormatError(
                f"expected a TMX file with root element <tmx>, found <{local_name(root)}>",
                path=path,
                line=root.sourceline,
            )
        version = root.get("version", "1.4")
        if not version.startswith("1."):
            raise FormatError(
                f"unsupported TMX version {version!r}; expected 1.4",
                path=path,
                line=root.sourceline,
            )
        header = root.find("header")
        body = root.find("body")
        if body is None:
            raise FormatError("<tmx> has no <body>", path=path, line=root.sourceline)
        tus = body.findall("tu")
        declared = None
        layout: dict[str, Any] | None = None
        header_items: list[str] = []
        for child in header if header is not None else ():
            if child.tag == "prop" and child.get("type") == TARGET_LANG_PROP:
                declared = text_content(child).strip()
            elif child.tag == "prop" and child.get("type") == LAYOUT_PROP:
                layout = _read_layout(text_content(child))
            elif isinstance(child.tag, str):
                header_items.append(raw_xml(child))
        srclang = header.get("srclang", "") if header is not None else ""
        src, tgt = _languages(srclang, tus, declared)
        doc = Document(source_lang=_known(src), target_lang=_known(tgt))
        doc.meta["tmx"] = {
            "version": version,
            "header": get_attrs(header) if header is not None else {},
            "header_items": header_items,
            "langs": [doc.source_lang, doc.target_lang],
        }
        if layout is None and header is not None and header.get("segtype") == "paragraph":
            layout = {"mode": "article", "eol": "\n"}
        if layout is not None:
            doc.meta["text"] = layout
        seen: dict[str, int] = {}
        for position, tu in enumerate(tus, 1):
            seg = self._segment(tu, position, src, tgt, path)
            if seg.id in seen:
                raise FormatError(
                    f"duplicate tuid {seg.id!r} (first used on line {seen[seg.id]})",
                    path=path,
                    line=tu.sourceline,
                )
            seen[seg.id] = tu.sourceline or 0
            doc.segments.append(seg)
        return doc

    def _segment(self, tu: etree._Element, position: int, src: str, tgt: str, path: str) -> Segment:
        meta: dict[str, Any] = {}
        tuid = tu.get("tuid")
        if tuid is None:
            meta["tuid"] = False
        attrs = get_attrs(tu, skip=("tuid",))
        if attrs:
            meta["attrs"] = attrs
        reference: str | None = None
        no_source = False
        items: list[dict[str, Any]] = []
        for item in _items(tu):
            kind = item["attrs"].get("type") if item["tag"] == "prop" else None
            if kind == REFERENCE_PROP:
                reference = item["text"]
            elif kind == SOURCE_PROP:
                no_source = item["text"].strip() == "absent"
            else:
                items.append(item)
        if items:
            meta["items"] = items
        tuvs = tu.findall("tuv")
        if not tuvs:
            raise FormatError("<tu> has no <tuv>", path=path, line=tu.sourceline)
        source_tuv, target_tuv, others = self._split(tuvs, src, tgt, no_source)
        source = None
        if source_tuv is not None:
            source = self._read_tuv(source_tuv, "source", src, meta, path)
        if target_tuv is None:
            meta["target_missing"] = True
            mt = ""
        else:
            mt = self._read_tuv(target_tuv, "target", tgt, meta, path)
        if others:
            meta["others"] = [raw_xml(t) for t in others]
        seg_id = tuid if tuid is not None else str(position)
        seg = Segment(id=seg_id, mt=mt, source=source, reference=reference)
        if meta:
            seg.meta["tmx"] = meta
        return seg

    @staticmethod
    def _split(
        tuvs: list[etree._Element], src: str, tgt: str, no_source: bool
    ) -> tuple[etree._Element | None, etree._Element | None, list[etree._Element]]:
        """The source ``<tuv>``, the target ``<tuv>`` and the others of one ``<tu>``."""
        found: dict[str, etree._Element] = {}
        others: list[etree._Element] = []
        if not tgt or tgt.lower() == src.lower():
            roles = ["target"] if no_source else ["source", "target"]
            for tuv in tuvs:
                if roles:
                    found[roles.pop(0)] = tuv
                else:
                    others.append(tuv)
        else:
            for tuv in tuvs:
                role = _role(_lang(tuv), src, tgt)
                if role is None or role in found or (role == "source" and no_source):
                    others.append(tuv)
                else:
                    found[role] = tuv
        return found.get("source"), found.get("target"), others

    @staticmethod
    def _read_tuv(
        tuv: etree._Element, role: str, lang: str, meta: dict[str, Any], path: str
    ) -> str:
        seg = tuv.find("seg")
        if seg is None:
            raise FormatError("<tuv> has no <seg>", path=path, line=tuv.sourceline)
        info: dict[str, Any] = {}
        if _lang(tuv) != lang:
            info["lang"] = _lang(tuv)
        attrs = get_attrs(tuv, skip=("xml:lang", "lang"))
        if attrs:
            info["attrs"] = attrs
        items = _items(tuv)
        if items:
            info["items"] = items
        raw = inline_xml(seg)
        if raw is not None:
            info["xml"] = raw
        if info:
            meta[role] = info
        return text_content(seg, CODES)

    # -- writing -----------------------------------------------------------------------------

    def serialize(self, doc: Document) -> bytes:
        dmeta = doc.meta.get("tmx") or {}
        langs = dmeta.get("langs") or [None, None]
        root = etree.Element("tmx", version=dmeta.get("version", "1.4"))
        header_attrs: dict[str, str] = {
            "creationtool": "mt",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": "mt",
            "adminlang": "en",
            "srclang": "und",
            "datatype": "plaintext",
        }
        header_attrs.update(dmeta.get("header") or {})
        if doc.source_lang != langs[0] or "srclang" not in (dmeta.get("header") or {}):
            header_attrs["srclang"] = doc.source_lang or "und"
        header = etree.SubElement(root, "header")
        set_attrs(header, header_attrs)
        for raw in dmeta.get("header_items") or []:
            header.append(fragment(raw))
        layout = doc.meta.get("text")
        if layout:
            if layout.get("mode") == "article" and "segtype" not in (dmeta.get("header") or {}):
                header.set("segtype", "paragraph")
            prop = etree.SubElement(header, "prop", type=LAYOUT_PROP)
            prop.text = json.dumps(layout, ensure_ascii=False)
        body = etree.SubElement(root, "body")
        src_lang = doc.source_lang or "und"
        tgt_lang = doc.target_lang or "und"
        ambiguous = src_lang.lower() == tgt_lang.lower()
        for seg in doc.segments:
            self._write_tu(body, seg, src_lang, tgt_lang, ambiguous)
        _, inferred = _languages(header_attrs["srclang"], list(body), None)
        if _known(inferred) != doc.target_lang:
            prop = etree.SubElement(header, "prop", type=TARGET_LANG_PROP)
            prop.text = tgt_lang
        indent(root, _STRUCTURAL)
        return to_bytes(root)

    def _write_tu(
        self, body: etree._Element, seg: Segment, src_lang: str, tgt_lang: str, ambiguous: bool
    ) -> None:
        meta: dict[str, Any] = seg.meta.get("tmx") or {}
        tu = etree.SubElement(body, "tu")
        if meta.get("tuid", True) is not False:
            tu.set("tuid", seg.id)
        set_attrs(tu, meta.get("attrs"))
        what = f"segment {seg.id}"
        _write_items(tu, meta.get("items") or [], what)
        if seg.reference is not None:
            prop = etree.SubElement(tu, "prop", type=REFERENCE_PROP)
            set_text(prop, seg.reference, f"{what}: reference")
        target = seg.post_edit
        write_target = not (meta.get("target_missing") and target == "" and seg.source is not None)
        if seg.source is None and ambiguous and write_target:
            etree.SubElement(tu, "prop", type=SOURCE_PROP).text = "absent"
        if seg.source is not None:
            self._write_tuv(tu, seg.source, src_lang, meta.get("source") or {}, f"{what}: source")
        if write_target:
            self._write_tuv(tu, target, tgt_lang, meta.get("target") or {}, f"{what}: target")
        for raw in meta.get("others") or []:
            tu.append(fragment(raw))

    @staticmethod
    def _write_tuv(
        tu: etree._Element, text: str, lang: str, info: dict[str, Any], what: str
    ) -> None:
        kept = info.get("lang")
        if kept and (lang == "und" or _primary(kept) == _primary(lang)):
            lang = kept
        tuv = etree.SubElement(tu, "tuv")
        tuv.set(XML_LANG, lang)
        set_attrs(tuv, info.get("attrs"))
        _write_items(tuv, info.get("items") or [], what)
        seg = etree.SubElement(tuv, "seg")
        set_content(seg, text, info.get("xml"), what, CODES)
