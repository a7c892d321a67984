"""What a person reads at 80 and 120 columns: `check`, `diff`, `rules`, `explain` and
`sync --dry-run`, kept as snapshots (UPDATE_GOLDEN=1 rewrites them after a reviewed change).

One repository of three subjects, one per format, each with a breaking change; fixed commit
dates make the commits, and so the versions findings name, the same on every run.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import run_cli
from gitrepo import GitRepo
from golden import assert_golden

sys.path.insert(0, str(Path(__file__).parents[1] / "registry" / "server"))

from registry_harness import Server, start_server

SNAPSHOTS = Path(__file__).parent / "snapshots"
WIDTHS = [80, 120]

AVRO_V1 = {"type": "record", "name": "OrderPlaced", "namespace": "com.acme.orders",
           "doc": "An order was placed.", "fields": [
               {"name": "order_id", "type": "string", "doc": "The order's identifier."},
               {"name": "amount", "type": "long", "doc": "The total, in cents."}]}
AVRO_V2 = {**AVRO_V1, "fields": [AVRO_V1["fields"][0],
                                 {"name": "amount", "type": "int", "doc": "The total, in cents."},
                                 {"name": "coupon_code", "type": "string",
                                  "doc": "The coupon the customer used."}]}
JSON_V1 = {"$schema": "http://json-schema.org/draft-07/schema#", "title": "PaymentReceived",
           "description": "A payment was received.", "type": "object",
           "properties": {"method": {"type": "string", "enum": ["CARD", "BANK_TRANSFER"],
                                     "description": "How the customer paid."}},
           "additionalProperties": False}
JSON_V2 = {**JSON_V1, "properties": {"method": {"type": "string", "enum": ["CARD"],
                                                "description": "How the customer paid."}}}
PROTO_V1 = ('syntax = "proto3";\npackage acme.shipping;\n\n// A shipment left the warehouse.\n'
            "message ShipmentDispatched {\n  // The shipment.\n  string shipment_id = 1;\n"
            "  // The carrier's tracking number.\n  string tracking = 2;\n}\n")
PROTO_V2 = PROTO_V1.replace("  // The carrier's tracking number.\n  string tracking = 2;\n",
                            "  // The carrier's tracking number.\n  int64 tracking = 2;\n")


@pytest.fixture
def changed(repo: GitRepo) -> GitRepo:
    repo.write("schemalint.toml", 'roots = ["schemas"]\n')
    repo.write("schemas/orders/value.avsc", AVRO_V1)
    repo.write("schemas/payments/value.schema.json", JSON_V1)
    repo.write("schemas/shipping/value.proto", PROTO_V1)
    repo.commit("v1")
    repo.write("schemas/orders/value.avsc", AVRO_V2)
    repo.write("schemas/payments/value.schema.json", JSON_V2)
    repo.write("schemas/shipping/value.proto", PROTO_V2)
    return repo


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[Server]:
    running = start_server(tmp_path / "registry.db")
    yield running
    running.stop()


def snapshot(name: str, width: int, cwd: Path, *args: str,
             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = run_cli(cwd, *args)
    assert "Traceback" not in result.stderr, result.stderr
    text = f"$ schemalint {' '.join(args)}\n[exit {result.returncode}]\n{result.stdout}"
    # The [[allow-breaking]] entry offered expires 30 days from the day the test runs.
    expires = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    text = text.replace(f'expires = "{expires}"', 'expires = "<in 30 days>"')
    # Text to paste (an [[allow-breaking]] entry's schema line) is never folded.
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("schema = ")]
    assert all(len(line) <= width for line in lines), max(lines, key=len)
    assert_golden(SNAPSHOTS / f"{name}-{width}.txt", text)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "args"), [
    ("check", ["check", "--format", "full"]),
    ("diff", ["diff", "--format", "full"]),
    ("rules", ["rules"]),
    ("explain-rule", ["explain", "EVT001"]),
    ("explain-code", ["explain", "TYPE_MISMATCH"]),
])
def test_what_a_person_reads(changed: GitRepo, name: str, args: list[str], width: int,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    snapshot(name, width, changed.path, *args, monkeypatch=monkeypatch)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_sync_plan_a_person_reads(changed: GitRepo, registry: Server, width: int,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    changed.commit("v2")
    with registry.client() as http:  # the registry holds the first version of orders only
        http.post("/subjects/orders-value/versions",
                  json={"schema": json.dumps(AVRO_V1)}).raise_for_status()
    monkeypatch.setenv("COLUMNS", str(width))
    result = run_cli(changed.path, "sync", "--dry-run", "--registry", registry.url)
    text = result.stdout.replace(registry.url, "http://registry")
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines), max(lines, key=len)
    assert_golden(SNAPSHOTS / f"sync-dry-run-{width}.txt", f"[exit {result.returncode}]\n{text}")
