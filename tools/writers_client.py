"""Writers of the generated client-side modules: errors, the operation table, client methods."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import servicemodel as sm
from emit import docstring, header

ROOT = Path(__file__).resolve().parent.parent


def first_paragraph(text: str) -> str:
    return text.split("\n\n")[0].replace("\n", " ").strip()


# ---------------------------------------------------------------------------- errors


#: The line in ``rekog/errors.py`` below which the generator writes the service's error
#: classes: they are defined in their public module so that type checkers name them
#: ``rekog.errors.X`` (a class is named by the module that defines it).
ERRORS_MARKER = "# ---- GENERATED below this line by tools/generate.py: DO NOT EDIT below it. ----"


def write_errors(model: dict[str, Any]) -> str:
    """The generated part of ``rekog/errors.py``: what follows :data:`ERRORS_MARKER`."""
    shapes = model["shapes"]
    names = sm.error_names(model)
    out = [f"# From botocore {sm.botocore_version()} ({sm.SERVICE} {sm.API_VERSION}).\n"]
    public = ["ERROR_CLASSES", "ServiceExceptions", "error_class", "from_client_error", *names]
    out.append("__all__ += [\n" + "".join(f'    "{n}",\n' for n in sorted(public)) + "]\n")
    for name in names:
        shape = shapes[name]
        doc = sm.plain_text(shape.get("documentation")) or f"The service's `{name}`."
        status = shape.get("error", {}).get("httpStatusCode")
        if status:
            doc += f"\n\nHTTP status {status}."
        out.append(f"\n\nclass {name}(ServiceError):\n")
        out.append(docstring(doc, "    "))
    out.append("\n\nERROR_CLASSES: dict[str, type[ServiceError]] = {\n")
    out.extend(f'    "{n}": {n},\n' for n in names)
    out.append("}\n")
    out.append(
        '''

class ServiceExceptions:
    """The service's error classes by code, as a boto3 client's ``exceptions`` has them:
    ``except rk.exceptions.ResourceNotFoundException``.

    ``ClientError`` is :class:`ServiceError` (every service error); ``from_code(code)`` looks a
    code up, as botocore's does (:class:`ServiceError` for a code this SDK does not know).
    """

    ClientError = ServiceError
'''
    )
    out.extend(f"    {n} = {n}\n" for n in names)
    out.append(
        '''
    @staticmethod
    def from_code(code: str) -> type[ServiceError]:
        """The class for a service error code (``ServiceError`` for an unknown one)."""
        return error_class(code)


def error_class(code: str) -> type[ServiceError]:
    """The class for a service error code; :class:`ServiceError` for an unknown code."""
    return ERROR_CLASSES.get(code, ServiceError)


def from_client_error(error: ClientError, operation: str, *, attempts: int = 1) -> ServiceError:
    """The rekog exception for a botocore ``ClientError``, keeping its parsed response."""
    response: dict[str, Any] = dict(error.response)
    code = str(response.get("Error", {}).get("Code", ""))
    return error_class(code)(response, operation, attempts=attempts)
'''
    )
    return "".join(out)


#: Generated parts of hand-written modules: path -> (marker line, writer of what follows it).
CLIENT_BLOCK_WRITERS = {"rekog/errors.py": (ERRORS_MARKER, write_errors)}


# ---------------------------------------------------------------------------- operations


def input_members(
    model: dict[str, Any], operation: dict[str, Any]
) -> list[tuple[str, dict[str, Any]]]:
    if "input" not in operation:
        return []
    shape = model["shapes"][operation["input"]["shape"]]
    return list(shape.get("members", {}).items())


def write_operations(model: dict[str, Any]) -> str:
    out = [header(model)]
    out.append('"""The operation table: what the client needs to know about each operation."""\n\n')
    out.append("from .._spec import OperationSpec\n\n")
    out.append("#: The botocore whose service model this code was generated from.\n")
    out.append(f"GENERATED_WITH_BOTOCORE = {sm.botocore_version()!r}\n\n")
    out.append("OPERATIONS: dict[str, OperationSpec] = {\n")
    for name in sorted(model["operations"]):
        operation = model["operations"][name]
        members = input_members(model, operation)
        images = tuple(sm.python_name(m) for m, spec in members if spec["shape"] == "Image")
        videos = tuple(sm.python_name(m) for m, spec in members if spec["shape"] == "Video")
        token = next((sm.python_name(m) for m, _ in members if m == "ClientRequestToken"), None)
        paged = any(m == "NextToken" for m, _ in members)
        out.append(
            f"    {name!r}: OperationSpec(\n"
            f"        name={name!r},\n"
            f"        method={sm.xform_name(name)!r},\n"
            f"        request={operation['input']['shape']!r},\n"
            f"        response={operation['output']['shape']!r},\n"
            f"        image_params={images!r},\n"
            f"        video_params={videos!r},\n"
            f"        token_param={token!r},\n"
            f"        paged={paged!r},\n"
            f"    ),\n"
        )
    out.append("}\n")
    return "".join(out)


# ---------------------------------------------------------------------------- client methods


def model_ref(name: str) -> str:
    """A model named through ``rekog.models`` (its public home, lazily loading).

    Typed code names every model through it: type checkers read its stub, so a model named
    through ``rekog._generated.models`` would be a second, different class to them.

    ``models.X`` resolves at run time (``typing.get_type_hints`` works) without importing
    every model when the client module loads.
    """
    return f"models.{name}"


class ParamTypes:
    """Python annotations of operation arguments (what a caller may pass)."""

    def __init__(self, model: dict[str, Any]) -> None:
        self.shapes = model["shapes"]
        self.enums = set(sm.enum_names(model))
        self.used_models: set[str] = set()

    def annotation(self, shape_name: str) -> str:
        shape = self.shapes[shape_name]
        kind = shape["type"]
        if shape_name == "Image":
            return "ImageInput"
        if shape_name == "Video":
            return "VideoInput"
        if shape_name in self.enums:
            # The enum or one of its known values: a checker rejects a misspelt value; at run
            # time an unknown value is still sent (with a warning), as AWS adds values.
            self.used_models.add(shape_name)
            values = ", ".join(repr(v).replace("'", '"') for v in shape["enum"])
            return f"{model_ref(shape_name)} | Literal[{values}]"
        if kind == "structure":
            self.used_models.add(shape_name)
            return f"{model_ref(shape_name)} | Mapping[str, Any]"
        if kind == "list":
            return f"Sequence[{self.annotation(shape['member']['shape'])}]"
        if kind == "map":
            key = self.annotation(shape["key"]["shape"])
            value = self.annotation(shape["value"]["shape"])
            return f"Mapping[{key}, {value}]"
        return sm.SCALAR_TYPES[kind]


def _signature_params(
    model: dict[str, Any], name: str, types: ParamTypes, skip: set[str]
) -> tuple[list[str], list[str], list[str]]:
    """Keyword parameters, their docs, and the argument names for an operation's input."""
    shapes = model["shapes"]
    operation = model["operations"][name]
    required = set(shapes[operation["input"]["shape"]].get("required", []))
    members = [m for m in input_members(model, operation) if m[0] not in skip]
    ordered = [m for m in members if m[0] in required] + [
        m for m in members if m[0] not in required
    ]
    params, docs, names = [], [], []
    for member_name, member in ordered:
        attr = sm.python_name(member_name)
        annotation = types.annotation(member["shape"])
        if member_name in required and member_name != "ClientRequestToken":
            params.append(f"        {attr}: {annotation},\n")
        else:
            params.append(f"        {attr}: {annotation} | None = None,\n")
        names.append(attr)
        text = member.get("documentation") or shapes[member["shape"]].get("documentation")
        member_doc = first_paragraph(sm.plain_text(text))
        if member_name == "ClientRequestToken":
            member_doc += " rekog generates one per call when omitted and reuses it on retries."
        docs.append(f"    {attr}: {member_doc}")
    return params, docs, names


