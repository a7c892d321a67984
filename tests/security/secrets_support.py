"""Known secrets, a proxy that echoes what it was sent, and the command line in-process."""

from __future__ import annotations

import base64
import json
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

# The registry harness and the fault proxy live with the server and sync tests. Set up here
# rather than in a conftest: those folders' test modules import their own ``conftest``.
TESTS = Path(__file__).parents[1]
for folder in (TESTS, TESTS / "sync", TESTS / "registry" / "server"):
    if str(folder) not in sys.path:
        sys.path.append(str(folder))

from cli_runner import run_cli as run_cli  # noqa: E402
from fault_proxy import Fault, FaultProxy, Seen  # noqa: E402
from gitrepo import GitRepo  # noqa: E402
from registry_harness import Server, free_port, start_server  # noqa: E402

__all__ = ["Fault", "FaultProxy", "GitRepo", "Server", "free_port", "start_server"]

BASIC_KEY = "svc-sync"
BASIC_SECRET = "Basic-s3cret-7Qx9wL"
TOKEN = "Bearer-t0ken-Zk4pR2"
URL_SECRET = "Url-passw0rd-Hj8"

# Every form in which a secret could leak: as set, and as an Authorization header carries it.
FORBIDDEN = {
    "basic secret": BASIC_SECRET,
    "basic header": base64.b64encode(f"{BASIC_KEY}:{BASIC_SECRET}".encode()).decode(),
    "token": TOKEN,
    "url secret": URL_SECRET,
    "url header": base64.b64encode(f"{BASIC_KEY}:{URL_SECRET}".encode()).decode(),
}


def leaks(text: str) -> list[str]:
    """The names of the secrets ``text`` contains, in any of their forms."""
    found = [name for name, value in FORBIDDEN.items() if value in text]
    # A base64 form may be cut anywhere: any 12 characters of the part that encodes the
    # secret (after the 12 that encode "svc-sync:") are as telling.
    for name in ("basic header", "url header"):
        tail = FORBIDDEN[name][12:].rstrip("=")
        if name not in found and any(tail[i:i + 12] in text for i in range(len(tail) - 11)):
            found.append(name + " (part)")
    return found




@dataclass(frozen=True)
class Echo:
    """Answer requests matching ``method`` and ``path`` with ``status`` and a JSON body in
    which ``{auth}`` stands for the Authorization header received: a server that repeats
    what it was sent, as some do in error messages."""

    method: str
    path: str
    status: int
    body: str


@dataclass
class Echoing:
    rules: list[Echo] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def match(self, method: str, path: str) -> Echo | None:
        with self.lock:
            return next((rule for rule in self.rules if rule.method == method
                         and path.split("?")[0] == rule.path), None)


def make_echoing(proxy: FaultProxy) -> Echoing:
    echoing = Echoing()
    server = proxy._server
    server.handle_error = lambda *_: None  # type: ignore[method-assign]
    base: type[BaseHTTPRequestHandler] = server.RequestHandlerClass  # type: ignore[assignment]

    class Echoes(base):  # type: ignore[valid-type,misc]
        def _serve(self) -> None:
            rule = echoing.match(self.command, self.path)
            if rule is None:
                super()._serve()
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            auth = self.headers.get("Authorization", "")
            with proxy._lock:
                proxy.received.append(Seen(self.command, self.path, bool(auth)))
            body = rule.body.replace("{auth}", json.dumps(auth)[1:-1]).encode()
            self.send_response(rule.status)
            self.send_header("Content-Type", "application/vnd.schemaregistry.v1+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = _serve

    server.RequestHandlerClass = Echoes
    return echoing
