"""The review session without a UI: decisions, hand edits, undo/redo, journal, save, recovery."""

from __future__ import annotations

import json
import os
import shutil
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mt.document import Document, Edit, EditStatus, Origin, Segment
from mt.errors import EditError, MTError
from mt.formats import read_document
from mt.glossary.entry import GlossaryEntry
from mt.glossary.files import load_glossary
from mt.pipeline.review import (
    Journal,
    ReviewError,
    ReviewSession,
    ScoreBoard,
    SegmentStatus,
    default_output,
    edits_for_text,
    review_paths,
    save_glossary_entry,
)
from tests.conftest import GLOSSARIES, SEED, STORY, needs_seed


def open_story(work: Path, **kw) -> ReviewSession:
    return ReviewSession.open(work / f"{STORY}.mt.en", source=work / f"{STORY}.ar",
                              reference=work / f"{STORY}.ref.en",
                              glossary=work / "glossary.tsv", **kw)


def first_open(session: ReviewSession, original: str) -> tuple[int, int]:
    """(segment, edit) of the first open proposal replacing ``original``."""
    for i in range(len(session)):
        for k in session.pending(i):
            if session.segment(i).edits[k].original == original:
                return i, k
    raise AssertionError(f"no open proposal for {original!r}")


# -- paths ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "expected"), [
    ("news.mt.en", "news.pe.en"),
    ("panjshir-news.mt.en.txt", "panjshir-news.pe.en.txt"),
    ("story.en", "story.pe.en"),
    ("story.xlf", "story.pe.xlf"),
    ("README", "README.pe"),
])
def test_default_output_names(name: str, expected: str) -> None:
    assert default_output(Path("/d") / name) == Path("/d") / expected


def test_session_and_journal_sit_beside_the_document(tmp_path: Path) -> None:
    paths = review_paths(tmp_path / "a.mt.en")
    assert paths.session == tmp_path / "a.mt.en.mt.json"
    assert paths.journal == tmp_path / "a.mt.en.mt-journal.jsonl"
    assert paths.output == tmp_path / "a.pe.en"
    own = review_paths(tmp_path / "a.mt.en.mt.json", origin="/elsewhere/a.mt.en")
    assert own.session == tmp_path / "a.mt.en.mt.json"
    assert own.journal == tmp_path / "a.mt.en.mt-journal.jsonl"
    assert own.output == tmp_path / "a.pe.en"


# -- opening and deciding ---------------------------------------------------------------------


def test_open_proposes_glossary_fixes_without_accepting_them(work: Path) -> None:
    s = open_story(work)
    assert len(s) == 14
    assert all(e.status is EditStatus.PROPOSED for seg in s.document for e in seg.edits)
    assert s.status(0) is SegmentStatus.PROPOSALS
    assert not s.dirty
    assert not s.paths.journal.exists(), "looking is not a change: no journal yet"
    assert s.recovery is None


def test_accept_changes_the_post_edit_marks_reviewed_and_journals(work: Path) -> None:
    s = open_story(work)
    i, k = first_open(s, "Banshir")
    s.accept(i, k)
    seg = s.segment(i)
    assert "Panjshir Valley" in seg.post_edit and "Banshir" not in seg.post_edit
    assert s.reviewed(i) and s.status(i) is SegmentStatus.REVIEWED
    assert s.dirty and s.undo_label is not None
    records = Journal.read(s.paths.journal)
    assert records[0]["t"] == "open" and records[0]["format"] == "mt-review-journal"
    op = records[-1]
    assert op["t"] == "op" and op["op"] == "accept"
    assert op["segments"][0]["id"] == seg.id
    assert op["segments"][0]["edits"][k]["status"] == "accepted"


def test_reject_and_segment_wide_decisions(work: Path) -> None:
    s = open_story(work)
    i, k = first_open(s, "Barwan")
    s.reject(i, k)
    assert s.segment(i).edits[k].status is EditStatus.REJECTED
    assert "Barwan" in s.segment(i).post_edit
    assert not s.reviewed(i), "other proposals are still open"
    done, conflicts = s.accept_all(i)
    assert done == len([e for e in s.segment(i).edits if e.status is EditStatus.ACCEPTED])
    assert not conflicts and not s.pending(i) and s.reviewed(i)
    assert "the state of" not in s.segment(i).post_edit
    j, _ = first_open(s, "Taleban")
    assert s.reject_all(j) == 3
    assert s.segment(j).post_edit == s.segment(j).mt
    with pytest.raises(ReviewError):
        s.reject_all(j)