def models_import(types: ParamTypes) -> str:
    """The import of the models package the generated signatures name models through."""
    if "models" in {sm.python_name(n) for n in types.used_models}:
        raise SystemExit("a model or parameter named 'models' would shadow the package")
    return "from .. import models\n"


def operation_method_parts(
    model: dict[str, Any], name: str, types: ParamTypes
) -> tuple[str, str, str, str, str]:
    """Name, signature, docstring, response model and argument dict of an operation method.

    Shared by the sync and the async client writers: one signature, one docstring.
    """
    operation = model["operations"][name]
    response_model = operation["output"]["shape"]
    types.used_models.add(response_model)
    params, docs, names = _signature_params(model, name, types, set())
    method = sm.xform_name(name)
    doc = sm.plain_text(operation.get("documentation")) or f"Call `{name}`."
    if docs:
        doc += "\n\nArgs:\n" + "\n".join(docs)
    doc += f"\n\nReturns:\n    The typed `{response_model}`."
    doc += "\n\nRaises:\n    InvalidRequestError: an argument breaks a rule; nothing was sent.\n"
    doc += "    ServiceError: the service answered with an error (a subclass per code)."
    signature = "        self,\n"
    if params:
        signature += "        *,\n" + "".join(params)
    call = "{" + ", ".join(f'"{n}": {n}' for n in names) + "}"
    return method, signature, doc, response_model, call


