"""Deleted paragraphs: a segment the translator emptied (:func:`~.state.is_deleted`) is left out
of an article's output together with its blank-line separator (:func:`output_document`). The
segment stays in the session (its edits empty it), so the deletion survives saving, reopening,
the journal and undo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mt.document import Document
from mt.formats.registry import candidate_formats, guess_format
from mt.pipeline.review.state import is_deleted

TEXT_FORMAT = "text"


def output_format(doc: Document, path: Path) -> str:
    """The format :func:`mt.formats.write_document` picks for ``doc`` at ``path``."""
    names = candidate_formats(path)
    if doc.meta.get("format") in names or (not names and doc.meta.get("format")):
        return str(doc.meta["format"])
    return guess_format(path)


def output_document(doc: Document, fmt: str) -> Document:
    """``doc`` as written in ``fmt``: in article layout (paragraphs separated by blank lines)
    without its deleted paragraphs and one separator each; else ``doc`` itself."""
    layout: dict[str, Any] | None = doc.meta.get(TEXT_FORMAT)
    if fmt != TEXT_FORMAT or not layout or layout.get("mode") != "article":
        return doc
    gone = [i for i, seg in enumerate(doc.segments) if is_deleted(seg)]
    if not gone:
        return doc
    separators: list[str] = list(layout.get("separators") or [])
    keep = [i for i in range(len(doc.segments)) if i not in set(gone)]
    # Before each kept paragraph but the first, the separator that stood just before it.
    eol = layout.get("eol", "\n")
    kept_separators = [separators[i - 1] if i - 1 < len(separators) else eol + eol
                       for i in keep[1:]]
    out = Document([doc.segments[i] for i in keep], source_lang=doc.source_lang,
                   target_lang=doc.target_lang, meta=dict(doc.meta))
    out.meta[TEXT_FORMAT] = {**layout, "separators": kept_separators}
    return out
