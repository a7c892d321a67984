"""Registries that answer badly, beyond transient faults: malformed or truncated answers,
answers that are not the registry's, a registry that stores something else, a registry that
moves between plan and apply, slowness, redirects with credentials, 5xx without end, and
unusable input in the repository. Each run ends in one clear line and the right exit code;
a re-run against a healthy registry ends with exactly the expected versions."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import FIXTURES, Project, fixture, registered, texts
from fault_proxy import Fault, FaultProxy, Seen
from registry_harness import Server, free_port

from schemalint.commands.sync import SyncRequest, run_sync
from schemalint.config import load_config
from schemalint.errors import SchemalintError
from schemalint.registry.client import RegistryClient, RegistryUnreachable, SchemaRequest
from schemalint.registry.target import Connection

SUBJECT = "shipping-value"
VALUE = "schemas/shipping/value.avsc"
VERSIONS = f"/subjects/{SUBJECT}/versions"
LATEST = f"{VERSIONS}/latest"
LOOKUP = f"/subjects/{SUBJECT}"
HTML = "text/html"


def shipping_project(project: Project) -> None:
    """One subject, two commits: a healthy sync registers exactly two versions."""
    project.put("shipping/value.avsc", "shipment_v1.avsc")
    project.commit("shipping v1")
    project.put("shipping/value.avsc", "shipment_v2.avsc")
    project.commit("shipping v2")


EXPECTED = [fixture("shipment_v1.avsc"), fixture("shipment_v2.avsc")]




def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int,
                          *needles: str) -> None:
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith("schemalint: error: "), errors[0]
    assert "Traceback" not in result.stdout + result.stderr
    for needle in needles:
        assert needle in errors[0], errors[0]


def assert_healthy_rerun_completes(project: Project, proxy: FaultProxy,
                                   registry: Server) -> None:
    proxy.reset()
    again = run_cli(project.path, "sync", "--registry", proxy.url)
    assert again.returncode == 0, again.stdout + again.stderr
    assert texts(registry, SUBJECT) == EXPECTED
    proxy.reset()
    assert run_cli(project.path, "sync", "--registry", proxy.url, "--check").returncode == 0
    assert proxy.writes == []


# ---- a proxy that can also truncate answers and rewrite requests ----------------------------

@dataclass
class Hostility:
    truncate: list[Fault] = field(default_factory=list)  # answers cut in half, then closed
    rewrite: Callable[[str, str, bytes], bytes] | None = None  # request bodies on the way in
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_truncation(self, method: str, path: str) -> bool:
        with self.lock:
            for fault in self.truncate:
                if fault.method in (None, method) and fault.path in path and fault.times:
                    fault.times -= 1
                    return True
        return False


def make_hostile(proxy: FaultProxy) -> Hostility:
    hostility = Hostility()
    server = proxy._server
    base: type[BaseHTTPRequestHandler] = server.RequestHandlerClass  # type: ignore[assignment]

    class Hostile(base):  # type: ignore[valid-type,misc]
        def _forward(self, body: bytes) -> tuple[int, dict[str, str], bytes]:
            if hostility.rewrite is not None and body:
                body = hostility.rewrite(self.command, self.path, body)
                self.headers.replace_header("Content-Length", str(len(body)))
            return super()._forward(body)  # type: ignore[no-any-return]

        def _serve(self) -> None:
            if not hostility.take_truncation(self.command, self.path):
                super()._serve()
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, headers, answer = self._forward(body)
            with proxy._lock:
                proxy.forwarded.append(Seen(self.command, self.path, True))
            self.send_response(status)
            self.send_header("Content-Type", headers.get("Content-Type", "application/json"))
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer[: len(answer) // 2])
            self.close_connection = True

        do_GET = do_POST = do_PUT = do_DELETE = _serve

    server.RequestHandlerClass = Hostile
    return hostility


@pytest.fixture
def proxy(proxy: FaultProxy) -> FaultProxy:
    """The sync tests' proxy; a client hanging up on it is expected here, not news."""
    proxy._server.handle_error = lambda *_: None  # type: ignore[method-assign]
    return proxy


@pytest.fixture
def hostile(proxy: FaultProxy) -> Hostility:
    return make_hostile(proxy)


# ---- answers that are not usable ------------------------------------------------------------

FOREVER = 10_000

