"""The ``rekog`` command line.

Commands (each group lives in its own module of this package):

``rekog local serve``
    Run the local Rekognition emulator as an HTTP server (:mod:`rekog.cli.local`).

The CLI is thin: it parses arguments and calls the library.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import metadata
from typing import NoReturn

from .draw import add_draw_command
from .local import DEFAULT_PORT, add_local_commands

__all__ = ["DEFAULT_PORT", "build_parser", "main"]


class OneLineErrors(argparse.ArgumentParser):
    """An argument parser whose errors are one line (``rekog ...: error: ...``), exit status 2."""

    def error(self, message: str) -> NoReturn:
        """Print ``message`` on one line to stderr and exit with status 2."""
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The ``rekog`` argument parser."""
    parser = OneLineErrors(prog="rekog", description="A typed Python SDK for Amazon Rekognition.")
    parser.add_argument("--version", action="version", version=f"rekog {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_local_commands(commands)
    add_draw_command(commands)
    return parser


def _version() -> str:
    try:
        return metadata.version("rekog")
    except metadata.PackageNotFoundError:  # running from a source tree
        from rekog import __version__

        return __version__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``rekog`` command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    result: int = func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
