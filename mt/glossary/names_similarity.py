"""How alike two renderings of an Arabic name are, and whether they render the same Arabic.

Latin renderings of one Arabic name differ in the ways Arabic → Latin transliteration allows:
b/p, f/v, j/g, k/c/q, s/z, th/dh/z (ذ ث), doubled consonants, vowels dropped, added or changed
(o/u, e/i, a/e), -a/-ah and a changed initial vowel, and Persian ones (ق as gh, چ as ch).
:func:`skeleton` maps a Latin name to its consonant classes with the vowels and doubling gone
(``Panjshir``, ``Banjsheer`` → ``bnjSr``), compared with a Levenshtein distance that swaps the
Persian pairs cheaply;
:func:`arabic_skeleton` maps Arabic letters to the same classes, so a source name can be compared
with its renderings. :func:`name_similarity` weighs the skeletons and the vowels; the guard
:func:`ordinary_pair` refuses pairs that are regular derivations (Argentina/Argentine,
Philippine/Filipino, Russia/Russian, Kabul/Kabuli) or both common English words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from mt.glossary.names_words import COMMON_WORDS

# Latin letters and digraphs → consonant class ("" for vowels and for h after a vowel at the end).
_DIGRAPHS = (("sh", "S"), ("ch", "S"), ("kh", "k"), ("gh", "j"), ("ph", "f"), ("th", "s"),
             ("dh", "s"), ("ck", "k"))  # fmt: skip
_LATIN_CLASS = str.maketrans(
    {"p": "b", "v": "f", "g": "j", "c": "k", "q": "k", "z": "s", "x": "ks", "w": "", "y": ""}
)
_LATIN_VOWELS = frozenset("aeiou")
_ARABIC_CLASS = {
    "ب": "b", "ت": "t", "ث": "s", "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "s", "ر": "r",
    "ز": "s", "س": "s", "ش": "S", "ص": "s", "ض": "d", "ط": "t", "ظ": "s", "غ": "j", "ف": "f",
    "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "پ": "b", "چ": "S", "ژ": "s",
    "گ": "j", "ڤ": "f",
}  # fmt: skip
# Classes one letter may give: ق as q or gh (Persian), چ/ج as ch or j, ث as th or t, ذ as dh
# or d. Swapping them costs less than another consonant.
_NEAR = frozenset(frozenset(p) for p in ("kj", "Sj", "st", "sd"))
_NEAR_COST = 0.4
_DOUBLE = re.compile(r"(.)\1+")
_ARTICLE = re.compile(r"^(?:al|el|ul)[-\s]", re.IGNORECASE)
# Derivational endings: a name and its demonym, plural or inflection differ by these.
_SUFFIXES = frozenset(
    ["", "n", "an", "ian", "ans", "ians", "ese", "i", "is", "s", "es", "ish", "ite", "ites", "ic"]
)
_FINAL_VOWELS = frozenset("aeo")


def _letters(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", _ARTICLE.sub("", word.strip()).lower())
    return "".join(c for c in decomposed if "a" <= c <= "z")


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """The consonant skeleton of a Latin name (``Thabihullah`` and ``Zabiullah`` → ``sbhl``,
    ``sbl``): digraphs and confusable letters to one class, vowels and doubling gone, a final
    -h dropped (-a/-ah), a leading article al-/el- left out."""
    key = _letters(word)
    for old, new in _DIGRAPHS:
        key = key.replace(old, new)
    key = "".join(c for c in key.translate(_LATIN_CLASS) if c not in _LATIN_VOWELS)
    return _final_h(_DOUBLE.sub(r"\1", key))


def _final_h(key: str) -> str:
    """Without a final h: -a/-ah, -eh for ة, ه and ح alike (Saleh, Abdullah, Shah)."""
    return key[:-1] if key.endswith("h") and len(key) > 1 else key


@lru_cache(maxsize=65536)
def arabic_skeleton(term: str) -> str:
    """The consonant skeleton of a normalised Arabic term in the classes of :func:`skeleton`
    (``بنجشير`` → ``bnjSr``, ``ذبيح الله`` → ``sbhl``): long vowels, ع and hamza gone, a final
    ه or ح gone as in :func:`skeleton`."""
    key = "".join(_ARABIC_CLASS.get(c, "") for c in term)
    return _final_h(_DOUBLE.sub(r"\1", key))


def _vowel_key(word: str) -> str:
    key = _letters(word)
    for old, new in (("ou", "u"), ("oo", "u"), ("ee", "i"), ("e", "i"), ("o", "u"), ("y", "i")):
        key = key.replace(old, new)
    return _DOUBLE.sub(r"\1", key)


def _cost(x: str, y: str) -> float:
    if x == y:
        return 0.0
    return _NEAR_COST if frozenset((x, y)) in _NEAR else 1.0


def skeleton_distance(a: str, b: str) -> float:
    """Levenshtein distance of two skeletons, classes that one Arabic or Persian letter may
    give (:data:`_NEAR`) swapped at a lower cost."""
    previous = [float(j) for j in range(len(b) + 1)]
    for i, x in enumerate(a, 1):
        current = [float(i)]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + _cost(x, y)))
        previous = current
    return previous[-1]


def skeleton_similarity(a: str, b: str) -> float:
    """How alike two skeletons are, 0-1 (``1 - distance / longer length``; 0 where either is
    empty)."""
    if not a or not b:
        return 0.0
    plain = Levenshtein.distance(a, b)
    if plain == 0:
        return 1.0
    longer = max(len(a), len(b))
    if not any(frozenset(p) in _NEAR for p in zip(a, b, strict=False)) and plain == abs(
        len(a) - len(b)
    ):
        return 1.0 - plain / longer  # only insertions: nothing to swap cheaply
    return 1.0 - skeleton_distance(a, b) / longer


@lru_cache(maxsize=65536)
def name_similarity(a: str, b: str) -> float:
    """How likely two Latin spellings render the same Arabic name, 0-1: mostly the skeletons
    (consonants), a little the vowels; 0 for an :func:`ordinary_pair`."""
    if a == b:
        return 1.0
    if ordinary_pair(a, b):
        return 0.0
    consonants = skeleton_similarity(skeleton(a), skeleton(b))
    vowels = float(Levenshtein.normalized_similarity(_vowel_key(a), _vowel_key(b)))
    return 0.75 * consonants + 0.25 * vowels


@lru_cache(maxsize=262144)
def source_similarity(arabic: str, latin: str) -> float:
    """How well a Latin name renders a normalised Arabic term, 0-1 (skeletons compared)."""
    return skeleton_similarity(arabic_skeleton(arabic), skeleton(latin))


def derivation(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are one word's regular derivations: a demonym, plural or
    inflection (Russia/Russian, Kabul/Kabuli, Afghan/Afghans) or another final vowel
    (Argentina/Argentine, Philippine/Filipino, Anna/Anne)."""
    la, lb = _letters(a), _letters(b)
    if la == lb:
        return False
    if la[-1:] in _FINAL_VOWELS and lb[-1:] in _FINAL_VOWELS and la[-1] != lb[-1]:
        return True
    for x, y in ((la, lb), (lb, la), (la.rstrip("aeo"), lb), (lb.rstrip("aeo"), la)):
        if len(x) >= 3 and y.startswith(x) and y[len(x) :] in _SUFFIXES:
            return True
    return False


def ordinary_pair(a: str, b: str) -> bool:
    """Whether two spellings are not a variant pair whatever their likeness: regular
    derivations, or both common English words (State/Statue, Front/Font)."""
    if derivation(a, b):
        return True
    return a.lower() in COMMON_WORDS and b.lower() in COMMON_WORDS
