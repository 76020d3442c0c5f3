"""One side of a document (source, MT, reference or post-edit) for formats that hold one text
per segment, such as plain text: which side an output file wants, and the document of that side.
"""

from __future__ import annotations

import copy
from pathlib import Path

from mt.document import Document, Segment
from mt.errors import UsageError
from mt.formats.langcodes import language_of_path

SIDES: tuple[str, ...] = ("source", "mt", "reference", "post-edit")
#: The name part before the language code that names a target side (``story.ref.en``).
_INFIXES = {"ref": "reference", "mt": "mt", "pe": "post-edit"}


def _primary(lang: str | None) -> str | None:
    return lang.lower().split("-")[0].split("_")[0] if lang else None


def _infix_side(path: Path) -> str | None:
    parts = path.name.lower().split(".")
    return _INFIXES.get(parts[-2]) if len(parts) >= 3 else None


def default_side(doc: Document, path: str | Path) -> str:
    """The side the one-sided output ``path`` asks for by its name; a usage error if unclear.

    The language code picks the source or the target side (``back.ar`` of an ar → en document
    is the source); on the target side ``.ref.``, ``.mt.`` or ``.pe.`` before the code picks the
    reference, the raw MT or the post-edit, else the post-edit. A document without source text
    needs no language code.
    """
    out = Path(path)
    lang = _primary(language_of_path(out))
    src, tgt = _primary(doc.source_lang), _primary(doc.target_lang)
    target = _infix_side(out) or "post-edit"
    ask = f"pass --side ({' | '.join(SIDES)})"
    if lang is not None and src != tgt:
        if lang == src:
            return "source"
        if lang == tgt:
            return target
        if src and tgt:
            raise UsageError(
                f"the document is {doc.source_lang} → {doc.target_lang}, but the name says "
                f"{lang}: which side should it hold? {ask}",
                path=out,
            )
    if doc.has_source:
        raise UsageError(
            f"plain text holds one side and the name does not say which "
            f"(document languages: {doc.source_lang or '?'} → {doc.target_lang or '?'}); {ask}",
            path=out,
        )
    return target


def side_document(doc: Document, side: str) -> Document:
    """A copy of ``doc`` whose segments' MT is the ``side`` text, with no edits."""
    if side not in SIDES:
        raise UsageError(f"unknown side {side!r}; choose one of: {', '.join(SIDES)}")
    segments = []
    for seg in doc.segments:
        text = seg.post_edit if side == "post-edit" else getattr(seg, side)
        if text is None:
            where = "" if len(doc) == 1 else f" (segment {seg.id} has none)"
            raise UsageError(f"the document has no {side} text{where}; choose another --side")
        segments.append(Segment(seg.id, text, meta=copy.deepcopy(seg.meta)))
    lang = doc.source_lang if side == "source" else doc.target_lang
    return Document(segments, source_lang=None, target_lang=lang, meta=copy.deepcopy(doc.meta))
