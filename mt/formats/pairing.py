"""Pairing a plain-text MT file with its source beside it: ``news.mt.en`` with ``news.ar``."""

from __future__ import annotations

import re
from glob import escape as glob_escape
from pathlib import Path

from mt.document import Document
from mt.formats.langcodes import language_of_path
from mt.formats.registry import read_document

_MT_NAME = re.compile(r"^(?P<stem>.+)\.mt\.(?P<lang>[A-Za-z]{2,3})$")


def source_beside(path: Path, source_lang: str | None) -> Path | None:
    """The source text of ``<name>.mt.<lang>``: ``<name>.<source_lang>`` beside it, or, where the
    source language is unknown, the one ``<name>.<code>`` there in another language."""
    match = _MT_NAME.match(path.name)
    if not match:
        return None
    if source_lang:
        sibling = path.with_name(f"{match['stem']}.{source_lang}")
        return sibling if sibling.is_file() else None
    found = [
        p
        for p in path.parent.glob(f"{glob_escape(match['stem'])}.*")
        if p.is_file()
        and language_of_path(p) not in (None, match["lang"].lower())
        and p.name.count(".") == path.name.count(".") - 1
    ]
    return found[0] if len(found) == 1 else None


def read_documents(
    files: list[Path], text_mode: str, source_lang: str | None = None, pair_sources: bool = False
) -> list[Document]:
    """Read ``files`` (plain text split by ``text_mode``); with ``pair_sources``, a text file
    ``<name>.mt.en`` without source is read together with its source ``<name>.ar`` (see
    :func:`source_beside`)."""
    options = {"mode": text_mode}
    docs = []
    for path in files:
        doc = read_document(path, options=options)
        if pair_sources and not doc.has_source and doc.meta.get("format") == "text":
            sibling = source_beside(path, source_lang)
            if sibling is not None:
                doc = read_document(path, source=sibling, options=options)
        docs.append(doc)
    return docs
