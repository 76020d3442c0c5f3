"""Run a batch's per-document step on Ray Data: the only module that imports ray, and only
inside its functions (``import mt`` and the local executor never load it).

The documents flow as rows (each one's pickled :class:`DocumentInputs`) through
``map_batches`` into a pool of actors, many documents per call. The step travels once to each
actor, which unpickles it once (so it holds one glossary, and one
engine once it has loaded it) and runs it on each document of its batches. The step writes its
outputs itself, atomically, with the same code as the local executor, so the files and bytes
are the same; only a small summary per document comes back. Ray restarts an actor that dies
and retries its batch; the rewrites replace the files whole.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from mt.errors import MTError, UsageError
from mt.pipeline.batch import DocumentInputs, DocumentResult, Progress, segments_of

Step = Callable[[DocumentInputs], DocumentResult]

INSTALL_HINT = (
    "--executor ray needs Ray: pip install 'mt-newsroom[distributed]' "
    "(or pip install 'ray[data]>=2.9')"
)
#: Ray's loggers, kept at ERROR for the run unless ``verbose`` (its banner, its warnings).
_RAY_LOGGERS = ("ray", "ray.data")
#: Batches per worker, at least (the pool stays busy to the end), of at most this many documents.
_BATCHES_PER_WORKER = 8
_MAX_BATCH = 16


def require_ray() -> None:
    """A usage error saying how to install Ray, where it is missing."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise UsageError(INSTALL_HINT) from None


@contextmanager
def quiet_ray(verbose: bool = False) -> Iterator[None]:
    """Ray's own log lines hidden for the block unless ``verbose``: its Python loggers (the
    start-up banner, warnings, Ray Data's notes) at ERROR, and what its C++ core writes
    straight to file descriptor 2 sent to the null device, while ``sys.stderr`` (our progress
    bar, our messages) still reaches the terminal. Everything restored afterwards."""
    if verbose:
        yield
        return
    loggers = [logging.getLogger(name) for name in _RAY_LOGGERS]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    stderr = sys.stderr
    stderr.flush()
    saved = os.dup(2)
    if _writes_to_fd2(stderr):
        sys.stderr = os.fdopen(
            os.dup(2), "w", buffering=1, encoding=stderr.encoding, errors=stderr.errors
        )
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    os.close(null)
    try:
        yield
    finally:
        if sys.stderr is not stderr:
            sys.stderr.close()
            sys.stderr = stderr
        os.dup2(saved, 2)
        os.close(saved)
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def _writes_to_fd2(stream: Any) -> bool:
    try:
        return bool(stream.fileno() == 2)
    except (AttributeError, OSError, ValueError):  # a test runner's capture, for one
        return False


@contextmanager
def ray_session(
    workers: int, address: str | None = None, *, verbose: bool = False
) -> Iterator[None]:
    """Join the cluster at ``address`` (or ``RAY_ADDRESS``), or start a local Ray with
    ``workers`` CPUs for the run (no dashboard, workers' logs kept in Ray's log folder) and
    shut it down afterwards."""
    import ray

    if ray.is_initialized():
        yield
        return
    address = address or os.environ.get("RAY_ADDRESS") or None
    kwargs: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": verbose,
        "logging_level": "INFO" if verbose else "ERROR",
        "configure_logging": verbose,
    }
    if address is None:
        ray.init(num_cpus=workers, **kwargs)
    else:
        ray.init(address=address, **kwargs)
    try:
        yield
    finally:
        ray.shutdown()


class _StepActor:
    """One Ray actor: the step fetched and unpickled once, run on each document of its
    batches; an unreadable document is a failed result, as with the local executor."""

    def __init__(self, payload: bytes) -> None:
        self.step: Step = pickle.loads(payload)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        results = []
        for blob in batch["inputs"]:
            inputs: DocumentInputs = pickle.loads(blob)
            try:
                result = self.step(inputs)
            except MTError as exc:
                result = DocumentResult(inputs, exit=2, error=str(exc))
            result.data = None  # the job objects stay in the actor: only the summary travels
            results.append(pickle.dumps(result))
        return {"index": list(batch["index"]), "result": results}


def batch_size_for(documents: int, workers: int) -> int:
    """Documents per actor call: few calls (each costs Ray Data a task and a block), but
    enough batches that no actor waits at the end while another finishes a long one."""
    return max(1, min(_MAX_BATCH, documents // (workers * _BATCHES_PER_WORKER)))


def run_on_ray(
    documents: list[DocumentInputs],
    step: Step,
    *,
    workers: int,
    address: str | None = None,
    gpus_per_worker: float = 0,
    progress: Progress | None = None,
    verbose: bool = False,
) -> list[DocumentResult]:
    """Run ``step`` on every document with ``workers`` Ray actors (``gpus_per_worker`` GPUs
    each); the results in the documents' order (their ``data`` left out)."""
    require_ray()
    if not documents:
        return []
    with quiet_ray(verbose), ray_session(workers, address, verbose=verbose):
        import ray
        import ray.data
        from ray import cloudpickle

        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        size = batch_size_for(len(documents), workers)
        # Rows made in the driver (no read task competes with the actors for the CPUs); Ray
        # Data restarts a dead actor and retries its batch by default.
        rows = ray.data.from_items(
            [{"index": i, "inputs": pickle.dumps(d)} for i, d in enumerate(documents)],
            override_num_blocks=-(-len(documents) // size),
        )
        dataset = rows.map_batches(
            _StepActor,
            fn_constructor_args=(cloudpickle.dumps(step),),
            batch_size=size,
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=1,
            num_gpus=gpus_per_worker or None,
        )
        found: dict[int, DocumentResult] = {}
        segments = 0
        if progress is not None:
            progress(0, len(documents), 0)
        for row in dataset.iter_rows():
            result = found[int(row["index"])] = pickle.loads(row["result"])
            segments += segments_of(result)
            if progress is not None:
                progress(len(found), len(documents), segments)
    return [found[i] for i in range(len(documents))]
