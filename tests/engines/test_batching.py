"""The engine-neutral batching and assembly (no model needed): units, token batches, joining."""

from __future__ import annotations

from mt.engines.base import SentenceConstraints, Translation
from mt.engines.batching import assemble, make_units, token_batches


def test_batches_are_longest_first_and_fit_the_token_budget() -> None:
    lengths = [3, 10, 5, 10, 1]
    batches = token_batches(lengths, batch_tokens=20)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) * max(lengths[i] for i in batch) <= 20 or len(batch) == 1
    assert batches[0][0] in (1, 3)


def test_units_split_sentences_and_assemble_joins_them_back() -> None:
    sources = ["One. Two.", "", "Whole text. Kept together."]
    constraints = [None, None, SentenceConstraints(forbidden=("X",))]
    units, layout = make_units(sources, None, constraints, source_lang="en", split=True)
    assert [u.text for u in units] == ["One.", "Two.", "Whole text. Kept together."]
    assert layout[1] == [] and layout[2] is None
    outputs = [Translation(u.text, u.text.upper(), -1.0, 2, 1) for u in units]
    joined = assemble(sources, units, layout, outputs)
    assert [t.text for t in joined] == ["ONE. TWO.", "", "WHOLE TEXT. KEPT TOGETHER."]
    assert joined[0].sentences == 2 and joined[0].tokens == 4
