"""Locks on files that several `mt` processes may change at once, so that none loses another's
work: :func:`glossary_lock` around every read-modify-write of a glossary file (waits its turn),
:class:`ReviewLock` while a review session of a document is open (refuses a second one, which
`mt review` then opens read-only: :class:`LockHeld` says by whom).

Both are ``flock`` locks (:class:`FlockFile`) on a hidden ``.NAME.lock`` file beside the file:
the kernel releases them when the holder dies, so a stale lock from a killed process never
blocks. The holder removes the file on release (while still holding it), so none is left
behind; whoever locks re-checks that the path is still the file it locked. A review lock also
records who holds it (pid, host, start time) in a sidecar, read only while the lock is held by
someone else, so it never speaks for a dead process.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

from mt.errors import MTError

#: How often a waiting lock tries again (seconds).
POLL_S = 0.01

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


class Timeout(Exception):
    """The lock stayed held by another process for the whole wait."""


class FlockFile:
    """An exclusive ``flock`` on the file ``path``, which :meth:`release` removes.

    Removing it while held is safe because :meth:`acquire`, once it holds a lock, checks that
    ``path`` is still the file it locked: a process that waited on a file its holder then
    unlinked would otherwise hold a lock on a file nobody else can open, while a third
    creates a new one at ``path`` and locks that. It then tries again on the new file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def is_locked(self) -> bool:
        return self._fd is not None

    def acquire(self, timeout: float) -> None:
        """Hold the lock, waiting up to ``timeout`` seconds (:class:`Timeout`); an
        :class:`OSError` when the file cannot be created or opened."""
        import fcntl

        deadline = time.monotonic() + timeout
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0),
                         0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                if time.monotonic() >= deadline:
                    raise Timeout(str(self.path)) from None
                time.sleep(POLL_S)
                continue
            except BaseException:
                os.close(fd)
                raise
            if self._is_at_path(fd):
                self._fd = fd
                return
            os.close(fd)  # its holder removed it before we had it: lock the one there now

    def _is_at_path(self, fd: int) -> bool:
        try:
            return os.path.samestat(os.fstat(fd), os.stat(self.path, follow_symlinks=False))
        except FileNotFoundError:
            return False

    def release(self) -> None:
        """Remove the file, then unlock it (nothing when not held)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        finally:
            os.close(fd)  # closing the last descriptor unlocks


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
    lock = FlockFile(target)
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
        self._lock = FlockFile(self.path)

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
