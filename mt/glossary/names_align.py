"""Aligning source names with the target words that render them, segment by segment.

A target name (a capitalised word of the MT, or two side by side) is linked to the source term
(an Arabic word or a run of up to three, normalised, article and clitics stripped: the key) of
the same segment whose consonant skeleton it matches best
(:func:`mt.glossary.names_similarity.source_similarity`); across a corpus, ties go to the term
that co-occurs with the name most consistently (Dice over segments).
A term is given as the glossary's source column writes it (its surface): as in the source, the
one-letter clitics و ب ل ف ك off and the article ال kept (``وبالدوحة`` → ``الدوحة``).
With a translation model's word attention (:mod:`mt.engines.attention`, given by the caller
as :class:`~mt.engines.attention.WordAttention` per pair), the model's cross-attention picks
the term where spelling is not decisive (see :func:`_best`). Nothing comes from the network.

API: :func:`align_names` over (source, target) segment pairs gives a :class:`NameAlignment`:
``links`` per segment, ``renderings`` (source term → target spellings seen),
``source_of(target)``; :func:`source_term` aligns one phrase within one segment pair.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mt.glossary.names_similarity import source_similarity
from mt.glossary.names_words import COMMON_WORDS
from mt.glossary.normalize import arabic_words, strip_clitics

if TYPE_CHECKING:
    from mt.engines.attention import WordAttention

_NAME = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_ARTICLE = re.compile(r"^(?:al|el)-")
# The one-letter clitics and the Latin letters that may begin a name starting with the letter.
_CLITIC_LETTERS = {"و": "wuo", "ب": "bp", "ل": "l", "ف": "fv", "ك": "kcq"}
_ARTICLE_ENDS = ("ال", "لل")  # how the clitics that hold the article end (لل: ل + ال)
#: Below this source similarity a target word is not linked to anything (without attention).
MIN_SCORE = 0.7
#: A candidate whose similarity beats every other by this much wins whatever the attention.
CLEAR_MARGIN = 0.15
#: With attention, a term the name attends to this much (share of its attention, on the
#: term's least attended word) is linked down to :data:`ATTENTION_MIN_SCORE` similarity.
ATTENTION_MIN_SHARE = 0.3
ATTENTION_MIN_SCORE = 0.4
_Term = tuple[str, str, str, tuple[int, int]]  # key, surface, clitic taken off, char span
#: Attention of a target name on a source span, 0-1 (``None``: no model).
Attend = Callable[[str, tuple[int, int]], float]
#: The model's word attention of (source, target) pairs, in order.
Aligner = Callable[[list[tuple[str, str]]], "Sequence[WordAttention]"]


@dataclass(frozen=True)
class NameLink:
    """A target name and the source term it renders in one segment."""

    target: str  #: the name as the MT writes it (one word)
    source: str  #: the source term normalised, article and clitics stripped (the key)
    surface: str  #: the source term as written, one-letter clitics off, article kept
    score: float  #: how well the target renders the source, 0-1


def target_names(text: str, runs: bool = False) -> list[str]:
    """The capitalised words of a target text that may be names (not common English words);
    with ``runs``, pairs of such words side by side too (``Mazar Sharif``)."""
    found: list[str] = []
    last_end = -1
    for match in _NAME.finditer(text):
        word = _POSSESSIVE.sub("", match.group())
        bare = _ARTICLE.sub("", word)  # al-Qaeda is a name
        if not (bare[:1].isupper() and len(bare) >= 3 and bare.lower() not in COMMON_WORDS):
            continue
        if runs and found and text[last_end : match.start()] == " " and " " not in found[-1]:
            found.append(f"{found[-1]} {word}")
        found.append(word)
        last_end = match.start() + len(word)
    return found


def _plain(word: str) -> str:
    return "".join(c for c in word if not unicodedata.combining(c) and c != "\u0640")


def _written(plain: str, cut: int, word: str) -> str:
    """A source word as the glossary writes it: the one-letter clitics (the first ``cut``
    letters of normalised ``word``) off, the article kept (``وبالدوحة`` → ``الدوحة``, and
    ``للطاجيك``, ل + ال, → ``الطاجيك``)."""
    if word[:cut].endswith("ال"):
        return plain[cut - 2 :]
    if word[:cut].endswith("لل"):
        return "ال" + plain[cut:]
    return plain[cut:]


def source_terms(text: str, known: Container[str] = ()) -> list[tuple[str, str]]:
    """The source terms of a segment as (key, surface): its words and runs of 2-3 words
    (never across punctuation), normalised, article and clitics stripped (see
    :func:`strip_clitics`); a word that may carry a one-letter clitic comes both with and
    without it."""
    return [(key, surface) for key, surface, _, _ in _terms(text, known)]


def _terms(
    text: str, known: Container[str], found: list[tuple[int, int, str]] | None = None
) -> list[_Term]:
    """:func:`source_terms` with the clitic letter taken off each term ("" for none) and
    the term's span in ``text``; ``found``: the :func:`arabic_words` of ``text`` where they
    are at hand."""
    words = []
    spans = []
    bare = []  # the words that had no article: only those may hide a clitic
    apart = set()  # i: words i and i + 1 have more than space between them (a comma)
    last = None
    for start, end, word in arabic_words(text) if found is None else found:
        key = strip_clitics(word, known)
        words.append((key, _written(_plain(text[start:end]), len(word) - len(key), word)))
        spans.append((start, end))
        bare.append(not word[: len(word) - len(key)].endswith(_ARTICLE_ENDS))
        if last is not None and text[last:start].strip():
            apart.add(len(words) - 2)
        last = end
    terms = [(key, surface, "", span) for (key, surface), span in zip(words, spans, strict=True)]
    for (key, surface), no_article, span in zip(words, bare, spans, strict=True):
        if no_article and len(key) > 3 and key[0] in _CLITIC_LETTERS:  # both readings compete
            terms.append((key[1:], surface[1:], key[0], span))
    for n in (2, 3):
        for i in range(len(words) - n + 1):
            if apart.isdisjoint(range(i, i + n - 1)):
                run = words[i : i + n]
                terms.append((" ".join(k for k, _ in run), " ".join(s for _, s in run), "",
                              (spans[i][0], spans[i + n - 1][1])))
    return terms


def known_words(sources: Iterable[str]) -> set[str]:
    """Normalised source words seen standing alone (no article): what a clitic may be taken
    off to leave."""
    return {w for text in sources for _, _, w in arabic_words(text) if not w.startswith("ال")}


def _reads_right(name: str, key: str, stripped: str) -> bool:
    """Whether a name beginning with the letter it does fits a clitic taken off (or kept)."""
    first = name[:1].lower()
    if stripped:
        return first not in _CLITIC_LETTERS[stripped]
    return first in _CLITIC_LETTERS.get(key[:1], first)


def _no_dice(term: str, name: str) -> float:
    return 0.0


def _best(
    name: str,
    terms: list[_Term],
    dice: Callable[[str, str], float] = _no_dice,
    attend: Attend | None = None,
) -> NameLink | None:
    """The term ``name`` renders. Without a model: the most similar spelling, then the
    fewest words, then co-occurrence (Dice), then whether a clitic reading fits the name.

    With a model (``attend``), spelling still wins where it is clear (a candidate
    :data:`CLEAR_MARGIN` above every other): a transliteration that matches is the surest
    evidence, and a small or unsure model must not overrule it. Among close candidates the
    attention wins over co-occurrence: Dice counts segments, so a name seen once co-occurs
    perfectly with every rare term of its segment, while attention looks at this occurrence.
    Where no spelling reaches :data:`MIN_SCORE`, the term the name attends to most is linked
    if it holds :data:`ATTENTION_MIN_SHARE` of the attention and reaches
    :data:`ATTENTION_MIN_SCORE` (a rendering too far from the source for spelling alone)."""
    floor = MIN_SCORE if attend is None else ATTENTION_MIN_SCORE
    scored = [(source_similarity(t[0], name), t) for t in terms]
    scored = [(score, t) for score, t in scored if score >= floor]
    if not scored:
        return None
    top = max(score for score, _ in scored)
    shares: dict[tuple[int, int], float] = {}
    if attend is not None:
        shares = {t[3]: attend(name, t[3]) for _, t in scored}
        scored = [
            (score, t) for score, t in scored
            if (top >= MIN_SCORE and score >= top - CLEAR_MARGIN)
            or (top < MIN_SCORE and shares[t[3]] >= ATTENTION_MIN_SHARE)
        ]  # fmt: skip
    best: tuple[float, ...] | None = None
    link = None
    for score, (key, surface, stripped, span) in scored:
        right = _reads_right(name, key, stripped)
        rank = (shares.get(span, 0.0), score, -key.count(" "), dice(key, name), right, -len(key))
        if best is None or rank > best:
            best, link = rank, NameLink(name, key, surface, score)
    return link


def align_segment(source: str, target: str, known: Container[str] = ()) -> list[NameLink]:
    """The links of one segment pair: each target name with its best source term, if any."""
    return _links(target_names(target, runs=True), _terms(source, known))


def attention_of(
    target: str, words: WordAttention, at: tuple[int, int] | None = None
) -> Attend:
    """How much a name of ``target`` attends to a source span, from the model's word
    attention: averaged over the name's occurrences in ``target`` (or read at the span ``at``
    of ``target`` whatever the name), the share of the span's least attended source word (so
    that a run of words is not favoured for its length)."""

    def attend(name: str, span: tuple[int, int]) -> float:
        found = (
            [at] if at is not None
            else [m.span() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", target)]
        )  # fmt: skip
        inside = [i for i, (s, e) in enumerate(words.source_words) if s < span[1] and span[0] < e]
        if not found or not inside:
            return 0.0
        rows = [words.attention(s, e) for s, e in found]
        return sum(min(row[i] for i in inside) for row in rows) / len(rows)

    return attend


def _links(
    names: list[str],
    terms: list[_Term],
    dice: Callable[[str, str], float] = _no_dice,
    attend: Attend | None = None,
) -> list[NameLink]:
    links = [_best(name, terms, dice, attend) for name in names]
    return [
        link
        for link in links
        if link is not None and link.target.count(" ") <= link.source.count(" ")
    ]


def source_term(
    source: str, target_phrase: str, known: Container[str] = (), attend: Attend | None = None
) -> str | None:
    """The source term (as written) that ``target_phrase`` renders in this segment pair, one
    word per target name word joined in order; ``None`` where a word has no link. ``attend``:
    the model's attention in this pair (:func:`attention_of`), if any."""
    names = target_names(target_phrase)
    if not names:
        return None
    terms = _terms(source, known)
    surfaces: list[str] = []
    for name in names:
        link = _best(name, terms, attend=attend)
        if link is None:
            return None
        if link.surface not in surfaces:
            surfaces.append(link.surface)
    return " ".join(surfaces)


