"""A million-segment document must fit in memory: a segment that nothing was proposed for,
found in or attached to holds no empty list or dict, through post-edit, QA and writing."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from mt.document import Document, Segment
from mt.formats.registry import write_document
from mt.glossary.files import load_glossary
from mt.pipeline.post_edit import run_post_edit
from tests.conftest import GLOSSARIES

SEGMENTS = 20_000


def _traced(work: object) -> int:
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = work() if callable(work) else None
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del kept
    return after - before


def test_a_bare_segment_costs_its_object_and_id_only() -> None:
    texts = ["The valley was quiet on Sunday."] * SEGMENTS  # one shared string
    per_segment = _traced(lambda: Document.from_texts(texts)) / SEGMENTS
    # The Segment object (about 90 bytes), its id (about 50) and the list slot: no empty
    # edits, issues or meta containers (176 bytes more before).
    assert per_segment < 170, per_segment  # measured 160 (326 before)


def test_post_edit_qa_and_writing_leave_untouched_segments_bare(tmp_path: Path) -> None:
    """What a segment that needed nothing costs once loaded, post-edited, checked, scored and
    written, with the job kept for its report: measured 480 bytes (657 with the three empty
    containers each segment held); the columns of the scores are most of it."""
    glossary = load_glossary(GLOSSARIES / "afghanistan-news.ar-en.tsv")
    mts = ["The valley was quiet on Sunday."] * SEGMENTS
    sources = ["كان الوادي هادئا يوم الأحد."] * SEGMENTS
    out = tmp_path / "out.en"

    def work() -> object:
        doc = Document.from_texts(mts, sources)
        job = run_post_edit(doc, glossary, metrics="bleu", workers=1)
        write_document(doc, out)
        return job

    per_segment = _traced(work) / SEGMENTS
    assert per_segment < 540, per_segment
    assert out.read_text(encoding="utf-8").splitlines() == mts


def test_lazy_containers_behave_as_lists_and_dicts() -> None:
    seg = Segment("1", "Banshir")
    assert seg == Segment("1", "Banshir", edits=[], issues=[], meta={})
    seg.meta["x"] = 1
    seg.propose(0, 7, "Panjshir")
    other = Segment("2", "Banshir")
    assert other.meta == {} and other.edits == [] and seg.meta == {"x": 1}
    assert len(seg.edits) == 1 and seg != Segment("1", "Banshir")
    assert repr(Segment("1", "a")) == ("Segment(id='1', mt='a', source=None, reference=None, "
                                       "edits=[], issues=[], meta={})")


def test_a_glossary_fix_costs_its_edit_and_little_more() -> None:
    """A million segments with a fix each: every edit shares its replacement and original
    text with the others, and the result lists them without a tuple each. Measured 303 bytes
    a fix before (two strings and a tuple of its own), 201 after."""
    from mt.pipeline.post_edit import post_edit_document

    glossary = load_glossary(GLOSSARIES / "afghanistan-news.ar-en.tsv")
    doc = Document.from_texts(["Fighting went on in Banshir."] * SEGMENTS,
                              ["استمر القتال في بنجشير."] * SEGMENTS)
    post_edit_document(Document.from_texts(["Banshir"], ["بنجشير"]), glossary)  # warm caches
    result = None

    def work() -> object:
        nonlocal result
        result = post_edit_document(doc, glossary)
        return result

    per_fix = _traced(work) / SEGMENTS
    assert result is not None and len(result.proposed) == SEGMENTS
    assert [(i, e.replacement) for i, e in result.proposed][-1] == (str(SEGMENTS), "Panjshir")
    assert doc.segments[-1].post_edit == "Fighting went on in Panjshir."
    assert per_fix < 250, per_fix
