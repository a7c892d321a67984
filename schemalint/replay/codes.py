"""The replay codes and what ``explain`` says of them: read wherever findings are described,
without loading the replay engine (or fastavro)."""

from __future__ import annotations

from schemalint.model import CodeDoc, CodeInfo

REPLAY001 = "REPLAY001"
REPLAY002 = "REPLAY002"
REPLAY003 = "REPLAY003"

REPLAY_CODES: tuple[CodeInfo, ...] = (
    CodeInfo(
        REPLAY001, "replay-cannot-decode",
        "A reader fails to decode events another version of the subject writes.",
        "Events generated for the writer version (every union branch and enum symbol, "
        "numeric limits, bytes that are not UTF-8, logical types at their edges) were "
        "written with it and read with the reader version through fastavro's schema "
        "resolution, as consumers read them; the reader failed. A consumer replaying the "
        "topic stops at the first such event, though the schemas may be compatible: "
        "Confluent accepts bytes to string, and bytes that are not UTF-8 then fail. "
        "Java's readers put U+FFFD in place of bytes that are not UTF-8 where fastavro "
        "fails: either way the value is lost. Protobuf messages are serialized with the "
        "writer's descriptor and parsed with the reader's by the protobuf runtime: proto3 "
        "fails on a string whose bytes are not UTF-8, Java's parser on an absent required "
        "field. How to fix: keep the type the old version "
        "wrote, or add a new field (with a default) for the new type and stop writing the "
        "old one. JSON Schema: instances generated for the writer (every enum value and "
        "oneOf/anyOf branch, absent optional properties, integers beyond 2^53, formats at "
        "their edges, properties an open object adds) are validated under the reader with "
        "jsonschema's validator for its draft, formats asserted; the reader rejecting one "
        "is a consumer that validates failing.",
        doc=CodeDoc(
            what="An event one version of the subject writes that another version cannot "
                 "decode: replay wrote generated events with the writer version and read "
                 "them with the reader version, as consumers read them, and the reader "
                 "failed.",
            why="A consumer replaying the topic from the start stops at the first such "
                "event, though the schema check passed: Confluent accepts bytes to string, "
                "and bytes that are not UTF-8 then fail to decode (fastavro fails; Java's "
                "readers put U+FFFD in their place, losing the value either way). Protobuf "
                "messages, serialized with the writer's descriptor and parsed with the "
                "reader's by the protobuf runtime, fail where proto3 reads bytes that are not "
                "UTF-8 as a string, or Java's parser misses a required field. For JSON "
                "Schema, the reader's validator (jsonschema, the schema's draft, formats "
                "asserted) rejects an instance the writer accepted: a date-time where the "
                "reader wants a date, a value past a new bound.",
            bad='old: {"name": "payload", "type": "bytes"}\n'
                'new: {"name": "payload", "type": "string"}',
            good='old: {"name": "payload", "type": "bytes"}\n'
                 'new: {"name": "payload", "type": "bytes"}, {"name": "text", '
                 '"type": ["null", "string"], "default": null}',
            fix="Keep the type the old version wrote, or add a new field (with a default) "
                "for the new type and stop writing the old one.")),
    CodeInfo(
        REPLAY002, "replay-changes-value",
        "A reader decodes events another version writes, but a field reads another value.",
        "A field both versions share reads a different value than the one written, after "
        "Avro's promotions (int to long to float to double, string and bytes on UTF-8): the "
        "meaning changed while the schemas stayed compatible. Logical types are judged as "
        "Java's readers apply them, the reader's logical type over the resolved primitive: "
        "timestamp-millis read as timestamp-micros is every old time 1,000 times too near "
        "the epoch, a date read as timestamp-millis is milliseconds after 1970, a decimal "
        "whose scale changed is off by a power of ten. fastavro converts with each side's "
        "own logical type and shows none of this; schemalint judges as Java does. An enum "
        "symbol the reader lacks read as the reader's enum default is the default's "
        "purpose, not a change. Protobuf fields compare by number: int64 read as int32 "
        "truncates large values, int32 read as uint32 turns negatives into large positives, "
        "sint32 and int32 disagree on zigzag, a removed enum value reads as a bare number "
        "(proto3) or the default (proto2), a repeated field read as singular keeps the last "
        "value. JSON has no resolution step: the value read is the value "
        "written, and what changes its meaning is a keyword the schema-level diff does not "
        "weigh: a format both versions name that the reader reads as another (a date read "
        "as a date-time; email to idn-email, uri to iri and the like read the same), "
        "contentEncoding changed, added or removed (base64 read as the plain text it is, "
        "or plain text decoded as base64), contentMediaType changed (JSON text read as "
        "text/plain), a Kafka Connect temporal logical type named in the title changed (a "
        "Timestamp's milliseconds read as a Date's days). A format removed reads the same "
        "string; an integer read as a number is the same number. How to fix: keep the "
        "field's type and logical type as the old version wrote them; for a new meaning, "
        "add a new field (with a default) and deprecate the old one.",
        doc=CodeDoc(
            what="An event that decodes, but where a field both versions share reads a "
                 "different value than the one written, after Avro's promotions; logical "
                 "types judged as Java's readers apply them (the reader's logical type over "
                 "the resolved primitive).",
            why="The schemas stay compatible while the meaning changes: timestamp-millis "
                "read as timestamp-micros puts every old time 1,000 times nearer the epoch, "
                "a date read as timestamp-millis is milliseconds after 1970, a decimal whose "
                "scale changed is off by a power of ten. Every consumer replaying the topic "
                "reads wrong values without an error. (fastavro converts with each side's own "
                "logical type and shows none of this; schemalint judges as Java does.) "
                "Protobuf fields compare by number, and the registry accepts what changes "
                "them: int64 read as int32 truncates large values, int32 read as uint32 "
                "turns negatives into large positives, a removed enum value reads as a bare "
                "number (proto3) or the default (proto2), a repeated field read as singular "
                "keeps the last value. In JSON Schema the text read is the text written, but a "
                "format both versions name and the reader reads as another (a date as a "
                "date-time), a contentEncoding changed (base64 read as plain text), a "
                "contentMediaType changed or a Kafka Connect logical type changed in the "
                "title (a Timestamp read as a Date) makes the reader's code take it for "
                "something else.",
            bad='old: {"name": "at", "type": {"type": "long", "logicalType": '
                '"timestamp-millis"}}\n'
                'new: {"name": "at", "type": {"type": "long", "logicalType": '
                '"timestamp-micros"}}',
            good='old: {"name": "at", "type": {"type": "long", "logicalType": '
                 '"timestamp-millis"}}\n'
                 'new: the same, plus {"name": "at_micros", "type": ["null", {"type": '
                 '"long", "logicalType": "timestamp-micros"}], "default": null}',
            fix="Keep the field's type and logical type as the old version wrote them; for "
                "a new meaning, add a new field (with a default) and deprecate the old "
                "one.")),
    CodeInfo(
        REPLAY003, "replay-unreadable-sample",
        "A recorded event its own version cannot read.",
        "A sample under the samples folder (samples/<subject>/: an Avro object container "
        "file, a v<N>.jsonl file of events in the format's JSON encoding, or a Confluent "
        "wire-format .bin payload) does not decode with the version that wrote it: a line "
        "that is not an event of that version, a container record or a payload that its "
        "writer schema cannot read or that leaves bytes over, a schema id that is no schema "
        "of the subject's format. Replay cannot prove anything with such an event, and a "
        "consumer of that version would fail on it too. The finding anchors at the sample "
        "file and line. How to fix: record the event again with the version that writes it, "
        "name the .jsonl file after that version (v3.jsonl for version 3 as `check` numbers "
        "versions), or delete the sample.",
        doc=CodeDoc(
            what="A recorded event (`samples/<subject>/`: `*.avro`, `v<N>.jsonl`, `*.bin`) "
                 "that the version which wrote it cannot read.",
            why="Recorded events are the proof replay trusts most: one its own version "
                "cannot read proves nothing about the new schema, and says the sample (or "
                "the version its file names) is wrong.",
            bad='samples/readings-value/v1.jsonl, version 1 {"name": "at", "type": "long"}:\n'
                '{"at": "yesterday"}',
            good='samples/readings-value/v1.jsonl:\n{"at": 1700000000000}',
            fix="Record the event again with the version that writes it, name the .jsonl "
                "file after that version, or delete the sample.")),
)
