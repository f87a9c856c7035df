"""The cassette format: how exchanges with the mock are recorded, scrubbed, stored and read.

One cassette per operation, ``tests/cassettes/<tag>/<module>.yaml``, recorded by
``make cassettes`` (:mod:`scripts.record_cassettes`) and replayed offline by ``make test``.
Everything that would make two recordings differ, or leak a secret, is removed at
record time by the same filters that vcrpy applies to a request before matching it on
replay, so the recorded and the replayed request always agree:

* the mock's address (``http://127.0.0.1:<random port>``, or Dixa's hosted mock) becomes
  :data:`REPLAY_BASE_URL`, an address that can never resolve;
* headers are kept by allow-list: ``Authorization`` is kept as ``REDACTED`` (the cassette
  shows that the key was sent, not the key), ``Date``, ``User-Agent``, ``Host``,
  ``Content-Length`` and the like are dropped;
* a multipart boundary (random per request) becomes a fixed one;
* JSON values under secret-looking keys (``password``, ``secretKey``, ``authorization``,
  ``token``, ...) become ``REDACTED``, in requests and responses.

Bodies are stored as parsed JSON (``json:``), not as one escaped line, so that a cassette
reads like the exchange it records and two recordings compare value by value.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "tests" / "cassettes"
MANIFEST = CASSETTES / "manifest.json"

# ".invalid" never resolves (RFC 2606): a replay that missed its cassette cannot reach a network.
REPLAY_BASE_URL = "http://dixa-mock.invalid"
REDACTED = "REDACTED"
BOUNDARY = "dixa-cassette-boundary"
SERIALIZER = "dixa-yaml"

REQUEST_HEADERS = ("accept", "authorization", "content-type")
RESPONSE_HEADERS = ("content-type",)
SECRET_HEADERS = ("authorization", "cookie", "set-cookie", "proxy-authorization", "x-api-key")
SECRET_KEY = re.compile(
    r"pass(word)?|secret|token|api[-_]?key|authori[sz]ation|credential|private[-_]?key|cookie", re.I
)
_BOUNDARY = re.compile(r"boundary=([^;\s]+)")


def cassette_path(name: str, root: Path = CASSETTES) -> Path:
    """``"conversations.get_conversations_conversationid"`` -> ``<root>/conversations/get_...yaml``."""
    tag, module = name.split(".", 1)
    return root / tag / f"{module}.yaml"


# --- scrubbing -------------------------------------------------------------------------------


def scrub_json(value: Any, secret: bool = False) -> Any:
    """``value`` with every string under a secret-looking key replaced; ``_type`` tags are kept."""
    if isinstance(value, dict):
        return {
            key: item if key == "_type" else scrub_json(item, secret or bool(SECRET_KEY.search(str(key))))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [scrub_json(item, secret) for item in value]
    if secret and isinstance(value, str) and value:
        return REDACTED
    return value


def _scrub_body(body: bytes | None, content_type: str) -> bytes | None:
    if not body:
        return body
    if "json" in content_type:
        try:
            parsed = json.loads(body)
        except ValueError:
            return body
        return json.dumps(scrub_json(parsed), ensure_ascii=False, separators=(",", ":")).encode()
    found = _BOUNDARY.search(content_type)
    if found:
        return body.replace(found.group(1).strip('"').encode(), BOUNDARY.encode())
    return body


def _header(headers: Any, name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            text = value[0] if isinstance(value, list) else value
            return text.decode() if isinstance(text, bytes) else str(text)
    return ""


def request_filter(base_url: str) -> Callable[[Any], Any]:
    """vcrpy ``before_record_request`` for a client whose ``base_url`` is the mock's."""
    prefix = base_url.rstrip("/")

    def scrub(request: Any) -> Any:
        uri: str = request.uri
        if uri.startswith(prefix):
            uri = REPLAY_BASE_URL + uri[len(prefix) :]
        request.uri = _sorted_query(uri)
        content_type = _header(request.headers, "content-type")
        kept: dict[str, str] = {}
        for name in REQUEST_HEADERS:
            value = _header(request.headers, name)
            if value:
                kept[name] = REDACTED if name == "authorization" else value
        if _BOUNDARY.search(content_type):
            kept["content-type"] = _BOUNDARY.sub(f"boundary={BOUNDARY}", content_type)
        request.headers = kept
        request.body = _scrub_body(request.body, content_type) or None
        return request

    return scrub


