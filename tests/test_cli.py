"""`python -m mock_rtml`: --help describes every command; each command describes itself."""
from __future__ import annotations

import subprocess
import sys

import pytest

from mock_rtml.__main__ import COMMANDS


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mock_rtml", *args], capture_output=True, text=True, timeout=120)


def test_help_describes_every_command() -> None:
    done = run("--help")
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())  # argparse wraps lines
    assert "mock_rtml simulates Amazon Comprehend custom models and Amazon Machine Learning" in text
    for name, command in COMMANDS.items():
        assert f"{name} {command.help}" in text


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_commands_help_describes_it_without_running_it(name: str) -> None:
    """A command that takes arguments answers --help itself, describing them."""
    done = run(name, "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: python -m mock_rtml {name}")
    if not COMMANDS[name].parses_arguments:
        assert " ".join(COMMANDS[name].help.split()) in " ".join(done.stdout.split())


@pytest.mark.parametrize("args", [(), ("bogus",)])
def test_no_or_an_unknown_command_is_a_usage_error_naming_the_commands(args: tuple[str, ...]) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert "usage: python -m mock_rtml" in done.stderr
    for name in COMMANDS:
        assert name in done.stderr