UNUSABLE_ANSWERS = {
    "malformed JSON with status 200": Fault(
        "status", "GET", LATEST, status=200, times=FOREVER,
        body=b'{"subject": "shipping-value", "version": 1, "sch'),
    "an HTML sign-in page with status 200": Fault(
        "status", None, "/", status=200, content_type=HTML, times=FOREVER,
        body=b"<html><body><form>Sign in to continue</form></body></html>"),
    "a list where a schema is expected": Fault(
        "status", "GET", LATEST, status=200, times=FOREVER, body=b"[1, 2, 3]"),
    "a version that is not a number": Fault(
        "status", "GET", LATEST, status=200, times=FOREVER,
        body=b'{"subject": "shipping-value", "version": "two", "id": 1, "schema": "{}"}'),
    "a schema without version or id": Fault(
        "status", "GET", LATEST, status=200, times=FOREVER, body=b'{"schema": "\\"string\\""}'),
    "a registration answered without an id": Fault(
        "status", "POST", VERSIONS, status=200, times=FOREVER, body=b'{"version": 1}'),
    "an id that is not a number": Fault(
        "status", "POST", VERSIONS, status=200, times=FOREVER, body=b'{"id": "7"}'),
    "a config answer that is a string": Fault(
        "status", "GET", "/config/", status=200, times=FOREVER, body=b'"BACKWARD"'),
}


@pytest.mark.parametrize("case", sorted(UNUSABLE_ANSWERS))
def test_an_answer_that_is_not_the_registry_s_ends_in_exit_3(
        case: str, project: Project, registry: Server, proxy: FaultProxy) -> None:
    shipping_project(project)
    proxy.add(UNUSABLE_ANSWERS[case])

    result = run_cli(project.path, "sync", "--registry", proxy.url)

    assert_one_line_error(result, 3, proxy.url)
    assert len(registered(registry, SUBJECT)) <= 2
    assert_healthy_rerun_completes(project, proxy, registry)


@pytest.mark.parametrize("path", [LATEST, LOOKUP, VERSIONS, "/config/"])
def test_a_truncated_answer_is_retried_and_the_sync_completes(
        path: str, project: Project, registry: Server, proxy: FaultProxy,
        hostile: Hostility) -> None:
    shipping_project(project)
    hostile.truncate.append(Fault("truncate", None, path, times=2))

    result = run_cli(project.path, "sync", "--registry", proxy.url)

    assert result.returncode == 0, result.stderr
    assert texts(registry, SUBJECT) == EXPECTED


def test_answers_truncated_every_time_end_in_exit_3(
        project: Project, registry: Server, proxy: FaultProxy, hostile: Hostility) -> None:
    shipping_project(project)
    hostile.truncate.append(Fault("truncate", times=FOREVER))

    result = run_cli(project.path, "sync", "--registry", proxy.url)

    assert_one_line_error(result, 3, "connection dropped")
    hostile.truncate.clear()
    assert_healthy_rerun_completes(project, proxy, registry)


@pytest.mark.parametrize("content_type", ["text/plain", "application/octet-stream",
                                          "text/html; charset=utf-8"])
def test_a_json_answer_under_another_content_type_is_read(
        content_type: str, project: Project, registry: Server, proxy: FaultProxy) -> None:
    """Gateways rewrite content types; the body is what the registry said."""
    shipping_project(project)
    proxy.add(Fault("status", "GET", LATEST, status=404, content_type=content_type, times=1,
                    body=b'{"error_code": 40401, "message": "Subject not found"}'))

    result = run_cli(project.path, "sync", "--registry", proxy.url)

    assert result.returncode == 0, result.stderr
    assert texts(registry, SUBJECT) == EXPECTED


# ---- a registry that holds something other than what was registered ------------------------

def test_a_registry_that_stores_another_schema_is_caught_by_the_re_read(
        project: Project, registry: Server, proxy: FaultProxy, hostile: Hostility) -> None:
    shipping_project(project)

    def add_a_doc(method: str, path: str, body: bytes) -> bytes:
        if method != "POST" or not path.split("?")[0].endswith(VERSIONS):
            return body
        request = json.loads(body)
        schema = json.loads(request["schema"])
        request["schema"] = json.dumps({**schema, "doc": "rewritten on the way"})
        return json.dumps(request).encode()

    hostile.rewrite = add_a_doc

    result = run_cli(project.path, "sync", "--registry", proxy.url)

    assert_one_line_error(result, 1, SUBJECT, "does not find the schema when asked back")
    stored = registered(registry, SUBJECT)
    assert len(stored) == 1  # the first foreign version stops the subject
    # The foreign version is drift: a re-run against a healthy registry reports it and
    # registers nothing on top of it.
    hostile.rewrite = None
    proxy.reset()
    again = run_cli(project.path, "sync", "--registry", proxy.url)
    assert again.returncode == 1 and "DRIFT" in again.stdout
    assert proxy.writes == []
    assert registered(registry, SUBJECT) == stored


