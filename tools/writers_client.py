"""Writers of the generated client-side modules: errors, the operation table, client methods."""

from __future__ import annotations

from typing import Any

import servicemodel as sm
from emit import docstring, header


def first_paragraph(text: str) -> str:
    return text.split("\n\n")[0].replace("\n", " ").strip()


# ---------------------------------------------------------------------------- errors


def write_errors(model: dict[str, Any]) -> str:
    shapes = model["shapes"]
    names = sm.error_names(model)
    out = [header(model)]
    out.append(
        '''"""Exception classes: one per service error code, plus rekog's own.

Every service error is a :class:`ServiceError`, which is both a :class:`RekognitionError` and a
:class:`botocore.exceptions.ClientError`; an error code this SDK does not know maps to
:class:`ServiceError` itself. See :mod:`rekog._exceptions` for the whole hierarchy.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from ._exceptions import (
    InvalidRequestError,
    JobFailedError,
    JobTimeoutError,
    PaginationError,
    RekognitionError,
    ServiceError,
)

'''
    )
    public = [
        "ERROR_CLASSES",
        "InvalidRequestError",
        "JobFailedError",
        "JobTimeoutError",
        "PaginationError",
        "RekognitionError",
        "ServiceError",
        "error_class",
        "from_client_error",
        *names,
    ]
    out.append("__all__ = [\n" + "".join(f'    "{n}",\n' for n in sorted(public)) + "]\n")
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
    out.append("from ._spec import OperationSpec\n\n")
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
            self.used_models.add(shape_name)
            return f"{shape_name} | str"
        if kind == "structure":
            self.used_models.add(shape_name)
            return f"{shape_name} | Mapping[str, Any]"
        if kind == "list":
            return f"Sequence[{self.annotation(shape['member']['shape'])}]"
        if kind == "map":
            key = self.annotation(shape["key"]["shape"])
            value = self.annotation(shape["value"]["shape"])
            return f"Mapping[{key}, {value}]"
        return {
            "string": "str",
            "integer": "int",
            "long": "int",
            "float": "float",
            "double": "float",
            "boolean": "bool",
            "blob": "bytes",
            "timestamp": "datetime",
        }[kind]


def method_source(model: dict[str, Any], name: str, types: ParamTypes) -> str:
    operation = model["operations"][name]
    shapes = model["shapes"]
    request = shapes[operation["input"]["shape"]]
    required = set(request.get("required", []))
    response_model = operation["output"]["shape"]
    types.used_models.add(response_model)
    params: list[str] = []
    docs: list[str] = []
    names: list[str] = []
    members = input_members(model, operation)
    # Required first so the signature reads naturally; all are keyword-only.
    ordered = [m for m in members if m[0] in required] + [
        m for m in members if m[0] not in required
    ]
    for member_name, member in ordered:
        attr = sm.python_name(member_name)
        annotation = types.annotation(member["shape"])
        if member_name in required and member_name != "ClientRequestToken":
            params.append(f"        {attr}: {annotation},\n")
        else:
            params.append(f"        {attr}: {annotation} | None = None,\n")
        names.append(attr)
        member_doc = first_paragraph(
            sm.plain_text(
                member.get("documentation") or shapes[member["shape"]].get("documentation")
            )
        )
        if member_name == "ClientRequestToken":
            member_doc += " rekog generates one per call when omitted and reuses it on retries."
        docs.append(f"    {attr}: {member_doc}")
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
    return (
        f"\n    def {method}(\n{signature}    ) -> {response_model}:\n"
        + docstring(doc, "        ")
        + f'        return cast("{response_model}", self._invoke({name!r}, {call}))\n'
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
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from .inputs import ImageInput, VideoInput
'''
    )
    out.append(
        "    from .models import (\n"
        + "".join(f"        {n},\n" for n in sorted(types.used_models))
        + "    )\n"
    )
    out.append(
        '''

class OperationMethods:
    """The generated operation methods; :class:`rekog.Rekognition` supplies ``_invoke``."""

    def _invoke(self, operation: str, arguments: dict[str, Any]) -> Any:
        raise NotImplementedError
'''
    )
    out.append(methods)
    return "".join(out)


CLIENT_WRITERS = {
    "rekog/errors.py": write_errors,
    "rekog/_operations.py": write_operations,
    "rekog/_client_ops.py": write_client_ops,
}
