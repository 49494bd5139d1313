"""``rekog local ...``: the local emulator's commands.

``rekog local serve``
    Run the local Rekognition emulator as an HTTP server (see ``docs/local.md``)::

        rekog local serve --port 4566 --data state.db --seed 7 --tps IndexFaces=5 --fault-rate 0.1
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from types import FrameType
from typing import Any

DEFAULT_PORT = 4566


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


def add_local_commands(commands: Any) -> None:
    """Add ``rekog local ...`` to the top-level subparsers ``commands``."""
    local = commands.add_parser("local", help="the local Rekognition emulator")
    local_commands = local.add_subparsers(dest="local_command", metavar="COMMAND")
    local.set_defaults(func=lambda _args: _usage(local))
    serve = local_commands.add_parser(
        "serve",
        help="serve the emulator over HTTP (AWS JSON 1.1 protocol)",
        description="Serve a local Amazon Rekognition on HTTP; point any AWS SDK at it with endpoint_url.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    serve.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help="port, 0 for any free one (default: %(default)s)",
    )
    serve.add_argument(
        "--data", metavar="PATH", help="SQLite file that keeps the state across restarts"
    )
    serve.add_argument(
        "--seed", type=int, default=0, help="seed for generated ids and injected faults"
    )
    serve.add_argument(
        "--region", default="us-east-1", help="region used in ARNs (default: %(default)s)"
    )
    serve.add_argument(
        "--job-seconds", type=float, default=2.0, help="how long video jobs stay IN_PROGRESS"
    )
    serve.add_argument(
        "--tps",
        type=_tps,
        action="append",
        default=[],
        metavar="OP=N",
        help="TPS quota for an operation (repeatable)",
    )
    serve.add_argument("--default-tps", type=float, help="TPS quota for every other operation")
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
        "--latency-ms", type=float, default=50.0, help="injected latency in milliseconds"
    )
    serve.add_argument(
        "--s3-endpoint-url", help="read S3Object images/videos from this S3-compatible endpoint"
    )
    serve.add_argument(
        "--sns-endpoint-url", help="publish job notifications to this SNS-compatible endpoint"
    )
    serve.add_argument(
        "--log-level", default="WARNING", help="logging level (default: %(default)s)"
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


def _serve(args: argparse.Namespace) -> int:
    from rekog.local import LocalRekognition

    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(name)s %(levelname)s %(message)s"
    )
    try:
        faults = _fault_config(args)
    except ValueError as exc:
        print(f"rekog local serve: {exc}", file=sys.stderr)
        return 2
    emulator = LocalRekognition(
        faults=faults,
        seed=args.seed,
        data=args.data,
        region=args.region,
        job_seconds=args.job_seconds,
        s3=_aws_client("s3", args.s3_endpoint_url, args.region),
        sns=_aws_client("sns", args.sns_endpoint_url, args.region),
    )
    stop = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with emulator, emulator.serve(args.host, args.port) as server:
            print(f"rekog.local listening on {server.endpoint_url}", flush=True)
            while not stop.wait(0.5):
                pass
    except OSError as exc:
        print(
            f"rekog local serve: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr
        )
        return 1
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("rekog.local stopped", flush=True)
    return 0
