"""A bug in the agent (an exception that is not bad input) stops the worker loudly instead of
being swallowed by Faust's actor restarts, which would stall offset commits silently."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from chorus.pipeline import ensure_pipeline_topics, worker_environment
from core.settings import Settings
from processors.progress import EXIT_CRASHED
from tests.integration.helpers import codec, pipeline_settings, produce
from tests.integration.test_pipeline import _interaction

pytestmark = pytest.mark.integration


def _one_event_waiting(test_settings, tmp_path, batch: str) -> Settings:
    """The pipeline's topics, with one valid interaction on the raw topic for a worker."""
    settings = pipeline_settings(test_settings, tmp_path)
    ensure_pipeline_topics(settings)
    record = codec().encode("interaction", _interaction(1, batch))
    produce(settings.bootstrap_servers, settings.topics.raw, [(b"k", record)], batch)
    return settings


BUGGY_WORKER = (
    "import processors.routing as routing\n"
    "def broken(self, message):\n"
    "    raise ZeroDivisionError('a bug in routing')\n"
    "routing.InteractionRouter.route = broken\n"
    "from processors.worker import main\n"
    "main()\n"
)


def test_an_unexpected_error_crashes_the_worker(test_settings, tmp_path):
    settings = _one_event_waiting(test_settings, tmp_path, "crash")
    worker = subprocess.run(
        [sys.executable, "-c", BUGGY_WORKER],
        env=worker_environment(settings),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert worker.returncode != 0
    assert "a bug in routing" in worker.stdout + worker.stderr


HANGING_WORKER = (
    "import time\n"
    "import mode.worker\n"
    "import processors.routing as routing\n"
    "def broken(self, message):\n"
    "    raise ZeroDivisionError('a bug in routing')\n"
    "routing.InteractionRouter.route = broken\n"
    "def hang(self):\n"
    "    time.sleep(600)\n"
    "mode.worker.Worker._shutdown_loop = hang  # the shutdown after the crash never ends\n"
    "from processors.worker import main\n"
    "main()\n"
)


def test_a_crashed_worker_exits_even_when_its_shutdown_hangs(test_settings, tmp_path):
    settings = _one_event_waiting(test_settings, tmp_path, "hang")
    started = time.monotonic()
    worker = subprocess.run(
        [sys.executable, "-c", HANGING_WORKER],
        env=worker_environment(settings),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert worker.returncode == EXIT_CRASHED
    assert time.monotonic() - started < 90  # start-up, then at most CRASH_EXIT_TIMEOUT_S
    output = worker.stdout + worker.stderr
    assert "a bug in routing" in output
    assert "is NOT acknowledged" in output
    assert "still alive" in output
