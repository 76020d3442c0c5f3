"""Locks on files that several `mt` processes may change at once, so that none loses another's
work: :func:`glossary_lock` around every read-modify-write of a glossary file (waits its turn),
:class:`ReviewLock` while a review session of a document is open (refuses a second one, which
`mt review` then opens read-only: :class:`LockHeld` says by whom).

Both are ``flock`` locks (through :mod:`filelock`) on a hidden ``.NAME.lock`` file beside the
file: the kernel releases them when the holder dies, so a stale lock from a killed process never
blocks. A review lock also records who holds it (pid, host, start time) in a sidecar, read only
while the lock is held by someone else, so it never speaks for a dead process.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from mt.errors import MTError

#: How long a glossary edit waits for another one to finish before giving up.
GLOSSARY_WAIT_S = 60.0


class LockedError(MTError):
    """A file is locked by another `mt` process."""


class LockHeld(LockedError):
    """Another review holds the document; ``reason`` says who, for a read-only view
    ("being reviewed by pid 41 on host x since 2026-12-02 14:02:10")."""

    def __init__(self, message: str, *, reason: str, path: str | Path | None = None) -> None:
        super().__init__(message, path=path)
        self.reason = reason


def lock_path(path: Path) -> Path:
    """The lock file of ``path``: ``.NAME.lock`` beside it (beside a symlink's target)."""
    real = Path(os.path.realpath(path))
    return real.with_name(f".{real.name}.lock")


@contextlib.contextmanager
def glossary_lock(path: str | Path, timeout: float = GLOSSARY_WAIT_S) -> Iterator[None]:
    """Hold the exclusive lock of the glossary file ``path`` (waiting up to ``timeout``
    seconds for another process's edit to finish). Without its folder there is nothing to
    lock (writing will say so)."""
    target = lock_path(Path(path))
    if not target.parent.is_dir():
        yield
        return
    lock = FileLock(target, thread_local=False)
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise LockedError(f"another mt process has been editing this glossary for over "
                          f"{timeout:.0f} s; try again", path=path) from None
    except OSError as exc:
        raise LockedError(f"cannot lock: {exc.strerror or exc}", path=path) from None
    try:
        yield
    finally:
        lock.release()


class ReviewLock:
    """The exclusive lock of one document's review: :meth:`acquire` refuses
    (:class:`LockedError`, exit 2) while another process holds it, naming that process."""

    def __init__(self, key: Path) -> None:
        self.path = lock_path(key)
        self.owner = self.path.with_name(self.path.name + ".owner")
        self._lock = FileLock(self.path, thread_local=False)

    def acquire(self, what: str | Path) -> None:
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise LockHeld(f"{self.holder()} is reviewing this document; finish or quit "
                           "that review first, or open it with --read-only",
                           reason=self.reason(), path=what) from None
        except OSError as exc:
            raise LockedError(f"cannot lock for review: {exc.strerror or exc}; open it with "
                              "--read-only to look at it, or review a copy in a folder you "
                              "can write", path=what) from None
        info = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
        with contextlib.suppress(OSError):
            self.owner.write_text(json.dumps(info), encoding="utf-8")

    def _owner(self) -> tuple[int, str, str] | None:
        """The holder's pid, host and start time (as text), if its sidecar says."""
        try:
            info = json.loads(self.owner.read_text(encoding="utf-8"))
            since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(info["since"])))
            return int(info["pid"]), str(info["host"]), since
        except (OSError, ValueError, KeyError, TypeError, AttributeError, OverflowError):
            return None

    def holder(self) -> str:
        """Who holds the lock, as a phrase ("another mt review (pid 41 on x, since 14:02)")."""
        owner = self._owner()
        if owner is None:
            return "another mt review (which one is unknown: it is just starting)"
        return f"another mt review (pid {owner[0]} on {owner[1]}, since {owner[2]})"

    def reason(self) -> str:
        """Why a second session is read-only: "being reviewed by pid 41 on host x since …"."""
        owner = self._owner()
        if owner is None:
            return "being reviewed by another mt review (it is just starting)"
        return f"being reviewed by pid {owner[0]} on host {owner[1]} since {owner[2]}"

    def release(self) -> None:
        if self._lock.is_locked:
            with contextlib.suppress(OSError):
                self.owner.unlink()
            self._lock.release()