def test_a_re_read_that_answers_another_version_is_caught(
        project: Project, registry: Server, proxy: FaultProxy) -> None:
    """A stale cache in front of the registry answers the lookup after the registration
    with the version before it: the ids disagree."""
    project.put("shipping/value.avsc", "shipment_v1.avsc")
    project.commit("shipping v1")
    run_cli(project.path, "sync", "--registry", registry.url)
    first = registered(registry, SUBJECT)[0]
    project.put("shipping/value.avsc", "shipment_v2.avsc")
    project.commit("shipping v2")
    registering = threading.Event()

    def stale(method: str, path: str, status: int, body: object) -> tuple[int, object]:
        bare = path.split("?")[0]
        if method == "POST" and bare == VERSIONS:
            registering.set()
        if method == "POST" and bare == LOOKUP and registering.is_set():
            return 200, first
        return status, body

    proxy.transform = stale

    result = run_cli(project.path, "sync", "--registry", proxy.url)

    assert_one_line_error(result, 1, SUBJECT, "asked back")
    assert_healthy_rerun_completes(project, proxy, registry)


# ---- a registry that moves between plan and apply -------------------------------------------

class RegisterBeforeApply:
    """Another writer registers ``fixture_name`` the moment sync starts applying its plan."""

    def __init__(self, registry: Server, fixture_name: str) -> None:
        self.registry = registry
        self.text = (FIXTURES / fixture_name).read_text()

    def start(self, total: int, label: str) -> None:
        if label == "syncing":
            with self.registry.client() as http:
                http.post(VERSIONS, json={"schema": self.text}).raise_for_status()

    def advance(self) -> None:
        pass

    def retrying(self, reason: str) -> None:
        pass


def sync_with(project: Project, url: str, progress: RegisterBeforeApply) -> int:
    config = load_config(project.path)
    connection = Connection(url)
    with RegistryClient(connection, backoff=0.01) as client:
        outcome = run_sync(config, SyncRequest(connection), progress, client=client)
    return int(outcome.exit_code(check=False))


def test_the_same_version_registered_concurrently_is_not_duplicated(
        project: Project, registry: Server) -> None:
    shipping_project(project)

    code = sync_with(project, registry.url, RegisterBeforeApply(registry, "shipment_v1.avsc"))

    assert code == 0
    assert texts(registry, SUBJECT) == EXPECTED


def test_another_schema_registered_concurrently_is_drift_not_a_base(
        project: Project, registry: Server, proxy: FaultProxy) -> None:
    project.put("shipping/value.avsc", "shipment_v1.avsc")
    project.commit("shipping v1")
    run_cli(project.path, "sync", "--registry", registry.url)
    project.put("shipping/value.avsc", "shipment_v2.avsc")
    project.commit("shipping v2")
    # Someone else's compatible change lands between reading the registry and writing.
    competing = json.loads((FIXTURES / "shipment_v2.avsc").read_text())
    competing["fields"][1]["name"] = "courier"
    other_text = json.dumps(competing)

    class Competing(RegisterBeforeApply):
        def __init__(self) -> None:
            self.registry = registry
            self.text = other_text

    code = sync_with(project, proxy.url, Competing())

    assert code == 1
    stored = registered(registry, SUBJECT)
    assert [json.loads(v["schema"])["fields"][-1]["name"] for v in stored] == \
        ["shipment_id", "courier"]
    proxy.reset()
    again = run_cli(project.path, "sync", "--registry", proxy.url)
    assert again.returncode == 1 and "DRIFT" in again.stdout
    assert proxy.writes == []


# ---- slowness, redirects, 5xx without end ---------------------------------------------------

def test_a_server_slow_on_every_request_within_the_timeout_completes(
        project: Project, registry: Server, proxy: FaultProxy,
        monkeypatch: pytest.MonkeyPatch) -> None:
    shipping_project(project)
    monkeypatch.setenv("SCHEMALINT_HTTP_TIMEOUT", "5")
    proxy.add(Fault("slow", times=FOREVER, delay=0.25))

    result = run_cli(project.path, "sync", "--registry", proxy.url)

    assert result.returncode == 0, result.stderr
    assert texts(registry, SUBJECT) == EXPECTED
    assert all(seen in proxy.forwarded for seen in proxy.received)


