"""Fixtures that run the real registry server as a subprocess on a free loopback port."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from registry_harness import V1_JSON, Server, start_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server per test module; tests keep apart by using their own subjects."""
    running = start_server(tmp_path_factory.mktemp("registry") / "registry.db")
    yield running
    running.stop()


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[Server]:
    """A server of the test's own, for tests that change global config or mode."""
    running = start_server(tmp_path / "registry.db")
    yield running
    running.stop()


@pytest.fixture
def http(server: Server) -> Iterator[httpx.Client]:
    with server.client(headers={"Content-Type": V1_JSON}) as client:
        yield client


@pytest.fixture
def subject() -> str:
    return f"subject-{uuid.uuid4().hex[:12]}"
