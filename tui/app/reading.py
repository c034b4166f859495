"""Reading article files for the app (*plain*): big files in a child process.

A 20 MB file takes seconds to split into paragraphs and sentences (tens of seconds on a busy
machine). Read in a thread of the app, that work shares the interpreter lock with the screen,
which then answers keys in about a second; read in a child process (``tui.childjob``) it does
not, and leaving cancels it with a kill. The parsed article comes back packed
(``tui.corpus.packed``) and is rebuilt in the calling thread a block at a time, pausing
between blocks so the screen keeps its turn. Small files are read in place: starting a child
costs more than reading them.
"""
from __future__ import annotations

import os

from tui.cancel import CancelCheck
from tui.corpus import Article, LoadError, read_article

# Files bigger than this are read in a child process.
CHILD_READ_BYTES = 1 << 20


def read_file(path: str, cancelled: CancelCheck = None, progress=None) -> Article:
    """``read_article`` with the same errors, in a child process when the file is big.
    ``progress(done, total)`` counts characters read, then ``progress(done, total,
    "loading")`` characters of the parsed article taken over from the child."""
    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0  # read_article says what is wrong with it
    if size <= CHILD_READ_BYTES:
        return read_article(path, cancelled, progress)
    from tui import childjob
    from tui.corpus.packed import unpack_article

    def update(value) -> None:
        if progress is not None and value[0] == "read":
            progress(value[1], value[2])

    try:
        packed = childjob.run("tui.child_targets:read_article", {"path": path},
                              cancelled=cancelled, on_update=update)
    except OSError:  # no interpreter to start a child with: read it here
        return read_article(path, cancelled, progress)
    except childjob.JobFailed as e:
        if e.kind == "LoadError":
            raise LoadError(str(e)) from None
        if e.kind is None:  # the child could not run (or died): read it here
            return read_article(path, cancelled, progress)
        raise
    loading = None if progress is None else (lambda d, t: progress(d, t, "loading"))
    return unpack_article(packed, cancelled, progress=loading)