def test_a_server_slower_than_the_timeout_ends_in_exit_3_after_bounded_attempts(
        project: Project, registry: Server, proxy: FaultProxy,
        monkeypatch: pytest.MonkeyPatch) -> None:
    shipping_project(project)
    monkeypatch.setenv("SCHEMALINT_HTTP_TIMEOUT", "0.2")
    monkeypatch.setenv("SCHEMALINT_HTTP_RETRIES", "2")
    proxy.add(Fault("slow", times=FOREVER, delay=0.6))

    result = run_cli(project.path, "sync", "--registry", proxy.url)

    assert_one_line_error(result, 3, "read timeout", "after 3 attempts")
    assert len(proxy.received) <= 3 * 8  # at most every attempt of each concurrent read
    assert_healthy_rerun_completes(project, proxy, registry)


@pytest.mark.parametrize("status", [500, 503])
def test_a_5xx_that_never_stops_ends_in_exit_3_after_bounded_retries(
        status: int, project: Project, registry: Server, proxy: FaultProxy,
        monkeypatch: pytest.MonkeyPatch) -> None:
    shipping_project(project)
    monkeypatch.setenv("SCHEMALINT_HTTP_RETRIES", "3")
    proxy.add(Fault("status", status=status, times=FOREVER))

    result = run_cli(project.path, "sync", "--registry", proxy.url)

    assert_one_line_error(result, 3, f"kept answering HTTP {status}", "after 4 attempts")
    assert proxy.forwarded == []
    assert len(proxy.received) == 4  # one read, retried three times, and no more
    assert_healthy_rerun_completes(project, proxy, registry)


def test_retry_after_is_honoured_but_bounded(proxy: FaultProxy) -> None:
    proxy.add(Fault("status", status=503, times=FOREVER, headers={"Retry-After": "86400"}))
    slept: list[float] = []

    with RegistryClient(Connection(proxy.url), retries=3, sleep=slept.append) as client, \
            pytest.raises(RegistryUnreachable) as raised:
        client.register(SUBJECT, SchemaRequest('"string"', "AVRO"))

    assert len(slept) == 3
    assert all(0 < pause <= 60 for pause in slept)
    assert "after 4 attempts" in str(raised.value)
    assert proxy.writes == []


class Bait:
    """Another host running a real registry: following a redirect there would work."""

    def __init__(self, tmp_path: Path) -> None:
        from registry_harness import start_server

        self.server = start_server(tmp_path / "bait.db")
        self.proxy = FaultProxy(self.server.url)

    @property
    def port(self) -> int:
        return int(self.proxy.url.rsplit(":", 1)[1])

    def stop(self) -> None:
        self.proxy.stop()
        self.server.stop()


@pytest.fixture(scope="module")
def bait(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bait]:
    running = Bait(tmp_path_factory.mktemp("bait"))
    yield running
    running.stop()


AUTH = {
    "basic": ('auth-env = "TEST_REGISTRY_AUTH"', "TEST_REGISTRY_AUTH", "svc:hunter2-basic"),
    "bearer": ('token-env = "TEST_REGISTRY_TOKEN"', "TEST_REGISTRY_TOKEN", "hunter2-bearer"),
}


@pytest.mark.parametrize(("status", "auth", "host"), [
    (301, "basic", "localhost"), (302, "bearer", "127.0.0.1"), (303, "basic", "127.0.0.1"),
    (308, "bearer", "localhost"),
])
def test_a_redirect_to_another_host_gets_nothing(
        status: int, auth: str, host: str, project: Project, registry: Server,
        proxy: FaultProxy, bait: Bait, monkeypatch: pytest.MonkeyPatch) -> None:
    shipping_project(project)
    key, variable, secret = AUTH[auth]
    project.configure(f"[registry]\n{key}\n")
    monkeypatch.setenv(variable, secret)
    bait.proxy.reset()
    proxy.add(Fault("redirect", status=status, times=FOREVER,
                    headers={"Location": f"http://{host}:{bait.port}{VERSIONS}"}))

    result = run_cli(project.path, "sync", "--registry", proxy.url)

    assert_one_line_error(result, 3, "redirected to another host")
    assert bait.proxy.received == []  # no request at all, so no credentials either
    assert proxy.received and all(seen.authorized for seen in proxy.received)
    assert secret not in result.stdout + result.stderr
    assert_healthy_rerun_completes(project, proxy, registry)


# ---- unusable input in the repository: nothing of it reaches the registry -------------------

def assert_names_the_file_with_exit_2(result: subprocess.CompletedProcess[str],
                                      place: str = VALUE) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "internal error" not in output, output
    assert [line for line in output.splitlines() if place in line], output


def _dangling(path: Path) -> None:
    path.unlink()
    path.symlink_to(path.parent / "missing.avsc")


