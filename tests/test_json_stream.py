"""JSON reports written in pieces read exactly as ``json.dumps`` of the whole value."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from mt.json_stream import Lazy, iter_json, materialize

_LEAF = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_PLAIN = st.recursive(
    _LEAF,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)
_LONG_LIST = st.lists(st.integers() | st.dictionaries(st.text(), st.integers(), max_size=2),
                      min_size=250, max_size=300)
_VALUE = st.recursive(
    _PLAIN,
    lambda inner: st.builds(Lazy, st.lists(inner, max_size=3))
    | st.dictionaries(st.text(), inner, max_size=3)
    | _LONG_LIST,
    max_leaves=12,
)


def _fresh(value: object) -> object:
    """A copy whose lazy lists can be iterated again (each is iterated once)."""
    if isinstance(value, Lazy):
        return Lazy(iter([_fresh(v) for v in value.items]))
    if isinstance(value, dict):
        return {k: _fresh(v) for k, v in value.items()}
    return value


@given(_VALUE)
def test_pieces_join_to_json_dumps_of_the_built_value(value: object) -> None:
    expected = json.dumps(materialize(_fresh(value)), ensure_ascii=False, indent=2)
    assert "".join(iter_json(_fresh(value))) == expected


def test_a_lazy_list_is_encoded_as_it_is_iterated() -> None:
    made: list[int] = []

    def items():  # type: ignore[no-untyped-def]
        for i in range(3):
            made.append(i)
            yield {"n": i}

    pieces = iter_json({"items": Lazy(items()), "after": 1})
    first = [next(pieces) for _ in range(3)]
    assert made == [0] and "".join(first).endswith('"n": 0\n    }')
    assert json.loads("".join(first) + "".join(pieces)) == {
        "items": [{"n": 0}, {"n": 1}, {"n": 2}],
        "after": 1,
    }
