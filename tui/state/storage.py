"""``AtomicJSONStorage``: a TinyDB storage that keeps the data in memory and persists it with an
atomic replace, under an inter-process lock, merging with whatever other processes wrote.

TinyDB calls ``read``/``write`` on every table operation; here they only touch memory. Callers
record which documents they changed with ``mark`` and persist with ``commit`` (see
``tui/state/__init__.py`` for why the work is split that way).
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from tui.state.schema import (
    SCHEMA_VERSION,
    CorruptStateError,
    Data,
    NewerSchemaError,
    fresh,
    upgrade,
    validate_shape,
)

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock, so no protection between instances
    fcntl = None  # type: ignore[assignment]

O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)

# Another instance holds the lock only for the few milliseconds of a write; waiting longer means
# it is stopped (ctrl+z) or hung, and the UI must not freeze behind it.
LOCK_TIMEOUT = 5.0

# Pending operations on one document. A patch (a dict of fields) is the third kind: it is
# applied to the file's copy of the document, so concurrent edits of other fields survive.
PUT = "put"
DELETE = "delete"

_READ_ONLY_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS}

# Windows cannot rename over a file that is open, so there the inode is not pinned (and the
# change check rests on size and mtime).
_PIN_INODES = os.name != "nt"

_UNCHANGED = object()
_MEMORY = object()


class LockTimeout(Exception):
    pass


class UnreadableStateError(Exception):
    """The file exists but the OS would not let us read it."""


def _reason(e: BaseException) -> str:
    return getattr(e, "strerror", None) or str(e) or type(e).__name__


# A table's JSON text is cached in buckets (by key hash): a change re-encodes one bucket, a few
# dozen documents, and joins the buckets' texts. A full re-encode is one json.dumps per bucket,
# about the cost of dumping the table at once (per-document dumps calls would be twice that).
BUCKETS = 256


def _encode_docs(docs: dict[str, Any]) -> bytes:
    """``"key":{...},"key2":{...}``: part of the inside of the table's JSON object."""
    # json.dumps escapes everything outside ASCII, so encoding never fails.
    return json.dumps(docs, allow_nan=False, separators=(",", ":"))[1:-1].encode("ascii")


class _TableText:
    def __init__(self, table: dict[str, dict[str, Any]]):
        self.keys: list[set[str]] = [set() for _ in range(BUCKETS)]
        for key in table:
            self.keys[hash(key) % BUCKETS].add(key)
        self.texts = [_encode_docs({k: table[k] for k in keys}) if keys else b""
                      for keys in self.keys]

    def update(self, table: dict[str, dict[str, Any]], changed: set[str]) -> None:
        touched = set()
        for key in changed:
            b = hash(key) % BUCKETS
            touched.add(b)
            if key in table:
                self.keys[b].add(key)
            else:
                self.keys[b].discard(key)
        for b in touched:
            keys = self.keys[b]
            self.texts[b] = _encode_docs({k: table[k] for k in keys}) if keys else b""

    def pieces(self, out: list[bytes]) -> None:
        """Append the table's JSON object, in pieces (joined once for the whole file)."""
        out.append(b"{")
        first = True
        for text in self.texts:
            if text:
                if not first:
                    out.append(b",")
                out.append(text)
                first = False
        out.append(b"}")


