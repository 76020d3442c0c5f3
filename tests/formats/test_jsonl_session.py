"""JSONL and the session file: fields kept, edits kept, clear errors."""

from __future__ import annotations

import json

import pytest

from mt.document import Document, EditStatus, Issue
from mt.errors import FormatError
from mt.formats.jsonl import JsonlHandler
from mt.formats.session import SessionHandler


def test_jsonl_keeps_unknown_keys_and_accepts_target_alias() -> None:
    data = '{"id": 7, "source": "كابل", "target": "Kabool", "domain": "news"}\n'
    doc = JsonlHandler().parse(data.encode(), "x.jsonl")
    seg = doc.segments[0]
    assert (seg.id, seg.mt, seg.meta["fields"]) == ("7", "Kabool", {"domain": "news"})
    again = json.loads(JsonlHandler().serialize(doc))
    assert again == {"id": "7", "source": "كابل", "mt": "Kabool", "domain": "news"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"mt": "a"', "x.jsonl:2: invalid JSON"),
        ('["a"]', "x.jsonl:2: expected a JSON object"),
        ('{"source": "a"}', "x.jsonl:2: no 'mt'"),
        ('{"mt": 5}', "x.jsonl:2: 'mt' must be a string"),
    ],
)
def test_jsonl_errors_name_file_and_line(line: str, message: str) -> None:
    with pytest.raises(FormatError) as info:
        JsonlHandler().parse(('{"mt": "ok"}\n' + line + "\n").encode(), "x.jsonl")
    assert str(info.value).startswith(message)


def session_doc() -> Document:
    doc = Document.from_texts(
        ["Fighting in Banshir.", "Kabul is calm."], ["قتال في بنجشير.", "كابل هادئة."],
        source_lang="ar", target_lang="en",
    )
    seg = doc.segments[0]
    seg.accept(seg.propose(12, 19, "Panjshir", origin="glossary", entry_id="panjshir",
                           reason="forbidden variant"))
    seg.reject(seg.propose(9, 19, "in the Panjshir"))
    seg.issues.append(Issue("terminology", "error", "Banshir is forbidden", start=12, end=19))
    doc.meta["text"] = {"mode": "lines", "eol": "\n"}
    return doc


def test_session_keeps_edits_status_issues_and_meta() -> None:
    handler = SessionHandler()
    doc = session_doc()
    back = handler.parse(handler.serialize(doc), "s.mt.json")
    seg = back.segments[0]
    assert [e.status for e in seg.edits] == [EditStatus.ACCEPTED, EditStatus.REJECTED]
    assert seg.edits[0].entry_id == "panjshir" and seg.edits[0].reason == "forbidden variant"
    assert seg.post_edit == "Fighting in Panjshir."
    assert seg.issues == doc.segments[0].issues
    assert back.meta["text"] == doc.meta["text"]
    assert (back.source_lang, back.target_lang) == ("ar", "en")


def test_session_from_a_newer_mt_is_refused() -> None:
    data = SessionHandler().serialize(session_doc()).replace(b'"version": 1', b'"version": 99')
    with pytest.raises(FormatError, match="newer mt"):
        SessionHandler().parse(data, "s.mt.json")


def test_session_with_a_broken_segment_names_its_line() -> None:
    data = SessionHandler().serialize(session_doc()).decode()
    data = data.replace('"mt": "Kabul is calm."', '"mt": 3')
    with pytest.raises(FormatError, match=r"s\.mt\.json:3: segment 2: 'mt' must be a string"):
        SessionHandler().parse(data.encode(), "s.mt.json")


def test_session_with_overlapping_accepted_edits_is_refused() -> None:
    data = SessionHandler().serialize(session_doc()).decode()
    data = data.replace('"status": "rejected"', '"status": "accepted"')
    with pytest.raises(FormatError, match="overlap"):
        SessionHandler().parse(data.encode(), "s.mt.json")


