"""The floors of pyproject's import-linter contracts hold, and a back-import would break them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGES = ("core", "schemas", "processors", "sinks", "streams", "chorus", "bench")


def _copy_of_the_project(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_contracts_name_every_top_level_package() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    linter = config["tool"]["importlinter"]
    found = config["tool"]["setuptools"]["packages"]["find"]["include"]
    assert sorted(linter["root_packages"]) == sorted(p.rstrip("*") for p in found)
    (layers,) = [c["layers"] for c in linter["contracts"] if c["type"] == "layers"]
    assert layers == ["bench", "chorus", "processors | sinks | streams", "schemas", "core"]


def test_the_project_keeps_its_contracts(tmp_path: Path) -> None:
    result = _lint(_copy_of_the_project(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "message"),
    [
        ("core/_probe.py", "from chorus import stack", "core is not allowed to import chorus"),
        (
            "sinks/_probe.py",
            "from processors.identity import Normaliser",
            "sinks is not allowed to import processors",
        ),
        (
            "schemas/_probe.py",
            "from streams.publisher import Publisher",
            "schemas is not allowed to import streams",
        ),
        (
            "processors/identity/_probe.py",
            "import faust",
            "processors.identity is not allowed to import faust",
        ),
    ],
)
def test_a_back_import_fails_the_lint(tmp_path: Path, module: str, line: str, message: str) -> None:
    root = _copy_of_the_project(tmp_path)
    (root / module).write_text(f'"""A deliberate violation."""\n\n{line}\n')
    result = _lint(root)
    assert result.returncode != 0
    assert message in result.stdout, result.stdout
