"""The embedded registry against hostile and careless requests, on loopback (issue 19).

Each case runs against the real server in its own process and asserts the exact answer
(HTTP status and Confluent's ``error_code``) and that the server still answers another client
afterwards. Request loops are bounded: every test ends by itself.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from google.protobuf import descriptor_pb2
from registry_harness import V1_JSON, Server, start_server

INT32_MAX = 2**31 - 1
F = descriptor_pb2.FieldDescriptorProto


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(tmp_path_factory.mktemp("hostile") / "registry.db")
    yield running
    running.stop()


def error_of(response: httpx.Response) -> tuple[int, int]:
    return response.status_code, response.json()["error_code"]


def still_answers(server: Server) -> None:
    """Another client, on a connection of its own, gets its answer."""
    with httpx.Client(base_url=server.url, timeout=10) as other:
        assert other.get("/schemas/types").json() == ["AVRO", "JSON", "PROTOBUF"]
    assert server.process.poll() is None


def avro_record(name: str, *fields: str) -> str:
    return json.dumps({"type": "record", "name": name, "namespace": "hostile",
                       "fields": [{"name": field, "type": "string"} for field in fields]})


def descriptor(*, package: str = "hostile", field: str = "a", type_name: str = "",
               oneof_index: int | None = None) -> str:
    """A base64 ``FileDescriptorProto`` as client serializers register it."""
    file = descriptor_pb2.FileDescriptorProto(name="hostile.proto", syntax="proto3",
                                              package=package)
    message = file.message_type.add(name="Event")
    added = message.field.add(name=field, number=1, label=F.LABEL_OPTIONAL,
                              type=F.TYPE_MESSAGE if type_name else F.TYPE_STRING)
    if type_name:
        added.type_name = type_name
    if oneof_index is not None:
        added.oneof_index = oneof_index
    return base64.b64encode(file.SerializeToString()).decode("ascii")


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


# Case, the request's path, its raw body, the expected (status, error_code). The IMPORT id
# cases run in a subject in IMPORT mode (set up by the test).
REFUSED: list[tuple[str, str, bytes, tuple[int, int]]] = [
    ("an IMPORT id of 2^40", "/subjects/imported/versions",
     json.dumps({"schema": avro_record("Big", "a"), "id": 2**40}).encode(), (422, 42205)),
    ("an IMPORT id of 2^31", "/subjects/imported/versions",
     json.dumps({"schema": avro_record("Big", "a"), "id": 2**31}).encode(), (422, 42205)),
    ("an IMPORT id of -2^40", "/subjects/imported/versions",
     json.dumps({"schema": avro_record("Big", "a"), "id": -(2**40)}).encode(), (422, 42205)),
    ("a version of 2^40", "/subjects/imported/versions",
     json.dumps({"schema": avro_record("Big", "a"), "version": 2**40}).encode(),
     (422, 42202)),
    ("a reference version of 2^70", "/subjects/referring/versions",
     json.dumps({"schema": avro_record("Ref", "a"), "references": [
         {"name": "hostile.Other", "subject": "other", "version": 2**70}]}).encode(),
     (422, 42202)),
    ("a body nested 10,000 levels", "/subjects/deep/versions",
     b'{"schema": ' + nested(10_000).encode() + b"}", (400, 400)),
    ("a body nested 10,000 levels in an array", "/subjects/deep/versions",
     nested(10_000).encode(), (400, 400)),
    ("a lone \\ud800 in the schema", "/subjects/surrogate/versions",
     b'{"schema": "{\\"type\\": \\"string\\", \\"doc\\": \\"\\ud800\\"}"}', (400, 400)),
    ("a lone \\udfff as a key", "/subjects/surrogate/versions",
     b'{"schema": "\\"string\\"", "\\udfff": 1}', (400, 400)),
    ("a schema text nested 10,000 levels", "/subjects/deep/versions",
     json.dumps({"schema": nested(10_000)}).encode(), (422, 42201)),
    ("a descriptor whose field name is .proto syntax", "/subjects/evil-field/versions",
     json.dumps({"schemaType": "PROTOBUF", "schema": descriptor(
         field='a = 1; } message Evil { string b')}).encode(), (422, 42201)),
    ("a descriptor whose package injects an import", "/subjects/evil-package/versions",
     json.dumps({"schemaType": "PROTOBUF", "schema": descriptor(
         package='hostile; import "evil.proto"; package x')}).encode(), (422, 42201)),
    ("a descriptor whose type name is .proto syntax", "/subjects/evil-type/versions",
     json.dumps({"schemaType": "PROTOBUF", "schema": descriptor(
         type_name=".Event a = 1; } message Evil { .Event")}).encode(), (422, 42201)),
    ("a descriptor with an out-of-range oneof_index", "/subjects/evil-oneof/versions",
     json.dumps({"schemaType": "PROTOBUF", "schema": descriptor(oneof_index=7)}).encode(),
     (422, 42201)),
    ("a descriptor with a negative oneof_index", "/subjects/evil-oneof/versions",
     json.dumps({"schemaType": "PROTOBUF", "schema": descriptor(oneof_index=-1)}).encode(),
     (422, 42201)),
]


@pytest.mark.parametrize(("path", "body", "expected"),
                         [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_a_hostile_request_gets_confluents_error_and_the_server_goes_on(
        server: Server, path: str, body: bytes, expected: tuple[int, int]) -> None:
    with server.client(headers={"Content-Type": V1_JSON}) as http:
        assert http.put("/mode/imported", json={"mode": "IMPORT"}).status_code == 200
        for _ in range(3):  # the same request again changes nothing
            response = http.post(path, content=body)
            assert error_of(response) == expected, response.text
        subject = path.split("/")[2]
        assert error_of(http.get(f"/subjects/{subject}/versions")) == (404, 40401)
        assert "Evil" not in http.get("/schemas").text
    still_answers(server)


def test_ids_stay_32_bit(tmp_path: Path) -> None:
    server = start_server(tmp_path / "ids.db")
    try:
        ids_stay_32_bit(server)
    finally:
        server.stop()


def ids_stay_32_bit(server: Server) -> None:
    with server.client() as http:
        assert http.put("/mode/top-id", json={"mode": "IMPORT"}).status_code == 200
        registered = http.post("/subjects/top-id/versions",
                               json={"schema": avro_record("Top", "a"), "id": INT32_MAX})
        assert registered.json()["id"] == INT32_MAX
        assert http.get(f"/schemas/ids/{INT32_MAX}").status_code == 200
        assert http.put("/mode/top-id", json={"mode": "READWRITE"}).status_code == 200
        # No 32-bit id follows the highest: refused, and nothing stored.
        after = http.post("/subjects/after-top/versions",
                          json={"schema": avro_record("After", "a")})
        assert error_of(after) == (500, 50001)
        assert error_of(http.get("/subjects/after-top/versions")) == (404, 40401)
    still_answers(server)


@pytest.mark.parametrize("version", [0, -5, -(2**31)])
def test_a_version_of_zero_or_less_takes_the_next_version(server: Server, version: int) -> None:
    """As Confluent's ``KafkaSchemaRegistry.register``: ``version <= 0`` → the next one."""
    subject = f"versioned{version}"
    with server.client() as http:
        assert http.put(f"/mode/{subject}", json={"mode": "IMPORT"}).status_code == 200
        for number, expected in ((1, 1), (2, 2)):
            response = http.post(f"/subjects/{subject}/versions", json={
                "schema": avro_record("Versioned", *[f"f{i}" for i in range(number)]),
                "version": version, "id": 5_000 + number + 10 * abs(version) % 1_000})
            assert response.status_code == 200, response.text
            assert response.json()["version"] == expected
        assert http.get(f"/subjects/{subject}/versions").json() == [1, 2]
    still_answers(server)


