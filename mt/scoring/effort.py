"""Edit effort: how much post-editing changed the MT.

- HTER: TER of the MT with the post-edit as the reference (sacrebleu's TER, tercom defaults, on
  sacrebleu's 0-100 scale), per segment and for the corpus (sum of edits / sum of post-edit
  lengths in words).
- Character edit distance (Levenshtein, via rapidfuzz) between MT and post-edit, per segment
  and in total, also as a rate per 100 post-edit characters.

TER's shift search costs memory and time that grow with the square of a segment's length, so a
segment longer than :data:`TER_MAX_WORDS` words on either side gets an approximation instead: the
word edit distance without shifts (an upper bound on TER's edits, linear memory; past
:data:`EXACT_WORD_EDITS` words, the words changed in the word diff), and character edits counted
within the word diff's changes (an upper bound on the edit distance). The result says
how many segments were approximated (:attr:`EditEffort.note`); it is never silent.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from mt.document import Document
from mt.errors import AlignmentError, InputError
from mt.json_stream import Lazy, materialize
from mt.scoring.base import Score, check_segments
from mt.scoring.metrics import TER
from mt.scoring.packed import PackedRows

#: Segments longer than this (in words, MT or post-edit) get an approximate TER.
TER_MAX_WORDS = 1000
#: Past this many words a side, an approximated segment's word edits come from its word diff.
EXACT_WORD_EDITS = 20_000
#: Rough single-core seconds of TER for a changed segment against its MT (see :func:`_hter_stats`).
HTER_COST_PER_SEGMENT = 0.0001


@dataclass(frozen=True)
class SegmentEffort:
    """Effort of one segment: word edits (TER) and character edits."""

    id: str
    hter: float
    word_edits: int
    pe_words: float
    char_edits: int
    pe_chars: int
    #: Whether ``word_edits`` is the word edit distance without shifts (a long segment).
    approximate: bool = False

    @property
    def changed(self) -> bool:
        return self.char_edits > 0

    @property
    def char_rate(self) -> float:
        """Character edits per 100 post-edit characters (100 for an empty post-edit with
        edits, as TER does)."""
        return _rate(self.char_edits, self.pe_chars)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "hter": self.hter, "word_edits": self.word_edits,
                "pe_words": self.pe_words, "char_edits": self.char_edits,
                "pe_chars": self.pe_chars, "char_rate": self.char_rate,
                "approximate": self.approximate}


class SegmentEfforts(PackedRows[SegmentEffort]):
    """Per-segment efforts kept as columns of numbers (about 40 bytes a segment, not a
    :class:`SegmentEffort` object each); items are made when read. Totals are kept as the
    rows are added."""

    def __init__(self, ids: Sequence[str] | None = None) -> None:
        self._ids = ids
        self._hter, self._pe_words = array("d"), array("d")
        self._word_edits, self._char_edits, self._pe_chars = array("q"), array("q"), array("q")
        self._approximate = bytearray()
        self.char_edits = self.pe_chars = self.changed = self.approximated = 0

    def add(self, seg: SegmentEffort) -> None:
        """Append one segment's figures (its id is the ``ids`` entry of its position)."""
        self._hter.append(seg.hter)
        self._pe_words.append(seg.pe_words)
        self._word_edits.append(seg.word_edits)
        self._char_edits.append(seg.char_edits)
        self._pe_chars.append(seg.pe_chars)
        self._approximate.append(seg.approximate)
        self.char_edits += seg.char_edits
        self.pe_chars += seg.pe_chars
        self.changed += seg.changed
        self.approximated += seg.approximate

    def __len__(self) -> int:
        return len(self._hter)

    def _row(self, i: int) -> SegmentEffort:
        return SegmentEffort(self._ids[i] if self._ids is not None else str(i + 1),
                             self._hter[i], self._word_edits[i], self._pe_words[i],
                             self._char_edits[i], self._pe_chars[i], bool(self._approximate[i]))


