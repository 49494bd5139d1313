"""``--auth sigv4``: signatures verified with botocore's signer; failures answered like AWS."""

from __future__ import annotations

import time
import types
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from rekog.local import LocalRekognition, LocalServer
from rekog.local.emulator import dummy_session
from rekog.local.server import ServerOptions

from .conftest import NO_RETRIES
from .helpers import error_code

KEYS = {"testing": "testing", "AKIDEXTRA": "extra-secret"}


@pytest.fixture
def server(emulator: LocalRekognition) -> Iterator[LocalServer]:
    with emulator.serve(options=ServerOptions(credentials=KEYS), aws_services=True) as running:
        yield running


def client(server: LocalServer, key: str, secret: str, service: str = "rekognition") -> Any:
    session: Any = dummy_session()
    return session.client(
        service,
        endpoint_url=server.endpoint_url,
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        aws_session_token=None,
        config=NO_RETRIES,
    )


def test_signed_clients_pass(server: LocalServer) -> None:
    assert client(server, "testing", "testing").list_collections()["CollectionIds"] == []
    assert client(server, "AKIDEXTRA", "extra-secret").list_collections()["CollectionIds"] == []
    s3 = client(server, "AKIDEXTRA", "extra-secret", "s3")
    s3.create_bucket(Bucket="signed")
    s3.put_object(Bucket="signed", Key="a b/ü.txt", Body=b"x")
    assert s3.get_object(Bucket="signed", Key="a b/ü.txt")["Body"].read() == b"x"


def test_wrong_secret(server: LocalServer) -> None:
    bad = client(server, "testing", "not-the-secret")
    assert error_code(bad.list_collections) == "InvalidSignatureException"
    assert (
        error_code(client(server, "testing", "nope", "s3").list_buckets) == "SignatureDoesNotMatch"
    )


def test_unknown_key(server: LocalServer) -> None:
    stranger = client(server, "AKIDUNKNOWN", "whatever")
    assert error_code(stranger.list_collections) == "UnrecognizedClientException"
    assert error_code(client(server, "AKIDUNKNOWN", "x", "s3").list_buckets) == "InvalidAccessKeyId"


def test_skewed_clock(server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # The server's clock runs 15 minutes ahead of the client's.
    ahead = time.time() + 900
    monkeypatch.setattr("rekog.local.sigv4.time", types.SimpleNamespace(time=lambda: ahead))
    with pytest.raises(ClientError) as info:
        client(server, "testing", "testing").list_collections()
    error = info.value.response["Error"]
    assert error["Code"] == "InvalidSignatureException"
    assert error["Message"].startswith("Signature expired:")


def test_missing_signature(server: LocalServer) -> None:
    request = urllib.request.Request(
        server.endpoint_url + "/",
        data=b"{}",
        headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "RekognitionService.ListCollections",
        },
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=10)
    assert info.value.code == 403
    assert b"MissingAuthenticationTokenException" in info.value.read()


def test_default_is_open(emulator: LocalRekognition) -> None:
    with emulator.serve() as open_server:
        assert (
            client(open_server, "AKIDUNKNOWN", "whatever").list_collections()["CollectionIds"] == []
        )