def _unreadable(path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("permissions do not stop root from reading a file")
    path.chmod(0)


BAD_INPUT: dict[str, object] = {
    "empty": lambda p: p.write_bytes(b""),
    "binary": lambda p: p.write_bytes(bytes(range(256))),
    "Latin-1 text": lambda p: p.write_bytes(
        '{"type": "record",\n "name": "Caf\xe9", "fields": []}'.encode("latin-1")),
    "UTF-16": lambda p: p.write_bytes((FIXTURES / "shipment_v2.avsc").read_text()
                                      .encode("utf-16")),
    "truncated JSON": lambda p: p.write_text((FIXTURES / "shipment_v2.avsc").read_text()[:70]),
    "duplicate keys": lambda p: p.write_text(
        '{"type": "record",\n "name": "A",\n "name": "B", "fields": []}'),
    "NaN": lambda p: p.write_text('{"type": "record", "name": "A", "fields": [\n'
                                  '{"name": "x", "type": "double", "default": NaN}]}'),
    "not a schema": lambda p: p.write_text('{"type": "recrod", "name": "A", "fields": []}'),
    "a dangling symlink": _dangling,
    "unreadable": _unreadable,
}


def bad_input_cases() -> list[object]:
    return [pytest.param(case.values[0], id=name, marks=case.marks)
            if isinstance(case, type(pytest.param(None))) else pytest.param(case, id=name)
            for name, case in sorted(BAD_INPUT.items())]


@pytest.fixture
def listener() -> Iterator[FaultProxy]:
    """A registry address that records whatever reaches it (nothing behind it)."""
    running = FaultProxy(f"http://127.0.0.1:{free_port()}")
    yield running
    running.stop()


@pytest.mark.parametrize("spoil", bad_input_cases())
def test_sync_dry_run_refuses_unusable_input_before_the_registry(
        spoil: Callable[[Path], None], project: Project, listener: FaultProxy) -> None:
    shipping_project(project)
    spoil(project.path / VALUE)

    result = run_cli(project.path, "sync", "--registry", listener.url, "--dry-run")

    assert_names_the_file_with_exit_2(result)
    assert listener.received == []


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, FaultProxy]]:
    """A registry holding the shipping project's two versions, shared by read-only tests."""
    from registry_harness import start_server

    folder = tmp_path_factory.mktemp("synced")
    server = start_server(folder / "registry.db")
    project = Project(folder / "repo")
    project.configure()
    shipping_project(project)
    assert run_cli(project.path, "sync", "--registry", server.url).returncode == 0
    recorder = FaultProxy(server.url)
    yield server, recorder
    recorder.stop()
    server.stop()


@pytest.mark.parametrize("spoil", bad_input_cases())
def test_check_against_registry_reports_unusable_input_with_exit_2(
        spoil: Callable[[Path], None], project: Project,
        synced: tuple[Server, FaultProxy]) -> None:
    registry, proxy = synced
    proxy.reset()
    shipping_project(project)
    project.configure(f'[registry]\nurl = "{proxy.url}"\n')
    spoil(project.path / VALUE)

    result = run_cli(project.path, "check", "--all", "--against", "registry",
                     "--format", "concise")

    assert_names_the_file_with_exit_2(result)
    assert proxy.writes == []
    assert texts(registry, SUBJECT) == EXPECTED


@pytest.mark.parametrize("output", ["full", "json"])
def test_sync_with_unusable_input_registers_nothing_of_that_subject_and_exits_2(
        output: str, project: Project, registry: Server, proxy: FaultProxy) -> None:
    shipping_project(project)
    project.put("orders/key.schema.json", "order_key.schema.json")
    (project.path / VALUE).write_text('{"type": "record",\n "name": ')

    result = run_cli(project.path, "sync", "--registry", proxy.url, "--format", output)

    assert_names_the_file_with_exit_2(result, f"{VALUE}:2:")
    assert [w.path.split("?")[0] for w in proxy.writes] == ["/subjects/orders-key/versions"]
    assert registered(registry, SUBJECT) == []
    project.put("shipping/value.avsc", "shipment_v2.avsc")
    assert_healthy_rerun_completes(project, proxy, registry)


def test_errors_carry_no_traceback_text(project: Project, proxy: FaultProxy) -> None:
    """Every error the client raises is a schemalint error with a one-line message."""
    proxy.add(Fault("status", status=200, times=FOREVER, body=b"{"))
    with RegistryClient(Connection(proxy.url), retries=0) as client, \
            pytest.raises(SchemalintError) as raised:
        client.version(SUBJECT)
    assert "\n" not in str(raised.value)
