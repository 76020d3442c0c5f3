"""Live scores of a document under review: chrF of the MT and of the post-edit against the
reference and HTER, recomputed cheaply after each change from cached sacrebleu statistics
(:class:`ScoreBoard`). Named ``Live*`` apart from :mod:`mt.scoring.report`'s corpus reports."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LiveSegmentScores:
    """Scores of one segment: chrF of the MT and of the post-edit against the reference (``None``
    without one), and HTER, the post-edit's TER against the MT (0-100, lower is less work)."""

    chrf_mt: float | None
    chrf_pe: float | None
    hter: float


@dataclass(frozen=True)
class LiveDocumentScores:
    """Corpus scores of the document (same meaning as :class:`LiveSegmentScores`)."""

    chrf_mt: float | None
    chrf_pe: float | None
    hter: float


class ScoreBoard:
    """Cached sacrebleu statistics per text, so document scores after a change cost one segment.

    chrF (chrF2) and TER come from :mod:`mt.scoring.metrics`; HTER is TER with the post-edit as
    the reference. An unchanged segment's TER statistics are ``[0, words]`` without a search.
    Safe to call from a worker thread with texts taken by
    :meth:`mt.pipeline.review.ReviewSession.score_inputs`."""

    def __init__(self) -> None:
        from mt.scoring.metrics import TER, ChrF

        self._chrf = ChrF()
        self._ter = TER(workers=1)
        self._chrf_cache: dict[tuple[str, str], list[float]] = {}
        self._ter_cache: dict[tuple[str, str], list[float]] = {}

    def chrf_stats(self, hyp: str, ref: str) -> list[float]:
        key = (hyp, ref)
        found = self._chrf_cache.get(key)
        if found is None:
            found = self._chrf_cache[key] = list(self._chrf.stats([hyp], [ref])[0])
        return found

    def ter_stats(self, hyp: str, ref: str) -> list[float]:
        if hyp == ref:
            return [0.0, float(len(ref.rstrip().lower().split()))]
        key = (hyp, ref)
        found = self._ter_cache.get(key)
        if found is None:
            found = self._ter_cache[key] = list(self._ter.stats([hyp], [ref])[0])
        return found

    def segment(self, mt: str, post_edit: str, reference: str | None) -> LiveSegmentScores:
        chrf_mt = chrf_pe = None
        if reference is not None:
            chrf_mt = self._chrf.from_stats([self.chrf_stats(mt, reference)]).value
            chrf_pe = (chrf_mt if post_edit == mt
                       else self._chrf.from_stats([self.chrf_stats(post_edit, reference)]).value)
        hter = self._ter.from_stats([self.ter_stats(mt, post_edit)]).value
        return LiveSegmentScores(chrf_mt, chrf_pe, hter)

    def document(self, texts: Sequence[tuple[str, str, str | None]],
                 cancelled: Callable[[], bool] | None = None) -> LiveDocumentScores | None:
        """Corpus scores of ``(mt, post_edit, reference)`` triples; ``None`` if ``cancelled()``
        turned true on the way (checked every 50 segments)."""
        if not texts:
            return LiveDocumentScores(None, None, 0.0)
        has_ref = all(r is not None for _, _, r in texts)
        chrf_mt: list[list[float]] = []
        chrf_pe: list[list[float]] = []
        ter: list[list[float]] = []
        for i, (mt, pe, ref) in enumerate(texts):
            if cancelled is not None and i % 50 == 0 and cancelled():
                return None
            if has_ref:
                assert ref is not None
                chrf_mt.append(self.chrf_stats(mt, ref))
                chrf_pe.append(self.chrf_stats(pe, ref))
            ter.append(self.ter_stats(mt, pe))
        return LiveDocumentScores(
            self._chrf.from_stats(chrf_mt).value if has_ref else None,
            self._chrf.from_stats(chrf_pe).value if has_ref else None,
            self._ter.from_stats(ter).value,
        )



__all__ = ["LiveDocumentScores", "LiveSegmentScores", "ScoreBoard"]
