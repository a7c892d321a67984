"""CDC002: a replicated table row: Debezium unwrapped, Fivetran, Airbyte, Kafka Connect JDBC."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.cdc import envelope_kind
from schemalint.model import Severity
from schemalint.regexes import lazy_compile
from schemalint.view import Record

_REPLICATION_COLUMN = lazy_compile(
    r"^(__(op|deleted|table|db|lsn|ts_ms|source_\w+)|_fivetran_\w+|_airbyte_\w+|_sdc_\w+"
    r"|_peerdb_\w+|__hevo_\w+|_stitch_\w+)$")
_TABLE_NAME = lazy_compile(r"^[a-z][a-z0-9_]*$")


def replication_columns(record: Record) -> list[str]:
    # Every replication column starts with "_": other names skip the expression.
    return [name for name in record.fields
            if name.startswith("_") and _REPLICATION_COLUMN.match(name)]


def connect_row(record: Record) -> bool:
    """A Kafka Connect row: Connect's markers on a struct named like a table."""
    raw = record.declaration
    if record.name == "io.confluent.connect.avro.ConnectDefault":
        # The name Confluent's AvroConverter gives an unnamed Connect struct: a query's row.
        return True
    name = record.short_name or ""
    # The name first: a record not named like a table needs no look at each of its fields.
    if not (_TABLE_NAME.match(name) and "." not in str(raw.get("connect.name", name))):
        return False
    return isinstance(raw.get("connect.name"), str) or any(
        _connect_marked(f.declaration) for f in record.fields.values())


def _connect_marked(declaration: object) -> bool:
    if not isinstance(declaration, dict):
        return False
    if "connect.index" in declaration or "connect.type" in declaration:
        return True
    types = declaration.get("type")
    branches = types if isinstance(types, list) else [types]
    return any(isinstance(branch, dict) and str(branch.get("connect.name", "")).startswith(
        "org.apache.kafka.connect.data.") for branch in branches)


def check_replicated_row(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.topic_settings.kind == "cdc":
        return
    for record in ctx.schema.view.roots:
        if envelope_kind(record) is not None:
            continue
        columns = replication_columns(record)
        if columns:
            where = record.fields[columns[0]].pointer
            what = ", ".join(columns[:4])
        elif connect_row(record):
            where, what = record.pointer, f"a Kafka Connect row of table '{record.short_name}'"
        else:
            continue
        yield Hit(where, (
            f"This schema is a replicated table row ({what}): consumers read a table's "
            "current columns and the replication tool's bookkeeping, not a business fact, "
            "and every schema change of the table reaches them. Publish domain events "
            "instead; if this topic is meant to carry rows, declare it with kind = \"cdc\" "
            "in [[topics]]."
        ), f"{record.name_path}:row")


CDC002 = Rule(
    code="CDC002", name="replicated-row", default=Severity.ERROR,
    summary="A replicated table row: Debezium unwrapped, Fivetran, Airbyte, Kafka Connect JDBC.",
    check_schema=check_replicated_row,
    doc=RuleDoc(
        what=("Flat rows carrying replication metadata: Debezium's unwrapped rows (`__op`, "
              "`__deleted`, `__source_*`), Fivetran (`_fivetran_*`), Airbyte (`_airbyte_*`), "
              "Stitch and others, and Kafka Connect JDBC rows (Connect's markers on a struct "
              "named like a table; Avro and JSON Schema only). Protobuf: the file's first "
              "message. Off on topics declared `kind = \"cdc\"`."),
        why=("A row is a table's current state, not a fact: consumers cannot tell why it "
             "changed, and every column change in the database is a schema change for them."),
        bad='{"type": "record", "name": "Value", "fields": [..., {"name": "__deleted", ...}]}',
        good='{"type": "record", "name": "CustomerAddressChanged", "fields": [...]}',
        fix=("Publish domain events instead of rows, or declare the topic `kind = \"cdc\"` "
             "when it is meant for replication only."),
    ),
)
