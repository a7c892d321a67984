"""CDC001: a CDC change-record envelope (Debezium, GoldenGate, Maxwell, Canal, AWS DMS)."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.cdc import envelope_kind
from schemalint.model import Severity


def check_envelope(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.topic_settings.kind == "cdc":
        return
    for record in ctx.schema.view.roots:
        kind = envelope_kind(record)
        if kind is None:
            continue
        outbox = kind.startswith("a change record of an outbox")
        fix = ("route the outbox table with Debezium's outbox event router "
               "(io.debezium.transforms.outbox.EventRouter) so the topic carries the payload "
               "keyed by aggregate id") if outbox else (
            "publish domain events (an outbox plus the outbox event router, or events "
            "produced by the service that owns the table); if this topic is meant to carry "
            "raw changes, declare it with kind = \"cdc\" in [[topics]]")
        yield Hit(record.pointer, (
            f"This schema is {kind}: every consumer now depends on the source table's columns, "
            "its operation codes and the connector's envelope, so a column rename in one "
            f"database breaks them all. Instead, {fix}."
        ), f"{record.name_path}:{kind}")


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