def test_accept_refuses_an_overlapping_edit_and_changes_nothing(work: Path) -> None:
    s = open_story(work)
    i, k = first_open(s, "Banshir")
    seg = s.segment(i)
    s.set_post_edit(i, seg.post_edit.replace("Banshir Valley", "Panjsher valley"))
    journal_lines = len(Journal.read(s.paths.journal))
    before = [(e.status, e.replacement) for e in seg.edits]
    assert seg.edits[k].status is EditStatus.REJECTED, "the hand edit took its place"
    with pytest.raises(EditError, match="overlaps"):
        s.accept(i, k)
    assert [(e.status, e.replacement) for e in seg.edits] == before
    assert len(Journal.read(s.paths.journal)) == journal_lines


def test_confirm_needs_every_proposal_decided(work: Path) -> None:
    s = open_story(work)
    i, _ = first_open(s, "Banshir")
    with pytest.raises(ReviewError, match="still open"):
        s.mark_reviewed(i)
    untouched = next(n for n in range(len(s)) if s.status(n) is SegmentStatus.UNTOUCHED)
    assert s.mark_reviewed(untouched) is True
    assert s.status(untouched) is SegmentStatus.REVIEWED
    assert s.mark_reviewed(untouched) is False


# -- hand edits -------------------------------------------------------------------------------


def test_hand_edit_becomes_an_accepted_human_edit_of_the_mt(work: Path) -> None:
    s = open_story(work)
    i, k = first_open(s, "Banshir")
    s.accept(i, k)
    seg = s.segment(i)
    text = seg.post_edit.replace("wide attack", "major offensive")
    assert s.set_post_edit(i, text)
    assert seg.post_edit == text
    human = [e for e in seg.edits if e.origin is Origin.HUMAN]
    assert len(human) == 1 and human[0].status is EditStatus.ACCEPTED
    assert human[0].original == "wide attack" and human[0].replacement == "major offensive"
    assert seg.edits[k].status is EditStatus.ACCEPTED, "the glossary fix is untouched"


def test_typing_the_proposed_fix_by_hand_accepts_the_proposal(work: Path) -> None:
    s = open_story(work)
    i, k = first_open(s, "Banshir")
    seg = s.segment(i)
    s.set_post_edit(i, seg.post_edit.replace("Banshir", "Panjshir"))
    assert seg.edits[k].status is EditStatus.ACCEPTED
    assert not any(e.origin is Origin.HUMAN for e in seg.edits)


def test_hand_edit_over_a_glossary_fix_supersedes_it_and_says_so(work: Path) -> None:
    s = open_story(work)
    i, k = first_open(s, "Banshir")
    s.accept(i, k)
    seg = s.segment(i)
    s.set_post_edit(i, seg.post_edit.replace("Panjshir", "Panjsher"))
    assert "Panjsher Valley" in seg.post_edit
    assert seg.edits[k].status is EditStatus.REJECTED
    human = [e for e in seg.edits if e.origin is Origin.HUMAN]
    assert human[0].original == "Banshir" and "glossary:panjshir" in human[0].reason


@needs_seed
def test_state_to_province_by_hand_on_the_seed(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / SEED.name)
    s = ReviewSession.open(tmp_path / SEED.name, glossary=GLOSSARIES / "afghanistan-news.ar-en.tsv")
    i = next(n for n in range(len(s)) if "the state of Panjshir" in s.segment(n).mt)
    seg = s.segment(i)
    s.set_post_edit(i, seg.post_edit.replace("the state of Panjshir", "Panjshir province"))
    assert "Panjshir province" in seg.post_edit
    hits = {h.entry_id: h for h in s.term_hits(i)}
    assert hits["province"].status == "variant" and not hits["province"].certain, \
        "without a source, a remaining 'state' is a maybe"


def test_consecutive_keystrokes_of_one_edit_run_are_one_undo_step(work: Path) -> None:
    s = open_story(work)
    seg = s.segment(1)
    original = seg.post_edit
    for n in range(1, 6):
        s.set_post_edit(1, original + "!" * n, group="run-1")
    assert seg.post_edit == original + "!!!!!"
    lines = [r for r in Journal.read(s.paths.journal) if r["t"] == "op"]
    assert len(lines) == 5, "every keystroke is journaled"
    s.undo()
    assert seg.post_edit == original
    assert s.undo_label is None


