"""`mt inspect`: show how mt reads a document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from mt.cli.console import escape, out, plural
from mt.cli.options import FormatOpt, RefOpt, SourceOpt, TextModeOpt, load
from mt.document import Document
from mt.text.sentences import split_sentences


def inspect(
    mt_file: Annotated[Path, typer.Argument(help="The MT file (any supported format).",
                                            dir_okay=False)],
    source: SourceOpt = None,
    ref: RefOpt = None,
    fmt: FormatOpt = None,
    text_mode: TextModeOpt = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
    limit: Annotated[
        int, typer.Option(min=0, help="Show at most this many segments (0: all).")
    ] = 0,
) -> None:
    """Show the segments mt reads from a document, with its format, layout and languages."""
    doc = load(mt_file, source, ref, fmt, text_mode)
    summary = summarize(doc)
    if as_json:
        summary["segments"] = [
            {
                "id": seg.id,
                "source": seg.source,
                "mt": seg.mt,
                "reference": seg.reference,
                "sentences": len(split_sentences(seg.mt, doc.target_lang or "en")),
            }
            for seg in doc.segments
        ]
        out.print_json(json.dumps(summary, ensure_ascii=False))
        return
    out.print(_headline(summary))
    table = Table(show_lines=True, expand=True)
    table.add_column("id", no_wrap=True, style="dim")
    if doc.has_source:
        table.add_column(f"source ({doc.source_lang or '?'})", ratio=1)
    table.add_column(f"MT ({doc.target_lang or '?'})", ratio=1)
    if doc.has_reference:
        table.add_column("reference", ratio=1)
    shown = doc.segments[:limit] if limit > 0 else doc.segments
    for seg in shown:
        row = [seg.id]
        if doc.has_source:
            row.append(escape(seg.source or ""))
        row.append(escape(seg.mt) if seg.mt else "[italic dim](empty)[/]")
        if doc.has_reference:
            row.append(escape(seg.reference or ""))
        table.add_row(*row)
    out.print(table)
    if len(shown) < len(doc):
        out.print(f"[dim]… {len(doc) - len(shown)} more segments (--limit 0 shows all)[/]")


def summarize(doc: Document) -> dict[str, Any]:
    """The facts `inspect` reports about a document as a whole."""
    lang = doc.target_lang or "en"
    layout = doc.meta.get("text") or {}
    return {
        "path": doc.meta.get("path"),
        "format": doc.meta.get("format"),
        "layout": layout.get("mode"),
        "source_lang": doc.source_lang,
        "target_lang": doc.target_lang,
        "segment_count": len(doc),
        "has_source": doc.has_source,
        "has_reference": doc.has_reference,
        "empty_mt": sum(1 for s in doc.segments if not s.mt.strip()),
        "mt_sentences": sum(len(split_sentences(s.mt, lang)) for s in doc.segments),
        "mt_words": sum(len(s.mt.split()) for s in doc.segments),
    }


def _headline(summary: dict[str, Any]) -> str:
    fmt = summary["format"] + (f" ({summary['layout']})" if summary["layout"] else "")
    langs = f"{summary['source_lang'] or '?'} → {summary['target_lang'] or '?'}"
    parts = [
        f"[bold]{escape(summary['path'])}[/]",
        fmt,
        langs,
        plural(summary["segment_count"], "segment"),
        f"{summary['mt_sentences']} MT sentences",
        f"{summary['mt_words']} MT words",
    ]
    if summary["empty_mt"]:
        parts.append(f"[yellow]{summary['empty_mt']} empty MT[/]")
    return " · ".join(parts)