def _signature(st: os.stat_result) -> tuple[int, ...]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def parse_state(raw: bytes) -> Data | None:
    """The document in ``raw``; None for an empty file (TinyDB's convention for a new store)."""
    if not raw.strip():
        return None
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        raise CorruptStateError("not UTF-8 text") from None
    except ValueError as e:
        raise CorruptStateError(f"not valid JSON: {e}") from None
    except RecursionError:
        raise CorruptStateError("JSON nested too deeply") from None
    return validate_shape(data)


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        if self.path.is_symlink():
            # Replacing the link would turn it into a plain file: write where it points.
            self.path = Path(os.path.realpath(self.path))
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.messages: list[str] = []
        self.read_only = False
        self._data: Data = fresh()
        self._pending: dict[tuple[str, str], Any] = {}
        # Cached JSON text per table, so a write re-encodes only what changed (json.dumps of
        # 10,000 positions alone costs several times the whole write budget). None: re-encode
        # everything at the next write.
        self._texts: dict[str, _TableText] | None = None
        # The file version we last read or wrote: its signature, and an open descriptor that
        # pins its inode (no new file can reuse the number), so "same inode, size and mtime as
        # the path now" reliably means nobody replaced the file.
        self._held: int | None = None
        self._held_sig: tuple[int, ...] | None = None
        self._mode: int | None = None  # the file's permissions, kept across rewrites
        self._lock_fd: int | None = None
        self._lock_depth = 0
        self._closed = False
        # ``lock`` guards the data and pending changes (taken by StateStore for every call);
        # ``_io_lock`` serializes this process's file work (commits, reloads, descriptors).
        self.lock = threading.RLock()
        self._io_lock = threading.Lock()

    # --- TinyDB's interface: memory only ---------------------------------------------------

    def read(self) -> Data:
        return self._data

    def write(self, data: Data) -> None:
        self._data = data

    def close(self) -> None:
        with self._io_lock, self.lock:
            if self._closed:
                return
            self._closed = True
            self._hold(None)
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None

    # --- public -----------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return bool(self._pending)

    def open(self) -> None:
        """Load the file (creating nothing yet), moving a corrupt one aside or migrating an old
        one. Never raises for file problems: they become ``messages`` and maybe ``read_only``."""
        if self.path.is_dir():
            self._go_read_only(f"State path {self.path} is a folder, not a file; reading "
                               "state is kept in memory only")
            return
        self._prepare_folder()
        try:
            with self._locked():
                if not self.read_only and fcntl is not None:
                    self._remove_stale_temp_files()
                self._load_initial()
        except LockTimeout:
            self._go_read_only(f"State file {self.path} is locked by another process; reading "
                               "state is kept in memory only")
            self._load_initial()

    def mark(self, table: str, key: str, op: Any = PUT) -> None:
        """Record that document ``key`` of ``table`` changed in memory (PUT: take our copy,
        DELETE: remove it, a dict: set these fields on the file's copy). Call with ``lock``
        held."""
        prev = self._pending.get((table, key))
        if isinstance(op, dict) and prev is not None:
            if not isinstance(prev, dict):
                return  # our whole document (or its deletion) is pending already
            op = {**prev, **op}
        self._pending[(table, key)] = op

    def refresh(self) -> bool:
        """Pick up another process's writes (keeping our pending changes on top). Call with
        ``lock`` held. Cheap when nothing changed: two stat calls. No file lock needed: the
        file is only ever replaced whole."""
        if self._closed:
            return False
        # A commit in progress in this process (the app flushes from a worker thread) is
        # writing our own data: skip rather than wait for its fsync on the UI thread.
        if not self._io_lock.acquire(blocking=False):
            return False
        try:
            if not self._changed_on_disk():
                return False
            try:
                raw = self._read_disk()
                base = upgrade(raw)[0] if raw is not None else fresh()
            except (CorruptStateError, UnreadableStateError):
                return False  # commit deals with it, under the file lock
            except NewerSchemaError as e:
                self._go_read_only(self._newer_message(e))
                return False
            self._data = self._overlay(base)
            self._texts = None
            return True
        finally:
            self._io_lock.release()

    def commit(self) -> None:
        """Persist pending changes: lock, re-read if another process wrote, merge, atomic
        write, unlock. Failures become messages; pending changes stay for the next try.

        Must not be called with ``lock`` held (lock order: io, file lock, memory). Memory is
        locked only to merge and encode; the write and fsyncs run without it, so another
        thread can keep recording changes meanwhile."""
        if not self._pending or self.read_only or self._closed:
            return
        try:
            with self._io_lock, self._locked():
                if self._closed or self.read_only:
                    return
                base = self._reread_if_replaced()
                if self.read_only:
                    return
                with self.lock:
                    if not self._pending:
                        return
                    if base is _UNCHANGED:
                        changed: dict[str, set[str]] | None = {}
                        for table, key in self._pending:
                            changed.setdefault(table, set()).add(key)
                    else:
                        if base is not _MEMORY:
                            self._data = self._overlay(base)
                        changed = None
                    blob = self._serialize(changed)
                    taken, self._pending = self._pending, {}
                try:
                    self._write_file(blob)
                except BaseException:
                    with self.lock:
                        newer, self._pending = self._pending, taken
                        for (table, key), op in newer.items():
                            self.mark(table, key, op)
                    raise
        except LockTimeout:
            self._note(f"State file {self.path} is locked by another process; will retry")
        except OSError as e:
            if e.errno in _READ_ONLY_ERRNOS:
                self._go_read_only(f"State folder {self.path.parent} is read-only "
                                   f"({_reason(e)}); reading state is kept in memory only")
            else:
                self._note(f"Could not save reading state to {self.path} ({_reason(e)}); "
                           "will retry")

    # --- loading ----------------------------------------------------------------------------

    def _prepare_folder(self) -> None:
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not os.access(folder, os.W_OK | os.X_OK):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
            self._lock_fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | O_CLOEXEC, 0o666)
        except OSError as e:
            reason = ("a file is in the way" if isinstance(e, (FileExistsError, NotADirectoryError))
                      else _reason(e))
            self._go_read_only(f"State folder {folder} is read-only or unusable ({reason}); "
                               "reading state is kept in memory only")

    def _remove_stale_temp_files(self) -> None:
        # Only called under the lock, when no other process can be mid-write: any temp file
        # left is from a writer that was killed.
        for stale in self.path.parent.glob(self.path.name + ".*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

    def _load_initial(self) -> None:
        self._data = fresh()
        try:
            raw = self._read_disk()
            if raw is None:
                return
            data, migrated = upgrade(raw)
        except (CorruptStateError, UnreadableStateError) as e:
            self._set_aside(e)
            return
        except NewerSchemaError as e:
            self._go_read_only(self._newer_message(e))
            self._data = raw  # kept as it is, never written back
            return
        self._data = data
        if migrated and not self.read_only:
            with contextlib.suppress(OSError):  # the migrated copy still serves from memory
                self._write_file(self._serialize(None))

    def _read_disk(self) -> Data | None:
        try:
            fd = os.open(self.path, os.O_RDONLY | O_CLOEXEC)
        except (FileNotFoundError, NotADirectoryError):  # nothing there (or no folder)
            self._hold(None)
            return None
        except OSError as e:
            self._hold(None)
            raise UnreadableStateError(_reason(e)) from None
        try:
            with open(fd, "rb", closefd=False) as f:
                raw = f.read()
        except OSError as e:  # EISDIR shows up here, not at open
            os.close(fd)
            self._hold(None)
            raise UnreadableStateError(_reason(e)) from None
        # Held even if the content is bad, so a file we cannot move is not re-read until it
        # changes.
        self._hold(fd)
        return parse_state(raw)

    def _set_aside(self, e: Exception) -> None:
        state = "corrupt" if isinstance(e, CorruptStateError) else "unreadable"
        if self.read_only:
            self._note(f"State file {self.path} is {state} ({e}); starting clean in memory")
            return
        target = self._aside_name()
        try:
            os.rename(self.path, target)
        except OSError as err:
            self._go_read_only(f"State file {self.path} is {state} ({e}) and could not be moved "
                               f"aside ({_reason(err)}); reading state is kept in memory only")
            return
        self._hold(None)
        self._note(f"State file was {state} ({e}); moved aside to {target}; starting clean")

    def _aside_name(self) -> Path:
        base = f"{self.path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}"
        target, n = self.path.with_name(base), 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{base}-{n}")
        return target

    def _newer_message(self, e: NewerSchemaError) -> str:
        return (f"State file {self.path} is from a newer Synoptic (schema {e.version}, this one "
                f"knows {SCHEMA_VERSION}); opened read-only, changes are kept in memory only")

    # --- merging and writing ----------------------------------------------------------------

    def _changed_on_disk(self) -> bool:
        try:
            now = os.stat(self.path)
        except FileNotFoundError:
            return self._held_sig is not None
        except OSError:
            return False
        return self._held_sig != _signature(now)

    def _reread_if_replaced(self) -> Any:
        """Under the file lock: the file's current document if another process replaced it
        since we last saw it, _UNCHANGED if not, _MEMORY if it was set aside (our memory, which
        holds our changes, then becomes the file)."""
        if not self._changed_on_disk():
            return _UNCHANGED
        try:
            raw = self._read_disk()
            return upgrade(raw)[0] if raw is not None else fresh()
        except (CorruptStateError, UnreadableStateError) as e:
            self._set_aside(e)
            return _MEMORY
        except NewerSchemaError as e:
            self._go_read_only(self._newer_message(e))
            return _MEMORY

    def _overlay(self, base: Data) -> Data:
        """``base`` (freshly read from disk) with our pending changes applied."""
        for (table, key), op in self._pending.items():
            target = base.setdefault(table, {})
            if op == DELETE:
                target.pop(key, None)
            elif op == PUT:
                doc = self._data.get(table, {}).get(key)
                if doc is not None:
                    target[key] = doc
            else:
                doc = target.get(key)
                if doc is not None:  # deleted by another process meanwhile: its delete wins
                    doc.update(op)
        return base

    def _serialize(self, changed: dict[str, set[str]] | None) -> bytes:
        if self._texts is None or changed is None:
            self._texts, changed = {}, None
        texts = self._texts
        pieces = [b"{"]
        try:
            for name, table in self._data.items():
                cached = texts.get(name)
                if cached is None:
                    cached = texts[name] = _TableText(table)
                elif changed and name in changed:
                    cached.update(table, changed[name])
                if len(pieces) > 1:
                    pieces.append(b",")
                pieces.append(json.dumps(name).encode("ascii") + b":")
                cached.pieces(pieces)
        except BaseException:
            self._texts = None  # half-updated: rebuild from scratch next time
            raise
        pieces.append(b"}")
        for name in [n for n in texts if n not in self._data]:
            del texts[name]
        return b"".join(pieces)

    def _write_file(self, blob: bytes) -> None:
        """Temp file in the same folder, write, fsync, rename over, fsync the folder: readers
        and a crash at any instant see the old file or the new one, never a mix."""
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | O_CLOEXEC, 0o666)
        try:
            if self._mode is not None and hasattr(os, "fchmod"):
                os.fchmod(fd, self._mode)  # a user's chmod 600 survives our rewrites
            view = memoryview(blob)
            while view:  # os.write is unbuffered: nothing is left in a user-space buffer
                view = view[os.write(fd, view):]
            os.fsync(fd)  # contents durable before the rename can make them visible
            os.replace(tmp, self.path)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        self._hold(fd)
        self._fsync_folder()

    def _fsync_folder(self) -> None:
        # Makes the rename itself durable. Some filesystems refuse fsync on a directory; the
        # data is written by then, so that only weakens durability, it does not lose the write.
        with contextlib.suppress(OSError):
            dfd = os.open(self.path.parent, os.O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)

    # --- locking and bookkeeping ------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """flock on the separate lock file (re-entrant within this storage)."""
        locked = False
        if self._lock_fd is not None and fcntl is not None and self._lock_depth == 0:
            deadline = time.monotonic() + LOCK_TIMEOUT
            delay = 0.0005
            while not locked:
                try:
                    fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    locked = True
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise LockTimeout() from None
                    time.sleep(delay)
                    delay = min(delay * 2, 0.01)
                except OSError as e:  # e.g. ENOLCK on some network filesystems
                    self._note(f"Could not lock {self.lock_path} ({_reason(e)}); two instances "
                               "open at once may overwrite each other's changes")
                    break
        self._lock_depth += 1
        try:
            yield
        finally:
            self._lock_depth -= 1
            if locked and self._lock_fd is not None:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def _hold(self, fd: int | None) -> None:
        """Remember ``fd``'s file as the version we know (None: there is no file)."""
        if self._held is not None:
            os.close(self._held)
            self._held = None
        if fd is None:
            self._held_sig = None
            return
        st = os.fstat(fd)
        # Taken now: a later fstat of the same inode would also show an in-place rewrite.
        self._held_sig = _signature(st)
        self._mode = stat.S_IMODE(st.st_mode)
        if _PIN_INODES:
            self._held = fd
        else:
            os.close(fd)

    def _note(self, message: str) -> None:
        if message not in self.messages:
            self.messages.append(message)

    def _go_read_only(self, message: str) -> None:
        self.read_only = True
        self._note(message)
