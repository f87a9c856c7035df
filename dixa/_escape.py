"""The escape hatches: any request, or any generated operation, through the same core.

``client.request(method, path, ...)`` reaches an endpoint the SDK has no method for yet
(one Dixa shipped yesterday); ``client.call(op, ...)`` runs an operation module of
``dixa_generated`` (present after ``make generate``) that the friendly layer does not wrap
yet. Both only *describe* the exchange as a :class:`~dixa._call.Call`, so auth, retries,
the rate limiter, typed errors, lenient or strict parsing and ``with_raw_response`` are
the core's, exactly as for every other method (openai-python's ``client.get(path,
cast_to=...)`` and stripe's ``raw_request`` are the same idea).

Being an escape hatch is no licence to send anything: the path cannot leave the base URL
(no other origin, no ``.``/``..`` segment, path parameters through ``path_segment``), and
every argument is checked before a request exists.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import functools
import inspect
import math
import re
import sys
import types
import typing
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, ParamSpec, Protocol, TypeVar, overload
from urllib.parse import unquote, urlsplit

import httpx

from dixa._call import Call
from dixa._exceptions import InvalidParameterError, InvalidParameterTypeError
from dixa._paths import path_segment
from dixa._response import RawResponse
from dixa._timestamps import format_datetime

__all__ = [
    "AsyncCallOperation",
    "AsyncRawCallOperation",
    "AsyncRawRequest",
    "AsyncRequest",
    "CallOperation",
    "GeneratedModel",
    "GeneratedOperation",
    "RawCallOperation",
    "RawRequest",
    "Request",
    "build_operation_call",
    "build_request_call",
]

P = ParamSpec("P")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)
M = TypeVar("M", bound="GeneratedModel")

METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_GENERATED_API = "dixa_generated.api."


# --- what mypy sees -------------------------------------------------------------------


class GeneratedModel(Protocol):
    """Any ``dixa_generated`` model (``cast_to=``): built from a JSON object by ``from_dict``."""

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any], /) -> typing.Self: ...


class GeneratedOperation(Protocol[P, R_co]):
    """A ``dixa_generated.api.<tag>.<operation>`` module, as ``client.call`` reads it:
    ``_get_kwargs`` describes the request (its parameters are the call's), and
    ``_parse_response`` says what a response becomes (the call's result type)."""

    def _get_kwargs(self, *args: P.args, **kwargs: P.kwargs) -> dict[str, Any]: ...
    def _parse_response(self, *, client: Any, response: httpx.Response) -> R_co: ...


# The callables ``client.request`` / ``client.call`` are, per client kind. ParamSpec cannot
# carry an overloaded signature through a descriptor, so each is spelled out once here.


class Request(Protocol):
    @overload
    def __call__(
        self,
        method: str,
        path: str,
        *,
        path_params: Mapping[str, object] | None = None,
        params: Mapping[str, object] | None = None,
        json: object = None,
        cast_to: None = None,
    ) -> Any: ...
    @overload
    def __call__(
        self,
        method: str,
        path: str,
        *,
        path_params: Mapping[str, object] | None = None,
        params: Mapping[str, object] | None = None,
        json: object = None,
        cast_to: type[M],
    ) -> M: ...


class AsyncRequest(Protocol):
    @overload
    def __call__(
        self,
        method: str,
        path: str,
        *,
        path_params: Mapping[str, object] | None = None,
        params: Mapping[str, object] | None = None,
        json: object = None,
        cast_to: None = None,
    ) -> Awaitable[Any]: ...
    @overload
    def __call__(
        self,
        method: str,
        path: str,
        *,
        path_params: Mapping[str, object] | None = None,
        params: Mapping[str, object] | None = None,
        json: object = None,
        cast_to: type[M],
    ) -> Awaitable[M]: ...


class RawRequest(Protocol):
    @overload
    def __call__(
        self,
        method: str,
        path: str,
        *,
        path_params: Mapping[str, object] | None = None,
        params: Mapping[str, object] | None = None,
        json: object = None,
        cast_to: None = None,
    ) -> RawResponse[Any]: ...
    @overload
    def __call__(
        self,
        method: str,
        path: str,
        *,
        path_params: Mapping[str, object] | None = None,
        params: Mapping[str, object] | None = None,
        json: object = None,
        cast_to: type[M],
    ) -> RawResponse[M]: ...


class AsyncRawRequest(Protocol):
    @overload
    def __call__(
        self,
        method: str,
        path: str,
        *,
        path_params: Mapping[str, object] | None = None,
        params: Mapping[str, object] | None = None,
        json: object = None,
        cast_to: None = None,
    ) -> Awaitable[RawResponse[Any]]: ...
    @overload
    def __call__(
        self,
        method: str,
        path: str,
        *,
        path_params: Mapping[str, object] | None = None,
        params: Mapping[str, object] | None = None,
        json: object = None,
        cast_to: type[M],
    ) -> Awaitable[RawResponse[M]]: ...


# ``op`` is the module (arguments and result typed) or one of its functions such as
# ``.sync`` (result typed; its parameters include the generated ``client``, which a
# ParamSpec cannot drop, so the arguments are checked at run time only).


class CallOperation(Protocol):
    @overload
    def __call__(self, op: GeneratedOperation[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R: ...
    @overload
    def __call__(self, op: Callable[..., Awaitable[R]], /, *args: Any, **kwargs: Any) -> R: ...
    @overload
    def __call__(self, op: Callable[..., R], /, *args: Any, **kwargs: Any) -> R: ...


class AsyncCallOperation(Protocol):
    @overload
    def __call__(self, op: GeneratedOperation[P, R], /, *args: P.args, **kwargs: P.kwargs) -> Awaitable[R]: ...
    @overload
    def __call__(self, op: Callable[..., Awaitable[R]], /, *args: Any, **kwargs: Any) -> Awaitable[R]: ...
    @overload
    def __call__(self, op: Callable[..., R], /, *args: Any, **kwargs: Any) -> Awaitable[R]: ...


class RawCallOperation(Protocol):
    @overload
    def __call__(self, op: GeneratedOperation[P, R], /, *args: P.args, **kwargs: P.kwargs) -> RawResponse[R]: ...
    @overload
    def __call__(self, op: Callable[..., Awaitable[R]], /, *args: Any, **kwargs: Any) -> RawResponse[R]: ...
    @overload
    def __call__(self, op: Callable[..., R], /, *args: Any, **kwargs: Any) -> RawResponse[R]: ...


class AsyncRawCallOperation(Protocol):
    @overload
    def __call__(
        self, op: GeneratedOperation[P, R], /, *args: P.args, **kwargs: P.kwargs
    ) -> Awaitable[RawResponse[R]]: ...
    @overload
    def __call__(self, op: Callable[..., Awaitable[R]], /, *args: Any, **kwargs: Any) -> Awaitable[RawResponse[R]]: ...
    @overload
    def __call__(self, op: Callable[..., R], /, *args: Any, **kwargs: Any) -> Awaitable[RawResponse[R]]: ...


# --- client.request -------------------------------------------------------------------


def build_request_call(
    base_url: str,
    method: object,
    path: object,
    *,
    path_params: object = None,
    params: object = None,
    json: object = None,
    cast_to: object = None,
) -> Call[Any]:
    """The ``Call`` for ``client.request(...)``; every argument is checked here."""
    if not isinstance(method, str):
        raise InvalidParameterTypeError("method", f"expected str, got {type(method).__name__}")
    verb = method.strip().upper()
    if verb not in METHODS:
        raise InvalidParameterError("method", f"expected one of {', '.join(sorted(METHODS))}, got {method!r}")
    return Call(
        method=verb,
        path=request_path(base_url, path, path_params),
        parse=_parser(cast_to),
        params=query_params(params),
        json=_json_body(json),
    )


def request_path(base_url: str, path: object, path_params: object) -> str:
    """``path`` (relative to the base URL; an absolute URL only under it) with its ``{name}``
    placeholders filled from ``path_params``, each as one segment. Anything that would make
    the request leave the base URL is refused."""
    if not isinstance(path, str):
        raise InvalidParameterTypeError("path", f"expected str, got {type(path).__name__}")
    if path_params is None:
        path_params = {}
    if not isinstance(path_params, Mapping):
        raise InvalidParameterTypeError("path_params", f"expected a dict, got {type(path_params).__name__}")
    if any(ch in path for ch in "\\#") or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in path):
        raise InvalidParameterError("path", f"must not contain '\\', '#' or control characters: {path!r}")
    path = _under_base(base_url, path)
    template, _, query = path.partition("?")
    segments = template.split("/")[1:]
    if len(segments) > 1 and segments[-1] == "":
        segments.pop()  # a trailing slash is kept as written
    for segment in segments:
        # An empty segment ("//") or a dot segment (also percent-encoded) would be
        # normalized away by httpx or the server, retargeting the request.
        if _PLACEHOLDER.fullmatch(segment) is None and unquote(segment) in ("", ".", ".."):
            raise InvalidParameterError("path", f"must not contain empty, '.' or '..' segments: {path!r}")
    used: set[str] = set()

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in path_params:
            raise InvalidParameterError("path_params", f"no value for {{{name}}} in {template!r}")
        used.add(name)
        return path_segment(name, path_params[name])

    filled = _PLACEHOLDER.sub(fill, template)
    unused = sorted(map(str, set(path_params) - used))
    if unused:
        raise InvalidParameterError("path_params", f"{unused} not used by {template!r}")
    return filled + (f"?{query}" if query else "")


def _under_base(base_url: str, path: str) -> str:
    """``path`` as a path under the base URL, starting with ``/``."""
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//", path):
        return path if path.startswith("/") else f"/{path}"
    # An absolute URL (a ``meta.next`` link, say) is accepted only under the base URL: the
    # API key must never travel to another origin.
    base = urlsplit(base_url)
    try:
        given = urlsplit(path)
        origin = (given.scheme.lower(), given.hostname, given.port, given.username, given.password)
    except ValueError:  # e.g. an unclosed IPv6 bracket, or a port that is no number
        origin = None
    prefix = base.path.rstrip("/")
    if origin != (base.scheme.lower(), base.hostname, base.port, None, None) or not (given.path + "/").startswith(
        prefix + "/"
    ):
        raise InvalidParameterError(
            "path", f"must be relative to the base URL {base_url!r} (another origin is refused): {path!r}"
        )
    relative = given.path[len(prefix) :] or "/"
    return relative + (f"?{given.query}" if given.query else "")


def query_params(params: object) -> dict[str, Any]:
    """``params`` as httpx sends them: strings, numbers, booleans, UUIDs, enums and
    datetimes (Dixa's ISO-8601 form), or lists of those; ``None`` values are left out."""
    if params is None:
        return {}
    if not isinstance(params, Mapping):
        raise InvalidParameterTypeError("params", f"expected a dict, got {type(params).__name__}")
    out: dict[str, Any] = {}
    for key, value in params.items():
        if not isinstance(key, str) or not key:
            raise InvalidParameterError("params", f"keys must be non-empty strings, got {key!r}")
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            out[key] = [_query_value(f"params[{key!r}][{i}]", item) for i, item in enumerate(value)]
        else:
            out[key] = _query_value(f"params[{key!r}]", value)
    return out


def _query_value(name: str, value: object) -> str | int | float | bool:
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidParameterError(name, f"must be a finite number, got {value!r}")
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, _dt.datetime):
        return format_datetime(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise InvalidParameterTypeError(
        name, f"expected str, int, float, bool, UUID, datetime or a list of them, got {type(value).__name__}"
    )


def _json_body(json: object) -> Any:
    """The body as JSON-ready data: a generated model is sent as its ``to_dict()``."""
    to_dict = getattr(json, "to_dict", None)
    if to_dict is not None and not isinstance(json, type) and callable(to_dict):
        return to_dict()
    return json


def _parser(cast_to: object) -> Callable[[Any], Any]:
    """The decoded JSON as it came (timestamps stay strings), or built by ``cast_to``."""
    if cast_to is None:
        return _as_received
    from_dict = getattr(cast_to, "from_dict", None)
    if not isinstance(cast_to, type) or not callable(from_dict):
        raise InvalidParameterTypeError(
            "cast_to", f"expected a dixa_generated model class (with from_dict), got {cast_to!r:.80}"
        )
    name = cast_to.__name__

    def parse(body: Any) -> Any:
        if not isinstance(body, dict):
            shown = "no content" if body is None else f"a JSON {type(body).__name__}"
            raise ValueError(f"expected a JSON object to build {name}, got {shown}")
        return from_dict(body)

    return parse


def _as_received(body: Any) -> Any:
    return body


# --- client.call ----------------------------------------------------------------------


def build_operation_call(op: object, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Call[Any]:
    """The ``Call`` running generated operation ``op`` (module or one of its functions)."""
    module = _operation_module(op)
    name = module.__name__.removeprefix(_GENERATED_API)
    get_kwargs = module._get_kwargs
    args, kwargs = _checked_arguments(name, get_kwargs, args, kwargs)
    call = Call.from_generated(get_kwargs(*args, **kwargs), _operation_parser(module))
    _check_built_path(name, call.path)
    return dataclasses.replace(call, operation=name)


def _operation_module(op: object) -> types.ModuleType:
    if isinstance(op, types.ModuleType):
        module: types.ModuleType | None = op
    elif callable(op) and getattr(op, "__name__", None) in ("sync", "asyncio"):
        # Not ``sync_detailed``: its ``Response`` wrapper is not what is returned here.
        module = sys.modules.get(getattr(op, "__module__", None) or "")
    else:
        module = None
    if (
        module is None
        or not module.__name__.startswith(_GENERATED_API)
        or not callable(getattr(module, "_get_kwargs", None))
        or not callable(getattr(module, "_parse_response", None))
    ):
        raise InvalidParameterTypeError(
            "op",
            "expected a dixa_generated.api operation module (e.g. dixa_generated.api.tags.get_tags_tagid) "
            f"or its sync/asyncio function, got {op!r:.80}",
        )
    return module


def _checked_arguments(
    name: str, get_kwargs: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The arguments bound to ``_get_kwargs``'s signature and checked against its type hints
    (strict with what we send: a wrong type fails here, naming the parameter, instead of
    being sent as its ``str()``). A UUID or enum may be given as its string; ``None`` for
    a parameter that cannot be null means "not given"."""
    signature = _signature(get_kwargs)
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError as exc:
        raise InvalidParameterTypeError(name, f"{exc}; expected {signature}") from None
    hints = _hints(get_kwargs)
    for param, value in list(bound.arguments.items()):
        annotation = hints.get(param)
        if annotation is not None:
            bound.arguments[param] = _conform(param, value, annotation)
    return bound.args, bound.kwargs


@functools.cache
def _signature(function: Callable[..., Any]) -> inspect.Signature:
    return inspect.signature(function)


@functools.cache
def _hints(function: Callable[..., Any]) -> dict[str, Any]:
    try:
        return typing.get_type_hints(function)
    except Exception:  # an annotation that cannot be resolved is not checked
        return {}


def _conform(param: str, value: object, annotation: Any) -> Any:
    options = typing.get_args(annotation) if _is_union(annotation) else (annotation,)
    if any(_accepts(option, value) for option in options):
        return value
    for option in options:
        converted = _convert(option, value)
        if converted is not None:
            return converted
    if value is None:
        from dixa_generated.types import UNSET, Unset

        if Unset in options:
            return UNSET
    expected = " or ".join(_type_name(o) for o in options if _type_name(o) != "Unset")
    raise InvalidParameterTypeError(param, f"expected {expected}, got {type(value).__name__}")


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _accepts(option: Any, value: object) -> bool:
    if option is Any:
        return True
    if option is None or option is type(None):
        return value is None
    origin = typing.get_origin(option)
    if origin is typing.Literal:
        return value in typing.get_args(option)
    if origin is not None:
        option = origin
    if not isinstance(option, type):
        return True  # a form this check does not read; the generated code gets the value as is
    if option is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if option is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, option)


def _convert(option: Any, value: object) -> Any:
    """``value`` as ``option`` when it is the string form of a UUID or enum, else ``None``."""
    if not isinstance(value, str) or not isinstance(option, type):
        return None
    if option is uuid.UUID:
        try:
            return uuid.UUID(value)
        except ValueError:
            return None
    if issubclass(option, enum.Enum):
        try:
            return option(value)
        except ValueError:
            return None
    return None


def _type_name(option: Any) -> str:
    if option is None or option is type(None):
        return "None"
    return getattr(option, "__name__", None) or str(option)


def _check_built_path(name: str, path: str) -> None:
    """Defence in depth: whatever the generated template did, a built path keeps its segments."""
    for segment in path.partition("?")[0].split("/")[1:]:
        if unquote(segment) in (".", ".."):
            raise InvalidParameterError(name, f"a path parameter would make a dot segment: {path!r}")


class _Decoded:
    """What a generated ``_parse_response`` reads of a response (its status and JSON),
    over a body the core has already decoded and checked."""

    __slots__ = ("_body", "content", "status_code")

    def __init__(self, status_code: int, body: Any) -> None:
        self.status_code = status_code
        self._body = body
        self.content = b""

    def json(self) -> Any:
        return self._body


class _ParseClient:
    """Stands in for the generated ``Client`` that ``_parse_response`` consults."""

    raise_on_unexpected_status = True


class _ProbeError(Exception):
    pass


class _ProbeResponse(_Decoded):
    def json(self) -> Any:
        raise _ProbeError


@functools.cache
def _success_status(module: types.ModuleType) -> int:
    """The success status the module documents (its first 2xx branch), found by asking
    ``_parse_response`` about each without parsing anything."""
    from dixa_generated import errors

    for status in (200, 201, 202, 203, 204, 206):
        try:
            module._parse_response(client=_ParseClient(), response=_ProbeResponse(status, None))
        except errors.UnexpectedStatus:
            continue
        except _ProbeError:
            return status
        return status
    return 200


def _operation_parser(module: types.ModuleType) -> Callable[[Any], Any]:
    """A parse of the decoded body by the module's own ``_parse_response``, as its
    documented success status: what ``sync()`` would have returned."""
    status = _success_status(module)
    parse_response = module._parse_response
    client = _ParseClient()

    def parse(body: Any) -> Any:
        return parse_response(client=client, response=_Decoded(status, body))

    return parse