def test_plain_json_is_not_a_session() -> None:
    with pytest.raises(FormatError, match="not an mt session"):
        SessionHandler().parse(b'{"segments": []}', "x.json")


def test_jsonl_duplicate_ids_are_refused_with_both_lines() -> None:
    data = b'{"id": 1, "mt": "a"}\n{"id": 2, "mt": "b"}\n\n{"id": "1", "mt": "c"}\n'
    with pytest.raises(FormatError, match=r"x\.jsonl:4: duplicate segment id '1' \(first used on "
                                          r"line 1\)"):
        JsonlHandler().parse(data, "x.jsonl")


_HUGE = "1" * 5000
_DEEP = "[" * 3000 + "]" * 3000


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"mt": "a", "n": ' + _HUGE + "}", "x.jsonl:1: invalid JSON"),
        ('{"mt": "a", "n": ' + _DEEP + "}", "x.jsonl:1: JSON nested too deeply"),
        ('{"mt": "\\ud800"}', "x.jsonl:1: a string holds a lone surrogate (U+D800)"),
    ],
    ids=["huge-int", "deep", "surrogate"],
)
def test_jsonl_input_json_cannot_hold_is_an_input_error(line: str, message: str) -> None:
    with pytest.raises(FormatError) as info:
        JsonlHandler().parse(line.encode(), "x.jsonl")
    assert str(info.value).startswith(message)


def _session(head: str = "", segment: str = '{"id": "1", "mt": "a"}') -> bytes:
    return (f'{{"format": "mt-session", "version": 1{head}, "segments": [\n{segment}\n]}}\n'
            ).encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_session(', "n": ' + _HUGE), "x.mt.json:1: invalid JSON"),
        (_session(', "n": ' + _DEEP), "x.mt.json:1: JSON nested too deeply"),
        (_session(', "meta": 5'), "x.mt.json:1: 'meta' must be an object"),
        (_session(', "source_lang": 5'), "x.mt.json:1: 'source_lang' must be a string"),
        (_session(', "meta": {"text": "x"}'), "x.mt.json:1: 'meta.text' must be an object"),
        (_session(segment='{"id": "1", "mt": "\\udfff"}'),
         "x.mt.json:2: segment 1: a string holds a lone surrogate (U+DFFF)"),
        (_session(segment='{"id": "1", "mt": "a", "meta": 5}'),
         "x.mt.json:2: segment 1: 'meta' must be an object"),
        (_session(segment='{"id": [], "mt": "a"}'),
         "x.mt.json:2: segment 1: 'id' must be a string or an integer"),
        (_session(segment='{"id": "1", "mt": "a", "edits": [{"start": 1e400, "end": 1, '
                          '"replacement": "b"}]}'),
         "x.mt.json:2: segment 1: 'edits[0].start' must be an integer"),
        (_session(segment='{"id": "1", "mt": "a", "edits": {"start": 0}}'),
         "x.mt.json:2: segment 1: 'edits' must be a list"),
        (_session(segment='{"id": "1", "mt": "a", "issues": ["x"]}'),
         "x.mt.json:2: segment 1: 'issues[0]' must be an object"),
    ],
    ids=["huge-int", "deep", "meta-int", "lang-int", "meta-text", "surrogate", "seg-meta",
         "seg-id", "edit-inf", "edits-object", "issue-string"],
)
def test_session_input_of_the_wrong_shape_is_an_input_error(data: bytes, message: str) -> None:
    with pytest.raises(FormatError) as info:
        SessionHandler().parse(data, "x.mt.json")
    assert str(info.value).startswith(message), str(info.value)


def test_session_duplicate_ids_are_refused() -> None:
    data = _session(segment='{"id": "1", "mt": "a"},\n{"id": 1, "mt": "b"}')
    with pytest.raises(FormatError, match=r"x\.mt\.json:3: duplicate segment id '1' \(first used "
                                          r"on line 2\)"):
        SessionHandler().parse(data, "x.mt.json")
