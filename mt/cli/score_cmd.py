"""`mt score`: sacrebleu metrics with signatures, paired significance, term accuracy and edit
effort, for one or several systems against one reference."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from mt.cli.batch_view import batch_inputs, run_batch, value
from mt.cli.console import escape, out, progress_bar
from mt.cli.guards import QuietOpt
from mt.cli.options import FormatOpt, GlossaryOpt, SourceOpt, TextModeOpt
from mt.document import Document
from mt.errors import UsageError
from mt.formats import read_document
from mt.glossary.files import load_glossary
from mt.pipeline.batch import DocumentInputs, DocumentResult
from mt.pipeline.batch_steps import ReadOptions, score_step


def score(
    documents: Annotated[
        list[Path] | None,
        typer.Argument(help="MT files or folders: each X.mt.en is scored against X.ref.en "
                            "beside it (term accuracy with X.ar and --glossary), one row per "
                            "document.", show_default=False),
    ] = None,
    hyp: Annotated[
        list[Path] | None,
        typer.Option("--hyp", "-H", dir_okay=False,
                     help="A system's output; repeat for several systems (the first is the "
                          "baseline of the paired tests)."),
    ] = None,
    ref: Annotated[
        Path | None,
        typer.Option("--ref", "-r", dir_okay=False,
                     help="The reference (default: the reference column of the first --hyp, "
                          "for formats that hold one)."),
    ] = None,
    metrics: Annotated[
        str, typer.Option("--metrics", help="Comma-separated: bleu, chrf, chrf++, ter.")
    ] = "bleu,chrf,ter",
    sentence: Annotated[
        bool, typer.Option("--sentence", help="Also score every segment.")
    ] = False,
    paired_bs: Annotated[
        bool, typer.Option("--paired-bs", help="Paired bootstrap resampling against the first "
                                               "system (sacrebleu's, 1000 resamples).")
    ] = False,
    paired_ar: Annotated[
        bool, typer.Option("--paired-ar", help="Paired approximate randomisation against the "
                                               "first system (sacrebleu's, 10000 trials).")
    ] = False,
    glossary: GlossaryOpt = None,
    source: SourceOpt = None,
    post_edit: Annotated[
        Path | None,
        typer.Option("--post-edit", dir_okay=False,
                     help="A post-edit of the (first) system: report the edit effort (HTER "
                          "and character edits) from each system to it."),
    ] = None,
    width: Annotated[int, typer.Option("--width", "-w", min=0, max=10, help="Decimals shown.")] = 1,
    fmt: FormatOpt = None,
    text_mode: TextModeOpt = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Score systems against a reference: BLEU, chrF, chrF++, TER, term accuracy, edit effort.

    Numbers and signatures equal sacrebleu's; with several systems, paired significance.
    With MT files or folders as arguments, each document is scored against the reference
    beside it and a row per document is printed."""
    if documents:
        if hyp or ref is not None or source is not None or post_edit is not None:
            raise UsageError("give documents (paired by name) or --hyp/--ref/--source/"
                             "--post-edit, not both")
        if paired_bs or paired_ar or sentence:
            raise UsageError("--paired-bs, --paired-ar and --sentence score one set of "
                             "systems: use --hyp and --ref")
        _batch(documents, metrics, glossary, ReadOptions(fmt, text_mode), width, as_json, quiet)
        return
    if not hyp:
        raise UsageError("nothing to score: give MT files (paired with X.ref.en by name) or "
                         "--hyp FILE --ref FILE")
    from mt.scoring import compare_systems, sentence_scores
    from mt.scoring.effort import edit_effort
    from mt.scoring.terms import term_accuracy

    if paired_bs and paired_ar:
        raise UsageError("choose one of --paired-bs and --paired-ar")
    if glossary is not None and source is None:
        raise UsageError("term accuracy needs the source: give --source with --glossary")
    test = "bs" if paired_bs else "ar" if paired_ar else None
    docs = [_read(path, fmt, text_mode) for path in hyp]
    systems = _names(hyp)
    hyps = {name: [s.mt for s in doc] for name, doc in zip(systems, docs, strict=True)}
    refs = _references(ref, docs[0], fmt, text_mode)
    data: dict[str, Any] = {}
    with progress_bar("score", enabled=not quiet and not as_json) as progress:
        progress(0, 1)
        if refs is not None:
            table = compare_systems(hyps, refs, metrics, test=test, width=width)
            data["systems"] = table.to_dict()
            if sentence:
                data["sentence"] = {
                    name: {k: [s.value for s in v] for k, v in
                           sentence_scores(lines, refs, metrics, width=width).items()}
                    for name, lines in hyps.items()
                }
        elif glossary is None and post_edit is None:
            raise UsageError("nothing to score against: give --ref (or --glossary with --source, "
                             "or --post-edit)")
        elif test is not None or sentence:
            raise UsageError("--paired-bs, --paired-ar and --sentence need a reference (--ref)")
        if glossary is not None and source is not None:
            gloss = load_glossary(glossary)
            src = [s.mt for s in _read(source, None, text_mode)]
            data["terms"] = {
                name: term_accuracy(lines, _aligned(src, lines, source, name), gloss).to_dict(
                    segments=False)
                for name, lines in hyps.items()
            }
        if post_edit is not None:
            pe = [s.mt for s in _read(post_edit, fmt, text_mode)]
            data["effort"] = {
                name: edit_effort(lines, _aligned(pe, lines, post_edit, name)).to_dict(
                    segments=sentence)
                for name, lines in hyps.items()
            }
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    _show(data, width, quiet=quiet)