def test_numbers_are_stored_as_written(server: Server) -> None:
    schema = ('{"type": "object", "properties": {"n": {"type": "number", "maximum": 1e400, '
              '"minimum": -1.5e-400, "multipleOf": 0.1000000000000000000001}}}')
    with server.client() as http:
        registered = http.post("/subjects/exact/versions",
                               json={"schemaType": "JSON", "schema": schema})
        assert registered.status_code == 200, registered.text
        stored = http.get("/subjects/exact/versions/latest").json()["schema"]
        assert '"maximum":1E+400' in stored
        assert '"minimum":-1.5E-400' in stored
        assert '"multipleOf":0.1000000000000000000001' in stored
        json.loads(stored, parse_constant=pytest.fail)  # JSON, no Infinity
        # Every later request on the subject works, and the same text is the same schema.
        assert http.post("/subjects/exact", json={"schemaType": "JSON", "schema": schema}
                         ).json()["id"] == registered.json()["id"]
        assert http.post("/compatibility/subjects/exact/versions/latest",
                         json={"schemaType": "JSON", "schema": schema}
                         ).json() == {"is_compatible": True}
        wider = schema.replace("1e400", "1e401")
        second = http.post("/subjects/exact/versions", json={"schemaType": "JSON",
                                                             "schema": wider})
        assert second.status_code == 200, second.text
        assert second.json()["id"] != registered.json()["id"]
        assert http.get("/subjects/exact/versions").json() == [1, 2]
    still_answers(server)


