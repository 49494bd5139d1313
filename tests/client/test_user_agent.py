"""The User-Agent header rekog's clients send: built once per feature set, as botocore builds it.

botocore writes the feature letters (``m/...``) in set order, which may differ between two
clients of one process; headers are compared with that component as a set.
"""

from __future__ import annotations

from typing import Any

import botocore.session
from botocore.config import Config
from botocore.context import start_as_current_context
from botocore.useragent import register_feature_id
from support.stub_server import StubServer
from support.user_agent import features_of as _features
from support.user_agent import normal as _normal

from rekog import Rekognition
from rekog._requests import OWNED_CLIENT_OPTIONS
from rekog._user_agent import memoize_user_agent


class CountingCreator:
    """Stands in for botocore's user-agent builder; the header names the call's features."""

    def __init__(self) -> None:
        self.builds = 0

    def to_string(self) -> str:
        from botocore.context import get_context

        self.builds += 1
        context = get_context()
        features = sorted(context.features) if context is not None else []
        return "ua m/" + ",".join(features)


class FakeClient:
    def __init__(self) -> None:
        self._user_agent_creator = CountingCreator()


def test_the_header_is_built_once_per_feature_set() -> None:
    client = FakeClient()
    creator = client._user_agent_creator
    memoize_user_agent(client)
    with start_as_current_context():
        first = creator.to_string()
        again = creator.to_string()
    with start_as_current_context():
        register_feature_id("WAITER")
        waiter = creator.to_string()
        waiter_again = creator.to_string()
    assert first == again == "ua m/"
    assert waiter == waiter_again == "ua m/B"
    assert creator.builds == 2


def test_a_client_without_the_builder_is_left_alone() -> None:
    class Bare:
        pass

    bare = Bare()
    memoize_user_agent(bare)
    assert vars(bare) == {}


def test_sync_header_is_byte_for_byte_botocores(server: StubServer) -> None:
    rk = Rekognition(region="us-east-1", endpoint_url=server.endpoint_url)
    plain = botocore.session.get_session().create_client(
        "rekognition",
        region_name="us-east-1",
        endpoint_url=server.endpoint_url,
        config=Config(**OWNED_CLIENT_OPTIONS),  # the options of the clients rekog creates
    )
    for _ in range(2):
        rk.list_collections()
        plain.list_collections()
    rekog_first, plain_first, rekog_second, plain_second = (
        _normal(r.user_agent) for r in server.requests
    )
    assert rekog_first[0].startswith("Botocore/")
    assert rekog_first == rekog_second == plain_first == plain_second


def test_a_feature_registered_during_a_call_is_in_that_calls_header(server: StubServer) -> None:
    rk = Rekognition(region="us-east-1", endpoint_url=server.endpoint_url)
    marked: list[bool] = []

    def mark_as_waiter(**_: Any) -> None:
        if not marked:
            marked.append(True)
            register_feature_id("WAITER")  # into the call's own context

    rk.client.meta.events.register("before-call.rekognition", mark_as_waiter)
    rk.list_collections()
    rk.list_collections()
    with_feature, without = (r.user_agent for r in server.requests)
    assert "B" in _features(with_feature)
    assert "B" not in _features(without)
    assert _normal(with_feature)[0] == _normal(without)[0]
    assert _features(with_feature) - {"B"} == _features(without)
