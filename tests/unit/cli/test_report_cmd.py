from typer.testing import CliRunner

from chorus.cli.main import app


def test_report_help_explains_the_command_and_its_options():
    result = CliRunner().invoke(app, ["report", "--help"], terminal_width=200)
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "self-contained HTML report" in text
    assert "no data yet" in text
    for option in ("--out", "--switch-hours", "--customer"):
        assert option in text


def test_report_is_listed_in_the_top_level_help():
    result = CliRunner().invoke(app, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "report" in result.output


def test_switch_hours_must_be_positive():
    result = CliRunner().invoke(app, ["report", "--switch-hours", "0"])
    assert result.exit_code == 2
