"""HTTP details as Confluent's Jersey stack handles them: media types, bodies, query values."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

from schemalint.registry.server import errors

V1_JSON = "application/vnd.schemaregistry.v1+json"
DEFAULT_JSON = "application/vnd.schemaregistry+json"
JSON = "application/json"
# What the server produces, in its order of preference (Jersey's weights 1.0, 0.9, 0.5).
PRODUCES = ((V1_JSON, 1.0), (DEFAULT_JSON, 0.9), (JSON, 0.5))
# Bodies Confluent accepts; a request without a Content-Type counts as octet-stream.
CONSUMES = frozenset({V1_JSON, DEFAULT_JSON, JSON, "application/octet-stream"})

MAX_BODY_BYTES = 8 * 1024 * 1024
# A client sending a huge body gets its answer only after the server has read the body;
# past this much the connection is dropped instead.
MAX_DRAIN_BYTES = 256 * 1024 * 1024

INT32_MAX = 2**31 - 1
INT32_MIN = -(2**31)
_JAVA_INT = re.compile(r"[+-]?[0-9]+")


def negotiate(accept: str | None) -> str:
    """The response media type for an Accept header; raises 406 when none is acceptable."""
    if not accept or not accept.strip():
        return V1_JSON
    best: tuple[float, float, str] | None = None
    for item in accept.split(","):
        parts = [part.strip() for part in item.split(";")]
        media = parts[0].lower()
        quality = 1.0
        for param in parts[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        for produced, weight in PRODUCES:
            if _matches(media, produced):
                candidate = (quality * weight, weight, produced)
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
    if best is None:
        raise errors.http_error(406, "Not Acceptable")
    return best[2]


def _matches(pattern: str, media: str) -> bool:
    if pattern in ("*/*", "*"):
        return True
    kind, _, sub = pattern.partition("/")
    media_kind, _, media_sub = media.partition("/")
    return kind == media_kind and sub in ("*", media_sub)


def check_content_type(content_type: str | None) -> None:
    media = (content_type or "application/octet-stream").split(";")[0].strip().lower()
    if media not in CONSUMES:
        raise errors.http_error(415, "Unsupported Media Type")


async def read_body(chunks: AsyncIterator[bytes], content_length: str | None,
                    limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body, or 42209 for one over ``limit`` (read to the end so the client
    receives the answer rather than a reset connection)."""
    declared = _int_or_none(content_length)
    body = bytearray()
    size = 0
    too_large = declared is not None and declared > limit
    async for chunk in chunks:
        size += len(chunk)
        if size > MAX_DRAIN_BYTES:
            break
        if too_large or size > limit:
            too_large = True
            body.clear()
            continue
        body.extend(chunk)
    if too_large or size > limit:
        raise errors.too_large(limit)
    return bytes(body)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"Non-standard token '{name}'")


# Jackson's default nesting limit (StreamReadConstraints), which Confluent reads bodies with.
MAX_BODY_DEPTH = 1_000
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def parse_json(body: bytes) -> Any:
    """The JSON value of a body; ``None`` for an empty one. Malformed JSON, nesting deeper
    than Jackson reads and strings UTF-8 cannot carry (a lone surrogate) are a 400."""
    if not body.strip():
        return None
    too_deep = errors.bad_request("Unexpected JSON in request body: document nesting depth "
                                  f"exceeds the maximum allowed ({MAX_BODY_DEPTH})")
    try:
        value = json.loads(body.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise errors.bad_request("Invalid UTF-8 in request body") from None
    except RecursionError:
        raise too_deep from None
    except ValueError as exc:
        raise errors.bad_request(f"Unexpected JSON in request body: {exc}") from None
    if _nesting_exceeds(value, MAX_BODY_DEPTH):
        raise too_deep
    if _SURROGATE_ESCAPE.search(body) and _holds_lone_surrogate(value):
        raise errors.bad_request("Unexpected JSON in request body: a string holds an "
                                 "unpaired surrogate escape (\\ud800-\\udfff)")
    return value


def _nesting_exceeds(value: Any, limit: int) -> bool:
    """Whether arrays and objects in a parsed value nest deeper than ``limit``."""
    return any(depth > limit for _, depth in _containers(value))


def _holds_lone_surrogate(value: Any) -> bool:
    for container, _ in _containers(value):
        texts = [*container, *container.values()] if isinstance(container, dict) else container
        for text in texts:
            if isinstance(text, str):
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    return True
    return isinstance(value, str) and not value.isascii() and _holds_lone_surrogate([value])


def _containers(value: Any) -> Iterator[tuple[Any, int]]:
    """Every array and object in a parsed value, with its depth (the outermost at 1)."""
    pending: list[tuple[Any, int]] = [(value, 1)] if isinstance(value, (dict, list)) else []
    while pending:
        current, depth = pending.pop()
        yield current, depth
        members = current.values() if isinstance(current, dict) else current
        pending.extend((member, depth + 1) for member in members
                       if isinstance(member, (dict, list)))


def require_object(value: Any, entity: str) -> dict[str, Any]:
    if value is None:
        raise errors.unprocessable(f"The request body for {entity} must not be null")
    if not isinstance(value, dict):
        raise errors.bad_request(
            f"Cannot deserialize value of type `{entity}` from {_json_kind(value)} value")
    return value


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "Array"
    if isinstance(value, str):
        return "String"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, (int, float)):
        return "Number"
    return "Object"


def query_bool(params: Mapping[str, str], name: str) -> bool:
    """Java's ``Boolean.parseBoolean``: only "true", in any case, is true."""
    value = params.get(name)
    return value is not None and value.strip().lower() == "true"


def query_int(params: Mapping[str, str], name: str, default: int) -> int:
    value = params.get(name)
    if value is None or not value.strip():
        return default
    parsed = _int_or_none(value)
    if parsed is None:
        raise errors.http_error(404, "Not Found")
    return parsed


def _int_or_none(text: str | None) -> int | None:
    """Java's ``Integer.parseInt`` of a trimmed text: ASCII digits with an optional sign."""
    if text is None or not _JAVA_INT.fullmatch(text.strip()):
        return None
    value = int(text.strip())
    return value if INT32_MIN <= value <= INT32_MAX else None


def parse_version(text: str) -> int:
    """A version path segment: 1..2^31-1, ``latest`` or -1 (both returned as -1); else 42202."""
    if text.strip().lower() == "latest":
        return -1
    version = _int_or_none(text)
    if version is None or (version <= 0 and version != -1):
        raise errors.invalid_version(text)
    return version


def parse_id(text: str) -> int:
    """A schema id path segment. Jersey answers a non-integer with a plain 404."""
    value = _int_or_none(text)
    if value is None:
        raise errors.http_error(404, "Not Found")
    return value


def page(items: list[Any], offset: int, limit: int) -> list[Any]:
    start = max(offset, 0)
    return items[start:] if limit < 0 else items[start:start + limit]
