"""The edit log (`mt review FILE --export-log OUT.jsonl`): saved decisions, then the journal's
timed ones, as JSON Lines."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mt.cli.review_cmd import review
from mt.pipeline.review import ReviewSession
from mt.pipeline.review.edit_log import build_edit_log
from tests.conftest import CORPORA, GLOSSARIES

STORY = "panjshir-offensive"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    for suffix in (".ar", ".mt.en"):
        shutil.copy(CORPORA / f"{STORY}{suffix}", tmp_path / f"{STORY}{suffix}")
    shutil.copy(GLOSSARIES / "afghanistan-news.ar-en.tsv", tmp_path / "glossary.tsv")
    return tmp_path


def open_story(work: Path) -> ReviewSession:
    return ReviewSession.open(work / f"{STORY}.mt.en", source=work / f"{STORY}.ar",
                              glossary=work / "glossary.tsv")


def first_proposal(session: ReviewSession) -> int:
    return next(i for i in range(len(session)) if session.segment(i).edits)


def test_saved_then_journaled_decisions(work: Path) -> None:
    session = open_story(work)
    i = first_proposal(session)
    seg_id = session.segment(i).id
    session.accept(i, 0)
    session.save()
    session.reject(i, 0)  # changed its mind, not saved: only in the journal
    session.unconfirm(i)
    session.close()
    log = build_edit_log(work / f"{STORY}.mt.en")
    saved = [r for r in log if r["from"] == "session"]
    assert [(r["segment"], r["decision"], r["time"]) for r in saved] == [
        (seg_id, "accepted", None), (seg_id, "confirmed", None)]  # deciding all confirms
    later = [r for r in log if r["from"] == "journal"]
    assert [(r["segment"], r["decision"]) for r in later] == [
        (seg_id, "rejected"), (seg_id, "unconfirmed")]
    assert all(isinstance(r["time"], float) and r["op"] for r in later)
    assert later[0]["origin"] == "glossary" and later[0]["entry_id"]


def test_export_log_option_writes_json_lines_and_runs_no_ui(work: Path, monkeypatch) -> None:
    session = open_story(work)
    session.accept(first_proposal(session), 0)
    session.close()  # unsaved: the journal stays
    monkeypatch.setattr("mt.cli.review_cmd.require_terminal",
                        lambda command: pytest.fail("the UI was started"))
    out = work / "log.jsonl"
    review(work / f"{STORY}.mt.en", source=None, ref=None, glossary=None, model=None,
           output=None, fmt=None, text_mode="auto", fresh=False, export_log=out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["decision"], r["from"]) for r in lines] == [("accepted", "journal"),
                                                          ("confirmed", "journal")]


def test_no_review_yet_gives_an_empty_log(work: Path) -> None:
    assert build_edit_log(work / f"{STORY}.mt.en") == []


def test_export_log_to_a_missing_folder_is_one_clear_error(work: Path) -> None:
    from mt.errors import MTError
    from mt.pipeline.review.edit_log import write_edit_log

    with pytest.raises(MTError, match="cannot write") as caught:
        write_edit_log(work / f"{STORY}.mt.en", work / "nowhere" / "log.jsonl")
    assert caught.value.exit_code == 2 and "log.jsonl" in str(caught.value)
