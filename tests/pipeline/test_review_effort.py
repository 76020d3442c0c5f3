"""Progress and effort of a review without a UI: words confirmed, active editing time per
segment (idle gaps not counted) kept across save, reopen and recovery, and both with HTER in
the edit log."""

from __future__ import annotations

from pathlib import Path

from mt.pipeline.review import ReviewSession
from mt.pipeline.review.edit_log import build_edit_log
from mt.pipeline.review.effort import IDLE_SECONDS, EffortClock, effort_seconds
from tests.conftest import STORY


def open_story(work: Path) -> ReviewSession:
    return ReviewSession.open(work / f"{STORY}.mt.en", source=work / f"{STORY}.ar",
                              glossary=work / "glossary.tsv")


def free(session: ReviewSession) -> list[int]:
    """Segments without open proposals (they can be confirmed)."""
    return [i for i in range(len(session)) if not session.pending(i)]


def test_the_time_between_actions_goes_to_the_segment_current_then() -> None:
    clock = EffortClock()
    assert clock.activity(0, 100.0) is None  # the first action starts the clock
    assert clock.activity(0, 110.0) == (0, 10.0)
    assert clock.activity(1, 112.0) == (0, 2.0)  # moving on: the 2 s were spent on 0
    assert clock.activity(1, 112.0 + IDLE_SECONDS + 1) is None  # away: not counted
    assert clock.activity(2, 112.0 + IDLE_SECONDS + 6) == (1, 5.0)


def test_editing_time_survives_save_and_reopen(work: Path) -> None:
    session = open_story(work)
    session.note_activity(0, now=1000.0)
    session.note_activity(0, now=1012.0)
    session.note_activity(1, now=1020.0)  # 8 more s on segment 0, then segment 1
    session.note_activity(1, now=1200.0)  # an idle gap: nothing
    session.note_activity(1, now=1203.0)
    assert effort_seconds(session.segment(0)) == 20.0
    assert effort_seconds(session.segment(1)) == 3.0
    assert session.progress().seconds == 23.0
    session.confirm(free(session)[0])  # makes the session dirty; saving keeps the time
    session.save()
    session.close()
    again = open_story(work)
    assert effort_seconds(again.segment(0)) == 20.0
    assert effort_seconds(again.segment(1)) == 3.0
    again.close()


def test_editing_time_is_journaled_with_the_decisions_and_recovered(work: Path) -> None:
    session = open_story(work)
    i = free(session)[0]
    session.note_activity(i, now=50.0)
    session.note_activity(i, now=65.0)
    session.confirm(i)
    session._journal.close()  # a crash: the journal stays, nothing saved
    again = open_story(work)
    assert again.recovery is not None
    again.recover()
    assert effort_seconds(again.segment(i)) == 15.0
    assert again.reviewed(i)
    again.close(discard=True)


def test_progress_counts_the_words_of_confirmed_segments(work: Path) -> None:
    session = open_story(work)
    words = [len((s.source or s.mt).split()) for s in session.document]
    before = session.progress()
    assert (before.words, before.words_reviewed) == (sum(words), 0)
    a, b = free(session)[:2]
    session.confirm(a)
    session.confirm(b)
    after = session.progress()
    assert (after.reviewed, after.words_reviewed) == (2, words[a] + words[b])
    session.close(discard=True)


def test_the_edit_log_has_each_decisions_time_spent_and_hter(work: Path) -> None:
    session = open_story(work)
    i = next(i for i in range(len(session)) if session.pending(i))
    session.note_activity(i, now=10.0)
    session.note_activity(i, now=25.0)
    session.accept_all(i)
    session.save()  # the decision as saved ...
    session.note_activity(i, now=30.0)
    session.unconfirm(i)  # ... and one in the journal (accepting all confirmed it)
    log = build_edit_log(work / f"{STORY}.mt.en")
    mine = [r for r in log if r["segment"] == session.segment(i).id]
    saved = [r for r in mine if r["from"] == "session"]
    journaled = [r for r in mine if r["from"] == "journal"]
    assert saved and all(r["seconds"] == 15.0 and r["hter"] > 0 for r in saved)
    assert journaled and journaled[-1]["decision"] == "unconfirmed"
    assert journaled[-1]["seconds"] == 20.0
    assert journaled[-1]["hter"] == saved[0]["hter"]
    session.close(discard=True)


def test_time_kept_at_close_never_replaces_a_session_a_fresh_review_left_alone(
        work: Path) -> None:
    session = open_story(work)
    session.confirm(free(session)[0])
    session.save()
    saved = session.paths.session.read_bytes()
    session.close()
    fresh = ReviewSession.open(work / f"{STORY}.mt.en", source=work / f"{STORY}.ar",
                               glossary=work / "glossary.tsv", resume=False)
    fresh.note_activity(0, now=1000.0)
    fresh.note_activity(0, now=1010.0)
    fresh.close()
    assert fresh.paths.session.read_bytes() == saved, "only a save replaces it"
    again = open_story(work)
    again.note_activity(0, now=1000.0)
    again.note_activity(0, now=1010.0)
    again.close()  # resumed: its time goes into the session file
    assert effort_seconds(open_story(work).segment(0)) == 10.0
