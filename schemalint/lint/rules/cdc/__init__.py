"""CDC001, CDC002: database change records and replicated rows published as if they were events."""

from __future__ import annotations

import re
from collections.abc import Iterator

from schemalint.model import Severity
from schemalint.rules.base import Hit, Rule, RuleDoc, SchemaContext
from schemalint.rules.shape import Shape, normalise

_OUTBOX_COLUMNS = ("aggregatetype", "aggregateid")


def envelope_kind(shape: Shape) -> str | None:
    """Which change-record envelope the shape is, or None."""
    fields = shape.fields
    if shape.has("schema", "payload") and len(fields) <= 3 and "record" in fields["schema"].kinds:
        # The converter's "schema" is a Connect schema object; a string there is a version.
        inner = shape.nested("schema")
        if inner is None or not inner.fields or inner.any_of("type", "fields", "optional"):
            return "the Kafka Connect JSON converter's schema/payload wrapper"
    before_after = shape.any_of("before", "after")
    if before_after and _outbox_row(shape):
        return "a change record of an outbox table"
    if before_after and shape.has("op") and shape.any_of("source", "ts_ms", "ts_us", "ts_ns"):
        return "a Debezium change-event envelope"
    if before_after and _debezium_source(shape):
        return "a Debezium change-event envelope"
    if before_after and (shape.short_name or "").endswith("Envelope") and shape.any_of(
            "op", "source", "ts_ms"):
        return "a Debezium change-event envelope"
    if "op_type" in fields and (before_after or shape.any_of("op_ts", "table")):
        return "an Oracle GoldenGate change record"
    if shape.has("data", "table", "database") and shape.any_of("type", "old", "isDdl", "es"):
        return "a Maxwell or Canal change record"
    metadata = shape.nested("metadata")
    if metadata is not None and (before_after or "data" in fields) and _operation_on_table(
            metadata):
        return "an AWS DMS change record" if "data" in fields else "a change record"
    if shape.has("ddl", "tableChanges") or shape.has("databaseName", "ddl"):
        return "a Debezium schema-change record"
    if shape.has("status", "event_count", "data_collections"):
        return "a Debezium transaction-metadata record"
    return None


_OPERATION_KEYS = frozenset({"operation", "operationname", "operationtype", "optype"})
_TABLE_KEYS = frozenset({"tablename", "table"})


def _operation_on_table(metadata: Shape) -> bool:
    names = {normalise(name) for name in metadata.fields}
    return bool(names & _OPERATION_KEYS) and bool(names & _TABLE_KEYS)


def _debezium_source(shape: Shape) -> bool:
    source = shape.nested("source")
    return source is not None and (source.name or "").startswith("io.debezium.")


def _outbox_row(shape: Shape) -> bool:
    for side in ("before", "after"):
        inner = shape.nested(side)
        if inner is not None and inner.has(*_OUTBOX_COLUMNS):
            return True
    return False


_REPLICATION_COLUMN = re.compile(
    r"^(__(op|deleted|table|db|lsn|ts_ms|source_\w+)|_fivetran_\w+|_airbyte_\w+|_sdc_\w+"
    r"|_peerdb_\w+|__hevo_\w+|_stitch_\w+)$")
_TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def replication_columns(shape: Shape) -> list[str]:
    # Every replication column starts with "_": other names skip the expression.
    return [name for name in shape.fields
            if name.startswith("_") and _REPLICATION_COLUMN.match(name)]


def connect_row(shape: Shape) -> bool:
    """A Kafka Connect row: Connect's markers on a struct named like a table."""
    raw = shape.raw
    if shape.name == "io.confluent.connect.avro.ConnectDefault":
        # The name Confluent's AvroConverter gives an unnamed Connect struct: a query's row.
        return True
    name = shape.short_name or ""
    # The name first: a record not named like a table needs no look at each of its fields.
    if not (_TABLE_NAME.match(name) and "." not in str(raw.get("connect.name", name))):
        return False
    return isinstance(raw.get("connect.name"), str) or any(
        _connect_marked(f.raw) for f in shape.fields.values())


