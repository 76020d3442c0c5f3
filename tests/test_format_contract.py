"""The round-trip contract every format handler keeps: parse(serialize(doc)) gives doc back."""

from __future__ import annotations

from pathlib import Path

import pytest

from mt.document import Document, Segment
from mt.formats import format_names, handler_class, make_handler, read_document, write_document
from tests.conftest import CORPORA, story_names

HARD_SOURCES = [
    "قال المتحدث إن «المقاومة» في بنجشير مستمرة، وإن ١٧٢٬٠٠٠ شخص يعيشون في الولاية.",
    'He said "no" & <left> \'quickly\'',
    "tab\there and\ttwo",
    "سطر أول\nسطر ثان",
    "ـــ تطويل ـــ ٣٫٥ ؟ ؛ ،",
]
HARD_TARGETS = [
    'The spokesman said the "resistance" in Panjshir continues; 172,000 people live there.',
    "“Curly” ‘quotes’ and «guillemets» & <angle> brackets > 5",
    "tab\there\tand two",
    "first line\nsecond line",
    "",
]


def hard_document(n: int = 10_000, *, with_source: bool = True, with_ref: bool = True,
                  multiline: bool = True) -> Document:
    segments = []
    for i in range(n):
        mt = HARD_TARGETS[i % len(HARD_TARGETS)] + (f" #{i}" if i % 7 == 0 else "")
        if i % len(HARD_TARGETS) == 4 and i % 7 != 0:
            mt = ""  # an empty target
        src = HARD_SOURCES[i % len(HARD_SOURCES)] + f" {i}"
        ref = f"Reference {i}: " + HARD_TARGETS[(i + 1) % len(HARD_TARGETS)]
        if not multiline:
            mt, src, ref = (t.replace("\n", " ") for t in (mt, src, ref))
        segments.append(
            Segment(
                id=f"s{i + 1}",
                mt=mt,
                source=src if with_source else None,
                reference=ref if with_ref else None,
            )
        )
    return Document(segments, source_lang="ar", target_lang="en")


def assert_same(handler_name: str, original: Document, parsed: Document) -> None:
    fields = handler_class(handler_name).fields
    assert len(parsed) == len(original)
    for a, b in zip(original.segments, parsed.segments, strict=True):
        if "id" in fields:
            assert b.id == a.id
        assert b.mt == a.post_edit
        for name in ("source", "reference"):
            if name in fields:
                assert getattr(b, name) == getattr(a, name), (name, a.id)


@pytest.mark.parametrize("name", format_names())
@pytest.mark.parametrize(
    ("with_source", "with_ref"), [(True, True), (False, False)], ids=["full", "mt-only"]
)
def test_round_trip_hard_document(name: str, with_source: bool, with_ref: bool) -> None:
    # Plain text is read in lines mode here: a file of lines with empty segments is ambiguous
    # under "auto", which test_text.py covers on its own.
    handler = make_handler(name, {"mode": "lines"} if name == "text" else None)
    doc = hard_document(with_source=with_source, with_ref=with_ref, multiline=handler.multiline)
    if name == "text":
        doc = Document.from_texts([s.mt for s in doc.segments])
    data = handler.serialize(doc)
    parsed = handler.parse(data, f"contract.{name}")
    assert_same(name, doc, parsed)
    # And the bytes are stable: a second trip writes the same file.
    assert handler.serialize(parsed) == data


@pytest.mark.parametrize("name", format_names())
def test_round_trip_writes_post_edit(name: str) -> None:
    doc = Document.from_texts(["Fighting in Banshir continued."], ["قتال في بنجشير"])
    seg = doc.segments[0]
    edit = seg.propose(12, 19, "Panjshir", origin="glossary", entry_id="panjshir")
    seg.accept(edit)
    handler = make_handler(name)
    parsed = handler.parse(handler.serialize(doc), f"x.{name}")
    if "edits" in handler.fields:
        # Formats that keep edits keep the MT and the accepted edit separately.
        assert parsed.segments[0].mt == "Fighting in Banshir continued."
        assert parsed.segments[0].post_edit == "Fighting in Panjshir continued."
    else:
        assert parsed.segments[0].mt == "Fighting in Panjshir continued."


@pytest.mark.parametrize("story", story_names())
@pytest.mark.parametrize("name", format_names())
def test_corpora_round_trip_through_every_format(
    story: str, name: str, tmp_path: Path
) -> None:
    doc = read_document(
        CORPORA / f"{story}.mt.en",
        source=CORPORA / f"{story}.ar",
        reference=CORPORA / f"{story}.ref.en",
    )
    assert len(doc) > 0
    out = tmp_path / f"{story}.out"
    write_document(doc, out, fmt=name)
    back = read_document(out, fmt=name)
    assert_same(name, doc, back)


@pytest.mark.parametrize("story", story_names())
def test_corpora_text_files_round_trip_byte_for_byte(story: str, tmp_path: Path) -> None:
    for suffix in (".ar", ".mt.en", ".ref.en"):
        path = CORPORA / f"{story}{suffix}"
        doc = read_document(path)
        assert doc.meta["text"]["mode"] == "article"
        out = tmp_path / path.name
        write_document(doc, out)
        assert out.read_bytes() == path.read_bytes()
