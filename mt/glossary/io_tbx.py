"""Glossaries as TBX: TBX v3 core / TBX-Basic (DCA style), and reading TBX 2 (``martif``).

Import accepts ``conceptEntry`` or ``termEntry``, ``langSec`` or ``langSet``, and ``termSec``,
``tig`` or ``ntig``, in any namespace. In the target language a term whose
``termNote type="administrativeStatus"`` is ``deprecatedTerm-admn-sts`` (or superseded) is a
forbidden variant; the first preferred (else first unmarked) term is the preferred target; other
admitted terms are kept in ``entry.extra["admitted"]``. Every source-language term is a source
term. Which language is the source and which the target: the ones the caller gives, else the file
name's (``x.ar-en.tbx``), else the only one of two languages with deprecated terms is the target,
else the root's ``xml:lang`` is the source (as in our own export) and the other one the target.

Export writes TBX v3 (``<tbx type="TBX-Basic" style="dca">``, ``conceptEntry/langSec/termSec``);
fields without a TBX data category (flags, extra columns) go to ``<admin type="x-mt-...">``, so
export then import gives back the same entries.
"""

from __future__ import annotations

from lxml import etree

from mt.errors import FormatError
from mt.formats.xmlsafe import parse_xml
from mt.glossary.columns import languages_from_name
from mt.glossary.entry import Glossary, GlossaryEntry, assign_ids

NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
_NO_LANG = {"x-src": None, "x-tgt": None}


def parse_xml_safely(data: bytes, path: str) -> etree._Element:
    """The root of the XML ``data``, parsed by :func:`mt.formats.xmlsafe.parse_xml` (entities,
    DTD loading and network access off; a DTD that declares entities is refused)."""
    return parse_xml(data, path).getroot()


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _text(el: etree._Element) -> str:
    return "".join(el.itertext())


def parse_tbx(
    data: bytes, path: str, source_lang: str | None = None, target_lang: str | None = None
) -> Glossary:
    """Read a TBX glossary."""
    root = parse_xml_safely(data, path)
    if _local(root) not in ("tbx", "martif"):
        raise FormatError(
            f"not a TBX file: the root element is <{_local(root)}>, expected <tbx> or <martif>",
            path=path,
            line=root.sourceline,
        )
    concepts = [el for el in root.iter() if _local(el) in ("conceptEntry", "termEntry")]
    langs: list[str] = []
    marked: set[str] = set()  # languages with deprecated terms: target languages
    for el in root.iter():
        if _local(el) in ("langSec", "langSet"):
            lang = el.get(XML_LANG)
            if not lang:
                raise FormatError(f"<{_local(el)}> without xml:lang", path=path, line=el.sourceline)
            if lang not in langs:
                langs.append(lang)
            if any(
                _local(note) == "termNote"
                and note.get("type") == "administrativeStatus"
                and _is_variant((note.text or "").lower())
                for note in el.iter()
            ):
                marked.add(lang)
    if source_lang is None and target_lang is None:
        source_lang, target_lang = languages_from_name(path)
    if source_lang is None and target_lang is None and len(langs) == 2 and len(marked) == 1:
        target_lang = next(iter(marked))  # only the target side has forbidden variants
    src, tgt = _languages(root, langs, source_lang, target_lang)
    glossary = Glossary(
        source_lang=_NO_LANG.get(src, src) if src else None,
        target_lang=_NO_LANG.get(tgt, tgt) if tgt else None,
        path=path,
        fmt="tbx",
    )
    for concept in concepts:
        glossary.entries.append(_entry(concept, src, tgt, path))
    assign_ids(glossary.entries)
    return glossary


def _languages(
    root: etree._Element, langs: list[str], source: str | None, target: str | None
) -> tuple[str | None, str | None]:
    def pick(code: str | None) -> str | None:
        if code is None:
            return None
        for lang in langs:
            if lang.lower() == code.lower() or lang.lower().split("-")[0] == code.lower():
                return lang
        return code

    source, target = pick(source), pick(target)
    if source and not target:
        target = next((lang for lang in langs if lang != source), None)
    if target and not source:
        source = next((lang for lang in langs if lang != target), None)
    if not source and not target:
        root_lang = root.get(XML_LANG)
        if root_lang in langs:
            source = root_lang
            target = next((lang for lang in langs if lang != source), None)
        elif root_lang and len(langs) == 1:  # a glossary of target-side entries only
            source, target = root_lang, langs[0]
        elif len(langs) >= 2:
            source, target = langs[0], langs[1]
        elif langs:
            target = langs[0]
    return source, target


def _term_info(term_sec: etree._Element, path: str) -> tuple[str, str, str]:
    """``(term, status, part of speech)`` of a termSec/tig/ntig."""
    term_el = next((el for el in term_sec.iter() if _local(el) == "term"), None)
    if term_el is None:
        raise FormatError(
            f"<{_local(term_sec)}> without a <term>", path=path, line=term_sec.sourceline
        )
    status = pos = ""
    for el in term_sec.iter():
        if _local(el) == "termNote":
            kind = el.get("type", "")
            if kind == "administrativeStatus":
                status = _text(el).strip()
            elif kind == "partOfSpeech":
                pos = _text(el).strip()
    return _text(term_el), status.lower(), pos


