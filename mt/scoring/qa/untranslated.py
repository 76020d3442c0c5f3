"""Untranslated text: an empty target, a copy of the source, text still in the source's script."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mt.document import Issue, Segment, Severity
from mt.scoring.qa.base import Check, QAContext, dominant_script, has_word, register, script_of
from mt.text.boilerplate import find_boilerplate

_SPACES = re.compile(r"\s+")
_WORDS = re.compile(r"[^\W\d_]{2,}")


def _same_text(a: str, b: str) -> bool:
    return _SPACES.sub(" ", a).strip().casefold() == _SPACES.sub(" ", b).strip().casefold()


def script_runs(text: str, script: str) -> Iterator[tuple[int, int]]:
    """Spans of consecutive words of ``script`` in ``text`` (joined across spaces/punctuation)."""
    start: int | None = None
    end = 0
    for match in _WORDS.finditer(text):
        if script_of(match.group()[0]) != script:
            if start is not None:
                yield start, end
                start = None
            continue
        if start is None:
            start = match.start()
        end = match.end()
    if start is not None:
        yield start, end


@register
class Untranslated(Check):
    """A target that is empty, equal to the source, or (partly) still in the source's script.

    A post-edit emptied where the MT was website boilerplate is the translator dropping it."""

    id = "untranslated"
    severity = Severity.ERROR
    description = "the target is empty, a copy of the source, or still in the source's script"
    share = 0.5
    """The share of the target's letters in the source's script that makes it untranslated."""

    def run(self, segment: Segment, context: QAContext) -> Iterator[Issue]:
        target = context.target(segment)
        source = segment.source
        if not target.strip():
            dropped = context.field == "post_edit" and find_boilerplate(segment.mt) is not None
            if not dropped and (source is None or source.strip()):
                yield self.issue(context, "the target is empty")
            return
        if source is None or not has_word(source):
            return
        full = (0, len(target))
        if _same_text(source, target) and len(_WORDS.findall(target)) >= 2:
            yield self.issue(context, "the target is a copy of the source", full)
            return
        src_script, src_share, _ = dominant_script(source)
        tgt_script, tgt_share, _ = dominant_script(target)
        if not src_script or src_share < 0.5 or src_script == "LATIN":
            return  # only a source in another script than the target's can be told apart
        if tgt_script == src_script and tgt_share >= self.share:
            yield self.issue(
                context,
                f"the target is still in {src_script.title()} script "
                f"({tgt_share:.0%} of its letters)",
                full,
            )
            return
        for start, end in script_runs(target, src_script):
            yield self.issue(
                context,
                f"{src_script.title()} text left untranslated: {target[start:end]!r}",
                (start, end),
                severity=Severity.WARNING,
            )
