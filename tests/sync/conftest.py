"""A git project, the real registry server on loopback, and a fault proxy in front of it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "registry" / "server"))
sys.path.insert(0, str(Path(__file__).parent))

from fault_proxy import FaultProxy
from gitrepo import GitRepo
from registry_harness import Server, start_server

from schemalint.api import parse_schema
from schemalint.commands.sync import SyncOutcome, SyncRequest, run_sync
from schemalint.config import load_config
from schemalint.formats.avro.index import AvroNameIndex
from schemalint.registry.client import RegistryClient
from schemalint.registry.target import Connection

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[Server]:
    running = start_server(tmp_path / "registry.db")
    yield running
    running.stop()


@pytest.fixture
def proxy(registry: Server) -> Iterator[FaultProxy]:
    running = FaultProxy(registry.url)
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Command-line runs give up quickly; nothing else changes."""
    monkeypatch.setenv("SCHEMALINT_HTTP_BACKOFF", "0.01")
    monkeypatch.setenv("SCHEMALINT_HTTP_RETRIES", "4")


class Project(GitRepo):
    """A git repository with a schemalint config and the fixtures' schema files."""

    def configure(self, extra: str = "") -> None:
        self.write("schemalint.toml", 'roots = ["schemas"]\n' + extra)

    def put(self, path: str, fixture: str) -> None:
        self.write(f"schemas/{path}", (FIXTURES / fixture).read_text())

    def sync(self, url: str, **options: Any) -> SyncOutcome:
        config = load_config(self.path)
        connection = Connection(url, normalize=options.pop("normalize", False))
        client_options = {k: options.pop(k) for k in ("timeout", "retries")
                          if k in options}
        with RegistryClient(connection, backoff=0.01, **client_options) as client:
            return run_sync(config, SyncRequest(connection, **options), client=client)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    repo = Project(tmp_path / "repo")
    repo.configure()
    return repo


def registered(server: Server, subject: str) -> list[dict[str, Any]]:
    """Every live version of a subject, read straight from the server."""
    with server.client() as http:
        numbers = http.get(f"/subjects/{subject}/versions")
        if numbers.status_code == 404:
            return []
        return [http.get(f"/subjects/{subject}/versions/{n}").json() for n in numbers.json()]


def identity(text: str, schema_type: str = "AVRO") -> str:
    """The registry identity of a schema text; Avro named types resolve from the fixtures."""
    resolver = AvroNameIndex([("money.avsc", (FIXTURES / "money.avsc").read_text())]) \
        if schema_type == "AVRO" else None
    return parse_schema(text, schema_type.lower(), resolver=resolver).identity


def texts(server: Server, subject: str) -> list[str]:
    """The identities of a subject's live versions, oldest first."""
    return [identity(v["schema"], v.get("schemaType", "AVRO"))
            for v in registered(server, subject)]


def fixture(name: str) -> str:
    return identity((FIXTURES / name).read_text(),
                    "JSON" if name.endswith(".json") else "AVRO")


def server_writes(server: Server) -> list[str]:
    """The server's one log line per write."""
    return [line for line in server.log.read_text().splitlines()
            if " schemalint.registry.server " in line
            and any(f" {kind} " in line for kind in ("register", "config", "delete"))]
