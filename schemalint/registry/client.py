"""A client for the Confluent Schema Registry REST API, as real servers serve it.

The only module that imports httpx. Retries connection errors, 5xx and 429 (honouring
``Retry-After``) with exponential backoff and full jitter; never other 4xx. Registration is
idempotent on every Confluent-compatible server (the same schema returns the same version), so
retrying a register whose answer was lost duplicates nothing. Credentials go only to the
configured origin: redirects are followed on that origin alone, and no message names a secret.
"""

from __future__ import annotations

import contextlib
import email.utils
import os
import random
import threading
import time
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx

from schemalint.errors import SchemalintError, UnreachableError
from schemalint.model import ExitCode
from schemalint.registry.target import Connection

V1_JSON = "application/vnd.schemaregistry.v1+json"
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_MAX_REDIRECTS = 5


# ---- errors -------------------------------------------------------------------------------

class RegistryError(SchemalintError):
    """The registry answered with an error. ``error_code`` is Confluent's (50005: unparseable)."""

    exit_code = ExitCode.FINDINGS

    def __init__(self, message: str, *, status: int = 0, error_code: int = 0) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code


class SubjectNotFound(RegistryError):
    """40401."""


class VersionNotFound(RegistryError):
    """40402."""


class SchemaNotFound(RegistryError):
    """40403: also a lookup of a schema the subject does not hold."""


class SubjectSoftDeleted(RegistryError):
    """40404."""


class ConfigNotFound(RegistryError):
    """40408: the subject has no level of its own."""


class IncompatibleSchema(RegistryError):
    """409 (Confluent up to 8.1) or 40901 (8.2 and later)."""


class InvalidSchema(RegistryError):
    """42201."""


class NotPermitted(RegistryError):
    """42205: read-only or import mode."""


class ReferenceExists(RegistryError):
    """42206: another schema references what was to be deleted."""


class AuthenticationError(RegistryError):
    """401 or 403: the credentials were refused or are missing."""

    exit_code = ExitCode.INVALID_INPUT


class RegistryUnreachable(UnreachableError):
    """No usable answer after every retry, or an answer that was not the registry's."""


class UnexpectedAnswer(RegistryUnreachable):
    """An answer no Confluent-compatible registry gives: a web page, a gateway's, a proxy's,
    another API's JSON."""


class NotARegistry(RegistryError, UnexpectedAnswer):
    """An error answer without the registry's error body, of a kind that says the URL serves
    something else: a web server's 404 page. Confluent's clients read such a body as error
    code 50005; schemalint stops there, as for an unreachable registry."""

    exit_code = ExitCode.UNREACHABLE


# Statuses that, without the registry's error body, mean the URL does not serve the API.
_NOT_SERVED = frozenset({404, 405, 501})

_BY_CODE: dict[int, type[RegistryError]] = {
    40401: SubjectNotFound, 40402: VersionNotFound, 40403: SchemaNotFound,
    40404: SubjectSoftDeleted, 40408: ConfigNotFound, 409: IncompatibleSchema,
    40901: IncompatibleSchema, 42201: InvalidSchema, 42205: NotPermitted,
    42206: ReferenceExists,
}


# ---- entities -----------------------------------------------------------------------------

@dataclass(frozen=True)
class RegistryReference:
    name: str
    subject: str
    version: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "subject": self.subject, "version": self.version}


@dataclass(frozen=True)
class RegisteredSchema:
    subject: str
    version: int
    id: int
    schema: str
    schema_type: str = "AVRO"  # older servers omit it for Avro
    references: tuple[RegistryReference, ...] = ()


@dataclass(frozen=True)
class SchemaRequest:
    """What a registration, lookup or compatibility test sends."""

    schema: str
    schema_type: str
    references: tuple[RegistryReference, ...] = ()

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"schema": self.schema, "schemaType": self.schema_type}
        if self.references:
            body["references"] = [ref.to_json() for ref in self.references]
        return body


