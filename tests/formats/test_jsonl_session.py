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
