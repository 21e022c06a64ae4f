"""The Kafka broker's jars, fetched from Maven Central once per version, and the Java to run them.

Shared by every clone on the machine under ``<cache_dir>/kafka-<version>/libs``
(``deploy/kafka/pom.xml`` lists them); refetched when the pom changes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from chorus.files import file_lock, write_atomically
from core.errors import ChorusError, ConfigError, UnavailableError
from core.settings import Settings

logger = logging.getLogger(__name__)

DEPLOY_DIR = Path(__file__).resolve().parent.parent / "deploy" / "kafka"
MIN_JAVA = 17  # Kafka 4.x brokers need Java 17
INSTALL_HINT = "apt-get install openjdk-17-jre-headless maven"
_MVN_TIMEOUT_S = 900


def ensure_kafka_jars(settings: Settings) -> Path:
    """Return the directory of broker jars, fetching them with Maven the first time.

    The download goes to a temporary directory that is renamed into place, so an interrupted
    fetch never leaves a half cache; a file lock makes concurrent callers wait for one fetch.
    The cache records a hash of ``pom.xml``: editing the pom (say, a logging dependency)
    refetches instead of silently running the old jar set.
    """
    version = settings.kafka_version
    base = settings.cache_dir.expanduser().resolve() / f"kafka-{version}"
    libs = base / "libs"
    pom = DEPLOY_DIR / "pom.xml"
    if not pom.is_file():
        raise ConfigError(f"{pom} is missing: the local Kafka broker needs a Chorus checkout")
    digest = hashlib.sha256(pom.read_bytes()).hexdigest()
    stamp = base / "pom.sha256"
    if _jars_ready(libs, stamp, version, digest):
        return libs

    require_tool("java")
    mvn = require_tool("mvn")
    base.mkdir(parents=True, exist_ok=True)
    with file_lock(base / ".lock"):
        if _jars_ready(libs, stamp, version, digest):  # another process fetched them meanwhile
            return libs
        for leftover in base.glob("libs.tmp-*"):  # from a fetch that was killed
            shutil.rmtree(leftover, ignore_errors=True)
        logger.info("fetching Kafka %s jars with Maven into %s", version, libs)
        tmp = Path(tempfile.mkdtemp(prefix="libs.tmp-", dir=base))
        try:
            _run_maven(mvn, pom, version, tmp)
            if not (tmp / _broker_jar(version)).is_file():
                raise ChorusError(f"Maven finished but fetched no {_broker_jar(version)}")
            if libs.exists():
                # A broker running from the old jars keeps the files it has open; this only
                # happens when the pom changed, and such a broker should be restarted anyway.
                old = base / f"libs.tmp-old-{os.getpid()}"
                libs.rename(old)
                shutil.rmtree(old, ignore_errors=True)
            tmp.rename(libs)
            write_atomically(stamp, digest + "\n")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return libs


def _broker_jar(version: str) -> str:
    return f"kafka_2.13-{version}.jar"


def _jars_ready(libs: Path, stamp: Path, version: str, digest: str) -> bool:
    try:
        recorded = stamp.read_text().strip()
    except FileNotFoundError:
        return False
    return recorded == digest and (libs / _broker_jar(version)).is_file()


def _run_maven(mvn: str, pom: Path, version: str, out_dir: Path) -> None:
    cmd = [
        mvn,
        "-q",
        "-B",
        "-Dstyle.color=never",
        "-f",
        str(pom),
        f"-Dkafka.version={version}",
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={out_dir}",
    ]
    try:
        result = subprocess.run(
            cmd, capture_output=True, text=True, timeout=_MVN_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise UnavailableError(
            f"Maven did not fetch the Kafka {version} jars within {_MVN_TIMEOUT_S}s"
        ) from exc
    if result.returncode == 0:
        return
    errors = maven_errors(result.stdout + result.stderr)
    artifact = f"org.apache.kafka:kafka_2.13:jar:{version}"
    if any(
        artifact in line and ("Could not find artifact" in line or "was not found in" in line)
        for line in errors
    ):
        raise ConfigError(f"Kafka {version} is not on Maven Central: check CHORUS_KAFKA_VERSION")
    raise UnavailableError(f"Maven could not fetch the Kafka {version} jars:\n{indent(errors)}")


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_MAVEN_BOILERPLATE = ("To see the full", "Re-run Maven", "For more information", "[Help")


def maven_errors(output: str) -> list[str]:
    """Maven's own error lines, without colours and advice boilerplate (else its last lines)."""
    lines = [_ANSI.sub("", line).rstrip() for line in output.splitlines()]
    errors = [line.removeprefix("[ERROR]").strip() for line in lines if line.startswith("[ERROR]")]
    errors = [line for line in errors if line and not line.startswith(_MAVEN_BOILERPLATE)]
    return errors or [line for line in lines if line.strip()][-15:]


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ConfigError(
            f"`{name}` is not installed; the local Kafka broker needs Java 17+ and Maven: "
            f"{INSTALL_HINT} (or set KAFKA_BOOTSTRAP_SERVERS to use an existing cluster)"
        )
    return path


@cache
def java_major(java: str) -> int | None:
    """Major version of ``java``, or None when its banner cannot be read."""
    try:
        result = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr + result.stdout)
    if match is None:
        return None
    major = int(match.group(1))
    # Java 8 and older report themselves as "1.8"
    return int(match.group(2) or 0) if major == 1 else major


def indent(lines: list[str]) -> str:
    return "\n".join(f"    {line}" for line in lines)
