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
from collections.abc import Awaitable, Callable
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
    def __init__(self, operation: str, build: Callable[..., Any]) -> None:
        self.operation = operation
        self._build = build
        self.name = build.__name__
        self.__doc__ = build.__doc__
        self.__wrapped__ = build

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def _bind(self, obj: Resource[Any], execute: Callable[[Any], Any]) -> Callable[..., Any]:
        """The method as reached through ``obj``: describe the request, hand it to ``execute``."""
        build = self._build

        @functools.wraps(build)
        def bound(*args: Any, **kwargs: Any) -> Any:
            return execute(build(obj, *args, **kwargs))

        # A non-data descriptor is consulted only while the instance has no attribute
        # of this name: cache the bound callable so later lookups skip the rebinding.
        obj.__dict__[self.name] = bound
        return bound


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
) -> Callable[[Callable[Concatenate[Any, P], Call[T]]], endpoint[P, T]]:
    """Declare a single-request method backed by generated module ``name``."""

    def wrap(build: Callable[Concatenate[Any, P], Call[T]]) -> endpoint[P, T]:
        return endpoint(name, build)

    return wrap


def paginated(
    name: str,
) -> Callable[[Callable[Concatenate[Any, P], Paged[T]]], listing[P, T]]:
    """Declare a listing method backed by generated module ``name``."""

    def wrap(build: Callable[Concatenate[Any, P], Paged[T]]) -> listing[P, T]:
        return listing(name, build)

    return wrap
