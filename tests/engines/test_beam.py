"""The beam search without a model: a fake decoder, and the per-sentence reference.

The vectorised search (:mod:`mt.engines.beam`) must choose what the readable reference
(:mod:`tests.engines.reference_beam`) chooses, on random decoders, constraints and bans.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from mt.engines.beam import DecodeSettings, Hypothesis, SentencePlan, beam_search
from tests.engines import reference_beam
from tests.engines.reference_beam import ConstraintTracker, _Cand, allocate

VOCAB = 40
EOS, START, PAD = 1, 0, 2


class FakeDecoder:
    """Logits that depend on a row's sentence and whole history, like a real decoder's."""

    def __init__(self, sentences: int, beam: int, seed: int) -> None:
        import torch

        generator = torch.Generator().manual_seed(seed)
        self.table = torch.randn((997, VOCAB), generator=generator) * 2.5
        self.history: list[tuple[int, ...]] = [(s,) for s in range(sentences) for _ in range(beam)]
        self.steps = 0

    def step(self, tokens: Any) -> Any:
        self.steps += 1
        self.history = [(*h, t) for h, t in zip(self.history, tokens.tolist(), strict=True)]
        return self.table[[hash(h) % 997 for h in self.history]]

    def reorder(self, rows: Any, keep: Any) -> None:
        self.history = [self.history[r] for r in rows.tolist()]


def random_plans(rng: random.Random, n: int, constrained: float) -> list[SentencePlan]:
    plans = []
    for _ in range(n):
        forms = []
        if rng.random() < constrained:
            for _ in range(rng.randint(1, 3)):
                main = tuple(rng.randrange(3, VOCAB) for _ in range(rng.randint(1, 3)))
                alts = [main]
                if rng.random() < 0.3:
                    alts.append(tuple(rng.randrange(3, VOCAB) for _ in range(rng.randint(1, 2))))
                forms.append(alts)
            if rng.random() < 0.2:
                forms.append(forms[0])  # a term required twice
        singles = frozenset(rng.randrange(3, VOCAB) for _ in range(rng.randint(0, 2)))
        seqs = frozenset(
            tuple(rng.randrange(3, VOCAB) for _ in range(rng.randint(2, 3)))
            for _ in range(rng.randint(0, 3))
        )
        plans.append(SentencePlan(rng.randint(2, 14), forms, singles, seqs))
    return plans


def decode_both(plans: list[SentencePlan], settings: DecodeSettings, seed: int,
                cont: Any = None) -> tuple[list[Hypothesis], list[Hypothesis]]:
    fast = beam_search(FakeDecoder(len(plans), settings.beam, seed), plans, settings,
                       continuation_mask=cont)
    slow = reference_beam.beam_search(FakeDecoder(len(plans), settings.beam, seed), plans,
                                      settings, continuation_mask=cont)
    return fast, slow


def same(a: Hypothesis, b: Hypothesis) -> bool:
    return (a.tokens, a.met, a.finished) == (b.tokens, b.met, b.finished) and abs(
        a.logprob - b.logprob) < 1e-4


@pytest.mark.parametrize("seed", range(40))
def test_the_vectorised_search_chooses_what_the_reference_chooses(seed: int) -> None:
    import torch

    rng = random.Random(seed)
    settings = DecodeSettings(
        beam=rng.choice((1, 2, 3, 4, 5)), eos_id=EOS, decoder_start_id=START,
        length_penalty=rng.choice((0.6, 1.0, 1.0, 2.0)), min_new_tokens=rng.choice((0, 0, 2)),
        banned_ids=(PAD,), forced_bos_id=rng.choice((None, None, 5)),
        forced_eos=rng.random() < 0.7,
    )  # fmt: skip
    plans = random_plans(rng, rng.randint(1, 7), constrained=0.6)
    cont = torch.zeros(VOCAB, dtype=torch.bool)
    cont[rng.sample(range(3, VOCAB), 8)] = True
    fast, slow = decode_both(plans, settings, seed, cont)
    for i, (a, b) in enumerate(zip(fast, slow, strict=True)):
        assert same(a, b), (i, plans[i], a, b)


class EagerDecoder(FakeDecoder):
    """A :class:`FakeDecoder` whose beams often want to end: end-of-sentence gets a bonus."""

    def step(self, tokens: Any) -> Any:
        logits = super().step(tokens).clone()
        logits[:, EOS] += 4.0
        return logits


def test_where_the_best_beam_would_end_the_sentence_is_bounded_as_the_reference_bounds_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Long limits and an eager decoder: the best running beam of a constrained sentence often
    wants to end before its terms are in, which lowers the sentence's limit (plain_bound)."""
    from mt.engines.constraint_state import ConstraintTables, plain_bound

    runs = []
    for seed in range(30):
        rng = random.Random(seed)
        settings = DecodeSettings(beam=rng.choice((2, 3, 4)), eos_id=EOS, decoder_start_id=START,
                                  banned_ids=(PAD,), forced_bos_id=rng.choice((None, 5)))
        plans = [SentencePlan(rng.randint(25, 40), p.forms, p.banned_single, p.banned_sequences)
                 for p in random_plans(rng, rng.randint(1, 5), constrained=1.0)]
        fast = beam_search(EagerDecoder(len(plans), settings.beam, seed), plans, settings)
        slow = reference_beam.beam_search(EagerDecoder(len(plans), settings.beam, seed), plans,
                                          settings)
        for i, (a, b) in enumerate(zip(fast, slow, strict=True)):
            assert same(a, b), (seed, i, plans[i], a, b)
        runs.append((seed, plans, settings, fast))
    monkeypatch.setattr(ConstraintTables, "bound_by_plain_end", lambda *args: None)
    shorter = longer = 0
    for seed, plans, settings, fast in runs:
        unbounded = beam_search(EagerDecoder(len(plans), settings.beam, seed), plans, settings)
        for a, b in zip(fast, unbounded, strict=True):
            shorter += len(a.tokens) < len(b.tokens)
            longer += len(a.tokens) > len(b.tokens)
    assert shorter >= 5 and shorter > 2 * longer, (shorter, longer)
    assert plain_bound(10, 3) == 10 + 5 + 2 + 3


