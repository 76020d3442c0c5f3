"""Reading inputs with clear errors, writing outputs atomically, and append-only JSON-lines logs
(the review journal, the translate checkpoint)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from mt.errors import InputError

BOM = "\ufeff"

#: When this process started: a temporary file of ours older than this is a killed write's.
_STARTED = time.time()
#: ... and older than this many seconds (another process may still be writing a young one).
_STALE_AFTER_S = 60.0


class LogWriteError(InputError):
    """A record could not be written to a JSON-lines log (read-only folder, full disk)."""


def read_bytes(path: str | Path) -> bytes:
    """The bytes of ``path``, or an :class:`InputError` that says why they cannot be read."""
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=p) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=p) from None
    except PermissionError:
        raise InputError("permission denied", path=p) from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path=p) from None


def line_of(data: bytes | str, offset: int) -> int:
    """The 1-based line number of ``offset`` in ``data``."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1  # type: ignore[arg-type]


def check_not_binary(data: bytes, path: str | Path) -> None:
    """Refuse data that holds NUL bytes: no text format we read allows them."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            "looks like a binary file (NUL byte), not text", path=path, line=line_of(data, nul)
        )


def decode_text(data: bytes, path: str | Path) -> str:
    """Decode UTF-8 text, dropping a leading BOM; errors name the line of the bad byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("is UTF-16 (byte-order mark); convert the file to UTF-8", path=path,
                         line=1)
    check_not_binary(data, path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); convert the file to UTF-8",
            path=path,
            line=line_of(data, exc.start),
        ) from None
    return text[1:] if text.startswith(BOM) else text


def atomic_write(path: str | Path, data: bytes | str | Iterable[str | bytes]) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a mix.
    ``data`` may also come in pieces (an iterable of ``str`` or ``bytes``), written as they
    come.

    The data goes to a temporary file in the same folder, is flushed to disk, and is renamed
    over ``path``; then the folder is flushed. A symbolic link is written through (its target
    is replaced, the link stays). On any failure the temporary file is removed and ``path`` is
    untouched; an operating-system error (missing folder, no permission, disk full) becomes an
    :class:`InputError` naming ``path``. Temporary files a killed write left beside ``path``
    are removed.
    """
    shown = Path(path)
    target = Path(os.path.realpath(shown)) if shown.is_symlink() else shown
    pieces = [data] if isinstance(data, str | bytes) else data
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InputError("is a folder, expected a file to write", path=str(shown))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write here: {exc.strerror or exc}", path=str(shown)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise InputError(f"cannot write: {exc.strerror or exc}", path=str(shown)) from None
        raise
    fsync_dir(folder)
    remove_stale_temporaries(target)


def remove_stale_temporaries(target: Path) -> int:
    """Remove the temporary files :func:`atomic_write` makes for ``target``
    (``.NAME.XXXXXXXX.tmp``) that a killed write left: older than this process and than a
    minute. Returns how many went; best effort."""
    pattern = re.compile(re.escape(f".{target.name}.") + r"[a-z0-9_]{8}\.tmp")
    cutoff = min(_STARTED, time.time() - _STALE_AFTER_S)
    removed = 0
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent if str(target.parent) else "."):
            if not pattern.fullmatch(entry.name) or not entry.is_file(follow_symlinks=False):
                continue
            with contextlib.suppress(OSError):
                if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                    os.unlink(entry.path)
                    removed += 1
    return removed


def refuse_symlink(path: Path) -> None:
    """Refuse a log (journal, checkpoint) that is a symbolic link: writing it would write
    wherever the link points."""
    if path.is_symlink():
        raise InputError("is a symbolic link; refusing to read or write a log through it "
                         "(remove the link)", path=path)


def fsync_dir(folder: str | Path) -> None:
    """Flush ``folder``'s entries (a new or renamed file) to disk; best effort."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def append_json_lines(handle: BinaryIO, records: Iterable[dict[str, Any]]) -> None:
    """Append ``records`` to ``handle`` (opened ``"ab"``) as JSON lines, flushed and fsynced
    before returning, so a crash loses at most the write in flight (journals, checkpoints)."""
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    handle.write(data.encode("utf-8"))
    handle.flush()
    os.fsync(handle.fileno())


