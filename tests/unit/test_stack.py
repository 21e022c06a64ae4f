"""The parts of chorus.stack that need no JVM, no Maven and no network."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from chorus import kafka_jars, stack
from chorus.kafka_admin import parse_bootstrap
from core.errors import ConfigError
from core.settings import Settings, load_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        state_dir=tmp_path / "state",
        cache_dir=tmp_path / "cache",
        kafka_port=29092,
        kafka_controller_port=29093,
        partitions=6,
        kafka_bootstrap_servers=None,
    )


def _properties(text: str) -> dict[str, str]:
    pairs = [
        line.split("=", 1)
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]
    keys = [key for key, _ in pairs]
    assert len(keys) == len(set(keys)), "a key appears twice"
    return dict(pairs)


def test_server_properties_describe_one_loopback_kraft_node(settings: Settings) -> None:
    props = _properties(stack.render_server_properties(settings))
    assert props["process.roles"] == "broker,controller"
    assert props["node.id"] == "1"
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093"
    assert props["controller.quorum.bootstrap.servers"] == "127.0.0.1:29093"
    assert props["log.dirs"] == str(settings.state_dir.resolve() / "kafka" / "data")
    assert props["num.partitions"] == "6"
    assert props["auto.create.topics.enable"] == "false"
    assert props["group.initial.rebalance.delay.ms"] == "0"
    assert props["log.retention.hours"] == "24"
    for key, value in props.items():
        if key.endswith((".replication.factor", ".min.isr")):
            assert value == "1", key


def test_server_properties_escape_backslashes_in_paths(settings: Settings) -> None:
    text = stack.render_server_properties(settings, log_dir=Path("/odd\\dir"))
    assert "log.dirs=/odd\\\\dir" in text


def test_cluster_ids_look_like_kafkas() -> None:
    for _ in range(200):
        cluster_id = stack.new_cluster_id()
        assert len(cluster_id) == 22
        assert not cluster_id.startswith("-")
        assert len(base64.urlsafe_b64decode(cluster_id + "==")) == 16


def test_status_without_pid_file(settings: Settings) -> None:
    status = stack.broker_status(settings)
    assert status == stack.BrokerStatus(
        running=False,
        pid=None,
        bootstrap="127.0.0.1:29092",
        external=False,
        version=settings.kafka_version,
        data_dir=settings.state_dir.resolve() / "kafka" / "data",
    )
    assert not settings.state_dir.exists()  # asking changes nothing


def test_stale_pid_file_is_not_a_running_broker(settings: Settings) -> None:
    paths = stack.BrokerPaths.of(settings)
    paths.root.mkdir(parents=True)
    # a live process that is not a Kafka broker (a recycled pid), then a dead one
    for pid in (os.getpid(), _dead_pid()):
        paths.pid_file.write_text(f"{pid}\n")
        assert not stack.broker_status(settings).running
        assert not stack.stop_broker(settings)
        assert not paths.pid_file.exists()


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_stop_and_reset_without_a_broker_are_no_ops(settings: Settings) -> None:
    assert not stack.stop_broker(settings)
    stack.reset_broker_data(settings)
    assert not settings.state_dir.exists()


def test_external_cluster_is_left_alone(tmp_path: Path) -> None:
    external = load_settings(state_dir=tmp_path, kafka_bootstrap_servers="kafka.example:9092")
    info = stack.start_broker(external)
    assert info.external
    assert info.bootstrap == "kafka.example:9092"
    assert not stack.stop_broker(external)
    stack.reset_broker_data(external)
    assert list(tmp_path.iterdir()) == []


def test_same_port_twice_is_a_config_error(settings: Settings) -> None:
    clash = settings.model_copy(update={"kafka_controller_port": settings.kafka_port})
    with pytest.raises(ConfigError, match="two different ports"):
        stack.start_broker(clash)


def test_missing_java_or_maven_says_what_to_install(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with pytest.raises(ConfigError, match="apt-get install openjdk-17-jre-headless maven"):
        kafka_jars.ensure_kafka_jars(settings)


def test_cached_jars_are_used_without_maven(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = settings.cache_dir / f"kafka-{settings.kafka_version}"
    libs = base / "libs"
    libs.mkdir(parents=True)
    (libs / f"kafka_2.13-{settings.kafka_version}.jar").touch()
    digest = hashlib.sha256((kafka_jars.DEPLOY_DIR / "pom.xml").read_bytes()).hexdigest()
    (base / "pom.sha256").write_text(digest)

    def no_subprocess(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("Maven ran although the jars are cached")

    monkeypatch.setattr(subprocess, "run", no_subprocess)
    assert kafka_jars.ensure_kafka_jars(settings) == libs.resolve()


def test_maven_errors_are_read_without_colours_or_boilerplate() -> None:
    output = (
        "\x1b[0m[ERROR] Failed to execute goal: Could not transfer artifact x: Network is down\n"
        "[ERROR] \n[ERROR] To see the full stack trace of the errors, re-run Maven with -e\n"
        "[ERROR] [Help 1] http://cwiki.apache.org/\n\x1b[0m"
    )
    assert kafka_jars.maven_errors(output) == [
        "Failed to execute goal: Could not transfer artifact x: Network is down"
    ]


def test_unformatted_non_empty_data_dir_is_refused(settings: Settings) -> None:
    paths = stack.BrokerPaths.of(settings)
    paths.data.mkdir(parents=True)
    (paths.data / "something").touch()
    with pytest.raises(ConfigError, match="not a formatted Kafka log directory"):
        stack._format_storage(settings, paths, "java", Path("/nonexistent"))


def test_data_dir_of_another_node_is_refused(settings: Settings) -> None:
    paths = stack.BrokerPaths.of(settings)
    paths.data.mkdir(parents=True)
    (paths.data / "meta.properties").write_text("version=1\nnode.id=3\ncluster.id=abc\n")
    with pytest.raises(ConfigError, match=r"node\.id=3"):
        stack._format_storage(settings, paths, "java", Path("/nonexistent"))


@pytest.mark.parametrize(
    ("bootstrap", "expected"),
    [
        ("127.0.0.1:9092", [("127.0.0.1", 9092)]),
        ("a:1, b:2", [("a", 1), ("b", 2)]),
        ("PLAINTEXT://broker:9093", [("broker", 9093)]),
        ("[::1]:9094", [("::1", 9094)]),
    ],
)
def test_parse_bootstrap(bootstrap: str, expected: list[tuple[str, int]]) -> None:
    assert parse_bootstrap(bootstrap) == expected


@pytest.mark.parametrize("bootstrap", ["", "localhost", "host:port", ":9092"])
def test_bad_bootstrap_is_a_config_error(bootstrap: str) -> None:
    with pytest.raises(ConfigError):
        parse_bootstrap(bootstrap)
