"""Rich text for the review screen's frame: the document header, titles and the side panel.

The per-segment texts (diffs, change lists, glossary hits, QA issues) are in
:mod:`mt.tui.render`; this module holds what the screen assembles around them from the session's
progress and scores. Pure functions of their arguments: no widgets, no session.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text

from mt.document import EditStatus, Origin, Segment, Severity
from mt.pipeline.review import SegmentStatus
from mt.tui.render import score_value, status_words

if TYPE_CHECKING:
    from mt.pipeline.review import ReviewPaths, ReviewProgress
    from mt.scoring.live import LiveDocumentScores, LiveSegmentScores


def list_title(shown: int, *, attention_only: bool, query: str) -> Text:
    """Above the segment list: how many rows, and which filter made them."""
    title = Text.assemble(("Segments ", "bold"), (f"{shown}", ""))
    if attention_only:
        title.append(" need attention", style="yellow")
    if query:
        title.append(f" matching {query!r}", style="cyan")
    return title


def segment_title(index: int, total: int, segment_id: str, state: SegmentStatus,
                  qa: Severity | None) -> Text:
    """``Segment 3 of 14  id s3  ✓ reviewed``."""
    return Text.assemble(
        (f"Segment {index + 1} of {total}", "bold"),
        (f"  id {segment_id}  ", "dim"),
        status_words(state, qa),
    )


def source_label(lang: str | None, *, rtl: bool, visual: bool) -> str:
    """The source pane's label: language, and the reading order of right-to-left text."""
    label = "Source" + (f" ({lang})" if lang else "")
    if rtl:
        label += " ← RTL, " + ("visual order" if visual else "logical order")
    return label


def changes_title(segment: Segment) -> Text:
    """``Changes  2 open · 1 accepted · 1 by hand``."""
    counts = {st: sum(1 for e in segment.edits if e.status is st) for st in EditStatus}
    by_hand = sum(1 for e in segment.edits
                  if e.status is EditStatus.ACCEPTED and e.origin is Origin.HUMAN)
    counts[EditStatus.ACCEPTED] -= by_hand  # as the change list shows them: ✎ by hand
    words = [f"{counts[st]} {word}" for st, word in (
        (EditStatus.PROPOSED, "open"), (EditStatus.ACCEPTED, "accepted"),
        (EditStatus.REJECTED, "rejected")) if counts[st]]
    if by_hand:
        words.append(f"{by_hand} by hand")
    return Text.assemble(("Changes", "bold"), ("  " + " · ".join(words), ""))


def low_confidence_text(low: Sequence[Any], text: str | None = None) -> Text:
    """The words the model finds unlikely, with their probabilities. Each word is shown as it
    stands in ``text`` (the post-edit scored) where its span is known: the tokenizer's decoding
    of a word loses a character it has no piece for (``<unk>``: "Chinese" decodes as "hinese"
    where "C" is unknown)."""
    if not low:
        return Text("none (every word p ≥ 0.10)", style="dim")
    out = Text()
    for n, word in enumerate(low):
        shown = word.text
        if text is not None and word.start is not None and word.end is not None \
                and 0 <= word.start < word.end <= len(text):
            shown = " ".join(text[word.start:word.end].split())
        out.append(shown, style="bold yellow")
        out.append(f" p {word.prob:.2f}", style="yellow")
        if n < len(low) - 1:
            out.append(" · ")
    return out


def duration(seconds: float) -> str:
    """``0:42``, ``12:05``, ``1:02:03``."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def segment_scores_text(scores: LiveSegmentScores | None, seconds: float = 0.0,
                        words: int = 0) -> Text:
    """chrF of MT and post-edit against the reference, HTER, and the active editing time of
    the segment (``seconds``, of its ``words``); ``…`` before the first paint (``scores``
    None)."""
    out = Text()
    if scores is None:
        out.append("…", style="dim")
        return out
    if scores.chrf_mt is None:
        out.append("chrF  no reference (--ref)\n", style="dim")
    else:
        out.append("chrF  ")
        out.append(f"MT {score_value(scores.chrf_mt)} → "
                   f"post-edit {score_value(scores.chrf_pe)}\n", style="bold")
    out.append("HTER  ")
    out.append(f"{score_value(scores.hter)}", style="bold")
    out.append(" · time ")
    out.append(duration(seconds), style="bold")
    out.append(f" · {words} word{'s' if words != 1 else ''}", style="dim")
    return out


def progress_text(p: ReviewProgress, *, compact: bool = False) -> Text:
    """Segments and words confirmed: ``✓ confirmed 12/40 segments · 310/1,020 words``
    (``compact``: ``✓ 12/40 · 310/1,020 w``)."""
    if compact:
        return Text(f"✓ {p.reviewed:,}/{p.total:,} · {p.words_reviewed:,}/{p.words:,} w",
                    style="bold")
    return Text(f"✓ confirmed {p.reviewed:,}/{p.total:,} segments · "
                f"{p.words_reviewed:,}/{p.words:,} words", style="bold")


def header_items(paths: ReviewPaths, progress: ReviewProgress, *, qa_done: bool,
                 doc_scores: LiveDocumentScores | None, retranslating: bool, saving: bool,
                 dirty: bool, saved_once: bool, compact: bool = False) -> list[Text]:
    """The document header: file names, progress, QA, scores and the save state
    (``compact``: for a narrow terminal)."""
    p = progress
    name = Text(f" {paths.document.name}", style="bold")
    if paths.output is not None:
        name.append(" → ", style="dim")
        name.append(paths.output.name)
    items = [
        name,
        progress_text(p, compact=compact),
        *([Text(f"✎ {p.edited} edited", style="cyan")] if p.edited else []),
        *([Text(f"⌫ {p.deleted} deleted", style="magenta")] if p.deleted else []),
        Text(f"? {p.proposals} open", style="yellow" if p.proposals else "dim"),
    ]
    if qa_done:
        items.append(Text(f"✗ {p.with_errors} QA err", style="red" if p.with_errors else "dim"))
    else:
        items.append(Text("QA…", style="dim"))
    d = doc_scores
    if d is None:
        items.append(Text("scores…", style="dim"))
    else:
        scores = Text()
        if d.chrf_mt is not None:
            scores.append(f"chrF {score_value(d.chrf_mt)}→{score_value(d.chrf_pe)} ")
        scores.append(f"HTER {score_value(d.hter)}")
        items.append(scores)
    if retranslating:
        items.append(Text("re-translating…", style="bold cyan"))
    if saving:
        items.append(Text("saving…", style="bold cyan"))
    elif dirty:
        items.append(Text("● unsaved", style="bold yellow"))
    elif saved_once:
        items.append(Text("saved", style="green"))
    else:
        items.append(Text("no changes", style="dim"))
    return items
