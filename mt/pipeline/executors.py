"""Where a batch's per-document steps run: here, one at a time (:func:`run_documents`), or on
Ray actors (:mod:`mt.pipeline.ray_executor`, loaded only when asked for)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mt.pipeline.batch import DocumentInputs, DocumentResult, Progress, run_documents


@dataclass(frozen=True)
class Executor:
    """Where a batch's steps run: ``local`` (one at a time, in this process) or ``ray``
    (``workers`` actors on a local Ray, or on the cluster at ``address``; Ray's own log lines
    shown only when ``verbose``)."""

    kind: str = "local"
    workers: int = 1
    address: str | None = None
    gpus_per_worker: float = 0
    verbose: bool = False

    def run(self, documents: list[DocumentInputs],
            step: Callable[[DocumentInputs], DocumentResult], *,
            progress: Progress | None = None) -> list[DocumentResult]:
        """``step`` on every document, as :func:`run_documents` does, in the executor's way."""
        if self.kind != "ray":
            return run_documents(documents, step, progress=progress)
        from mt.pipeline.ray_executor import run_on_ray

        return run_on_ray(documents, step, workers=self.workers, address=self.address,
                          gpus_per_worker=self.gpus_per_worker, progress=progress,
                          verbose=self.verbose)

    def to_dict(self) -> dict[str, Any]:
        """How the batch ran, for its JSON summary."""
        return {"kind": self.kind, "workers": self.workers if self.kind == "ray" else 1}
