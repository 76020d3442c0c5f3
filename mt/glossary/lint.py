"""Glossary lint: problems that make fixing wrong, ambiguous or impossible.

Checks (``LintFinding.check``), errors unless noted:

- ``empty``: an empty preferred term, or an empty item in a ``|`` list (``a||b``).
- ``whitespace``: a term with leading/trailing or doubled whitespace, tabs, no-break or
  zero-width characters.
- ``duplicate-id``: two entries with the same id.
- ``duplicate``: two entries with the same source terms and preferred term.
- ``conflict``: one source term, different preferred terms (a warning where both entries name
  different domains).
- ``variant-is-preferred``: a forbidden variant of one entry is the preferred term of another.
- ``variant-equals-preferred``: a variant is its own entry's preferred term.
- ``ambiguous-variant``: two entries list the same variant with different preferred terms, so
  glossary order decides the fix (a warning where both entries are fixed only where the source
  has their source term: ``state`` → ``province`` for ولاية, ``state`` → ``country`` for دولة).
- ``duplicate-variant`` (warning): an entry lists the same variant twice.
- ``cycle``: variants and preferred terms form a cycle (A → B → A).
- ``loop``: a preferred term contains one of its own variants as a whole word, so a fix
  writes text that holds the variant again (``Shah Massoud`` → ``Ahmad Shah Massoud``); or a
  variant contains its own preferred term, so the two forms overlap wherever the variant occurs
  and the fixed text is found again inside the next variant. Both are errors.
- ``shield`` (info): a preferred term contains another entry's variant ("Islamic State" holds
  ``state``); longest match keeps the variant inside it untouched, which is usually the point.
- ``inert`` (warning): an entry with neither source terms nor variants does nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

from mt.document import Severity
from mt.glossary.entry import Glossary, GlossaryEntry, default_require_source
from mt.glossary.matcher import FormKind, Matcher
from mt.glossary.normalize import normalize_term, term_key


class Report(Protocol):
    """Records a finding about ``entries`` (the first one gives the line)."""

    def __call__(
        self,
        check: str,
        message: str,
        *entries: GlossaryEntry,
        warn: bool = False,
        severity: Severity | None = None,
    ) -> None: ...


_BAD_SPACE = frozenset("\t\n\r\u00a0\u2007\u202f\u200b\u200c\u200d\u2060\ufeff")


@dataclass(frozen=True)
class LintFinding:
    """One lint problem; ``line`` is the file line of the first entry concerned."""

    check: str
    severity: Severity
    message: str
    entry_ids: tuple[str, ...]
    line: int | None = None
    path: str | None = None

    def __str__(self) -> str:
        where = self.path or "<glossary>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.severity.value}: {self.message} [{self.check}]"


def has_errors(findings: list[LintFinding]) -> bool:
    """Whether any finding is an error (``mt glossary lint`` then exits non-zero)."""
    return any(f.severity is Severity.ERROR for f in findings)


def is_clean(findings: list[LintFinding]) -> bool:
    """Whether there is neither an error nor a warning (info findings are fine)."""
    return all(f.severity is Severity.INFO for f in findings)


def lint(glossary: Glossary) -> list[LintFinding]:
    """Every finding for ``glossary``, in file order."""
    found: list[LintFinding] = []

    def report(
        check: str,
        message: str,
        *entries: GlossaryEntry,
        warn: bool = False,
        severity: Severity | None = None,
    ) -> None:
        found.append(
            LintFinding(
                check,
                severity or (Severity.WARNING if warn else Severity.ERROR),
                message,
                tuple(e.id for e in entries),
                entries[0].line,
                glossary.path,
            )
        )

    for entry in glossary.entries:
        _check_terms(entry, report)
    _check_pairs(glossary.entries, report)
    _check_forms(glossary.entries, report)
    _check_variants(glossary.entries, report)
    _check_cycles(glossary.entries, report)
    found.sort(key=lambda f: f.line if f.line is not None else 0)
    return found


def _check_terms(entry: GlossaryEntry, report: Report) -> None:
    if not entry.preferred.strip():
        report("empty", f"entry {entry.id} has no preferred target term", entry)
    lists = {"source": entry.sources, "variants": entry.variants}
    for name, terms in lists.items():
        if any(not t.strip() for t in terms):
            report("empty", f"entry {entry.id}: empty item in {name} {'|'.join(terms)!r}", entry)
    for term in (entry.target, *entry.sources, *entry.variants):
        if term.strip() and (
            term != term.strip() or "  " in term or any(c in _BAD_SPACE for c in term)
        ):
            report("whitespace", f"entry {entry.id}: whitespace-damaged term {term!r}", entry)
    if not entry.sources and not entry.variants and not entry.do_not_translate:
        report("inert", f"entry {entry.id} has neither source terms nor variants", entry, warn=True)


def _check_pairs(entries: list[GlossaryEntry], report: Report) -> None:
    by_id: dict[str, GlossaryEntry] = {}
    by_concept: dict[tuple, GlossaryEntry] = {}
    by_source: dict[str, GlossaryEntry] = {}
    conflicts: set[tuple[str, str]] = set()
    for entry in entries:
        if entry.id in by_id:
            report("duplicate-id", f"id {entry.id!r} is used twice", by_id[entry.id], entry)
        by_id.setdefault(entry.id, entry)
        concept = (frozenset(term_key(s) for s in entry.sources), term_key(entry.preferred))
        if concept in by_concept:
            first = by_concept[concept]
            report(
                "duplicate",
                f"entries {first.id} and {entry.id} are the same "
                f"({entry.preferred!r}; line {first.line} and {entry.line})",
                first,
                entry,
            )
            continue
        by_concept[concept] = entry
        for written in entry.sources:
            source = term_key(written)
            if not source:
                continue
            other = by_source.get(source)
            if other is None:
                by_source[source] = entry
            elif term_key(other.preferred) != term_key(entry.preferred):
                if (other.id, entry.id) in conflicts:
                    continue
                conflicts.add((other.id, entry.id))
                differ = bool(other.domain and entry.domain and other.domain != entry.domain)
                report(
                    "conflict",
                    f"source term {written.strip()!r} has two preferred terms: "
                    f"{other.preferred!r} ({other.id}) and {entry.preferred!r} ({entry.id})",
                    other,
                    entry,
                    warn=differ,
                )


def _check_forms(entries: list[GlossaryEntry], report: Report) -> None:
    matcher = Matcher(entries, side="target")
    for entry in entries:
        preferred = entry.preferred.strip()
        if not preferred:
            continue
        whole = len(preferred)
        for hit in matcher.find(preferred, overlapping=True):
            if hit.kind is not FormKind.VARIANT:
                continue
            other = hit.entry
            full = hit.start == 0 and hit.end == whole
            if other is entry:
                if full:
                    report(
                        "variant-equals-preferred",
                        f"entry {entry.id}: variant {hit.form!r} is its own preferred term",
                        entry,
                    )
                else:
                    report(
                        "loop",
                        f"entry {entry.id}: preferred term {preferred!r} contains "
                        f"its own variant {hit.form!r}; fixing would loop",
                        entry,
                    )
            elif full:
                report(
                    "variant-is-preferred",
                    f"variant {hit.form!r} of entry {other.id} is "
                    f"the preferred term of entry {entry.id}",
                    other,
                    entry,
                )
            else:
                report(
                    "shield",
                    f"preferred term {preferred!r} of entry {entry.id} contains "
                    f"{hit.form!r}, a variant of entry {other.id}; the longer term keeps it",
                    entry,
                    other,
                    severity=Severity.INFO,
                )
        own = Matcher([entry], side="target", variants=False) if entry.variants else None
        for variant in entry.variants if own else ():
            if (
                own is not None
                and term_key(variant) != term_key(preferred)
                and own.find(variant, overlapping=True)
            ):
                report(
                    "loop",
                    f"entry {entry.id}: variant {variant!r} contains its preferred "
                    f"term {preferred!r}; fixing would loop",
                    entry,
                )


def _check_variants(entries: list[GlossaryEntry], report: Report) -> None:
    seen: dict[str, list[tuple[GlossaryEntry, str]]] = defaultdict(list)
    for entry in entries:
        own: set[str] = set()
        for variant in entry.variants:
            key = term_key(variant)
            if not key:
                continue
            exact = normalize_term(variant) if entry.case_sensitive else key
            if exact in own:
                report(
                    "duplicate-variant",
                    f"entry {entry.id} lists the variant {variant!r} twice",
                    entry,
                    warn=True,
                )
                continue
            own.add(exact)
            for other, other_variant in seen[key]:
                if other is entry or term_key(other.preferred) == term_key(entry.preferred):
                    continue
                if (
                    entry.case_sensitive
                    and other.case_sensitive
                    and normalize_term(variant) != normalize_term(other_variant)
                ):
                    continue
                conditional = default_require_source(entry) and default_require_source(other)
                report(
                    "ambiguous-variant",
                    f"variant {variant!r} is listed by entry {other.id} ({other.preferred!r}) "
                    f"and entry {entry.id} ({entry.preferred!r})",
                    other,
                    entry,
                    warn=conditional,
                )
                break
            seen[key].append((entry, variant))


def _check_cycles(entries: list[GlossaryEntry], report: Report) -> None:
    edges: dict[str, set[str]] = defaultdict(set)
    owner: dict[tuple[str, str], GlossaryEntry] = {}
    shown: dict[str, str] = {}  # key → the term as the glossary first writes it
    for entry in entries:
        target = term_key(entry.preferred)
        shown.setdefault(target, entry.preferred.strip())
        for variant in entry.variants:
            source = term_key(variant)
            shown.setdefault(source, variant.strip())
            if source and target and source != target:
                edges[source].add(target)
                owner.setdefault((source, target), entry)
    state: dict[str, int] = {}
    reported: set[frozenset[str]] = set()
    for start in list(edges):
        if state.get(start):
            continue
        stack: list[tuple[str, list[str]]] = [(start, sorted(edges[start]))]
        path = [start]
        state[start] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            nxt = todo.pop()
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt) :]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    ring = [*cycle, nxt]
                    involved = [owner[(a, b)] for a, b in pairwise(ring)]
                    report(
                        "cycle",
                        "variants form a cycle: " + " → ".join(shown[k] for k in ring),
                        *involved,
                    )
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, sorted(edges.get(nxt, ()))))
