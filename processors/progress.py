"""Is a worker making progress, or merely alive? Bookkeeping the agents and the heartbeat timer
share (processors/app.py): an agent marks when it starts and finishes a batch. And
:func:`exit_after`, which makes sure a crashed worker exits."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)


class Progress:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._busy_since: dict[str, float] = {}
        self.stopping = False  # set when the worker begins to stop: no heartbeat from then on

    def stop(self) -> None:
        self.stopping = True

    def begin(self, agent: str) -> None:
        self._busy_since[agent] = self._clock()

    def end(self, agent: str) -> None:
        self._busy_since.pop(agent, None)

    def stuck(self, after_s: float) -> list[str]:
        """Agents busy with one batch for longer than ``after_s`` seconds."""
        now = self._clock()
        return sorted(a for a, since in self._busy_since.items() if now - since > after_s)


async def keep_beating(
    path: Path, progress: Progress, stall_after_s: float, every_s: float
) -> None:
    """Touch ``path`` every ``every_s`` seconds while the worker makes progress: the event loop
    runs (this coroutine gets its turn), no agent has been busy with one batch for over
    ``stall_after_s``, and the worker is not stopping. The supervisor (chorus/pipeline.py)
    restarts a worker whose file is too old; start-up (rebalance, recovery) keeps beating."""
    path.parent.mkdir(parents=True, exist_ok=True)
    while not progress.stopping:
        stuck = progress.stuck(stall_after_s)
        if stuck:
            log.error("no heartbeat: %s busy with one batch for over %.0fs", stuck, stall_after_s)
        else:
            path.touch()
        await asyncio.sleep(every_s)


#: exit code of a worker that crashed and did not finish its shutdown in time
EXIT_CRASHED = 70
CRASH_EXIT_TIMEOUT_S = 15.0

_armed = threading.Event()


def exit_after(timeout_s: float = CRASH_EXIT_TIMEOUT_S, code: int = EXIT_CRASHED) -> None:
    """Make sure this process ends within ``timeout_s``: a crashed worker shuts down (Faust
    commits what was acked), but a shutdown that hangs must not leave a live process that does
    nothing. Idempotent; the timer thread is a daemon, so a clean exit is not delayed."""
    if _armed.is_set():
        return
    _armed.set()

    def expire() -> None:
        log.critical("still alive %.0fs after a crash: exiting with code %d", timeout_s, code)
        for handler in logging.getLogger().handlers:
            handler.flush()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)

    timer = threading.Timer(timeout_s, expire)
    timer.daemon = True
    timer.start()
