"""Sync through a proxy that injects faults: each run completes with exactly the expected
versions, or stops with a clear error, duplicates nothing, and a re-run completes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Project, fixture, texts
from fault_proxy import Fault, FaultProxy
from registry_harness import Server, free_port, start_server
from test_sync_registry import two_commit_project

HTML = "text/html"
EXPECTED = {
    "orders-value": ["order_v1.avsc", "order_v2.avsc"],
    "com.acme.Money": ["money.avsc"],
    "orders-key": ["order_key.schema.json"],
    "shipping-value": ["shipment_v1.avsc"],
}


def assert_complete(registry: Server) -> None:
    for subject, names in EXPECTED.items():
        assert texts(registry, subject) == [fixture(name) for name in names], subject


def cli(project: Project, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "schemalint", *args], cwd=project.path,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, **env})


REGISTER = "/subjects/orders-value/versions"


@pytest.mark.parametrize("faults", [
    pytest.param([Fault("status", times=3)], id="500s for a while"),
    pytest.param([Fault("status", status=429, times=2, headers={"Retry-After": "0"},
                        body=b'{"error_code": 429, "message": "Too Many Requests"}')],
                 id="429s honouring Retry-After"),
    pytest.param([Fault("drop-before", "POST", "/versions", times=2)],
                 id="connection dropped before the registry saw the request"),
    pytest.param([Fault("drop-after", "POST", REGISTER)],
                 id="answer lost after the registry stored the version"),
    pytest.param([Fault("timeout", "POST", REGISTER, delay=1.5)],
                 id="timeout on a registration the registry stored"),
    pytest.param([Fault("slow", times=1000, delay=0.01)], id="slow server"),
    pytest.param([Fault("status", status=502, body=b"<html><h1>Bad Gateway</h1></html>",
                        content_type=HTML, times=3)], id="HTML error pages from a gateway"),
])
def test_sync_completes_through_transient_faults(faults: list[Fault], project: Project,
                                                 registry: Server, proxy: FaultProxy) -> None:
    two_commit_project(project)
    proxy.add(*faults)

    outcome = project.sync(proxy.url, timeout=0.5)

    assert outcome.exit_code(check=False) == 0
    assert_complete(registry)
    proxy.reset()
    project.sync(proxy.url)
    assert proxy.writes == []


def test_a_registry_that_keeps_failing_stops_with_exit_3_and_a_rerun_completes(
        project: Project, registry: Server, proxy: FaultProxy) -> None:
    two_commit_project(project)
    proxy.add(Fault("status", "POST", REGISTER, status=503, times=10_000,
                    body=b"<html>Service Unavailable</html>", content_type=HTML))

    failed = cli(project, "sync", "--registry", proxy.url)

    assert failed.returncode == 3
    assert "kept answering HTTP 503" in failed.stderr
    assert "Traceback" not in failed.stderr
    proxy.reset()
    again = cli(project, "sync", "--registry", proxy.url)
    assert again.returncode == 0, again.stdout + again.stderr
    assert_complete(registry)


class SaidProgress:
    """What a progress bar is told: the steps, and why it waits."""

    def __init__(self) -> None:
        self.retries: list[str] = []

    def start(self, total: int, label: str) -> None:
        pass

    def advance(self) -> None:
        pass

    def retrying(self, reason: str) -> None:
        self.retries.append(reason)


@pytest.mark.parametrize(("fault", "reason"), [
    (Fault("status", status=503, times=2), "HTTP 503; retrying in"),
    (Fault("drop-before", times=2), "retrying in"),
])
def test_sync_progress_says_when_and_why_it_retries(
        project: Project, registry: Server, proxy: FaultProxy, fault: Fault,
        reason: str) -> None:
    from schemalint.commands.sync import SyncRequest, run_sync
    from schemalint.config import load_config
    from schemalint.registry.client import Connection

    two_commit_project(project)
    proxy.add(fault)
    said = SaidProgress()

    connection = Connection(proxy.url)
    outcome = run_sync(load_config(project.path), SyncRequest(connection), said)

    assert outcome.exit_code(check=False) == 0
    assert len(said.retries) == 2, said.retries
    assert all(reason in text and proxy.url.split("//")[1] in text for text in said.retries)
    assert all(re.search(r"\(attempt [2-9] of [0-9]+\)$", text) for text in said.retries)


def test_an_unreachable_registry_exits_3(project: Project) -> None:
    two_commit_project(project)

    result = cli(project, "sync", "--registry", f"http://127.0.0.1:{free_port()}")

    assert result.returncode == 3
    assert "cannot reach the registry" in result.stderr


class Bait:
    """Another host: it must never see a request, least of all credentials."""

    def __init__(self) -> None:
        self.proxy = FaultProxy("http://127.0.0.1:9")

    @property
    def port(self) -> int:
        return int(self.proxy.url.rsplit(":", 1)[1])


@pytest.fixture
def bait() -> Iterator[Bait]:
    running = Bait()
    yield running
    running.proxy.stop()


def test_a_redirect_to_another_host_is_not_followed(project: Project, proxy: FaultProxy,
                                                    bait: Bait) -> None:
    two_commit_project(project)
    project.configure('[registry]\nauth-env = "TEST_REGISTRY_AUTH"\n')
    proxy.add(Fault("redirect", status=307, times=10_000,
                    headers={"Location": f"http://localhost:{bait.port}/subjects"}))

    result = cli(project, "sync", "--registry", proxy.url,
                 TEST_REGISTRY_AUTH="svc:s3cret-value")

    assert result.returncode == 3
    assert "redirected to another host" in result.stderr
    assert bait.proxy.received == []
    assert all(seen.authorized for seen in proxy.received)
    assert "s3cret" not in result.stdout + result.stderr


def test_a_401_is_reported_without_the_credentials(project: Project, tmp_path: Path) -> None:
    guarded = start_server(tmp_path / "guarded.db", env={
        "SCHEMALINT_REGISTRY_USER": "svc", "SCHEMALINT_REGISTRY_PASSWORD": "right"})
    try:
        two_commit_project(project)
        project.configure('[registry]\nauth-env = "TEST_REGISTRY_AUTH"\n')

        result = cli(project, "sync", "--registry", guarded.url,
                     TEST_REGISTRY_AUTH="svc:wr0ng-s3cret")

        assert result.returncode == 2
        assert "HTTP 401" in result.stderr
        output = result.stdout + result.stderr
        assert "wr0ng-s3cret" not in output and "c3ZjOndyMG5nLXMzY3JldA" not in output
        ok = cli(project, "sync", "--registry", guarded.url, TEST_REGISTRY_AUTH="svc:right")
        assert ok.returncode == 0, ok.stderr
    finally:
        guarded.stop()


def test_check_and_dry_run_exit_codes_on_the_command_line(project: Project,
                                                          registry: Server) -> None:
    two_commit_project(project)

    assert cli(project, "sync", "--registry", registry.url, "--check").returncode == 1
    dry = cli(project, "sync", "--registry", registry.url, "--dry-run")
    assert dry.returncode == 0 and "created as version 2" in dry.stdout
    assert texts(registry, "orders-value") == []
    assert cli(project, "sync", "--registry", registry.url).returncode == 0
    again = cli(project, "sync", "--registry", registry.url, "--check", "--format", "json")
    assert again.returncode == 0
    assert '"writes": 0' in again.stdout
    assert cli(project, "sync").returncode == 2  # no silent default target
