"""Accepting many edits at once (long segments) follows the same rule as one at a time."""

from __future__ import annotations

import contextlib

from hypothesis import given
from hypothesis import strategies as st

from mt.document import EditError, EditStatus, Segment
from mt.errors import EditError as Error
from mt.span_index import SpanIndex

_spans = st.lists(st.tuples(st.integers(0, 20), st.integers(0, 6)), max_size=25)


@given(_spans, st.lists(st.booleans(), max_size=25))
def test_accept_many_matches_accepting_one_by_one(spans: list[tuple[int, int]],
                                                 first: list[bool]) -> None:
    one, many = Segment("1", "x" * 30), Segment("1", "x" * 30)
    for seg in (one, many):
        for i, (start, length) in enumerate(spans):
            edit = seg.propose(start, start + length, "y")
            if i < len(first) and first[i]:
                with contextlib.suppress(Error):
                    seg.accept(edit)
    errors = []
    for edit in [e for e in one.edits if e.status is EditStatus.PROPOSED]:
        try:
            one.accept(edit)
        except Error as exc:
            errors.append(str(exc))
    refused = many.accept_many([e for e in many.edits if e.status is EditStatus.PROPOSED])
    assert [str(e) for e in refused] == errors
    assert [e.status for e in many.edits] == [e.status for e in one.edits]


@given(_spans, st.tuples(st.integers(0, 20), st.integers(0, 6)))
def test_span_index_finds_every_overlap(spans: list[tuple[int, int]],
                                        probe: tuple[int, int]) -> None:
    seg = Segment("1", "x" * 30)
    edits = [seg.propose(s, s + n, "y") for s, n in spans]
    target = seg.propose(probe[0], probe[0] + probe[1], "z")
    near = SpanIndex(edits).near(target)
    for edit in edits:
        if edit.overlaps(target) or edit.span == target.span:
            assert any(e is edit for e in near)


def test_edit_error_is_the_documents() -> None:
    assert EditError is Error
