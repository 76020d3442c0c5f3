"""The review journal under faults: odd line separators, corrupt records, a crash or a failing
disk in the middle of recovery, a journal that cannot be written."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mt.errors import InputError, MTError, UsageError
from mt.fileio import JsonLinesLog
from mt.pipeline.review import ReviewSession
from mt.pipeline.review.journal import JournalError
from tests.conftest import STORY


def open_story(work: Path, **kw: object) -> ReviewSession:
    return ReviewSession.open(work / f"{STORY}.mt.en", source=work / f"{STORY}.ar",
                              glossary=work / "glossary.tsv", **kw)  # type: ignore[arg-type]


def crash(session: ReviewSession) -> None:
    session._journal.close()


def three_decisions(s: ReviewSession) -> dict[int, str]:
    """Accept a proposal, type two hand edits with odd separators; the post-edits by index."""
    i = next(n for n in range(len(s)) if s.pending(n))
    s.accept(i, s.pending(i)[0])
    s.set_post_edit(1, s.segment(1).post_edit + " a\u2028b", group="g1")
    s.set_post_edit(2, s.segment(2).post_edit + " c\u2029d\u0085e", group="g2")
    return {n: s.segment(n).post_edit for n in {i, 1, 2}}


def test_records_with_unicode_line_separators_survive_recovery(work: Path) -> None:
    s = open_story(work)
    wanted = three_decisions(s)
    crash(s)
    again = open_story(work)
    assert again.recovery is not None and again.recovery.operations == 3
    again.recover()
    assert {n: again.segment(n).post_edit for n in wanted} == wanted


def corrupt(journal: Path) -> None:
    lines = journal.read_text(encoding="utf-8").split("\n")
    bad = [
        '{"t": "op", "seq": "x", "segments": []}',
        '{"t": "op", "seq": 9, "segments": 5}',
        '{"t": "op", "seq": 10, "segments": [7, {"id": 3}]}',
        "not json at all",
        "[1, 2]",
    ]
    journal.write_text("\n".join(lines[:2] + bad + lines[2:]), encoding="utf-8")


@pytest.mark.parametrize("fresh", [False, True])
def test_corrupt_records_are_skipped_with_a_count_and_the_document_opens(
        work: Path, fresh: bool) -> None:
    s = open_story(work)
    wanted = three_decisions(s)
    crash(s)
    corrupt(s.paths.journal)
    again = open_story(work, resume=not fresh)
    rec = again.recovery
    assert rec is not None
    assert rec.unreadable == 5 and "5 unreadable" in rec.describe()
    assert rec.operations == 3
    again.recover()
    assert {n: again.segment(n).post_edit for n in wanted} == wanted


def test_a_crash_in_recovery_keeps_every_decision(work: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    s = open_story(work)
    wanted = three_decisions(s)
    crash(s)
    again = open_story(work)

    def broken(*args: object, **kw: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(MTError):
        again.recover()
    monkeypatch.undo()
    assert not list(work.glob("*.old")), "no second copy left behind"
    crash(again)
    third = open_story(work)
    assert third.recovery is not None and third.recovery.operations == 3
    third.recover()
    assert {n: third.segment(n).post_edit for n in wanted} == wanted


def test_a_failing_fsync_in_recovery_keeps_every_decision(
        work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = open_story(work)
    wanted = three_decisions(s)
    crash(s)
    again = open_story(work)
    real = os.fsync

    def failing(fd: int) -> None:
        if not os.path.isdir(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(MTError):
        again.recover()
    monkeypatch.undo()
    assert again.recovery is not None, "the recovery is still to be decided"
    crash(again)
    third = open_story(work)
    assert third.recovery is not None
    third.recover()
    assert {n: third.segment(n).post_edit for n in wanted} == wanted


def test_a_journal_left_as_old_by_an_earlier_crash_is_recovered(work: Path) -> None:
    s = open_story(work)
    wanted = three_decisions(s)
    crash(s)
    journal = s.paths.journal
    os.replace(journal, journal.with_name(journal.name + ".old"))
    again = open_story(work)
    assert again.recovery is not None and again.recovery.operations == 3
    again.recover()
    assert {n: again.segment(n).post_edit for n in wanted} == wanted
    assert not journal.with_name(journal.name + ".old").exists()


def test_a_journal_write_failure_is_a_typed_error_and_the_decision_stays(
        work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = open_story(work)
    i = next(n for n in range(len(s)) if s.pending(n))
    s.accept(i, s.pending(i)[0])
    before = s.paths.journal.read_bytes()

    def full(self: JsonLinesLog, records: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("mt.fileio.append_json_lines", full)
    typed = s.segment(1).post_edit + " typed"
    with pytest.raises(JournalError, match=r"(?i)not journaled"):
        s.set_post_edit(1, typed, group="g")
    assert isinstance(JournalError("x"), MTError)
    assert s.segment(1).post_edit == typed, "the decision is kept in memory"
    assert s.undo_label is not None and s.dirty
    assert s.unjournaled == 1
    monkeypatch.undo()
    assert s.paths.journal.read_bytes() == before
    s.set_post_edit(2, s.segment(2).post_edit + " more", group="g2")  # the disk is back
    crash(s)
    again = open_story(work)
    assert again.recovery is not None and again.recovery.unreadable == 0


def test_symlinked_journals_are_refused(work: Path, tmp_path_factory: pytest.TempPathFactory
                                        ) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "target.jsonl"
    (work / f"{STORY}.mt.en.mt-journal.jsonl").symlink_to(elsewhere)
    with pytest.raises(InputError, match="symbolic link"):
        s = open_story(work)
        s.accept(*next((n, s.pending(n)[0]) for n in range(len(s)) if s.pending(n)))
    assert not elsewhere.exists()


def test_review_refuses_a_default_output_that_is_its_reference(
        work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mt.cli.review_cmd import review
    from mt.tui.app import ReviewApp

    monkeypatch.setattr(ReviewApp, "run", lambda app: app.session.save())
    shutil.copy(work / f"{STORY}.ref.en", work / f"{STORY}.pe.en")
    reference = (work / f"{STORY}.pe.en").read_bytes()
    with pytest.raises(UsageError, match="input"):
        review(work / f"{STORY}.mt.en", source=None, ref=work / f"{STORY}.pe.en",
               glossary=None, model=None, output=None, fmt=None, text_mode="auto",
               fresh=False)
    assert (work / f"{STORY}.pe.en").read_bytes() == reference


def test_review_exits_non_zero_when_a_decision_was_not_journaled(
        work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mt.cli.review_cmd import review
    from mt.tui.app import ReviewApp

    def run(app: ReviewApp) -> None:
        s = app.session
        with monkeypatch.context() as m:
            m.setattr("mt.fileio.append_json_lines",
                      lambda *a: (_ for _ in ()).throw(OSError(errno.EROFS, "Read-only")))
            with pytest.raises(JournalError):
                s.set_post_edit(1, s.segment(1).post_edit + " typed", group="g")
        s.save()

    monkeypatch.setattr(ReviewApp, "run", run)
    monkeypatch.setattr("mt.cli.review_cmd.require_terminal", lambda command: None)
    with pytest.raises(MTError, match=r"(?i)not journaled"):
        review(work / f"{STORY}.mt.en", source=None, ref=None, glossary=None, model=None,
               output=None, fmt=None, text_mode="auto", fresh=False)
    assert json.loads((work / f"{STORY}.mt.en.mt.json").read_text())  # the save went through


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["t", "seq", "segments", "id", "mt", "edits", "reviewed", "time"]),
        inner, max_size=5),
    max_leaves=12)
records = st.fixed_dictionaries(
    {"t": st.sampled_from(["op", "save", "open", "x"]), "seq": st.integers(-2, 5) | json_values},
    optional={"segments": st.lists(
        st.fixed_dictionaries({"id": st.sampled_from(["1", "2", "x"]) | json_values},
                              optional={"mt": json_values, "edits": json_values,
                                        "reviewed": json_values}), max_size=3) | json_values,
              "time": json_values})


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(records | json_values, max_size=6))
def test_any_journal_opens_and_recovers_without_a_crash(tmp_path: Path, lines: list[object]
                                                        ) -> None:
    doc = tmp_path / "d.mt.en"
    doc.write_text("one\ntwo\n", encoding="utf-8")
    journal = tmp_path / "d.mt.en.mt-journal.jsonl"
    journal.write_text("".join(json.dumps(v) + "\n" for v in lines), encoding="utf-8")
    s = ReviewSession.open(doc)
    if s.recovery is not None:
        s.recover()
    s.close(discard=True)


def test_saved_elsewhere_the_review_journals_and_recovers_there(
        work: Path, tmp_path_factory: pytest.TempPathFactory,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from mt.pipeline.review.paths import check_elsewhere, elsewhere

    there = tmp_path_factory.mktemp("elsewhere")
    s = open_story(work)
    monkeypatch.setattr("mt.fileio.append_json_lines",
                        lambda *a: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space")))
    i = next(n for n in range(len(s)) if s.pending(n))
    with pytest.raises(JournalError):
        s.accept(i, s.pending(i)[0])
    monkeypatch.undo()
    new = elsewhere(s.paths, there / f"{STORY}.pe.en")
    for bad, why in [(work / f"{STORY}.ar", "input"), (there / "x.docx", "no format"),
                     (there / f"{STORY}.mt.en.mt.json", "session")]:
        with pytest.raises(UsageError, match=why):
            check_elsewhere(elsewhere(s.paths, bad), s.paths, s.inputs)
    (there / f"{STORY}.mt.en.mt-journal.jsonl").write_text("{}\n", encoding="utf-8")
    with pytest.raises(UsageError, match="journal of another review"):
        check_elsewhere(new, s.paths, s.inputs)
    (there / f"{STORY}.mt.en.mt-journal.jsonl").unlink()
    check_elsewhere(new, s.paths, s.inputs)
    s.move_to(new)
    s.save()
    s.set_post_edit(2, s.segment(2).post_edit + " typed there", group="g")
    wanted = {n: s.segment(n).post_edit for n in (i, 2)}
    crash(s)
    again = ReviewSession.open(there / f"{STORY}.mt.en.mt.json")
    assert again.recovery is not None and again.recovery.operations == 1
    again.recover()
    assert {n: again.segment(n).post_edit for n in wanted} == wanted
    assert again.paths.output == there / f"{STORY}.pe.en"