_WORDS = st.sampled_from(["the", "Banshir", "Panjshir", "state", "province", ",", " ", "  ",
                          "Valley", "x", ""])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=st.lists(_WORDS, max_size=12), second=st.lists(_WORDS, max_size=12),
       accept=st.booleans())
def test_any_typed_text_becomes_exactly_the_post_edit(first, second, accept) -> None:
    seg = Segment("1", "Fighters reached the Banshir Valley from the state of Parwan.")
    seg.propose(21, 28, "Panjshir", origin=Origin.GLOSSARY, entry_id="panjshir")
    seg.propose(48, 53, "province", origin=Origin.GLOSSARY, entry_id="province")
    if accept:
        seg.accept(seg.edits[0])
    for words in (first, second):
        text = "".join(words) or seg.mt[:10]
        seg.edits = edits_for_text(seg, text)
        assert seg.post_edit == text
        accepted = sorted(seg.accepted_edits, key=lambda e: e.start)
        assert all(not a.overlaps(b) for a, b in pairwise(accepted))


# -- undo / redo ------------------------------------------------------------------------------


def test_undo_and_redo_restore_states_and_are_journaled(work: Path) -> None:
    s = open_story(work)
    i, k = first_open(s, "Banshir")
    mt = s.segment(i).mt
    s.accept(i, k)
    assert s.undo() == [i]
    assert s.segment(i).post_edit == mt and not s.reviewed(i)
    assert s.segment(i).edits[k].status is EditStatus.PROPOSED
    assert s.redo() == [i]
    assert "Panjshir Valley" in s.segment(i).post_edit and s.reviewed(i)
    kinds = [r["op"] for r in Journal.read(s.paths.journal) if r["t"] == "op"]
    assert kinds == ["accept", "undo", "redo"]
    s.undo()
    s.reject(i, k)
    assert s.redo_label is None, "a new decision drops the redo stack"
    with pytest.raises(ReviewError):
        s.redo()


# -- saving -----------------------------------------------------------------------------------


def test_save_writes_output_and_session_and_drops_the_journal(work: Path) -> None:
    s = open_story(work)
    i, k = first_open(s, "Banshir")
    s.accept(i, k)
    j = next(n for n in range(len(s)) if "the state of Panjshir" in s.segment(n).mt)
    s.set_post_edit(j, s.segment(j).post_edit.replace("the state of Panjshir",
                                                      "Panjshir province"))
    result = s.save()
    assert result.output == work / f"{STORY}.pe.en" and result.output_format == "text"
    out = (work / f"{STORY}.pe.en").read_text(encoding="utf-8")
    assert "on the Panjshir Valley" in out and "Panjshir province" in out
    assert out.count("\n\n") == (work / f"{STORY}.mt.en").read_text().count("\n\n"), \
        "article layout kept"
    saved = read_document(result.session)
    assert saved.meta["origin_format"] == "text"
    assert saved.segments[i].edits[k].status is EditStatus.ACCEPTED
    assert saved.segments[i].meta["review"] == {"reviewed": True}
    assert not s.dirty and not s.paths.journal.exists()
    assert not [p for p in work.iterdir() if p.name.endswith(".tmp")], "no temporary file left"


def test_a_failed_save_leaves_old_files_and_the_journal(work: Path, monkeypatch) -> None:
    s = open_story(work)
    s.accept(*first_open(s, "Banshir"))
    s.save()
    before = (work / f"{STORY}.pe.en").read_bytes()
    s.accept(*first_open(s, "Taleban"))

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises((OSError, MTError)):
        s.save()
    monkeypatch.undo()
    assert (work / f"{STORY}.pe.en").read_bytes() == before
    assert not [p for p in work.iterdir() if p.name.endswith(".tmp")]
    assert s.dirty and s.paths.journal.exists()


def test_reopening_resumes_the_saved_session(work: Path) -> None:
    s = open_story(work)
    i, k = first_open(s, "Banshir")
    s.accept(i, k)
    s.save()
    s.close()
    again = open_story(work)
    assert again.segment(i).edits[k].status is EditStatus.ACCEPTED and again.reviewed(i)
    assert any("resumed" in n for n in again.notes)
    fresh = open_story(work, resume=False)
    assert fresh.segment(i).post_edit == fresh.segment(i).mt


