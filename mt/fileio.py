"""Reading inputs with clear errors and writing outputs atomically."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from mt.errors import InputError

BOM = "\ufeff"


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


def atomic_write(path: str | Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a mix.

    The data goes to a temporary file in the same folder, is flushed to disk, and is renamed
    over ``path``. On any failure the temporary file is removed and ``path`` is untouched; an
    operating-system error (missing folder, no permission, disk full) becomes an
    :class:`InputError` naming ``path``.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InputError("is a folder, expected a file to write", path=str(target))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write here: {exc.strerror or exc}", path=str(target)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
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
            raise InputError(f"cannot write: {exc.strerror or exc}", path=str(target)) from None
        raise


def append_json_lines(handle: BinaryIO, records: Iterable[dict[str, Any]]) -> None:
    """Append ``records`` to ``handle`` (opened ``"ab"``) as JSON lines, flushed and fsynced
    before returning, so a crash loses at most the write in flight (journals, checkpoints)."""
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    handle.write(data.encode("utf-8"))
    handle.flush()
    os.fsync(handle.fileno())
