"""Command line: `python -m mock_rtml COMMAND`; `python -m mock_rtml --help` describes every command.

A command is one entry in COMMANDS: its one-line help, the arguments it adds to its own sub-parser,
and what it runs with the parsed arguments (returning the exit status).
"""
from __future__ import annotations

import argparse
import sys
from typing import Callable, Dict, List, NamedTuple, Optional


class Command(NamedTuple):
    help: str
    run: Callable[[argparse.Namespace], int]
    arguments: Callable[[argparse.ArgumentParser], None] = lambda parser: None


def _demo(args: argparse.Namespace) -> int:
    from .demo import run

    run()
    return 0


COMMANDS: Dict[str, Command] = {
    "demo": Command(
        "run the seed story inside the mock and print each step: training data in moto's S3, a Comprehend "
        "document classifier and endpoint, ClassifyDocument, scaling with throttling and retries, then the "
        "same text through Amazon ML (data source, model, realtime endpoint, Predict); nothing reaches AWS",
        _demo,
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
        sub = commands.add_parser(name, help=command.help, description=command.help)
        command.arguments(sub)
    return top


def main(argv: Optional[List[str]] = None) -> int:
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    return COMMANDS[args.command].run(args)


if __name__ == "__main__":
    sys.exit(main())