_HEADERS = {"bleu": "BLEU", "chrf": "chrF", "chrf++": "chrF++", "ter": "TER"}


def _batch(paths: list[Path], metrics: str, glossary: Path | None, read: ReadOptions,
           width: int, as_json: bool, quiet: bool) -> None:
    """``mt score`` of documents paired by name (see :mod:`mt.pipeline.batch`)."""
    from mt.scoring.metrics import get_metrics

    docs = batch_inputs(paths, source=None, ref=None)
    gloss = load_glossary(glossary) if glossary is not None else None
    keys = [m.key for m in get_metrics(metrics)]

    def step(d: DocumentInputs) -> DocumentResult:
        return score_step(d, gloss, read=read, metrics=metrics)

    cells = [("segs", value("segments", "{}")),
             *((_HEADERS.get(k, k), value(f"scores.{k}", f"{{:.{width}f}}")) for k in keys)]
    if gloss is not None:
        cells.append(("terms", value("term_accuracy", "{:.1%}")))
    run_batch("score", docs, step, cells, as_json=as_json, quiet=quiet)


def _read(path: Path, fmt: str | None, text_mode: str) -> Document:
    return read_document(path, fmt=fmt, options={"mode": text_mode})


def _names(paths: list[Path]) -> list[str]:
    names = [p.name for p in paths]
    if len(set(names)) == len(names):
        return names
    return [str(p) for p in paths]


def _references(ref: Path | None, first: Document, fmt: str | None, text_mode: str
                ) -> list[str] | None:
    if ref is not None:
        return [s.mt for s in _read(ref, fmt if fmt != "text" else None, text_mode)]
    if first.has_reference:
        return [s.reference or "" for s in first]
    return None


def _aligned(lines: list[str], hyps: list[str], path: Path, name: str) -> list[str]:
    if len(lines) != len(hyps):
        from mt.errors import AlignmentError

        raise AlignmentError(f"{len(lines)} segments, but {name} has {len(hyps)}", path=str(path))
    return lines


def _show(data: dict[str, Any], width: int, *, quiet: bool = False) -> None:
    table_data = data.get("systems")
    if table_data:
        table = Table(box=None, pad_edge=False, header_style="bold")
        table.add_column("system")
        for metric in table_data["metrics"]:
            table.add_column(metric, justify="right")
        for row in table_data["systems"]:
            cells: list[str | Text] = [escape(row["system"])]
            for metric in table_data["metrics"]:
                cell = row["scores"][metric]
                style = "bold" if cell.get("significant") else ""
                cells.append(Text(cell["formatted"], style))
            table.add_row(*cells)
        out.print(table)
        for metric, sig in table_data["signatures"].items():
            out.print(Text(f"{metric}|{sig}", style="dim"))
        if table_data.get("test"):
            out.print(Text(
                f"{table_data['test_name']} against {table_data['baseline']}: (mean ± 95% CI) "
                "and p-value; * marks p ≤ 0.05", style="dim"))
    for name, values in ({} if quiet else data.get("sentence", {})).items():
        seg_table = Table(title=f"segments of {name}", title_justify="left", box=None,
                          pad_edge=False, header_style="bold")
        seg_table.add_column("#", justify="right")
        for metric in values:
            seg_table.add_column(metric, justify="right")
        for i, row in enumerate(zip(*values.values(), strict=True), start=1):
            seg_table.add_row(str(i), *(f"{v:.{width}f}" for v in row))
        out.print(seg_table)
    for name, terms in data.get("terms", {}).items():
        accuracy = terms["accuracy"]
        shown = "n/a (no glossary term in the source)" if accuracy is None else f"{accuracy:.1%}"
        out.print(
            f"term accuracy of {escape(name)}: [bold]{shown}[/] ({terms['correct']}/"
            f"{terms['expected']}); segments with a forbidden variant: "
            f"{terms['segments_with_variant']} of {terms['segments']}"
        )
        missed = {k: e for k, e in terms["entries"].items() if e.get("expected", 0) > e.get(
            "correct", 0)}
        if missed:
            out.print("  missed: " + escape(", ".join(
                f"{k} {e['correct']}/{e['expected']}" for k, e in missed.items())))
    for name, effort in data.get("effort", {}).items():
        out.print(
            f"edit effort of {escape(name)}: HTER {effort['hter']:.{width}f}% (word edits per 100 "
            "post-edit words), "
            f"{effort['char_edits']} character edits ({effort['char_rate']:.{width}f} per 100 "
            f"characters), {effort['changed_segments']} of {effort['segments']} segments changed"
        )
        if "note" in effort:
            out.print(f"  note: {effort['note']}")
