"""A small project with history in every format, and its catalogue, built once a session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

CONFIG = """\
roots = ["schemas"]
compatibility = "BACKWARD"

[[topics]]
match = "orders"
kind = "event"
flavor = "state-transfer"
owner = "team-orders"
producers = ["order-service"]

[[topics]]
match = "customers"
kind = "cdc"
producers = ["crm-db"]

[[topics]]
match = "payments"
kind = "command"
key-fields = ["payment_id"]
producers = ["checkout"]

[[consumers]]
name = "billing"
owner = "team-billing"
subjects = ["orders-value"]
reads = ["order_id", "amount"]
"""

# A doc that would run in the page if it were not escaped.
HOSTILE_DOC = ('The order id. <script>window.__catalogPwned = 1;</script>'
               '<img src="x" onerror="window.__catalogPwned = 2">')


def order(*fields: dict[str, object]) -> dict[str, object]:
    return {"type": "record", "name": "OrderPlaced", "namespace": "com.acme.orders",
            "doc": "An order was placed.",
            "fields": [{"name": "order_id", "type": "string", "doc": HOSTILE_DOC}, *fields]}


CUSTOMER_V1 = {"$schema": "http://json-schema.org/draft-07/schema#", "title": "Customer",
               "type": "object", "additionalProperties": False,
               "properties": {"customer_id": {"type": "string", "description": "Who."}}}
CUSTOMER_V2 = {**CUSTOMER_V1, "properties": {
    **CUSTOMER_V1["properties"],  # type: ignore[dict-item]
    "loyalty_tier": {"type": "string", "description": "Bronze, silver or gold."}}}

PAYMENT_V1 = """\
syntax = "proto3";
package acme.payments;

// A payment was requested.
message RequestPayment {
  // The payment's identifier.
  string payment_id = 1;
}
"""
PAYMENT_V2 = PAYMENT_V1.replace("  string payment_id = 1;\n", """\
  string payment_id = 1;
  // What is paid, in cents.
  int64 amount_cents = 2;
""")

REFUND_V1 = {"type": "record", "name": "RefundIssued", "namespace": "com.acme.refunds",
             "fields": [{"name": "refund_id", "type": "string"}]}
REFUND_V2 = {**REFUND_V1, "fields": [*REFUND_V1["fields"],  # type: ignore[list-item]
                                     {"name": "reason", "type": "string", "default": ""}]}


@pytest.fixture(scope="session")
def catalog_project(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """Four topics in three formats, each value with versions in git (a breaking one among
    the orders') or in versioned files; one consumer contract."""
    repo = GitRepo(tmp_path_factory.mktemp("catalog") / "repo")
    repo.write("schemalint.toml", CONFIG)
    repo.write("schemas/orders/key.avsc", json.dumps("string"))
    repo.write("schemas/orders/value.avsc", order())
    repo.write("schemas/customers/value.schema.json", CUSTOMER_V1)
    repo.write("schemas/payments/value.proto", PAYMENT_V1)
    repo.write("schemas/refunds/value.v1.avsc", REFUND_V1)
    repo.commit("Orders, customers and payments, first versions")
    repo.write("schemas/orders/value.avsc", order(
        {"name": "amount", "type": "long", "default": 0, "doc": "Total in cents."}))
    repo.write("schemas/customers/value.schema.json", CUSTOMER_V2)
    repo.write("schemas/payments/value.proto", PAYMENT_V2)
    repo.write("schemas/refunds/value.v2.avsc", REFUND_V2)
    repo.commit("Orders carry their amount")
    repo.write("schemas/orders/value.avsc", order(
        {"name": "amount", "type": "string", "default": "0", "doc": "Total, as text."}))
    repo.commit("Amount as text, for the ledger")
    return repo


@pytest.fixture(scope="session")
def catalog_site(catalog_project: GitRepo) -> Path:
    out = catalog_project.path.parent / "site"
    result = run_cli(catalog_project.path, "catalog", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out
