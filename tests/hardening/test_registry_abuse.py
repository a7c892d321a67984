"""The embedded registry under load and abuse, on loopback.

A bounded load test (fixed requests from concurrent clients, ends by itself) with no error
responses and no lost registrations; request size limits; slow clients that must not block
others; hostile subject names; basic auth on every route the application serves.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from registry_harness import V1_JSON, Server, start_server

from schemalint.registry.server.app import ROUTES, create_app

CLIENTS = 6
REQUESTS_PER_CLIENT = 40  # each: a registration, then a read of what it registered
SHARED = "shared-value"


def avro(name: str, *fields: str) -> str:
    return json.dumps({"type": "record", "name": name, "namespace": "com.acme",
                       "fields": [{"name": f, "type": "string", "default": ""}
                                  for f in fields]})


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(tmp_path_factory.mktemp("abuse") / "registry.db", workers=2)
    yield running
    running.stop()


def test_a_bounded_load_loses_nothing(server: Server) -> None:
    errors: list[str] = []
    registered: dict[tuple[str, str], int] = {}
    lock = threading.Lock()

    def client(number: int) -> None:
        with httpx.Client(base_url=server.url, headers={"Content-Type": V1_JSON},
                          timeout=60) as http:
            for index in range(REQUESTS_PER_CLIENT):
                # Half to the client's own subject, half to one subject all clients share.
                subject = f"load-{number}-value" if index % 2 else SHARED
                schema = avro("Load", *[f"f{number}_{i}" for i in range(index + 1)])
                response = http.post(f"/subjects/{subject}/versions", json={"schema": schema})
                if response.status_code != 200:
                    errors.append(f"{response.status_code} {response.text}")
                    continue
                schema_id = response.json()["id"]
                read = http.get(f"/schemas/ids/{schema_id}")
                if read.status_code != 200 or json.loads(read.json()["schema"]) != json.loads(
                        schema):
                    errors.append(f"read {schema_id}: {read.status_code}")
                with lock:
                    registered[(subject, schema)] = schema_id

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert len(registered) == CLIENTS * REQUESTS_PER_CLIENT

    with server.client() as http:
        for subject in {subject for subject, _ in registered}:
            expected = {schema_id for (s, _), schema_id in registered.items() if s == subject}
            versions = http.get(f"/subjects/{subject}/versions").json()
            assert len(versions) == len(expected), subject
            found = {http.get(f"/subjects/{subject}/versions/{v}").json()["id"]
                     for v in versions}
            assert found == expected, subject
        ids = sorted(registered.values())
        assert len(set(ids)) == len(ids)  # distinct schemas, distinct ids


def _raw_request(server: Server, head: str) -> socket.socket:
    host, port = server.url.removeprefix("http://").split(":")
    connection = socket.create_connection((host, int(port)), timeout=30)
    connection.sendall(head.encode())
    return connection


def _read_response(connection: socket.socket) -> bytes:
    chunks = []
    while True:
        chunk = connection.recv(65536)
        if not chunk:
            break
        chunks.append(chunk)
        if b"\r\n\r\n" in b"".join(chunks) and b"}" in chunk:
            break
    return b"".join(chunks)


def test_a_slow_body_does_not_block_other_clients(server: Server) -> None:
    body = json.dumps({"schema": avro("Slow", "a")}).encode()
    slow = _raw_request(server, f"POST /subjects/slow-value/versions HTTP/1.1\r\n"
                                f"Host: x\r\nContent-Type: {V1_JSON}\r\n"
                                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n")
    slow.sendall(body[:5])  # the rest arrives only once the others have been served
    stalled = _raw_request(server, "GET /subjects HTTP/1.1\r\nHost: x\r\n")  # headers unfinished
    with httpx.Client(base_url=server.url, headers={"Content-Type": V1_JSON},
                      timeout=10) as http:
        for index in range(10):
            response = http.post("/subjects/fast-value/versions",
                                 json={"schema": avro("Fast", f"f{index}")})
            assert response.status_code == 200
            assert http.get("/subjects").status_code == 200
    slow.sendall(body[5:])
    answer = _read_response(slow)
    slow.close()
    stalled.close()
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]


@pytest.mark.parametrize(("body", "headers"), [
    (b"{" + b" " * (9 * 1024 * 1024) + b"}", {}),  # over the 8 MiB limit
    (b"x", {"Content-Length": str(2**40)}),        # a declared size far over it
])
def test_oversized_bodies_are_refused_and_the_server_carries_on(
        server: Server, body: bytes, headers: dict[str, str]) -> None:
    if "Content-Length" in headers:
        connection = _raw_request(server, "POST /subjects/big-value/versions HTTP/1.1\r\n"
                                          f"Host: x\r\nContent-Type: {V1_JSON}\r\n"
                                          f"Content-Length: {headers['Content-Length']}\r\n"
                                          "Connection: close\r\n\r\n")
        connection.sendall(body)
        connection.shutdown(socket.SHUT_WR)
        answer = _read_response(connection)
        connection.close()
        assert not answer.startswith(b"HTTP/1.1 200")
        assert not answer.startswith(b"HTTP/1.1 500")
    else:
        with server.client(headers={"Content-Type": V1_JSON}) as http:
            response = http.post("/subjects/big-value/versions", content=body)
            assert response.status_code == 422
            assert response.json()["error_code"] == 42209
    with server.client() as http:
        assert http.get("/subjects").status_code == 200
        assert "big-value" not in http.get("/subjects").json()


HOSTILE_SUBJECTS = [
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "/absolute",
    "x'; DROP TABLE subjects; --",
    "\" OR 1=1 --",
    "100% LIKE _",
    "\x1b[31mred\x1b[0m",
    "tab\tand\nnewline",
    "nul\x00byte",
    "\u202eevil",
    "注文-value",
    "emoji-🙂-value",
    "a" * 10_000,
    " ",
    ":.context:name",
]


@pytest.mark.parametrize("subject", HOSTILE_SUBJECTS,
                         ids=[repr(s)[:30] for s in HOSTILE_SUBJECTS])
def test_hostile_subject_names_are_stored_literally_or_refused(server: Server,
                                                               subject: str) -> None:
    path = f"/subjects/{quote(subject, safe='')}/versions"
    with server.client(headers={"Content-Type": V1_JSON}) as http:
        response = http.post(path, json={"schema": avro("Hostile", "a")})
        assert response.status_code < 500, response.text
        if response.status_code != 200:
            assert "error_code" in response.json()
            return
        assert http.get(path).json() == [1]
        latest = http.get(f"/subjects/{quote(subject, safe='')}/versions/latest").json()
        assert latest["subject"] in (subject, subject.removeprefix(":.context:"))
        listed = http.get("/subjects").json()
        assert any(name.endswith(subject.rsplit(":", 1)[-1]) for name in listed)
        # the store is whole: every table still answers
        assert http.get("/schemas").status_code == 200
        assert http.get("/config").status_code == 200


def _path(pattern: str) -> str:
    values = {"subject": "orders-value", "version": "1", "id": "1", "context": ".ctx"}
    return "/" + "/".join(values.get(part.strip("{}"), part) if part.startswith("{") else part
                          for part in pattern.split("/")) if pattern else "/"


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(tmp_path_factory.mktemp("auth") / "registry.db",
                           env={"SCHEMALINT_REGISTRY_USER": "admin",
                                "SCHEMALINT_REGISTRY_PASSWORD": "s3cret:with:colons"})
    yield running
    running.stop()


def test_every_request_goes_through_the_one_dispatcher(tmp_path: Path) -> None:
    """The app has one catch-all route, and what it misses goes to the same dispatcher;
    ``ROUTES`` is therefore every route it serves."""
    app = create_app(str(tmp_path / "registry.db"))
    assert [route.path for route in app.routes] == ["/{path:path}"]  # type: ignore[attr-defined]
    assert app.router.default.__name__ == "unmatched"


@pytest.mark.parametrize(("method", "pattern"),
                         [(method, pattern) for method, pattern, _, _ in ROUTES]
                         + [("GET", "no/such/route"), ("PATCH", "subjects"),
                            # %0A: a path Starlette's route pattern does not match
                            ("GET", "subjects/a%0Ab/versions"), ("POST", "%0A")])
def test_basic_auth_is_enforced_on_every_route(guarded: Server, method: str,
                                               pattern: str) -> None:
    path = _path(pattern)
    body = json.dumps({"schema": avro("Auth", "a")}) if method in ("POST", "PUT") else None
    refused_with = [
        None,
        httpx.BasicAuth("admin", "wrong"),
        httpx.BasicAuth("admin", "s3cret"),
        httpx.BasicAuth("", ""),
    ]
    with guarded.client(headers={"Content-Type": V1_JSON}) as http:
        for auth in refused_with:
            response = http.request(method, path, content=body, auth=auth)
            assert response.status_code == 401, (method, path, auth)
            assert response.headers["WWW-Authenticate"].startswith("Basic")
        for header in ("Bearer s3cret", "Basic !!!", "Basic " + "A" * 10_000):
            response = http.request(method, path, content=body,
                                    headers={"Authorization": header})
            assert response.status_code == 401
        allowed = http.request(method, path, content=body,
                               auth=httpx.BasicAuth("admin", "s3cret:with:colons"))
        assert allowed.status_code != 401
