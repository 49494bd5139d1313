"""The I/O-free steps of one call, shared by :class:`~rekog.Rekognition` and
:class:`~rekog.AsyncRekognition`: building the validated wire request, mapping botocore's
errors to rekog's, and typing the response.

The clients differ only in how they send (boto3 or aiobotocore, a thread or an event loop);
everything that decides *what* is sent and *what* comes back lives here, once.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

import botocore
from botocore.exceptions import (
    ClientError,
    NoCredentialsError,
    ParamValidationError,
    PartialCredentialsError,
)

from . import _installed_model
from ._generated.operations import GENERATED_WITH_BOTOCORE, OPERATIONS
from ._installed_model import check_installed_model
from ._parsing import built_model, check_raw_body, response_parser
from ._raw_body_parser import install_raw_body_parser
from ._request_serializer import install_request_serializer
from ._user_agent import memoize_user_agent
from ._validation import invalid_request_from, validation_error
from .errors import (
    ConfigurationError,
    InvalidRequestError,
    OutcomeUnknownError,
    ServiceError,
    as_botocore_class,
    from_client_error,
)
from .inputs import coerce_image, coerce_video
from .retry import RetryPolicy, is_transport_error

if TYPE_CHECKING:
    from botocore.client import BaseClient

    from .idempotency import RetryRule

__all__ = [
    "GENERATED_WITH_BOTOCORE",
    "OWNED_CLIENT_OPTIONS",
    "botocore_attempts",
    "build_request",
    "check_known",
    "attempt_failure",
    "image_reads",
    "prepare_owned_client",
    "single_layer_policy",
    "split_page_size",
    "translate_error",
    "tune_botocore_client",
    "typed_response",
]

#: botocore ``Config`` options of the clients rekog creates (sync and async). One retry layer:
#: botocore makes exactly one attempt, rekog's policy does the rest. Requests are validated by
#: rekog's models (the same service rules, stricter) before they reach botocore: its second
#: validation of every call is skipped.
OWNED_CLIENT_OPTIONS: dict[str, Any] = {
    "retries": {"total_max_attempts": 1, "mode": "standard"},
    "parameter_validation": False,
}


def tune_botocore_client(client: Any) -> None:
    """The botocore-level settings of every client rekog creates, besides
    :data:`OWNED_CLIENT_OPTIONS`: no retry handler (with one attempt botocore never retries,
    and its handler's bookkeeping costs every response ~10 us) and a User-Agent header built
    once per feature set. The benchmarks give boto3's "tuned" client exactly these."""
    event = client.meta.service_model.service_id.hyphenize()
    client.meta.events.unregister(f"needs-retry.{event}", unique_id=f"retry-config-{event}")
    memoize_user_agent(client)


def prepare_owned_client(client: Any, fast_parse: bool) -> None:
    """What every client rekog creates gets once built: :func:`tune_botocore_client`, rekog's
    request serializer (botocore's body, written in one pass), and typed parsing straight
    from the raw body (botocore's parser is not run on a body rekog parses itself)."""
    tune_botocore_client(client)
    install_request_serializer(client)
    if fast_parse:
        install_raw_body_parser(client)
    else:
        client.meta.events.register("before-parse.rekognition", check_raw_body)


# Default retry budgets of botocore's retry modes, used to tell whether a client retries.
_BOTOCORE_DEFAULT_ATTEMPTS = {"legacy": 5, "standard": 3, "adaptive": 3}


logger: logging.Logger = logging.getLogger("rekog")


def botocore_attempts(client: BaseClient | Any) -> int:
    """How many attempts botocore (or aiobotocore) itself makes per call on ``client``."""
    retries: dict[str, Any] = getattr(client.meta.config, "retries", None) or {}
    if "total_max_attempts" in retries:
        return int(retries["total_max_attempts"])
    if "max_attempts" in retries:
        return int(retries["max_attempts"]) + 1
    return _BOTOCORE_DEFAULT_ATTEMPTS.get(str(retries.get("mode", "legacy")), 5)


def single_layer_policy(client: Any, retry: RetryPolicy | None) -> RetryPolicy:
    """The retry policy for a client the caller passed in: rekog's own when that client makes
    one attempt per call, none at all when it retries itself (never two layers)."""
    attempts = botocore_attempts(client)
    if attempts <= 1:
        logger.info("rekog retries calls on the client you passed (botocore retries are off)")
        return retry if retry is not None else RetryPolicy()
    logger.info(
        "the client you passed retries itself (%d attempts); rekog adds no retry layer of its "
        "own%s",
        attempts,
        " and ignores retry=" if retry is not None else "",
    )
    return RetryPolicy.none()


def image_reads(operation: str, arguments: dict[str, Any]) -> list[str]:
    """The image arguments of a call that name a local file (a path or an open file).

    Reading those is the only I/O of building a request; the async client does it in a
    worker thread so a large file never blocks the event loop.
    """
    names = []
    for name in OPERATIONS[operation].image_params:
        value = arguments.get(name)
        if (isinstance(value, str) and not value.startswith("s3://")) or isinstance(
            value, os.PathLike
        ):
            names.append(name)
        elif value is not None and hasattr(value, "read"):
            names.append(name)
    return names


def build_request(operation: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """Validated wire parameters for ``operation`` (raises before anything is sent).

    Drops unset arguments, coerces image/video arguments, adds a ``ClientRequestToken`` when
    the operation takes one and none was given (once per logical call, before any retry), and
    validates against the request model.
    """
    plan = _REQUEST_PLANS.get(operation) or _request_plan(operation)
    values = {name: value for name, value in arguments.items() if value is not None}
    if plan.prepares:
        _prepare(operation, values)
    try:
        request = plan.validate(values)
    except validation_error() as error:
        raise invalid_request_from(error, operation=operation) from None
    # ``WIRE_DUMP``, spelled out: a ``partial`` would merge its keywords on every call.
    wire: dict[str, Any] = plan.dump(request, by_alias=True, exclude_unset=True)
    if _installed_model.INSTALLED_IS_OLDER:  # read per call: tests set it
        check_installed_model(operation, wire)
    return wire


def _prepare(operation: str, values: dict[str, Any]) -> None:
    """Coerce the image and video arguments of ``values`` and add a missing idempotency
    token (the operations that have any of them)."""
    spec = OPERATIONS[operation]
    for name in spec.image_params:
        if name in values:
            values[name] = coerce_image(values[name], name, operation=operation)
    for name in spec.video_params:
        if name in values:
            values[name] = coerce_video(values[name], name, operation=operation)
    if spec.token_param is not None and spec.token_param not in values:
        # One token per logical call, created before the retry loop: a retried Start*
        # never starts a second job.
        values[spec.token_param] = str(uuid.uuid4())


class _RequestPlan(NamedTuple):
    """What building one operation's request needs, looked up once per operation."""

    prepares: bool  # has image/video arguments or an idempotency token
    validate: Callable[[Any], Any]
    dump: Callable[..., Any]


_REQUEST_PLANS: dict[str, _RequestPlan] = {}


def _request_plan(operation: str) -> _RequestPlan:
    spec = OPERATIONS[operation]
    validate, dump = _request_codec(spec.request)
    prepares = bool(spec.image_params or spec.video_params or spec.token_param)
    plan = _REQUEST_PLANS[operation] = _RequestPlan(prepares, validate, dump)
    return plan


_REQUEST_CODECS: dict[str, tuple[Callable[[Any], Any], Callable[..., Any]]] = {}


def _request_codec(name: str) -> tuple[Callable[[Any], Any], Callable[..., Any]]:
    """The request model ``name``'s pydantic-core validator and serializer methods, bound
    once its schema is built: every call skips pydantic's Python layers around them
    (``model_validate`` and ``model_dump``, several microseconds of a small call). The
    serializer takes the dump options as keywords (``**WIRE_DUMP``)."""
    codec = _REQUEST_CODECS.get(name)
    if codec is not None:
        return codec
    model = built_model(name)  # deferred until this first use (``defer_build``)
    codec = (model.__pydantic_validator__.validate_python, model.__pydantic_serializer__.to_python)
    _REQUEST_CODECS[name] = codec
    return codec


def split_page_size(operation: str, wire: dict[str, Any]) -> int | None:
    """Take the page-size member out of a pager's wire request (the pager sets it per page)."""
    from .paging import PAGED_OPERATIONS  # pagers only: a plain call does not load paging

    paged = PAGED_OPERATIONS[operation]
    if paged.page_size_field is None:
        return None
    size: int | None = wire.pop(paged.page_size_field, None)
    return size


NO_REGION_HINT = (
    "no AWS region configured: pass region=... or set AWS_DEFAULT_REGION "
    "(e.g. AWS_DEFAULT_REGION=us-east-1; any region works with `rekog local serve`)"
)
NO_CREDENTIALS_HINT = (
    "no AWS credentials found: configure a profile or set AWS_ACCESS_KEY_ID and "
    "AWS_SECRET_ACCESS_KEY (for `rekog local serve` any dummy values work, e.g. "
    "AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test)"
)


def translate_error(error: Exception, operation: str, attempt: int) -> Exception | None:
    """rekog's exception for a botocore error raised by one attempt (``None``: not ours).

    A ``ServiceError`` is the service's answer; any other result was raised before anything
    was sent (a bad request, missing credentials).
    """
    if isinstance(error, (NoCredentialsError, PartialCredentialsError)):
        return ConfigurationError(NO_CREDENTIALS_HINT)
    if isinstance(error, ParamValidationError):
        # botocore validates before sending: still nothing was sent.
        return InvalidRequestError("request", str(error).replace("\n", " "), operation=operation)
    if isinstance(error, ClientError):
        # botocore raised its client's own class for the code: rekog's error is one too.
        return as_botocore_class(from_client_error(error, operation, attempts=attempt), type(error))
    return None


def attempt_failure(error: Exception, operation: str, attempt: int) -> BaseException:
    """What one failed attempt means, for the retry rules to judge: the service's answer or a
    transport error. Anything raised before a request was sent (a bad request, no
    credentials, a bug) is raised here at once."""
    translated = translate_error(error, operation, attempt)
    if translated is None:
        if not is_transport_error(error):
            raise error
        return error
    if isinstance(translated, ServiceError):
        return translated
    raise translated from None


def typed_response(operation: str, response: Any, attempts: int = 1) -> Any:
    """The typed response model of ``operation`` (from the raw body when the hook kept it),
    carrying the call's ``response_metadata`` (``attempts``: how many rekog made)."""
    metadata = response.get("ResponseMetadata")
    if metadata is not None and logger.isEnabledFor(logging.DEBUG):
        logger.debug("%s succeeded (request id %s)", operation, metadata.get("RequestId"))
    result = (_RESPONSE_PARSERS.get(operation) or _response_parser(operation))(response)
    if metadata is not None:
        # A slot of ResponseModel: outside the fields, the dump and equality. Stored as
        # botocore gave it; ``response_metadata`` builds the ResponseMetadata when read.
        object.__setattr__(result, "_rekog_response_metadata", (metadata, attempts - 1))
    return result


_RESPONSE_PARSERS: dict[str, Callable[[Any], Any]] = {}


def _response_parser(operation: str) -> Callable[[Any], Any]:
    model = built_model(OPERATIONS[operation].response)
    parse = _RESPONSE_PARSERS[operation] = response_parser(model, operation)
    return parse


def recovered_response(
    rule: RetryRule, wire: dict[str, Any], found: Any, proof: BaseException
) -> Any:
    """The typed response of a call whose earlier attempt succeeded unseen, rebuilt from its
    request and (when the rule has one) the describe call's response ``found``."""
    recovery = rule.recovery
    assert recovery is not None
    data = recovery.response(wire, found)
    if recovery.describe is not None and not data:
        # The describe call did not find it after all: do not invent a response.
        raise OutcomeUnknownError(rule.operation, rule.how_to_check, proof)
    return typed_response(rule.operation, data)


def check_known(known: frozenset[str], operation: str) -> None:
    """Fail clearly, before sending, when the client's botocore predates ``operation``."""
    if operation not in known:
        raise InvalidRequestError(
            "operation",
            f"{operation} is not known to the client's botocore {botocore.__version__}; "
            f"upgrade boto3/botocore to >= {GENERATED_WITH_BOTOCORE} (rekog's models come "
            f"from botocore {GENERATED_WITH_BOTOCORE})",
            operation=operation,
        )
