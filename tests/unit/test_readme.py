"""The README documents what the code offers."""

from pathlib import Path

from core.settings import markdown_table
from schemas.channels import CHANNELS

README = (Path(__file__).resolve().parent.parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_shows_the_current_configuration_table():
    assert markdown_table() in README, "regenerate it with core.settings.markdown_table()"


def test_readme_names_every_channel():
    for channel in CHANNELS:
        assert channel in README


def test_readme_quick_start_has_the_two_commands():
    assert "make demo" in README
    assert "make test" in README
    ci = (Path(__file__).resolve().parent.parent.parent / ".ci" / "run").read_text()
    assert "make test" in ci
