"""Fixtures for tests against the real Kafka broker.

``kafka_bootstrap`` (session)
    Bootstrap servers of the broker the tests use. ``KAFKA_BOOTSTRAP_SERVERS`` when set (an
    existing cluster; nothing is started), else the local broker that ``chorus.stack`` runs on
    test ports with a state directory of its own, so a developer's stack is never touched:

    * ``CHORUS_TEST_STATE_DIR``  (default ``<repo>/.state/test``)
    * ``CHORUS_TEST_KAFKA_PORT`` / ``CHORUS_TEST_KAFKA_CONTROLLER_PORT`` (19192 / 19193)

    Several pytest sessions may run at once and share that broker: each holds a lease (a file
    named after its pid); the first one starts the broker on fresh data, the last one to leave
    stops it. A broker started by hand in that state directory is used and left running.
``broker_settings`` (session)
    The :class:`Settings` of that local broker (for tests of ``chorus.stack`` itself).
``topic_prefix`` (function)
    A topic prefix no other test uses (``t-<test name>-<random>``).
``test_settings`` (function)
    :class:`Settings` for code under test: the broker above as an *existing* cluster (so the
    code never starts or stops it), this test's topic prefix, and a state directory private to
    this pytest session (chdb allows one process per data path). Derive variants with
    ``test_settings.model_copy(update={"partitions": 3})``.
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from chorus import stack
from chorus.kafka_admin import check_reachable
from core.settings import Settings, load_settings

REPO = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="session")
def broker_settings() -> Settings:
    """Settings of the local test broker (uses_local_broker is False if one is configured)."""
    return load_settings(
        state_dir=Path(os.environ.get("CHORUS_TEST_STATE_DIR", REPO / ".state" / "test")),
        kafka_port=int(os.environ.get("CHORUS_TEST_KAFKA_PORT", "19192")),
        kafka_controller_port=int(os.environ.get("CHORUS_TEST_KAFKA_CONTROLLER_PORT", "19193")),
        kafka_bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or None,
    )


@pytest.fixture(scope="session")
def kafka_bootstrap(broker_settings: Settings) -> Iterator[str]:
    if not broker_settings.uses_local_broker:
        check_reachable(broker_settings.bootstrap_servers, timeout_s=15)
        yield broker_settings.bootstrap_servers
        return
    with _broker_lease(broker_settings):
        yield broker_settings.bootstrap_servers


@pytest.fixture
def topic_prefix(request: pytest.FixtureRequest) -> str:
    # readable in `kafka-topics --list` and the broker log, unique across runs and sessions
    name = re.sub(r"[^a-zA-Z0-9-]+", "-", request.node.name).strip("-")[:40]
    return f"t-{name}-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def _session_state_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("chorus-state")


@pytest.fixture
def test_settings(kafka_bootstrap: str, topic_prefix: str, _session_state_dir: Path) -> Settings:
    return load_settings(
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_prefix=topic_prefix,
        state_dir=_session_state_dir,
    )


# --- sharing one test broker between concurrent sessions -------------------------------------


@contextlib.contextmanager
def _broker_lease(settings: Settings) -> Iterator[None]:
    paths = stack.BrokerPaths.of(settings)
    sessions = paths.root / "test-sessions"
    mine = sessions / str(os.getpid())
    started_marker = sessions / "started-by-tests"
    with stack.file_lock(paths.root / ".test-sessions.lock"):
        sessions.mkdir(parents=True, exist_ok=True)
        others = _live_sessions(sessions)
        if not stack.broker_status(settings).running:
            if not others:
                # nobody uses it: start from empty data so topics of old runs do not pile up
                stack.reset_broker_data(settings)
            stack.start_broker(settings)
            started_marker.touch()
        mine.touch()
    try:
        yield
    finally:
        with stack.file_lock(paths.root / ".test-sessions.lock"):
            mine.unlink(missing_ok=True)
            if not _live_sessions(sessions) and started_marker.exists():
                stack.stop_broker(settings)
                started_marker.unlink(missing_ok=True)


def _live_sessions(sessions: Path) -> list[int]:
    """Pids of other pytest sessions holding a lease; leases of dead sessions are dropped."""
    live = []
    for lease in sessions.iterdir():
        if not lease.name.isdigit() or int(lease.name) == os.getpid():
            continue
        try:
            os.kill(int(lease.name), 0)
        except ProcessLookupError:
            lease.unlink(missing_ok=True)
        except PermissionError:
            live.append(int(lease.name))
        else:
            live.append(int(lease.name))
    return live
