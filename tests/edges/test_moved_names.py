"""Names that left a public ``__all__`` or moved still import, with a DeprecationWarning that
names their new home; the public ones report their public module."""

from __future__ import annotations

import importlib
import pickle

import pytest

import rekog
import rekog.errors
import rekog.jobs
import rekog.paging

MOVED = [
    ("rekog.paging", "check_pager_arguments", "rekog._paging_core"),
    ("rekog.jobs", "check_notification_arguments", "rekog.jobs.notifications"),
    ("rekog.jobs", "check_timeout", "rekog.jobs.polling"),
    ("rekog.jobs", "job_results_pager", "rekog.jobs.video"),
    ("rekog.waiting", "poll_until_done", "rekog.jobs.polling"),
    ("rekog.waiting", "Deadline", "rekog.jobs.polling"),
    ("rekog.retry", "call_with_retry", "rekog._generated.sync._retry"),
]


@pytest.mark.parametrize(("module", "name", "home"), MOVED)
def test_a_moved_name_still_imports_and_warns(module: str, name: str, home: str) -> None:
    with pytest.warns(DeprecationWarning, match=f"{module}.{name} is internal") as caught:
        value = getattr(importlib.import_module(module), name)
    assert caught[0].filename == __file__  # the warning points at the code that used the name
    assert value is getattr(importlib.import_module(home), name)
    assert name not in importlib.import_module(module).__all__


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        rekog.paging.nothing_here  # noqa: B018


def test_internal_helpers_left_the_public_lists() -> None:
    import rekog.idempotency
    import rekog.retry

    assert not {"CallJudge", "judge_failure", "final_failure"} & set(rekog.idempotency.__all__)
    assert not {"retry_settings", "call_with_retry"} & set(rekog.retry.__all__)


def test_public_classes_report_their_public_home() -> None:
    assert rekog.errors.ResourceNotFoundException.__module__ == "rekog.errors"
    assert rekog.InvalidRequestError.__module__ == "rekog.errors"
    assert rekog.JobFailedError is rekog.errors.JobFailedError
    assert rekog.Pager.__module__ == "rekog.paging"
    assert rekog.VideoJob.__module__ == "rekog.jobs"
    assert rekog.PollPolicy.__module__ == "rekog.jobs"
    assert "rekog.errors.ResourceNotFoundException" in repr(rekog.errors.ResourceNotFoundException)
    error = rekog.errors.ResourceNotFoundException(
        {"Error": {"Code": "ResourceNotFoundException", "Message": "gone"}}, "DescribeCollection"
    )
    assert type(pickle.loads(pickle.dumps(error))) is rekog.errors.ResourceNotFoundException


def test_the_long_running_handles_moved_into_the_jobs_package() -> None:
    import rekog.jobs.long_running
    import rekog.long_running

    with pytest.warns(DeprecationWarning, match="moved to rekog.jobs.long_running.DatasetHandle"):
        handle = rekog.long_running.DatasetHandle
    assert handle is rekog.jobs.long_running.DatasetHandle
