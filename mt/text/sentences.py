"""Sentence splitting of paragraphs, built on Wikimedia's ``sentencex``.

Spans always cover every non-whitespace character of the paragraph exactly once, in
order, so a paragraph can be translated sentence by sentence and rebuilt with
:func:`join_sentences`. Newlines: a single newline does not split a sentence (a
headline glued to its body stays one sentence unless the headline ends with a stop);
a blank line always does.

On top of ``sentencex`` we undo three kinds of wrong split:

* a Latin full stop between digits, as in Arabic-Indic ``٣.٥`` or ``١٧٢.٠٠٠``;
* a stop after a single Arabic letter (``د. أحمد``, ``أ.د.``, ``ص. 5``) or after an
  English abbreviation ``sentencex`` does not know (``Ms.``, ``Ft.``, ``Amb.``, ...);
* a full stop followed by a lowercase word (``approx. figure``, ``vs. him``).

Known limits: an abbreviation that really ends a sentence stays ambiguous; ``sentencex``
splits ``to the U.S. The talks`` but not ``The U.S. President``, and splits ``at 10 a.m.
Afghan time``. A stop inside brackets, as in ``(He left.) Then``, does not split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from sentencex import get_sentence_boundaries

__all__ = ["Sentence", "join_sentences", "sentences", "split_sentences"]

_LANG3 = {
    "eng": "en", "ara": "ar", "arb": "ar", "urd": "ur", "fas": "fa", "per": "fa",
    "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "spa": "es", "rus": "ru",
    "tur": "tr", "zho": "zh", "chi": "zh", "heb": "he", "kur": "ku", "pus": "ps",
}  # fmt: skip

# News abbreviations that sentencex (1.0.32) splits after in English.
_ABBREVIATIONS = (
    "Ms|Mmes|Amb|Atty|Lieut|Cpt|Spc|Cllr|Ft|Govt|Intl|Vol|Vols|Ch|Chap|Para|Pt|Apt|approx"
)
_NO_SPLIT_AFTER = re.compile(
    rf"""(?:^|[\s(\[{{"'“‘«])(?:{_ABBREVIATIONS})\.$"""  # an unknown English abbreviation
    r"|(?:^|[\s.(])[^\W\d_A-Za-z]\.$"  # a single non-Latin (Arabic) letter: "د." "أ.د."
)
_BLANK_LINE = re.compile(r"\n\s*\n")
_CLOSERS = "\"'”’»)]}"


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text == paragraph[start:end]``, without surrounding whitespace."""

    text: str
    start: int
    end: int


def _lang(lang: str) -> str:
    """Normalise ``en-US``/``ara``/``EN`` to the primary code sentencex knows."""
    code = re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0]
    return _LANG3.get(code, code)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _wrong_split(text: str, prev: Sentence, nxt: Sentence) -> bool:
    """Whether sentencex split ``prev`` from ``nxt`` where no sentence ends."""
    before, after = prev.text, nxt.text
    if _BLANK_LINE.search(text, prev.end, nxt.start):
        return False
    if not before.endswith("."):
        return before.rstrip(_CLOSERS).endswith(".") and after[0].islower()
    if prev.end == nxt.start and len(before) > 1 and before[-2].isdigit() and after[0].isdigit():
        return True  # "٣.٥": a decimal or thousands stop between digits
    return bool(_NO_SPLIT_AFTER.search(before)) or after[0].islower()


def split_sentences(text: str, lang: str = "en") -> list[Sentence]:
    """Split a paragraph into sentences; whitespace-only text gives ``[]``."""
    if not text or text.isspace():
        return []
    cuts = {0, len(text)}
    cuts.update(
        min(max(int(b["end_index"]), 0), len(text))
        for b in get_sentence_boundaries(_lang(lang), text)
    )
    cuts.update(m.end() for m in _BLANK_LINE.finditer(text))  # even "\n \n"
    result: list[Sentence] = []
    for a, b in pairwise(sorted(cuts)):
        start, end = _strip_span(text, a, b)
        if start == end:
            continue
        piece = Sentence(text[start:end], start, end)
        if result and _wrong_split(text, result[-1], piece):
            first = result.pop()
            piece = Sentence(text[first.start : end], first.start, end)
        result.append(piece)
    return result


def sentences(text: str, lang: str = "en") -> list[str]:
    """The texts of :func:`split_sentences`."""
    return [s.text for s in split_sentences(text, lang)]


def join_sentences(paragraph: str, sentences: list[Sentence], new_texts: list[str]) -> str:
    """Rebuild ``paragraph`` with each sentence replaced by the matching new text.

    The whitespace between, before and after the sentences is kept as it was.
    """
    if len(sentences) != len(new_texts):
        raise ValueError(f"{len(sentences)} sentences but {len(new_texts)} new texts")
    parts: list[str] = []
    pos = 0
    for sent, new in zip(sentences, new_texts, strict=True):
        if not pos <= sent.start <= sent.end <= len(paragraph):
            raise ValueError(f"sentence span {sent.start}:{sent.end} out of order or range")
        parts += [paragraph[pos : sent.start], new]
        pos = sent.end
    parts.append(paragraph[pos:])
    return "".join(parts)
