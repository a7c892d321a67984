"""Change data capture, CDC001–CDC002: database change records and replicated rows published
as if they were events.
"""

from __future__ import annotations

from schemalint.lint.reading import normalise
from schemalint.view import Record

_OUTBOX_COLUMNS = ("aggregatetype", "aggregateid")


def envelope_kind(record: Record) -> str | None:
    """Which change-record envelope the record is, or None."""
    fields = record.fields
    if record.has("schema", "payload") and len(fields) <= 3 and "record" in fields["schema"].kinds:
        # The converter's "schema" is a Connect schema object; a string there is a version.
        inner = record.nested("schema")
        if inner is None or not inner.fields or inner.any_of("type", "fields", "optional"):
            return "the Kafka Connect JSON converter's schema/payload wrapper"
    before_after = record.any_of("before", "after")
    if before_after and _outbox_row(record):
        return "a change record of an outbox table"
    if before_after and record.has("op") and record.any_of("source", "ts_ms", "ts_us", "ts_ns"):
        return "a Debezium change-event envelope"
    if before_after and _debezium_source(record):
        return "a Debezium change-event envelope"
    if before_after and (record.short_name or "").endswith("Envelope") and record.any_of(
            "op", "source", "ts_ms"):
        return "a Debezium change-event envelope"
    if "op_type" in fields and (before_after or record.any_of("op_ts", "table")):
        return "an Oracle GoldenGate change record"
    if record.has("data", "table", "database") and record.any_of("type", "old", "isDdl", "es"):
        return "a Maxwell or Canal change record"
    metadata = record.nested("metadata")
    if metadata is not None and (before_after or "data" in fields) and _operation_on_table(
            metadata):
        return "an AWS DMS change record" if "data" in fields else "a change record"
    if record.has("ddl", "tableChanges") or record.has("databaseName", "ddl"):
        return "a Debezium schema-change record"
    if record.has("status", "event_count", "data_collections"):
        return "a Debezium transaction-metadata record"
    return None


_OPERATION_KEYS = frozenset({"operation", "operationname", "operationtype", "optype"})
_TABLE_KEYS = frozenset({"tablename", "table"})


def _operation_on_table(metadata: Record) -> bool:
    names = {normalise(name) for name in metadata.fields}
    return bool(names & _OPERATION_KEYS) and bool(names & _TABLE_KEYS)


def _debezium_source(record: Record) -> bool:
    source = record.nested("source")
    return source is not None and (source.name or "").startswith("io.debezium.")


def _outbox_row(record: Record) -> bool:
    for side in ("before", "after"):
        inner = record.nested(side)
        if inner is not None and inner.has(*_OUTBOX_COLUMNS):
            return True
    return False
