"""Fuzzing every reader: a mangled input either reads or is refused as an input error (exit 2),
never a crash (exit 4). bench/fuzz_readers.py runs the same targets for longer."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz_targets import READERS, Reader, outcome


@pytest.mark.parametrize("reader", READERS, ids=[r.name for r in READERS])
def test_the_seeds_read(reader: Reader) -> None:
    for seed in reader.seeds:
        assert outcome(reader, seed) == "ok"


@pytest.mark.parametrize("reader", READERS, ids=[r.name for r in READERS])
@settings(max_examples=200, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rng=st.randoms(use_true_random=False))
def test_a_mangled_input_reads_or_is_an_input_error(reader: Reader, rng: random.Random) -> None:
    data = reader.generate(rng)
    result = outcome(reader, data)
    assert not result.startswith("exit"), f"{result}\ninput: {data[:300]!r}"
