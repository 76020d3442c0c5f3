"""Many documents in one run: list the inputs (folders expanded), pair each MT file with its
source and reference by name (``X.mt.en`` with ``X.ar`` and ``X.ref.en``, as corpora/ is laid
out), run one document at a time and collect a result per document.

The per-document step is a plain function of a :class:`DocumentInputs` (see
:func:`run_documents`), so that another executor can run the same step elsewhere. A document
that cannot be read is recorded as failed and the others go on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mt.errors import MTError, UsageError
from mt.formats.pairing import source_beside

#: A folder's MT files: ``<name>.mt.<lang>`` plain text, or a bilingual format.
MT_TEXT = re.compile(r"^(?P<stem>.+)\.mt\.(?P<lang>[A-Za-z]{2,3})$")
_BILINGUAL = (".tmx", ".xlf", ".xliff", ".xlf2", ".jsonl", ".mt.json")
#: A folder's source files (for translate): ``<name>.<lang>`` without an infix.
_PLAIN = re.compile(r"^(?P<stem>[^.]+)\.(?P<lang>[A-Za-z]{2,3})$")

#: ``progress(documents done, documents in all, segments done)``, called as documents finish.
Progress = Callable[[int, int, int], None]


@dataclass(frozen=True)
class DocumentInputs:
    """One document of a batch: its MT file and the source and reference found beside it."""

    mt: Path
    source: Path | None = None
    reference: Path | None = None

    @property
    def name(self) -> str:
        """The document's name in summaries: the MT file's name without ``.mt.<lang>``."""
        match = MT_TEXT.match(self.mt.name)
        return match["stem"] if match else self.mt.name

    def paths(self) -> list[Path]:
        return [p for p in (self.mt, self.source, self.reference) if p is not None]


@dataclass
class DocumentResult:
    """What one document's step gave: ``summary`` (plain JSON data), the ``exit`` status it
    asks for, and the files written; or ``error`` when it could not be read (exit 2)."""

    inputs: DocumentInputs
    summary: dict[str, Any] = field(default_factory=dict)
    exit: int = 0
    written: list[Path] = field(default_factory=list)
    error: str | None = None
    data: Any = None

    @property
    def failed(self) -> bool:
        return self.error is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.inputs.name,
            "mt": str(self.inputs.mt),
            "source": str(self.inputs.source) if self.inputs.source else None,
            "reference": str(self.inputs.reference) if self.inputs.reference else None,
            "exit": self.exit,
            "error": self.error,
            "written": [str(p) for p in self.written],
            **self.summary,
        }


def is_batch(paths: list[Path]) -> bool:
    """Whether the inputs ask for a batch run: several files, or a folder."""
    return len(paths) > 1 or any(p.is_dir() for p in paths)


def _folder_files(folder: Path, wanted: Callable[[Path], bool]) -> list[Path]:
    found = sorted(p for p in folder.iterdir() if p.is_file() and wanted(p))
    if not found:
        raise UsageError(f"{folder}: no document found in this folder")
    return found


def is_mt_file(path: Path) -> bool:
    """An MT file a folder holds: ``<name>.mt.<lang>`` or a bilingual format."""
    lower = path.name.lower()
    return bool(MT_TEXT.match(path.name)) or lower.endswith(_BILINGUAL)


def is_source_file(path: Path) -> bool:
    """A source file a folder holds: ``<name>.<lang>`` with a language code (no ``.mt.`` or
    ``.ref.`` infix)."""
    from mt.formats.langcodes import language_of_path

    return bool(_PLAIN.match(path.name)) and language_of_path(path) is not None


def list_inputs(paths: Iterable[Path], wanted: Callable[[Path], bool] = is_mt_file
                ) -> list[Path]:
    """The files of ``paths`` in order, each folder replaced by its ``wanted`` files (sorted);
    a usage error for a path that does not exist, or an empty folder."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(_folder_files(path, wanted))
        elif path.exists():
            files.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    seen: set[Path] = set()
    unique = []
    for f in files:
        if f.resolve() not in seen:
            seen.add(f.resolve())
            unique.append(f)
    return unique


