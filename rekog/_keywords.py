"""Keyword mistakes on the generated operation methods, as typed errors.

Python itself rejects ``rk.describe_collection(CollectionId="c")`` with a ``TypeError`` that
names an internal class; boto3 users write the AWS names out of habit. Each generated method is
wrapped by :func:`checked_keywords`: a call that binds costs one extra frame, and only a call
that does not bind is inspected and turned into :class:`~rekog.InvalidRequestError` naming the
snake_case parameter.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from botocore import xform_name

from .errors import InvalidRequestError

__all__ = ["checked_keywords", "keyword_error"]

F = TypeVar("F", bound=Callable[..., Any])


def checked_keywords(operation: str) -> Callable[[F], F]:
    """Wrap an operation method so that arguments which do not bind raise
    :class:`InvalidRequestError` (before anything is sent) instead of a ``TypeError``."""

    def decorate(func: F) -> F:
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                try:
                    call = func(*args, **kwargs)
                except TypeError as error:
                    raise _explained(func, operation, args, kwargs, error) from None
                return await call

            return run_async  # type: ignore[return-value]

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            # Binding happens before the body runs: a TypeError from the body is re-raised
            # unchanged when the arguments bind.
            try:
                return func(*args, **kwargs)
            except TypeError as error:
                raise _explained(func, operation, args, kwargs, error) from None

        return run  # type: ignore[return-value]

    return decorate


def _explained(
    func: Callable[..., Any],
    operation: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    error: TypeError,
) -> BaseException:
    problem = keyword_error(func, operation, args[1:], kwargs)
    return problem if problem is not None else error


def keyword_error(
    func: Callable[..., Any], operation: str, positional: tuple[Any, ...], kwargs: dict[str, Any]
) -> InvalidRequestError | None:
    """Why ``func(self, *positional, **kwargs)`` does not bind (``None``: it binds)."""
    parameters = {
        name: parameter
        for name, parameter in inspect.signature(func).parameters.items()
        if name != "self"
    }
    method = func.__name__
    for name in kwargs:
        if name in parameters:
            continue
        snake = xform_name(name)
        if snake in parameters:
            return InvalidRequestError(
                snake,
                f"{method}() takes snake_case keywords: write {snake}= instead of {name}=",
                operation=operation,
            )
        known = ", ".join(parameters) or "no arguments"
        return InvalidRequestError(
            name, f"{method}() has no parameter {name!r}; it takes: {known}", operation=operation
        )
    takes = [p for p in parameters.values() if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    if len(positional) > len(takes):
        if takes:
            rule = (
                f"{method}() takes {', '.join(p.name for p in takes)} by position, "
                "every other argument by keyword"
            )
        else:
            example = next(iter(parameters), "x")
            rule = f"{method}() takes keyword arguments only, e.g. {method}({example}=...)"
        return InvalidRequestError("(positional)", rule, operation=operation)
    given = {p.name for p in takes[: len(positional)]} | set(kwargs)
    for name, parameter in parameters.items():
        if parameter.default is inspect.Parameter.empty and name not in given:
            return InvalidRequestError(name, "is required", operation=operation)
    return None
