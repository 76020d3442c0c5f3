"""Folders of documents on Ray (``--executor ray``): a real local Ray with 2 CPUs, started once
for the module; the outputs and the summary must be those of the local executor."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from mt.glossary.file_formats import load_glossary
from mt.pipeline.batch import DocumentInputs, DocumentResult, list_inputs, output_name, pair
from mt.pipeline.batch_steps import ReadOptions, post_edit_step
from tests.test_cli_folders import GLOSSARY, invoke
from tests.test_cli_translate import ARTICLE, tiny_model
from tests.test_cli_translate import GLOSSARY as TRANSLATE_GLOSSARY
from tests.test_cli_translate import run as run_translate

ray = pytest.importorskip("ray")

__all__ = ["tiny_model"]
STORIES = ["doha-talks", "kabul-aid", "panjshir-offensive"]
CORPORA = Path(__file__).resolve().parent.parent / "corpora"
TIMINGS = ("seconds", "first_result_seconds", "documents_per_second", "segments_per_second")


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             logging_level="ERROR", configure_logging=False)
    yield
    ray.shutdown()


def six_documents(folder: Path) -> Path:
    folder.mkdir()
    for copy in (1, 2):
        for story in STORIES:
            for ext in ("ar", "mt.en", "ref.en"):
                shutil.copy(CORPORA / f"{story}.{ext}", folder / f"{story}-{copy}.{ext}")
    return folder


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def post_edit_json(folder: Path, out: Path, *executor: str) -> tuple[int, dict]:
    code, stdout, _ = invoke("post-edit", folder, "-g", GLOSSARY, "-o", out, "--json",
                                  *executor)
    data = json.loads(stdout)
    for doc in data["documents"]:  # the output folder's name differs between the two runs
        doc["written"] = [Path(w).name for w in doc["written"]]
    for timing in TIMINGS:  # and so do the times (both runs have them)
        assert timing in data["summary"]
        del data["summary"][timing]
    del data["executor"]
    return code, data


@pytest.mark.slow
def test_post_edit_on_ray_writes_the_local_executors_bytes_and_summary(
        tmp_path: Path, local_ray: None) -> None:
    folder = six_documents(tmp_path / "in")
    bad = folder / "broken.mt.en"  # its source has more lines than it: cannot be aligned
    bad.write_text("one line\n", encoding="utf-8")
    (folder / "broken.ar").write_text("سطر\nسطر آخر\nوثالث\n", encoding="utf-8")
    local_code, local = post_edit_json(folder, tmp_path / "local")
    ray_code, on_ray = post_edit_json(folder, tmp_path / "ray", "--executor", "ray",
                                      "--workers", "2")
    assert ray_code == local_code == 2
    assert on_ray == local
    assert local["failed"] == 1
    assert [d["document"] for d in local["documents"] if d["error"]] == ["broken"]
    assert local["summary"]["failures"][0]["document"] == "broken"
    assert local["summary"]["segments"] == sum(d.get("segments", 0) for d in local["documents"])
    assert files(tmp_path / "ray") == files(tmp_path / "local")
    assert len(files(tmp_path / "ray")) == 6


@pytest.mark.slow
def test_a_killed_actor_is_restarted_and_the_outputs_match_an_uninterrupted_run(
        tmp_path: Path, local_ray: None) -> None:
    from mt.pipeline.ray_executor import run_on_ray

    folder = six_documents(tmp_path / "in")
    docs = [pair(p) for p in list_inputs([folder])]
    gloss = load_glossary(GLOSSARY)
    marker = tmp_path / "killed-once"

    def make_step(out: Path, kill: bool):
        def step(d: DocumentInputs) -> DocumentResult:
            if kill and d.name == "kabul-aid-1" and not marker.exists():
                marker.write_text("x")
                os._exit(1)  # the actor's process dies mid-run
            return post_edit_step(d, gloss, read=ReadOptions(), output=out / output_name(d))
        return step

    (tmp_path / "whole").mkdir()
    (tmp_path / "killed").mkdir()
    whole = run_on_ray(docs, make_step(tmp_path / "whole", False), workers=2)
    killed = run_on_ray(docs, make_step(tmp_path / "killed", True), workers=2)
    assert marker.exists()
    assert [r.summary for r in killed] == [r.summary for r in whole]
    assert files(tmp_path / "killed") == files(tmp_path / "whole")
    assert not list((tmp_path / "killed").glob(".*"))  # no temporary file left behind


def test_without_ray_the_executor_says_how_to_install_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray raises ImportError
    folder = six_documents(tmp_path / "in")
    code, _, output = invoke("post-edit", folder, "-g", GLOSSARY, "-o", tmp_path / "out",
                             "--executor", "ray")
    assert code == 2
    assert "pip install 'mt-newsroom[distributed]'" in output
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_translate_on_ray_writes_the_local_executors_bytes(
        tmp_path: Path, local_ray: None, tiny_model: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.ar").write_text(ARTICLE, encoding="utf-8")
    (folder / "other.ar").write_text("عاد اللاجئون إلى كابل.\n", encoding="utf-8")
    (folder / "third.ar").write_text("هاجمت طالبان ولاية بنجشير.\n", encoding="utf-8")
    common = ["--model", tiny_model, "--glossary", TRANSLATE_GLOSSARY, "--json", "--device",
              "cpu", "--beam", "2", "--target-lang", "en"]
    local = run_translate(folder, *common, "-o", tmp_path / "local")
    on_ray = run_translate(folder, *common, "-o", tmp_path / "ray", "--executor", "ray",
                           "--workers", "2")
    assert on_ray.exit_code == local.exit_code == 0, on_ray.output
    assert files(tmp_path / "ray") == files(tmp_path / "local")
    assert len(files(tmp_path / "ray")) == 3
    strip = [{k: v for k, v in d.items() if k != "written"}
             for d in json.loads(local.stdout)["documents"]]
    assert [{k: v for k, v in d.items() if k != "written"}
            for d in json.loads(on_ray.stdout)["documents"]] == strip


def test_resume_skips_the_documents_whose_output_is_there(tmp_path: Path) -> None:
    folder = six_documents(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    (out / "doha-talks-1.pe.en").write_text("kept as it is\n", encoding="utf-8")
    code, stdout, output = invoke("post-edit", folder, "-g", GLOSSARY, "-o", out, "--resume",
                                  "--json")
    assert code == 1, output  # QA errors remain in the stories, as without --resume
    assert "1 document skipped: output present (--resume)" in output
    assert len(json.loads(stdout)["documents"]) == 5
    assert (out / "doha-talks-1.pe.en").read_text(encoding="utf-8") == "kept as it is\n"
    assert len(list(out.iterdir())) == 6


@pytest.mark.slow
def test_the_command_on_its_own_ray_prints_no_ray_lines_and_the_local_summary_fields(
        tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = six_documents(tmp_path / "in")
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    env.pop("RAY_ADDRESS", None)

    def run(out: str, *executor: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mt", "post-edit", str(folder), "-g", str(GLOSSARY), "-o",
             str(tmp_path / out), "--json", *executor],
            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)

    on_ray = run("ray", "--executor", "ray", "--workers", "2")
    local = run("local")
    assert on_ray.returncode == local.returncode == 1  # QA errors remain in the stories
    assert on_ray.stderr == local.stderr == ""  # no banner, no warning, no Ray Data notes
    ray_summary = json.loads(on_ray.stdout)["summary"]
    local_summary = json.loads(local.stdout)["summary"]
    assert ray_summary.keys() == local_summary.keys()
    assert ray_summary["segments"] == local_summary["segments"] > 0
    assert json.loads(on_ray.stdout)["executor"] == {"kind": "ray", "workers": 2}
