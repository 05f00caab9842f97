"""The recorder's writer: runs its slow jobs in submission order, inline by default.

Measured on saturation-raid (`slab bench trial`): with the jobs on a background
thread the recorded trial ran 25 % slower than an unrecorded one, because
building Arrow batches holds the interpreter lock and the engine thread waits
for it; run inline, the same work cost 6-9 %. So `threaded=False` is the
default; a thread is still available for sinks whose jobs release the lock
(compression, fsync). Either way the first failure is re-raised in the
caller's thread, and later jobs are skipped (they would build on a broken state).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

_STOP = None


class BackgroundWorker:
    """Runs submitted jobs one at a time, in order: inline, or on a daemon thread."""

    def __init__(self, name: str, max_pending: int = 32, threaded: bool = False) -> None:
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue(maxsize=max_pending)
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if threaded:
            self._thread = threading.Thread(target=self._run, name=name, daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while (job := self._jobs.get()) is not _STOP:
            if self._error is None:  # after a failure, later jobs would build on a broken state
                try:
                    job()
                except BaseException as exc:  # handed to the caller's thread by check()
                    self._error = exc

    def check(self) -> None:
        """Raise the first job failure, if any, in the calling thread."""
        if self._error is not None:
            raise RuntimeError(f"trial record writer failed: {self._error}") from self._error

    def submit(self, job: Callable[[], None]) -> None:
        self.check()
        if self._thread is None:
            try:
                job()
            except BaseException as exc:  # same contract as the thread: reported by check()
                self._error = exc
            return
        self._jobs.put(job)

    def join(self) -> None:
        """Finish every submitted job and stop the thread; then raise any failure."""
        if self._thread is not None and self._thread.is_alive():
            self._jobs.put(_STOP)
            self._thread.join()
        self.check()
