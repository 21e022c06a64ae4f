"""``python -m processors.worker``: one Faust worker process, configured from the environment.

``chorus run`` starts one or more of these; each joins the same consumer group.
"""

from __future__ import annotations

import logging

import faust

from chorus.settings import load_settings
from processors.app import create_app
from processors.progress import exit_after


class Worker(faust.Worker):
    def on_setup_root_logger(self, logger: logging.Logger, level: int) -> None:
        # Faust's terminal spinner lowers the root logger to DEBUG so that it spins on every
        # record: ~6 debug records per event, a measurable share of the worker's CPU.
        self.spinner = None
        super().on_setup_root_logger(logger, level)

    def _crash(self, reason: BaseException) -> None:
        # mode marks the root service (this worker) crashed whatever crashed below it; the
        # shutdown that follows has been seen to hang, leaving a live worker that does nothing
        exit_after()
        super()._crash(reason)


def main() -> None:
    settings = load_settings()
    app = create_app(settings)
    worker = Worker(app, loglevel=settings.worker_log_level, quiet=True, redirect_stdouts=False)
    worker.execute_from_commandline()


if __name__ == "__main__":
    main()