def method_source(model: dict[str, Any], name: str, types: ParamTypes) -> str:
    method, signature, doc, response_model, call = operation_method_parts(model, name, types)
    ref = model_ref(response_model)
    return (
        f"\n    @checked_keywords({name!r})"
        f"\n    def {method}(\n{signature}    ) -> {ref}:\n"
        + docstring(doc, "        ")
        + f'        return cast("{ref}", self._invoke({name!r}, {call}))\n'
    )


def write_client_ops(model: dict[str, Any]) -> str:
    types = ParamTypes(model)
    methods = "".join(method_source(model, name, types) for name in sorted(model["operations"]))
    out = [header(model)]
    out.append(
        '''"""One typed method per Rekognition operation, mixed into :class:`rekog.Rekognition`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, cast

from .._keywords import checked_keywords
from ..inputs import ImageInput, VideoInput

if TYPE_CHECKING:
    from ..jobs import PollPolicy, VideoJob
    from ..paging import Pager
'''
    )
    out.append(models_import(types))
    out.append(
        '''

class OperationMethods:
    """The generated operation methods; :class:`rekog.Rekognition` supplies ``_invoke``,
    ``_pager``, ``_video_job`` and ``_s3_client`` (what ``rk.paginate`` and ``rk.jobs`` call)."""

    def _invoke(self, operation: str, arguments: dict[str, Any]) -> Any:
        raise NotImplementedError

    def _pager(
        self,
        operation: str,
        arguments: dict[str, Any],
        *,
        starting_token: str | None = None,
        max_items: int | None = None,
    ) -> Pager[Any, Any]:
        raise NotImplementedError

    def _video_job(
        self, kind_name: str, job_id: str, poll: PollPolicy | None = None
    ) -> VideoJob[Any, Any]:
        raise NotImplementedError

    def _s3_client(self) -> Any:
        """An S3 client of the client's session and region (long-running result files)."""
        raise NotImplementedError
'''
    )
    out.append(methods)
    return "".join(out)


CLIENT_WRITERS = {
    "rekog/_generated/operations.py": write_operations,
    "rekog/_generated/client_ops.py": write_client_ops,
}


# ---------------------------------------------------------------------------- namespaces


def _paged_tables() -> tuple[dict[str, Any], dict[str, Any]]:
    """The hand-written pagination and job tables (which member holds the items)."""
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    from rekog.jobs import JOB_KINDS
    from rekog.paging import PAGED_OPERATIONS

    return PAGED_OPERATIONS, JOB_KINDS


def _item_annotation(item_type: str, types: ParamTypes) -> str:
    if item_type == "str":
        return "str"
    if item_type == "CollectionItem":
        return "CollectionItem"
    types.used_models.add(item_type)
    return model_ref(item_type)


def job_class_name(kind_name: str) -> str:
    return "".join(part.title() for part in kind_name.split("_")) + "Job"


