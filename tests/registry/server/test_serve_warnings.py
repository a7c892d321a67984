"""`registry serve` warns its operator when it serves beyond this machine without auth."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from registry_harness import free_port

WARNING = "without authentication"
AUTH = {"SCHEMALINT_REGISTRY_USER": "ci", "SCHEMALINT_REGISTRY_PASSWORD": "s3cret"}


def started_stderr(tmp_path: Path, host: str, env: dict[str, str]) -> str:
    """What ``registry serve`` writes on stderr until uvicorn says it is serving."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SCHEMALINT_REGISTRY_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "schemalint", "registry", "serve", "--host", host, "--port",
         str(free_port()), "--db", str(tmp_path / "registry.db")],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env={**clean, **env})
    lines: list[str] = []
    deadline = time.monotonic() + 30
    try:
        assert process.stderr is not None
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                break
            lines.append(line)
            if "Uvicorn running" in line:
                break
    finally:
        process.terminate()
        process.wait(timeout=10)
    return "".join(lines)


@pytest.mark.parametrize(("host", "env", "warned"), [
    ("0.0.0.0", {}, True),
    ("0.0.0.0", AUTH, False),
    ("127.0.0.1", {}, False),
    ("localhost", {}, False),
])
def test_serving_beyond_loopback_without_auth_warns(tmp_path: Path, host: str,
                                                     env: dict[str, str], warned: bool) -> None:
    stderr = started_stderr(tmp_path, host, env)
    assert "Uvicorn running" in stderr, stderr
    assert (WARNING in stderr) is warned, stderr
    if warned:
        assert "SCHEMALINT_REGISTRY_USER and SCHEMALINT_REGISTRY_PASSWORD" in stderr


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("[::1]", True),
    ("localhost", True), ("0.0.0.0", False), ("::", False), ("10.0.0.5", False),
    ("registry.internal", False),
])
def test_which_addresses_stay_on_this_machine(host: str, loopback: bool) -> None:
    from schemalint.cli.app import _loopback

    assert _loopback(host) is loopback