def _entry(concept: etree._Element, src: str | None, tgt: str | None, path: str) -> GlossaryEntry:
    entry = GlossaryEntry(id=concept.get("id", ""), target="", line=concept.sourceline)
    preferred: list[tuple[str, str]] = []
    others: list[tuple[str, str]] = []
    variants: list[str] = []
    sources: list[str] = []
    for child in concept:
        name = _local(child)
        kind = child.get("type", "")
        if name == "descrip" and kind == "subjectField":
            entry.domain = _text(child)
        elif name == "note":
            entry.note = _text(child)
        elif name == "admin" and kind == "x-mt-flags":
            _apply_flags(entry, _text(child))
        elif name in ("admin", "descrip") and kind.startswith("x-mt-col-"):
            entry.extra[kind[len("x-mt-col-") :]] = _text(child)
        elif name in ("langSec", "langSet"):
            lang = child.get(XML_LANG)
            for term_sec in child:
                if _local(term_sec) not in ("termSec", "tig", "ntig"):
                    continue
                term, status, pos = _term_info(term_sec, path)
                if lang == src:
                    sources.append(term)
                elif lang == tgt:
                    if _is_variant(status):
                        variants.append(term)
                    elif "preferred" in status:
                        preferred.append((term, pos))
                    else:
                        others.append((term, pos))
    candidates = preferred + others
    if candidates:
        entry.target, entry.pos = candidates[0]
        if len(candidates) > 1:
            entry.extra["admitted"] = "|".join(t for t, _ in candidates[1:])
    entry.sources = tuple(sources)
    entry.variants = tuple(variants)
    return entry


def _is_variant(status: str) -> bool:
    return "deprecated" in status or "superseded" in status


def _apply_flags(entry: GlossaryEntry, text: str) -> None:
    for flag in text.split():
        if flag == "case-sensitive":
            entry.case_sensitive = True
        elif flag == "do-not-translate":
            entry.do_not_translate = True
        elif flag == "whole-word=no":
            entry.whole_word = False
        elif flag.startswith("require-source="):
            entry.require_source = flag.endswith("=yes")


def _flags(entry: GlossaryEntry) -> str:
    flags = []
    if entry.case_sensitive:
        flags.append("case-sensitive")
    if entry.do_not_translate:
        flags.append("do-not-translate")
    if not entry.whole_word:
        flags.append("whole-word=no")
    if entry.require_source is not None:
        flags.append(f"require-source={'yes' if entry.require_source else 'no'}")
    return " ".join(flags)


def render_tbx(glossary: Glossary) -> bytes:
    """The glossary as a TBX v3 (TBX-Basic, DCA) document."""
    src = glossary.source_lang or "x-src"
    tgt = glossary.target_lang or "x-tgt"
    if src == tgt:
        raise FormatError(f"source and target language are both {src!r}", path=glossary.path)

    current = ""

    def sub(
        parent: etree._Element, tag: str, text: str | None = None, **attrs: str
    ) -> etree._Element:
        try:
            el = etree.SubElement(parent, f"{{{NS}}}{tag}", attrs)
            if text is not None:
                el.text = text
        except ValueError:
            raise FormatError(
                f"entry {current}: {text or attrs!r} holds a character that XML cannot hold",
                path=glossary.path,
            ) from None
        return el

    root = etree.Element(f"{{{NS}}}tbx", nsmap={None: NS})
    root.set("type", "TBX-Basic")
    root.set("style", "dca")
    root.set(XML_LANG, src)
    header = sub(root, "tbxHeader")
    file_desc = sub(header, "fileDesc")
    sub(sub(file_desc, "sourceDesc"), "p", "Glossary exported by mt")
    body = sub(sub(root, "text"), "body")
    for entry in glossary.entries:
        current = entry.id
        concept = sub(body, "conceptEntry", id=entry.id)
        if entry.domain:
            sub(concept, "descrip", entry.domain, type="subjectField")
        if entry.note:
            sub(concept, "note", entry.note)
        flags = _flags(entry)
        if flags:
            sub(concept, "admin", flags, type="x-mt-flags")
        for key, value in entry.extra.items():
            if key != "admitted":
                sub(concept, "admin", value, type=f"x-mt-col-{key}")
        if entry.sources:
            lang_sec = sub(concept, "langSec")
            lang_sec.set(XML_LANG, src)
            for term in entry.sources:
                sub(sub(lang_sec, "termSec"), "term", term)
        targets = [(entry.target, PREFERRED)] if entry.target else []
        admitted = entry.extra.get("admitted", "")
        targets += [(t, ADMITTED) for t in admitted.split("|")] if admitted else []
        targets += [(v, DEPRECATED) for v in entry.variants]
        if targets:
            lang_sec = sub(concept, "langSec")
            lang_sec.set(XML_LANG, tgt)
            for i, (term, status) in enumerate(targets):
                term_sec = sub(lang_sec, "termSec")
                sub(term_sec, "term", term)
                if i == 0 and entry.pos and status == PREFERRED:
                    sub(term_sec, "termNote", entry.pos, type="partOfSpeech")
                sub(term_sec, "termNote", status, type="administrativeStatus")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