def job_class_source(model: dict[str, Any], kind: Any, types: ParamTypes) -> str:
    """A typed ``VideoJob`` subclass whose ``results()`` lists the ``Get*`` arguments."""
    get_response = model["operations"][kind.get_operation]["output"]["shape"]
    page, item = model_ref(get_response), _item_annotation(kind.paged.item_type, types)
    params, docs, names = _signature_params(
        model, kind.get_operation, types, {"JobId", "NextToken", "MaxResults"}
    )
    optional = [
        p if p.endswith("= None,\n") else p.replace(",\n", " | None = None,\n") for p in params
    ]
    doc = (
        f"The results of a `{kind.start_operation}` job: every item of `{kind.get_operation}` "
        "across pages, once the job has succeeded (waits first, as `VideoJob.results`).\n\n"
        "Args:\n"
        + "\n".join(
            [
                "    timeout: seconds to wait for the job to finish (default: no limit).",
                "    page_size: items per `Get*` call (the service's `MaxResults`).",
                "    starting_token: a resume token saved from an earlier pager.",
                "    max_items: stop after this many items.",
                *docs,
            ]
        )
    )
    arguments = "".join(f'            "{n}": {n},\n' for n in names)
    return (
        f"\n\nclass {job_class_name(kind.name)}(VideoJob[{page!r}, {item!r}]):\n"
        + docstring(
            f"A `{kind.start_operation}` job handle with typed `results()` arguments.", "    "
        )
        + "\n    def results(  # type: ignore[override]\n        self,\n"
        + "        timeout: float | None = None,\n        *,\n"
        + "        page_size: int | None = None,\n"
        + "        starting_token: str | None = None,\n"
        + "        max_items: int | None = None,\n"
        + "".join(optional)
        + f"    ) -> Pager[{page}, {item}]:\n"
        + docstring(doc, "        ")
        + "        arguments: dict[str, Any] = {\n"
        + '            "page_size": page_size,\n'
        + '            "starting_token": starting_token,\n'
        + '            "max_items": max_items,\n'
        + arguments
        + "        }\n"
        + "        given = {k: v for k, v in arguments.items() if v is not None}\n"
        + "        return super().results(timeout, **given)\n"
    )


def pager_method_parts(
    model: dict[str, Any], name: str, entry: Any, types: ParamTypes
) -> tuple[str, str, str, str, str, str]:
    """Name, parameters, docstring, page type, item type and arguments of a pager method."""
    response = model["operations"][name]["output"]["shape"]
    types.used_models.add(response)
    item = _item_annotation(entry.item_type, types)
    params, docs, names = _signature_params(model, name, types, {"NextToken"})
    call = "{" + ", ".join(f'"{n}": {n}' for n in names) + "}"
    doc = (
        f"Every `{entry.items_member}` item of `{name}`, across pages, lazily.\n\n"
        f"`max_results` is the page size. Iterate the pager for items, or call "
        f"`.pages()` for the typed `{response}` pages.\n\nArgs:\n"
        + "\n".join(
            docs
            + [
                "    starting_token: a token saved from an earlier pager, to resume there.",
                "    max_items: stop after this many items.",
            ]
        )
    )
    params_source = (
        "".join(params)
        + "        starting_token: str | None = None,\n"
        + "        max_items: int | None = None,\n"
    )
    return sm.xform_name(name), params_source, doc, response, item, call


def job_method_parts(
    model: dict[str, Any], kind: Any, paged: dict[str, Any], types: ParamTypes
) -> tuple[str, str, str, str, str]:
    """Job type arguments, start parameters, start and attach docstrings, start arguments."""
    get_response = model["operations"][kind.get_operation]["output"]["shape"]
    types.used_models.add(get_response)
    item = _item_annotation(paged[kind.get_operation].item_type, types)
    params, docs, names = _signature_params(model, kind.start_operation, types, set())
    arguments = "".join(f"            {n}={n},\n" for n in names)
    start_doc = (
        f"Start a `{kind.start_operation}` job and return its handle.\n\n"
        f"`wait()` for it (or `wait_for_notification(queue_url)`), then iterate "
        f"`results()`: every item of `{kind.get_operation}` across pages.\n\nArgs:\n"
        + "\n".join(docs + ["    poll: how `wait()` polls (default `PollPolicy()`)."])
    )
    attach_doc = (
        f"Attach to an existing `{kind.start_operation}` job by its id (from any process).\n\n"
        "Args:\n    job_id: the `JobId` the start returned.\n"
        "    poll: how `wait()` polls (default `PollPolicy()`)."
    )
    params_source = "".join(params) + "        poll: PollPolicy | None = None,\n"
    return f"{model_ref(get_response)}, {item}", params_source, start_doc, attach_doc, arguments


