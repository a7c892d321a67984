"""Durability across SIGKILL, several processes on one database, and the SQLite settings."""

from __future__ import annotations

import json
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from registry_harness import Server, start_server

from schemalint.registry.server.app import create_app
from schemalint.registry.server.store import Store


def numbered_schema(number: int) -> str:
    return json.dumps({"type": "record", "name": f"Event{number}", "namespace": "com.acme",
                       "fields": [{"name": "id", "type": "long"},
                                  {"name": f"field{number}", "type": "string"}]})


def test_every_acknowledged_registration_survives_sigkill(tmp_path: Path) -> None:
    db = tmp_path / "registry.db"
    running = start_server(db)
    acknowledged: dict[str, int] = {}
    lock = threading.Lock()
    enough = threading.Event()

    def stream(start: int) -> None:
        with httpx.Client(base_url=running.url, timeout=10) as http:
            for number in range(start, start + 10_000, 2):
                subject = f"stream-{number}"
                try:
                    response = http.post(f"/subjects/{subject}/versions",
                                         json={"schema": numbered_schema(number)})
                except httpx.TransportError:
                    return
                assert response.status_code == 200, response.text
                with lock:
                    acknowledged[subject] = response.json()["id"]
                    if len(acknowledged) >= 40:
                        enough.set()

    writers = [threading.Thread(target=stream, args=(start,)) for start in (0, 1)]
    for writer in writers:
        writer.start()
    assert enough.wait(timeout=30)
    running.process.kill()
    running.process.wait(timeout=10)
    for writer in writers:
        writer.join(timeout=30)

    restarted = start_server(db)
    try:
        with httpx.Client(base_url=restarted.url, timeout=10) as http:
            for subject, schema_id in acknowledged.items():
                entity = http.get(f"/subjects/{subject}/versions/1").json()
                assert (entity["id"], entity["version"]) == (schema_id, 1)
            # Ids allocated before the kill are never handed out again.
            fresh = http.post("/subjects/after-restart/versions",
                              json={"schema": numbered_schema(999_999)}).json()["id"]
            assert fresh > max(acknowledged.values())
    finally:
        restarted.stop()


def test_two_processes_on_one_database_agree_on_ids_and_versions(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    servers: list[Server] = [start_server(db), start_server(db)]
    count = 15
    try:
        with httpx.Client(base_url=servers[0].url) as http:
            http.put("/config/shared", json={"compatibility": "NONE"})

        def client(seed: int) -> list[tuple[int, int]]:
            order = list(range(count))
            random.Random(seed).shuffle(order)
            seen = []
            clients = [httpx.Client(base_url=server.url, timeout=30) for server in servers]
            try:
                for step, number in enumerate(order):
                    http = clients[(seed + step) % 2]
                    for subject in ("shared", f"own-{number}"):
                        response = http.post(f"/subjects/{subject}/versions",
                                             json={"schema": numbered_schema(number)})
                        assert response.status_code == 200, response.text
                        seen.append((number, response.json()["id"]))
            finally:
                for opened in clients:
                    opened.close()
            return seen

        with ThreadPoolExecutor(max_workers=6) as pool:
            results = [item for batch in pool.map(client, range(6)) for item in batch]

        ids: dict[int, set[int]] = {}
        for number, schema_id in results:
            ids.setdefault(number, set()).add(schema_id)
        assert all(len(found) == 1 for found in ids.values())
        assert len({next(iter(found)) for found in ids.values()}) == count
        with httpx.Client(base_url=servers[1].url) as http:
            assert http.get("/subjects/shared/versions").json() == list(range(1, count + 1))
            shared_ids = {http.get(f"/subjects/shared/versions/{version}").json()["id"]
                          for version in range(1, count + 1)}
            assert shared_ids == {next(iter(found)) for found in ids.values()}
            for number in range(count):
                assert http.get(f"/subjects/own-{number}/versions").json() == [1]
    finally:
        for server in servers:
            server.stop()


def test_uvicorn_workers_share_the_database(tmp_path: Path) -> None:
    running = start_server(tmp_path / "workers.db", workers=2)
    try:
        with ThreadPoolExecutor(max_workers=4) as pool, \
                httpx.Client(base_url=running.url, timeout=30) as http:
            answers = list(pool.map(
                lambda _: http.post("/subjects/w/versions",
                                    json={"schema": numbered_schema(7)}).json()["id"],
                range(12)))
            assert len(set(answers)) == 1
            assert http.get("/subjects/w/versions").json() == [1]
    finally:
        running.stop()
    logged = [line for line in running.log.read_text().splitlines()
              if "schemalint.registry.server register subject=w " in line]
    assert len(logged) == 1


def test_store_pragmas(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "pragmas.db"))
    try:
        assert store.pragma("journal_mode") == "wal"
        assert store.pragma("synchronous") == 2  # FULL
        assert store.pragma("busy_timeout") > 0
    finally:
        store.close()
    app = create_app(str(tmp_path / "app.db"))
    assert app.state.registries.any().store.pragma("synchronous") == 2
    assert app.state.registries.any().store.pragma("journal_mode") == "wal"


def test_id_sequence_never_goes_back(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "ids.db"))
    try:
        with store.write():
            first = store.allocate_id()
            store.reserve_id(first + 10)
            assert store.allocate_id() == first + 11
        with store.write():
            store.reserve_id(1)
            assert store.allocate_id() == first + 12
    finally:
        store.close()
