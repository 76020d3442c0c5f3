"""QA checks: a registry of small checks and :func:`run_checks`, which runs them over a document.

>>> report = run_checks(doc, glossary, field="mt")  # doctest: +SKIP
>>> report.has_errors, report.by_check()  # doctest: +SKIP

Each check is one class in a module of this package (see :mod:`mt.scoring.qa.base`); importing
the package registers them all. Issue spans point into the checked text (``Issue.field`` names
it: ``post_edit``, ``mt`` or ``reference``) or, for what is missing from it (a number, a term),
into the source (``field == "source"``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as dc_field
from importlib import import_module
from typing import Any

from mt.document import Document, Issue, Segment, Severity
from mt.glossary.entry import Glossary
from mt.json_stream import Lazy, materialize
from mt.scoring.qa.base import (
    FIELDS,
    Check,
    QAContext,
    check_class,
    register,
    registered_checks,
)

__all__ = [
    "FIELDS",
    "Check",
    "Finding",
    "QAContext",
    "QAReport",
    "check_catalog",
    "check_class",
    "register",
    "registered_checks",
    "resolve_checks",
    "run_checks",
]

# Importing a check module registers its checks; this order is the order of the checks in
# reports (a segment's issues) and in check_catalog().
_MODULES = (
    "untranslated",
    "terminology",
    "numbers",
    "capitalisation",
    "punctuation",
    "spacing",
    "consistency",
    "length",
    "boilerplate",
    "model_confidence",
)
for _module in _MODULES:
    import_module(f"{__name__}.{_module}")


@dataclass(frozen=True, slots=True)
class Finding:
    """One issue of one segment; ``text`` is the span's text (``None`` without a span)."""

    segment_id: str
    issue: Issue
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        issue = self.issue
        return {
            "segment": self.segment_id,
            "check": issue.check,
            "severity": issue.severity.value,
            "message": issue.message,
            "field": issue.field,
            "start": issue.start,
            "end": issue.end,
            "text": self.text,
        }


