"""Word diffs as rich text for the CLI: colour plus ``[-deleted-]{+inserted+}`` markers, so that a
change reads the same on a monochrome terminal, in a log file and to a colour-blind reader. The
styles and markers are the review UI's (:mod:`mt.tui.styles`)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from mt.text.diff import Chunk, ChunkKind
from mt.tui.styles import DELETE_STYLE, INSERT_STYLE, mark_deleted, mark_inserted


def change_text(chunk: Chunk) -> Text:
    """One changed chunk: ``[-old-]{+new+}``."""
    text = Text()
    if chunk.kind in (ChunkKind.DELETE, ChunkKind.REPLACE):
        text.append(mark_deleted(chunk.before), DELETE_STYLE)
    if chunk.kind in (ChunkKind.INSERT, ChunkKind.REPLACE):
        text.append(mark_inserted(chunk.after), INSERT_STYLE)
    return text


def reasons(chunk: Chunk) -> str:
    """Why a chunk changed: its glossary entries, or the origin of its edits."""
    names = [e.entry_id or str(e.origin) for e in chunk.edits]
    return ", ".join(dict.fromkeys(names)) or "hand edit"


def hunks(chunks: Sequence[Chunk], context: int = 6) -> list[Text]:
    """Each run of nearby changes with up to ``context`` words either side, one line each.

    Changes closer than ``2 * context`` words share a line; the reasons follow the line.
    """
    changed = [i for i, c in enumerate(chunks) if c.changed]
    if not changed:
        return []
    groups: list[list[int]] = [[changed[0]]]
    for i in changed[1:]:
        between = "".join(c.before for c in chunks[groups[-1][-1] + 1 : i])
        if len(between.split()) <= 2 * context:
            groups[-1].append(i)
        else:
            groups.append([i])
    lines = []
    old = "".join(c.before for c in chunks)
    for group in groups:
        first, last = group[0], group[-1]
        line = Text()
        start, end = chunks[first].old_start, chunks[last].old_end
        lead = _tail_words(old, start, context)
        if len(lead) < start:
            line.append("…", "dim")
        line.append(lead)
        for i in range(first, last + 1):
            chunk = chunks[i]
            if chunk.changed:
                line.append_text(change_text(chunk))
            else:
                line.append(chunk.before)
        trail = _head_words(old, end, context)
        line.append(trail)
        if len(trail) < len(old) - end:
            line.append("…", "dim")
        why = ", ".join(dict.fromkeys(reasons(chunks[i]) for i in group))
        line.append(f"  ← {why}", "cyan")
        lines.append(line)
    return lines


def full_text(chunks: Sequence[Chunk]) -> Text:
    """The whole segment with every change marked inline."""
    text = Text()
    for chunk in chunks:
        if chunk.changed:
            text.append_text(change_text(chunk))
        else:
            text.append(chunk.before)
    return text


def _tail_words(text: str, end: int, n: int) -> str:
    """The last ``n + 1`` space-separated words of ``text[:end]`` (line breaks as spaces),
    found from the end so that a long text costs no more than a short one."""
    cut = end
    for _ in range(n + 1):
        space = text.rfind(" ", 0, cut)
        newline = text.rfind("\n", space + 1, cut)  # only one after that space counts
        cut = max(space, newline)
        if cut < 0:
            break
    return text[cut + 1 : end].replace("\n", " ")


def _head_words(text: str, start: int, n: int) -> str:
    """The first ``n + 1`` space-separated words of ``text[start:]`` (line breaks as spaces)."""
    cut = start - 1
    for _ in range(n + 1):
        space = text.find(" ", cut + 1)
        newline = text.find("\n", cut + 1, space if space >= 0 else len(text))
        cut = newline if newline >= 0 else space
        if cut < 0:
            cut = len(text)
            break
    return text[start:cut].replace("\n", " ")