def write_namespaces(model: dict[str, Any]) -> str:
    from writers_jobs import long_running_methods  # it imports this module

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
            + f"    ) -> Pager[{model_ref(response)}, {item}]:\n"
            + docstring(doc, "        ")
            + f"        return self._client._pager(\n            {name!r},\n            {call},\n"
            + "            starting_token=starting_token,\n            max_items=max_items,\n        )\n"
        )
    out_jobs: list[str] = []
    job_classes: list[str] = []
    for kind_name in sorted(kinds):
        kind = kinds[kind_name]
        job_classes.append(job_class_source(model, kind, types))
        _, params, start_doc, attach_doc, arguments = job_method_parts(model, kind, paged, types)
        job_type = job_class_name(kind_name)
        out_jobs.append(
            f"\n    @checked_keywords({kind.start_operation!r})"
            f"\n    def start_{kind_name}(\n        self,\n        *,\n"
            + params
            + f"    ) -> {job_type}:\n"
            + docstring(start_doc, "        ")
            + f"        started = self._client.{sm.xform_name(kind.start_operation)}(\n"
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
            + f"        job = self._client._video_job({kind_name!r}, job_id, poll)\n"
            + f"        return _specialised(job, {job_type})\n"
        )
    out = [header(model)]
    out.append(
        '''"""``rk.paginate`` and ``rk.jobs``: pagers, video job and long-running handles, typed per
operation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from ..errors import RekognitionError
from .._keywords import checked_keywords
from ..inputs import ImageInput, VideoInput
from ..jobs import PollPolicy, VideoJob
from ..paging import CollectionItem, Pager
from ..jobs import long_running
from ..jobs.long_running import attach, start_work

if TYPE_CHECKING:
    from .client_ops import OperationMethods
'''
    )
    out.append(models_import(types))
    out.append(
        """
_JobT = TypeVar("_JobT", bound=VideoJob[Any, Any])


def _specialised(job: VideoJob[Any, Any], kind: type[_JobT]) -> _JobT:
    # The client builds a plain VideoJob; its typed subclass adds only a typed signature.
    job.__class__ = kind
    return job  # type: ignore[return-value]
"""
    )
    out.extend(job_classes)
    out.append(
        '''

class Paginators:
    """Pagers for every operation that takes ``NextToken``: ``rk.paginate.get_face_search(...)``.

    Each method takes the operation's own arguments but the token, plus ``starting_token`` and
    ``max_items``, validates them at once (before any request), and returns a lazy
    :class:`~rekog.Pager`.
    """

    def __init__(self, client: OperationMethods) -> None:
        self._client = client
'''
    )
    out.extend(out_pagers)
    out.append(
        '''

class Jobs:
    """Long-running work: video jobs (``rk.jobs.start_face_search(...)`` starts one,
    ``rk.jobs.face_search(id)`` attaches to one; both return a :class:`~rekog.VideoJob`),
    Custom Labels model versions, datasets, media analysis jobs and stream processors.

    Every ``start``-style method calls the operation of its name and returns a handle; the
    identifier-taking methods (``project_version(arn)``, ``dataset(arn)``,
    ``media_analysis_job(job_id)``, ``stream_processor(name)``) attach to existing work,
    from any process.
    """

    def __init__(self, client: OperationMethods) -> None:
        self._client = client
'''
    )
    out.extend(out_jobs)
    out.append(long_running_methods(model, types, "sync"))
    return "".join(out)


CLIENT_WRITERS["rekog/_generated/namespaces.py"] = write_namespaces
