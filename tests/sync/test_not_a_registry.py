"""A URL that answers but is not a schema registry: every command that talks to a registry
stops with exit 3 and one line naming the URL (never its credentials)."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import Project

sys.path.insert(0, str(Path(__file__).parents[1]))

from cli_runner import run_cli


class _Quiet(SimpleHTTPRequestHandler):
    """A plain web server's files: any API path is its HTML 404 page."""

    def log_message(self, *_: object) -> None:
        pass


class _JsonApi(BaseHTTPRequestHandler):
    """Another JSON API: ``answer`` is (status, body) for every request."""

    answer: tuple[int, object] = (404, {"detail": "Not Found"})

    def _reply(self) -> None:
        status, body = self.answer
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = _reply

    def log_message(self, *_: object) -> None:
        pass


def _api(status: int, body: object) -> type[_JsonApi]:
    return type("Api", (_JsonApi,), {"answer": (status, body)})


SERVERS = {
    "a web server's HTML 404": lambda folder: partial(_Quiet, directory=str(folder)),
    "a JSON API's 404 (FastAPI's shape)": lambda _: _api(404, {"detail": "Not Found"}),
    "a JSON API that answers every path": lambda _: _api(200, {"items": [], "next": None}),
}


@pytest.fixture(params=list(SERVERS))
def web_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<html>welcome</html>")
    server = ThreadingHTTPServer(("127.0.0.1", 0), SERVERS[request.param](tmp_path / "site"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.mark.parametrize("command", [
    ["pull", "--registry", "{url}"],
    ["sync", "--registry", "{url}"],
    ["sync", "--check", "--registry", "{url}"],
    ["sync", "--dry-run", "--registry", "{url}"],
    ["check", "--all", "--against", "registry"],
])
def test_a_url_that_is_not_a_registry_exits_3_naming_it(
        project: Project, web_server: str, command: list[str]) -> None:
    url = f"http://ci:s3cret@{web_server}"
    project.configure(f'[registry]\nurl = "{url}"\n')
    project.put("shipping/value.avsc", "shipment_v1.avsc")
    project.commit("shipping v1")

    result = run_cli(project.path, *(word.format(url=url) for word in command))

    assert result.returncode == 3, result.stdout + result.stderr
    assert result.stderr.startswith(
        f"schemalint: error: http://{web_server} is not a schema registry: it answered ")
    assert result.stderr.count("\n") == 1
    assert "s3cret" not in result.stderr + result.stdout
    assert not list((project.path / "schemas").rglob("*.v1.avsc"))
