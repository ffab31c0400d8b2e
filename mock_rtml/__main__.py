"""Command line: `python -m mock_rtml COMMAND`; `python -m mock_rtml --help` describes every command.

A command is one entry in COMMANDS: its one-line help, and what it runs with the arguments after its
name (returning the exit status). A command that takes arguments parses them, and answers its own
--help, itself.
"""
from __future__ import annotations

import argparse
import sys
from typing import Callable, Dict, List, NamedTuple, Optional


class Command(NamedTuple):
    help: str
    run: Callable[[List[str]], int]  # the arguments after the command's name -> exit status
    parses_arguments: bool = False


def _demo(arguments: List[str]) -> int:
    from .demo import run

    run()
    return 0


def _server(arguments: List[str]) -> int:
    from .server import main

    return main(arguments)


COMMANDS: Dict[str, Command] = {
    "demo": Command(
        "run the seed story inside the mock and print each step: training data in moto's S3, a Comprehend "
        "document classifier and endpoint, ClassifyDocument, scaling with throttling and retries, then the "
        "same text through Amazon ML (data source, model, realtime endpoint, Predict); nothing reaches AWS",
        _demo,
    ),
    "server": Command(
        "serve mock_rtml and moto over HTTP for the AWS CLI, other SDKs and other processes "
        "(--host, --port, --clock, --throttling, --quota; see `server --help`)",
        _server,
        parses_arguments=True,
    ),
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m mock_rtml",
        description="mock_rtml simulates Amazon Comprehend custom models and Amazon Machine Learning for tests.",
        epilog="`python -m mock_rtml COMMAND --help` describes one command.",
    )
    commands = top.add_subparsers(dest="command", title="commands")
    commands.required = True
    for name, command in COMMANDS.items():
        commands.add_parser(name, help=command.help, description=command.help, add_help=not command.parses_arguments)
    return top


def main(argv: Optional[List[str]] = None) -> int:
    top = parser()
    args, rest = top.parse_known_args(sys.argv[1:] if argv is None else argv)
    command = COMMANDS[args.command]
    if rest and not command.parses_arguments:
        top.error(f"{args.command} takes no arguments: {' '.join(rest)}")
    return command.run(rest)


if __name__ == "__main__":
    sys.exit(main())
