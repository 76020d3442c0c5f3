"""Rich text for the review UI: diffs with markers, change lists, status glyphs, source text.

Every difference is shown with the markers and colours of :mod:`mt.tui.styles`:
``[-old-]{+new+}`` for what is in the post-edit, ``[?old→new?]`` for open proposals.

Right-to-left text (Arabic): terminals lay characters out left to right and most do no bidi
reordering or shaping (tmux never does), while a few (VTE with bidi, mlterm, Konsole) do it
themselves. The source pane shows RTL paragraphs right-aligned in *visual* order (python-bidi) by
default; key ``b`` switches to the *logical* order (what is in the file, what copy and paste
gives) for terminals that reorder it themselves.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from rich.text import Text

from mt.document import Edit, EditStatus, Issue, Origin, Segment, Severity
from mt.glossary.analysis import TermStatus
from mt.pipeline.review import HUMAN_REASON, SegmentStatus, TermHit
from mt.text.diff import ChunkKind, word_diff
from mt.tui.styles import (
    DELETE_STYLE,
    INSERT_STYLE,
    PROPOSED_STYLE,
    SELECTED_STYLE,
    SEVERITY_MARK,
    SEVERITY_STYLE,
    mark_deleted,
    mark_inserted,
    mark_proposed,
)

GLYPHS: dict[SegmentStatus, tuple[str, str]] = {
    SegmentStatus.QA_ERRORS: ("✗", "bold red"),
    SegmentStatus.PROPOSALS: ("?", "bold yellow"),
    SegmentStatus.DELETED: ("⌫", "bold magenta"),
    SegmentStatus.REVIEWED: ("✓", "green"),
    SegmentStatus.EDITED: ("✎", "cyan"),
    SegmentStatus.UNTOUCHED: ("·", "dim"),
}
STATUS_WORDS: dict[SegmentStatus, str] = {
    SegmentStatus.QA_ERRORS: "has QA errors",
    SegmentStatus.PROPOSALS: "has proposals",
    SegmentStatus.DELETED: "deleted",
    SegmentStatus.REVIEWED: "reviewed",
    SegmentStatus.EDITED: "edited, not confirmed",
    SegmentStatus.UNTOUCHED: "untouched",
}
QA_GLYPHS: dict[Severity | None, tuple[str, str, str]] = {
    Severity.ERROR: (SEVERITY_MARK[Severity.ERROR], SEVERITY_STYLE[Severity.ERROR], "QA errors"),
    Severity.WARNING: (SEVERITY_MARK[Severity.WARNING], SEVERITY_STYLE[Severity.WARNING],
                       "QA warnings"),
    Severity.INFO: (" ", "", ""),
    None: (" ", "", ""),
}


def status_glyph(status: SegmentStatus) -> Text:
    glyph, style = GLYPHS[status]
    return Text(glyph, style=style)


_MARKS: dict[tuple[SegmentStatus, Severity | None], Text] = {}


def status_marks(state: SegmentStatus, qa: Severity | None) -> Text:
    """Two marks: the review state (? open proposals, ✓ reviewed, · untouched) and the worst
    QA issue (✗ error, ! warning). Shared objects: do not modify them."""
    found = _MARKS.get((state, qa))
    if found is None:
        glyph, style, _ = QA_GLYPHS[qa]
        found = _MARKS[(state, qa)] = Text.assemble(status_glyph(state), (glyph, style))
    return found


def status_words(state: SegmentStatus, qa: Severity | None) -> Text:
    out = Text.assemble(status_glyph(state), " " + STATUS_WORDS[state])
    glyph, style, words = QA_GLYPHS[qa]
    if words:
        out.append("  ")
        out.append(f"{glyph} {words}", style=style)
    return out


def preview(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def is_rtl(text: str | None) -> bool:
    """Whether most strongly-directional letters of ``text`` are right-to-left."""
    if not text:
        return False
    rtl = ltr = 0
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            rtl += 1
        elif kind == "L":
            ltr += 1
    return rtl > ltr


def bidi_available() -> bool:
    try:
        import bidi  # noqa: F401
    except ImportError:
        return False
    return True


def visual_order(text: str) -> str:
    """``text`` in visual order (python-bidi), for terminals that do no bidi themselves."""
    try:
        from bidi import get_display  # python-bidi >= 0.5
    except ImportError:  # pragma: no cover - older python-bidi
        from bidi.algorithm import get_display
    return "\n".join(get_display(line) for line in text.split("\n"))


def source_text(source: str, spans: Sequence[tuple[int, int]] = ()) -> Text:
    """The source (logical order) with glossary terms underlined; the source pane reorders it
    line by line for visual order (a ``visual`` :class:`~mt.tui.widgets.text_pane.Section`)."""
    text = Text(source)
    for start, end in spans:
        text.stylize("bold underline", start, end)
    return text


def diff_text(segment: Segment, selected: Edit | None = None) -> Text:
    """The MT with its changes: accepted and hand edits as ``[-old-]{+new+}`` against the
    post-edit, open proposals as ``[?old→new?]``; ``selected`` is shown in reverse video."""
    mt = segment.mt
    accepted = [e for e in segment.edits if e.status is EditStatus.ACCEPTED]
    proposed = sorted((e for e in segment.edits if e.status is EditStatus.PROPOSED),
                      key=lambda e: (e.start, e.end))
    out = Text()
    for chunk in word_diff(mt, segment.post_edit, accepted):
        if chunk.kind is ChunkKind.EQUAL:
            _equal_with_proposals(out, mt, chunk.old_start, chunk.old_end, proposed, selected)
            continue
        extra = SELECTED_STYLE if selected is not None and any(e is selected for e in chunk.edits) \
            else ""
        if chunk.before:
            out.append(mark_deleted(chunk.before), style=f"{DELETE_STYLE} {extra}".strip())
        if chunk.after:
            out.append(mark_inserted(chunk.after), style=f"{INSERT_STYLE} {extra}".strip())
    return out


def _equal_with_proposals(out: Text, mt: str, start: int, end: int, proposed: list[Edit],
                          selected: Edit | None) -> None:
    cursor = start
    for e in proposed:
        if e.start < cursor or e.end > end or e.start > end:
            continue
        if e.start == e.end and e.start == end and end != len(mt):
            continue  # an insertion at the chunk's end belongs to the next chunk
        out.append(mt[cursor : e.start])
        style = PROPOSED_STYLE + (" " + SELECTED_STYLE if e is selected else "")
        out.append(mark_proposed(mt[e.start:e.end], e.replacement), style=style)
        cursor = e.end
    out.append(mt[cursor:end])


_STATUS_MARK = {
    EditStatus.PROPOSED: ("?", "bold yellow", "open"),
    EditStatus.ACCEPTED: ("✓", "green", "accepted"),
    EditStatus.REJECTED: ("✗", "red", "rejected"),
}


def why(edit: Edit) -> str:
    """Why an edit was proposed, in a few words."""
    reason = edit.reason.strip()
    head = f"{edit.original} → {edit.replacement}"
    if reason.startswith(head):
        reason = reason[len(head):].strip()
    if reason.startswith("(") and reason.endswith(")"):
        reason = reason[1:-1]
    if edit.origin is Origin.GLOSSARY:
        reason = reason.replace(f"; glossary entry {edit.entry_id}", "")
        return f"glossary {edit.entry_id}: {reason}" if reason else f"glossary {edit.entry_id}"
    if edit.origin is Origin.NEURAL:
        return f"model: {reason}" if reason else "model re-translation"
    if reason.startswith(HUMAN_REASON):
        reason = reason[len(HUMAN_REASON):].strip(" ()")
    return reason


def changes_text(segment: Segment, order: Sequence[int], cursor: int | None) -> Text:
    """One line per edit in text order: status mark, old → new, and why; the edit at
    ``cursor`` (a position in ``order``) is marked with ▶."""
    out = Text()
    if not order:
        out.append("no changes proposed or made", style="dim")
        return out
    accepted = [e for e in segment.edits if e.status is EditStatus.ACCEPTED]
    for pos, k in enumerate(order):
        e = segment.edits[k]
        mark, style, word = _STATUS_MARK[e.status]
        if e.origin is Origin.HUMAN and e.status is EditStatus.ACCEPTED:
            mark, word = "✎", "by hand"
        elif e.status is EditStatus.REJECTED and any(a.overlaps(e) for a in accepted):
            word = "replaced"  # by an accepted edit over the same words
        here = pos == cursor
        out.append("▶ " if here else "  ", style="bold")
        out.append(f"{mark} {word:<8} ", style=style)
        before = e.original if e.original is not None else segment.mt[e.start:e.end]
        line = Text()
        line.append(before or "∅", style="strike" if e.status is not EditStatus.REJECTED
                    else "")
        line.append(" → ")
        line.append(e.replacement or "∅", style="bold" if e.status is not EditStatus.REJECTED
                    else "")
        if here:
            line.stylize(SELECTED_STYLE)
        out.append_text(line)
        reason = why(e)
        if reason:
            out.append("  " + reason, style="dim italic")
        if pos < len(order) - 1:
            out.append("\n")
    return out


_TERM_MARK = {
    TermStatus.OK: ("✓", "green", "present"),
    TermStatus.MISSING: ("✗", "bold red", "missing"),
    TermStatus.PARTIAL: ("✗", "bold red", "too few"),
    TermStatus.VARIANT: ("✗", "bold red", "variant"),
}


def term_lines(hits: Sequence[TermHit]) -> Text:
    """Glossary hits: mark, source term → expected target, and what the post-edit has."""
    out = Text()
    if not hits:
        out.append("no glossary terms in this segment", style="dim")
        return out
    for n, hit in enumerate(hits):
        mark, style, word = _TERM_MARK.get(hit.status, ("?", "yellow", hit.status))
        if hit.status == TermStatus.VARIANT and not hit.certain:
            mark, style, word = "?", "yellow", "check"
        out.append(f"{mark} ", style=style)
        if hit.source:
            out.append(hit.source)
            out.append(" → ")
        out.append(hit.expected, style="bold")
        out.append(f"  {word}", style=style)
        if hit.variants and hit.status == TermStatus.OK:
            out.append(" (also: " + ", ".join(hit.variants) + ")", style="yellow")
        elif hit.variants:
            out.append(": has " + ", ".join(hit.variants), style=style)
        elif hit.status == TermStatus.PARTIAL:
            out.append(f" ({hit.count} of {hit.wanted})", style=style)
        if n < len(hits) - 1:
            out.append("\n")
    return out


def score_value(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def issue_lines(issues: Sequence[Issue], *, checked: bool) -> Text:
    """QA issues, worst first: severity mark, check and message; a placeholder while the
    document's QA has not run (``checked`` false) or when there are none."""
    out = Text()
    if not issues:
        out.append("no issues" if checked else "checking…", style="dim")
    ordered = sorted(issues, key=lambda x: -x.severity.rank)
    for n, issue in enumerate(ordered):
        style = SEVERITY_STYLE[issue.severity]
        out.append(SEVERITY_MARK[issue.severity] + " ", style=style)
        out.append(f"{issue.check}: ", style=style)
        out.append(issue.message)
        if n < len(ordered) - 1:
            out.append("\n")
    return out
