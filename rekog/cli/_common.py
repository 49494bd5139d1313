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

__all__ = ["OneLineParser", "add_client_options", "command", "emit", "make_client", "to_data"]

Handler = Callable[[argparse.Namespace], int]


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (``rekog faces index: error: ...``)."""

    def error(self, message: str) -> NoReturn:
        """Print ``message`` on one line and exit with status 2."""
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


class UsageError(Exception):
    """A bad argument found after parsing: one line, exit status 2."""


def add_client_options(parser: argparse.ArgumentParser) -> None:
    """``--endpoint-url``, ``--region``, ``--profile`` and ``--output`` on a command."""
    group = parser.add_argument_group("AWS options (default: the usual AWS_* variables and config)")
    group.add_argument("--endpoint-url", help="another endpoint, e.g. http://127.0.0.1:4566")
    group.add_argument("--region", help="the AWS region")
    group.add_argument("--profile", help="a profile of the AWS config files")
    group.add_argument(
        "--output",
        choices=("table", "json"),
        default="table",
        help="output format (default: table)",
    )


def make_client(args: argparse.Namespace) -> Rekognition:
    """The client the options describe (credentials come from the usual AWS chain)."""
    import boto3

    from rekog import Rekognition

    session = boto3.session.Session(profile_name=args.profile) if args.profile else None
    return Rekognition(session=session, region=args.region, endpoint_url=args.endpoint_url)


def command(func: Handler) -> Handler:
    """Run a command's handler, turning every error into one line and an exit status."""

    @functools.wraps(func)
    def run(args: argparse.Namespace) -> int:
        from botocore.exceptions import BotoCoreError, ClientError

        from rekog import InvalidRequestError, RekognitionError

        prog = getattr(args, "prog", "rekog")
        try:
            return func(args)
        except (UsageError, InvalidRequestError) as error:
            return _fail(prog, error, 2)
        except (RekognitionError, ClientError, BotoCoreError, OSError) as error:
            return _fail(prog, error, 1)
        except KeyboardInterrupt:
            print(f"{prog}: interrupted", file=sys.stderr)
            return 130

    return run


def _fail(prog: str, error: BaseException, status: int) -> int:
    text = " ".join(str(error).split()) or type(error).__name__
    print(f"{prog}: error: {text}", file=sys.stderr)
    return status


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
) -> None:
    """Print ``data`` as JSON, or ``rows`` under ``columns`` as an aligned table."""
    if args.output == "json":
        json.dump(to_data(data), sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
        return
    table = [[_cell(value) for value in row] for row in rows]
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
