"""Batch jobs on the local executor and on Ray (2 workers), on this machine's cores, run as a
user runs them: each ``mt`` command in its own process, timed whole (Python start-up, Ray's
start-up, the actors, model loads, the documents, the writes).

- post-edit: a folder of ``--documents`` documents (copies of the corpora/ stories) with the
  Afghanistan glossary, written to ``-o`` (2,000 by default: an archive job, where Ray's fixed
  start-up is paid once for many documents);
- translate: ``--translate-documents`` Arabic sources (the corpora/ stories) with the tiny
  Marian model the test suite trains (tests/engines/tiny_marian.py), beam 2, on CPU, torch on
  one thread in both runs (as Ray gives each actor; on a shared 2-core machine torch's two
  threads fight the other processes for the cores and make the local run erratic).

Besides the ratio it prints, from each command's ``--json`` summary, the seconds until the
first document was done (start-up and model loads) and the rate after it, and Ray's own
start-up measured apart (``ray_startup_s``: a local Ray started and stopped, no work). Outputs
are compared byte for byte.

    PYTHONPATH=. python bench/batch_bench.py [--documents 2000] [--translate-documents 60]
        [--workers 2]

Last line: ``ray_speedup=R translate_ray_speedup=T`` (local seconds over Ray seconds, for
post-edit and for translate).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GLOSSARY = ROOT / "glossaries" / "afghanistan-news.ar-en.tsv"


def build(folder: Path, count: int, exts: tuple[str, ...]) -> Path:
    stories = sorted(p.name[: -len(".mt.en")] for p in (ROOT / "corpora").glob("*.mt.en"))
    folder.mkdir()
    for i in range(count):
        story = stories[i % len(stories)]
        for ext in exts:
            shutil.copy(ROOT / "corpora" / f"{story}.{ext}", folder / f"{story}-{i:04d}.{ext}")
    return folder


def mt(*args: str | Path, env: dict[str, str] | None = None) -> tuple[float, dict]:
    """Run ``mt ARGS --json``; its wall seconds and its JSON."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mt", *map(str, args), "--json"],
                          capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"mt {' '.join(map(str, args))}: exit {done.returncode}\n{done.stderr}")
    return seconds, json.loads(done.stdout)


def compare(name: str, args: list[str | Path], tmp: Path, workers: int,
            env: dict[str, str] | None = None) -> float:
    """One job with each executor: documents/s, the time to a first result, the ratio."""
    local, local_data = mt(*args, "-o", tmp / f"{name}-local", env=env)
    ray, ray_data = mt(*args, "-o", tmp / f"{name}-ray", "--executor", "ray", "--workers",
                       str(workers), env=env)
    same = all((tmp / f"{name}-local" / p.name).read_bytes() == p.read_bytes()
               for p in (tmp / f"{name}-ray").iterdir())
    print(f"{name}: documents={local_data['summary']['documents']} "
          f"segments={local_data['summary']['segments']}, outputs identical: {same}")
    for label, wall, data in (("local", local, local_data), (f"ray x{workers}", ray, ray_data)):
        s = data["summary"]
        after = s["done"] / max(s["seconds"] - s["first_result_seconds"], 1e-9)
        print(f"  {label}: {wall:.1f} s ({s['done'] / wall:.1f} docs/s, "
              f"{s['segments'] / wall:.0f} segs/s); in the command: first document after "
              f"{s['first_result_seconds']:.1f} s, then {after:.1f} docs/s")
    return local / ray


def ray_startup(workers: int) -> float:
    from mt.pipeline.ray_executor import quiet_ray, ray_session

    start = time.perf_counter()
    with quiet_ray(), ray_session(workers):
        seconds = time.perf_counter() - start
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--translate-documents", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    from tests.engines.tiny_marian import build_tiny_marian

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        print(f"ray_startup_s={ray_startup(args.workers):.1f} (a local Ray up, no work)")
        folder = build(tmp / "in", args.documents, ("ar", "mt.en", "ref.en"))
        post_edit = compare("post-edit", ["post-edit", folder, "-g", GLOSSARY], tmp, args.workers)
        sources = build(tmp / "sources", args.translate_documents, ("ar",))
        model = build_tiny_marian(tmp / "model")
        translate = compare("translate", [
            "translate", sources, "--model", model, "-g", GLOSSARY, "--device", "cpu",
            "--beam", "2", "--backend", "transformers", "--target-lang", "en"],
            tmp, args.workers, env={"OMP_NUM_THREADS": "1"})
    print(f"ray_speedup={post_edit:.2f} translate_ray_speedup={translate:.2f}")


if __name__ == "__main__":
    main()
