"""Writer of ``rk.jobs``' long-running entry points, for both clients, from one table.

Each :data:`rekog.jobs.entry_points.ENTRY_POINTS` row becomes a method named after its
operation, taking the operation's own parameters (the same builder as the client's
methods: :func:`writers_client._signature_params`) plus ``poll`` and the row's extras, and
running the row with ``start_work``; each :data:`~rekog.jobs.entry_points.ATTACH_POINTS` row
becomes a method attaching to existing work by its identifier. The sync and the async
rendering differ only in ``async``/``await`` and the handle class names.
"""

from __future__ import annotations

from typing import Any

from emit import docstring
from writers_client import ParamTypes, _signature_params

#: Parameters an entry point may add to its operation's, with their annotation and doc.
EXTRA_PARAMETERS = {
    "project_arn": (
        "str | None",
        "the model version's project ARN; looked up by name when omitted (one "
        "`DescribeProjects` call).",
    ),
}


def _tables() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    from writers_client import _paged_tables

    _paged_tables()  # puts the repository on sys.path
    from rekog.jobs.entry_points import ATTACH_POINTS, ENTRY_POINTS
    from rekog.jobs.lifecycles import LIFECYCLES

    return ENTRY_POINTS, ATTACH_POINTS, LIFECYCLES


def _handle_type(name: str, flavour: str) -> str:
    # The sync handles are named through their module, as models are: the sync namespace
    # module's own ``*Job`` classes are the typed video job classes only.
    return f"Async{name}" if flavour == "async" else f"long_running.{name}"


def async_handle_names() -> list[str]:
    """Every async handle class an ``rk.jobs`` method returns."""
    _, attach_points, _ = _tables()
    names = {point.handle for point in attach_points.values()} | {"DatasetDistribution"}
    return sorted(_handle_type(name, "async") for name in names)


def long_running_methods(model: dict[str, Any], types: ParamTypes, flavour: str) -> str:
    """The entry point and attach methods of ``rk.jobs`` (``flavour``: sync or async)."""
    entries, attach_points, lifecycles = _tables()
    is_async = flavour == "async"
    define = "async def" if is_async else "def"
    wait = "await " if is_async else ""
    out: list[str] = []
    for method, entry in entries.items():
        lifecycle = lifecycles[entry.kind]
        handle = "DatasetDistribution" if entry.pair else attach_points[entry.kind].handle
        returned = _handle_type(handle, flavour)
        params, docs, names = _signature_params(model, entry.operation, types, set())
        for extra in entry.extra:
            annotation, doc = EXTRA_PARAMETERS[extra]
            params.append(f"        {extra}: {annotation} = None,\n")
            docs.append(f"    {extra}: {doc}")
        params.append("        poll: PollPolicy | None = None,\n")
        docs.append("    poll: how `wait()` polls (default `PollPolicy()`).")
        outcome = (
            f"`wait()` returns {entry.ends}."
            if entry.pair
            else f"`wait()` returns the final description on {entry.ends}."
        )
        doc = (
            f"Call `{entry.operation}` and return a handle on the {lifecycle.resource}"
            f"{'s' if entry.pair else ''} it works on.\n\n{outcome}\n\nArgs:\n" + "\n".join(docs)
        )
        arguments = "{" + ", ".join(f'"{n}": {n}' for n in names) + "}"
        keywords = "".join(f", {extra}={extra}" for extra in entry.extra)
        out.append(
            f"\n    @checked_keywords({entry.operation!r})"
            f"\n    {define} {method}(\n        self,\n        *,\n"
            + "".join(params)
            + f"    ) -> {returned}:\n"
            + docstring(doc, "        ")
            + f"        started = {wait}start_work(\n"
            + f"            self._client, {method!r}, {arguments}, poll=poll{keywords}\n"
            + "        )\n"
            + f'        return cast("{returned}", started)\n'
        )
    for kind, point in attach_points.items():
        lifecycle = lifecycles[kind]
        returned = _handle_type(point.handle, flavour)
        params = [f"        {point.parameter}: str,\n", "        *,\n"]
        docs = [f"    {point.parameter}: {point.what}."]
        keywords = []
        for extra in point.extra:
            annotation, doc = EXTRA_PARAMETERS[extra]
            params.append(f"        {extra}: {annotation} = None,\n")
            docs.append(f"    {extra}: {doc}")
            keywords.append(f"{extra}={extra}")
        if point.goals:
            goals = ", ".join(f"`{goal!r}`".replace("'", '"') for goal in point.goals)
            params.append("        goal: str | None = None,\n")
            docs.append(
                f"    goal: what `wait()` waits for: {goals}; by default the goal of the first "
                "transitional status seen (a settled resource: `wait()` returns at once)."
            )
            keywords.append("goal=goal")
        params.append("        poll: PollPolicy | None = None,\n")
        docs.append("    poll: how `wait()` polls (default `PollPolicy()`).")
        keywords.append("poll=poll")
        doc = (
            f"Attach to an existing {lifecycle.resource} by its identifier (from any "
            "process).\n\nArgs:\n" + "\n".join(docs)
        )
        out.append(
            f"\n    @checked_keywords({lifecycle.describe_operation!r})"
            f"\n    def {point.method}(\n        self,\n"
            + "".join(params)
            + f"    ) -> {returned}:\n"
            + docstring(doc, "        ")
            + f"        handle = attach(self._client, {kind!r}, {point.parameter}, "
            + ", ".join(keywords)
            + ")\n"
            + f'        return cast("{returned}", handle)\n'
        )
    return "".join(out)
