"""Construction options both clients share: boto3's argument names, a warning when a
``Config``'s retry settings are overridden by rekog's single retry layer, and the settings
both keep (:class:`ClientSettings`)."""

from __future__ import annotations

import warnings
from typing import Any, ClassVar

from ._requests import single_layer_policy
from .errors import InvalidRequestError, ServiceExceptions
from .retry import RetryPolicy

__all__ = ["ClientSettings", "one_of", "warn_if_retries_dropped"]


def one_of(name: str, value: Any, boto3_name: str, boto3_value: Any) -> Any:
    """``region=`` or boto3's ``region_name=`` (either; both only when they agree)."""
    if value is not None and boto3_value is not None and value != boto3_value:
        raise InvalidRequestError(
            boto3_name,
            f"is boto3's name for {name}=; give one of them (got {name}={value!r} too)",
            boto3_value,
        )
    return value if value is not None else boto3_value


def warn_if_retries_dropped(config: Any, stacklevel: int = 3) -> None:
    """Warn when ``config`` asks botocore for retries, which rekog turns off on the clients it
    creates (one retry layer: rekog's own)."""
    retries: dict[str, Any] | None = getattr(config, "retries", None)
    if not retries:
        return
    attempts = retries.get("total_max_attempts")
    if attempts is None and "max_attempts" in retries:
        attempts = int(retries["max_attempts"]) + 1
    if attempts == 1:
        return  # one attempt is what rekog sets anyway
    warnings.warn(
        f"Config(retries={retries!r}) is overridden: rekog makes botocore try once and retries "
        "with its own layer. Configure that instead, e.g. "
        "Rekognition(retry=RetryPolicy(max_attempts=10)) (rekog.RetryPolicy: max_attempts, "
        "deadline, backoff)",
        UserWarning,
        stacklevel=stacklevel,
    )


class ClientSettings:
    """What both clients keep from their construction arguments and show back (no I/O):
    the checks of those arguments, the one retry layer, ``exceptions``, ``repr``."""

    #: The service's error classes by code, as on a boto3 client:
    #: ``except rk.exceptions.ResourceNotFoundException``.
    exceptions: ClassVar[type[ServiceExceptions]] = ServiceExceptions

    _client: Any

    def _keep_settings(
        self,
        *,
        session: Any,
        region: str | None,
        endpoint_url: str | None,
        retry: RetryPolicy | None,
        client: Any,
        config: Any,
        fast_parse: bool,
        region_name: str | None,
        profile_name: str | None,
    ) -> None:
        if profile_name is not None and session is not None:
            raise InvalidRequestError(
                "profile_name", "give session= or profile_name=, not both", profile_name
            )
        if config is not None and client is None:
            warn_if_retries_dropped(config, stacklevel=4)  # the caller of the constructor
        self._session = session
        self._region: str | None = one_of("region", region, "region_name", region_name)
        self._endpoint_url = endpoint_url
        self._config = config
        self._fast_parse = fast_parse
        self._client = client
        self._owns_client = client is None
        self._policy = retry if retry is not None else RetryPolicy()
        self._known_operations: frozenset[str] | None = None
        if client is not None:
            self._policy = single_layer_policy(client, retry)

    @property
    def retry_policy(self) -> RetryPolicy:
        """The retry policy in force (``RetryPolicy.none()`` over a retrying user client)."""
        return self._policy

    def __repr__(self) -> str:
        region = self._client.meta.region_name if self._client is not None else self._region
        return f"{type(self).__name__}(region={region!r}, endpoint_url={self._endpoint_url!r})"
