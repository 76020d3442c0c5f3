"""The document model: edits apply deterministically and overlapping edits are refused."""

from __future__ import annotations

import itertools

import pytest

from mt.document import Document, Edit, EditStatus, Origin, Segment, apply_edits
from mt.errors import EditError

MT = "Fighting in Banshir and the state of Banshir continued."


def seg_with_edits() -> tuple[Segment, list[Edit]]:
    seg = Segment(id="1", mt=MT)
    edits = [
        seg.propose(12, 19, "Panjshir", origin=Origin.GLOSSARY, entry_id="panjshir"),
        seg.propose(28, 33, "province", origin=Origin.GLOSSARY, entry_id="province"),
        seg.propose(37, 44, "Panjshir", origin=Origin.GLOSSARY, entry_id="panjshir"),
    ]
    return seg, edits


def test_post_edit_applies_only_accepted_edits() -> None:
    seg, edits = seg_with_edits()
    assert seg.post_edit == MT
    seg.accept(edits[0])
    seg.accept(edits[2])
    seg.reject(edits[1])
    assert seg.post_edit == "Fighting in Panjshir and the state of Panjshir continued."
    seg.accept(edits[1])
    assert seg.post_edit == "Fighting in Panjshir and the province of Panjshir continued."
    assert seg.changed


def test_result_does_not_depend_on_edit_order() -> None:
    _, edits = seg_with_edits()
    results = {apply_edits(MT, perm) for perm in itertools.permutations(edits)}
    assert results == {"Fighting in Panjshir and the province of Panjshir continued."}


def test_insertion_and_deletion() -> None:
    text = "Ahmad Massoud said"
    edits = [Edit(0, 0, "Commander "), Edit(5, 13, ""), Edit(18, 18, " on Monday")]
    assert apply_edits(text, edits) == "Commander Ahmad said on Monday"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ((12, 19), (15, 22)),  # partial overlap
        ((12, 19), (12, 19)),  # same span twice
        ((12, 19), (14, 14)),  # insertion inside a replacement
        ((12, 12), (12, 12)),  # two insertions at one point: order would be arbitrary
        ((10, 30), (12, 19)),  # one inside the other
    ],
)
def test_overlapping_edits_are_refused(a: tuple[int, int], b: tuple[int, int]) -> None:
    edits = [Edit(a[0], a[1], "X"), Edit(b[0], b[1], "Y")]
    with pytest.raises(EditError, match="overlap"):
        apply_edits(MT, edits)


def test_touching_edits_are_fine() -> None:
    assert apply_edits("abcdef", [Edit(0, 2, "X"), Edit(2, 4, "Y"), Edit(4, 4, "-")]) == "XY-ef"


def test_accepting_an_overlapping_edit_is_refused_and_leaves_status() -> None:
    seg, edits = seg_with_edits()
    seg.accept(edits[0])
    human = seg.propose(12, 23, "Panjshir Valley")
    with pytest.raises(EditError, match="overlaps accepted edit"):
        seg.accept(human)
    assert human.status is EditStatus.PROPOSED
    assert seg.post_edit.startswith("Fighting in Panjshir and")


def test_stale_edit_is_refused() -> None:
    seg, edits = seg_with_edits()
    seg.accept(edits[0])
    seg.mt = "Something else entirely, longer than before."
    with pytest.raises(EditError, match="expects 'Banshir'"):
        _ = seg.post_edit


def test_edit_past_the_end_is_refused() -> None:
    with pytest.raises(EditError, match="past the end"):
        apply_edits("short", [Edit(3, 9, "x")])
    with pytest.raises(EditError):
        Edit(5, 3, "x")


def test_glossary_edit_needs_its_entry() -> None:
    with pytest.raises(EditError, match="glossary entry"):
        Edit(0, 1, "x", origin=Origin.GLOSSARY)
    assert Edit(0, 1, "x", origin="glossary", entry_id="kabul").describe() == "glossary:kabul"


def test_document_from_texts_checks_lengths_and_numbers_ids() -> None:
    doc = Document.from_texts(["a", "b"], ["ا", "ب"], source_lang="ar", target_lang="en")
    assert [s.id for s in doc] == ["1", "2"]
    assert doc.has_source and not doc.has_reference
    assert doc.segment("2").source == "ب"
    with pytest.raises(ValueError, match="2 MT segments but 1 reference"):
        Document.from_texts(["a", "b"], reference=["x"])


def test_copy_shares_nothing_mutable() -> None:
    doc = Document([Segment("1", "the Banshir Valley", "وادي بنجشير", "the Panjshir Valley",
                            meta={"review": {"reviewed": True}})],
                   source_lang="ar", target_lang="en", meta={"layout": {"gaps": [1]}})
    doc.segments[0].propose(4, 11, "Panjshir", origin=Origin.GLOSSARY, entry_id="panjshir")
    dup = doc.copy()
    assert dup == doc and dup is not doc
    dup.segments[0].edits[0].status = EditStatus.ACCEPTED
    dup.segments[0].meta["review"]["reviewed"] = False
    dup.meta["layout"]["gaps"].append(2)
    assert doc.segments[0].edits[0].status is EditStatus.PROPOSED
    assert doc.segments[0].meta == {"review": {"reviewed": True}}
    assert doc.meta == {"layout": {"gaps": [1]}}