@dataclass
class QAReport:
    """The result of a QA run: findings in document order, and which checks ran or were skipped
    (check id → why)."""

    field: str
    findings: list[Finding] = dc_field(default_factory=list)
    checks: list[str] = dc_field(default_factory=list)
    skipped: dict[str, str] = dc_field(default_factory=dict)
    segments: int = 0

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def at_least(self, severity: Severity | str) -> list[Finding]:
        """The findings of ``severity`` or worse."""
        floor = Severity(severity).rank
        return [f for f in self.findings if f.issue.severity.rank >= floor]

    @property
    def errors(self) -> list[Finding]:
        return self.at_least(Severity.ERROR)

    @property
    def has_errors(self) -> bool:
        """Whether an error-severity issue exists (``mt qa`` then exits 1)."""
        return any(f.issue.severity is Severity.ERROR for f in self.findings)

    def by_check(self) -> dict[str, int]:
        """Check id → number of issues, for every check that ran (zeros included)."""
        counts = Counter(f.issue.check for f in self.findings)
        return {check: counts[check] for check in self.checks}

    def by_severity(self) -> dict[str, int]:
        """Severity → number of issues (all three severities present)."""
        counts = Counter(f.issue.severity for f in self.findings)
        return {s.value: counts[s] for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary of the whole report."""
        report: dict[str, Any] = materialize(self.to_json())
        return report

    def to_json(self) -> dict[str, Any]:
        """:meth:`to_dict` with the issues :class:`~mt.json_stream.Lazy` (made as encoded)."""
        return {
            "field": self.field,
            "segments": self.segments,
            "checks": list(self.checks),
            "skipped": dict(self.skipped),
            "summary": {
                "issues": len(self.findings),
                "segments_with_issues": len({f.segment_id for f in self.findings}),
                "by_severity": self.by_severity(),
                "by_check": self.by_check(),
            },
            "issues": Lazy(f.to_dict() for f in self.findings),
        }


def check_catalog() -> list[dict[str, Any]]:
    """Every registered check as ``{id, severity, description, needs}`` (for ``--list-checks``)."""
    return [
        {
            "id": cls.id,
            "severity": cls.severity.value,
            "description": cls.description,
            "needs": [
                n
                for n, on in (("glossary", cls.needs_glossary), ("source", cls.needs_source))
                if on
            ],
        }
        for cls in registered_checks()
    ]


def resolve_checks(
    checks: str | Iterable[str | Check] | None = None, exclude: Iterable[str] = ()
) -> list[Check]:
    """Check instances for ids (a list, or one comma-separated string) or instances; every
    registered check for ``None``; minus the ids in ``exclude``. ``KeyError`` for an unknown id."""
    if isinstance(checks, str):
        checks = [c.strip() for c in checks.split(",") if c.strip()]
    skip = set(exclude)
    for check_id in skip:
        check_class(check_id)
    if checks is None:
        return [cls() for cls in registered_checks() if cls.id not in skip]
    resolved = [item if isinstance(item, Check) else check_class(item)() for item in checks]
    return [check for check in resolved if check.id not in skip]


def _span_text(segment: Segment, issue: Issue, context: QAContext) -> str | None:
    if issue.start is None or issue.end is None:
        return None
    if issue.field == "source":
        text = segment.source or ""
    elif issue.field == context.field:
        text = context.target(segment)
    else:
        text = getattr(segment, issue.field, None) or ""
    return text[issue.start : issue.end]


def run_checks(
    doc: Document,
    glossary: Glossary | None = None,
    checks: str | Iterable[str | Check] | None = None,
    *,
    exclude: Iterable[str] = (),
    field: str = "post_edit",
    attach: bool = False,
) -> QAReport:
    """Run QA ``checks`` over ``doc``: all registered ones by default, else ids (a list or a
    comma-separated string) or instances, minus the ids in ``exclude``.

    ``field`` is the text checked: ``post_edit`` (the MT with accepted edits), ``mt`` or
    ``reference``. Checks whose needs are not met (no glossary, no source) are skipped and
    listed in ``report.skipped``. With ``attach=True`` each segment's ``issues`` get the
    findings, replacing earlier issues of the checks that ran.
    """
    context = QAContext(doc, glossary, field)
    report = QAReport(field=field, segments=len(doc))
    collected: list[tuple[int, int, int, Finding]] = []

    def collect(at: int, rank: int, issue: Issue) -> None:
        finding = Finding(doc[at].id, issue, _span_text(doc[at], issue, context))
        start = issue.start if issue.start is not None else -1
        collected.append((at, rank, start, finding))

    running: list[tuple[int, Check]] = []
    for rank, check in enumerate(resolve_checks(checks, exclude)):
        reason = check.applies(context)
        if reason is not None:
            report.skipped[check.id] = reason
            continue
        report.checks.append(check.id)
        running.append((rank, check))
    # The segment-level checks go segment by segment, sharing (then dropping) its analyses.
    per_segment = [(rank, check) for rank, check in running if context.per_segment(check)]
    for at, segment in enumerate(doc if per_segment else ()):
        for rank, check in per_segment:
            for issue in check.segment_issues(segment, context):
                collect(at, rank, issue)
        context.end_segment()
    found: list[tuple[int, str, Issue]] = []
    for rank, check in running:
        if not context.per_segment(check):
            found.extend((rank, segment_id, issue)
                         for segment_id, issue in check.run_document(context))
    if found:  # positions of the ids named (the first of a repeated id), not of every segment
        named = {segment_id for _, segment_id, _ in found}
        order: dict[str, int] = {}
        for at, segment in enumerate(doc):
            if segment.id in named:
                order.setdefault(segment.id, at)
        for rank, segment_id, issue in found:
            collect(order[segment_id], rank, issue)
    collected.sort(key=lambda row: row[:3])
    report.findings = [row[3] for row in collected]
    if attach:
        ran = set(report.checks)
        for segment in doc:
            if segment.issues_if_any():
                segment.issues = [i for i in segment.issues if i.check not in ran]
        for at, _, _, finding in collected:
            doc[at].issues.append(finding.issue)
    return report
