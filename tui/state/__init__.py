"""Reading state: positions, settings, the last session, bookmarks and alignment corrections,
in one TinyDB JSON file. Plain Python; nothing here imports Textual.

Design choices:

* **Own storage class.** TinyDB's ``JSONStorage`` rewrites the file in place (seek, write,
  truncate), so a crash or SIGKILL mid-write leaves half a document, and it serializes the
  whole database on every single operation. ``AtomicJSONStorage`` keeps the data in memory
  (TinyDB's read/write never touch the disk) and persists on ``flush``: write a temp file in
  the same folder, fsync it, ``os.replace`` it over the state file, fsync the folder. A reader
  or a crash sees the old file or the new one, never a mix. It also caches each document's
  JSON text, so a flush re-encodes only the documents that changed: with 10,000 positions,
  ``json.dumps`` of the whole file alone would blow the few-millisecond write budget.

* **A separate lock file** (``state.json.lock``, ``fcntl.flock``) held around every
  read-modify-write. The state file itself cannot carry the lock: it is replaced by a rename
  on every write, so a lock on it would be a lock on an inode that no longer has the name, and
  the next process would lock the new file and proceed in parallel. The lock file is never
  replaced, so everyone locks the same inode. Readers need no lock, as the file is only ever
  replaced whole.

* **Re-read inside the lock and merge.** Two instances each hold the whole state in memory;
  writing one's memory over the file would drop the other's updates. So every change is
  recorded per document (put, delete, or a patch of fields), and ``flush``, holding the lock,
  re-reads the file if another process replaced it since we last saw it (detected by
  inode/size/mtime against a descriptor we keep open on our last version, which keeps that
  inode number from being reused), applies only our recorded changes on top, and writes the
  result. Different keys never conflict; the same key is last-writer-wins; a bookmark deleted
  elsewhere stays deleted even if we edited it. Ids are strings (article ids, setting names,
  time-ordered random ids), never TinyDB's cached next integer id, which two processes would
  hand out twice; query caches are off for the same reason.

* **Failures never raise.** A corrupt or unreadable file is renamed to
  ``state.json.corrupt-<YYYYmmddTHHMMSS>`` and we start clean; a read-only or unusable folder
  and a file from a newer schema keep the state in memory only (``read_only``). Each case
  adds one line to ``messages`` for the UI to show.

* **Schema version** in the file (``meta`` table), upgraded on open by the chain of
  functions in ``tui.state.schema.MIGRATIONS``.

Positions are passage anchors (article id, passage index, line in passage), keyed by the
article id, which comes from the content, so renaming a file keeps its place. Saving them is
debounced by the caller: ``set_position`` is in memory, ``flush`` is a no-op when nothing
changed.
"""
# The folders are resolved in tui.paths for every layer; these names stay for callers.
from tui.paths import cache_dir as default_cache_dir
from tui.paths import state_path as default_state_path
from tui.state.schema import SCHEMA_VERSION
from tui.state.store import Anchor, StateStore

__all__ = ["Anchor", "SCHEMA_VERSION", "StateStore", "default_cache_dir", "default_state_path"]
