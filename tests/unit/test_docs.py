"""The README is checked like code: every command and exit code is documented."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from redactor.cli import app
from redactor.errors import ExitCode
from redactor.log import COLUMNS

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
COMMANDS = [c.name for c in app.registered_commands]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme_and_has_help(command: str) -> None:
    assert f"`redactor {command}" in README
    result = CliRunner().invoke(app, [str(command), "--help"])
    assert result.exit_code == 0
    assert len(result.output.strip()) > 40


@pytest.mark.parametrize("code", list(ExitCode))
def test_every_exit_code_is_in_the_readme(code: ExitCode) -> None:
    assert f"| {int(code)} |" in README


@pytest.mark.parametrize("column", COLUMNS)
def test_every_log_column_is_in_the_readme(column: str) -> None:
    assert f"`{column}`" in README


def test_readme_gives_the_two_setup_commands() -> None:
    assert "make demo" in README and "make test" in README
