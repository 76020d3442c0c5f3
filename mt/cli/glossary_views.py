"""How `mt glossary ...` shows glossaries, lint findings, hit statistics and suggestions: rich
tables for people, plain dictionaries for ``--json``."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from mt.cli.console import escape
from mt.document import Severity
from mt.glossary.entry import Glossary, GlossaryEntry, default_require_source
from mt.glossary.lint import LintFinding
from mt.glossary.stats import GlossaryStats
from mt.glossary.suggest import Suggestion
from mt.tui.styles import SEVERITY_STYLE

FLAGS = {
    "case": "variants match only with this exact case",
    "if-source": "fixed only in segments whose source has the source term",
    "always": "fixed even where the source lacks the source term",
    "dnt": "do not translate: the source term stays as it is",
    "in-word": "also matches inside longer words",
}


def entry_flags(entry: GlossaryEntry) -> list[str]:
    flags = []
    if entry.case_sensitive:
        flags.append("case")
    if entry.do_not_translate:
        flags.append("dnt")
    if not entry.whole_word:
        flags.append("in-word")
    if entry.sources:
        if default_require_source(entry):
            flags.append("if-source")
        elif entry.require_source is False and not entry.preferred[:1].isupper():
            flags.append("always")
    return flags


def entry_json(entry: GlossaryEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "sources": list(entry.sources),
        "target": entry.target,
        "variants": list(entry.variants),
        "case_sensitive": entry.case_sensitive,
        "whole_word": entry.whole_word,
        "do_not_translate": entry.do_not_translate,
        "require_source": entry.require_source,
        "needs_source": default_require_source(entry),
        "pos": entry.pos,
        "domain": entry.domain,
        "note": entry.note,
        "extra": dict(entry.extra),
        "line": entry.line,
    }


def describe(glossary: Glossary, path: str) -> str:
    parts = [f"[bold]{escape(path)}[/]", glossary.fmt or "?"]
    if glossary.source_lang or glossary.target_lang:
        parts.append(f"{glossary.source_lang or '?'} → {glossary.target_lang or '?'}")
    return " · ".join([*parts, plural(len(glossary), "entry", "entries")])


def _lang(name: str, lang: str | None) -> str:
    return f"{name} ({lang})" if lang else name


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def entries_table(
    entries: list[GlossaryEntry], source_lang: str | None, target_lang: str | None
) -> Table:
    # Natural widths, the widest columns (notes, variants) wrapped first where space is short.
    table = Table(show_lines=True)
    table.add_column("id", style="dim", overflow="fold")
    table.add_column(_lang("source", source_lang), overflow="fold")
    table.add_column(_lang("target", target_lang), style="bold green", overflow="fold")
    table.add_column("variants", style="red", overflow="fold")
    table.add_column("flags")
    table.add_column("note", style="italic", overflow="fold")
    for entry in entries:
        table.add_row(
            escape(entry.id),
            escape("\n".join(entry.sources)) if entry.sources else "[dim]—[/]",
            escape(entry.target) if entry.target else "[bold red](empty)[/]",
            escape(", ".join(entry.variants)),
            "\n".join(entry_flags(entry)),
            escape(entry.note),
        )
    return table


def flags_legend(entries: list[GlossaryEntry]) -> str | None:
    used = {flag for entry in entries for flag in entry_flags(entry)}
    if not used:
        return None
    return "[dim]flags: " + " · ".join(f"{f} = {FLAGS[f]}" for f in FLAGS if f in used) + "[/]"


def finding_line(finding: LintFinding) -> str:
    where = finding.path or "<glossary>"
    if finding.line is not None:
        where += f":{finding.line}"
    style = SEVERITY_STYLE[finding.severity]
    return (
        f"{escape(where)}: [{style}]{finding.severity.value}[/]: {escape(finding.message)} "
        f"[dim]\\[{finding.check}][/]"
    )


def finding_json(finding: LintFinding) -> dict[str, Any]:
    return {
        "severity": finding.severity.value,
        "check": finding.check,
        "path": finding.path,
        "line": finding.line,
        "message": finding.message,
        "entry_ids": list(finding.entry_ids),
    }


def lint_counts(findings: list[LintFinding]) -> dict[str, int]:
    return {
        "errors": sum(f.severity is Severity.ERROR for f in findings),
        "warnings": sum(f.severity is Severity.WARNING for f in findings),
        "info": sum(f.severity is Severity.INFO for f in findings),
    }


def lint_summary(n_entries: int, findings: list[LintFinding]) -> str:
    counts = lint_counts(findings)
    parts = [
        plural(counts["errors"], "error"),
        plural(counts["warnings"], "warning"),
        f"{counts['info']} info",
    ]
    head = f"{plural(n_entries, 'entry', 'entries')}: " + ", ".join(parts)
    if counts["errors"]:
        return f"[bold red]✗[/] {head}"
    return f"[green]✓[/] {head}" + (" — clean" if not counts["warnings"] else "")


def stats_table(glossary: Glossary, stats: GlossaryStats, with_source: bool) -> Table:
    table = Table()
    table.add_column("entry", style="dim", no_wrap=True)
    table.add_column("target", style="bold green")
    table.add_column("target hits", justify="right")
    table.add_column("variant hits", justify="right")
    table.add_column("source hits", justify="right")
    table.add_column("segments", justify="right")
    by_id = {e.id: e for e in glossary.entries}
    for row in stats.ranked():
        if not row.total:
            continue
        variants = f"[yellow]{row.variants}[/]" if row.variants else "[dim]0[/]"
        table.add_row(
            escape(row.entry_id),
            escape(by_id[row.entry_id].preferred),
            _count(row.preferred),
            variants,
            _count(row.source) if with_source else "[dim]–[/]",
            str(row.segments),
        )
    return table


def _count(n: int) -> str:
    return str(n) if n else "[dim]0[/]"


def stats_json(
    glossary: Glossary, stats: GlossaryStats, path: str, with_source: int
) -> dict[str, Any]:
    by_id = {e.id: e for e in glossary.entries}
    return {
        "glossary": path,
        "documents": stats.documents,
        "documents_with_source": with_source,
        "segments": stats.segments,
        "entries": [
            {
                "id": s.entry_id,
                "target": by_id[s.entry_id].preferred,
                "target_hits": s.preferred,
                "variant_hits": s.variants,
                "source_hits": s.source,
                "segments": s.segments,
                "total": s.total,
            }
            for s in stats.entries.values()
        ],
        "fired": stats.fired,
        "never": stats.never,
    }


def context_text(context: str, form: str, left: int = 20) -> Text:
    """An example context (``…left [form] right…``) with the form highlighted and at most
    ``left`` characters before it, so that the form shows even where the line is cut."""
    marked = f"[{form}]"
    at = context.find(marked)
    if at < 0:
        return Text(context, style="dim")
    before = context[:at]
    if len(before) > left:
        before = "…" + before[len(before) - left + 1 :].lstrip()
    text = Text(before, style="dim")
    text.append(form, style="bold")
    text.append(context[at + len(marked) :], style="dim")
    return text


def suggestions_table(
    suggestions: list[Suggestion], known: list[str | None], with_glossary: bool
) -> Table:
    table = Table(show_lines=True, expand=True)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("spellings (count)", no_wrap=True)
    table.add_column("similar", justify="right", no_wrap=True)
    if with_glossary:
        table.add_column("glossary", no_wrap=True)
    table.add_column("examples", ratio=1, no_wrap=True, overflow="ellipsis")
    for rank, (suggestion, where) in enumerate(zip(suggestions, known, strict=True), 1):
        forms = Text(f"{suggestion.source}\n", style="cyan") if suggestion.source else Text()
        examples = Text("\n") if suggestion.source else Text()
        for i, (form, count) in enumerate(suggestion.counts.items()):
            if i:
                forms.append("\n")
                examples.append("\n")
            forms.append(form, style="bold green" if i == 0 else "red")
            forms.append(f" ×{count}", style="dim")
            contexts = suggestion.contexts.get(form) or []
            examples.append_text(context_text(contexts[0], form) if contexts else Text("—"))
        row: list[Any] = [str(rank), forms, f"{suggestion.similarity:.0f}%"]
        if with_glossary:
            row.append(f"[dim]{escape(where)}[/]" if where else "[yellow]new[/]")
        row.append(examples)
        table.add_row(*row)
    return table


def suggestion_json(suggestion: Suggestion, known: str | None) -> dict[str, Any]:
    return {
        "preferred": suggestion.preferred,
        "variants": list(suggestion.variants),
        "source": suggestion.source or None,
        "anchored": suggestion.anchored,
        "counts": dict(suggestion.counts),
        "total": suggestion.total,
        "similarity": round(suggestion.similarity, 1),
        "contexts": {k: list(v) for k, v in suggestion.contexts.items()},
        "in_glossary": known,
    }