@dataclass(frozen=True)
class JsonLine:
    """One line of a JSON-lines file: its 1-based ``number``, the ``value`` parsed (``None``
    when ``garbled``), whether it ended in a newline (``complete``) and the byte offset just
    after it (``end``)."""

    number: int
    value: Any
    garbled: bool
    complete: bool
    end: int


def read_json_lines(path: str | Path) -> list[JsonLine]:
    """The lines of a JSON-lines file, in order; a last piece without a newline (a write cut
    short) comes with ``complete=False``. Lines split at ``\n`` only (a U+2028 inside a
    record stays in it). Raises ``OSError`` as reading does, :class:`InputError` for a
    symbolic link."""
    refuse_symlink(Path(path))
    data = Path(path).read_bytes()
    pieces = data.split(b"\n")
    out: list[JsonLine] = []
    offset = 0
    for number, raw in enumerate(pieces, start=1):
        complete = number < len(pieces)
        if not complete and not raw:
            break
        offset += len(raw) + (1 if complete else 0)
        try:
            value, garbled = json.loads(raw.decode("utf-8")), False
        except (ValueError, RecursionError):  # also too long an integer, nesting too deep
            value, garbled = None, True
        out.append(JsonLine(number, value, garbled, complete, offset))
    return out


class JsonLinesLog:
    """An append-only JSON-lines file: a header record first, then records, each write flushed
    and fsynced before returning (and the folder fsynced when the file is created), so a crash
    loses at most the write in flight. Readers use :func:`read_json_lines`, which tolerates a
    torn last line. A write that fails raises :class:`LogWriteError` and is counted in
    ``failures``; the next write first cuts off what the failed one may have left. A symbolic
    link is refused. Safe to share between threads."""

    def __init__(self, path: Path, header: dict[str, Any]) -> None:
        self.path = path
        self.header = header
        self.handle: BinaryIO | None = None
        self.failures = 0
        self._good: int | None = None  # the intact length after the last good write
        self._lock = threading.Lock()

    def header_record(self) -> dict[str, Any]:
        """The record written first in a new file."""
        return self.header

    def create(self) -> None:
        """Start the file afresh (replacing any) with the header."""
        with self._lock:
            self._guarded(lambda: self._open(0))

    def reopen(self, keep: int | None = None) -> None:
        """Open the file for appending, cut to its first ``keep`` bytes (a torn tail dropped);
        a missing or empty file is started with the header."""
        with self._lock:
            self._guarded(lambda: self._open(keep))

    def write(self, records: Iterable[dict[str, Any]]) -> None:
        """Append ``records`` (opening the file first if needed), flushed and fsynced."""
        records = list(records)
        with self._lock:
            self._guarded(lambda: self._append(records))

    def replace(self, records: Iterable[dict[str, Any]]) -> None:
        """Replace the file, atomically, by the header and ``records``, then append after them.
        Until the new file is durable the old one stays whole (a crash keeps one of them)."""
        lines = [self.header_record(), *records]
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines)
        with self._lock:
            self._close()
            refuse_symlink(self.path)
            try:
                atomic_write(self.path, data)
            except InputError:
                self.failures += 1
                raise
            self._guarded(lambda: self._open(None))

    def close(self) -> None:
        with self._lock:
            self._close()

    def remove(self) -> None:
        """Close and delete the file."""
        with self._lock:
            self._close()
            self._good = None
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

    def _guarded(self, step: Any) -> None:
        try:
            step()
        except OSError as exc:
            self.failures += 1
            self._close()
            raise LogWriteError(f"cannot write: {exc.strerror or exc}", path=self.path) from None

    def _append(self, records: list[dict[str, Any]]) -> None:
        if self.handle is None:
            self._open(self._good)
        assert self.handle is not None
        append_json_lines(self.handle, records)
        self._good = self.handle.tell()

    def _open(self, keep: int | None) -> None:
        self._close()
        refuse_symlink(self.path)
        if keep is not None and self.path.exists():
            with self.path.open("r+b") as handle:
                handle.truncate(keep)
        fresh = not self.path.exists() or self.path.stat().st_size == 0
        self.handle = self.path.open("ab")
        if fresh:
            append_json_lines(self.handle, [self.header_record()])
            fsync_dir(self.path.parent)
        self._good = self.handle.tell()

    def _close(self) -> None:
        if self.handle is not None:
            with contextlib.suppress(OSError):
                self.handle.close()
            self.handle = None
