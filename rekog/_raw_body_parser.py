"""The response parser of the clients rekog creates with ``fast_parse=True``.

rekog validates a successful body into its typed model straight from the bytes
(:func:`rekog._parsing.parse_response`), so botocore's parser has nothing to do for it:
walking the body into dicts would be a second parse, and even an empty object cost ~10 us
of a 185 us small call (``benchmarks/perf_table.py``, "no network" row). The factory installed
here on the client's endpoint answers a 2xx body with the raw bytes (under
:data:`~rekog._parsing.RAW_BODY_KEY`) and the metadata botocore's JSON parser gives it (the
request id header, status code and headers); every other response -- errors, streams --
goes to botocore's own parser, created as botocore creates it.

``tests/client/test_raw_body_parser.py`` compares :func:`response_metadata` with botocore's own
parse of the same response, so a botocore that changes what it returns fails there.
"""

from __future__ import annotations

import inspect
from typing import Any

from botocore.awsrequest import HeadersDict
from botocore.utils import lowercase_dict

from ._parsing import RAW_BODY_KEY, successful_body

__all__ = ["install_raw_body_parser", "response_metadata"]

# The header botocore's JSON protocol parsers read the request id from.
_REQUEST_ID_HEADER = "x-amzn-requestid"


def lowercased_headers(headers: Any) -> dict[str, Any]:
    """``botocore.utils.lowercase_dict(headers)``, read in one pass.

    A response's headers are botocore's ``HeadersDict`` (``AWSResponse``, and aiobotocore's),
    whose ``lowercase_dict`` builds a case-insensitive key object for every name it looks up
    (~6 us of a small call). Its keys already hold their lower-cased names, one per name:
    they are read as they are. Any other header object gets ``lowercase_dict`` itself.
    """
    if type(headers) is HeadersDict:
        stored: dict[Any, Any] = vars(headers)["_dict"]  # botocore's own, keyed by _HeaderKey
        return {key._lower: value for key, value in stored.items()}
    return lowercase_dict(headers)


def response_metadata(response: dict[str, Any]) -> dict[str, Any]:
    """The ``ResponseMetadata`` botocore's JSON parser gives a 2xx ``response``."""
    headers = lowercased_headers(response["headers"])
    metadata: dict[str, Any] = {}
    if _REQUEST_ID_HEADER in headers:
        metadata["RequestId"] = headers[_REQUEST_ID_HEADER]
    metadata["HTTPStatusCode"] = response["status_code"]
    metadata["HTTPHeaders"] = headers
    algorithm = response.get("context", {}).get("checksum", {}).get("response_algorithm")
    if algorithm:
        metadata["ChecksumAlgorithm"] = algorithm
    return metadata


def _kept(response: dict[str, Any]) -> dict[str, Any] | None:
    body = successful_body(response)
    if body is None:
        return None
    return {"ResponseMetadata": response_metadata(response), RAW_BODY_KEY: body}


class _Parser:
    """Keeps a 2xx body for rekog; creates botocore's parser only for anything else."""

    def __init__(self, factory: Any, protocol: str) -> None:
        self._factory = factory
        self._protocol = protocol

    def _botocore_parser(self) -> Any:
        return self._factory.create_parser(self._protocol)

    def parse(self, response: dict[str, Any], shape: Any) -> Any:
        kept = _kept(response)
        if kept is not None:
            return kept
        return self._botocore_parser().parse(response, shape)


class _AwaitedParser(_Parser):
    """The same for aiobotocore, whose endpoint awaits ``parse``."""

    async def parse(self, response: dict[str, Any], shape: Any) -> Any:
        kept = _kept(response)
        if kept is not None:
            return kept
        return await self._botocore_parser().parse(response, shape)


class _ParserFactory:
    """Stands in for the endpoint's ``ResponseParserFactory``."""

    def __init__(self, factory: Any, awaited: bool) -> None:
        self._factory = factory
        self._parser_class = _AwaitedParser if awaited else _Parser

    def create_parser(self, protocol: str) -> _Parser:
        return self._parser_class(self._factory, protocol)

    def __getattr__(self, name: str) -> Any:  # e.g. set_parser_defaults
        return getattr(self._factory, name)


def install_raw_body_parser(client: Any) -> None:
    """Give ``client``'s endpoint (botocore's or aiobotocore's) the factory above, once."""
    endpoint = client._endpoint
    factory = endpoint._response_parser_factory
    if isinstance(factory, _ParserFactory):
        return
    sample = factory.create_parser(client.meta.service_model.protocol)
    awaited = inspect.iscoroutinefunction(sample.parse)
    endpoint._response_parser_factory = _ParserFactory(factory, awaited)
