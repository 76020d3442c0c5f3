"""Finding glossary terms in text with one Aho-Corasick automaton per glossary side.

The automaton holds every form of one side, normalised (:mod:`mt.glossary.normalize`) and
lower-cased; case-sensitive entries are checked against the unfolded text afterwards. A
case-sensitive form that has a capital letter also matches its ALL-CAPS spelling (``BANSHIR``
in a headline is ``Banshir``); an all-lower-case one (``wali``) matches only as written.

A hit must respect word boundaries in any script (the characters before and after it must not
be letters or digits where the term itself starts/ends with one), and among competing hits the
leftmost, then the longest wins: "Panjshir Valley" beats "Panjshir", and "Ahmad Shah Massoud"
is no hit of "Ahmad Massoud". Where two entries share a form on one span, a preferred or source
form beats a forbidden variant, then glossary order decides (``overlapping=True`` returns all).

Arabic clitics: a term also matches after the attached conjunctions, prepositions and article
``و ف ب ل ك ال`` and their combinations (``وبنجشير``, ``البنجشير``, ``وبالبنجشير``), and a term
that starts with the article matches after ``ل`` where the article's alef drops (``للطاجيك`` is
``ل`` + ``الطاجيك``); the hit covers the term, not the clitic. Pass ``proclitics=False`` for
strict word boundaries. Suffixes (enclitic pronouns, plurals, nisba adjectives) are never
matched: ``بنجشيري`` is not ``بنجشير``. The clitic rule only looks at Arabic letters, so it
changes nothing for Latin-script text.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from enum import StrEnum
from itertools import accumulate
from typing import Any, NamedTuple

import ahocorasick

from mt.glossary.entry import Glossary, GlossaryEntry, register_matcher_builder
from mt.glossary.normalize import PROCLITICS, Normalized, fold, normalize, normalize_term


class FormKind(StrEnum):
    """Which form of an entry a hit matched."""

    SOURCE = "source"
    TARGET = "target"
    VARIANT = "variant"


class Hit(NamedTuple):
    """A glossary term found in a text: the entry, which of its forms matched (as the glossary
    writes it), and ``text[start:end]``, the span in the original text."""

    entry_id: str
    kind: FormKind
    form: str
    start: int
    end: int
    text: str
    entry: GlossaryEntry


class _Form(NamedTuple):
    entry_index: int  # the entry's index in the matcher's entries
    kind: FormKind
    form: str  # as written in the glossary
    norm: str  # normalised, not case-folded
    case_sensitive: bool
    caps_ok: bool  # a case-sensitive form that may also match in ALL CAPS
    whole_word: bool
    priority: int
    lam: bool  # the article's alef dropped after the preposition ل (للطاجيك)


#: What stands before an article-initial term whose alef dropped (ل + لطاجيك = للطاجيك).
_LAM_PREFIXES = frozenset(["ل", "ول", "فل"])
_ARTICLE = "\u0627\u0644"  # ال
_MAX_PREFIX = max(map(len, PROCLITICS))
#: Printable ASCII and the line break: text made only of these needs no normalising.
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\n"
_PLUS_ONE = (1).__add__


def is_word_char(ch: str) -> bool:
    """Whether ``ch`` belongs to a word: a letter, digit, underscore or combining mark, in any
    script (a mark left after NFC, as in ``n̈``, is part of the letter before it)."""
    return ch.isalnum() or ch == "_" or (ch >= "\u0300" and _mark(ch))


def _mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "M"


class Matcher:
    """Find the terms of one glossary side (``"target"``: preferred and variant forms;
    ``"source"``: source terms) in texts. Build once, call :meth:`find` or :meth:`find_many`
    many times.

    ``proclitics``: whether Arabic clitics may stand before a term (default yes, see the module
    docstring); ``variants``: whether the target side includes forbidden variants."""

    def __init__(
        self,
        entries: Iterable[GlossaryEntry],
        *,
        side: str = "target",
        proclitics: bool | None = None,
        variants: bool = True,
    ) -> None:
        if side not in ("target", "source"):
            raise ValueError(f"side must be 'target' or 'source', not {side!r}")
        self.side = side
        self.entries = list(entries)
        self.proclitics = True if proclitics is None else proclitics
        table: dict[str, list[_Form]] = {}
        for index, entry in enumerate(self.entries):
            for kind, form in _forms(entry, side, variants):
                norm = normalize_term(form)
                if not norm:
                    continue
                priority = 1 if kind is FormKind.VARIANT else 0
                caps_ok = entry.case_sensitive and any(c.isupper() for c in norm)
                item = _Form(
                    index, kind, form, norm, entry.case_sensitive, caps_ok, entry.whole_word,
                    priority, False,
                )  # fmt: skip
                table.setdefault(fold(norm), []).append(item)
                if (
                    self.proclitics
                    and entry.whole_word
                    and norm.startswith(_ARTICLE)
                    and len(norm) > 3
                ):
                    lam = item._replace(norm=norm[1:], lam=True, priority=priority + 2)
                    table.setdefault(fold(norm[1:]), []).append(lam)
        #: What the automaton looks for: a text holds a hit only where one of these occurs
        #: in :func:`searchable` of it.
        self.keys = frozenset(table)
        self._automaton: ahocorasick.Automaton | None = None
        if table:
            automaton = ahocorasick.Automaton()
            for key, forms in table.items():
                forms.sort(key=lambda f: (f.priority, f.entry_index))
                edges = (is_word_char(key[0]), is_word_char(key[-1]))
                # The hit tuple of a form needs only the entry; precompute what find copies.
                hits = tuple(
                    (
                        f,
                        (self.entries[f.entry_index].id, f.kind, f.form),
                        self.entries[f.entry_index],
                    )
                    for f in forms
                )
                simple = len(forms) == 1 and not forms[0].case_sensitive and not forms[0].lam
                automaton.add_word(key, (len(key), *edges, hits, simple))
            automaton.make_automaton()
            self._automaton = automaton
        self.size = len(table)

    def find(self, text: str, *, overlapping: bool = False) -> list[Hit]:
        """The hits in ``text``, in text order: non-overlapping leftmost-longest ones, or every
        valid hit (boundaries and case respected) with ``overlapping=True``."""
        if self._automaton is None or not text:
            return []
        norm: Normalized | None = None
        ntext = text
        if not (
            text.isascii()
            and text.isprintable()  # no line breaks, tabs or other controls
            and "  " not in text
        ):
            norm = normalize(text)
            ntext = norm.text
        new = tuple.__new__
        hits = []
        for start, stop, (_form, head, entry) in self._scan(ntext, overlapping):
            if norm is not None:
                start, stop = norm.span(start, stop)
            hits.append(new(Hit, (*head, start, stop, text[start:stop], entry)))
        if overlapping:
            hits.sort(key=_hit_order)
        return hits

    def find_many(self, texts: Iterable[str], *, overlapping: bool = False) -> list[list[Hit]]:
        """:meth:`find` for many texts at once (one list of hits per text); much faster for
        many short texts, as the automaton scans them in one pass."""
        if not isinstance(texts, Sequence):
            texts = list(texts)
        results: list[list[Hit]] = [[] for _ in texts]
        if self._automaton is None or not texts:
            return results
        # Texts are joined with line breaks: no key holds one, so no hit crosses two texts.
        joined = "\n".join(texts)
        norms: list[Normalized] | None = None
        if not (
            joined.isascii()
            and not joined.encode("ascii").translate(None, _PLAIN_ASCII)
            and joined.count("\n") == len(texts) - 1
            and "  " not in joined
        ):  # else the fast path: normalising would change nothing
            norms = [normalize(text) for text in texts]
            joined = "\n".join([n.text for n in norms])
        chosen = self._scan(joined, overlapping)
        if not chosen:
            return results
        # bases[i]: where text i starts in the joined text; bases[-1] lies past the end.
        lengths = map(len, texts) if norms is None else (len(n.text) for n in norms)
        bases = list(accumulate(map(_PLUS_ONE, lengths), initial=0))
        index, base, limit = 0, 0, bases[1]
        new = tuple.__new__
        for start, stop, (_form, head, entry) in chosen:
            if not base <= start < limit:
                index = bisect_right(bases, start) - 1
                base, limit = bases[index], bases[index + 1]
            if norms is None:
                start -= base
                stop -= base
            else:
                start, stop = norms[index].span(start - base, stop - base)
            text = texts[index]
            results[index].append(new(Hit, (*head, start, stop, text[start:stop], entry)))
        if overlapping:
            for hits in results:
                hits.sort(key=_hit_order)
        return results

    def _scan(self, ntext: str, overlapping: bool) -> list[tuple[int, int, tuple]]:
        """Valid hits in normalised ``ntext`` as ``(start, stop, (form, head, entry))``: all of
        them, or the leftmost-longest ones."""
        assert self._automaton is not None  # the callers return early without one
        folded = ntext.lower() if ntext.isascii() else fold(ntext)
        n = len(folded)
        found: list[tuple[int, int, tuple]] = []
        append = found.append
        for last, (length, word_start, word_end, hits, simple) in self._automaton.iter(folded):
            stop = last + 1
            start = stop - length
            starts_ok = (
                not word_start
                or start == 0
                or not (
                    (c := folded[start - 1]).isalnum() or c == "_" or (c >= "\u0300" and _mark(c))
                )
                or (self.proclitics and _prefix_before(folded, start) in PROCLITICS)
            )
            ends_ok = (
                not word_end
                or stop == n
                or not ((c := folded[stop]).isalnum() or c == "_" or (c >= "\u0300" and _mark(c)))
            )
            if simple:
                if (starts_ok and ends_ok) or not hits[0][0].whole_word:
                    append((start, stop, hits[0]))
                continue
            for hit in hits:
                form = hit[0]
                if form.whole_word:
                    if not ends_ok:
                        continue
                    if form.lam:
                        if _prefix_before(folded, start) not in _LAM_PREFIXES:
                            continue
                    elif not starts_ok:
                        continue
                if form.case_sensitive:
                    span = ntext[start:stop]
                    if span != form.norm and not (form.caps_ok and span.isupper()):
                        continue
                append((start, stop, hit))
                if not overlapping:
                    break  # the best form for this span; the others lose to it
        if overlapping or len(found) < 2:
            return found
        found.sort(key=lambda h: (h[0], h[0] - h[1]))
        chosen = []
        reach = 0
        for hit in found:
            if hit[0] >= reach:
                chosen.append(hit)
                reach = hit[1]
        return chosen


def searchable(text: str) -> str:
    """``text`` as a matcher scans it, normalised and case-folded (see :attr:`Matcher.keys`)."""
    return fold(normalize(text).text)


def _hit_order(hit: Hit) -> tuple[int, int]:
    return (hit.start, -hit.end)


def _prefix_before(folded: str, start: int) -> str:
    """The word characters (at most a clitic's length) between the previous word boundary and
    ``start``; ``""`` where more than that stands before it in the same word."""
    word_start = start
    while (
        word_start > 0
        and start - word_start <= _MAX_PREFIX
        and is_word_char(folded[word_start - 1])
    ):
        word_start -= 1
    if start - word_start > _MAX_PREFIX:
        return ""
    return folded[word_start:start]


def _forms(entry: GlossaryEntry, side: str, variants: bool) -> list[tuple[FormKind, str]]:
    if side == "source":
        return [(FormKind.SOURCE, s) for s in entry.sources]
    forms = [(FormKind.TARGET, entry.preferred)] if entry.preferred else []
    if variants:
        forms.extend((FormKind.VARIANT, v) for v in entry.variants)
    return forms


def matcher_for(glossary: Glossary, side: str = "target", **options: Any) -> Matcher:
    """The matcher over ``glossary``'s ``side``, cached on the glossary until it changes
    (:meth:`Glossary.invalidate`)."""
    key = (side, tuple(sorted(options.items())))
    found: Matcher | None = glossary.matcher_cache.get(key)
    if found is None:
        found = glossary.matcher_cache[key] = Matcher(glossary.entries, side=side, **options)
    return found


register_matcher_builder(matcher_for)
