"""Name variants anchored on the source and on parallel outputs, merged with the target-only
groups of :func:`mt.glossary.suggest.suggest`.

- **Source anchoring**: where documents hold their source, each MT name is linked to the Arabic
  term it renders (:mod:`mt.glossary.names_align`); the spellings of one term form a group even
  where each occurs once (Banshir, Panjshir, Banjshir ← بنجشير).
- **Parallel outputs**: documents that translate the same source (segment ``i`` of each renders
  the same source segment): two names of one segment that only one system uses each, and that
  :func:`mt.glossary.names_similarity.name_similarity` finds alike, form a group.

Either way two spellings are grouped only where they look like one name transliterated twice,
never for derivations or common words (:func:`mt.glossary.names_similarity.ordinary_pair`), and
never where the source links them to different terms (Hamad حمد, Hamid حامد).
Anchored groups rank first, then by how often their spellings occur. With a translation
model (``aligner``, e.g. :func:`mt.engines.attention.word_attention` bound to an engine), its
cross-attention is extra evidence for the source anchoring (:func:`mt.glossary.names_align._best`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations

from mt.document import Document
from mt.glossary.names_align import Aligner, NameAlignment, align_names, target_names
from mt.glossary.names_similarity import name_similarity
from mt.glossary.suggest import Suggestion, preference, snippet, suggest

#: Two spellings linked to one source term are grouped at this likeness or above.
ANCHORED_SIMILARITY = 0.6
#: Two spellings of one segment in parallel outputs are grouped at this likeness or above.
PARALLEL_SIMILARITY = 0.7
_LOWER = re.compile(r"\b[a-z][a-z'-]+\b")


class _Groups:
    """Union-find over spellings, remembering which groups have anchored evidence."""

    def __init__(self, alignment: NameAlignment | None) -> None:
        self.parent: dict[str, str] = {}
        self.anchored: set[str] = set()
        self.keys: dict[str, set[str]] = {}  # form → the source terms it was linked to
        for key, forms in (alignment.renderings if alignment else {}).items():
            for form in forms:
                self.keys.setdefault(form, set()).add(key)

    def root(self, form: str) -> str:
        self.parent.setdefault(form, form)
        while self.parent[form] != form:
            self.parent[form] = self.parent[self.parent[form]]
            form = self.parent[form]
        return form

    def join(self, a: str, b: str, anchored: bool) -> None:
        """Group ``a`` with ``b``, unless the source says they render different terms."""
        ka, kb = self.keys.get(a), self.keys.get(b)
        if ka and kb and not ka & kb:
            return
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[rb] = ra
        if anchored or rb in self.anchored:
            self.anchored.add(ra)

    def members(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for form in list(self.parent):
            found.setdefault(self.root(form), []).append(form)
        return found


def _alike(a: str, b: str, threshold: float) -> bool:
    wa, wb = a.split(), b.split()
    if a == b:
        return False
    if len(wa) != len(wb):  # Mazar-i-Sharif / Mazar Sharif
        hyphenated = "-" in a or "-" in b
        return hyphenated and name_similarity(a.replace(" ", "-"), b.replace(" ", "-")) >= threshold
    return all(x == y or name_similarity(x, y) >= threshold for x, y in zip(wa, wb, strict=True))


def _join_alike(groups: _Groups, forms: Iterable[str], threshold: float, ok: set[str]) -> None:
    for a, b in combinations(sorted(set(forms) & ok), 2):
        if _alike(a, b, threshold):
            groups.join(a, b, anchored=True)


def _join_across(groups: _Groups, mine: set[str], theirs: set[str]) -> None:
    """Join each name only one system wrote with the most alike one only the other wrote."""
    for a in sorted(mine):
        scored = [(name_similarity(a, b), b) for b in theirs if _alike(a, b, PARALLEL_SIMILARITY)]
        if scored:
            groups.join(a, max(scored)[1], anchored=True)


def _contexts(texts: list[str], forms: Iterable[str], most: int = 3) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for form in forms:
        pattern = re.compile(rf"(?<!\w){re.escape(form)}(?!\w)")
        hits = found.setdefault(form, [])
        for text in texts:
            for match in pattern.finditer(text):
                if len(hits) < most:
                    hits.append(snippet(text, match.start(), match.end()))
    return found


def suggest_names(
    documents: Sequence[Document] = (),
    parallel: Sequence[Sequence[Document]] = (),
    *,
    min_similarity: float = 85.0,
    aligner: Aligner | None = None,
) -> list[Suggestion]:
    """Groups of name variants in the MT of ``documents`` and of ``parallel``, sets of outputs
    of one source each, aligned segment by segment (see the module docstring). Each suggestion
    carries the source term of its preferred spelling where one is known. ``aligner``: the
    word attention of (source, MT) pairs from a model, if one is given."""
    everything = [*documents, *(d for outputs in parallel for d in outputs)]
    texts = [s.mt for d in everything for s in d]
    counts: Counter[str] = Counter(n for t in texts for n in target_names(t, runs=True))
    lower = {w for t in texts for w in _LOWER.findall(t)}
    ok = {f for f in counts if not any(w.lower() in lower for w in f.split())}
    alignment = _alignment(documents, parallel, aligner)
    groups = _Groups(alignment)
    if alignment is not None:
        for forms in alignment.renderings.values():
            _join_alike(groups, forms, ANCHORED_SIMILARITY, ok)
    for outputs in parallel:
        for segments in zip(*outputs, strict=False):
            names = [set(target_names(s.mt, runs=True)) & ok for s in segments]
            for mine, theirs in combinations(names, 2):
                _join_across(groups, mine - theirs, theirs - mine)
    for found in suggest(everything, min_similarity=min_similarity):
        for form, n in found.counts.items():
            counts[form] = max(counts[form], n)
        for variant in found.variants:
            groups.join(found.preferred, variant, anchored=False)
    result = []
    for root, members in groups.members().items():
        if len(members) < 2:
            continue
        members.sort(key=lambda f: preference(f, counts))
        contexts = _contexts(texts, members)
        preferred = members[0]
        source = alignment.source_of(preferred) if alignment is not None else None
        result.append(
            Suggestion(
                preferred=preferred,
                variants=tuple(members[1:]),
                counts={f: counts[f] for f in members},
                contexts=contexts,
                similarity=100 * min(name_similarity(preferred, f) for f in members[1:]),
                source=source or "",
                anchored=root in groups.anchored,
            )
        )
    result.sort(key=lambda s: (not s.anchored, -s.total, s.preferred))
    return result


def _alignment(
    documents: Sequence[Document],
    parallel: Sequence[Sequence[Document]],
    aligner: Aligner | None = None,
) -> NameAlignment | None:
    """The name alignment of every segment with a source (in parallel outputs, a segment
    without one borrows the source of its counterparts)."""
    pairs = [(s.source, s.mt) for d in documents for s in d if s.source]
    for outputs in parallel:
        for segments in zip(*outputs, strict=False):
            source = next((s.source for s in segments if s.source), None)
            pairs.extend((source, s.mt) for s in segments if source)
    if not pairs:
        return None
    return align_names(pairs, aligner(pairs) if aligner is not None else None)
