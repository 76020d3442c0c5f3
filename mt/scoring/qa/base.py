"""The QA check base class, the context checks run in, the registry and shared text helpers.

A check is one class: an ``id``, a default ``severity``, a one-line ``description``, what it needs
(a glossary, a source) and ``run(segment, context)`` yielding :class:`~mt.document.Issue` objects.
A document-level check (comparing segments with each other) overrides :meth:`Check.run_document`
instead. Decorating the class with :func:`register` makes ``mt qa`` run it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, ClassVar, TypeVar

from mt.document import Document, EditStatus, Issue, Segment, Severity
from mt.glossary.entry import Glossary

__all__ = [
    "FIELDS",
    "Check",
    "QAContext",
    "check_class",
    "dominant_script",
    "register",
    "registered_checks",
    "script_of",
]

FIELDS = ("post_edit", "mt", "reference")
"""The texts a QA run can check: the post-edit (MT with accepted edits), the MT, the reference."""


@dataclass
class QAContext:
    """What a check may look at besides one segment: the document, the glossary, the field checked.

    ``cached(key, factory)`` shares work between checks of one run (matchers);
    ``segment_cached`` shares work on one segment (its term analysis), kept until
    :meth:`end_segment`, so that a run over a million segments does not keep them all.
    """

    document: Document
    glossary: Glossary | None = None
    field: str = "post_edit"
    _cache: dict[Any, Any] = dc_field(default_factory=dict, repr=False)
    _segment_cache: dict[Any, Any] = dc_field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.field not in FIELDS:
            raise ValueError(f"field must be one of {', '.join(FIELDS)}, not {self.field!r}")

    def target(self, segment: Segment) -> str:
        """The checked text of ``segment`` (empty where it has none)."""
        if self.field == "post_edit":
            if not any(e.status is EditStatus.ACCEPTED for e in segment.edits_if_any()):
                return segment.mt  # (stops at the first accepted edit: cheap on long segments)
            text: str = self.segment_cached(("post_edit", id(segment)), lambda: segment.post_edit)
            return text
        value = getattr(segment, self.field)
        return value or ""

    @property
    def source_lang(self) -> str | None:
        return self.document.source_lang

    @property
    def target_lang(self) -> str | None:
        return self.document.target_lang

    def cached(self, key: Any, factory: Callable[[], Any]) -> Any:
        """``factory()`` computed once per run for ``key``."""
        if key not in self._cache:
            self._cache[key] = factory()
        return self._cache[key]

    def segment_cached(self, key: Any, factory: Callable[[], Any]) -> Any:
        """``factory()`` computed once for ``key`` until :meth:`end_segment`."""
        if key not in self._segment_cache:
            self._segment_cache[key] = factory()
        return self._segment_cache[key]

    def end_segment(self) -> None:
        """Forget what :meth:`segment_cached` holds (the checks are done with a segment)."""
        self._segment_cache.clear()

    @staticmethod
    def per_segment(check: Check) -> bool:
        """Whether ``check`` works one segment at a time (it does not override
        :meth:`Check.run_document`)."""
        return type(check).run_document is Check.run_document


class Check:
    """One QA check. Subclasses set the class attributes and override ``run`` (segment-level)
    or ``run_document`` (document-level)."""

    id: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.WARNING
    description: ClassVar[str] = ""
    needs_glossary: ClassVar[bool] = False
    needs_source: ClassVar[bool] = False

    def applies(self, context: QAContext) -> str | None:
        """``None`` if the check can run in ``context``, else why it is skipped."""
        if self.needs_glossary and (context.glossary is None or not len(context.glossary)):
            return "no glossary"
        if self.needs_source and not context.document.has_source:
            return "no source"
        return None

    def run(self, segment: Segment, context: QAContext) -> Iterable[Issue]:
        """The issues of one segment."""
        return ()

    def run_document(self, context: QAContext) -> Iterator[tuple[str, Issue]]:
        """(segment id, issue) pairs for the whole document; by default ``run`` per segment,
        skipping segments without a source when the check needs one."""
        for segment in context.document:
            for issue in self.segment_issues(segment, context):
                yield segment.id, issue

    def segment_issues(self, segment: Segment, context: QAContext) -> Iterable[Issue]:
        """``run`` on one segment, or nothing where the check needs a source it lacks."""
        if self.needs_source and segment.source is None:
            return ()
        return self.run(segment, context)

    def issue(
        self,
        context: QAContext,
        message: str,
        span: tuple[int, int] | None = None,
        *,
        field: str | None = None,
        severity: Severity | None = None,
    ) -> Issue:
        """An issue of this check; ``span`` points into ``field`` (the checked text by default)."""
        start, end = span if span is not None else (None, None)
        return Issue(
            check=self.id,
            severity=severity or self.severity,
            message=message,
            field=field or context.field,
            start=start,
            end=end,
        )


_REGISTRY: dict[str, type[Check]] = {}
C = TypeVar("C", bound=type[Check])


def register(cls: C) -> C:
    """Class decorator: add a check to the checks ``mt qa`` runs."""
    if not cls.id:
        raise ValueError(f"{cls.__name__} has no id")
    known = _REGISTRY.get(cls.id)
    if known is not None and known is not cls:
        raise ValueError(f"two checks with id {cls.id!r}: {known.__name__} and {cls.__name__}")
    _REGISTRY[cls.id] = cls
    return cls


def registered_checks() -> list[type[Check]]:
    """Every registered check class, in registration order."""
    return list(_REGISTRY.values())


def check_class(check_id: str) -> type[Check]:
    """The check class with ``check_id``; ``KeyError`` naming the known ids if there is none."""
    try:
        return _REGISTRY[check_id]
    except KeyError:
        raise KeyError(f"unknown QA check {check_id!r} (known: {', '.join(_REGISTRY)})") from None


_SCRIPT_CACHE: dict[str, str] = {}


def script_of(ch: str) -> str:
    """The script of a letter as the first word of its Unicode name (``LATIN``, ``ARABIC``);
    ``""`` for anything that is not a letter."""
    found = _SCRIPT_CACHE.get(ch)
    if found is None:
        if not ch.isalpha():
            found = ""
        else:
            name = unicodedata.name(ch, "")
            found = name.split(" ", 1)[0] if name else "UNKNOWN"
            if found in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL"):
                found = "CJK"
        _SCRIPT_CACHE[ch] = found
    return found


def dominant_script(text: str) -> tuple[str, float, int]:
    """The most frequent script among the letters of ``text``, its share of them and the number
    of letters (``("", 0.0, 0)`` for a text without letters)."""
    counts: dict[str, int] = {}
    # Each distinct character once (Counter counts in C), scripts in order of first use.
    for ch, n in Counter(text).items():
        script = script_of(ch)
        if script:
            counts[script] = counts.get(script, 0) + n
    total = sum(counts.values())
    if not total:
        return "", 0.0, 0
    script = max(counts, key=counts.__getitem__)
    return script, counts[script] / total, total


_WORD = re.compile(r"\w+")


def has_word(text: str) -> bool:
    """Whether ``text`` holds a letter or a digit."""
    return _WORD.search(text) is not None
