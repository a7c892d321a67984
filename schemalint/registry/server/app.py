"""The HTTP surface: Confluent Schema Registry's REST routes on Starlette.

Routing works on the raw, still percent-encoded path, because subject names may contain an
encoded ``/`` (``a%2Fb``) that must stay inside one path segment.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from schemalint.registry.server import auth, errors, settings, wire
from schemalint.registry.server.entities import RegisterRequest
from schemalint.registry.server.operations import Registry
from schemalint.registry.server.parsing import SUPPORTED_TYPES
from schemalint.registry.server.store import BUSY_TIMEOUT_MS, Store
from schemalint.registry.server.workers import (
    DEFAULT_TIME_LIMIT_S,
    Registries,
    Runner,
    TimeLimitExceeded,
)

log = logging.getLogger("schemalint.registry.server")

DB_ENV = "SCHEMALINT_REGISTRY_DB"
# How long a write waits for another process's write lock before answering 50001.
BUSY_TIMEOUT_ENV = "SCHEMALINT_REGISTRY_BUSY_TIMEOUT_MS"
# How long one request may work (parse, compile, check) before it is answered with an error.
TIME_LIMIT_ENV = "SCHEMALINT_REGISTRY_REQUEST_TIME_LIMIT_S"


@dataclass
class Call:
    """One request as a handler sees it."""

    registry: Registry
    request: Request
    params: dict[str, str]
    body: Any = None
    abandoned: threading.Event | None = None

    @property
    def store(self) -> Store:
        return self.registry.store

    def flag(self, name: str) -> bool:
        return wire.query_bool(self.request.query_params, name)

    def number(self, name: str, default: int) -> int:
        return wire.query_int(self.request.query_params, name, default)

    def text(self, name: str) -> str | None:
        return self.request.query_params.get(name)

    def paged(self, items: list[Any]) -> list[Any]:
        return wire.page(items, self.number("offset", 0), self.number("limit", -1))

    def register_request(self) -> RegisterRequest:
        return RegisterRequest.parse(self.body)

    def object(self, entity: str) -> dict[str, Any]:
        return wire.require_object(self.body, entity)


class Raw(str):
    """A handler result sent as it is (the ``/schema`` routes return the bare schema text)."""


Handler = Callable[[Call], Any]


# -- handlers ---------------------------------------------------------------------------------

def root(call: Call) -> Any:
    return {}


def list_subjects(call: Call) -> Any:
    prefix = call.text("subjectPrefix")
    return call.paged(call.registry.list_subjects(
        ":*:" if prefix is None else prefix, call.flag("deleted"), call.flag("deletedOnly")))


def lookup(call: Call) -> Any:
    return formatted(call, call.registry.lookup(call.params["subject"], call.register_request(),
                                                call.flag("normalize"), call.flag("deleted")))


def delete_subject(call: Call) -> Any:
    return call.registry.delete_subject(call.params["subject"], call.flag("permanent"))


def list_versions(call: Call) -> Any:
    return call.paged(call.registry.list_versions(
        call.params["subject"], call.flag("deleted"), call.flag("deletedOnly"),
        call.flag("deletedAsNegative")))


def register(call: Call) -> Any:
    return call.registry.register(call.params["subject"], call.register_request(),
                                  call.flag("normalize"), call.flag("force"), call.abandoned)


def get_version(call: Call) -> Any:
    return formatted(call, call.registry.get_version(call.params["subject"],
                                                     wire.parse_version(call.params["version"]),
                                                     call.flag("deleted")))


def get_version_schema(call: Call) -> Any:
    return Raw(get_version(call)["schema"])


def referenced_by(call: Call) -> Any:
    return call.paged(call.registry.referenced_by(
        call.params["subject"], wire.parse_version(call.params["version"]), call.flag("deleted")))


def delete_version(call: Call) -> Any:
    return call.registry.delete_version(call.params["subject"],
                                        wire.parse_version(call.params["version"]),
                                        call.flag("permanent"))


def latest_with_metadata(call: Call) -> Any:
    query = call.request.query_params
    wanted = dict(zip(query.getlist("key"), query.getlist("value"), strict=False))
    return formatted(call, call.registry.latest_with_metadata(call.params["subject"], wanted,
                                                              call.flag("deleted")))


def list_schemas(call: Call) -> Any:
    return call.paged(call.registry.list_schemas(
        call.text("subjectPrefix") or "", call.flag("deleted"), call.flag("latestOnly")))


def schema_by_id(call: Call) -> Any:
    schema_id = wire.parse_id(call.params["id"])
    return formatted(call, call.registry.get_by_id(schema_id, call.text("subject"),
                                                   call.flag("fetchMaxId")), schema_id)


def schema_by_id_text(call: Call) -> Any:
    schema_id = wire.parse_id(call.params["id"])
    return Raw(formatted(call, call.registry.get_by_id(schema_id, call.text("subject"), False),
                         schema_id)["schema"])


def formatted(call: Call, entity: dict[str, Any], schema_id: int | None = None) -> Any:
    """The entity with its schema in the ``format`` asked for; Protobuf's ``serialized`` is
    the base64 ``FileDescriptorProto`` the client serializers read."""
    if call.text("format") == "serialized" and entity.get("schemaType") == "PROTOBUF":
        entity["schema"] = call.registry.serialized(entity["id"] if schema_id is None
                                                    else schema_id)
    return entity


def subjects_of_id(call: Call) -> Any:
    return call.paged(call.registry.subjects_of_id(
        wire.parse_id(call.params["id"]), call.text("subject"), call.flag("deleted")))


def versions_of_id(call: Call) -> Any:
    return call.paged(call.registry.versions_of_id(
        wire.parse_id(call.params["id"]), call.text("subject"), call.flag("deleted")))


def schema_types(call: Call) -> Any:
    return list(SUPPORTED_TYPES)


def get_config(call: Call) -> Any:
    return settings.get_config(call.store, call.params.get("subject"),
                               call.flag("defaultToGlobal"))


def put_config(call: Call) -> Any:
    return settings.put_config(call.store, call.params.get("subject"),
                               call.object("ConfigUpdateRequest"))


def delete_config(call: Call) -> Any:
    return settings.delete_config(call.store, call.params.get("subject"))


def get_mode(call: Call) -> Any:
    return settings.get_mode(call.store, call.params.get("subject"),
                             call.flag("defaultToGlobal"))


def put_mode(call: Call) -> Any:
    return settings.put_mode(call.store, call.params.get("subject"),
                             call.object("ModeUpdateRequest"), call.flag("force"))


def delete_mode(call: Call) -> Any:
    return settings.delete_mode(call.store, call.params.get("subject"))


def compatibility_version(call: Call) -> Any:
    return call.registry.test_compatibility(
        call.params["subject"], wire.parse_version(call.params["version"]),
        call.register_request(), call.flag("normalize"), call.flag("verbose"))


def compatibility_all(call: Call) -> Any:
    return call.registry.test_compatibility(call.params["subject"], None,
                                            call.register_request(), call.flag("normalize"),
                                            call.flag("verbose"))


def list_contexts(call: Call) -> Any:
    contexts = call.registry.contexts()
    prefix = call.text("contextPrefix")
    if prefix:
        contexts = [name for name in contexts if name.startswith(prefix)]
    return call.paged(contexts)


def delete_context(call: Call) -> Any:
    call.registry.delete_context(call.params["context"])
    return None


# Method, path pattern, handler, and whether the route takes a JSON body.
ROUTES: list[tuple[str, str, Handler, bool]] = [
    ("GET", "", root, False),
    ("POST", "", root, False),
    ("GET", "subjects", list_subjects, False),
    ("POST", "subjects/{subject}", lookup, True),
    ("DELETE", "subjects/{subject}", delete_subject, False),
    ("GET", "subjects/{subject}/versions", list_versions, False),
    ("POST", "subjects/{subject}/versions", register, True),
    ("GET", "subjects/{subject}/versions/{version}", get_version, False),
    ("DELETE", "subjects/{subject}/versions/{version}", delete_version, False),
    ("GET", "subjects/{subject}/versions/{version}/schema", get_version_schema, False),
    ("GET", "subjects/{subject}/versions/{version}/referencedby", referenced_by, False),
    ("GET", "subjects/{subject}/metadata", latest_with_metadata, False),
    ("GET", "schemas", list_schemas, False),
    ("GET", "schemas/types", schema_types, False),
    ("GET", "schemas/ids/{id}", schema_by_id, False),
    ("GET", "schemas/ids/{id}/schema", schema_by_id_text, False),
    ("GET", "schemas/ids/{id}/subjects", subjects_of_id, False),
    ("GET", "schemas/ids/{id}/versions", versions_of_id, False),
    ("GET", "config", get_config, False),
    ("PUT", "config", put_config, True),
    ("DELETE", "config", delete_config, False),
    ("GET", "config/{subject}", get_config, False),
    ("PUT", "config/{subject}", put_config, True),
    ("DELETE", "config/{subject}", delete_config, False),
    ("GET", "mode", get_mode, False),
    ("PUT", "mode", put_mode, True),
    ("DELETE", "mode", delete_mode, False),
    ("GET", "mode/{subject}", get_mode, False),
    ("PUT", "mode/{subject}", put_mode, True),
    ("DELETE", "mode/{subject}", delete_mode, False),
    ("POST", "compatibility/subjects/{subject}/versions/{version}", compatibility_version, True),
    ("POST", "compatibility/subjects/{subject}/versions", compatibility_all, True),
    ("GET", "contexts", list_contexts, False),
    ("DELETE", "contexts/{context}", delete_context, False),
]

_COMPILED = [(method, tuple(pattern.split("/")) if pattern else (), handler, takes_body)
             for method, pattern, handler, takes_body in ROUTES]


def match(method: str, raw_path: str) -> tuple[Handler, dict[str, str], bool]:
    """The handler for a request; JSON 404 for an unknown path, 405 for a wrong method."""
    path = raw_path.split("?", 1)[0].strip("/")
    segments = tuple(path.split("/")) if path else ()
    path_known = False
    for route_method, pattern, handler, takes_body in _COMPILED:
        if len(pattern) != len(segments):
            continue
        params: dict[str, str] = {}
        for expected, actual in zip(pattern, segments, strict=True):
            if expected.startswith("{"):
                params[expected[1:-1]] = unquote(actual)
            elif expected != actual:
                break
        else:
            path_known = True
            if route_method == method or (method == "HEAD" and route_method == "GET"):
                return handler, params, takes_body
    if path_known:
        raise errors.http_error(405, "Method Not Allowed")
    raise errors.http_error(404, "Not Found")


def _render(data: Any, status: int, media_type: str) -> Response:
    if data is None:
        return Response(status_code=204)
    if isinstance(data, Raw):
        return Response(str(data), status_code=status, media_type=media_type)
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return Response(text, status_code=status, media_type=media_type)


def _error(exc: errors.RegistryError, media_type: str) -> Response:
    response = _render(exc.body(), exc.status, media_type)
    if exc.status == 401:
        response.headers["WWW-Authenticate"] = 'Basic realm="schemalint-registry"'
    return response


def _timed_out(takes_body: bool, limit: float) -> errors.RegistryError:
    """A request over its time limit. One carrying a schema is answered as Confluent answers
    a schema it cannot process (42201): checking it again would take as long. Any other is
    Confluent's operation timeout (50002)."""
    if takes_body:
        return errors.invalid_schema(f"Invalid schema: processing it took longer than the "
                                     f"registry's limit of {limit:g} s")
    return errors.RegistryError(500, 50002, "Operation timed out")


