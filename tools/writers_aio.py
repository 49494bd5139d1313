"""Writers of the async client's generated modules: ``rekog.AsyncRekognition``'s methods,
``rk.paginate`` and ``rk.jobs``.

Signatures, docstrings and argument dicts come from the same builders as the sync client's
(:func:`writers_client.operation_method_parts`, :func:`writers_client.pager_method_parts`,
:func:`writers_client.job_method_parts`): one operation table, two renderings.
"""

from __future__ import annotations

from typing import Any

import servicemodel as sm
from emit import docstring, header
from writers_client import (
    ParamTypes,
    _paged_tables,
    job_method_parts,
    model_ref,
    models_import,
    operation_method_parts,
    pager_method_parts,
)
from writers_jobs import async_handle_names, long_running_methods


def async_method_source(model: dict[str, Any], name: str, types: ParamTypes) -> str:
    method, signature, doc, response_model, call = operation_method_parts(model, name, types)
    return (
        f"\n    @checked_keywords({name!r})"
        f"\n    async def {method}(\n{signature}    ) -> {model_ref(response_model)}:\n"
        + docstring(doc, "        ")
        + f'        return cast("{model_ref(response_model)}", await self._invoke({name!r}, {call}))\n'
    )


def write_aio_client_ops(model: dict[str, Any]) -> str:
    types = ParamTypes(model)
    methods = "".join(
        async_method_source(model, name, types) for name in sorted(model["operations"])
    )
    out = [header(model)]
    out.append(
        '''"""One typed ``async`` method per Rekognition operation, mixed into
:class:`rekog.AsyncRekognition` (the twin of ``client_ops``, from the same builders)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, cast

from .._keywords import checked_keywords

if TYPE_CHECKING:
    from ..aio.jobs import AsyncVideoJob
    from ..aio.paging import AsyncPager
    from ..inputs import ImageInput, VideoInput
    from ..jobs import PollPolicy
'''
    )
    out.append(models_import(types))
    out.append(
        '''

class AsyncOperationMethods:
    """The generated async operation methods; :class:`rekog.AsyncRekognition` supplies
    ``_invoke``, ``_pager``, ``_video_job`` and ``_s3_client`` (what ``rk.paginate`` and
    ``rk.jobs`` call)."""

    async def _invoke(self, operation: str, arguments: dict[str, Any]) -> Any:
        raise NotImplementedError

    def _pager(
        self,
        operation: str,
        arguments: dict[str, Any],
        *,
        starting_token: str | None = None,
        max_items: int | None = None,
    ) -> AsyncPager[Any, Any]:
        raise NotImplementedError

    def _video_job(
        self, kind_name: str, job_id: str, poll: PollPolicy | None = None
    ) -> AsyncVideoJob[Any, Any]:
        raise NotImplementedError

    def _s3_client(self) -> Any:
        """An S3 client of the client's session and region, as an async context manager
        (long-running result files)."""
        raise NotImplementedError
'''
    )
    out.append(methods)
    return "".join(out)


def write_aio_namespaces(model: dict[str, Any]) -> str:
    paged, kinds = _paged_tables()
    types = ParamTypes(model)
    out_pagers: list[str] = []
    for name in sorted(paged):
        method, params, doc, response, item, call = pager_method_parts(
            model, name, paged[name], types
        )
        out_pagers.append(
            f"\n    @checked_keywords({name!r})"
            f"\n    def {method}(\n        self,\n        *,\n"
            + params
            + f"    ) -> AsyncPager[{model_ref(response)}, {item}]:\n"
            + docstring(doc, "        ")
            + f"        return self._client._pager(\n            {name!r},\n            {call},\n"
            + "            starting_token=starting_token,\n            max_items=max_items,\n        )\n"
        )
    out_jobs: list[str] = []
    for kind_name in sorted(kinds):
        kind = kinds[kind_name]
        type_args, params, start_doc, attach_doc, arguments = job_method_parts(
            model, kind, paged, types
        )
        job_type = f"AsyncVideoJob[{type_args}]"
        out_jobs.append(
            f"\n    @checked_keywords({kind.start_operation!r})"
            f"\n    async def start_{kind_name}(\n        self,\n        *,\n"
            + params
            + f"    ) -> {job_type}:\n"
            + docstring(start_doc, "        ")
            + f"        started = await self._client.{sm.xform_name(kind.start_operation)}(\n"
            + arguments
            + "        )\n"
            + "        if started.job_id is None:  # pragma: no cover (the service always sets it)\n"
            + f'            raise RekognitionError("{kind.start_operation} returned no JobId")\n'
            + f"        return self.{kind_name}(started.job_id, poll=poll)\n"
        )
        out_jobs.append(
            f"\n    @checked_keywords({kind.get_operation!r})"
            f"\n    def {kind_name}(self, job_id: str, *, poll: PollPolicy | None = None) -> {job_type}:\n"
            + docstring(attach_doc, "        ")
            + f"        return self._client._video_job({kind_name!r}, job_id, poll)\n"
        )
    out = [header(model)]
    out.append(
        '''"""``rk.paginate`` and ``rk.jobs`` of :class:`rekog.AsyncRekognition`: async pagers, video job
and long-running handles, typed per operation (the twin of ``namespaces``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, cast

from ..errors import RekognitionError
from .._keywords import checked_keywords
from ..aio.long_running import {handles}, attach, start_work

if TYPE_CHECKING:
    from ..aio.jobs import AsyncVideoJob
    from ..aio.paging import AsyncPager
    from ..inputs import ImageInput, VideoInput
    from ..jobs import PollPolicy
    from ..paging import CollectionItem
    from .aio_client_ops import AsyncOperationMethods
'''.replace("{handles}", ", ".join(async_handle_names()))
    )
    out.append(models_import(types))
    out.append(
        '''

class AsyncPaginators:
    """Async pagers for every operation that takes ``NextToken``:
    ``async for person in rk.paginate.get_face_search(...)``.

    Each method takes the operation's own arguments but the token, plus ``starting_token`` and
    ``max_items``, validates them at once (before any request), and returns a lazy
    :class:`~rekog.aio.AsyncPager`.
    """

    def __init__(self, client: AsyncOperationMethods) -> None:
        self._client = client
'''
    )
    out.extend(out_pagers)
    out.append(
        '''

class AsyncJobs:
    """Long-running work: video jobs (``await rk.jobs.start_face_search(...)`` starts one,
    ``rk.jobs.face_search(id)`` attaches to one; both give an
    :class:`~rekog.aio.AsyncVideoJob`), Custom Labels model versions, datasets, media
    analysis jobs and stream processors, as for :class:`rekog.Rekognition`'s ``rk.jobs``.

    Every ``start``-style method is awaited and returns a handle (``await handle.wait()``);
    the identifier-taking methods (``project_version(arn)``, ``dataset(arn)``,
    ``media_analysis_job(job_id)``, ``stream_processor(name)``) attach to existing work,
    from any process, without a call.
    """

    def __init__(self, client: AsyncOperationMethods) -> None:
        self._client = client
'''
    )
    out.extend(out_jobs)
    out.append(long_running_methods(model, types, "async"))
    return "".join(out)


AIO_WRITERS = {
    "rekog/_generated/aio_client_ops.py": write_aio_client_ops,
    "rekog/_generated/aio_namespaces.py": write_aio_namespaces,
}
