"""Mining glossary candidates: names spelled inconsistently within or across documents.

Candidates are capitalised words that look like names (capitalised somewhere other than at the
start of a sentence, never written in lower case) and runs of such words. Two forms are grouped
when their transliteration keys are equal or nearly so (rapidfuzz ratio ≥ ``min_similarity``).
The key undoes the usual spelling freedom of names transliterated from Arabic: e/a, o/u, ou/oo/u,
ee/i, y/i, ph/f, q/k, p/b (Arabic has no p), v/f, doubled letters. Precision matters more than
recall: both forms need four letters or more; near matches need five, the same first letter and
keys one inserted/dropped letter or one vowel apart (Panjsher/Panjshir, Zabiullah/Zabihullah;
not Austria/Australia, Slovakia/Slovenia); inflections, demonyms and other regular derivations
(Russia/Russian, Kabul/Kabuli, Argentina/Argentine) and pairs of common English words are never
grouped. :mod:`mt.glossary.names_suggest` adds groups anchored on the source and on parallel
outputs.

Also :func:`suggest_from_edits`: names translators replaced with another spelling in accepted
edits.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from rapidfuzz import fuzz
from rapidfuzz.distance import Editop, Levenshtein

from mt.document import Document, EditStatus
from mt.glossary.entry import Glossary, GlossaryEntry, assign_ids
from mt.glossary.names_similarity import ordinary_pair
from mt.glossary.normalize import term_key
from mt.glossary.tsv_write import render_table

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_KEY_RULES = (
    ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ph", "f"), ("e", "a"), ("o", "u"), ("y", "i"),
    ("p", "b"), ("v", "f"), ("q", "k"),
)  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = frozenset("aeiou")


@dataclass
class Suggestion:
    """A proposed entry: the most frequent spelling and the others as variants."""

    preferred: str
    variants: tuple[str, ...]
    counts: dict[str, int]
    contexts: dict[str, list[str]] = field(default_factory=dict)
    similarity: float = 100.0
    source: str = ""  #: the source term the spellings render, where known
    anchored: bool = False  #: grouped on the source or on parallel outputs, not by looks alone

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def to_entry(self) -> GlossaryEntry:
        """The suggestion as a glossary entry (with its source term where known; id to be
        assigned)."""
        seen = ", ".join(f"{form}×{n}" for form, n in self.counts.items())
        return GlossaryEntry(
            id="",
            target=self.preferred,
            sources=(self.source,) if self.source else (),
            variants=self.variants,
            note=f"suggested: {seen}",
        )


def transliteration_key(word: str) -> str:
    """A spelling-insensitive key of a transliterated name (``Massoud``, ``Masoud`` → ``masud``)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    key = "".join(c for c in decomposed if c.isalpha() or c == " ")
    for old, new in _KEY_RULES:
        key = key.replace(old, new)
    return _DOUBLE.sub(r"\1", key)


def _inflection(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) and len(long_) - len(short) <= 3


def _one_soft_edit(a: str, b: str) -> bool:
    """Whether keys ``a`` and ``b`` differ by one inserted or dropped letter, or one vowel for
    another: what is left of a transliteration difference once the key has undone the usual
    ones. Another consonant makes another word (Slovakia/Slovenia)."""
    ops = Levenshtein.editops(a, b)
    if len(ops) != 1:
        return False
    op = cast(Editop, ops[0])  # one index of Editops is one Editop
    if op.tag != "replace":
        return True
    return a[op.src_pos] in _VOWELS and b[op.dest_pos] in _VOWELS


def similar_words(a: str, b: str, min_similarity: float = 85.0) -> float:
    """The similarity (0-100) of two single-word names, or 0 if they should not be grouped."""
    if a == b:
        return 100.0
    if len(a) < 4 or len(b) < 4 or _inflection(a, b) or ordinary_pair(a, b):
        return 0.0
    ka, kb = transliteration_key(a), transliteration_key(b)
    if ka == kb:
        return 100.0
    if len(ka) < 5 or len(kb) < 5 or ka[0] != kb[0] or not _one_soft_edit(ka, kb):
        return 0.0
    score = fuzz.ratio(ka, kb)
    return score if score >= min_similarity else 0.0