def reference_beside(path: Path) -> Path | None:
    """The reference of ``<name>.mt.<lang>``: ``<name>.ref.<lang>`` beside it."""
    match = MT_TEXT.match(path.name)
    if not match:
        return None
    ref = path.with_name(f"{match['stem']}.ref.{match['lang']}")
    return ref if ref.is_file() else None


def pair(path: Path, source_lang: str | None = None) -> DocumentInputs:
    """``path`` with its source and reference beside it, where its name pairs them."""
    return DocumentInputs(path, source_beside(path, source_lang), reference_beside(path))


def output_name(inputs: DocumentInputs, suffix_infix: str = "pe") -> str:
    """The output file name of a document in ``-o FOLDER``: ``X.mt.en`` → ``X.pe.en``; other
    names are kept."""
    match = MT_TEXT.match(inputs.mt.name)
    if match:
        return f"{match['stem']}.{suffix_infix}.{match['lang']}"
    return inputs.mt.name


def run_documents(
    documents: list[DocumentInputs],
    step: Callable[[DocumentInputs], DocumentResult],
    *,
    progress: Progress | None = None,
) -> list[DocumentResult]:
    """Run ``step`` on every document in order; one that raises an input error (it cannot be
    read, or does not align) is a failed result with exit 2, and the others go on."""
    results: list[DocumentResult] = []
    segments = 0
    if progress is not None:
        progress(0, len(documents), 0)
    for inputs in documents:
        try:
            results.append(step(inputs))
        except MTError as exc:
            results.append(DocumentResult(inputs, exit=2, error=str(exc)))
        segments += segments_of(results[-1])
        if progress is not None:
            progress(len(results), len(documents), segments)
    return results


def segments_of(result: DocumentResult) -> int:
    """How many segments a document's step did (none for one that could not be read)."""
    return int(result.summary.get("segments", 0)) if not result.failed else 0


def pending(documents: list[DocumentInputs], targets: dict[DocumentInputs, Path]
            ) -> tuple[list[DocumentInputs], list[DocumentInputs]]:
    """For ``--resume``: the documents still to do, and those whose output is present (the
    steps write atomically, so a present output is whole)."""
    done = [d for d in documents if d in targets and targets[d].is_file()]
    return [d for d in documents if d not in done], done


def worst_exit(results: Iterable[DocumentResult]) -> int:
    """The batch's exit status: the worst document's (2 for any failed one)."""
    return max((r.exit for r in results), default=0)


def batch_summary(results: list[DocumentResult], seconds: float,
                  first_result: float | None = None) -> dict[str, Any]:
    """A batch in numbers: documents (in all and done), segments, seconds (in all, and until
    the first document was done: start-up and model loads) and rates, and each failed
    document with its reason."""
    done = [r for r in results if not r.failed]
    segments = sum(segments_of(r) for r in done)
    rate = (lambda n: round(n / seconds, 2)) if seconds > 0 else (lambda n: None)
    return {"documents": len(results), "done": len(done), "segments": segments,
            "seconds": round(seconds, 3),
            "first_result_seconds": None if first_result is None else round(first_result, 3),
            "documents_per_second": rate(len(done)), "segments_per_second": rate(segments),
            "failures": [{"document": r.inputs.name, "error": r.error}
                         for r in results if r.failed]}


def batch_dict(results: list[DocumentResult], seconds: float,
               first_result: float | None = None, **extra: Any) -> dict[str, Any]:
    """The JSON form of a batch: one entry per document, the summary and the exit status."""
    return {**extra, "documents": [r.to_dict() for r in results],
            "summary": batch_summary(results, seconds, first_result),
            "failed": sum(1 for r in results if r.failed), "exit": worst_exit(results)}
