"""Whole-file writes that a reader never sees half done, for the caches and indexes.

The data goes to a temporary file in the target's folder (same file system, so the rename is
atomic), then ``os.replace`` puts it in place; on any failure the temporary file is removed and
the error raised for the caller to decide (caches skip it: they are only caches). The reading
state has stricter needs (folder fsync, locks, kept permissions) and its own storage class.
"""
from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: bytes | memoryview | str, *,
                 durable: bool = False) -> None:
    """Replace ``path`` with ``data`` (str is written as UTF-8), creating its folder if needed.
    ``durable`` also fsyncs the file before the rename, for files costly to rebuild."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
