"""Resources and the descriptors that give each operation one definition.

A resource method is written once, as a function that describes the request
(``Call``) or listing (``Paged``). The ``endpoint`` and ``listing`` descriptors turn it
into the right callable for the client it is reached through:

=================  ==========================  ===============================
reached through    ``@endpoint`` returns       ``@listing`` returns
=================  ==========================  ===============================
``Dixa``           ``T``                       ``SyncPager[T]``
``AsyncDixa``      ``Awaitable[T]``            ``AsyncPager[T]`` (no ``await``)
raw sync           ``RawResponse[T]``          ``RawResponse[Page[T]]``
raw async          ``Awaitable[RawResponse]``  ``Awaitable[RawResponse[Page]]``
=================  ==========================  ===============================

Each descriptor also records the generated operation it calls, which is how the
coverage test proves that every operation in the spec is reachable.
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Awaitable, Callable
from types import ModuleType
from typing import Any, Concatenate, Generic, ParamSpec, Self, TypeVar, overload

from dixa._call import Call, Page, Paged
from dixa._core import AsyncCore, AsyncRawCore, SyncCore, SyncRawCore
from dixa._pagination import AsyncPager, SyncPager
from dixa._response import RawResponse

P = ParamSpec("P")
T = TypeVar("T")
C = TypeVar("C", SyncCore, AsyncCore, SyncRawCore, AsyncRawCore)

REFERENCE = "https://docs.dixa.io/openapi/dixa-api/beta/"


class Resource(Generic[C]):
    """A namespace of operations (``client.conversations.notes``)."""

    def __init__(self, core: C) -> None:
        self._core: C = core

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


class _Operation(Generic[P, T]):
    """What ``@operation``/``@paginated`` make of a method ``build(self, op, ...)``.

    ``op`` is the generated operation module the decorator names (its ``_get_kwargs``
    builds the request), imported here once, the first time the method is reached, so
    ``import dixa`` and a client stay cheap and a method body only describes its request.
    """

    def __init__(self, operation: str, build: Callable[..., Any]) -> None:
        self.operation = operation
        self._build = build
        self._module: ModuleType | None = None
        self._signature: inspect.Signature | None = None
        self.name = build.__name__
        self.__doc__ = build.__doc__
        self.__wrapped__ = build

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @property
    def module(self) -> ModuleType:
        """The generated operation module, e.g. ``dixa_generated.api.tags.get_tags``."""
        if self._module is None:
            self._module = importlib.import_module(f"dixa_generated.api.{self.operation}")
        return self._module

    def _bind(self, obj: Resource[Any], execute: Callable[[Any], Any]) -> Callable[..., Any]:
        """The method as reached through ``obj``: describe the request, hand it to ``execute``."""
        build, op, operation = self._build, self.module, self.operation

        @functools.wraps(build)
        def bound(*args: Any, **kwargs: Any) -> Any:
            return execute(_named(build(obj, op, *args, **kwargs), operation))

        # What help() and IDEs show: the caller's parameters, without the injected module.
        if self._signature is None:
            signature = inspect.signature(build)
            self._signature = signature.replace(parameters=list(signature.parameters.values())[2:])
        bound.__signature__ = self._signature  # type: ignore[attr-defined]

        # A non-data descriptor is consulted only while the instance has no attribute
        # of this name: cache the bound callable so later lookups skip the rebinding.
        obj.__dict__[self.name] = bound
        return bound


def _named(request: Any, operation: str) -> Any:
    """Stamp the operation's name on the ``Call`` (or each page's) a method built, so that
    errors and deviation warnings name it (see ``dixa._lenient``)."""
    if isinstance(request, Call):
        if not request.operation:
            object.__setattr__(request, "operation", operation)  # just built, not yet shared
        return request
    if isinstance(request, Paged):
        page = request.page
        return Paged(lambda key: _named(page(key), operation))
    return request


class endpoint(_Operation[P, T]):  # noqa: N801 - used as a decorator
    """A single request. ``operation`` is the generated module it calls, e.g.
    ``"conversations.post_conversations_conversationid_notes"``."""

    @overload
    def __get__(self, obj: None, owner: Any) -> Self: ...
    @overload
    def __get__(self, obj: Resource[SyncRawCore], owner: Any) -> Callable[P, RawResponse[T]]: ...
    @overload
    def __get__(self, obj: Resource[AsyncRawCore], owner: Any) -> Callable[P, Awaitable[RawResponse[T]]]: ...
    @overload
    def __get__(self, obj: Resource[SyncCore], owner: Any) -> Callable[P, T]: ...
    @overload
    def __get__(self, obj: Resource[AsyncCore], owner: Any) -> Callable[P, Awaitable[T]]: ...
    def __get__(self, obj: Resource[Any] | None, owner: Any) -> Any:
        return self if obj is None else self._bind(obj, obj._core.run)


class listing(_Operation[P, T]):  # noqa: N801 - used as a decorator
    """A listing, followed page by page as the caller iterates."""

    @overload
    def __get__(self, obj: None, owner: Any) -> Self: ...
    @overload
    def __get__(self, obj: Resource[SyncRawCore], owner: Any) -> Callable[P, RawResponse[Page[T]]]: ...
    @overload
    def __get__(self, obj: Resource[AsyncRawCore], owner: Any) -> Callable[P, Awaitable[RawResponse[Page[T]]]]: ...
    @overload
    def __get__(self, obj: Resource[SyncCore], owner: Any) -> Callable[P, SyncPager[T]]: ...
    @overload
    def __get__(self, obj: Resource[AsyncCore], owner: Any) -> Callable[P, AsyncPager[T]]: ...
    def __get__(self, obj: Resource[Any] | None, owner: Any) -> Any:
        return self if obj is None else self._bind(obj, obj._core.paginate)


def operation(
    name: str,
) -> Callable[[Callable[Concatenate[Any, ModuleType, P], Call[T]]], endpoint[P, T]]:
    """Declare a single-request method backed by generated module ``name``
    (``dixa_generated.api.<name>``), which the method receives as ``op``."""

    def wrap(build: Callable[Concatenate[Any, ModuleType, P], Call[T]]) -> endpoint[P, T]:
        return endpoint(name, build)

    return wrap


def paginated(
    name: str,
) -> Callable[[Callable[Concatenate[Any, ModuleType, P], Paged[T]]], listing[P, T]]:
    """Declare a listing method backed by generated module ``name``, received as ``op``."""

    def wrap(build: Callable[Concatenate[Any, ModuleType, P], Paged[T]]) -> listing[P, T]:
        return listing(name, build)

    return wrap


S = TypeVar("S")
A = TypeVar("A")
RS = TypeVar("RS")
RA = TypeVar("RA")


class spelled(Generic[S, A, RS, RA]):  # noqa: N801 - used like ``endpoint``
    """An ``endpoint`` for the escape hatches (``client.request``, ``client.call``): one
    ``build`` describing a ``Call``, run by whichever core the resource has. Their
    signatures are overloaded or generic, which a ParamSpec cannot carry through a
    descriptor, so the callable each client kind gets is spelled out as the type
    arguments: sync, async, raw sync, raw async. Not an ``_Operation``: it names no single
    generated operation."""

    def __init__(self, build: Callable[..., Call[Any]]) -> None:
        self._build = build
        self.name = build.__name__
        self.__doc__ = build.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: Any) -> Self: ...
    @overload
    def __get__(self, obj: Resource[SyncRawCore], owner: Any) -> RS: ...
    @overload
    def __get__(self, obj: Resource[AsyncRawCore], owner: Any) -> RA: ...
    @overload
    def __get__(self, obj: Resource[SyncCore], owner: Any) -> S: ...
    @overload
    def __get__(self, obj: Resource[AsyncCore], owner: Any) -> A: ...
    def __get__(self, obj: Resource[Any] | None, owner: Any) -> Any:
        if obj is None:
            return self
        build, execute = self._build, obj._core.run

        @functools.wraps(build)
        def bound(*args: Any, **kwargs: Any) -> Any:
            return execute(build(obj, *args, **kwargs))

        # What help() shows: without ``self``, and not the ``Call`` the build returns.
        signature = inspect.signature(build)
        parameters = list(signature.parameters.values())[1:]
        bound.__signature__ = signature.replace(parameters=parameters, return_annotation=inspect.Signature.empty)  # type: ignore[attr-defined]
        obj.__dict__[self.name] = bound  # later lookups skip the descriptor
        return bound
