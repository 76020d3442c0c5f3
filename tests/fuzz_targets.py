"""Fuzz targets shared by tests/test_fuzz_readers.py and bench/fuzz_readers.py.

Each reader (a document format, a glossary format, the review journal, the translate
checkpoint) gets valid seed files and a mutator driven by a :class:`random.Random`: byte edits,
splices of another seed, random bytes, and for JSON files a value replaced by any JSON (wrong
types, huge integers, deep nesting, lone surrogates). :func:`run` feeds one input to a reader
and writes back what it read; the contract is that it either works or raises an
:class:`~mt.errors.MTError` whose exit status is 2 — anything else would be exit 4.
"""

from __future__ import annotations

import contextlib
import json
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mt.document import Document, Origin
from mt.engines.base import EngineSignature
from mt.errors import MTError
from mt.formats import make_handler
from mt.formats.session import edit_from_json
from mt.glossary.file_formats import parse_glossary, render_glossary
from mt.pipeline.review.journal import Journal, find_recovery, unsaved_records
from mt.pipeline.translate import CHECKPOINT_KIND, _Checkpoint

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossaries" / "afghanistan-news.ar-en.tsv"


def _sample_document() -> Document:
    doc = Document.from_texts(
        ["Fighting in Banshir continued.", "Ahmed Masoud spoke\tin Kabul.", ""],
        ["استمر القتال في بنجشير.", "تحدث أحمد مسعود في كابل.", "كابل"],
        ["Fighting in Panjshir continued.", "Ahmad Massoud spoke in Kabul.", "Kabul"],
    )
    doc.source_lang, doc.target_lang = "ar", "en"
    seg = doc.segments[0]
    seg.accept(seg.propose(12, 19, "Panjshir", origin=Origin.GLOSSARY, entry_id="panjshir"))
    return doc


def _document_seeds(name: str) -> list[bytes]:
    handler = make_handler(name)
    seeds = [handler.serialize(_sample_document())]
    if name == "text":
        seeds.append(b"Kabul, Monday.\n\nFighting in Banshir.\nSecond line.\n")
    return seeds


def _glossary_seeds(fmt: str) -> list[bytes]:
    lines = GLOSSARY.read_bytes().splitlines(keepends=True)[:12]
    table = b"".join(lines)
    if fmt == "tsv":
        return [table]
    return [render_glossary(parse_glossary(table, "g.ar-en.tsv"), fmt, f"g.ar-en.{fmt}")]


_JOURNAL = [
    {"version": 1, "document": "story.mt.en", "t": "open", "time": 1.0},
    {"t": "op", "seq": 1, "op": "accept", "label": "accept", "time": 2.0,
     "segments": [{"id": "1", "mt": "sha256:ab", "reviewed": True,
                   "edits": [{"start": 0, "end": 3, "replacement": "x", "origin": "human",
                              "status": "accepted", "original": "abc", "entry_id": None,
                              "reason": ""}]}]},
    {"t": "save", "seq": 1, "time": 3.0},
    {"t": "op", "seq": 2, "op": "edit", "label": "edit", "time": 4.0,
     "segments": [{"id": "2", "mt": "sha256:cd", "reviewed": False, "edits": []}]},
]
_CHECKPOINT_HEADER = {"kind": CHECKPOINT_KIND, "version": 1, "input": "sha256:00", "segments": 2,
                      "existing_mt": False,
                      "signature": EngineSignature("transformers", "tiny").to_dict()}
_CHECKPOINT = [
    _CHECKPOINT_HEADER,
    {"id": "1", "translation": {"source": "كابل", "text": "Kabul", "score": -0.5, "tokens": 2,
                                "sentences": 1, "forbidden_found": [], "truncated": False,
                                "constraints": [{"term": "Kabul", "entry_id": "kabul",
                                                 "met": True, "reason": ""}]}},
    {"id": 2, "translation": {"source": "", "text": "", "constraints": []}},
]


