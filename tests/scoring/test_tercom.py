"""mt.scoring.tercom gives sacrebleu's TER edit counts exactly, on real and on random text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import TER as SacreTER
from sacrebleu.metrics import lib_ter

from mt.scoring.metrics import TER
from mt.scoring.tercom import beam_edit_distance, ter_edits, ter_statistics

#: A small vocabulary, so random sentences share words and TER's shift search has work to do.
WORDS = st.sampled_from(["the", "of", "a", "province", "Panjshir", "Kabul", "forces", "said", "."])
SENTENCE = st.lists(WORDS, max_size=40)


@settings(max_examples=300, deadline=None)
@given(SENTENCE, SENTENCE)
def test_edits_equal_sacrebleus_on_random_sentences(hyp: list[str], ref: list[str]) -> None:
    assert ter_edits(hyp, ref) == lib_ter.translation_edit_rate(hyp, ref)


@settings(max_examples=25, deadline=None)
@given(st.lists(WORDS, min_size=40, max_size=70), st.lists(WORDS, min_size=30, max_size=70))
def test_edits_equal_sacrebleus_where_the_beam_cuts_the_search(
    hyp: list[str], ref: list[str]
) -> None:
    # Long and far apart: the beam, not the plain edit distance, decides what a shift gains.
    assert ter_edits(hyp, ref) == lib_ter.translation_edit_rate(hyp, ref)


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=70), st.lists(WORDS, max_size=70))
def test_beam_edit_distance_and_trace_equal_sacrebleus(hyp: list[str], ref: list[str]) -> None:
    assert beam_edit_distance(hyp, ref) == lib_ter.BeamEditDistance(ref)(hyp)


def test_a_post_edit_that_only_replaces_words_costs_one_edit_a_word() -> None:
    mt = ["the", "fighters", "of", "Banshir", "held", "the", "valley", "of", "Banshir"]
    pe = ["the", "fighters", "of", "Panjshir", "held", "the", "valley", "of", "Panjshir"]
    assert ter_edits(mt, pe) == (2, 9) == lib_ter.translation_edit_rate(mt, pe)


@pytest.mark.parametrize("options", [{}, {"case_sensitive": True}, {"no_punct": True}])
def test_statistics_of_the_stories_equal_sacrebleus(
    corpus: dict[str, list[str]], options: dict[str, bool]
) -> None:
    for hyps, refs in (
        (corpus["mt"], corpus["ref"]),
        (corpus["pe"], corpus["ref"]),
        (corpus["mt"], corpus["pe"]),
        (corpus["ref"], corpus["mt"]),
    ):
        expected = SacreTER(**options)._extract_corpus_statistics(hyps, [refs])
        assert ter_statistics(SacreTER(**options), hyps, refs) == expected


def test_corpus_ter_from_the_statistics_equals_sacrebleus(corpus: dict[str, list[str]]) -> None:
    ours = TER(workers=1).corpus(corpus["pe"], corpus["ref"])
    theirs = SacreTER().corpus_score(corpus["pe"], [corpus["ref"]])
    assert (ours.value, ours.extra["num_edits"]) == (theirs.score, theirs.num_edits)
    assert ours.value > 0
