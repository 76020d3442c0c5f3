"""JSON records read back from disk (session, journal, checkpoint): every bad shape is an input
error naming the file and line, never a crash."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mt.errors import MTError
from mt.formats.records import JOURNAL_RECORD, ListOf, Obj, load_json, problem
from mt.pipeline.review.journal import Journal
from mt.pipeline.translate import CHECKPOINT_KIND, CheckpointError, _Checkpoint

HEADER = {"kind": CHECKPOINT_KIND, "version": 1, "input": "sha256:x", "segments": 1,
          "existing_mt": False, "signature": {"engine": "x", "model": "m"}}
GOOD = {"id": "1", "translation": {"source": "a", "text": "b", "constraints": []}}


def test_schema_problems_name_the_key() -> None:
    schema = Obj(required={"id": (str, int)}, optional={"items": ListOf(Obj({"n": int}))})
    assert problem({"id": 1, "items": [{"n": 2}]}, schema) is None
    assert problem({"id": True}, schema) == "'id' must be a string or an integer"
    assert problem({"id": "a", "items": [{"n": "2"}]}, schema) == "'items[0].n' must be an integer"
    assert problem({"id": "a", "items": None}, schema) is None
    assert problem([], schema) == "the record must be an object"
    assert problem({"t": "op", "seq": 1, "segments": [{"id": "1", "mt": "h", "edits": 5}]},
                   JOURNAL_RECORD) == "'segments[0].edits' must be a list"


def test_load_json_problems() -> None:
    assert load_json('{"a": [1]}') == {"a": [1]}
    for text, message in (("[" * 3000, "nested too deeply"), ("1" * 5000, "invalid JSON"),
                          ('"\\ud800x"', "lone surrogate (U+D800)"), ("{", "invalid JSON")):
        with pytest.raises(ValueError, match=re.escape(message)):
            load_json(text)


def _write(path: Path, *lines: object) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([HEADER, {"id": "1", "translation": 5}], ":2: not a segment record ('translation' must"),
        ([HEADER, {"id": "1", "translation": {"source": "a"}}], ":2: not a segment record"),
        ([HEADER, {"id": "1", "translation": {**GOOD["translation"], "constraints": [5]}}],
         ":2: not a segment record ('translation.constraints[0]' must be an object)"),
        ([HEADER, {"id": "1", "translation": {**GOOD["translation"], "constraints": [
            {"term": "Kabul", "entry_id": None, "met": True, "x": 1}]}}],
         ":2: not a segment record (unknown key 'translation.constraints[0].x')"),
        ([{**HEADER, "signature": 5}, GOOD], ":1: not a checkpoint of `mt translate` "
                                              "('signature' must be an object)"),
        ([HEADER, '{"id": "1", "translation": {"source": "\\ud800", "text": "b"}}', GOOD],
         ":2: not a segment record (a string holds a lone surrogate"),
        ([HEADER, '{"id": "1", "n": ' + "[" * 3000 + "]" * 3000 + "}", GOOD],
         ":2: garbled line"),
        ([HEADER, '{"id": "1", "n": ' + "1" * 5000 + "}", GOOD], ":2: garbled line"),
    ],
    ids=["translation-int", "no-text", "constraint-int", "constraint-key", "signature-int",
         "surrogate", "deep",
         "huge-int"],
)
def test_checkpoint_records_of_the_wrong_shape_are_refused(
    tmp_path: Path, lines: list[object], message: str
) -> None:
    path = _write(tmp_path / "out.en.checkpoint.jsonl", *lines)
    with pytest.raises(CheckpointError) as info:
        _Checkpoint.read(path)
    assert info.value.exit_code == 2
    assert message in str(info.value), str(info.value)


def test_a_good_checkpoint_reads(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.jsonl", HEADER, GOOD)
    header, records, _ = _Checkpoint.read(path)
    assert header["kind"] == CHECKPOINT_KIND and records["1"]["translation"]["text"] == "b"


def test_journal_records_of_the_wrong_shape_are_left_out(tmp_path: Path) -> None:
    good = {"t": "op", "seq": 1, "time": 1.0,
            "segments": [{"id": "1", "mt": "h", "edits": [], "reviewed": True}]}
    path = _write(tmp_path / "j.jsonl", {"t": "open", "time": 1.0}, good,
                  {"t": "op", "seq": "x"}, {"t": "op", "seq": 2, "segments": 5},
                  {"t": "op", "seq": None}, {"t": "op", "seq": 5, "time": -1e308},
                  {"t": "op", "seq": 3, "segments": [{"id": "1", "mt": "h", "edits": [5]}]},
                  '{"t": "op", "seq": 4, "label": "\\ud800"}',
                  '{"t": "op", "n": ' + "[" * 3000 + "]" * 3000 + "}")
    try:
        records = Journal.read(path)
    except MTError:
        return
    assert records == [{"t": "open", "time": 1.0}, good]