def _connect_marked(declaration: object) -> bool:
    if not isinstance(declaration, dict):
        return False
    if "connect.index" in declaration or "connect.type" in declaration:
        return True
    types = declaration.get("type")
    branches = types if isinstance(types, list) else [types]
    return any(isinstance(branch, dict) and str(branch.get("connect.name", "")).startswith(
        "org.apache.kafka.connect.data.") for branch in branches)


def check_envelope(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.topic_settings.kind == "cdc":
        return
    for shape in ctx.shapes:
        kind = envelope_kind(shape)
        if kind is None:
            continue
        outbox = kind.startswith("a change record of an outbox")
        fix = ("route the outbox table with Debezium's outbox event router "
               "(io.debezium.transforms.outbox.EventRouter) so the topic carries the payload "
               "keyed by aggregate id") if outbox else (
            "publish domain events (an outbox plus the outbox event router, or events "
            "produced by the service that owns the table); if this topic is meant to carry "
            "raw changes, declare it with kind = \"cdc\" in [[topics]]")
        yield Hit(shape.pointer, (
            f"This schema is {kind}: every consumer now depends on the source table's columns, "
            "its operation codes and the connector's envelope, so a column rename in one "
            f"database breaks them all. Instead, {fix}."
        ), f"{shape.name_path}:{kind}")


def check_replicated_row(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.topic_settings.kind == "cdc":
        return
    for shape in ctx.shapes:
        if envelope_kind(shape) is not None:
            continue
        columns = replication_columns(shape)
        if columns:
            where = shape.fields[columns[0]].pointer
            what = ", ".join(columns[:4])
        elif connect_row(shape):
            where, what = shape.pointer, f"a Kafka Connect row of table '{shape.short_name}'"
        else:
            continue
        yield Hit(where, (
            f"This schema is a replicated table row ({what}): consumers read a table's "
            "current columns and the replication tool's bookkeeping, not a business fact, "
            "and every schema change of the table reaches them. Publish domain events "
            "instead; if this topic is meant to carry rows, declare it with kind = \"cdc\" "
            "in [[topics]]."
        ), f"{shape.name_path}:row")


CDC001 = Rule(
    code="CDC001", name="change-record-envelope", default=Severity.ERROR,
    summary="A CDC change-record envelope (Debezium, GoldenGate, Maxwell, Canal, AWS DMS).",
    check_schema=check_envelope,
    doc=RuleDoc(
        what=("Top-level records shaped as change records: Debezium's envelope "
              "(`before`/`after` with `op`, `ts_ms` or an `io.debezium` `source`, or an "
              "`…Envelope` record), the Kafka Connect JSON converter's `schema`/`payload` "
              "wrapper, Oracle GoldenGate (`op_type` with `before`/`after`), Maxwell and Canal "
              "(`data`, `old`, `type`, `database`, `table`), AWS DMS (`data` with "
              "`metadata.operation` and `metadata.table-name`), and the change record of an "
              "outbox table (`aggregatetype`, `aggregateid`, `payload` inside "
              "`before`/`after`). Domain events are not reported: a CloudEvents envelope, the "
              "outbox router's output, a `PriceChanged` with `old_price`/`new_price`, a "
              "value object called `before`. Protobuf: the file's first message, its fields "
              "and nested messages read the same way. Off on topics declared "
              "`kind = \"cdc\"`."),
        why=("A change record leaks a table into every consumer: its columns, its operation "
             "codes and the connector's envelope become the contract, and a refactoring of "
             "one database breaks every reader."),
        bad=('{"type": "record", "name": "Envelope", "fields": [{"name": "before", ...}, '
             '{"name": "after", ...}, {"name": "op", "type": "string"}, '
             '{"name": "ts_ms", "type": "long"}]}'),
        good='{"type": "record", "name": "CustomerRegistered", "fields": [...]}',
        fix=("Publish domain events from the owning service, or through an outbox table and "
             "Debezium's outbox event router. Declare topics that deliberately carry raw "
             "changes with `kind = \"cdc\"`."),
    ),
)

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
