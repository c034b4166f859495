"""The compare screen's alignments: one ``PairJob`` per pair of articles, aligned in a
worker thread.

``CompareAlignment`` is a mixin of ``CompareScreen`` (compare_screen.py): it finds or makes the
job of two of the screen's articles (``_pair``), starts the workers the shown columns need,
and takes their results back on the app's thread. For two long articles of comparable length
(``incremental``) a worker posts the first window of paragraphs aligned first, so the first
screen shows links at once, then the whole alignment, made in a child process
(whole_alignment.py). ``generation`` drops what a replaced worker posts (a correction
re-aligns the pair); while any worker aligns, the interpreter hands its lock to the app's
thread more often, so keys stay answered.
"""
from __future__ import annotations

import sys
import threading
from functools import partial

from tui.corpus import Article

from .compare_model import PairIndex, complete, short_name

UNIT = "sentence"
INCREMENTAL_ABOVE = 400  # paragraphs: two articles longer than this show a first window first
LOPSIDED = 8             # ...unless one is this many times longer (the aligner prunes those)
# While a worker aligns, the app's thread waits for the interpreter lock each time it gives it
# up (every await on the event loop); Python hands it over every 5 ms by default, which made a
# key take 50-250 ms to show (tests/bench/compare_open.py). 0.5 ms keeps keys answered.
ALIGNING_SWITCH_INTERVAL = 0.0005


class PairJob:
    """The alignment of two articles (in id order): its index once known, and the worker's
    progress. ``generation`` drops results of a worker that was replaced (a correction
    re-aligns the pair)."""

    def __init__(self, a: Article, b: Article) -> None:
        self.articles = (a, b)
        self.index: PairIndex | None = None
        self.error = ""
        self.progress: tuple[int, int] | None = None  # left paragraphs linked, of all
        self.generation = 0
        self.running = False
        self.cancel = threading.Event()
        self.differs: dict = {}
        self.words: dict[tuple, tuple] = {}

    @property
    def progress_text(self) -> str:
        if self.progress is None or not self.running:
            return ""
        done, total = self.progress
        return f"aligning the whole ({done * 100 // max(1, total)}% linked)"


