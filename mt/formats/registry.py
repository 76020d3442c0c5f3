"""Which handler reads which file, and the read/write entry points the front ends call."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from mt.document import Document
from mt.errors import AlignmentError, FormatError, UsageError
from mt.fileio import atomic_write, read_bytes
from mt.formats.base import FormatHandler
from mt.formats.langcodes import language_of_path

#: Format name → "module:Class"; modules load on first use so `import mt` stays light.
HANDLERS: dict[str, str] = {
    "text": "mt.formats.text:PlainTextHandler",
    "tsv": "mt.formats.tsv:TsvHandler",
    "jsonl": "mt.formats.jsonl:JsonlHandler",
    "tmx": "mt.formats.tmx:TmxHandler",
    "xliff1": "mt.formats.xliff1:Xliff1Handler",
    "xliff2": "mt.formats.xliff2:Xliff2Handler",
    "session": "mt.formats.session:SessionHandler",
}

#: File-name endings → candidate formats, most specific first; ties are settled by sniffing.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    ".mt.json": ("session",),
    ".json": ("session",),
    ".txt": ("text",),
    ".tsv": ("tsv",),
    ".jsonl": ("jsonl",),
    ".tmx": ("tmx",),
    ".xlf": ("xliff1", "xliff2"),
    ".xliff": ("xliff1", "xliff2"),
    ".xlf2": ("xliff2",),
}


def format_names() -> list[str]:
    return list(HANDLERS)


def handler_class(name: str) -> type[FormatHandler]:
    try:
        target = HANDLERS[name]
    except KeyError:
        raise UsageError(
            f"unknown format {name!r}; choose one of: {', '.join(HANDLERS)}"
        ) from None
    module, _, cls = target.partition(":")
    return getattr(importlib.import_module(module), cls)


def make_handler(name: str, options: dict[str, Any] | None = None) -> FormatHandler:
    """An instance of the handler ``name``; ``options`` go to handlers that take them."""
    cls = handler_class(name)
    return cls(**(options or {}))


def candidate_formats(path: str | Path) -> tuple[str, ...]:
    """The formats the name of ``path`` allows, most likely first; empty if none."""
    lower = Path(path).name.lower()
    for ending, names in EXTENSIONS.items():
        if lower.endswith(ending):
            return names
    return ("text",) if language_of_path(path) is not None else ()


def guess_format(path: str | Path, data: bytes | None = None) -> str:
    """The format of ``path`` from its name (and content, where the name is ambiguous)."""
    names = candidate_formats(path)
    if len(names) > 1 and data is not None:
        for name in names:
            if handler_class(name)().sniff(data):
                return name
    if names:
        return names[0]
    raise FormatError(
        "cannot tell the format from the file name; name it with --format "
        f"({', '.join(HANDLERS)})",
        path=path,
    )


def read_document(
    mt: str | Path,
    *,
    source: str | Path | None = None,
    reference: str | Path | None = None,
    fmt: str | None = None,
    options: dict[str, Any] | None = None,
) -> Document:
    """Read the MT file ``mt`` and, where given, parallel source and reference files.

    ``mt`` may be any format; ``source`` and ``reference`` are plain-text files aligned with it,
    split the same way (lines or article paragraphs). Counts that differ raise
    :class:`AlignmentError` naming both files.
    """
    data = read_bytes(mt)
    name = fmt or guess_format(mt, data)
    handler = make_handler(name, options if name == "text" else None)
    doc = handler.parse(data, str(mt))
    doc.meta["format"] = name
    doc.meta["path"] = str(mt)
    for field_name, extra in (("source", source), ("reference", reference)):
        if extra is not None:
            _attach_parallel(doc, field_name, extra, handler if name == "text" else None)
    if name == "text":
        doc.target_lang = doc.target_lang or language_of_path(mt)
        if source is not None:
            doc.source_lang = doc.source_lang or language_of_path(source)
    return doc


def _attach_parallel(
    doc: Document, field_name: str, path: str | Path, text_handler: FormatHandler | None
) -> None:
    if any(getattr(seg, field_name) is not None for seg in doc.segments):
        raise UsageError(
            f"{doc.meta['path']} already holds {field_name} text; "
            f"drop --{'ref' if field_name == 'reference' else field_name}"
        )
    from mt.formats.text import PlainTextHandler

    if isinstance(text_handler, PlainTextHandler):
        handler = PlainTextHandler(mode=doc.meta["text"]["mode"])
    else:
        handler = PlainTextHandler(mode="lines")
    texts, _ = handler.read_texts(path)
    if len(texts) != len(doc):
        unit = "paragraphs" if handler.mode == "article" else "lines"
        raise AlignmentError(
            f"{len(texts)} {unit} but {doc.meta['path']} has {len(doc)}; "
            f"{field_name} and MT must be aligned segment by segment",
            path=path,
        )
    for seg, text in zip(doc.segments, texts, strict=True):
        setattr(seg, field_name, text)


def output_format(doc: Document, path: str | Path, fmt: str | None = None) -> str:
    """The format ``doc`` is written in to ``path``: ``fmt``, else the one the output name
    implies, else (a name without extension) the one the document was read in.

    A name whose extension no handler claims (``notes.docx``) is refused, so that a file is
    never written in a format its name contradicts.
    """
    if fmt is not None:
        handler_class(fmt)
        return fmt
    names = candidate_formats(path)
    if doc.meta.get("format") in names:
        return str(doc.meta["format"])
    if not names and Path(path).suffix:
        raise UsageError(
            f"no format writes {Path(path).suffix} files; name the output with one of "
            f"{', '.join(sorted(set(EXTENSIONS) - {'.mt.json'}))} or a language code (.en), "
            "or give the format (--to)",
            path=path,
        )
    if not names and doc.meta.get("format"):
        return str(doc.meta["format"])
    return guess_format(path)


def write_document(doc: Document, path: str | Path, fmt: str | None = None) -> str:
    """Serialize ``doc`` to ``path`` atomically; return the format used (see
    :func:`output_format`). The file is replaced only once every piece is written, so a
    failure part way (a segment the format cannot hold) leaves it as it was.
    """
    fmt = output_format(doc, path, fmt)
    handler = handler_class(fmt)()
    atomic_write(path, handler.iter_serialized(doc))
    return fmt