def test_without_constraints_it_is_plain_beam_search() -> None:
    rng = random.Random(99)
    settings = DecodeSettings(beam=4, eos_id=EOS, decoder_start_id=START, banned_ids=(PAD,))
    plans = [SentencePlan(rng.randint(3, 12)) for _ in range(6)]
    fast, slow = decode_both(plans, settings, 99)
    assert all(same(a, b) for a, b in zip(fast, slow, strict=True))
    assert all(h.met == () and h.tokens[-1] in (EOS, *range(VOCAB)) for h in fast)


def test_constraints_are_met_and_bans_hold() -> None:
    rng = random.Random(7)
    settings = DecodeSettings(beam=4, eos_id=EOS, decoder_start_id=START, banned_ids=(PAD,))
    plans = [SentencePlan(20, [[(7, 8, 9)], [(11,)]], frozenset({12}), frozenset({(3, 4)}))
             for _ in range(3)]
    for hyp in beam_search(FakeDecoder(3, 4, rng.randint(0, 99)), plans, settings):
        toks = hyp.tokens
        assert hyp.met == (True, True) and hyp.finished and toks[-1] == EOS
        assert 11 in toks and any(toks[i : i + 3] == (7, 8, 9) for i in range(len(toks)))
        assert 12 not in toks and not any(toks[i : i + 2] == (3, 4) for i in range(len(toks)))


def test_tracker_counts_progress_and_completion_of_multi_token_constraints() -> None:
    tracker = ConstraintTracker([[(5, 6, 7)], [(9,)]])
    state = tracker.initial
    assert tracker.total == 4 and tracker.wanted(state) == {5, 9}
    state = tracker.advance(state, 5)
    assert tracker.bank(state) == 1 and tracker.wanted(state) == {6}
    state = tracker.advance(state, 6)
    assert tracker.bank(state) == 2
    state = tracker.advance(state, 7)
    assert tracker.bank(state) == 3 and state[3]  # just met: no word continuation next
    assert tracker.met_flags(state) == (True, False) and not tracker.all_met(state)
    state = tracker.advance(state, 9)
    assert tracker.all_met(state) and tracker.bank(state) == 4 and tracker.wanted(state) == set()


def test_a_token_off_the_constraint_drops_its_progress_and_may_start_another() -> None:
    tracker = ConstraintTracker([[(5, 6)], [(8, 4)]])
    state = tracker.advance(tracker.initial, 5)
    state = tracker.advance(state, 8)  # leaves the first, starts the second
    assert tracker.bank(state) == 1 and tracker.wanted(state) == {4}
    state = tracker.advance(state, 3)
    assert tracker.bank(state) == 0


def test_alternative_forms_meet_the_same_constraint() -> None:
    tracker = ConstraintTracker([[(1, 2, 3), (4, 3)]])  # start-of-sentence and mid forms
    assert tracker.lengths == [2]
    state = tracker.advance(tracker.advance(tracker.initial, 4), 3)
    assert tracker.all_met(state)
    state = tracker.initial
    for tok in (1, 2, 3):
        state = tracker.advance(state, tok)
    assert tracker.all_met(state)


def test_a_term_required_twice_is_met_twice() -> None:
    tracker = ConstraintTracker([[(7,)], [(7,)]])
    state = tracker.advance(tracker.initial, 7)
    assert tracker.met_flags(state) == (True, False)
    state = tracker.advance(state, 7)
    assert tracker.all_met(state)


def test_allocation_deals_the_beam_round_robin_across_banks() -> None:
    cands = [
        _Cand(-1.0, 0, 10, None, 0), _Cand(-1.5, 0, 11, None, 0), _Cand(-2.0, 1, 12, None, 0),
        _Cand(-5.0, 0, 20, None, 1), _Cand(-6.0, 1, 21, None, 1), _Cand(-9.0, 2, 30, None, 2),
    ]  # fmt: skip
    chosen = allocate(cands, 4, banks=3)
    assert [c.token for c in chosen] == [10, 20, 21, 30]  # one per bank, then again; best first
    assert allocate(cands[:3], 4, banks=3) == cands[:3]
    one_bank = allocate(cands[:3], 2, banks=1)
    assert [c.token for c in one_bank] == [10, 11]
