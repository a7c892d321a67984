"""The note on a compatibility refusal that no declared consumer reads what it breaks: on
every level, on the forward direction alone (old readers reading the new version's events,
what declared consumers do), against the version each finding compared; never on the
backward direction (the new schema reading old events is the producer's own concern)."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

AVRO = "schemas/orders/value.avsc"
NOTE = "No declared consumer of 'orders-value'"


def order(*fields: tuple[str, Any, dict[str, Any]]) -> dict[str, Any]:
    # confluentinc/examples, commit 2a3ba2a5e7dbd8ba8d1d12ae2f48ef4af1fca2ca:
    # clients/avro/src/main/resources/avro/io/confluent/examples/clients/basicavro/
    # Payment.avsc: an id and an amount; the other fields are this test's.
    return {"type": "record", "name": "Order", "namespace": "io.confluent.examples",
            "doc": "An order was placed.",
            "fields": [{"name": name, "type": type_, "doc": f"The {name}.", **extra}
                       for name, type_, extra in fields]}


ID = ("id", "string", {})
AMOUNT = ("amount", "double", {})
LEGACY = ("legacy", "string", {})
CURRENCY = ("currency", "string", {})
COUPON = ("coupon", ["null", "string"], {"default": None})
REGION = ("region", "string", {})  # no default: the new schema cannot read old events
NOTE_FIELD = ("note", ["null", "string"], {"default": None})

# The latest version breaks: amount removed (old readers need it: forward), region added
# without a default (backward). A transitive level stops at the newest version that fails.
LATEST = (order(ID, AMOUNT), order(ID, AMOUNT, COUPON), order(ID, COUPON, REGION))
# Only the oldest version breaks: its readers need legacy (forward), its events lack the
# currency version 2 added without a default (backward).
OLDEST = (order(ID, AMOUNT, LEGACY), order(ID, AMOUNT, CURRENCY),
          order(ID, AMOUNT, CURRENCY, NOTE_FIELD))

B, F = "BACKWARD", "FORWARD"


class Case(NamedTuple):
    versions: tuple[dict[str, Any], ...]
    level: str
    reads: tuple[str, ...]
    # Each compatibility finding: (direction, version compared, field, noted).
    expected: set[tuple[str, int, str, bool]]


CASES = {
    "BACKWARD: never noted": Case(LATEST, "BACKWARD", ("id",), {(B, 2, "region", False)}),
    "BACKWARD_TRANSITIVE: never noted": Case(
        OLDEST, "BACKWARD_TRANSITIVE", ("id",), {(B, 1, "currency", False)}),
    "FORWARD: noted": Case(LATEST, "FORWARD", ("id",), {(F, 2, "amount", True)}),
    "FORWARD, read: not noted": Case(
        LATEST, "FORWARD", ("id", "amount"), {(F, 2, "amount", False)}),
    "FORWARD_TRANSITIVE, the latest: noted": Case(
        LATEST, "FORWARD_TRANSITIVE", ("id",), {(F, 2, "amount", True)}),
    "FORWARD_TRANSITIVE, an older version: noted": Case(
        OLDEST, "FORWARD_TRANSITIVE", ("id",), {(F, 1, "legacy", True)}),
    "FORWARD_TRANSITIVE, an older version's field read: not noted": Case(
        OLDEST, "FORWARD_TRANSITIVE", ("id", "legacy"), {(F, 1, "legacy", False)}),
    "FULL: the forward half noted": Case(
        LATEST, "FULL", ("id",), {(B, 2, "region", False), (F, 2, "amount", True)}),
    "FULL, read: neither": Case(
        LATEST, "FULL", ("id", "amount"), {(B, 2, "region", False), (F, 2, "amount", False)}),
    "FULL_TRANSITIVE, an older version: the forward half noted": Case(
        OLDEST, "FULL_TRANSITIVE", ("id",),
        {(B, 1, "currency", False), (F, 1, "legacy", True)}),
    "FULL_TRANSITIVE, an older version's field read: neither": Case(
        OLDEST, "FULL_TRANSITIVE", ("id", "legacy"),
        {(B, 1, "currency", False), (F, 1, "legacy", False)}),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_note_is_on_each_forward_refusal_no_consumer_reads(
        repo: GitRepo, case: Case) -> None:
    repo.write("schemalint.toml", "\n".join([
        "[[consumers]]", 'name = "crm"', 'subjects = ["orders-value"]',
        f"reads = {json.dumps(list(case.reads))}", "", "[[subjects]]",
        'subject = "orders-value"', f'compatibility = "{case.level}"', ""]))
    *history, new = case.versions
    for number, version in enumerate(history, start=1):
        repo.write(AVRO, version)
        repo.commit(f"v{number}")
    repo.write(AVRO, new)
    result = run_cli(repo.path, "check", "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    found = {(f["direction"].upper(), f["against"]["version"], f["message"].split("'")[1],
              NOTE in f["message"])
             for f in json.loads(result.stdout)["findings"] if f.get("direction")}
    assert found == case.expected
