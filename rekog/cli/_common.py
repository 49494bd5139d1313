"""What every ``rekog`` command shares: client options, output, one-line errors.

Errors never reach the user as a traceback: a bad argument is one line and exit status 2
(argparse's own errors too, through :class:`OneLineParser`), any other failure one line and
exit status 1 (130 on Ctrl-C).
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from rekog import Rekognition

__all__ = [
    "CLIENT_OPTION_DESTS",
    "OneLineParser",
    "UsageError",
    "add_client_options",
    "command",
    "emit",
    "fail",
    "make_client",
    "to_data",
]

Handler = Callable[[argparse.Namespace], int]


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (``rekog faces index: error: ...``)."""

    def error(self, message: str) -> NoReturn:
        """Print ``message`` on one line and exit with status 2."""
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


class UsageError(Exception):
    """A bad argument found after parsing: one line, exit status 2."""


#: The connection options, accepted before the subcommand too (as the AWS CLI's globals).
CLIENT_OPTION_DESTS = ("endpoint_url", "region", "profile", "output")


def add_client_options(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    """``--endpoint-url``, ``--region``, ``--profile`` and ``--output`` on a command.

    On the top-level parser they carry the defaults; on a subcommand they are only set when
    given (``SUPPRESS``), so ``rekog --region X faces list`` keeps the value given first.
    """
    title = "AWS options (default: the usual AWS_* variables and config)"
    group = parser.add_argument_group(title)
    default: Any = None if top_level else argparse.SUPPRESS
    group.add_argument(
        "--endpoint-url",
        type=_endpoint_url,
        default=default,
        help="another endpoint, e.g. http://127.0.0.1:4566",
    )
    group.add_argument("--region", default=default, help="the AWS region")
    group.add_argument("--profile", default=default, help="a profile of the AWS config files")
    group.add_argument(
        "--output",
        choices=("table", "json"),
        default="table" if top_level else argparse.SUPPRESS,
        help="output format (default: table)",
    )


def _endpoint_url(value: str) -> str:
    """An ``http(s)://host[:port]`` URL (botocore's own check raises a bare ValueError)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (a bad port raises ValueError here)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(
            f"expected http://host[:port] or https://host[:port], got {value!r}"
        )
    return value


def make_client(args: argparse.Namespace) -> Rekognition:
    """The client the options describe (credentials come from the usual AWS chain)."""
    from rekog import Rekognition

    return Rekognition(
        profile_name=getattr(args, "profile", None),
        region=getattr(args, "region", None),
        endpoint_url=getattr(args, "endpoint_url", None),
    )


def command(func: Handler) -> Handler:
    """Run a command's handler, turning every error into one line and an exit status."""

    @functools.wraps(func)
    def run(args: argparse.Namespace) -> int:
        prog = getattr(args, "prog", "rekog")
        try:
            return func(args)
        except BaseException as error:  # a CLI user gets one line, never a traceback
            return fail(prog, error)

    return run


def fail(prog: str, error: BaseException) -> int:
    """Report ``error`` on one line of stderr; the exit status it means."""
    from botocore.exceptions import BotoCoreError, ClientError

    from rekog import InvalidRequestError, RekognitionError

    if isinstance(error, BrokenPipeError):
        # The reader went away (`rekog ... | head`): nothing more to say, nowhere to say it.
        _silence_stdout()
        return 141  # 128 + SIGPIPE, what a shell reports for the same
    if isinstance(error, KeyboardInterrupt):
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    if isinstance(error, SystemExit):
        return error.code if isinstance(error.code, int) else 1
    if isinstance(error, InvalidRequestError):
        # The rule and the parameter; never the value (it may be a file's first bytes).
        where = f"{error.operation}: " if error.operation else ""
        return _say(prog, f"{where}invalid {error.parameter}: {error.rule}", 2)
    if isinstance(error, UsageError):
        return _say(prog, str(error), 2)
    if isinstance(error, (RekognitionError, ClientError, BotoCoreError, OSError)):
        return _say(prog, str(error) or type(error).__name__, 1)
    return _say(prog, f"unexpected {type(error).__name__}: {error}", 1)


def _say(prog: str, text: str, status: int) -> int:
    line = " ".join(text.split())
    try:
        print(f"{prog}: error: {line}", file=sys.stderr)
    except (BrokenPipeError, ValueError):  # stderr gone too
        pass
    return status


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test's capture)
        pass


def to_data(value: Any) -> Any:
    """Models as their AWS-shaped JSON (``FaceId``, ``BoundingBox``, ...)."""
    from rekog.models import RekogModel

    if isinstance(value, RekogModel):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, Mapping):
        return {key: to_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_data(item) for item in value]
    return value


def emit(
    args: argparse.Namespace,
    data: Any,
    rows: Iterable[Sequence[Any]] = (),
    columns: Sequence[str] = (),
    empty: str = "(none)",
) -> None:
    """Print ``data`` as JSON, or ``rows`` under ``columns`` as an aligned table (``empty``
    when there are no rows: a bare header row reads as a failure)."""
    if getattr(args, "output", "table") == "json":
        json.dump(to_data(data), sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
        return
    table = [[_cell(value) for value in row] for row in rows]
    if not table and columns:
        print(empty)
        return
    if not columns:
        for row in table:
            print("  ".join(row))
        return
    widths = [max([len(title), *(len(row[i]) for row in table)]) for i, title in enumerate(columns)]
    print(
        "  ".join(title.ljust(width) for title, width in zip(columns, widths, strict=True)).rstrip()
    )
    for row in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}"
    if hasattr(value, "value") and isinstance(value.value, str):  # an enum member
        return str(value.value)
    return str(value)