CHAIN = 300  # "a few hundred deep" failed after a restart


def chain_link(depth: int) -> dict[str, Any]:
    fields = [{"name": "value", "type": "string"}]
    references = []
    if depth:
        fields.append({"name": "previous", "type": f"chain.Link{depth - 1}"})
        references = [{"name": f"chain.Link{depth - 1}", "subject": f"link-{depth - 1}",
                       "version": 1}]
    schema = {"type": "record", "name": f"Link{depth}", "namespace": "chain", "fields": fields}
    return {"schema": json.dumps(schema), "references": references}


def test_a_reference_chain_hundreds_deep_resolves_before_and_after_a_restart(
        tmp_path: Path) -> None:
    db = tmp_path / "chain.db"
    running = start_server(db)
    try:
        with running.client() as http:
            for depth in range(CHAIN):
                response = http.post(f"/subjects/link-{depth}/versions", json=chain_link(depth))
                assert response.status_code == 200, (depth, response.text)
    finally:
        running.stop()
    restarted = start_server(db)
    try:
        with restarted.client() as http:
            top = chain_link(CHAIN)
            assert http.post(f"/subjects/link-{CHAIN - 1}", json=chain_link(CHAIN - 1)
                             ).status_code == 200
            assert http.post(f"/compatibility/subjects/link-{CHAIN - 1}/versions/latest",
                             json=chain_link(CHAIN - 1)).json() == {"is_compatible": True}
            registered = http.post(f"/subjects/link-{CHAIN}/versions", json=top)
            assert registered.status_code == 200, registered.text
        still_answers(restarted)
    finally:
        restarted.stop()


HEAVY_FIELDS = 40_000  # a ~5 MB record: its compatibility check takes a second or more


def big_record(fields: int) -> str:
    return json.dumps({"type": "record", "name": "Big", "namespace": "heavy",
                       "fields": [{"name": f"field_number_{i}", "type": ["null", "string"],
                                   "default": None, "doc": "x" * 40} for i in range(fields)]})


# The heavy request, and what a second client does meanwhile: a lookup must not wait for the
# event loop, a registration elsewhere must not wait for the write lock.
HEAVY_CASES = [
    ("a compatibility check, a lookup meanwhile",
     "/compatibility/subjects/big/versions/latest", "lookup"),
    ("a registration, a lookup meanwhile", "/subjects/big/versions", "lookup"),
    ("a registration, another registration meanwhile", "/subjects/big/versions", "register"),
]


@pytest.mark.parametrize(("heavy_path", "meanwhile"), [case[1:] for case in HEAVY_CASES],
                         ids=[case[0] for case in HEAVY_CASES])