def _sorted_query(uri: str) -> str:
    parts = urlsplit(uri)
    if not parts.query:
        return uri
    query = "&".join(sorted(parts.query.split("&")))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def response_filter(response: dict[str, Any]) -> dict[str, Any]:
    """vcrpy ``before_record_response``: allow-listed headers, secrets scrubbed."""
    headers = {k.lower(): v for k, v in response["headers"].items()}
    response["headers"] = {name: headers[name] for name in RESPONSE_HEADERS if name in headers}
    content_type = _header(response["headers"], "content-type")
    response["body"]["string"] = _scrub_body(response["body"]["string"], content_type)
    return response


# --- serializer ------------------------------------------------------------------------------


def _body_out(body: Any) -> dict[str, Any] | None:
    """Stored form of a body: ``{"json": value}``, ``{"string": text}``, ``{"base64": data}``
    (bytes that are not UTF-8, such as an uploaded image) or ``None``."""
    if body is None or body in ("", b""):
        return None
    if isinstance(body, bytes):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return {"base64": base64.b64encode(body).decode("ascii")}
    else:
        text = str(body)
    try:
        return {"json": json.loads(text)}
    except ValueError:
        return {"string": text}


def _body_in(stored: dict[str, Any] | None) -> str | bytes | None:
    if stored is None:
        return None
    if "json" in stored:
        return json.dumps(stored["json"], ensure_ascii=False, separators=(",", ":"))
    if "base64" in stored:
        return base64.b64decode(stored["base64"])
    return str(stored["string"])


def body_text(stored: dict[str, Any] | None) -> str:
    """A stored non-JSON body as text; binary parts are read as Latin-1, which keeps
    headers such as multipart part names intact."""
    if not stored:
        return ""
    if "base64" in stored:
        return base64.b64decode(stored["base64"]).decode("latin-1")
    return str(stored.get("string", ""))


class _Dumper(yaml.SafeDumper):
    """Block style, long lines, and multi-line strings as literal blocks, for readable diffs."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


class CassetteSerializer:
    """A vcrpy serializer (``serialize``/``deserialize``) for the format described above."""

    @staticmethod
    def serialize(cassette: dict[str, Any]) -> str:
        interactions = []
        for item in cassette["interactions"]:
            request, response = item["request"], item["response"]
            interactions.append(
                {
                    "request": {
                        "method": request["method"],
                        "uri": request["uri"],
                        "headers": {k: list(v) for k, v in sorted(request["headers"].items())},
                        "body": _body_out(request.get("body")),
                    },
                    "response": {
                        "status": {"code": response["status"]["code"], "message": response["status"]["message"]},
                        "headers": {k: list(v) for k, v in sorted(response["headers"].items())},
                        "body": _body_out(response["body"]["string"]),
                    },
                }
            )
        data = {"version": cassette.get("version", 1), "interactions": interactions}
        return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)

    @staticmethod
    def deserialize(text: str) -> dict[str, Any]:
        data = _load(text)
        for item in data["interactions"]:
            item["request"]["body"] = _body_in(item["request"]["body"])
            item["response"]["body"] = {"string": _body_in(item["response"]["body"]) or ""}
        return dict(data)


def vcr(base_url: str, record_mode: str) -> Any:
    """A ``vcr.VCR`` that records or replays cassettes for a client pointed at ``base_url``."""
    import vcr as vcrpy  # type: ignore[import-untyped]

    recorder = vcrpy.VCR(
        serializer=SERIALIZER,
        record_mode=record_mode,
        match_on=["method", "uri", "body"],
        before_record_request=request_filter(base_url),
        before_record_response=response_filter,
        decode_compressed_response=True,
    )
    recorder.register_serializer(SERIALIZER, CassetteSerializer)
    return recorder


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Interaction:
    """One recorded exchange, as the drift guard and the secret scan read it."""

    cassette: Path
    index: int
    method: str
    uri: str
    request_headers: dict[str, list[str]]
    request_body: dict[str, Any] | None  # {"json": ...} or {"string": ...}
    status: int
    response_headers: dict[str, list[str]]
    response_body: dict[str, Any] | None

    @property
    def path(self) -> str:
        return urlsplit(self.uri).path

    @property
    def query(self) -> str:
        return urlsplit(self.uri).query

    def where(self, root: Path = ROOT) -> str:
        try:
            name = self.cassette.relative_to(root)
        except ValueError:
            name = self.cassette
        return f"{name}#{self.index}"


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: replay reads every cassette


def _load(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader


def read(path: Path) -> list[Interaction]:
    data = _load(path.read_text(encoding="utf-8"))
    found = []
    for index, item in enumerate(data.get("interactions", [])):
        request, response = item["request"], item["response"]
        found.append(
            Interaction(
                cassette=path,
                index=index,
                method=str(request["method"]).upper(),
                uri=str(request["uri"]),
                request_headers=dict(request.get("headers") or {}),
                request_body=request.get("body"),
                status=int(response["status"]["code"]),
                response_headers=dict(response.get("headers") or {}),
                response_body=response.get("body"),
            )
        )
    return found


def all_cassettes(root: Path = CASSETTES) -> list[Path]:
    return sorted(root.rglob("*.yaml"))


def interactions(root: Path = CASSETTES) -> Iterator[Interaction]:
    for path in all_cassettes(root):
        yield from read(path)


def canonical(path: Path) -> Any:
    """A cassette's content as plain data, for comparing two recordings."""
    return _load(path.read_text(encoding="utf-8"))


