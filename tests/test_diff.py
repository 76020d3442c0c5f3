"""Word-level diffs between MT and post-edit, linked to the edits behind them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mt.document import Origin, Segment
from mt.text.diff import ChunkKind, changed_chunks, segment_diff, tokenize, word_diff


def _fixed(mt: str, *fixes: tuple[str, str, str]) -> Segment:
    seg = Segment("1", mt)
    for old, new, entry in fixes:
        start = mt.index(old)
        seg.accept(seg.propose(start, start + len(old), new, origin=Origin.GLOSSARY,
                               entry_id=entry))
    return seg


def test_each_change_names_its_glossary_entry() -> None:
    seg = _fixed("Ahmed Masoud went to Banshir's valley.",
                 ("Masoud", "Massoud", "massoud"), ("Banshir", "Panjshir", "panjshir"))
    changes = changed_chunks(segment_diff(seg))
    assert [(c.before, c.after) for c in changes] == [
        ("Masoud", "Massoud"), ("Banshir", "Panjshir")]
    assert [[e.entry_id for e in c.edits] for c in changes] == [["massoud"], ["panjshir"]]


def test_adjacent_word_changes_read_as_one_replacement() -> None:
    changes = changed_chunks(word_diff("Ahmed Masoud said", "Ahmad Massoud said"))
    assert len(changes) == 1
    assert (changes[0].kind, changes[0].before, changes[0].after) == (
        ChunkKind.REPLACE, "Ahmed Masoud", "Ahmad Massoud")


def test_pure_insertion_and_deletion() -> None:
    ins = changed_chunks(word_diff("in the valley", "in the Panjshir valley"))
    assert [(c.kind, c.before, c.after) for c in ins] == [(ChunkKind.INSERT, "", "Panjshir ")]
    dele = changed_chunks(word_diff("the the valley", "the valley"))
    assert [(c.kind, c.after) for c in dele] == [(ChunkKind.DELETE, "")]


def test_hand_edits_have_no_entry() -> None:
    changes = changed_chunks(word_diff("the state of Panjshir", "the province of Panjshir"))
    assert [(c.before, c.after, c.edits) for c in changes] == [("state", "province", ())]


def test_arabic_tokens_stay_whole() -> None:
    assert tokenize("قال مسعود، في بنجشير.") == [
        "قال", " ", "مسعود", "،", " ", "في", " ", "بنجشير", "."]


@given(st.text(max_size=60), st.text(max_size=60))
def test_chunks_rebuild_both_texts_exactly(old: str, new: str) -> None:
    chunks = word_diff(old, new)
    assert "".join(c.before for c in chunks) == old
    assert "".join(c.after for c in chunks) == new
    for c in chunks:
        assert old[c.old_start : c.old_end] == c.before
        assert new[c.new_start : c.new_end] == c.after
