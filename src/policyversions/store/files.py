"""Durable file operations: atomic writes with fsync, and the writers' lock.

:func:`write_atomic` writes a temporary file in the target's directory (named
``.<name>.<random>.tmp``), flushes and fsyncs it, renames it over the target with
:func:`os.replace` and fsyncs the directory, so that after a crash the target holds either its
old or its new bytes, never a mix. :func:`make_dirs` creates missing directories and fsyncs
each parent, so a new directory survives a crash too.

:class:`WriterLock` serialises writers of one repository with an exclusive :func:`fcntl.flock`
on a lock file. The kernel drops the lock when its holder dies, so a killed writer never
blocks the next one. Readers take no lock: every file they read is replaced atomically.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
import time
from pathlib import Path
from types import TracebackType

from .errors import ConflictError, StoreError

TEMP_SUFFIX = ".tmp"
#: Mode of the files written (temporary files start as 0600): readable by all, as archives need.
FILE_MODE = 0o644


def fsync_dir(path: Path) -> None:
    """Flush the directory entry changes of *path* to disk; :class:`StoreError` if it fails."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as error:
        raise StoreError(f"cannot sync the directory: {error.strerror}", str(path)) from None


def make_dirs(path: Path) -> None:
    """Create *path* and its missing parents, fsyncing each parent that gained an entry."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for directory in reversed(missing):
        try:
            directory.mkdir()
        except FileExistsError:
            pass
        except OSError as error:
            raise StoreError(f"cannot create directory: {error.strerror}", str(directory)) from None
        fsync_dir(directory.parent)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace *path* with *data* atomically and durably (see the module docstring)."""
    directory = path.parent
    try:
        fd, temp_name = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    except OSError as error:
        raise StoreError(f"cannot write: {error.strerror}", str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise StoreError(f"cannot write: {error.strerror}", str(path)) from None
    fsync_dir(directory)


def read_bytes(path: Path) -> bytes:
    """Return the bytes of *path*; raise :class:`StoreError` for a missing or unreadable file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise StoreError("no such file", str(path)) from None
    except OSError as error:
        raise StoreError(f"cannot read: {error.strerror}", str(path)) from None


class WriterLock:
    """An exclusive lock on *path*, held in a ``with`` block.

    Waits up to *timeout* seconds for another writer, then raises :class:`ConflictError`.
    """

    def __init__(self, path: Path, timeout: float = 30.0) -> None:
        self.path = path
        self.timeout = timeout
        self._fd: int | None = None

    def __enter__(self) -> WriterLock:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise StoreError(
                f"cannot open the lock file: {error.strerror}", str(self.path)
            ) from None
        deadline = time.monotonic() + self.timeout
        delay = 0.001
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    os.close(fd)
                    raise StoreError(f"cannot lock: {error.strerror}", str(self.path)) from None
            if time.monotonic() >= deadline:
                os.close(fd)
                raise ConflictError(
                    f"another writer has held the repository lock for over {self.timeout:g} s; "
                    "nothing was written, try again",
                    str(self.path),
                )
            time.sleep(delay)
            delay = min(delay * 2, 0.05)
        self._fd = fd
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


__all__ = [
    "FILE_MODE",
    "TEMP_SUFFIX",
    "WriterLock",
    "fsync_dir",
    "make_dirs",
    "read_bytes",
    "write_atomic",
]
