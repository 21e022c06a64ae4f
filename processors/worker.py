"""``python -m processors.worker``: one Faust worker process, configured from the environment.

``chorus run`` starts one or more of these; each joins the same consumer group.
"""

from __future__ import annotations

import faust

from chorus.settings import load_settings
from processors.app import create_app


def main() -> None:
    settings = load_settings()
    app = create_app(settings)
    worker = faust.Worker(
        app, loglevel=settings.worker_log_level, quiet=True, redirect_stdouts=False
    )
    worker.execute_from_commandline()


if __name__ == "__main__":
    main()
