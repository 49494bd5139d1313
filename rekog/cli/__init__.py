"""The ``rekog`` command line.

Commands (each group lives in its own module of this package):

``rekog local serve``
    Run the local Rekognition emulator as an HTTP server (:mod:`rekog.cli.local`).
``rekog collections|faces|users|search|detect|video ...``
    The service from a shell (:mod:`rekog.cli.collections`, ...; see ``docs/cli.md``).

The CLI is thin: it parses arguments and calls the library.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import metadata

from ._common import OneLineParser, add_client_options, fail
from .collections import add_collections_commands
from .detect import add_detect_commands
from .draw import add_draw_command
from .faces import add_faces_commands
from .local import DEFAULT_PORT, add_local_commands
from .search import add_search_command
from .users import add_users_commands
from .video import add_video_command

__all__ = ["DEFAULT_PORT", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The ``rekog`` argument parser."""
    parser = OneLineParser(prog="rekog", description="A typed Python SDK for Amazon Rekognition.")
    parser.add_argument("--version", action="version", version=f"rekog {_version()}")
    # Also after the subcommand; given here they work for every command, as the AWS CLI's.
    add_client_options(parser, top_level=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_local_commands(commands)
    add_draw_command(commands)
    for add in (add_collections_commands, add_faces_commands, add_users_commands):
        add(commands)
    for add in (add_search_command, add_detect_commands, add_video_command):
        add(commands)
    return parser


def _version() -> str:
    try:
        return metadata.version("rekog")
    except metadata.PackageNotFoundError:  # running from a source tree
        from rekog import __version__

        return __version__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``rekog`` command line; returns the exit status.

    Every failure is one line on stderr and an exit status: 2 for a usage error (argparse's
    own exit with ``SystemExit(2)``), 1 for a failure, 130 on Ctrl-C, 141 when the reader of
    stdout went away (``| head``).
    """
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        func = getattr(args, "func", None)
        if func is None:
            parser.print_help()
            return 2
        result: int = func(args)
        # Flushed here, where a reader that went away is handled, not at interpreter exit.
        sys.stdout.flush()
        return result
    except SystemExit:  # argparse: --help, --version, or its one-line error (already said)
        raise
    except BaseException as error:  # never a traceback
        return fail("rekog", error)


if __name__ == "__main__":
    sys.exit(main())