class CompareAlignment:
    """``CompareScreen``'s alignment jobs and their workers (a mixin: it uses the screen's
    articles, focus, offsets and ``_sync``)."""

    def _pair(self, i: int, j: int) -> tuple[PairJob, int]:
        """The job aligning articles ``i`` and ``j``, and the side article ``i`` is on."""
        a, b = self._articles[i], self._articles[j]
        first = (a.id, i) <= (b.id, j)
        key = (a.id, b.id) if first else (b.id, a.id)
        job = self._jobs.get(key)
        if job is None:
            job = self._jobs[key] = PairJob(a, b) if first else PairJob(b, a)
        return job, 0 if first else 1

    def _needed(self) -> list[int]:
        """Articles aligned with the focused one for what is on screen."""
        out = [i for i in self._shown if i != self._focus]
        if self._second not in out:
            out.append(self._second)
        return out

    def _ensure_jobs(self) -> None:
        for j in self._needed():
            job, _ = self._pair(self._focus, j)
            if job.index is None and not job.running and not job.error:
                self._start_job(job)

    def _start_job(self, job: PairJob) -> None:
        job.cancel.set()  # a worker still running for this pair stops at its next window
        job.cancel = threading.Event()
        job.generation += 1
        job.running = True
        job.error = ""
        self.run_worker(partial(self._align, job, job.generation, job.cancel), thread=True,
                        group="compare-align", exit_on_error=False,
                        description=f"align {short_name(job.articles[0])} with "
                                    f"{short_name(job.articles[1])}")

    def _align(self, job: PairJob, generation: int, cancel: threading.Event) -> None:
        """Worker thread: align the pair and post the index (for long articles, the first
        window's too), unless cancelled."""
        with _responsive_while_aligning():
            self._align_now(job, generation, cancel)

    def _align_now(self, job: PairJob, generation: int, cancel: threading.Event) -> None:
        a, b = job.articles
        try:
            from tui.align.corrections import from_store

            records = from_store(self.app.state, a, b, UNIT)
        except Exception as e:  # noqa: BLE001 - unreadable state must not stop the compare view
            records = []
            self._call(self.notify, f"Could not read corrections: {e}", severity="warning",
                       markup=False)
        try:
            from tui.align import align_pair

            if not incremental(a, b):
                alignment = align_pair(a, b, UNIT, records or None)
                index = PairIndex(alignment, (a, b), None, job.differs)
                self._call(self._aligned, job, generation, index, None)
                return
            from tui.align.incremental import IncrementalAlignment

            from .whole_alignment import cache_whole

            # The first window of paragraphs, so the first screen shows links at once...
            work = IncrementalAlignment(a, b, UNIT, records or None)
            work.step()
            closing = self.app.closing
            if cancel.is_set() or closing.is_set():
                return
            if not work.done:
                focused = self._articles[self._focus].id
                sides = tuple(side for side in (0, 1) if job.articles[side].id == focused)
                index = PairIndex(complete(work.alignment(), (a, b)), (a, b),
                                  work.aligned_until, job.differs, sides or (0,))
                self._call(self._aligned, job, generation, index,
                           (work.aligned_until[0], len(a.paragraphs)))
                # ...then the whole alignment, as synoptic align makes it: windows miss what an
                # outlet moved further than a window (0.3% of the links of two 10,000-paragraph
                # documents differ). A child process makes it (keys stay quick, leaving kills
                # it) and caches it; align_pair reads it back with the corrections applied.
                if not cache_whole(a, b, UNIT, cancel, closing) and \
                        (cancel.is_set() or closing.is_set()):
                    return
            index = PairIndex(align_pair(a, b, UNIT, records or None), (a, b), None,
                              job.differs)
            if not cancel.is_set():
                self._call(self._aligned, job, generation, index, None)
        except Exception as e:  # noqa: BLE001 - say what failed; the columns stay readable
            self._call(self._align_failed, job, generation, e)

    def _call(self, callback, *args, **kwargs) -> None:
        """Run ``callback`` on the app's thread (from a worker); nothing once the app is gone."""
        try:
            self.app.call_from_thread(callback, *args, **kwargs)
        except RuntimeError:
            pass  # the app closed meanwhile

    def _aligned(self, job: PairJob, generation: int, index: PairIndex,
                 progress: tuple[int, int] | None) -> None:
        if generation != job.generation or not self.is_attached:
            return
        job.index = index
        job.progress = progress
        job.running = progress is not None
        job.words.clear()
        if self._stop is not None and job is self._pair(self._focus, self._second)[0]:
            self._stop = None
        if self._start_at_match and job is self._pair(self._focus, self._second)[0]:
            self._start_at_match = False
            self._go_to_first_match(index)
        self._sync()

    def _align_failed(self, job: PairJob, generation: int, error: Exception) -> None:
        if generation != job.generation or not self.is_attached:
            return
        job.running = False
        job.error = str(error) or type(error).__name__
        self._sync()

    def _go_to_first_match(self, index: PairIndex) -> None:
        """Opened without a place to return to: start at the first matching pair, so a weak
        link of a headline does not open the other column half-way down."""
        side = self._pair(self._focus, self._second)[1]
        if self._offsets[self._focus]:
            return
        for link in index.links:
            if link.kind == "match":
                units = link.left if side == 0 else link.right
                self._offsets[self._focus] = index.units(side)[units[0]].start
                self._scroll_focused("jump")
                return


def incremental(a: Article, b: Article) -> bool:
    """Whether the pair shows its first window of paragraphs aligned first (first screen at
    once) and the whole alignment, as ``synoptic align`` makes it, after: when both articles
    are long and of comparable length. A long article against a short one is aligned whole
    at once (the aligner looks in the long one only where the short one's words are)."""
    n, m = len(a.paragraphs), len(b.paragraphs)
    return min(n, m) > INCREMENTAL_ABOVE and max(n, m) <= LOPSIDED * min(n, m)


_switch_lock = threading.Lock()
_aligning = [0, 0.005]  # workers aligning, the switch interval before the first began


class _responsive_while_aligning:
    """While any compare alignment runs in a worker thread, the interpreter hands the lock to
    the app's thread more often (see ALIGNING_SWITCH_INTERVAL)."""

    def __enter__(self) -> None:
        with _switch_lock:
            if not _aligning[0]:
                _aligning[1] = sys.getswitchinterval()
                sys.setswitchinterval(min(_aligning[1], ALIGNING_SWITCH_INTERVAL))
            _aligning[0] += 1

    def __exit__(self, *exc) -> None:
        with _switch_lock:
            _aligning[0] -= 1
            if not _aligning[0]:
                sys.setswitchinterval(_aligning[1])