def test_a_session_file_can_be_reviewed_directly(work: Path) -> None:
    s = open_story(work)
    s.accept(*first_open(s, "Banshir"))
    s.save()
    s.close()
    direct = ReviewSession.open(work / f"{STORY}.mt.en.mt.json")
    assert direct.paths.session == work / f"{STORY}.mt.en.mt.json"
    assert direct.paths.output == work / f"{STORY}.pe.en"
    assert direct.progress().reviewed == 1


# -- crash recovery ---------------------------------------------------------------------------


def crash(session: ReviewSession) -> None:
    """What a killed process leaves: the journal as written, nothing closed or saved."""
    session._journal.close()


def test_recovery_after_a_crash_replays_the_journal(work: Path) -> None:
    s = open_story(work)
    i, k = first_open(s, "Banshir")
    s.accept(i, k)
    j = 1
    s.set_post_edit(j, s.segment(j).post_edit + " Typed.", group="g")
    assert s.reviewed(j), "a hand edit with nothing left open reviews the segment"
    untouched = next(n for n in range(len(s)) if s.status(n) is SegmentStatus.UNTOUCHED)
    s.mark_reviewed(untouched)
    crash(s)

    again = open_story(work)
    assert again.recovery is not None
    assert again.recovery.operations == 3 and again.recovery.segments == 3
    with pytest.raises(ReviewError, match="decide"):
        again.accept(*first_open(again, "Taleban"))
    assert again.recover() == 3
    assert "Panjshir Valley" in again.segment(i).post_edit
    assert again.segment(j).post_edit.endswith(" Typed.") and again.reviewed(j)
    assert again.reviewed(untouched)
    assert again.dirty
    crash(again)
    third = open_story(work)
    assert third.recovery is not None, "a second crash still keeps the recovered work"
    third.recover()
    assert third.segment(j).post_edit.endswith(" Typed.")


def test_discarding_recovery_starts_from_the_last_save(work: Path) -> None:
    s = open_story(work)
    s.accept(*first_open(s, "Banshir"))
    crash(s)
    again = open_story(work)
    assert again.recovery is not None
    again.discard_recovery()
    assert not again.paths.journal.exists()
    assert all(e.status is EditStatus.PROPOSED for seg in again.document for e in seg.edits)


def test_undecided_recovery_keeps_the_journal_on_close(work: Path) -> None:
    s = open_story(work)
    s.accept(*first_open(s, "Banshir"))
    crash(s)
    again = open_story(work)
    again.close()
    assert again.paths.journal.exists()


def test_a_torn_last_line_and_a_foreign_segment_are_skipped(work: Path) -> None:
    s = open_story(work)
    i, k = first_open(s, "Banshir")
    s.accept(i, k)
    crash(s)
    record = Journal.read(s.paths.journal)[-1]
    foreign = dict(record, seq=2)
    foreign["segments"] = [dict(record["segments"][0], mt="0000000000000000")]
    with open(s.paths.journal, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(foreign) + "\n")
        fh.write('{"t": "op", "seq": 3, "segm')
    again = open_story(work)
    assert again.recover() == 1
    assert any("did not match" in n for n in again.notes)
    assert "Panjshir Valley" in again.segment(i).post_edit


def test_a_clean_close_leaves_no_journal(work: Path) -> None:
    s = open_story(work)
    s.accept(*first_open(s, "Banshir"))
    s.close(discard=True)
    assert not s.paths.journal.exists()
    assert open_story(work).recovery is None


# -- glossary ---------------------------------------------------------------------------------


def add_glossary_entry(s: ReviewSession, entry: GlossaryEntry
                       ) -> tuple[GlossaryEntry, list[int]]:
    """What the UI does with a new term: save it to the glossary file, then propose its fixes."""
    glossary, added = save_glossary_entry(s.paths.glossary, entry)
    return added, s.apply_glossary(glossary, added.id)


def test_adding_a_glossary_term_saves_the_file_and_proposes_its_fixes(work: Path) -> None:
    s = open_story(work)
    target = next(n for n in range(len(s)) if "interim president" in s.segment(n).mt)
    entry, touched = add_glossary_entry(s,
        GlossaryEntry(id="", target="caretaker president", variants=("interim president",)))
    assert entry.id == "caretaker-president"
    reread = load_glossary(work / "glossary.tsv")
    assert reread.get("caretaker-president").variants == ("interim president",)
    assert touched == [target]
    assert [e.replacement for e in s.segment(target).edits
            if e.entry_id == "caretaker-president"] == ["caretaker president"]
    s.undo()
    assert not [e for e in s.segment(target).edits if e.entry_id == "caretaker-president"]


