"""Bad requests get Confluent's error, change nothing, and the server keeps serving."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from registry_harness import V1_JSON, Server, fixture_text, snapshot, start_server

SUBJECT = "orders-value"
USER_V1 = fixture_text("avro/user_v1.avsc")
TWENTY_MB = 20 * 1024 * 1024


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(tmp_path_factory.mktemp("bad") / "registry.db")
    with running.client() as http:
        assert http.post(f"/subjects/{SUBJECT}/versions", json={"schema": USER_V1}
                         ).status_code == 200
    yield running
    running.stop()


def _huge_register_body() -> bytes:
    return json.dumps({"schema": "x" * TWENTY_MB}).encode()


# Method, path, body, content type, expected status, expected error_code.
CASES = [
    ("POST", f"/subjects/{SUBJECT}/versions", b'{"schema": ', V1_JSON, 400, 400),
    ("POST", f"/subjects/{SUBJECT}/versions", b"[1, 2]", V1_JSON, 400, 400),
    ("POST", f"/subjects/{SUBJECT}/versions", b'{"schema": 12}', V1_JSON, 400, 400),
    ("POST", f"/subjects/{SUBJECT}/versions", b'{"schema": NaN}', V1_JSON, 400, 400),
    ("POST", f"/subjects/{SUBJECT}/versions", USER_V1.encode(), "text/plain", 415, 415),
    ("POST", f"/subjects/{SUBJECT}/versions", b"", V1_JSON, 422, 422),
    ("POST", "/subjects/new-subject/versions", b"{}", V1_JSON, 422, 42201),
    ("POST", f"/subjects/{SUBJECT}/versions",
     json.dumps({"schema": USER_V1, "schemaType": "XML"}).encode(), V1_JSON, 422, 42201),
    ("POST", f"/subjects/{SUBJECT}/versions",
     json.dumps({"schema": '{"type": "recrod"}'}).encode(), V1_JSON, 422, 42201),
    ("GET", f"/subjects/{SUBJECT}/versions/0", None, None, 422, 42202),
    ("GET", f"/subjects/{SUBJECT}/versions/-2", None, None, 422, 42202),
    ("GET", f"/subjects/{SUBJECT}/versions/abc", None, None, 422, 42202),
    ("DELETE", f"/subjects/{SUBJECT}/versions/0", None, None, 422, 42202),
    ("DELETE", f"/subjects/{SUBJECT}/versions/-2", None, None, 422, 42202),
    ("DELETE", f"/subjects/{SUBJECT}/versions/abc", None, None, 422, 42202),
    ("POST", f"/compatibility/subjects/{SUBJECT}/versions/abc",
     json.dumps({"schema": USER_V1}).encode(), V1_JSON, 422, 42202),
    ("PUT", "/config", b'{"compatibility": "MOSTLY"}', V1_JSON, 422, 42203),
    ("PUT", "/config", b"not json", V1_JSON, 400, 400),
    ("PUT", "/mode", b'{"mode": "OFF"}', V1_JSON, 422, 42204),
    ("POST", f"/subjects/{SUBJECT}/versions", _huge_register_body(), V1_JSON, 422, 42209),
]


@pytest.mark.parametrize(("method", "path", "body", "content_type", "status", "code"), CASES,
                         ids=[f"{case[0]} {case[1][:40]} {case[4]}/{case[5]}"
                              for case in CASES])
def test_bad_request_is_refused_and_changes_nothing(
        seeded: Server, method: str, path: str, body: bytes | None, content_type: str | None,
        status: int, code: int) -> None:
    before = snapshot(seeded.db)
    headers = {"Content-Type": content_type} if content_type else {}
    with seeded.client() as http:
        response = http.request(method, path, content=body, headers=headers)
        assert response.status_code == status, response.text[:300]
        assert response.json()["error_code"] == code
        assert set(response.json()) == {"error_code", "message"}
        still = http.get(f"/subjects/{SUBJECT}/versions/latest")
        assert still.status_code == 200
    assert snapshot(seeded.db) == before


def test_a_huge_body_without_content_length_is_refused_too(seeded: Server) -> None:
    def chunks() -> Iterator[bytes]:
        piece = b"x" * (1024 * 1024)
        yield b'{"schema": "'
        for _ in range(20):
            yield piece
        yield b'"}'

    before = snapshot(seeded.db)
    with seeded.client() as http:
        response = http.post(f"/subjects/{SUBJECT}/versions", content=chunks(),
                             headers={"Content-Type": V1_JSON})
        assert (response.status_code, response.json()["error_code"]) == (422, 42209)
        assert http.get("/subjects").json() == [SUBJECT]
    assert snapshot(seeded.db) == before


def test_missing_schema_with_a_previous_version_reuses_it(seeded: Server) -> None:
    """Confluent fills an empty ``schema`` from the latest version: nothing new is created."""
    before = snapshot(seeded.db)
    with seeded.client() as http:
        latest = http.get(f"/subjects/{SUBJECT}/versions/latest").json()
        response = http.post(f"/subjects/{SUBJECT}/versions", json={})
        assert response.json()["id"] == latest["id"]
    assert snapshot(seeded.db) == before


def test_connection_level_garbage_does_not_stop_the_server(seeded: Server) -> None:
    import socket

    host, port = seeded.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(b"\x16\x03\x01 not http at all\r\n\r\n")
        sock.recv(1024)
    with httpx.Client(base_url=seeded.url) as http:
        assert http.get("/subjects").status_code == 200
