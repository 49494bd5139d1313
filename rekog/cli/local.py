"""``rekog local ...``: the local emulator's commands.

``rekog local serve``
    Run the local Rekognition emulator as an HTTP server, with S3, SNS and SQS (moto's) on the
    same port (see ``docs/local.md``)::

        rekog local serve --port 4566 --data state.db --seed 7 --tps IndexFaces=5 --fault-rate 0.1

Every bad option is a one-line error and exit status 2; a missing extra names the
``pip install`` that fixes it.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import signal
import sqlite3
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

DEFAULT_PORT = 4566
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
#: Modules ``rekog local serve`` needs, and the extra that installs them.
REQUIRED_MODULES = {"PIL": "Pillow", "waitress": "waitress", "numpy": "numpy"}
AWS_SERVICE_MODULES = {"moto": "moto[server]", "flask": "moto[server]"}
INSTALL_HINT = 'pip install "rekog[local]"'


class UsageError(Exception):
    """A bad option found after parsing (printed as one line, exit status 2)."""


def _number(
    kind: Callable[[str], float], minimum: float, maximum: float | None = None, strict: bool = False
) -> Callable[[str], Any]:
    def parse(value: str) -> Any:
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {value!r}") from None
        low_ok = number > minimum if strict else number >= minimum
        if not low_ok or (maximum is not None and number > maximum):
            bound = f"greater than {minimum:g}" if strict else f"at least {minimum:g}"
            if maximum is not None:
                bound = f"between {minimum:g} and {maximum:g}"
            raise argparse.ArgumentTypeError(f"must be {bound}, got {value!r}")
        return number

    return parse


def _tps(value: str) -> tuple[str, float]:
    operation, sep, rate = value.partition("=")
    try:
        number = float(rate)
    except ValueError:
        number = -1.0
    if not sep or not operation or number <= 0:
        raise argparse.ArgumentTypeError(f"expected OPERATION=CALLS_PER_SECOND, got {value!r}")
    return operation, number


def _rate(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a rate between 0 and 1, got {value!r}")
    return number


def _log_level(value: str) -> str:
    if value.upper() not in LOG_LEVELS:
        raise argparse.ArgumentTypeError(f"expected one of {', '.join(LOG_LEVELS)}, got {value!r}")
    return value.upper()


def _credential(value: str) -> tuple[str, str]:
    access_key, sep, secret = value.partition(":")
    if not sep or not access_key or not secret:
        raise argparse.ArgumentTypeError(f"expected ACCESS_KEY:SECRET, got {value!r}")
    return access_key, secret


def _data_path(value: str) -> Path:
    path = Path(value)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{value!r} is a directory, not an SQLite file")
    if path.exists():
        try:
            with path.open("rb") as handle:
                header = handle.read(16)
        except OSError as exc:
            raise argparse.ArgumentTypeError(f"cannot read {value!r}: {exc.strerror}") from None
        if header and header != b"SQLite format 3\x00":
            raise argparse.ArgumentTypeError(f"{value!r} is not an SQLite database")
    return path


def add_local_commands(commands: Any) -> None:
    """Add ``rekog local ...`` to the top-level subparsers ``commands``."""
    local = commands.add_parser("local", help="the local Rekognition emulator")
    local_commands = local.add_subparsers(dest="local_command", metavar="COMMAND")
    local.set_defaults(func=lambda _args: _usage(local))
    serve = local_commands.add_parser(
        "serve",
        help="serve the emulator over HTTP (AWS JSON 1.1 protocol)",
        description="Serve a local Amazon Rekognition on HTTP, with S3, SNS and SQS (moto) on "
        "the same port; point any AWS SDK at it with endpoint_url. Requests are not "
        "authenticated unless --auth sigv4 is given.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    serve.add_argument(
        "--port",
        type=_number(int, 0, 65535),
        default=DEFAULT_PORT,
        help="port, 0 for any free one (default: %(default)s)",
    )
    serve.add_argument(
        "--data",
        type=_data_path,
        metavar="PATH",
        help="SQLite file that keeps the state across restarts",
    )
    serve.add_argument(
        "--seed", type=int, default=0, help="seed for generated ids and injected faults"
    )
    serve.add_argument(
        "--region", default="us-east-1", help="region used in ARNs (default: %(default)s)"
    )
    serve.add_argument(
        "--job-seconds",
        type=_number(float, 0),
        default=2.0,
        help="how long video jobs stay IN_PROGRESS",
    )
    serve.add_argument(
        "--perception",
        choices=("declared", "vision"),
        default="declared",
        help="how the emulator sees pictures: what test images declare (no models), or "
        'offline face/text models (needs: pip install "rekog[vision]") (default: %(default)s)',
    )
    serve.add_argument(
        "--lifecycle-seconds",
        type=_number(float, 0),
        default=2.0,
        help="how long each step of a Custom Labels, dataset, media analysis or stream "
        "processor lifecycle takes (default: %(default)s)",
    )
    serve.add_argument(
        "--max-concurrent-jobs",
        type=_number(int, 1),
        default=20,
        help="video jobs running at once before LimitExceededException (default: %(default)s)",
    )
    serve.add_argument(
        "--tps",
        type=_tps,
        action="append",
        default=[],
        metavar="OP=N",
        help="TPS quota for an operation (repeatable)",
    )
    serve.add_argument(
        "--default-tps",
        type=_number(float, 0, strict=True),
        help="TPS quota for every other operation",
    )
    serve.add_argument(
        "--fault-rate",
        type=_rate,
        default=0.0,
        help="rate of faults, split evenly over throttling, 500s and drops",
    )
    serve.add_argument("--throttle-rate", type=_rate, help="rate of injected ThrottlingException")
    serve.add_argument("--error-rate", type=_rate, help="rate of injected InternalServerError")
    serve.add_argument(
        "--drop-rate", type=_rate, help="rate of connections dropped before processing"
    )
    serve.add_argument(
        "--drop-after-rate",
        type=_rate,
        default=0.0,
        help="rate of connections dropped after processing",
    )
    serve.add_argument(
        "--latency-rate", type=_rate, default=0.0, help="rate of requests given extra latency"
    )
    serve.add_argument(
        "--latency-ms",
        type=_number(float, 0),
        default=50.0,
        help="injected latency in milliseconds",
    )
    serve.add_argument(
        "--no-aws-services",
        dest="aws_services",
        action="store_false",
        help="do not serve S3, SNS and SQS on the same port",
    )
    serve.add_argument(
        "--s3-endpoint-url",
        help="also read S3Object images/videos from this external S3-compatible endpoint",
    )
    serve.add_argument(
        "--sns-endpoint-url",
        help="publish job notifications to this external SNS-compatible endpoint instead",
    )
    serve.add_argument(
        "--auth",
        choices=("none", "sigv4"),
        default="none",
        help="none (default: any request is accepted) or sigv4 (verify signatures)",
    )
    serve.add_argument(
        "--credentials",
        type=_credential,
        action="append",
        default=[],
        metavar="ACCESS_KEY:SECRET",
        help="a key accepted by --auth sigv4 besides testing:testing (repeatable)",
    )
    serve.add_argument(
        "--threads", type=_number(int, 1), default=8, help="worker threads (default: %(default)s)"
    )
    serve.add_argument(
        "--max-body-mb",
        type=_number(float, 0, strict=True),
        default=8.0,
        help="largest Rekognition request body in MiB (default: %(default)s)",
    )
    serve.add_argument(
        "--idle-timeout",
        type=_number(int, 1),
        default=60,
        help="seconds before an idle connection is closed (default: %(default)s)",
    )
    serve.add_argument(
        "--connection-limit",
        type=_number(int, 1),
        default=1000,
        help="open connections; beyond them the longest-idle one is closed, or a new one "
        "waits --queue-seconds and then gets a 503 (default: %(default)s)",
    )
    serve.add_argument(
        "--request-timeout",
        type=_number(float, 0, strict=True),
        default=60.0,
        help="seconds one request (headers and body) may take to arrive; a slower one gets "
        "408 (default: %(default)s)",
    )
    serve.add_argument(
        "--queue-seconds",
        type=_number(float, 0),
        default=5.0,
        help="how long a connection beyond --connection-limit waits for a slot "
        "(default: %(default)s)",
    )
    serve.add_argument(
        "--log-level",
        type=_log_level,
        default="INFO",
        help="logging level; INFO logs one line per request (default: %(default)s)",
    )
    serve.set_defaults(func=_serve)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _fault_config(args: argparse.Namespace) -> Any:
    from rekog.local import FaultConfig

    share = args.fault_rate / 3
    return FaultConfig(
        seed=args.seed,
        tps=dict(args.tps),
        default_tps=args.default_tps,
        throttle_rate=args.throttle_rate if args.throttle_rate is not None else share,
        error_rate=args.error_rate if args.error_rate is not None else share,
        drop_rate=args.drop_rate if args.drop_rate is not None else share,
        drop_after_rate=args.drop_after_rate,
        latency_rate=args.latency_rate,
        latency_seconds=args.latency_ms / 1000.0,
    )


def _aws_client(service: str, endpoint_url: str | None, region: str) -> Any:
    if not endpoint_url:
        return None
    from rekog.local.emulator import dummy_session

    session: Any = dummy_session(region)
    return session.client(service, endpoint_url=endpoint_url)


def _missing_modules(args: argparse.Namespace) -> list[str]:
    needed = dict(REQUIRED_MODULES)
    if args.aws_services:
        needed.update(AWS_SERVICE_MODULES)
    return sorted(
        {pip for module, pip in needed.items() if importlib.util.find_spec(module) is None}
    )


def _fail(message: str, status: int = 2) -> int:
    print(f"rekog local serve: error: {message}", file=sys.stderr)
    return status


def _serve(args: argparse.Namespace) -> int:
    missing = _missing_modules(args)
    if missing:
        return _fail(f"missing {', '.join(missing)}; install it with: {INSTALL_HINT}")
    from rekog.local import DUMMY_CREDENTIALS, LocalRekognition
    from rekog.local.perception import PerceptionUnavailable
    from rekog.local.server import LocalServer, ServerOptions

    logging.basicConfig(
        level=args.log_level, format="%(asctime)s %(name)s %(levelname)s %(message)s"
    )
    try:
        faults = _fault_config(args)
    except ValueError as exc:
        return _fail(str(exc))
    credentials = None
    if args.auth == "sigv4":
        credentials = {
            DUMMY_CREDENTIALS["aws_access_key_id"]: DUMMY_CREDENTIALS["aws_secret_access_key"]
        }
        credentials.update(dict(args.credentials))
    elif args.credentials:
        return _fail("--credentials needs --auth sigv4")
    options = ServerOptions(
        threads=args.threads,
        max_body=int(args.max_body_mb * 1024 * 1024),
        idle_timeout=args.idle_timeout,
        credentials=credentials,
        connection_limit=args.connection_limit,
        request_timeout=args.request_timeout,
        queue_seconds=args.queue_seconds,
    )
    try:
        emulator = LocalRekognition(
            faults=faults,
            seed=args.seed,
            data=args.data,
            region=args.region,
            job_seconds=args.job_seconds,
            lifecycle_seconds=args.lifecycle_seconds,
            max_concurrent_jobs=args.max_concurrent_jobs,
            s3=_aws_client("s3", args.s3_endpoint_url, args.region),
            sns=_aws_client("sns", args.sns_endpoint_url, args.region),
            perception=args.perception,
        )
    except sqlite3.DatabaseError as exc:
        return _fail(f"--data {args.data}: {exc}")
    except PerceptionUnavailable as exc:
        return _fail(f"--perception {args.perception}: {exc}")
    stop = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with emulator:
            services: Any = False
            if args.aws_services:
                from rekog.local.aws_services import AwsServices

                services = AwsServices(args.region)
                if args.sns_endpoint_url:  # notifications go to the external SNS only
                    emulator.backend.connect(s3=services.client("s3"))
                else:
                    emulator.connect_services(services)
            server = LocalServer(
                emulator, args.host, args.port, options=options, services=services or None
            )
            with server:
                print(f"rekog.local listening on {server.endpoint_url}", flush=True)
                logging.getLogger("rekog.local").info(
                    "rekog.local: serving Rekognition%s", ", S3, SNS, SQS" if services else ""
                )
                while not stop.wait(0.5):
                    pass
    except OSError as exc:
        return _fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", 1)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("rekog.local stopped", flush=True)
    return 0