def _lines(records: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


# -- mutations ---------------------------------------------------------------------------------

_TOKENS = [b"\x00", b"\xff", b"\xef\xbb\xbf", b"\r\n", b"\n", b"\t", b"\\", b'"', b"<", b">",
           b"&", b"&#xD800;", b"&#0;", b"]]>", b"<!DOCTYPE x>", b"{", b"}", b"[", b"]", b",",
           b":", b"null", b"1e400", b"-0", b"NaN", b"9" * 5000, b"[" * 3000, b'"\\ud800"',
           b"\\u0000", "\u2028".encode(), "بنجشير".encode(), b'<cp hex="D800"/>',
           b'<cp hex="110000"/>', b" id=\"1\"", b"=", b"#", b";"]


def _mutate_bytes(rng: random.Random, data: bytes, seeds: list[bytes]) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        pos = rng.randint(0, len(out))
        kind = rng.random()
        if kind < 0.3 and out:
            del out[pos : pos + rng.randint(1, 16)]
        elif kind < 0.6:
            out[pos:pos] = rng.choice(_TOKENS)
        elif kind < 0.8:
            other = rng.choice(seeds)
            start = rng.randint(0, len(other))
            out[pos:pos] = other[start : start + rng.randint(1, 64)]
        elif out:
            out[min(pos, len(out) - 1)] = rng.randrange(256)
    return bytes(out)


def _json_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(12 if depth < 3 else 9)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, -1, 7, 2**70, 10**5000 if rng.random() < 0.2 else 3])
    if kind == 3:
        return rng.choice([0.5, -1e308, 1e308 * 10, float("nan")])
    if kind == 4:
        return rng.choice(["", "x", "\ud800", "a\udc00b", "\u2028", "\x00", "accepted",
                           "human", "glossary", "error", "op", "save", "1", "sha256:ab"])
    if kind == 5:
        return rng.choice(["[" * 50, "x" * 2000, "\ufeff", "\t\n"])
    if kind in (6, 7, 8):
        return rng.randint(-3, 40)
    if kind == 9:
        return [_json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if kind == 10:
        return {rng.choice(["id", "mt", "start", "end", "t", "seq", "x"]):
                _json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}
    deep: Any = []
    for _ in range(rng.randint(900, 2500)):
        deep = [deep]
    return deep


def _replace_somewhere(rng: random.Random, value: Any) -> Any:
    """``value`` with one nested item (or key) replaced by random JSON."""
    if isinstance(value, dict) and value and rng.random() < 0.8:
        key = rng.choice(list(value))
        copy = dict(value)
        roll = rng.random()
        if roll < 0.15:
            del copy[key]
        elif roll < 0.55:
            copy[key] = _json_value(rng)
        else:
            copy[key] = _replace_somewhere(rng, value[key])
        return copy
    if isinstance(value, list) and value and rng.random() < 0.8:
        i = rng.randrange(len(value))
        copy = list(value)
        copy[i] = _replace_somewhere(rng, value[i]) if rng.random() < 0.6 else _json_value(rng)
        return copy
    return _json_value(rng)


def _dump(value: Any) -> str:
    try:
        return json.dumps(value)  # ASCII: a lone surrogate stays an escape, as a user writes it
    except (ValueError, RecursionError):  # too deep (or too long an integer) for json.dumps
        return "[" * 3000 + "]" * 3000


def _mutate_json_lines(rng: random.Random, data: bytes) -> bytes:
    lines = data.decode("utf-8").splitlines()
    if not lines:
        return data
    i = rng.randrange(len(lines))
    try:
        value = json.loads(lines[i])
    except ValueError:
        return data
    lines[i] = _dump(_replace_somewhere(rng, value))
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def _mutate_session(rng: random.Random, data: bytes) -> bytes:
    obj = json.loads(data)
    if rng.random() < 0.7 and obj["segments"]:  # mostly inside a segment
        i = rng.randrange(len(obj["segments"]))
        obj["segments"][i] = _replace_somewhere(rng, obj["segments"][i])
    else:
        obj = _replace_somewhere(rng, obj)
    if not isinstance(obj, dict):
        return _dump(obj).encode("utf-8", "surrogatepass")
    segments = obj.pop("segments", None)
    head = _dump(obj)[:-1]
    if not isinstance(segments, list):
        return f'{head}, "segments": {_dump(segments)}}}\n'.encode("utf-8", "surrogatepass")
    body = ",\n".join(_dump(s) for s in segments)
    return f'{head}, "segments": [\n{body}\n]}}\n'.encode("utf-8", "surrogatepass")


# -- readers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reader:
    """One reader under fuzz: its seeds, how to mutate a seed, how to run an input."""

    name: str
    seeds: list[bytes]
    run: Callable[[bytes, Path], None]
    json_mutator: Callable[[random.Random, bytes], bytes] | None = None

    def generate(self, rng: random.Random) -> bytes:
        seed = rng.choice(self.seeds)
        roll = rng.random()
        if roll < 0.05:
            return rng.randbytes(rng.randint(0, 64))
        if self.json_mutator is not None and roll < 0.6:
            data = self.json_mutator(rng, seed)
            return _mutate_bytes(rng, data, self.seeds) if rng.random() < 0.2 else data
        return _mutate_bytes(rng, seed, self.seeds)


def _document_reader(name: str) -> Reader:
    def run(data: bytes, folder: Path) -> None:
        handler = make_handler(name)
        doc = handler.parse(data, f"doc.{name}")
        for seg in doc.segments:
            seg.post_edit  # noqa: B018 - the accepted edits apply
        handler.serialize(doc)

    mutator = {"jsonl": _mutate_json_lines, "session": _mutate_session}.get(name)
    return Reader(name, _document_seeds(name), run, mutator)


def _glossary_reader(fmt: str) -> Reader:
    def run(data: bytes, folder: Path) -> None:
        glossary = parse_glossary(data, f"g.ar-en.{fmt}")
        render_glossary(glossary, fmt, f"g.ar-en.{fmt}")

    return Reader(f"glossary-{fmt}", _glossary_seeds(fmt), run)


def _run_journal(data: bytes, folder: Path) -> None:
    path = folder / "story.mt.en.journal"
    path.write_bytes(data)
    unsaved_records(Journal.read(path))
    recovery = find_recovery(path)
    if recovery is not None:
        recovery.describe()
        for record in recovery.records:  # as ReviewSession.recover reads them
            for raw in record.get("segments", []):
                str(raw.get("id")), raw.get("mt")
                with contextlib.suppress(MTError, KeyError, TypeError, ValueError):
                    [edit_from_json(e) for e in raw.get("edits", [])]


def _run_checkpoint(data: bytes, folder: Path) -> None:
    from mt.engines.base import Translation

    path = folder / "out.en.checkpoint.jsonl"
    path.write_bytes(data)
    header, records, _ = _Checkpoint.read(path)
    _Checkpoint(path, _CHECKPOINT_HEADER)._check(header)
    for record in records.values():
        Translation.from_dict(record["translation"])


READERS: list[Reader] = [
    *(_document_reader(name) for name in ("text", "tsv", "jsonl", "tmx", "xliff1", "xliff2",
                                          "session")),
    *(_glossary_reader(fmt) for fmt in ("tsv", "csv", "tbx")),
    Reader("journal", [_lines(_JOURNAL)], _run_journal, _mutate_json_lines),
    Reader("checkpoint", [_lines(_CHECKPOINT)], _run_checkpoint, _mutate_json_lines),
]


def outcome(reader: Reader, data: bytes) -> str:
    """``"ok"``, ``"refused"`` (an input error, exit 2) or the crash: ``"exit4 Type: msg"``."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            reader.run(data, Path(tmp))
        except MTError as exc:
            if exc.exit_code == 2:
                return "refused"
            return f"exit{exc.exit_code} {type(exc).__name__}: {exc}"
        except Exception as exc:  # what the CLI would report as an internal error
            return f"exit4 {type(exc).__name__}: {str(exc)[:200]}"
    return "ok"
