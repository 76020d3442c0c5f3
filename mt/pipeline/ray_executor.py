"""Run a batch's per-document step on Ray Data: the only module that imports ray, and only
inside its functions (``import mt`` and the local executor never load it).

The documents flow as rows (their index) through ``map_batches`` into a pool of actors; each
actor unpickles the step once (so it holds one glossary, and one engine once it has loaded it)
and runs it on one document at a time. The step writes its outputs itself, atomically, with
the same code as the local executor, so the files and bytes are the same. Ray restarts an
actor that dies and retries its document; the rewrite replaces the file whole.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from mt.errors import MTError, UsageError
from mt.pipeline.batch import DocumentInputs, DocumentResult, Progress

Step = Callable[[DocumentInputs], DocumentResult]

INSTALL_HINT = ("--executor ray needs Ray: pip install 'mt-newsroom[distributed]' "
                "(or pip install 'ray[data]>=2.9')")


def require_ray() -> None:
    """A usage error saying how to install Ray, where it is missing."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise UsageError(INSTALL_HINT) from None


@contextmanager
def ray_session(workers: int, address: str | None = None) -> Iterator[None]:
    """Join the cluster at ``address`` (or ``RAY_ADDRESS``), or start a local Ray with
    ``workers`` CPUs for the run and shut it down afterwards."""
    import ray

    if ray.is_initialized():
        yield
        return
    address = address or os.environ.get("RAY_ADDRESS") or None
    kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                              "logging_level": "ERROR", "configure_logging": False}
    if address is None:
        ray.init(num_cpus=workers, **kwargs)
    else:
        ray.init(address=address, **kwargs)
    try:
        yield
    finally:
        ray.shutdown()


class _StepActor:
    """One Ray actor: the step unpickled once, run on each document of its batches."""

    def __init__(self, payload: bytes, documents: bytes) -> None:
        self.step: Step = pickle.loads(payload)
        self.documents: list[DocumentInputs] = pickle.loads(documents)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        results = []
        for index in batch["index"]:
            inputs = self.documents[int(index)]
            try:
                result = self.step(inputs)
            except MTError as exc:
                result = DocumentResult(inputs, exit=2, error=str(exc))
            result.data = None  # the job objects stay in the actor: only the summary travels
            results.append(pickle.dumps(result))
        return {"index": list(batch["index"]), "result": results}


def run_on_ray(
    documents: list[DocumentInputs],
    step: Step,
    *,
    workers: int,
    address: str | None = None,
    gpus_per_worker: float = 0,
    progress: Progress | None = None,
) -> list[DocumentResult]:
    """Run ``step`` on every document with ``workers`` Ray actors (``gpus_per_worker`` GPUs
    each); the results in the documents' order (their ``data`` left out)."""
    require_ray()
    import ray.data
    from ray import cloudpickle

    if not documents:
        return []
    with ray_session(workers, address):
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        # Rows made in the driver (no read task competes with the actors for the CPUs); Ray
        # Data restarts a dead actor and retries its document by default.
        rows = ray.data.from_items([{"index": i} for i in range(len(documents))],
                                   override_num_blocks=len(documents))
        dataset = rows.map_batches(
            _StepActor, fn_constructor_args=(cloudpickle.dumps(step), pickle.dumps(documents)),
            batch_size=1, compute=ray.data.ActorPoolStrategy(size=workers), num_cpus=1,
            num_gpus=gpus_per_worker or None)
        found: dict[int, DocumentResult] = {}
        if progress is not None:
            progress(0, len(documents))
        for row in dataset.iter_rows():
            found[int(row["index"])] = pickle.loads(row["result"])
            if progress is not None:
                progress(len(found), len(documents))
    return [found[i] for i in range(len(documents))]