# --- the secret scan ---------------------------------------------------------------------------

_SECRET_TEXT = {
    "a bearer token": re.compile(r"Bearer\s+(?!REDACTED\b)[A-Za-z0-9._~+/=-]{16,}"),
    "a JSON web token": re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"),
    "a private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "an AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
}
_BASIC = re.compile(r"Basic\s+([A-Za-z0-9+/]{8,}={0,2})")


def _has_basic_credentials(text: str) -> bool:
    """``Basic <base64 of user:password>``; plain words after "Basic" do not decode to a pair."""
    for match in _BASIC.finditer(text):
        try:
            decoded = base64.b64decode(match.group(1), validate=True).decode("utf-8")
        except ValueError:
            continue
        if ":" in decoded:
            return True
    return False


def _secret_values(value: Any, path: str, secret: bool = False) -> Iterator[str]:
    """JSON paths of non-empty strings under secret-looking keys that are not ``REDACTED``."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "_type":
                yield from _secret_values(item, f"{path}.{key}", secret or bool(SECRET_KEY.search(str(key))))
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from _secret_values(item, f"{path}[{position}]", secret)
    elif secret and isinstance(value, str) and value and value != REDACTED:
        yield path


def scan(path: Path, known: tuple[str, ...] = ()) -> list[str]:
    """Every secret in one cassette file: unredacted credential headers, unredacted values
    under secret-looking keys, credential-shaped text, and any of the ``known`` values."""
    recorded = read(path)
    # Binary bodies are stored as base64: look inside them too.
    text = "\n".join(
        [path.read_text(encoding="utf-8")]
        + [body_text(body) for item in recorded for body in (item.request_body, item.response_body) if body]
    )
    found = [f"contains {label}" for label, pattern in _SECRET_TEXT.items() if pattern.search(text)]
    if _has_basic_credentials(text):
        found.append("contains basic credentials")
    found += [f"contains the secret {value[:4]}..." for value in known if value and value in text]
    for item in recorded:
        for side, headers in (("request", item.request_headers), ("response", item.response_headers)):
            for name, values in headers.items():
                if name.lower() in SECRET_HEADERS and any(v != REDACTED for v in values):
                    found.append(f"#{item.index} {side} header {name} is not redacted")
        for side, body in (("request", item.request_body), ("response", item.response_body)):
            if body and "json" in body:
                found += [f"#{item.index} {side} body {p} is not redacted" for p in _secret_values(body["json"], "$")]
    return found


def scan_all(root: Path = CASSETTES, known: tuple[str, ...] = ()) -> dict[Path, list[str]]:
    """Cassettes with secrets in them, and what was found."""
    return {path: problems for path in all_cassettes(root) if (problems := scan(path, known))}
