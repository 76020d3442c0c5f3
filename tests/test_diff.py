"""Word-level diffs between MT and post-edit, linked to the edits behind them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mt.document import Origin, Segment
from mt.text.diff import (
    EXACT_TOKENS,
    ChunkKind,
    changed_chunks,
    opcodes,
    segment_diff,
    tokenize,
    word_diff,
)


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


def test_a_long_line_past_the_exact_size_still_gets_each_change() -> None:
    words = [f"w{i}" for i in range(EXACT_TOKENS)]
    old = " ".join(words)
    new_words = list(words)
    new_words[10], new_words[900], new_words[-3] = "Panjshir", "Massoud", "province"
    new = " ".join(new_words)
    chunks = word_diff(old, new)
    assert "".join(c.before for c in chunks) == old
    assert "".join(c.after for c in chunks) == new
    assert [(c.before, c.after) for c in changed_chunks(chunks)] == [
        ("w10", "Panjshir"), ("w900", "Massoud"), (words[-3], "province")]


def test_a_long_repetitive_line_with_one_change() -> None:
    old = "the " * EXACT_TOKENS
    new = old[:1000] + "a" + old[1003:]
    changes = changed_chunks(word_diff(old, new))
    assert [(c.before, c.after, c.old_start) for c in changes] == [("the", "a", 1000)]


_tokens = st.lists(st.sampled_from("abcde"), max_size=40)


@given(_tokens, _tokens)
def test_the_bounded_path_gives_a_valid_diff(a: list[str], b: list[str]) -> None:
    ops = opcodes(a, b, exact=3)
    i = j = 0
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j)
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))
    if a == b:
        assert all(op[0] == "equal" for op in ops)


def test_a_long_texts_diff_is_made_once_for_its_diffs_and_edit_effort(monkeypatch) -> None:
    """Post-edit shows a long segment's diff, reports it and counts its character edits: one
    word diff serves the three (it is the cost of a 1 MB line)."""
    from mt.scoring import effort
    from mt.text import diff

    calls = []
    real = diff.opcodes
    monkeypatch.setattr(diff, "opcodes",
                        lambda a, b, **kw: calls.append(len(a)) or real(a, b, **kw))
    words = ["fighters", "in", "Banshir", "said"] * 2000
    old = " ".join(words)
    new = old.replace("Banshir", "Panjshir")
    first, again = diff.word_diff(old, new), diff.word_diff(old, new)
    assert first == again and "".join(c.after for c in first) == new
    assert effort._approximate_char_edits(old, new) == 2 * 2000  # B→P and +j, each time
    assert len(calls) == 1