def test_a_second_client_is_answered_while_a_heavy_request_works(
        tmp_path: Path, heavy_path: str, meanwhile: str) -> None:
    running = start_server(tmp_path / "heavy.db")
    try:
        with httpx.Client(base_url=running.url, timeout=120) as http:
            assert http.post("/subjects/big/versions",
                             json={"schema": big_record(HEAVY_FIELDS)}).status_code == 200
            small = http.post("/subjects/small/versions", json={"schema": '"string"'})
            small_id = small.json()["id"]
        body = json.dumps({"schema": big_record(HEAVY_FIELDS + 1)}).encode()
        finished = threading.Event()
        heavy: dict[str, Any] = {}

        def work() -> None:
            started = time.monotonic()
            with httpx.Client(base_url=running.url, timeout=120) as client:
                response = client.post(heavy_path, content=body,
                                       headers={"Content-Type": V1_JSON})
            heavy["status"] = response.status_code
            heavy["seconds"] = time.monotonic() - started
            finished.set()

        worker = threading.Thread(target=work)
        worker.start()
        waits: list[float] = []
        with httpx.Client(base_url=running.url, timeout=120) as http:
            while not finished.is_set() and len(waits) < 2_000:
                sent = time.monotonic()
                if meanwhile == "lookup":
                    response = http.get(f"/schemas/ids/{small_id}")
                else:
                    response = http.post(f"/subjects/other-{len(waits)}/versions",
                                         json={"schema": avro_record("Other", "a")})
                assert response.status_code == 200, response.text
                waits.append(time.monotonic() - sent)
        worker.join(timeout=120)
        assert heavy["status"] == 200
        # Before, every request sent during the heavy one waited for all of its work.
        assert len(waits) >= 3
        assert max(waits) < heavy["seconds"] / 2, (max(waits), heavy["seconds"])
    finally:
        running.stop()


def test_a_request_over_the_time_limit_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    running = start_server(tmp_path / "limit.db",
                           env={"SCHEMALINT_REGISTRY_REQUEST_TIME_LIMIT_S": "0.2"})
    try:
        with running.client() as http:
            response = http.post("/subjects/big/versions",
                                 json={"schema": big_record(HEAVY_FIELDS)})
            assert error_of(response) == (422, 42201)
            assert "longer than the registry's limit of 0.2 s" in response.json()["message"]
            still_answers(running)
            # The abandoned work finishes in the background and still writes nothing.
            for _ in range(20):
                assert error_of(http.get("/subjects/big/versions")) == (404, 40401)
                time.sleep(0.25)
            assert http.post("/subjects/small/versions",
                             json={"schema": '"string"'}).json()["id"] == 1
    finally:
        running.stop()


HALF_CONFIGURED = [
    ({"SCHEMALINT_REGISTRY_USER": "ci"}, "SCHEMALINT_REGISTRY_PASSWORD is not"),
    ({"SCHEMALINT_REGISTRY_PASSWORD": "s3cret"}, "SCHEMALINT_REGISTRY_USER is not"),
    ({"SCHEMALINT_REGISTRY_USER": "ci", "SCHEMALINT_REGISTRY_PASSWORD": ""},
     "SCHEMALINT_REGISTRY_PASSWORD is not"),
]
ENTRY_POINTS = [
    [sys.executable, "-m", "schemalint.registry.server"],
    [str(Path(sys.executable).parent / "schemalint"), "registry", "serve"],
]


@pytest.mark.parametrize(("env", "names"), HALF_CONFIGURED)
@pytest.mark.parametrize("command", ENTRY_POINTS, ids=["module", "cli"])
def test_half_configured_auth_refuses_to_start(tmp_path: Path, env: dict[str, str],
                                               names: str, command: list[str]) -> None:
    clean = {key: value for key, value in os.environ.items()
             if not key.startswith("SCHEMALINT_REGISTRY_")}
    finished = subprocess.run([*command, "--db", str(tmp_path / "r.db"), "--port", "1"],
                              env={**clean, **env}, capture_output=True, text=True,
                              timeout=60)
    assert finished.returncode == 2
    assert finished.stdout == ""
    lines = finished.stderr.strip().splitlines()
    assert len(lines) == 1 and names in lines[0], finished.stderr
    assert "Traceback" not in finished.stderr
    assert not (tmp_path / "r.db").exists()
