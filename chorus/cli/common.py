"""Shared bits of the CLI: the consoles and the settings object."""

from __future__ import annotations

from functools import cache

from rich.console import Console

from core.settings import Settings, load_settings

console = Console()
err_console = Console(stderr=True)


@cache
def settings() -> Settings:
    return load_settings()
