"""``python -m processors.worker``: one Faust worker process, configured from the environment.

``chorus run`` starts one or more of these; each joins the same consumer group. A worker shows
that it makes progress by touching CHORUS_WORKER_HEARTBEAT_FILE (processors/progress.py), and a
crashed worker always exits, within CRASH_EXIT_TIMEOUT_S even if its shutdown hangs.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from pathlib import Path
from typing import Any

import faust

from core.settings import load_settings
from processors.app import create_app
from processors.progress import Progress, exit_after, keep_beating


class Worker(faust.Worker):
    def __init__(
        self,
        app: faust.App,
        *,
        progress: Progress,
        heartbeat_file: Path | None,
        stall_seconds: float,
        **kwargs: Any,
    ) -> None:
        super().__init__(app, **kwargs)
        self.progress = progress
        self.heartbeat_file = heartbeat_file
        self.stall_seconds = stall_seconds
        self._beating: asyncio.Future[None] | None = None

    def on_setup_root_logger(self, logger: logging.Logger, level: int) -> None:
        # Faust's terminal spinner lowers the root logger to DEBUG so that it spins on every
        # record: ~6 debug records per event, a measurable share of the worker's CPU.
        self.spinner = None
        super().on_setup_root_logger(logger, level)

    async def on_start(self) -> None:
        await super().on_start()
        if self.heartbeat_file is not None and self._beating is None:
            self._beating = asyncio.ensure_future(
                keep_beating(
                    self.heartbeat_file,
                    self.progress,
                    stall_after_s=self.stall_seconds / 2,
                    every_s=min(5.0, self.stall_seconds / 4),
                )
            )

    def _schedule_shutdown(self, signal: signal.Signals) -> None:
        self.progress.stop()
        super()._schedule_shutdown(signal)

    def on_worker_shutdown(self) -> None:
        self.progress.stop()
        super().on_worker_shutdown()

    def _crash(self, reason: BaseException) -> None:
        # mode marks the root service (this worker) crashed whatever crashed below it; the
        # shutdown that follows has been seen to hang, leaving a live worker that does nothing
        self.progress.stop()
        exit_after()
        super()._crash(reason)


def main() -> None:
    settings = load_settings()
    progress = Progress()
    app = create_app(settings, progress)
    worker = Worker(
        app,
        progress=progress,
        heartbeat_file=settings.worker_heartbeat_file,
        stall_seconds=settings.worker_stall_seconds,
        loglevel=settings.worker_log_level,
        quiet=True,
        redirect_stdouts=False,
    )
    worker.execute_from_commandline()


if __name__ == "__main__":
    main()