def test_adding_a_term_without_a_glossary_file_says_how(work: Path) -> None:
    s = ReviewSession.open(work / f"{STORY}.mt.en")
    with pytest.raises(ReviewError, match="--glossary"):
        add_glossary_entry(s, GlossaryEntry(id="", target="Panjshir"))


def test_term_hits_show_source_term_expected_target_and_presence(work: Path) -> None:
    s = open_story(work)
    i, k = first_open(s, "Banshir")
    hits = {h.entry_id: h for h in s.term_hits(i)}
    assert hits["panjshir"].source == "بنجشير" and hits["panjshir"].expected == "Panjshir"
    assert hits["panjshir"].status == "variant" and hits["panjshir"].variants == ("Banshir",)
    s.accept(i, k)
    assert {h.entry_id: h for h in s.term_hits(i)}["panjshir"].present


# -- scores, QA, search, retranslate ------------------------------------------------------------


def test_scores_segment_and_document(work: Path) -> None:
    s = open_story(work)
    i, k = first_open(s, "Banshir")
    before = s.segment_scores(i)
    assert before.hter == 0.0 and before.chrf_mt == before.chrf_pe
    s.accept(i, k)
    after = s.segment_scores(i)
    assert after.hter > 0 and after.chrf_pe > after.chrf_mt
    doc = s.scores.document(s.score_inputs())
    assert doc is not None and doc.chrf_pe > doc.chrf_mt and doc.hter > 0


def test_unchanged_segment_ter_shortcut_matches_sacrebleu() -> None:
    from mt.scoring.metrics import TER

    board = ScoreBoard()
    for text in ["A  spaced   line ", "Kabul, 2021.", "", "MIXED Case words"]:
        assert board.ter_stats(text, text) == TER(workers=1).stats([text], [text])[0]


def test_qa_issues_follow_the_post_edit(work: Path) -> None:
    s = open_story(work)
    s.run_qa()
    i, k = first_open(s, "Banshir")
    assert any(x.check == "terminology-variant" for x in s.segment(i).issues)
    s.accept(i, k)
    assert not any(x.check == "terminology-variant" for x in s.segment(i).issues)


def test_search_and_attention(work: Path) -> None:
    s = open_story(work)
    found = s.search("banjshir")
    assert found and all("Banjshir" in s.segment(n).mt for n in found)
    first = s.next_attention(len(s) - 1)
    assert first is not None and s.needs_attention(first)


def test_retranslate_without_a_model_says_so(work: Path) -> None:
    s = open_story(work)
    with pytest.raises(ReviewError, match="--model"):
        s.retranslate(0)


def test_document_roundtrip_of_a_reviewed_edit_in_memory() -> None:
    doc = Document([Segment("1", "the Banshir Valley")])
    seg = doc.segments[0]
    seg.edits.append(Edit(4, 11, "Panjshir", origin=Origin.GLOSSARY, entry_id="panjshir",
                          original="Banshir"))
    seg.edits = edits_for_text(seg, "the Panjshir valley")
    assert seg.post_edit == "the Panjshir valley"
    assert seg.edits[0].status is EditStatus.ACCEPTED


def test_a_rewritten_phrase_is_one_hand_edit_whatever_the_keystrokes(work: Path) -> None:
    s = open_story(work)
    i = next(n for n in range(len(s)) if "the state of Panjshir" in s.segment(n).mt)
    seg = s.segment(i)
    start = seg.post_edit.index("the state of Panjshir")
    head, tail = seg.post_edit[:start], seg.post_edit[start + len("the state of Panjshir"):]
    typed = ""
    for ch in "Panjshir province":  # select the phrase, then type over it key by key
        typed += ch
        s.set_post_edit(i, head + typed + tail, group="run")
    assert seg.post_edit == head + "Panjshir province" + tail
    human = [e for e in seg.edits if e.origin is Origin.HUMAN]
    assert [(e.original, e.replacement) for e in human] == [
        ("the state of Panjshir", "Panjshir province")]
    state = next(e for e in seg.edits if e.entry_id == "province" and e.start > start - 1)
    assert state.status is EditStatus.REJECTED, "the hand edit replaced the proposal"
