"""Durable file operations: atomic writes with fsync, safe reads, and the writers' lock.

:func:`write_atomic` writes a temporary file in the target's directory (named
``.<name>.<random>.tmp``), flushes and fsyncs it, renames it over the target with
:func:`os.replace` and fsyncs the directory, so that after a crash the target holds either its
old or its new bytes, never a mix. :func:`make_dirs` creates missing directories and fsyncs
each parent, so a new directory survives a crash too.

:class:`WriterLock` serialises writers of one repository with an exclusive :func:`fcntl.flock`
on a lock file. The kernel drops the lock when its holder dies, so a killed writer never
blocks the next one. Readers take no lock: every file they read is replaced atomically.

The store never follows a symbolic link inside a repository: :func:`read_bytes` and the lock
refuse one (``O_NOFOLLOW``), as they refuse anything that is not a regular file (a FIFO would
block a reader forever), and :func:`check_real_directories` refuses a symlinked policy folder,
so that nothing is read from or written outside the repository through one. A full disk or any
other failed write is one :class:`StoreError` line, and the old file is left as it was.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
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


def write_atomic(path: Path, data: bytes, *, sync_directory: bool = True) -> None:
    """Replace *path* with *data* atomically and durably (see the module docstring). A writer
    of many files in one folder may pass ``sync_directory=False`` and :func:`fsync_dir` the
    folder once when it is done."""
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
    if sync_directory:
        fsync_dir(directory)


_KINDS = {
    stat.S_IFREG: "a file",
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFLNK: "a symbolic link",
}


def kind_of(mode: int) -> str:
    """What a file of *mode* is, in words: ``a FIFO``, ``a symbolic link``, ..."""
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def open_regular(path: Path, flags: int = os.O_RDONLY) -> int:
    """Open *path* (never through a symbolic link) and return its descriptor; raise
    :class:`StoreError` for a missing file, a symbolic link or anything not a regular file."""
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
    except FileNotFoundError:
        raise StoreError("no such file", str(path)) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise StoreError(
                "a symbolic link, refused: the repository never reads or writes through one",
                str(path),
            ) from None
        raise StoreError(f"cannot open: {error.strerror}", str(path)) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise StoreError(f"{kind_of(mode)}, not a regular file", str(path))
    return fd


def read_bytes(path: Path) -> bytes:
    """Return the bytes of *path*; raise :class:`StoreError` for a missing or unreadable file,
    a symbolic link or anything that is not a regular file."""
    fd = open_regular(path)
    try:
        with os.fdopen(fd, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise StoreError(f"cannot read: {error.strerror}", str(path)) from None


def check_real_directories(root: Path, parts: list[str]) -> None:
    """Refuse (:class:`StoreError`) a symbolic link, or anything not a directory, among
    ``root/parts[0]``, ``root/parts[0]/parts[1]``, ...; a missing one ends the check."""
    current = root
    for part in parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return
        except OSError as error:
            raise StoreError(f"cannot read: {error.strerror}", str(current)) from None
        if stat.S_ISLNK(mode):
            raise StoreError(
                "a symbolic link, refused: a policy folder must be a real folder inside the "
                "repository",
                str(current),
            )
        if not stat.S_ISDIR(mode):
            raise StoreError(f"{kind_of(mode)} where a folder should be", str(current))


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
            fd = open_regular(self.path, os.O_RDWR | os.O_CREAT)
        except StoreError as error:
            raise StoreError(f"cannot use the lock file: {error.what}", error.where) from None
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
    "check_real_directories",
    "fsync_dir",
    "kind_of",
    "make_dirs",
    "open_regular",
    "read_bytes",
    "write_atomic",
]