@dataclass
class NameAlignment:
    """Name links over a corpus of segment pairs."""

    links: list[list[NameLink]]  #: per segment pair, in order
    renderings: dict[str, Counter[str]] = field(default_factory=dict)  #: key → target forms
    surfaces: dict[str, Counter[str]] = field(default_factory=dict)  #: key → source spellings

    def __post_init__(self) -> None:
        for segment in self.links:
            for link in segment:
                self.renderings.setdefault(link.source, Counter())[link.target] += 1
                self.surfaces.setdefault(link.source, Counter())[link.surface] += 1

    def surface(self, key: str) -> str:
        """The most frequent spelling of a source term in the source."""
        return self.surfaces[key].most_common(1)[0][0]

    def source_of(self, target: str) -> str | None:
        """The source term (as written) most often linked to a target name, word by word for
        a phrase; ``None`` where a word was never linked."""
        words = target.split()
        found: list[str] = []
        for word in words:
            keys = Counter({k: forms[word] for k, forms in self.renderings.items() if forms[word]})
            if not keys:
                return None
            surface = self.surface(keys.most_common(1)[0][0])
            if surface not in found:
                found.append(surface)
        return " ".join(found)


class _Dice:
    """Dice coefficients of source terms and target names over segments, on demand."""

    def __init__(self, terms: list[list[_Term]], names: list[list[str]]) -> None:
        self.terms: dict[str, set[int]] = {}
        self.names: dict[str, set[int]] = {}
        for i, (segment_terms, segment_names) in enumerate(zip(terms, names, strict=True)):
            for key, _, _, _ in segment_terms:
                self.terms.setdefault(key, set()).add(i)
            for name in segment_names:
                self.names.setdefault(name, set()).add(i)

    def __call__(self, term: str, name: str) -> float:
        a, b = self.terms.get(term, set()), self.names.get(name, set())
        return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def align_names(
    pairs: Iterable[tuple[str, str]], attention: Sequence[WordAttention] | None = None
) -> NameAlignment:
    """Align the names of (source, target) segment pairs (see the module docstring);
    ``attention``: the model's word attention of each pair, in order, if a model was given."""
    pairs = list(pairs)
    if attention is not None and len(attention) != len(pairs):
        raise ValueError(f"{len(pairs)} pairs but {len(attention)} attention maps")
    words = [arabic_words(source) for source, _ in pairs]
    known = {w for found in words for _, _, w in found if not w.startswith("ال")}
    terms = [_terms(s, known, found) for (s, _), found in zip(pairs, words, strict=True)]
    names = [target_names(target, runs=True) for _, target in pairs]
    dice = _Dice(terms, names)
    attends: list[Attend | None] = (
        [None] * len(pairs) if attention is None
        else [attention_of(t, a) for (_, t), a in zip(pairs, attention, strict=True)]
    )  # fmt: skip
    return NameAlignment(
        [_links(n, t, dice, a) for n, t, a in zip(names, terms, attends, strict=True)]
    )
