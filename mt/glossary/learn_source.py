"""The source term of a learned entry: the Arabic word or phrase that co-occurs best with it.

Each source segment is cut into words and phrases of up to three words, normalised
(:func:`~mt.glossary.normalize.normalize`) and with an attached clitic (``و ف ب ل ك ال`` and
their combinations, as the matcher allows them) optionally removed from the first word, so
``وبنجشير`` counts for ``بنجشير``. A term's segments are those where its substitution was made
or its post-edit holds the preferred form; the candidate whose segments overlap them best
(Dice) wins, a rough consonant match with the preferred spelling breaking ties (one segment
alone cannot tell its names apart). Where a shorter form scores the same, the longer phrase
wins; where several clitic readings do, the one removing least.
"""

from __future__ import annotations

import re
from collections import Counter

from rapidfuzz import fuzz

from mt.glossary.normalize import PROCLITICS, normalize
from mt.glossary.suggest import transliteration_key

#: Below this Dice overlap, no source term is given.
MIN_DICE = 0.5
MAX_WORDS = 3
_LETTERS = re.compile(r"[^\W\d_]+")
#: A word of the target text (hyphenated ones whole), as the word diff cuts them.
WORD = re.compile(r"\w+(?:-\w+)*")
_ROMAN = str.maketrans({
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d",
    "ذ": "z", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t",
    "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "و": "u", "ي": "i", "ء": "", "ئ": "", "ؤ": "u", "پ": "p",
    "چ": "ch", "ژ": "zh", "گ": "g",
})  # fmt: skip


def romanise(arabic: str) -> str:
    """A rough Latin skeleton of an Arabic term, for comparing with a transliteration."""
    return transliteration_key(arabic.translate(_ROMAN)).replace(" ", "")


def _readings(word: str) -> list[tuple[int, str]]:
    """``(clitic length, word without it)`` for the word as is and each clitic it may carry."""
    out = [(0, word)]
    for n in range(1, min(5, len(word) - 1)):
        if word[:n] in PROCLITICS:
            out.append((n, word[n:]))
    return out


class SourceIndex:
    """The source segments seen, the candidate terms in each, and which segments belong to
    which preferred form."""

    def __init__(self) -> None:
        self._terms: list[set[str]] = []
        self._post_edits: list[str] = []
        self._by_word: dict[str, list[int]] = {}
        self._df: Counter[str] = Counter()
        self._surface: dict[str, Counter[str]] = {}
        self._cut: dict[str, int] = {}
        self._marked: dict[str, set[int]] = {}

    def add(self, source: str) -> int:
        """Index one source segment; returns its key."""
        norm = normalize(source)
        words = list(_LETTERS.finditer(norm.text))
        terms: set[str] = set()
        for i, first in enumerate(words):
            for cut, bare in _readings(first.group()):
                if len(bare) < 2:
                    continue
                end = first.end()
                phrase = [bare]
                for j in range(i, min(len(words), i + MAX_WORDS)):
                    if j > i:
                        if norm.text[words[j - 1].end() : words[j].start()] != " ":
                            break
                        phrase.append(words[j].group())
                        end = words[j].end()
                    term = " ".join(phrase)
                    terms.add(term)
                    self._cut[term] = min(self._cut.get(term, cut), cut)
                    start, stop = norm.span(first.start() + cut, end)
                    self._surface.setdefault(term, Counter())[source[start:stop]] += 1
        self._terms.append(terms)
        self._post_edits.append("")
        self._df.update(terms)
        return len(self._terms) - 1

    def mark(self, preferred: str, key: int) -> None:
        """Segment ``key`` holds a substitution to ``preferred``."""
        self._marked.setdefault(preferred, set()).add(key)

    def note_targets(self, key: int, post_edit: str) -> None:
        """Segment ``key``'s post-edit (a segment holding the preferred form counts for it)."""
        self._post_edits[key] = post_edit
        for word in set(WORD.findall(post_edit)):
            self._by_word.setdefault(word, []).append(key)

    def best(self, preferred: str) -> tuple[str | None, float]:
        """The source term of ``preferred`` as most often written, and its Dice overlap;
        ``(None, 0.0)`` where no candidate overlaps enough."""
        word = re.compile(rf"(?<!\w){re.escape(preferred)}(?!\w)")
        segments = set(self._marked.get(preferred, ()))
        first = WORD.findall(preferred)[:1]
        candidates = self._by_word.get(first[0], []) if first else []
        segments.update(k for k in candidates if word.search(self._post_edits[k]))
        if not segments:
            return None, 0.0
        overlap: Counter[str] = Counter()
        for k in segments:
            overlap.update(self._terms[k])
        target = transliteration_key(preferred).replace(" ", "")
        best: tuple[float, float, int, int, str] | None = None
        for term, n in overlap.items():
            dice = 2 * n / (len(segments) + self._df[term])
            sound = fuzz.ratio(romanise(term), target) / 100
            rank = (dice + 0.25 * sound, dice, term.count(" "), -self._cut[term], term)
            if best is None or rank > best:
                best = rank
        if best is None or best[1] < MIN_DICE:
            return None, 0.0
        term = best[4]
        return self._surface[term].most_common(1)[0][0], round(best[1], 3)
