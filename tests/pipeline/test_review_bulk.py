"""Document-wide review actions without a UI: one glossary entry accepted or rejected
everywhere, find and replace, propagation; each one undo step, journaled and recoverable."""

from __future__ import annotations

from pathlib import Path

import pytest

from mt.document import EditStatus, Origin
from mt.pipeline.review import ReviewError, ReviewSession
from tests.conftest import CORPORA, GLOSSARIES

STORY = "panjshir-offensive"


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    """The story three times over (MT and source): the Panjshir entry has proposals in six
    segments."""
    for ext in ("mt.en", "ar"):
        text = (CORPORA / f"{STORY}.{ext}").read_text(encoding="utf-8")
        (tmp_path / f"big.{ext}").write_text(text * 3, encoding="utf-8")
    return tmp_path / "big.mt.en"


def open_doc(path: Path) -> ReviewSession:
    return ReviewSession.open(path, source=path.with_name("big.ar"),
                              glossary=GLOSSARIES / "afghanistan-news.ar-en.tsv")


def test_accept_one_entry_everywhere_is_one_undo_step(doc: Path) -> None:
    s = open_doc(doc)
    found = s.entry_proposals("panjshir")
    assert (found.count, found.segments) == (6, 6)
    assert found.label.startswith("Banshir") and found.label.endswith("→ Panjshir")
    others = sum(len(s.pending(i)) for i in range(len(s))) - found.count
    done, conflicts = s.accept_entry("panjshir")
    assert (done, conflicts) == (6, [])
    assert all("Banshir" not in s.segment(i).post_edit for i in found.where)
    assert s.entry_proposals("panjshir").count == 0
    assert sum(len(s.pending(i)) for i in range(len(s))) == others, "other entries stay open"
    assert s.undo_label == f"accept all {found.label}"
    assert sorted(s.undo()) == sorted(found.where)
    assert s.entry_proposals("panjshir").count == 6
    s.redo()
    assert s.entry_proposals("panjshir").count == 0
    s.close(discard=True)


def test_reject_one_entry_everywhere(doc: Path) -> None:
    s = open_doc(doc)
    assert s.reject_entry("panjshir") == 6
    assert any("Banshir" in s.segment(i).post_edit for i in range(len(s)))
    with pytest.raises(ReviewError, match="no open proposals of glossary entry panjshir"):
        s.reject_entry("panjshir")
    s.undo()
    assert s.entry_proposals("panjshir").count == 6
    s.close(discard=True)


def test_a_bulk_accept_is_recovered_after_a_crash(doc: Path) -> None:
    s = open_doc(doc)
    s.accept_entry("panjshir")
    texts = [seg.post_edit for seg in s.document]
    del s  # a crash: no save, no close; the journal stays
    again = open_doc(doc)
    assert again.recovery is not None and again.recovery.operations == 1
    assert again.recovery.segments == 6
    assert again.recover() == 6
    assert [seg.post_edit for seg in again.document] == texts
    again.undo()
    assert again.entry_proposals("panjshir").count == 6
    again.close(discard=True)


def test_find_and_replace_previews_then_applies_as_hand_edits(doc: Path) -> None:
    s = open_doc(doc)
    before = [seg.post_edit for seg in s.document]
    preview = s.replace_preview("taliban", "Taliban movement", whole_word=True)
    assert [seg.post_edit for seg in s.document] == before, "a preview changes nothing"
    assert preview and all("Taliban movement" in r.after for r in preview)
    assert s.replace_preview("taliban", "x", case=True) == []
    assert s.replace_preview("Talib", "x", whole_word=True) == []
    done = s.replace_all("taliban", "Taliban movement", whole_word=True)
    assert [r.index for r in done] == [r.index for r in preview]
    for r in done:
        seg = s.segment(r.index)
        assert seg.post_edit == r.after
        hand = [e for e in seg.edits if e.origin is Origin.HUMAN
                and e.status is EditStatus.ACCEPTED]
        assert hand and all("replace 'taliban'" in e.reason for e in hand)
    s.undo()
    assert [seg.post_edit for seg in s.document] == before, "one undo restores every segment"
    with pytest.raises(ReviewError, match="not in any post-edit"):
        s.replace_all("no such words here", "x")
    s.close(discard=True)


def test_a_replace_is_recovered_after_a_crash(doc: Path) -> None:
    s = open_doc(doc)
    s.replace_all("resistance", "National Resistance Front")
    texts = [seg.post_edit for seg in s.document]
    del s
    again = open_doc(doc)
    assert again.recovery is not None
    again.recover()
    assert [seg.post_edit for seg in again.document] == texts
    again.close(discard=True)


def test_propagating_a_hand_fix_proposes_it_elsewhere(doc: Path) -> None:
    s = open_doc(doc)
    first = next(i for i in range(len(s)) if "resistance" in s.segment(i).mt)
    s.set_post_edit(first, s.segment(first).post_edit.replace("resistance", "Resistance", 1))
    others = s.propagation_candidates(first, "resistance", "Resistance")
    assert others and first not in others
    n = s.propagate(first, "resistance", "Resistance")
    assert n >= len(others)
    i = others[0]
    seg = s.segment(i)
    assert "resistance" in seg.post_edit, "only proposed, not applied"
    prop = next(e for e in seg.edits if e.status is EditStatus.PROPOSED
                and e.replacement == "Resistance")
    assert prop.reason.startswith(f"propagated from segment {s.segment(first).id}")
    s.accept(i, seg.edits.index(prop))
    assert "Resistance" in s.segment(i).post_edit
    s.undo()
    s.undo()
    assert not any(e.replacement == "Resistance" for e in s.segment(i).edits)
    s.close(discard=True)


def test_qa_is_rechecked_in_every_segment_a_bulk_step_touches(doc: Path) -> None:
    s = open_doc(doc)
    s.run_qa()
    found = s.entry_proposals("panjshir")

    def variant_issues() -> int:
        return sum(1 for i in found.where for issue in s.segment(i).issues
                   if issue.check == "terminology-variant" and "Panjshir" in issue.message)

    assert variant_issues() == found.segments
    s.accept_entry("panjshir")
    assert variant_issues() == 0
    s.undo()
    assert variant_issues() == found.segments
    s.close(discard=True)
