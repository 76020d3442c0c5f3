"""Unicode normalisation for glossary matching, with a map back to the original offsets.

Matching runs on a normalised copy of a text; every hit is reported in the coordinates of the
original text, so an edit made from a hit replaces exactly the characters the user sees.

What is normalised:

- NFC composition;
- curly/modifier apostrophes and quotes to straight ones (``’`` → ``'``), no-break and other
  spaces to a plain space, runs of whitespace to one space;
- soft hyphens and bidi/zero-width format marks are dropped;
- with ``arabic=True`` (the default): tatweel and harakat (diacritics, Quranic marks, dagger
  alef) are dropped, alef variants ``أ إ آ ٱ`` → ``ا``, alef maksura ``ى`` → ``ي``, teh marbuta
  ``ة`` → ``ه`` (as Lucene's Arabic normaliser does: MT sources and user input confuse the two at
  word ends), and Persian ``ی ک`` → Arabic ``ي ك`` (Afghan names often come with Persian letters);
- with ``fold_case=True``, each character is lower-cased where that keeps it one character.

:func:`arabic_words` and :func:`strip_clitics` cut normalised Arabic into words and take the
article and the clitics off them, for aligning source names with their renderings.

Printable ASCII text without doubled spaces takes a fast path with an identity offset map.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from dataclasses import dataclass

_SUBSTITUTE = {
    # apostrophes and quotes
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u02bc": "'",
    "\u02b9": "'",
    "\u2032": "'",
    "\uff07": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    # hyphens and dashes that sit inside names
    "\u2010": "-",
    "\u2011": "-",
}
_ARABIC_SUBSTITUTE = {
    "\u0623": "\u0627",  # أ
    "\u0625": "\u0627",  # إ
    "\u0622": "\u0627",  # آ
    "\u0671": "\u0627",  # ٱ
    "\u0649": "\u064a",  # ى → ي
    "\u06cc": "\u064a",  # Persian yeh ی → ي
    "\u06a9": "\u0643",  # keheh ک → ك
    "\u0629": "\u0647",  # ة → ه
}
# Dropped, and counted as part of the preceding character (so a hit ending before them covers them).
_ATTACHED_DROP = frozenset(
    ["\u0640", "\u0670"]  # tatweel, dagger alef
    + [chr(c) for c in range(0x064B, 0x0660)]  # harakat
    + [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
)
# Dropped, not attached to anything.
_FORMAT_DROP = frozenset(
    "\u00ad\u200b\u200c\u200d\u200e\u200f\u061c\u2060\ufeff"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised text and where each of its characters came from.

    ``starts[i]`` and ``ends[i]`` bound the original characters behind normalised character ``i``;
    ``None`` means the identity map (nothing moved).
    """

    text: str
    original: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span behind the normalised span ``start..end``."""
        if self.starts is None or self.ends is None:
            return start, end
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def fold(text: str) -> str:
    """Lower-case ``text`` character by character, keeping its length (and so its offsets)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _is_simple(text: str) -> bool:
    """Printable ASCII without doubled spaces: normalising changes nothing."""
    return text.isascii() and text.isprintable() and "  " not in text


def normalize(text: str, *, arabic: bool = True, fold_case: bool = False) -> Normalized:
    """Normalise ``text`` for matching; see the module docstring for what changes."""
    if _is_simple(text):
        return Normalized(text.lower() if fold_case else text, text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    prev_space = False
    for start, end, chunk in _nfc_chunks(text):
        for ch in chunk:
            if ch in _FORMAT_DROP:
                continue
            if arabic and ch in _ATTACHED_DROP:
                if ends:
                    ends[-1] = end
                continue
            if ch.isspace():
                if prev_space:
                    ends[-1] = end
                    continue
                prev_space = True
                ch = " "
            else:
                prev_space = False
                ch = _SUBSTITUTE.get(ch, ch)
                if arabic:
                    ch = _ARABIC_SUBSTITUTE.get(ch, ch)
            out.append(ch)
            starts.append(start)
            ends.append(end)
    norm = "".join(out)
    if fold_case:
        norm = fold(norm)
    if norm == text:
        return Normalized(norm, text)
    return Normalized(norm, text, tuple(starts), tuple(ends))


def normalize_term(term: str, *, arabic: bool = True, fold_case: bool = False) -> str:
    """The normalised form of a glossary term (stripped of surrounding whitespace)."""
    return normalize(term.strip(), arabic=arabic, fold_case=fold_case).text


def _nfc_chunks(text: str) -> list[tuple[int, int, str]]:
    """Split ``text`` into (start, end, NFC text) chunks: one per character, or per character
    plus its combining marks where NFC would recompose them."""
    if unicodedata.is_normalized("NFC", text):
        return [(i, i + 1, c) for i, c in enumerate(text)]
    chunks: list[tuple[int, int, str]] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        chunks.append((i, j, unicodedata.normalize("NFC", text[i:j])))
        i = j
    return chunks


def term_key(term: str) -> str:
    """A term as lint and editing compare terms: normalised and case-folded."""
    return fold(normalize_term(term))


#: The Arabic proclitics a word may carry: the conjunctions and prepositions و ف ب ل ك, the
#: article ال, and their combinations, as normalisation writes them (لل is ل + ال).
PROCLITICS = frozenset(
    [
        "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل",
        "وب", "فب", "ول", "فل", "وك", "فك", "وبال", "فبال", "وكال", "فكال",
    ]
)  # fmt: skip
# The proclitics that hold the article, longest first.
_ARTICLE_FORMS = tuple(
    sorted((p for p in PROCLITICS if p.endswith(("ال", "لل"))), key=len, reverse=True)
)
_CLITICS = frozenset(p for p in PROCLITICS if len(p) == 1)
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff]+")


def arabic_words(text: str) -> list[tuple[int, int, str]]:
    """The Arabic words of ``text`` as (start, end, normalised word), offsets into ``text``."""
    norm = normalize(text)
    return [(*norm.span(m.start(), m.end()), m.group()) for m in _ARABIC_WORD.finditer(norm.text)]


def strip_clitics(word: str, known: Container[str] = ()) -> str:
    """A normalised Arabic ``word`` without its leading article ال and the clitics و ب ل ف ك
    (``وبالقاعده`` → ``قاعده``). The article forms go wherever three letters or more remain (but
    ``الله`` stays); a lone clitic goes only where what remains is in ``known`` (words seen
    standing alone), since many names begin with those letters (``بنجشير``, ``كابل``)."""
    if word == "الله":
        return word
    for form in _ARTICLE_FORMS:
        if word.startswith(form) and len(word) - len(form) >= 3:
            return word[len(form) :]
    rest = word
    for _ in range(2):
        if len(rest) > 3 and rest[0] in _CLITICS and rest[1:] in known:
            rest = rest[1:]
    return rest
