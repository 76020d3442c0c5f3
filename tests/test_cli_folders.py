"""`mt post-edit`, `mt qa` and `mt score` on a folder (or several files) of documents."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from mt.cli.main import app
from mt.errors import MTError
from mt.pipeline.batch import (
    DocumentInputs,
    DocumentResult,
    list_inputs,
    pair,
    run_documents,
    worst_exit,
)
from tests.conftest import CORPORA, GLOSSARIES

GLOSSARY = GLOSSARIES / "afghanistan-news.ar-en.tsv"
STORIES = ["doha-talks", "kabul-aid", "panjshir-offensive", "resistance-interview"]

runner = CliRunner()


def invoke(*args: str | Path) -> tuple[int, str, str]:
    """Exit status, stdout and stdout+stderr (with the error line ``mt`` would print)."""
    result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "120", "NO_COLOR": "1"})
    if isinstance(result.exception, MTError):
        return result.exception.exit_code, result.stdout, result.output + str(result.exception)
    return result.exit_code, result.stdout, result.output


def corpus_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "corpora"
    shutil.copytree(CORPORA, folder)
    return folder


def test_folder_inputs_are_paired_by_name() -> None:
    docs = [pair(p) for p in list_inputs([CORPORA])]
    assert [d.name for d in docs] == STORIES
    for d in docs:
        assert d.source == CORPORA / f"{d.name}.ar"
        assert d.reference == CORPORA / f"{d.name}.ref.en"


def test_post_edit_a_folder_writes_every_story_with_a_summary_row(tmp_path: Path) -> None:
    out = tmp_path / "out"  # created: it does not exist yet
    code, stdout, output = invoke("post-edit", CORPORA, "-g", GLOSSARY, "-o", out)
    assert code == 1, output  # QA errors remain in some stories: the worst document's status
    assert sorted(p.name for p in out.iterdir()) == [f"{s}.pe.en" for s in STORIES]
    rows = {line.split()[0]: line.split() for line in stdout.splitlines() if line.split()}
    assert set(STORIES) <= set(rows)
    assert "52.0→55.4" in rows["panjshir-offensive"]  # BLEU before → after, with the reference
    # Each story is post-edited exactly as the one-document command does it.
    single = tmp_path / "single.pe.en"
    story = CORPORA / "panjshir-offensive"
    invoke("post-edit", f"{story}.mt.en", "-s", f"{story}.ar", "-r", f"{story}.ref.en",
           "-g", GLOSSARY, "-o", single)
    assert (out / "panjshir-offensive.pe.en").read_bytes() == single.read_bytes()


def test_post_edit_folder_json_has_one_entry_per_document(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    code, stdout, _ = invoke("post-edit", CORPORA, "-g", GLOSSARY, "--json", "--report", report)
    data = json.loads(stdout)
    assert json.loads(report.read_text(encoding="utf-8")) == data
    assert code == data["exit"] == 1
    docs = {d["document"]: d for d in data["documents"]}
    assert list(docs) == STORIES
    assert docs["panjshir-offensive"]["edits"] == 11
    assert docs["resistance-interview"]["qa"]["error"] == 0
    assert docs["resistance-interview"]["exit"] == 0
    assert docs["panjshir-offensive"]["scores"]["bleu"]["after"] > \
        docs["panjshir-offensive"]["scores"]["bleu"]["before"]


def test_an_unreadable_document_is_skipped_and_the_others_done(tmp_path: Path) -> None:
    folder = corpus_copy(tmp_path)
    (folder / "kabul-aid.ref.en").write_text("only one line\n", encoding="utf-8")  # misaligned
    out = tmp_path / "out"
    code, _stdout, output = invoke("post-edit", folder, "-g", GLOSSARY, "-o", out)
    assert code == 2
    assert "kabul-aid" in output and "document skipped" in output
    assert sorted(p.name for p in out.iterdir()) == [
        f"{s}.pe.en" for s in STORIES if s != "kabul-aid"]
    assert "3 documents done, 1 skipped (could not be read); 42 segments in " in output
    assert "documents/s" in output and "segments/s" in output


def test_the_json_summary_counts_documents_segments_and_failures_with_reasons(
        tmp_path: Path) -> None:
    folder = corpus_copy(tmp_path)
    (folder / "kabul-aid.ref.en").write_text("only one line\n", encoding="utf-8")  # misaligned
    code, stdout, _ = invoke("post-edit", folder, "-g", GLOSSARY, "-o", tmp_path / "out",
                             "--json")
    assert code == 2
    data = json.loads(stdout)
    summary = data["summary"]
    assert (summary["documents"], summary["done"], summary["segments"]) == (4, 3, 42)
    assert sum(d.get("segments", 0) for d in data["documents"]) == 42
    assert [f["document"] for f in summary["failures"]] == ["kabul-aid"]
    assert "kabul-aid.ref.en" in summary["failures"][0]["error"]
    assert summary["seconds"] >= summary["first_result_seconds"] > 0
    assert summary["segments_per_second"] > summary["documents_per_second"] > 0
    assert data["executor"] == {"kind": "local", "workers": 1}


def test_output_folder_that_is_a_file_is_refused_before_any_work(tmp_path: Path) -> None:
    out = tmp_path / "out.en"
    out.write_text("keep me\n", encoding="utf-8")
    code, _, output = invoke("post-edit", CORPORA, "-g", GLOSSARY, "-o", out)
    assert code == 2 and "names a folder" in output
    assert out.read_text(encoding="utf-8") == "keep me\n"


def test_output_folder_whose_parent_is_missing_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "out"
    code, _, output = invoke("post-edit", CORPORA, "-g", GLOSSARY, "-o", out)
    assert code == 2 and "cannot create" in output
    assert not out.parent.exists()


def test_an_output_that_is_an_input_is_refused_and_the_folder_not_left(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CORPORA / "kabul-aid.mt.en", folder / "kabul-aid.pe.en")  # also an MT file?
    shutil.copy(CORPORA / "kabul-aid.mt.en", folder / "kabul-aid.mt.en")
    # The output of kabul-aid.mt.en in that folder is kabul-aid.pe.en, given as an input.
    code, _, output = invoke("post-edit", folder / "kabul-aid.mt.en", folder / "kabul-aid.pe.en",
                             "-g", GLOSSARY, "-o", folder)
    assert code == 2 and "also an input" in output


def test_source_and_ref_options_are_refused_with_a_folder() -> None:
    code, _, output = invoke("post-edit", CORPORA, "-g", GLOSSARY, "-s", CORPORA / "kabul-aid.ar")
    assert code == 2 and "paired by name" in output


def test_several_files_are_a_batch(tmp_path: Path) -> None:
    files = [CORPORA / f"{s}.mt.en" for s in STORIES[:2]]
    code, stdout, _ = invoke("qa", *files, "-g", GLOSSARY, "--json")
    assert [d["document"] for d in json.loads(stdout)["documents"]] == STORIES[:2]
    assert code == 1


def test_qa_a_folder_exits_with_the_worst_document(tmp_path: Path) -> None:
    code, stdout, _output = invoke("qa", CORPORA, "-g", GLOSSARY, "--quiet")
    assert code == 1
    for story in STORIES:
        assert story in stdout
    assert "QA checks skipped: low-confidence" in stdout


def test_score_a_folder_matches_scoring_each_document(tmp_path: Path) -> None:
    code, stdout, _ = invoke("score", CORPORA, "--json")
    assert code == 0
    docs = {d["document"]: d for d in json.loads(stdout)["documents"]}
    story = CORPORA / "doha-talks"
    _, single, _ = invoke("score", "--hyp", f"{story}.mt.en", "--ref", f"{story}.ref.en",
                          "--json")
    row = json.loads(single)["systems"]["systems"][0]["scores"]
    assert round(docs["doha-talks"]["scores"]["bleu"], 6) == round(row["BLEU"]["score"], 6)


def test_score_quiet_is_accepted_and_a_document_without_reference_fails(tmp_path: Path) -> None:
    folder = corpus_copy(tmp_path)
    (folder / "doha-talks.ref.en").unlink()
    code, stdout, output = invoke("score", folder, "--quiet")
    assert code == 2
    assert "doha-talks" in output and "no reference" in output
    assert "kabul-aid" in stdout


def test_core_reports_progress_and_the_worst_exit() -> None:
    seen: list[tuple[int, int, int]] = []
    docs = [DocumentInputs(Path(f"{n}.mt.en")) for n in ("a", "b")]

    def step(d: DocumentInputs) -> DocumentResult:
        if d.name == "b":
            raise MTError("cannot be read", path=d.mt)
        return DocumentResult(d, {"segments": 3}, exit=1)

    results = run_documents(docs, step, progress=lambda *args: seen.append(args))
    assert seen == [(0, 2, 0), (1, 2, 3), (2, 2, 3)]  # documents done, of all, segments done
    assert [r.failed for r in results] == [False, True]
    assert results[1].error == "b.mt.en: cannot be read"
    assert worst_exit(results) == 2
    assert worst_exit(results[:1]) == 1


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    _, _, output = invoke("post-edit", CORPORA, "-g", GLOSSARY)
    assert "━" not in output and "\x1b[" not in output


def test_propose_into_text_outputs_is_refused_before_any_work(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, output = invoke("post-edit", CORPORA, "-g", GLOSSARY, "--propose", "-o", out)
    assert code == 2 and "--to session" in output
    assert not out.exists()
    code, _, output = invoke("post-edit", CORPORA, "-g", GLOSSARY, "--propose", "--to",
                             "session", "-o", out)
    assert code == 1, output  # the fixes are only proposed: the QA errors are still there
    sessions = sorted(out.iterdir())
    assert [p.name for p in sessions] == [f"{s}.mt.json" for s in STORIES]
    assert '"proposed"' in sessions[0].read_text(encoding="utf-8")
