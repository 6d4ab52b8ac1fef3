"""Writing the site: only what changed, each file atomically, never a file it did not write.

The site's folder holds a manifest, ``.policyversions-site.json``: for every file the last
publish wrote (or found already right), the *key* of what it was made from (a SHA-256 of every
input of that file: the repository's hash chain, the day's statuses, the language, the base URL
and the code that renders it) and the size, modification time and inode the file had then.

:meth:`SiteWriter.fresh` says a file needs nothing: the manifest has it with the same key, and
the file on disk is the one recorded (same size, time and inode; a file edited or replaced by
hand is made again). Otherwise the file is rendered and :meth:`SiteWriter.put` compares the
bytes with the file on disk: equal bytes are left alone (not even touched), different bytes are
written to a temporary file in the same folder and renamed over the old one, so a reader (or a
web server) sees the old file or the new one, never a mix. Folders are synced once each at the
end, then the manifest is replaced the same way (only when it changed): a publish interrupted
at any moment leaves every file whole, and the next one finishes the work (one stopped by an
error saves a manifest of what it wrote beside what the last one did).

Files of the last publish that this one does not make (a redline to a revision that is no
longer the latest) are removed; nothing the manifest does not name is ever removed or
overwritten, and publishing into a folder that holds other files and no manifest is refused.
One publish at a time: a lock file, ``.policyversions-site.lock``, serialises them.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from pathlib import Path
from types import TracebackType
from typing import Final

from ..errors import PolicyVersionsError
from ..store.errors import StoreError
from ..store.files import WriterLock, fsync_dir, make_dirs, write_atomic

MANIFEST: Final = ".policyversions-site.json"
LOCK: Final = ".policyversions-site.lock"
MANIFEST_FORMAT: Final = "policyversions-site"
MANIFEST_VERSION: Final = 1
_OWN: Final = frozenset({MANIFEST, LOCK})

Stamp = tuple[int, int, int]
"""A file as found on disk: size, modification time (ns) and inode."""


class PublishError(PolicyVersionsError):
    """The site could not be written where asked (one line: what, and where)."""


def _stamp(status: os.stat_result) -> Stamp:
    return (status.st_size, status.st_mtime_ns, status.st_ino)


class SiteWriter:
    """Writes the files of one publish into *root* (see the module docstring); use as a
    context manager: entering takes the lock and reads the manifest, :meth:`finish` removes
    what the site no longer holds and saves the manifest."""

    def __init__(self, root: Path, *, lock_timeout: float = 30.0) -> None:
        self.root = root
        self.lock_timeout = lock_timeout
        self._lock: WriterLock | None = None
        self._old: dict[str, tuple[str, Stamp]] = {}
        self._new: dict[str, tuple[str, Stamp]] = {}
        self._dirty_dirs: set[Path] = set()
        self.written: list[str] = []
        self.unchanged = 0
        self.removed: list[str] = []
        self._finished = False

    # -- opening -------------------------------------------------------------------------------

    def __enter__(self) -> SiteWriter:
        root = self.root
        if root.is_symlink() or (root.exists() and not root.is_dir()):
            raise PublishError("not a folder", str(root))
        if root.exists():
            self._refuse_foreign()  # before the lock file is made
        make_dirs(root)
        self._lock = WriterLock(root / LOCK, self.lock_timeout)
        self._lock.__enter__()
        try:
            self._old = self._read_manifest()
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        try:
            if value is not None and not self._finished and self._lock is not None:
                # Interrupted (a revision that cannot be read, a full disk): the manifest names
                # every file written so far beside those of the last publish, so the next
                # publish into this folder picks up from here.
                with contextlib.suppress(PolicyVersionsError, OSError):
                    self._save({**self._old, **self._new})
        finally:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.__exit__(None, None, None)
            self._lock = None

    def _read_manifest(self) -> dict[str, tuple[str, Stamp]]:
        path = self.root / MANIFEST
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            self._refuse_foreign()
            return {}
        except OSError as error:
            raise PublishError(f"cannot read: {error.strerror}", str(path)) from None
        try:
            data = json.loads(raw.decode("utf-8"))
            if data.get("format") != MANIFEST_FORMAT or data.get("version") != MANIFEST_VERSION:
                raise ValueError("not a manifest of this version")
            files: dict[str, tuple[str, Stamp]] = {}
            for name, (key, size, mtime, inode) in data["files"].items():
                files[self._checked(name)] = (str(key), (int(size), int(mtime), int(inode)))
            return files
        except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError):
            # A damaged manifest only costs a full publish: every file is compared anew.
            return {}

    def _refuse_foreign(self) -> None:
        """Refuse a folder that holds files and no manifest: not a site we published."""
        if (self.root / MANIFEST).exists():
            return
        try:
            others = sorted(name for name in os.listdir(self.root) if name not in _OWN)
        except OSError as error:
            raise PublishError(f"cannot read: {error.strerror}", str(self.root)) from None
        if others:
            raise PublishError(
                f"the folder holds other files ({others[0]}, ...) and no site published by "
                "policyversions: publish into an empty folder or a site published before",
                str(self.root),
            )

    def _checked(self, name: str) -> str:
        parts = name.split("/")
        if not name or name.startswith("/") or any(part in ("", ".", "..") for part in parts):
            raise ValueError(f"bad path {name!r}")
        return name

    # -- writing -------------------------------------------------------------------------------

    def fresh(self, path: str, key: str) -> bool:
        """Whether *path* is as the last publish left it, made from the same *key*; if so it
        is kept (nothing is rendered or written)."""
        known = self._old.get(path)
        if known is None or known[0] != key:
            return False
        try:
            status = os.lstat(self.root / path)
        except OSError:
            return False
        if not stat.S_ISREG(status.st_mode) or _stamp(status) != known[1]:
            return False
        self._new[path] = known
        self.unchanged += 1
        return True

    def put(self, path: str, key: str, data: bytes) -> bool:
        """Make *path* hold *data* (made from *key*); return whether it was written (``False``
        when it held those bytes already)."""
        target = self.root / path
        status = self._regular(target)
        if status is not None and status.st_size == len(data):
            try:
                same = target.read_bytes() == data
            except OSError:
                same = False
            if same:
                self._new[path] = (key, _stamp(status))
                self.unchanged += 1
                return False
        directory = target.parent
        if not directory.is_dir():
            make_dirs(directory)
        self._write(target, data)
        self._dirty_dirs.add(directory)
        self._new[path] = (key, _stamp(os.lstat(target)))
        self.written.append(path)
        return True

    def _regular(self, target: Path) -> os.stat_result | None:
        try:
            status = os.lstat(target)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise PublishError(f"cannot read: {error.strerror}", str(target)) from None
        if stat.S_ISDIR(status.st_mode):
            raise PublishError("a folder where the site needs a file", str(target))
        return status if stat.S_ISREG(status.st_mode) else None

    def _write(self, target: Path, data: bytes) -> None:
        """Write *data* to a temporary file beside *target* and rename it over *target* (the
        store's atomic write; the folders are synced once, in :meth:`finish`)."""
        try:
            write_atomic(target, data, sync_directory=False)
        except StoreError as error:
            raise PublishError(error.what, error.where) from None

    # -- finishing -----------------------------------------------------------------------------

    def finish(self) -> None:
        """Remove the files of the last publish that this one did not make, sync the folders
        written to, and save the manifest if it changed."""
        for path in sorted(set(self._old) - set(self._new)):
            target = self.root / path
            try:
                os.unlink(target)
            except FileNotFoundError:
                continue
            except OSError as error:
                raise PublishError(f"cannot remove: {error.strerror}", str(target)) from None
            self.removed.append(path)
            self._dirty_dirs.add(target.parent)
            self._prune(target.parent)
        for directory in sorted(self._dirty_dirs):
            if directory.is_dir():
                fsync_dir(directory)
        if self._new != self._old or not (self.root / MANIFEST).exists():
            self._save(self._new)
        self._finished = True

    def _save(self, files: dict[str, tuple[str, Stamp]]) -> None:
        """Replace the manifest with one naming *files*."""
        data = {
            "format": MANIFEST_FORMAT,
            "version": MANIFEST_VERSION,
            "files": {path: [key, *stamp] for path, (key, stamp) in sorted(files.items())},
        }
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        self._write(self.root / MANIFEST, (text + "\n").encode("utf-8"))
        fsync_dir(self.root)

    def _prune(self, directory: Path) -> None:
        """Remove *directory* and its parents below the root while they are empty."""
        while directory != self.root and self.root in directory.parents:
            try:
                directory.rmdir()
            except OSError:
                return
            self._dirty_dirs.discard(directory)
            self._dirty_dirs.add(directory.parent)
            directory = directory.parent


__all__ = ["LOCK", "MANIFEST", "PublishError", "SiteWriter"]
