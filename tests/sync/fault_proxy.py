"""A small HTTP proxy in front of the real registry that injects faults, for tests.

Each fault applies to the next request matching its method and path fragment; every request
that reaches the registry is recorded, so tests count writes on the way in.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

Transform = Callable[[str, str, int, Any], tuple[int, Any]]


@dataclass
class Fault:
    kind: str  # status | drop-before | drop-after | timeout | slow | redirect
    method: str | None = None  # None: any
    path: str = ""  # a fragment of the path; "": any
    times: int = 1
    status: int = 500
    body: bytes = b'{"error_code": 50001, "message": "backend store error"}'
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    authorized: bool

    @property
    def is_write(self) -> bool:
        bare = self.path.split("?")[0]
        if self.method == "POST":
            return bare.endswith("/versions") and not bare.startswith("/compatibility")
        return self.method in ("PUT", "DELETE")


class FaultProxy:
    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.faults: list[Fault] = []
        self.forwarded: list[Seen] = []  # requests that reached the registry
        self.received: list[Seen] = []  # every request the proxy saw
        self.transform: Transform | None = None
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        # A short poll interval: stop() waits for it, and every test stops a proxy.
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()

    def add(self, *faults: Fault) -> None:
        with self._lock:
            self.faults.extend(faults)

    @property
    def writes(self) -> list[Seen]:
        return [seen for seen in self.forwarded if seen.is_write]

    def reset(self) -> None:
        with self._lock:
            self.faults.clear()
            self.forwarded.clear()
            self.received.clear()
            self.transform = None

    def take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if (fault.method in (None, method)) and fault.path in path and fault.times:
                    fault.times -= 1
                    return fault
        return None

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler(proxy: FaultProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_: object) -> None:
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            seen = Seen(self.command, self.path, "Authorization" in self.headers)
            with proxy._lock:
                proxy.received.append(seen)
            fault = proxy.take(self.command, self.path)
            if fault is not None and fault.kind == "drop-before":
                self.close_connection = True
                return
            if fault is not None and fault.kind in ("status", "redirect"):
                self._answer(fault.status, fault.body, fault.content_type, fault.headers)
                return
            if fault is not None and fault.kind == "slow":
                time.sleep(fault.delay)
            status, headers, answer = self._forward(body)
            with proxy._lock:
                proxy.forwarded.append(seen)
            if fault is not None and fault.kind == "drop-after":
                self.close_connection = True
                return
            if fault is not None and fault.kind == "timeout":
                time.sleep(fault.delay)
                self.close_connection = True
                return
            if proxy.transform is not None and answer:
                status, value = proxy.transform(self.command, self.path, status,
                                                json.loads(answer))
                answer = json.dumps(value).encode()
            self._answer(status, answer, headers.get("Content-Type", "application/json"), {})

        def _forward(self, body: bytes) -> tuple[int, dict[str, str], bytes]:
            connection = http.client.HTTPConnection(*proxy.upstream, timeout=30)
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() not in ("host", "connection")}
            connection.request(self.command, self.path, body=body or None, headers=headers)
            response = connection.getresponse()
            data = response.read()
            result = response.status, dict(response.getheaders()), data
            connection.close()
            return result

        def _answer(self, status: int, body: bytes, content_type: str,
                    headers: dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = _serve

    return Handler