@dataclass
class Counters:
    """Requests sent, by kind; ``writes`` counts the ones that change the registry."""

    requests: int = 0
    writes: int = 0
    retries: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, write: bool, retry: bool) -> None:
        with self._lock:
            self.requests += 1
            self.writes += write and not retry
            self.retries += retry


# ---- the client ---------------------------------------------------------------------------

class _OriginAuth(httpx.Auth):
    """Adds credentials only to requests for the configured origin."""

    def __init__(self, origin: tuple[str, str, int | None], header: str) -> None:
        self._origin = origin
        self._header = header

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if _origin(request.url) == self._origin:
            request.headers["Authorization"] = self._header
        yield request


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    port = url.port or {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host, port


class RegistryClient:
    """One registry, one bounded connection pool; safe to share between threads."""

    def __init__(self, connection: Connection, *, max_connections: int = 8,
                 timeout: float | None = None, connect_timeout: float = 5.0,
                 retries: int | None = None, backoff: float | None = None,
                 max_backoff: float = 10.0,
                 sleep: Callable[[float], None] = time.sleep,
                 on_retry: Callable[[str], None] | None = None) -> None:
        # The environment tunes patience per deployment (CI may prefer failing fast).
        timeout = timeout if timeout is not None else _env_number("SCHEMALINT_HTTP_TIMEOUT", 30)
        self.connection = connection
        self.retries = int(retries if retries is not None
                           else _env_number("SCHEMALINT_HTTP_RETRIES", 6))
        self.backoff = backoff if backoff is not None else \
            _env_number("SCHEMALINT_HTTP_BACKOFF", 0.2)
        self.max_backoff = max_backoff
        self.counters = Counters()
        self._sleep = sleep
        # Told why and for how long before each wait, so a person watching knows it retries.
        self._on_retry = on_retry
        base = httpx.URL(connection.url + "/")
        self._origin = _origin(base)
        auth: httpx.Auth | None = None
        header = ""
        if connection.basic_auth is not None:
            basic = httpx.BasicAuth(*connection.basic_auth)
            header = next(basic.auth_flow(httpx.Request("GET", base))).headers["Authorization"]
            auth = _OriginAuth(self._origin, header)
        elif connection.token is not None:
            header = f"Bearer {connection.token}"
            auth = _OriginAuth(self._origin, header)
        # Some servers repeat what they were sent in their error messages.
        forms = {header, header.partition(" ")[2], connection.token or "",
                 (connection.basic_auth or ("", ""))[1]}
        self._secrets = sorted((form for form in forms if form), key=len, reverse=True)
        cert = None
        if connection.client_cert:
            cert = (connection.client_cert, connection.client_key) if connection.client_key \
                else connection.client_cert
        self._http = httpx.Client(
            base_url=base, auth=auth, follow_redirects=False,
            verify=connection.ca_bundle or True, cert=cert,
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            limits=httpx.Limits(max_connections=max_connections,
                                max_keepalive_connections=max_connections),
            headers={"Accept": f"{V1_JSON}, application/json",
                     "Content-Type": V1_JSON},
            trust_env=False,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> RegistryClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ---- subjects and versions --------------------------------------------------------------

    def qualify(self, subject: str) -> str:
        """The subject name within the configured context."""
        context = self.connection.context
        if not context or subject.startswith(":."):
            return subject
        return f":{context if context.startswith('.') else '.' + context}:{subject}"

    def unqualify(self, subject: str) -> str:
        prefix = self.qualify("")
        return subject[len(prefix):] if prefix and subject.startswith(prefix) else subject

    def subjects(self, prefix: str = "", *, deleted: bool = False) -> list[str]:
        params: dict[str, str] = {}
        if self.connection.context:
            params["subjectPrefix"] = self.qualify(prefix)
        elif prefix:
            params["subjectPrefix"] = prefix
        if deleted:
            params["deleted"] = "true"
        names = self._list_of(self._json("GET", "/subjects", params=params), str,
                              "GET /subjects")
        return sorted(self.unqualify(name) for name in names
                      if self.unqualify(name).startswith(prefix))

    def versions(self, subject: str) -> list[int]:
        try:
            path = self._subject_path(subject, "versions")
            return sorted(self._list_of(self._json("GET", path), int, f"GET {path}"))
        except SubjectNotFound:
            return []

    def version(self, subject: str, version: int | str = "latest") -> RegisteredSchema | None:
        path = self._subject_path(subject, f"versions/{version}")
        try:
            body = self._json("GET", path)
        except (SubjectNotFound, VersionNotFound):
            return None
        return self._schema(body, subject, "GET", path)

    def schema_by_id(self, schema_id: int) -> SchemaRequest | None:
        """The schema registered under ``schema_id`` (what a wire-format payload names)."""
        path = f"/schemas/ids/{schema_id}"
        try:
            body = self._json("GET", path)
        except SchemaNotFound:
            return None
        if not isinstance(body, Mapping) or not isinstance(body.get("schema"), str):
            raise self._unexpected("GET", path, "with no schema")
        return SchemaRequest(str(body["schema"]), str(body.get("schemaType") or "AVRO"))

    def lookup(self, subject: str, request: SchemaRequest) -> RegisteredSchema | None:
        """The non-deleted version of ``subject`` the registry deems equal to ``request``."""
        path = self._subject_path(subject)
        try:
            body = self._json("POST", path, json=self._body(request), params=self._normalize())
        except (SubjectNotFound, SchemaNotFound):
            return None
        return self._schema(body, subject, "POST", path)

    def register(self, subject: str, request: SchemaRequest) -> int:
        """Register and return the schema id (the existing one when already registered)."""
        body = self._json("POST", self._subject_path(subject, "versions"),
                          json=self._body(request), params=self._normalize(), write=True)
        if not isinstance(body, Mapping) or not _is_int(body.get("id")):
            raise self._unexpected("POST", "a registration", "without a numeric id")
        return int(body["id"])

    def test_compatibility(self, subject: str, request: SchemaRequest) -> tuple[bool, list[str]]:
        """The registry's verdict against its own non-deleted versions at its level."""
        params = {**self._normalize(), "verbose": "true"}
        try:
            body = self._json("POST", f"/compatibility/{self._subject_path(subject)[1:]}"
                              "/versions", json=self._body(request), params=params)
        except SubjectNotFound:
            return True, []
        if not isinstance(body, Mapping):
            raise self._unexpected("POST", "a compatibility test", "with no verdict")
        messages = [self._redact(str(m)) for m in body.get("messages") or []]
        return bool(body.get("is_compatible")), messages

    def delete_subject(self, subject: str) -> list[int]:
        """Soft delete: versions stay readable by id."""
        path = self._subject_path(subject)
        return self._list_of(self._json("DELETE", path, write=True), int, f"DELETE {path}")

    # ---- config ---------------------------------------------------------------------------

    def subject_config(self, subject: str) -> dict[str, Any] | None:
        """The subject's own config, or None when it inherits."""
        path = f"/config/{quote(self.qualify(subject), safe='')}"
        try:
            body = self._json("GET", path)
        except (ConfigNotFound, SubjectNotFound):
            return None
        return self._config(body, path)

    def effective_config(self, subject: str) -> dict[str, Any]:
        path = f"/config/{quote(self.qualify(subject), safe='')}"
        return self._config(self._json("GET", path, params={"defaultToGlobal": "true"}), path)

    def global_config(self) -> dict[str, Any]:
        """The level every subject without its own inherits (within the context, if any)."""
        scope = self.qualify("")
        if not scope:
            return self._config(self._json("GET", "/config"), "/config")
        path = f"/config/{quote(scope, safe='')}"
        return self._config(self._json("GET", path, params={"defaultToGlobal": "true"}), path)

    def set_config(self, subject: str, level: str, policy: str | None = None) -> None:
        body: dict[str, Any] = {"compatibility": level}
        if policy is not None:
            body["compatibilityPolicy"] = policy
        self._json("PUT", f"/config/{quote(self.qualify(subject), safe='')}", json=body,
                   write=True)

    def delete_config(self, subject: str) -> None:
        with contextlib.suppress(ConfigNotFound, SubjectNotFound):
            self._json("DELETE", f"/config/{quote(self.qualify(subject), safe='')}", write=True)

    # ---- answers --------------------------------------------------------------------------

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def _unexpected(self, method: str, what: str, why: str) -> UnexpectedAnswer:
        return UnexpectedAnswer(f"{self.connection.display} is not a schema registry: it "
                                f"answered {method} {what} {why}")

    def _schema(self, body: Any, subject: str, method: str, path: str) -> RegisteredSchema:
        if not isinstance(body, Mapping) or not _is_int(body.get("version")) \
                or not _is_int(body.get("id")) or not isinstance(body.get("schema"), str):
            raise self._unexpected(method, path, "with no version, id and schema")
        references = []
        for ref in body.get("references") or []:
            if not isinstance(ref, Mapping) or not _is_int(ref.get("version")):
                raise self._unexpected(method, path, "with a malformed reference")
            references.append(RegistryReference(str(ref.get("name")), str(ref.get("subject")),
                                                int(ref["version"])))
        return RegisteredSchema(
            subject=subject, version=int(body["version"]), id=int(body["id"]),
            schema=str(body["schema"]), schema_type=str(body.get("schemaType") or "AVRO"),
            references=tuple(references))

    def _list_of(self, body: Any, kind: type[Any], request: str) -> list[Any]:
        if not isinstance(body, list) or not all(
                isinstance(item, kind) and not isinstance(item, bool) for item in body):
            noun = "numbers" if kind is int else "names"
            method, _, path = request.partition(" ")
            raise self._unexpected(method, path, f"with something else than a list of {noun}")
        return list(body)

    def _config(self, body: Any, path: str) -> dict[str, Any]:
        if not isinstance(body, Mapping):
            raise self._unexpected("GET", path, "with something else than a config object")
        return dict(body)

    # ---- transport ------------------------------------------------------------------------

    def _body(self, request: SchemaRequest) -> dict[str, Any]:
        # Reference subjects are named within the context too: servers differ on whether an
        # unqualified one means the referrer's context or the default one.
        body = request.to_json()
        if self.connection.context and request.references:
            body["references"] = [{**ref.to_json(), "subject": self.qualify(ref.subject)}
                                  for ref in request.references]
        return body

    def _normalize(self) -> dict[str, str]:
        return {"normalize": "true"} if self.connection.normalize else {}

    def _subject_path(self, subject: str, tail: str = "") -> str:
        path = f"/subjects/{quote(self.qualify(subject), safe='')}"
        return f"{path}/{tail}" if tail else path

    def _json(self, method: str, path: str, *, params: Mapping[str, str] | None = None,
              json: Any = None, write: bool = False) -> Any:
        response = self._send(method, path, params=params, json=json, write=write)
        if response.status_code >= 400:
            raise self._error(response, method, path)
        try:
            return response.json()
        except ValueError:
            raise self._unexpected(method, path, "with something that is not JSON "
                                   f"({_content_type(response)})") from None

    def _send(self, method: str, path: str, *, params: Mapping[str, str] | None,
              json: Any, write: bool) -> httpx.Response:
        url: httpx.URL | str = path.lstrip("/")
        attempt = 0
        redirects = 0
        while True:
            self.counters.add(write, attempt > 0)
            try:
                response = self._http.request(method, url, params=params, json=json)
            except httpx.TransportError as error:
                if attempt >= self.retries:
                    raise RegistryUnreachable(
                        f"cannot reach the registry at {self.connection.display}: "
                        f"{_describe(error)} (after {attempt + 1} attempts)") from None
                self._wait(attempt, None, _describe(error))
                attempt += 1
                continue
            if response.is_redirect:
                redirects += 1
                url = self._redirect_target(response, redirects)
                continue
            if response.status_code in _RETRY_STATUS and attempt < self.retries:
                retry_after = _retry_after(response.headers.get("Retry-After"))
                response.close()
                self._wait(attempt, retry_after, f"HTTP {response.status_code}")
                attempt += 1
                continue
            if response.status_code in _RETRY_STATUS:
                raise RegistryUnreachable(
                    f"the registry at {self.connection.display} kept answering HTTP "
                    f"{response.status_code} ({_content_type(response)}) after "
                    f"{attempt + 1} attempts")
            return response

    def _redirect_target(self, response: httpx.Response, redirects: int) -> httpx.URL:
        location = response.headers.get("Location", "")
        target = response.url.join(location)
        if _origin(target) != self._origin:
            # Following would hand the credentials to whoever that host is.
            raise RegistryUnreachable(
                f"the registry at {self.connection.display} redirected to another host "
                f"({target.scheme}://{target.host}); not following it. Point the registry "
                "URL at that address if it is the right one")
        if redirects > _MAX_REDIRECTS:
            raise RegistryUnreachable(
                f"the registry at {self.connection.display} redirected too many times")
        return target.copy_with(query=None)

    def _wait(self, attempt: int, retry_after: float | None, reason: str) -> None:
        delay = self._delay(attempt, retry_after)
        if self._on_retry is not None:
            self._on_retry(f"{self.connection.display}: {reason}; retrying in {delay:.1f} s "
                           f"(attempt {attempt + 2} of {self.retries + 1})")
        self._sleep(delay)

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, 60.0)
        cap = min(self.max_backoff, self.backoff * (2 ** attempt))
        return random.uniform(cap / 2, cap)

    def _error(self, response: httpx.Response, method: str, path: str) -> RegistryError:
        status = response.status_code
        where = self.connection.display
        if status in (401, 403):
            # The server's own text is not repeated: some echo what they were sent.
            return AuthenticationError(
                f"the registry at {where} refused the request (HTTP {status}): check the "
                "credentials named by auth-env or token-env", status=status, error_code=status)
        code, message = 50005, f"HTTP {status} ({_content_type(response)})"
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, Mapping) and _is_int(body.get("error_code")):
            code = int(body["error_code"])
            message = self._redact(str(body.get("message") or message))
        elif status in _NOT_SERVED:
            # Every Confluent-compatible registry answers a missing subject, version or route
            # with its error body.
            return NotARegistry(f"{where} is not a schema registry: it answered {method} "
                                f"{path} with {message}", status=status, error_code=code)
        kind = _BY_CODE.get(code)
        if kind is None and status == 409:
            kind = IncompatibleSchema
        return (kind or RegistryError)(f"{message} [registry error {code}]", status=status,
                                       error_code=code)


def _env_number(name: str, default: float) -> float:
    try:
        return max(0.0, float(os.environ.get(name, default)))
    except ValueError:
        return default


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _content_type(response: httpx.Response) -> str:
    return str(response.headers.get("Content-Type", "no content type")).split(";")[0]


def _describe(error: httpx.TransportError) -> str:
    # The class name says what happened; the text may carry the URL, so it is left out.
    names = {httpx.ConnectError: "connection refused or failed",
             httpx.ConnectTimeout: "connection timed out",
             httpx.ReadTimeout: "no answer in time (read timeout)",
             httpx.WriteTimeout: "write timed out", httpx.PoolTimeout: "connection pool timeout",
             httpx.RemoteProtocolError: "connection dropped by the server",
             httpx.ReadError: "connection dropped while reading"}
    for kind, text in names.items():
        if isinstance(error, kind):
            return text
    return type(error).__name__
