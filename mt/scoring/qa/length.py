"""Length ratio outliers: a target much longer or shorter than its source, measured against the
document's own typical target/source ratio (median and MAD of the log ratios, so a few outliers
do not move the yardstick)."""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator
from statistics import median

from mt.document import Issue, Severity
from mt.scoring.qa.base import Check, QAContext, register


def _size(text: str) -> int:
    return sum(map(len, text.split()))  # the non-space characters


@register
class LengthRatio(Check):
    """A segment whose target/source length ratio is far from the document's typical one."""

    id = "length-ratio"
    severity = Severity.WARNING
    description = "the target is much longer or shorter than the document's usual ratio predicts"
    needs_source = True
    min_segments = 8
    """Fewer comparable segments than this: no statistics, no issues."""
    z = 3.5
    """Robust z-score (deviation over 1.4826 MAD of the log ratios) above which a ratio is odd."""
    min_factor = 1.6
    """And the ratio must be off by at least this factor (twice that for short sources)."""
    short = 30
    """Sources with fewer non-space characters than this are short."""

    def run_document(self, context: QAContext) -> Iterator[tuple[str, Issue]]:
        ids: list[str] = []  # (columns, not a tuple per segment: a million of them)
        sizes, lengths, ratios = array("q"), array("q"), array("d")
        for segment in context.document:
            target = context.target(segment)
            src, tgt = _size(segment.source or ""), _size(target)
            if src and tgt:
                ids.append(segment.id)
                sizes.append(src)
                ratios.append(math.log(tgt / src))
                lengths.append(len(target))
        if len(ids) < self.min_segments:
            return
        centre = median(ratios)
        spread = max(1.4826 * median(abs(r - centre) for r in ratios), 0.1)
        typical = math.exp(centre)
        for segment_id, src, ratio, length in zip(ids, sizes, ratios, lengths, strict=True):
            off = abs(ratio - centre)
            factor = self.min_factor if src >= self.short else self.min_factor * 2
            if off / spread > self.z and off > math.log(factor):
                yield (
                    segment_id,
                    self.issue(
                        context,
                        f"the target is {math.exp(ratio):.2f} times as long as the source; "
                        f"{typical:.2f} is typical in this document",
                        (0, length),
                    ),
                )
