"""The consumer contract codes and what ``explain`` says of them: read wherever findings are
described, without loading the contract checks."""

from __future__ import annotations

from schemalint.model import CodeDoc, CodeInfo, Severity

CON001 = "CON001"
CON002 = "CON002"

CONTRACT_CODES: tuple[CodeInfo, ...] = (
    CodeInfo(
        CON001, "consumer-cannot-read",
        "A declared consumer cannot read the new version of a subject it reads.",
        "A consumer's contract (its reader schema under consumers/<consumer>/, or the fields "
        "it reads in [[consumers]]) was judged against the new schema as writer, by the "
        "format's own resolution rules, the engines of the compatibility check: the consumer "
        "named, owned by the owner named, fails on the new version's events. A level can "
        "allow this (BACKWARD lets a producer remove a field without a default). A pending "
        "contract (pending = true) makes this a warning until a committed version of the "
        "subject has satisfied it. With replay (replay, check --replay), the new version's "
        "events are also read with each reader schema: a consumer failing on them, or "
        "reading another value, is named with replay's evidence (replayed, REPLAY001 or "
        "REPLAY002). How to fix: keep the field, or its type, as the consumer "
        "reads it; or agree the change with the owner and update the contract first.",
        doc=CodeDoc(
            what="A declared consumer that cannot read events of the new version: its reader "
                 "schema does not read the new schema (Avro schema resolution, Confluent's "
                 "JSON Schema and Protobuf rules), or a field it reads is gone or holds a "
                 "type its old schema cannot read. A field renamed with an Avro alias of the "
                 "old name is found, and a Protobuf field renamed with its number kept. "
                 "With replay, a reader schema failing on the new version's events, or "
                 "reading another value, names replay's evidence. A required field made "
                 "nullable is judged by the "
                 "format's rules: Avro's reader of a string fails on a null, a Protobuf "
                 "field gaining presence reads the same.",
            why="The registry judges a level, a guess about all consumers; this consumer, "
                "named with its owner, fails in production on the first event of the new "
                "version, though the level may accept the change (BACKWARD accepts removing "
                "a field that has no default).",
            bad='consumers: [[consumers]] name = "billing", subjects = ["orders-value"], '
                'reads = ["amount_cents"]\n'
                'new orders-value: the field "amount_cents" removed',
            good='new orders-value: "amount_cents" kept (deprecated in its doc) until '
                 'billing no longer reads it',
            fix="Keep the field, or its type, as the consumer reads it; or agree the change "
                "with the owner named and update the contract (its reads, or its reader "
                "schema) in the same pull request.")),
    CodeInfo(
        CON002, "stale-contract",
        "A consumer contract names a subject, a field or a file that does not exist.",
        "A contract that names what is not there guards nothing: a subject no schema file "
        "maps to, a field neither the new schema nor the version before it has, a reader "
        "schema whose subject is unknown, or a [[consumers]] entry without reads, subjects "
        "or a reader schema. Reported by check --all and whenever the contract or its "
        "subject changes. How to fix: correct the name, or remove what the consumer no "
        "longer reads.", Severity.WARNING,
        doc=CodeDoc(
            what="A consumer contract naming a subject no schema file maps to, a field that "
                 "neither the new schema nor the version before it has, a reader schema "
                 "file for an unknown subject, or a reader schema file reader-schemas names "
                 "that does not exist (at the [[consumers]] entry).",
            why="A stale contract guards nothing: the consumer's real reads go unchecked, "
                "and changes that break it pass.",
            bad='[[consumers]]\nname = "billing"\nsubjects = ["order-value"]   # the subject '
                'is orders-value',
            good='[[consumers]]\nname = "billing"\nsubjects = ["orders-value"]',
            fix="Correct the subject or field name, or remove what the consumer no longer "
                "reads.")),
)