def _similar(a: str, b: str, min_similarity: float) -> float:
    wa, wb = a.split(" "), b.split(" ")
    if len(wa) != len(wb) or a == b:
        return 0.0
    scores = [similar_words(x, y, min_similarity) for x, y in zip(wa, wb, strict=True)]
    return min(scores) if all(scores) else 0.0


def _texts(sources: Iterable[str | Document]) -> list[str]:
    texts: list[str] = []
    for item in sources:
        if isinstance(item, Document):
            texts.extend(s.mt for s in item)
        else:
            texts.append(item)
    return texts


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“‘«(")
    return not before or before[-1] in ".!?:\n"


def snippet(text: str, start: int, end: int, width: int = 40) -> str:
    """``text[start:end]`` in brackets with up to ``width`` characters either side."""
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return " ".join(f"…{left}[{text[start:end]}]{right}…".split())


def suggest(
    sources: Iterable[str | Document], *, min_similarity: float = 85.0, max_contexts: int = 3
) -> list[Suggestion]:
    """Groups of inconsistently spelled names in ``sources`` (texts or documents' MT), ranked by
    how often they occur."""
    texts = _texts(sources)
    tokens: list[list[tuple[int, int, str, bool]]] = []
    lower_seen: set[str] = set()
    mid_caps: set[str] = set()
    for text in texts:
        found = []
        for match in _WORD.finditer(text):
            word = _POSSESSIVE.sub("", match.group())
            end = match.start() + len(word)
            if not word[0].isupper():
                lower_seen.add(word.lower())
                found.append((match.start(), end, word, False))
                continue
            initial = _sentence_initial(text, match.start())
            if not initial:
                mid_caps.add(word)
            found.append((match.start(), end, word, True))
        tokens.append(found)

    def is_name(word: str) -> bool:
        return word in mid_caps and word.lower() not in lower_seen

    counts: Counter[str] = Counter()
    where: dict[str, list[str]] = {}
    for text, found in zip(texts, tokens, strict=True):
        run: list[tuple[int, int, str, bool]] = []
        for tok in [*found, (-1, -1, "", False)]:
            adjacent = run and text[run[-1][1] : tok[0]] == " "
            if tok[3] and is_name(tok[2]) and (not run or adjacent):
                run.append(tok)
                continue
            if tok[3] and is_name(tok[2]):
                _record_run(text, run, counts, where, max_contexts)
                run = [tok]
                continue
            _record_run(text, run, counts, where, max_contexts)
            run = []
    return _group(counts, where, min_similarity)


_Token = tuple[int, int, str, bool]  # start, end, word, capitalised


def _record_run(
    text: str,
    run: list[_Token],
    counts: Counter[str],
    where: dict[str, list[str]],
    max_contexts: int,
) -> None:
    if not run:
        return
    forms = [(s, e, w) for s, e, w, _ in run]
    if len(forms) > 1:
        forms.append((run[0][0], run[-1][1], " ".join(t[2] for t in run)))
    for start, end, form in forms:
        counts[form] += 1
        contexts = where.setdefault(form, [])
        if len(contexts) < max_contexts:
            contexts.append(snippet(text, start, end))


def preference(form: str, counts: Counter[str]) -> tuple[int, int, str]:
    """The sort key of a group's spellings: the most frequent first, then the one whose
    words are the most frequent."""
    return (-counts[form], -sum(counts.get(w, 0) for w in form.split()), form)


def _group(
    counts: Counter[str], where: dict[str, list[str]], min_similarity: float
) -> list[Suggestion]:
    forms = sorted(counts)
    parent = {f: f for f in forms}
    best: dict[str, float] = {}

    def root(f: str) -> str:
        while parent[f] != f:
            parent[f] = parent[parent[f]]
            f = parent[f]
        return f

    by_words: dict[int, list[str]] = {}
    for form in forms:
        by_words.setdefault(form.count(" "), []).append(form)
    for group in by_words.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                score = _similar(a, b, min_similarity)
                if score:
                    ra, rb = root(a), root(b)
                    parent[rb] = ra
                    best[ra] = min(best.get(ra, 100.0), best.get(rb, 100.0), score)
    groups: dict[str, list[str]] = {}
    for form in forms:
        groups.setdefault(root(form), []).append(form)
    result = []
    for key, members in groups.items():
        if len(members) < 2:
            continue
        members.sort(key=lambda f: preference(f, counts))
        result.append(
            Suggestion(
                preferred=members[0],
                variants=tuple(members[1:]),
                counts={f: counts[f] for f in members},
                contexts={f: where.get(f, []) for f in members},
                similarity=best.get(key, 100.0),
            )
        )
    result.sort(key=lambda s: (-s.total, s.preferred))
    return result


def suggest_from_edits(documents: Iterable[Document]) -> list[Suggestion]:
    """Names that translators replaced by another spelling in accepted edits."""
    counts: Counter[tuple[str, str]] = Counter()
    contexts: dict[tuple[str, str], list[str]] = {}
    for doc in documents:
        for segment in doc:
            for edit in segment.edits:
                if edit.status is not EditStatus.ACCEPTED:
                    continue
                old = segment.mt[edit.start : edit.end].strip()
                new = edit.replacement.strip()
                if not old or not new or old == new or not (old[0].isupper() and new[0].isupper()):
                    continue
                if not _similar(old, new, 75.0):
                    continue
                counts[(new, old)] += 1
                contexts.setdefault((new, old), []).append(
                    snippet(segment.mt, edit.start, edit.end)
                )
    merged: dict[str, Suggestion] = {}
    for (new, old), n in counts.most_common():
        found = merged.setdefault(new, Suggestion(new, (), {}, {}))
        found.variants += (old,)
        found.counts[old] = n
        found.contexts[old] = contexts[(new, old)][:3]
    return sorted(merged.values(), key=lambda s: -s.total)


def suggestions_glossary(suggestions: Iterable[Suggestion]) -> Glossary:
    """The suggestions as a glossary (target-side entries)."""
    entries = [s.to_entry() for s in suggestions]
    assign_ids(entries)
    return Glossary(entries=entries)


def suggestions_tsv(suggestions: Iterable[Suggestion]) -> str:
    """The suggestions as a full-form TSV glossary, ready for ``mt glossary import``."""
    return render_table(suggestions_glossary(suggestions), "tsv").decode("utf-8")


def coverage(glossary: Glossary | None, suggestions: list[Suggestion]) -> list[str | None]:
    """For each suggestion, the entries that already unify its spellings (each spelling, with
    the glossary's variants replaced by their targets, reads the same), ``"partly: ..."`` where
    entries know some spellings only, ``None`` where the glossary knows none."""
    if glossary is None:
        return [None] * len(suggestions)
    matcher = glossary.matcher("target")
    found: list[str | None] = []
    for suggestion in suggestions:
        forms = list(suggestion.counts)
        fixed, ids = [], set()
        for form, hits in zip(forms, matcher.find_many(forms), strict=True):
            text, last = [], 0
            for hit in hits:
                ids.add(hit.entry_id)
                text += [
                    form[last : hit.start],
                    hit.entry.preferred if hit.kind == "variant" else hit.text,
                ]
                last = hit.end
            fixed.append(term_key("".join([*text, form[last:]])))
        if not ids:
            found.append(None)
        elif len(set(fixed)) == 1:
            found.append(", ".join(sorted(ids)))
        else:
            found.append("partly: " + ", ".join(sorted(ids)))
    return found
