"""deploy/docker-compose.yml stays a valid single-host deployment (no Docker engine needed)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
COMPOSE = DEPLOY / "docker-compose.yml"
CHORUS_ENV = ("KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL", "CLICKHOUSE_URL")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document = yaml.safe_load(COMPOSE.read_text())  # also resolves the x-... anchors
    assert isinstance(document, dict)
    return document


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = compose.get("services")
    assert isinstance(found, dict)
    assert found
    return found


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):  # the KEY=value list form
        return dict(item.partition("=")[::2] for item in env)
    return {str(k): str(v) for k, v in env.items()}


def _depends_on(service: dict[str, Any]) -> list[str]:
    deps = service.get("depends_on") or []
    return list(deps) if isinstance(deps, dict | list) else [deps]


def _chorus_services(services: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        name: service
        for name, service in services.items()
        if "build" in service or str(service.get("image", "")).startswith("chorus")
    }


def test_the_expected_services_exist(services: dict[str, dict[str, Any]]) -> None:
    assert {"kafka", "schema-registry", "clickhouse", "processor"} <= set(services)
    assert services["kafka"]["image"].startswith("apache/kafka:4.")
    assert services["schema-registry"]["image"].startswith("confluentinc/cp-schema-registry:")
    major, minor = services["clickhouse"]["image"].split(":")[1].split(".")[:2]
    assert (int(major), int(minor)) >= (24, 8)


def test_every_service_has_an_image_or_a_build(services: dict[str, dict[str, Any]]) -> None:
    for name, service in services.items():
        assert service.get("image") or service.get("build"), name


def test_builds_point_at_files_that_exist(services: dict[str, dict[str, Any]]) -> None:
    for name, service in services.items():
        build = service.get("build")
        if build is None:
            continue
        if isinstance(build, str):
            build = {"context": build}
        context = (COMPOSE.parent / build.get("context", ".")).resolve()
        assert context.is_dir(), name
        assert (context / build.get("dockerfile", "Dockerfile")).is_file(), name


def test_depends_on_names_defined_services(services: dict[str, dict[str, Any]]) -> None:
    for name, service in services.items():
        for dependency in _depends_on(service):
            assert dependency in services, f"{name} depends on undefined {dependency}"
            assert dependency != name


def test_chorus_services_get_the_connection_variables(
    services: dict[str, dict[str, Any]],
) -> None:
    chorus = _chorus_services(services)
    assert "processor" in chorus
    for name, service in chorus.items():
        env = _environment(service)
        for variable in CHORUS_ENV:
            assert env.get(variable), f"{name} lacks {variable}"
        assert env["CLICKHOUSE_URL"].startswith("clickhouse://")
        host = env["CLICKHOUSE_URL"].split("@")[-1].split(":")[0]
        assert host in services, f"{name}: CLICKHOUSE_URL names no service ({host})"
        assert env["KAFKA_BOOTSTRAP_SERVERS"].split(":")[0] in services
        assert set(_depends_on(service)) >= {"kafka", "schema-registry", "clickhouse"}


def test_processor_runs_the_pipeline(services: dict[str, dict[str, Any]]) -> None:
    command = services["processor"]["command"]
    assert (command.split() if isinstance(command, str) else command) == ["run"]


def test_infrastructure_has_healthchecks_and_volumes(
    compose: dict[str, Any], services: dict[str, dict[str, Any]]
) -> None:
    declared = set(compose.get("volumes") or {})
    for name in ("kafka", "schema-registry", "clickhouse"):
        check = services[name].get("healthcheck")
        assert check, name
        assert check["test"], name
    for name, service in services.items():
        for volume in service.get("volumes") or []:
            source = volume.split(":")[0] if isinstance(volume, str) else volume["source"]
            if not source.startswith((".", "/")):
                assert source in declared, f"{name} uses undeclared volume {source}"


def test_published_ports_are_loopback_only(services: dict[str, dict[str, Any]]) -> None:
    for name, service in services.items():
        for port in service.get("ports") or []:
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port}"


def test_dockerfile_installs_the_project_with_chorus_entrypoint() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "FROM python:3.11-slim" in dockerfile
    assert "pip install ." in dockerfile
    assert 'ENTRYPOINT ["chorus"]' in dockerfile


def test_dockerfile_copies_every_package() -> None:
    pyproject = tomllib.loads((DEPLOY.parent / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    for package in (pattern.rstrip("*") for pattern in patterns):
        assert f"COPY {package} ./{package}" in dockerfile, package
