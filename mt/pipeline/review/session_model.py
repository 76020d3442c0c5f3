"""What a review session asks the neural engine: a re-translation of a segment with the
glossary's terms forced, proposed as an edit, and word scores of a post-edit (low confidence).
The front end builds the engine (:meth:`mt.engines.EngineOptions.load`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mt.document import EditStatus, Origin, Segment
from mt.pipeline.review.bulk import BulkOperations
from mt.pipeline.review.state import ReviewError

if TYPE_CHECKING:
    from mt.engines.base import Translation, WordScore


class SessionModel(BulkOperations):
    """The engine-backed methods of a review session (the slow ones are safe in a worker)."""

    def translate_segment(self, index: int) -> Translation:
        """The model's translation of the segment's source with the glossary's terms forced
        (a :class:`~mt.engines.Translation`). Only reads the segment: safe in a worker thread;
        hand the result to :meth:`propose_translation` on the session's thread."""
        seg = self.segment(index)
        if self.engine is None:
            raise ReviewError("no model given: start mt review with --model MODEL to "
                              "re-translate segments")
        if not seg.source or not seg.source.strip():
            raise ReviewError(f"segment {seg.id} has no source text to translate "
                              "(give the source with --source)")
        with self._engine_lock:
            return self.engine.translate([seg.source], glossary=self.glossary)[0]

    def propose_translation(self, index: int, translation: Translation) -> int | None:
        """Propose ``translation`` (from :meth:`translate_segment`) as one neural edit over the
        whole MT, replacing an earlier open neural proposal; one undoable operation. Returns
        the new edit's index, or ``None`` when the model gives the current post-edit."""
        seg = self.segment(index)
        text = translation.text
        if text == seg.post_edit:
            return None
        missing = [c.term for c in translation.unmet]
        reason = "re-translated with the glossary's terms forced"
        if missing:
            reason += "; could not force " + ", ".join(missing)
        if translation.forbidden_found:
            reason += "; still has " + ", ".join(translation.forbidden_found)

        def change(s: Segment) -> None:
            s.edits = [e for e in s.edits
                       if not (e.origin is Origin.NEURAL and e.status is EditStatus.PROPOSED)]
            s.propose(0, len(s.mt), text, origin=Origin.NEURAL, reason=reason)

        self._apply("retranslate", f"re-translate segment {seg.id}", [index], change)
        return len(seg.edits) - 1

    def retranslate(self, index: int) -> int | None:
        """:meth:`translate_segment` then :meth:`propose_translation`, in one go."""
        return self.propose_translation(index, self.translate_segment(index))

    def score_words(self, index: int) -> list[WordScore]:
        """The model's word scores (:class:`~mt.engines.WordScore`) of the segment's post-edit
        given its source, cached by text; safe in a worker thread. ``[]`` without a model or a
        source."""
        seg = self.segment(index)
        text = seg.post_edit
        if self.engine is None or not seg.source or not text.strip():
            return []
        key = (seg.source, text)
        found = self._word_scores.get(key)
        if found is None:
            with self._engine_lock:
                scored = self.engine.score([seg.source], [text])[0]
            found = self._word_scores[key] = list(scored.words)
        return found

    def low_confidence(self, index: int) -> list[WordScore] | None:
        """The post-edit's words the model finds unlikely (p < 0.1), from the cache that
        :meth:`score_words` fills; ``None`` while not scored yet (or without a model)."""
        from mt.engines.confidence import DEFAULT_THRESHOLD

        seg = self.segment(index)
        if self.engine is None or not seg.source:
            return None
        found = self._word_scores.get((seg.source, seg.post_edit))
        if found is None:
            return None
        return [w for w in found if w.logprob < DEFAULT_THRESHOLD]

