"""One background thread that does the recorder's slow work in submission order.

Building Arrow tables, compressing Parquet and fsync release the GIL for most
of their time, so doing them here keeps them out of the simulation loop. The
queue is bounded: if the disk falls behind, the loop waits instead of the
memory growing. The first failure is re-raised in the caller's thread.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

_STOP = None


class BackgroundWorker:
    """Runs submitted jobs one at a time, in order, on a daemon thread."""

    def __init__(self, name: str, max_pending: int = 32) -> None:
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue(maxsize=max_pending)
        self._error: BaseException | None = None
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
        self._jobs.put(job)

    def join(self) -> None:
        """Finish every submitted job and stop the thread; then raise any failure."""
        if self._thread.is_alive():
            self._jobs.put(_STOP)
            self._thread.join()
        self.check()
