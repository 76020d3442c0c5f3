"""Rebasing a saved review onto a changed MT text (mt.pipeline.review.rebase), and resuming the
position last worked on."""

from __future__ import annotations

from pathlib import Path

from mt.document import Document, Segment
from mt.formats import read_document
from mt.pipeline.review import ReviewSession
from mt.pipeline.review.state import is_reviewed, set_reviewed
from tests.conftest import STORY


def open_story(work: Path) -> ReviewSession:
    return ReviewSession.open(work / f"{STORY}.mt.en", source=work / f"{STORY}.ar",
                              glossary=work / "glossary.tsv")


def test_rebase_keeps_unchanged_segments_and_marks_changed_ones() -> None:
    from mt.pipeline.review.rebase import rebase_saved
    from mt.pipeline.review.state import mt_changed

    saved = Document([Segment("1", "One."), Segment("2", "Two."), Segment("3", "Three.")])
    saved.segments[0].propose(0, 3, "Uno")
    saved.segments[0].accept(saved.segments[0].edits[0])
    set_reviewed(saved.segments[0], True)
    set_reviewed(saved.segments[1], True)
    doc = Document([Segment("1", "One."), Segment("2", "Two, changed."), Segment("4", "Four.")])
    result = rebase_saved(doc, saved)
    assert (result.kept, result.changed, result.dropped) == (1, 2, 1)
    assert doc.segments[0].post_edit == "Uno." and is_reviewed(doc.segments[0])
    assert not is_reviewed(doc.segments[1]) and mt_changed(doc.segments[1])
    assert doc.segments[1].post_edit == "Two, changed."
    assert mt_changed(doc.segments[2])
    set_reviewed(doc.segments[1], True)
    assert not mt_changed(doc.segments[1]), "confirming clears the mark"


def test_backup_never_overwrites_an_earlier_backup(tmp_path: Path) -> None:
    from mt.pipeline.review.rebase import backup_session

    session = tmp_path / "a.mt.json"
    session.write_text("first", encoding="utf-8")
    one = backup_session(session)
    session.write_text("second", encoding="utf-8")
    two = backup_session(session)
    assert one != two
    assert one.read_text(encoding="utf-8") == "first"
    assert two.read_text(encoding="utf-8") == "second"


def test_a_changed_mt_keeps_the_saved_review_and_backs_it_up(work: Path) -> None:
    s = open_story(work)
    for i in range(len(s)):
        if s.pending(i):
            s.accept_all(i)
    s.confirm(1)
    done = {i for i in range(len(s)) if s.reviewed(i)}
    s.save()
    s.close()
    old_session = s.paths.session.read_bytes()
    mt_path = work / f"{STORY}.mt.en"
    paragraphs = mt_path.read_text(encoding="utf-8").split("\n\n")
    paragraphs[1] = paragraphs[1] + " (updated)"
    mt_path.write_text("\n\n".join(paragraphs), encoding="utf-8")

    again = open_story(work)
    note = " ".join(again.notes)
    assert "1 segment changed" in note and "backed up" in note
    backup = s.paths.session.with_name(s.paths.session.name + ".bak")
    assert backup.read_bytes() == old_session and str(backup) in note
    assert {i for i in range(len(again)) if again.reviewed(i)} == done - {1}
    assert again.needs_attention(1) and "(updated)" in again.segment(1).post_edit
    assert again.segment(0).post_edit == s.segment(0).post_edit
    again.close(discard=True)


def test_reopening_returns_to_the_segment_last_worked_on(work: Path) -> None:
    s = open_story(work)
    s.position = 5
    s.set_post_edit(5, s.segment(5).post_edit + " More.")
    s.save()
    s.close()
    assert open_story(work).position == 5
    saved = read_document(s.paths.session, fmt="session")
    assert saved.meta["review"]["position"] == s.segment(5).id
    out = s.paths.output
    assert out is not None and "position" not in out.read_text(encoding="utf-8")


def test_the_journal_tells_the_segment_last_changed(work: Path) -> None:
    s = open_story(work)
    s.set_post_edit(7, s.segment(7).post_edit + " More.")
    s.set_post_edit(3, s.segment(3).post_edit + " More.")
    s._journal.close()  # a crash
    again = open_story(work)
    assert again.recovery is not None
    assert again.journal_position(again.recovery.records) == 3
    again.discard_recovery()
