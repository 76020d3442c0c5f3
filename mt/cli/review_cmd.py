"""`mt review`: the translator's terminal UI over a review session."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mt.cli.console import err, escape
from mt.cli.engine_options import with_engine_options
from mt.cli.guards import ForceOpt, checked_glossary, require_terminal
from mt.cli.options import FormatOpt, RefOpt, SourceOpt, TextModeOpt
from mt.engines.options import EngineOptions
from mt.errors import UsageError
from mt.formats.langcodes import language_of_path


@with_engine_options
def review(
    mt_file: Annotated[
        Path,
        typer.Argument(help="The document to review (any format), or a saved session "
                            "(.mt.json).", dir_okay=False),
    ],
    source: SourceOpt = None,
    ref: RefOpt = None,
    glossary: Annotated[
        Path | None,
        typer.Option("--glossary", "-g", help="Glossary (TSV, CSV or TBX): its fixes are "
                     "proposed, its terms checked; new terms are added to it.",
                     dir_okay=False),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", "-m", help="Neural MT model (hub id or folder) for "
                     "re-translating segments and word confidence."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Where saving writes the post-edited document "
                     "(default: the input name with .mt. → .pe., e.g. news.pe.en).",
                     dir_okay=False),
    ] = None,
    fmt: FormatOpt = None,
    text_mode: TextModeOpt = "auto",
    fresh: Annotated[
        bool,
        typer.Option("--fresh", help="Ignore a saved session of this document and start "
                     "over (saving replaces it)."),
    ] = False,
    force: ForceOpt = False,
    read_only: Annotated[
        bool,
        typer.Option("--read-only", help="Only look: navigate, see diffs and QA, export the "
                     "edit log; nothing is journaled or saved, and no lock is taken (a "
                     "document another review holds opens read-only by itself)."),
    ] = False,
    export_log: Annotated[
        Path | None,
        typer.Option("--export-log", help="Write the edit log (every decision with its time, "
                     "origin and segment) to this JSON Lines file and exit; no UI.",
                     dir_okay=False),
    ] = None,
    *,
    engine_options: EngineOptions,
) -> None:
    """Review a document in the terminal: accept, reject and edit changes, add glossary terms.

    Saving (ctrl+s) writes FILE.mt.json (the session: every edit with its status) and the
    post-edited document. Every decision is journaled to FILE.mt-journal.jsonl as it happens;
    after a crash, the next `mt review FILE` offers to recover it. While another review has
    the document open, this one opens read-only.
    """
    from mt.pipeline.review import ReviewSession

    if export_log is not None:
        from mt.pipeline.review.edit_log import write_edit_log

        if not mt_file.exists():
            raise UsageError("no such file", path=mt_file)
        n = write_edit_log(mt_file, export_log)
        err.print(f"wrote {n} decision{'s' if n != 1 else ''} to {escape(str(export_log))}")
        return
    from mt.pipeline.review.paths import check_outputs, review_paths

    inputs = [p for p in (mt_file, source, ref, glossary) if p is not None]
    # Before the model loads; checked again once the session is open, when a session file's
    # default output (from its origin) is known.
    check_outputs(review_paths(mt_file, output=output), inputs)
    if glossary is not None:
        checked_glossary(glossary, force=force)
    require_terminal("mt review")
    if model is not None:
        err.print(f"loading model {escape(model)}…")
    # As in translate, the source language (when not given) is the source file's (news.ar).
    source_lang = language_of_path(source) if source is not None else None
    engine = (engine_options.load(model, source_lang=source_lang)
              if model is not None else None)
    from mt.locks import LockHeld, ReviewLock
    from mt.pipeline.review.journal import JournalError

    # Read-only, the lock is never taken: the other session's lock and journal stay untouched.
    lock = ReviewLock(review_paths(mt_file).journal)
    reason = "opened with --read-only" if read_only else None
    if reason is None:
        try:
            lock.acquire(mt_file)
        except LockHeld as exc:
            reason = exc.reason
            err.print(f"{escape(str(mt_file))}: {escape(lock.holder())} is reviewing it: "
                      "opening it read-only (nothing is saved)")
    try:
        session = ReviewSession.open(
            mt_file, source=source, reference=ref, glossary=glossary, output=output, fmt=fmt,
            text_mode=text_mode, resume=not fresh, engine=engine, read_only=reason,
        )
        check_outputs(session.paths, inputs)
        from mt.tui.app import ReviewApp

        ReviewApp(session).run()
    finally:
        lock.release()
    if session.read_only is not None:
        return
    if session.paths.journal.exists():
        err.print(f"unsaved changes are kept in {escape(str(session.paths.journal))}; "
                  "run mt review again to recover them")
    if session.unjournaled:
        raise JournalError(f"{session.unjournaled} change(s) were not journaled (the journal "
                           "could not be written); check what was saved", path=mt_file)