@dataclass
class EditEffort:
    """Effort over a set of segments: corpus HTER (a sacrebleu :class:`Score`) and character
    edit totals, plus the per-segment figures."""

    hter: Score
    segments: SegmentEfforts

    @property
    def char_edits(self) -> int:
        return self.segments.char_edits

    @property
    def pe_chars(self) -> int:
        return self.segments.pe_chars

    @property
    def char_rate(self) -> float:
        return _rate(self.char_edits, self.pe_chars)

    @property
    def changed_segments(self) -> int:
        return self.segments.changed

    @property
    def approximated(self) -> int:
        """Segments whose TER was approximated (longer than :data:`TER_MAX_WORDS` words)."""
        return self.segments.approximated

    @property
    def note(self) -> str | None:
        """What the figures leave out, in one sentence; ``None`` when they are exact."""
        count = self.approximated
        if not count:
            return None
        return (f"HTER approximated for {count} segment{'s' if count != 1 else ''} longer than "
                f"{TER_MAX_WORDS} words (word edit distance without shifts, and character "
                "edits within the word diff's changes: upper bounds)")

    def to_dict(self, *, segments: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = materialize(self.to_json(segments=segments))
        return data

    def to_json(self, *, segments: bool = True) -> dict[str, Any]:
        """:meth:`to_dict` with the per-segment list :class:`~mt.json_stream.Lazy`."""
        data: dict[str, Any] = {
            "hter": self.hter.value,
            "hter_score": self.hter.to_dict(),
            "word_edits": int(self.hter.extra.get("num_edits", 0)),
            "char_edits": self.char_edits,
            "pe_chars": self.pe_chars,
            "char_rate": self.char_rate,
            "segments": len(self.segments),
            "changed_segments": self.changed_segments,
        }
        if self.note is not None:
            data["note"] = self.note
        if segments:
            data["per_segment"] = Lazy(s.to_dict() for s in self.segments)
        return data


def edit_effort(
    mt: Sequence[str],
    post_edit: Sequence[str],
    *,
    ids: Sequence[str] | None = None,
    workers: int | None = None,
) -> EditEffort:
    """HTER and character edit distance of ``mt`` against ``post_edit``, segment by segment.

    ``ids`` name the segments (default 1, 2, ...); ``workers``: processes for TER."""
    from rapidfuzz.distance.Levenshtein import distance

    check_segments(mt, post_edit)
    if ids is not None and len(ids) != len(mt):
        raise AlignmentError(f"{len(mt)} segments but {len(ids)} segment ids")
    ter = TER(workers=workers)
    long = [_too_long(m) or _too_long(p) for m, p in zip(mt, post_edit, strict=True)]
    # An unchanged segment needs no edit search (most of a post-edited document): TER's own
    # statistics for it are no edits over its word count, so only changed ones go to TER.
    search = [i for i, x in enumerate(long) if not x and mt[i] != post_edit[i]]
    exact = iter(_hter_stats(ter, [mt[i] for i in search], [post_edit[i] for i in search],
                             workers) if search else [])
    del search
    tokenize = _ter_tokenizer(ter)
    segments = SegmentEfforts(ids)
    value = ter.sentence_value()
    total = [0.0, 0.0]  # (sums of counts: exact in any order)
    for m, p, x in zip(mt, post_edit, long, strict=True):
        stat = (_approximate_stats(ter, m, p) if x
                else [0.0, float(len(tokenize(p.rstrip()).split()))] if m == p
                else next(exact))
        total[0] += stat[0]
        total[1] += stat[1]
        chars = 0 if m == p else _approximate_char_edits(m, p) if x else distance(m, p)
        segments.add(SegmentEffort("", value(stat), int(stat[0]), float(stat[1]), chars,
                                   len(p), x))
    return EditEffort(ter.from_stats([total]), segments)


def document_effort(doc: Document, *, workers: int | None = None) -> EditEffort:
    """Edit effort of a document: its MT against its post-edit (accepted edits applied)."""
    if not len(doc):
        raise InputError(
            "nothing to score: the document has no segments", path=doc.meta.get("path")
        )
    return edit_effort([s.mt for s in doc], [s.post_edit for s in doc],
                       ids=[s.id for s in doc], workers=workers)


def _hter_stats(ter: TER, mt: list[str], post_edit: list[str], workers: int | None
                ) -> list[list[float]]:
    """TER's statistics of changed segments, in worker processes only where they pay: a
    post-edit is mostly its MT with a few words replaced, which costs no shift search."""
    from mt.scoring.parallel import metric_stats

    job = replace(ter.job(mt, post_edit), cost=HTER_COST_PER_SEGMENT * len(mt))
    return metric_stats([job], workers=workers)[0]


def _too_long(text: str) -> bool:
    return any(count > TER_MAX_WORDS for count, _ in enumerate(text.split(), start=1))


def _approximate_stats(ter: TER, hyp: str, ref: str) -> list[float]:
    """TER's statistics ``[edits, reference words]`` without the shift search: the word edit
    distance on TER's own tokens, in linear memory; past :data:`EXACT_WORD_EDITS` words a side
    (where that costs the product of the lengths), the words changed in their diff (its
    replacements counted by their longer side), in about linear time."""
    from rapidfuzz.distance import Levenshtein

    from mt.text.diff import opcodes

    tokenize = _ter_tokenizer(ter)
    hyp_words, ref_words = tokenize(hyp.rstrip()).split(), tokenize(ref.rstrip()).split()
    if max(len(hyp_words), len(ref_words)) <= EXACT_WORD_EDITS:
        edits = Levenshtein.distance(hyp_words, ref_words)
    else:
        edits = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in opcodes(hyp_words, ref_words)
                    if tag != "equal")
    return [float(edits), float(len(ref_words))]


def _ter_tokenizer(ter: TER) -> Any:
    """TER's own tokenizer with ``ter``'s options (what its statistics count words with)."""
    from sacrebleu.tokenizers.tokenizer_ter import TercomTokenizer

    return TercomTokenizer(**ter.options)


def _approximate_char_edits(mt: str, post_edit: str) -> int:
    """Character edits within each change of the word diff: an upper bound on the edit
    distance, in about linear time (a change over 5,000 characters counts its longer side)."""
    from rapidfuzz.distance import Levenshtein

    from mt.text.diff import text_opcodes

    a, b, ops = text_opcodes(mt, post_edit)
    total = 0
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
        if len(old) + len(new) > 10_000:
            total += max(len(old), len(new))
        else:
            total += Levenshtein.distance(old, new)
    return total


def _rate(edits: int, length: int) -> float:
    if length:
        return 100.0 * edits / length
    return 100.0 if edits else 0.0
