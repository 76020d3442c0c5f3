"""The options that choose where a batch runs (``--executor``, ``--workers``, ``--ray-address``,
``--gpus-per-worker``, ``--verbose``), declared once for `mt post-edit`, `mt qa` and
`mt translate`."""

from __future__ import annotations

from typing import Annotated

import typer

from mt.errors import UsageError
from mt.pipeline.executors import Executor

ExecutorOpt = Annotated[
    str, typer.Option("--executor", help="Run a folder's documents here one at a time "
                      "(local), or on Ray actors (ray; pip install 'mt-newsroom[distributed]').")
]
WorkersOpt = Annotated[
    int, typer.Option("--workers", min=1, help="With --executor ray: how many actors (each "
                      "loads the glossary and model once).")
]
RayAddressOpt = Annotated[
    str | None, typer.Option("--ray-address", help="With --executor ray: the cluster to join "
                             "(default: $RAY_ADDRESS, else a local Ray for the run).")
]
GpusOpt = Annotated[
    float, typer.Option("--gpus-per-worker", min=0, help="With --executor ray: GPUs each "
                        "actor asks for.")
]
VerboseOpt = Annotated[
    bool, typer.Option("--verbose", help="With --executor ray: show Ray's own log lines "
                       "(start-up, warnings, its workers' output).")
]
ResumeOpt = Annotated[
    bool, typer.Option("--resume", help="With a folder and -o: skip the documents whose "
                       "outputs are already there.")
]


def executor_of(kind: str, workers: int = 1, address: str | None = None,
                gpus_per_worker: float = 0, verbose: bool = False) -> Executor:
    """The executor the options name; a usage error for an unknown one, or for ray where it
    is not installed."""
    if kind not in ("local", "ray"):
        raise UsageError(f"--executor {kind}: choose local or ray")
    if kind == "ray":
        from mt.pipeline.ray_executor import require_ray

        require_ray()
    elif address is not None or gpus_per_worker:
        raise UsageError("--ray-address and --gpus-per-worker need --executor ray")
    return Executor(kind, workers, address, gpus_per_worker, verbose)
