"""Rich views of QA reports and scores, shared by `mt post-edit`, `mt qa` and `mt score`."""

from __future__ import annotations

from collections import Counter
from itertools import islice
from typing import Any

import typer
from rich.console import Group
from rich.table import Table
from rich.text import Text

from mt.cli.console import escape
from mt.document import Severity
from mt.json_stream import iter_json
from mt.scoring.qa import QAReport
from mt.scoring.report import DocumentScores
from mt.tui.styles import SEVERITY_STYLE


def qa_summary(report: QAReport, checked: str = "the translation") -> Text:
    """One line: issues by severity, then by check; ``checked`` names what was checked. "no
    issues" only when every check ran; otherwise how many checks ran and were skipped."""
    counts = report.by_severity()
    label = f"QA of {checked}"
    if not report.findings:
        if not report.skipped:
            return Text(f"{label}: no issues", style="green")
        ran, skipped = len(report.checks), len(report.skipped)
        return Text(f"{label}: no issues found by the {ran} check{'s' if ran != 1 else ''} "
                    f"run; {skipped} check{'s' if skipped != 1 else ''} skipped (below)",
                    style="yellow")
    text = Text(f"{label}: ")
    parts = [(f"{n} {sev}{'s' if n != 1 else ''}", SEVERITY_STYLE[Severity(sev)])
             for sev, n in counts.items() if n]
    for i, (part, style) in enumerate(parts):
        if i:
            text.append(", ")
        text.append(part, style)
    by_check = ", ".join(f"{check} {n}" for check, n in report.by_check().items() if n)
    text.append(f"  ({by_check})", "dim")
    return text


def skipped_lines(report: QAReport) -> list[Text]:
    """A line per skipped check, with why it was skipped."""
    return [Text(f"skipped {check}: {why}", style="dim") for check, why in report.skipped.items()]


#: Findings of one check shown in the QA table; the rest are counted on one row.
ROWS_PER_CHECK = 20


def qa_table(
    report: QAReport,
    *,
    min_severity: Severity = Severity.INFO,
    per_check: int = ROWS_PER_CHECK,
    full_list: str = "--json",
) -> Table:
    """The findings: segment, severity, check, the text at the span, message. At most
    ``per_check`` rows per check (the first, in document order), then a row "… and K more"
    pointing to ``full_list``, the option that lists them all."""
    table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    table.add_column("segment", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("check", no_wrap=True, style="cyan")
    table.add_column("at", no_wrap=True, max_width=30)
    table.add_column("message", ratio=1)
    shown: Counter[str] = Counter()
    hidden: Counter[str] = Counter()
    for finding in report.at_least(min_severity):
        issue = finding.issue
        if shown[issue.check] >= per_check:
            hidden[issue.check] += 1
            continue
        shown[issue.check] += 1
        where = "" if finding.text is None else finding.text
        if issue.field == "source" and where:
            where = f"{where} (source)"
        table.add_row(
            finding.segment_id,
            Text(issue.severity.value, SEVERITY_STYLE[issue.severity]),
            issue.check,
            escape(where),
            escape(issue.message),
        )
    for check, count in hidden.items():
        more = f"… and {count} more (all of them with {full_list})"
        table.add_row("", "", check, "", Text(more, style="dim"))
    return table


def scores_table(scores: DocumentScores) -> Group:
    """Corpus scores of MT and post-edit against the reference, with the signatures."""
    table = Table(title="scores against the reference", title_justify="left", box=None,
                  pad_edge=False, header_style="bold")
    table.add_column("metric")
    table.add_column("MT", justify="right")
    table.add_column("post-edit", justify="right")
    table.add_column("change", justify="right")
    for key, before in scores.before.items():
        after = scores.after[key]
        delta = after.rounded - before.rounded
        better = delta < 0 if key == "ter" else delta > 0
        worse = delta > 0 if key == "ter" else delta < 0
        style = "green" if better else "red" if worse else "dim"
        table.add_row(before.metric, before.text, after.text, Text(f"{delta:+.1f}", style))
    signatures = Text(
        "\n".join(f"{s.metric}|{s.signature}" for s in scores.before.values()), style="dim"
    )
    return Group(table, signatures)


def terms_line(scores: DocumentScores) -> Text | None:
    """Term accuracy before → after, and segments with a forbidden variant left."""
    before, after = scores.terms_before, scores.terms_after
    if before is None or after is None or before.accuracy is None or after.accuracy is None:
        return None
    text = Text("term accuracy: ")
    text.append(f"{before.accuracy:.1%} → ")
    text.append(f"{after.accuracy:.1%}", "bold")
    text.append(f" ({after.correct}/{after.expected} expected terms); segments with a forbidden "
                f"variant: {before.segments_with_variant} → {after.segments_with_variant}")
    return text


def echo_json(value: Any) -> None:
    """Print ``value`` as indented JSON (as ``json.dumps(value, indent=2)``), encoding its
    :class:`~mt.json_stream.Lazy` lists as it goes."""
    pieces = iter_json(value)
    while batch := "".join(islice(pieces, 4096)):
        typer.echo(batch, nl=False)
    typer.echo("")
