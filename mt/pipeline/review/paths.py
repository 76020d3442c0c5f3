"""Where a review reads and writes: the session file, the journal and the default output beside
the document (:func:`review_paths`, :func:`default_output`), or all three elsewhere when the
document's folder fails (:func:`elsewhere`, :func:`check_elsewhere`)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from mt.errors import UsageError

SESSION_SUFFIX = ".mt.json"
JOURNAL_SUFFIX = ".mt-journal.jsonl"


@dataclass(frozen=True)
class ReviewPaths:
    """Where a review reads and writes. ``output`` is ``None`` when only the session is saved."""

    document: Path
    session: Path
    journal: Path
    output: Path | None = None
    glossary: Path | None = None


def default_output(path: str | Path) -> Path:
    """The post-edit's default name: ``news.mt.en`` → ``news.pe.en``, ``news.en`` →
    ``news.pe.en``, ``story.xlf`` → ``story.pe.xlf``."""
    p = Path(path)
    name = p.name
    if ".mt." in name:
        head, _, tail = name.rpartition(".mt.")
        return p.with_name(f"{head}.pe.{tail}")
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return p.with_name(f"{name}.pe")
    return p.with_name(f"{stem}.pe.{ext}")


def is_session_file(path: str | Path) -> bool:
    return Path(path).name.lower().endswith(SESSION_SUFFIX)


def review_paths(
    document: str | Path,
    *,
    output: str | Path | None = None,
    glossary: str | Path | None = None,
    origin: str | Path | None = None,
) -> ReviewPaths:
    """The files a review of ``document`` uses.

    A session file (``.mt.json``) is its own session; any other document's session is
    ``document + ".mt.json"``. The default output is derived from ``origin`` (the file a session
    was made from) or from the document; a session without an origin has no default output."""
    doc = Path(document)
    if is_session_file(doc):
        session = doc
        journal = doc.with_name(doc.name[: -len(SESSION_SUFFIX)] + JOURNAL_SUFFIX)
        base = Path(origin) if origin else None
    else:
        session = doc.with_name(doc.name + SESSION_SUFFIX)
        journal = doc.with_name(doc.name + JOURNAL_SUFFIX)
        base = doc
    out = Path(output) if output is not None else (default_output(base) if base else None)
    if out is not None and base is not None and is_session_file(doc) and not output:
        out = doc.parent / out.name  # beside the session, not wherever the origin was
    return ReviewPaths(doc, session, journal, out, Path(glossary) if glossary else None)


def check_outputs(paths: ReviewPaths, inputs: Iterable[str | Path | None]) -> None:
    """Refuse a review whose output, session or journal is one of its ``inputs`` (the
    document, source, reference, glossary), so saving never writes over what it read."""
    def same(a: Path, b: Path) -> bool:
        return os.path.realpath(a) == os.path.realpath(b)

    given = [Path(p) for p in inputs if p is not None]
    outputs = [("output", paths.output), ("journal", paths.journal)]
    if paths.session != paths.document:
        outputs.append(("session file", paths.session))
    for what, out in outputs:
        for inp in given:
            if out is not None and same(out, inp):
                raise UsageError(f"the review's {what} {out} is also an input; choose another "
                                 "output file with -o")


def elsewhere(paths: ReviewPaths, output: Path) -> ReviewPaths:
    """The review's files when the post-edit goes to ``output`` instead (the journal or a save
    failed where they were): the session file and the journal move beside it, named after the
    document as they would be beside the document."""
    beside = review_paths(output.parent / paths.document.name)
    return replace(paths, session=beside.session, journal=beside.journal, output=output)


def check_elsewhere(new: ReviewPaths, current: ReviewPaths,
                    inputs: Iterable[str | Path | None]) -> None:
    """Refuse saving a review to ``new`` (:func:`elsewhere`) instead of ``current``: an output
    that is an input (:func:`check_outputs`) or the session file, a name that says no format,
    a folder that is missing or takes no file, another review's journal there."""
    from mt.formats.registry import candidate_formats
    from mt.pipeline.translate_job import check_output

    check_outputs(new, inputs)
    out = new.output
    if out is None:
        raise UsageError("give the file to save the post-edit to")
    if os.path.realpath(out) == os.path.realpath(new.session):
        raise UsageError(f"{out} is where the session is saved; choose another name")
    if not candidate_formats(out):
        raise UsageError(f"{out.name}: the name says no format; end it in .en, .txt, .tsv, "
                         ".jsonl, .tmx or .xlf")
    check_output(out)
    if new.journal != current.journal and (new.journal.exists() or new.journal.is_symlink()):
        raise UsageError(f"{new.journal} is the journal of another review; choose another "
                         "folder")
