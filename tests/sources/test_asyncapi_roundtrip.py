"""The AsyncAPI document ``schemalint asyncapi`` writes, read back as a source in a fresh
repository, gives the same subjects with the same schemas, by identity.

The mapping the exporter (``schemalint.catalog.asyncapi``) and the reader
(``schemalint.sources.asyncapi``) share: a channel per topic, ``address`` the topic; a message
per value subject, its payload a Multi Format Schema Object; the key subject the message's
Kafka binding ``key``. Under ``strategy = "topic"`` the reader names them ``<address>-value``
and ``<address>-key``, the subjects they were exported from.

What does not come back, by design of the export: a named type that other files reference
(``schemas/common/Address.avsc``, subject ``com.acme.common.Address``) is no message of any
channel, and a schema that references it is exported standalone, the type written in place
(AsyncAPI's Avro parser resolves no names across schemas), so it reads back as a schema of
another identity: the registry holds it with a reference, the document without.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from cli_runner import run_cli
from gitrepo import GitRepo

from schemalint.config import load_config
from schemalint.pipeline.check import CheckRequest, run_check

EXAMPLE = Path(__file__).parents[2] / "schemas"

CUSTOMER = {
    "$schema": "http://json-schema.org/draft-07/schema#", "title": "CustomerRegistered",
    "type": "object", "additionalProperties": False,
    "properties": {"id": {"type": "string"}, "address": {"$ref": "#/definitions/address"}},
    "definitions": {"address": {"type": "object", "properties": {"city": {"type": "string"}}}},
}
ORDER = {"type": "record", "name": "OrderPlaced", "namespace": "com.shop",
         "fields": [{"name": "id", "type": "string"},
                    {"name": "total", "type": {"type": "bytes", "logicalType": "decimal",
                                               "precision": 9, "scale": 2}}]}
PAYMENT = """\
syntax = "proto3";
package shop.payments;

// A payment was captured.
message PaymentCaptured {
  string id = 1;
  int64 amount_cents = 2;
  repeated string tags = 3;
}
"""


def identities(repo: Path) -> dict[str, str | None]:
    outcome = run_check(load_config(repo), CheckRequest(all=True, lint=False))
    errors = [finding for finding in outcome.findings if finding.severity.value == "error"]
    assert not errors, errors
    return {name: state.current.identity if state.current is not None else None
            for name, state in outcome.subjects.items()}


def read_back(tmp_path: Path, source: GitRepo) -> dict[str, str | None]:
    exported = run_cli(source.path, "asyncapi", "--out", str(tmp_path / "asyncapi.yaml"))
    assert exported.returncode == 0, exported.stdout + exported.stderr
    fresh = GitRepo(tmp_path / "fresh")
    fresh.write("schemalint.toml", 'roots = ["contracts"]\nstrategy = "topic"\n')
    fresh.write("contracts/asyncapi.yaml", (tmp_path / "asyncapi.yaml").read_text())
    fresh.commit("the exported document")
    return identities(fresh.path)


def test_the_example_project_reads_back_as_the_subjects_it_was_exported_from(
        tmp_path: Path) -> None:
    source = GitRepo(tmp_path / "source")
    shutil.copytree(EXAMPLE, source.path / "schemas")
    source.write("schemalint.toml", 'roots = ["schemas"]\n')
    source.commit("the example schemas")

    original, back = identities(source.path), read_back(tmp_path, source)

    standalone = {"shipping-value"}  # its destination is an Address, written in place
    assert set(back) == set(original) - {"com.acme.common.Address"}
    assert {name for name in back if back[name] != original[name]} == standalone
    assert len(back) == 8


def test_all_three_formats_read_back_with_their_identities(tmp_path: Path) -> None:
    source = GitRepo(tmp_path / "source")
    files: dict[str, Any] = {
        "schemas/orders/value.avsc": ORDER, "schemas/orders/key.avsc": '"string"',
        "schemas/customers/value.schema.json": CUSTOMER,
        "schemas/customers/key.schema.json": {"type": "string"},
        "schemas/payments/value.proto": PAYMENT,
    }
    for path, content in files.items():
        source.write(path, content if isinstance(content, str) else json.dumps(content))
    source.write("schemalint.toml", 'roots = ["schemas"]\n')
    source.commit("three formats")

    original, back = identities(source.path), read_back(tmp_path, source)

    assert sorted(original) == ["customers-key", "customers-value", "orders-key",
                                "orders-value", "payments-value"]
    assert back == original