def create_app(db_path: str) -> Starlette:
    """The registry application over the SQLite database at ``db_path``.

    Raises ``UsageError`` when basic auth is half configured in the environment."""
    busy_timeout = int(os.environ.get(BUSY_TIMEOUT_ENV) or BUSY_TIMEOUT_MS)
    credentials = auth.from_environment()
    registries = Registries(db_path, busy_timeout)
    runner = Runner(float(os.environ.get(TIME_LIMIT_ENV) or DEFAULT_TIME_LIMIT_S))

    async def dispatch(request: Request) -> Response:
        try:
            media_type = wire.negotiate(request.headers.get("accept"))
        except errors.RegistryError as exc:
            return _error(exc, wire.V1_JSON)
        try:
            if credentials is not None and not credentials.allows(
                    request.headers.get("authorization")):
                raise errors.unauthorized()
            raw_path = request.scope.get("raw_path") or request.url.path.encode()
            handler, params, takes_body = match(request.method,
                                                  raw_path.decode("utf-8", "replace"))
            body = b""
            if takes_body:
                wire.check_content_type(request.headers.get("content-type"))
                body = await wire.read_body(request.stream(),
                                            request.headers.get("content-length"))

            def work(abandoned: threading.Event) -> Response:
                with registries.lease() as registry:
                    call = Call(registry, request, params, abandoned=abandoned)
                    if takes_body:
                        call.body = wire.parse_json(body)
                    return _render(handler(call), 200, media_type)

            try:
                return await runner.run(work)
            except TimeLimitExceeded:
                log.warning("time limit of %g s passed on %s %s", runner.time_limit,
                            request.method, request.url.path)
                raise _timed_out(takes_body, runner.time_limit) from None
        except errors.RegistryError as exc:
            return _error(exc, media_type)
        except sqlite3.Error as exc:
            log.error("store error on %s %s: %s", request.method, request.url.path, exc)
            return _error(errors.store_error(), media_type)
        except Exception:
            log.exception("internal error on %s %s", request.method, request.url.path)
            return _error(errors.RegistryError(500, 500, "Internal Server Error"), media_type)

    methods = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"]
    app = Starlette(routes=[Route("/{path:path}", dispatch, methods=methods)])

    # The route's pattern does not match a path holding an encoded newline (%0A); such a
    # request must still meet auth and get the registry's JSON error, not Starlette's page.
    async def unmatched(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            response = await dispatch(Request(scope, receive))
            await response(scope, receive, send)

    app.router.default = unmatched
    app.state.registries = registries
    return app


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def app_from_environment() -> Starlette:
    """The factory uvicorn's worker processes call: the database path comes from the env."""
    # Worker processes start afresh, so each sets up its own log line per write.
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return create_app(os.environ[DB_ENV])
