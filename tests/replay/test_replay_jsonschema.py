"""JSON Schema replay through jsonschema's real validators: each data-level break is found by
generated instances, each change safe on data gives no finding, and instances are valid under
their writer and the same for a seed.

Cases are minimal objects of shapes from public repositories, named in the table:
wikimedia/schemas-event-primary ``jsonschema/fragment/common/current.yaml`` at
43aeb4abccaa542eb56491489eb830d6459453a6 (``dt``: a ``date-time`` string of at most 128
characters), mozilla-services/mozilla-pipeline-schemas (branch ``generated-schemas``)
``schemas/eng-workflow/build/build.1.schema.json`` at
19c97f5cd31cffddb9074782ac69c31fb5170ff4 (``time``, a ``date-time``; ``compiler``, an
``enum``), vdesabou/kafka-docker-playground (a Salesforce event's ``CreatedDate``, a Kafka
Connect Timestamp, at the commit named in the table); keywords no schema of those
repositories uses (``contentEncoding``, ``contentMediaType``) are issue 21's own kinds.
"""

from __future__ import annotations

import json
import time
from typing import Any, NamedTuple

import pytest

from schemalint.api import parse_schema
from schemalint.model import Direction, Level
from schemalint.replay import REPLAY001, REPLAY002, replay_schemas
from schemalint.replay.jsonschema import field_pointer, version
from schemalint.replay.jsonschema.generate import EXTRA_PROPERTY
from schemalint.replay.jsonschema.regex_sample import samples
from schemalint.replay.jsonschema.validation import JsonVersion

WIKIMEDIA = "schemas-event-primary@43aeb4abccaa542eb56491489eb830d6459453a6:" \
            "jsonschema/fragment/common/current.yaml"
MOZILLA = "mozilla-pipeline-schemas@19c97f5cd31cffddb9074782ac69c31fb5170ff4:" \
          "schemas/eng-workflow/build/build.1.schema.json"
ISSUE = "issue 21: a JSON keyword the schema-level diff does not weigh"
DRAFT7 = "http://json-schema.org/draft-07/schema#"
PLAYGROUND = "kafka-docker-playground@4b37cfb92fae88dcfdab03c99117283f004e338c:" \
             "connect/connect-salesforce-platform-events-sink/" \
             "salesforce-platform-events-sink-repro-91796-json-schema.sh"
CONNECT = "org.apache.kafka.connect.data."


def event(properties: dict[str, Any], *, draft: str = DRAFT7, **more: Any) -> str:
    return json.dumps({"$schema": draft, "type": "object", "properties": properties, **more})


def string(**more: Any) -> dict[str, Any]:
    return {"type": "string", **more}


DT = string(format="date-time", maxLength=128)
COMPILER = {"enum": ["clang", "clang-cl", "gcc", "msvc"]}


class Case(NamedTuple):
    source: str
    old: str
    new: str
    # (code, field) of every finding at BACKWARD.
    found: tuple[tuple[str, str], ...]


BREAKS = {
    "a date-time read as a date: the validator rejects it": Case(
        WIKIMEDIA, event({"dt": DT}, required=["dt"]),
        event({"dt": string(format="date", maxLength=128)}, required=["dt"]),
        ((REPLAY001, "dt"),)),
    "a date read as a date-time: the same text, another meaning": Case(
        MOZILLA, event({"time": string(format="date")}),
        event({"time": string(format="date-time")}), ((REPLAY002, "time"),)),
    "base64 content read as plain text": Case(
        ISSUE, event({"payload": string(contentEncoding="base64")}),
        event({"payload": string()}), ((REPLAY002, "payload"),)),
    "plain text read as base64": Case(
        ISSUE, event({"payload": string()}),
        event({"payload": string(contentEncoding="base64")}), ((REPLAY002, "payload"),)),
    "JSON text read as plain text": Case(
        ISSUE, event({"body": string(contentMediaType="application/json")}),
        event({"body": string(contentMediaType="text/plain")}), ((REPLAY002, "body"),)),
    "dates in an array, in a oneOf branch, read as date-times": Case(
        MOZILLA, event({"days": {"type": "array", "items": {"oneOf": [
            string(format="date"), {"type": "null"}]}}, "time": DT}),
        event({"days": {"type": "array", "items": {"oneOf": [
            string(format="date-time"), {"type": "null"}]}}, "time": DT}),
        ((REPLAY002, "days[]"),)),
    # A Salesforce platform event through Kafka Connect's JSON Schema converter: its
    # ``CreatedDate``, an integer titled as Connect's Timestamp logical type.
    "a Connect Timestamp read as a Connect Date": Case(
        PLAYGROUND, event({"CreatedDate": {"type": "integer", "connect.type": "int64",
                                          "title": f"{CONNECT}Timestamp"}}),
        event({"CreatedDate": {"type": "integer", "connect.type": "int32",
                               "title": f"{CONNECT}Date"}}),
        ((REPLAY002, "CreatedDate"),)),
    "an enum value removed": Case(
        MOZILLA, event({"compiler": COMPILER}),
        event({"compiler": {"enum": ["clang", "clang-cl", "gcc"]}}),
        ((REPLAY001, "compiler"),)),
    "a number narrowed to an integer": Case(
        MOZILLA, event({"duration": {"type": "number"}}),
        event({"duration": {"type": "integer"}}), ((REPLAY001, "duration"),)),
    "a maximum beyond 2^53 lowered, in a recursive $ref": Case(
        WIKIMEDIA, event({"v": {"type": "integer"}, "next": {"$ref": "#"}}),
        event({"v": {"type": "integer", "maximum": 2**53}, "next": {"$ref": "#"}}),
        # Each depth of the recursion up to the bound is a path of its own.
        tuple((REPLAY001, "next." * depth + "v") for depth in range(4))),
    "a maxLength tightened": Case(
        WIKIMEDIA, event({"dt": DT}), event({"dt": string(format="date-time", maxLength=20)}),
        ((REPLAY001, "dt"),)),
    "a property removed from a closed object": Case(
        WIKIMEDIA, event({"dt": DT, "id": string()}, additionalProperties=False),
        event({"dt": DT}, additionalProperties=False), ((REPLAY001, "id"),)),
    "an open object closed: what the writer added beyond its properties is rejected": Case(
        WIKIMEDIA, event({"dt": DT}), event({"dt": DT}, additionalProperties=False),
        ((REPLAY001, EXTRA_PROPERTY),)),
    "a oneOf branch removed": Case(
        MOZILLA, event({"time": {"oneOf": [DT, {"type": "null"}]}}),
        event({"time": {"oneOf": [DT]}}), ((REPLAY001, "time"),)),
    "a pattern added": Case(
        WIKIMEDIA, event({"id": string()}), event({"id": string(pattern="^[a-z]+$")}),
        ((REPLAY001, "id"),)),
    "a property made required": Case(
        MOZILLA, event({"time": DT}), event({"time": DT}, required=["time"]),
        ((REPLAY001, "time"),)),
    "a pattern property's values narrowed": Case(
        MOZILLA, event({}, patternProperties={"^x-[a-z]+$": {"type": "number"}}),
        event({}, patternProperties={"^x-[a-z]+$": {"type": "integer"}}),
        ((REPLAY001, "x-a"),)),
    "an array's items narrowed, items reached through allOf and a local $ref": Case(
        MOZILLA, event({"tags": {"type": "array", "items": string()}}),
        event({"tags": {"allOf": [{"$ref": "#/definitions/tags"}]}},
              definitions={"tags": {"type": "array", "items": string(maxLength=3)}}),
        ((REPLAY001, "tags[]"),)),
}

SAFE = {
    "an optional property added to a closed object": Case(
        WIKIMEDIA, event({"dt": DT}, additionalProperties=False),
        event({"dt": DT, "id": string()}, additionalProperties=False), ()),
    # The registry refuses this one (the writer's open model may hold ``id`` of any type);
    # what the writer wrote names no ``id``: replay cannot see that risk.
    "an optional property added to an open object": Case(
        WIKIMEDIA, event({"dt": DT}), event({"dt": DT, "id": string()}), ()),
    "an integer widened to a number": Case(
        MOZILLA, event({"duration": {"type": "integer"}}),
        event({"duration": {"type": "number"}}), ()),
    "an enum value added": Case(
        MOZILLA, event({"compiler": COMPILER}),
        event({"compiler": {"enum": [*COMPILER["enum"], "zig"]}}), ()),
    "a property removed from an open object": Case(
        WIKIMEDIA, event({"dt": DT, "id": string()}), event({"dt": DT}), ()),
    "a format removed: the same string": Case(
        WIKIMEDIA, event({"dt": DT}), event({"dt": string(maxLength=128)}), ()),
    "an email read as an idn-email": Case(
        MOZILLA, event({"to": string(format="email")}),
        event({"to": string(format="idn-email")}), ()),
    "a maxLength raised": Case(
        WIKIMEDIA, event({"dt": DT}), event({"dt": string(format="date-time", maxLength=256)}),
        ()),
    "a type widened to null": Case(
        MOZILLA, event({"time": DT}), event({"time": {"type": ["string", "null"],
                                                      "format": "date-time"}}), ()),
    "a requirement dropped, a description changed": Case(
        WIKIMEDIA, event({"dt": DT}, required=["dt"]),
        event({"dt": {**DT, "description": "When it happened."}}), ()),
    # The walk writes an empty string, which ``not`` forbids: the writer's validator keeps
    # it from the replay, so the reader's minLength finds nothing.
    "a minLength the writer's not already required": Case(
        WIKIMEDIA, event({"id": string(**{"not": {"const": ""}})}),
        event({"id": string(minLength=1)}), ()),
    "a Connect Timestamp read as a plain integer: the same number": Case(
        PLAYGROUND, event({"CreatedDate": {"type": "integer", "connect.type": "int64",
                                          "title": f"{CONNECT}Timestamp"}}),
        event({"CreatedDate": {"type": "integer"}}), ()),
    "draft 2020-12, prefixItems and $defs unchanged but a title": Case(
        MOZILLA, event({"pair": {"type": "array", "prefixItems": [string(), {"$ref": "#/$defs/n"}],
                                 "items": False}},
                       draft="https://json-schema.org/draft/2020-12/schema",
                       **{"$defs": {"n": {"type": "integer"}}}),
        event({"pair": {"type": "array", "prefixItems": [string(), {"$ref": "#/$defs/n"}],
                        "items": False}}, draft="https://json-schema.org/draft/2020-12/schema",
              title="Pair", **{"$defs": {"n": {"type": "integer"}}}), ()),
}


def found(case: Case, level: Level = Level.BACKWARD, **more: Any) -> list[tuple[str, str]]:
    return [(finding.code, finding.name_path.partition("@")[0])
            for finding in replay_schemas(case.new, [case.old], level, "JSON", **more)]


@pytest.mark.parametrize("case", BREAKS.values(), ids=BREAKS.keys())
def test_each_data_level_break_is_found(case: Case) -> None:
    assert sorted(found(case)) == sorted(case.found)


@pytest.mark.parametrize("case", SAFE.values(), ids=SAFE.keys())
def test_changes_safe_on_data_give_no_finding(case: Case) -> None:
    assert found(case, Level.BACKWARD) == []


def test_a_finding_names_the_value_the_versions_and_anchors_at_the_property() -> None:
    case = BREAKS["a date read as a date-time: the same text, another meaning"]
    (finding,) = replay_schemas(case.new, [case.old], "BACKWARD", "JSON")
    assert (finding.pointer, finding.direction, finding.against.version) == (
        "/properties/time", Direction.BACKWARD, 1)
    assert "written as '1970-01-01' (a date), read as a date-time" in finding.message
    assert (finding.line, finding.column) != (None, None)


@pytest.mark.parametrize(("path", "pointer"), [
    (("tags", "[]"), "/properties/tags"),
    (("meta", "dt"), "/definitions/meta/properties/dt"),
    (("meta", "unknown"), "/properties/meta"),
    (("unknown",), ""),
])
def test_the_field_pointer_is_the_deepest_property_declared(path: tuple[str, ...],
                                                            pointer: str) -> None:
    schema = parse_schema(event({"tags": {"type": "array", "items": string()},
                                 "meta": {"allOf": [{"$ref": "#/definitions/meta"}]}},
                                definitions={"meta": {"type": "object",
                                                      "properties": {"dt": DT}}}), "JSON")
    assert field_pointer(schema, path) == pointer


WRITERS = {
    "every enum value, oneOf branch, optional absent and present": (
        event({"compiler": COMPILER, "time": {"oneOf": [DT, {"type": "null"}]},
               "count": {"type": "integer", "minimum": 0, "multipleOf": 3}}),
        [("compiler", value) for value in COMPILER["enum"]] +
        [("time", None), ("time", "2024-02-29T12:00:00Z"), ("count", 0),
         ("count", 2**63 - 2)]),
    "integers beyond 2^53, a number's bounds": (
        event({"n": {"type": "integer"}, "x": {"type": "number", "exclusiveMaximum": 10,
                                               "minimum": -2.5}}),
        [("n", 2**53 + 1), ("n", -(2**53 + 1)), ("n", 2**64), ("x", -2.5), ("x", 0.1)]),
    "empty and long strings, a pattern's own strings": (
        event({"s": string(), "code": string(pattern=r"^[A-Z]{2}-\d{3}$")}),
        [("s", ""), ("s", "x" * 1024), ("s", "é☃😀"), ("code", "AA-000")]),
    "arrays empty and full, additional and pattern properties": (
        event({"tags": {"type": "array", "items": string()},
               "labels": {"type": "object", "additionalProperties": {"type": "integer"},
                          "patternProperties": {"^x-": {"type": "boolean"}}}}),
        [("tags", []), ("tags", ["é☃😀", "x" * 1024, "order-1"])]),
    # mozilla-pipeline-schemas@19c97f5…: telemetry/normandy-login-study.4 (``version``, a
    # number from 4 to 4), telemetry/shield-icq-v1.4 (``goodput``, a closed tuple),
    # telemetry/xfocsp-error-report.4 (an object of at least one property).
    "bounds that fix a number, a closed tuple, a least count of properties": (
        event({"version": {"type": "number", "minimum": 4, "maximum": 4},
               "goodput": {"type": "array", "items": [{"type": "integer"}],
                           "additionalItems": False},
               "processes": {"type": "object", "minProperties": 1,
                             "additionalProperties": {"type": "integer"}}},
              required=["version", "goodput", "processes"]),
        [("version", 4)]),
    # mozilla-pipeline-schemas@19c97f5…: org-mozilla-ios-firefoxbeta/temp-history-sync.1, a
    # pattern with a lookahead (no samples of its own): the format edges it matches.
    "a pattern the sampler cannot read, met by another edge": (
        event({"url": string(pattern="^((?!data)([a-zA-Z][a-zA-Z0-9-\\+\\.]*):(.*))$")},
              required=["url"]),
        [("url", "https://example.com/a/b?c=d#e")]),
}


@pytest.mark.parametrize(("document", "expected"), WRITERS.values(), ids=WRITERS.keys())
def test_generated_instances_meet_the_edges_and_are_valid_under_their_writer(
        document: str, expected: list[tuple[str, Any]]) -> None:
    schema = parse_schema(document, "JSON")
    instances = version(schema, None, 0).written
    validator = JsonVersion(schema)
    assert instances and all(validator.accepts(instance) for instance in instances)
    for name, value in expected:
        assert any(instance.get(name) == value and type(instance.get(name)) is type(value)
                   for instance in instances), (name, value, instances)


def test_additional_and_pattern_properties_are_written() -> None:
    schema = parse_schema(WRITERS["arrays empty and full, additional and pattern properties"][0],
                          "JSON")
    labels = [instance["labels"] for instance in version(schema, None, 0).written
              if "labels" in instance]
    assert any(EXTRA_PROPERTY in label for label in labels)
    assert any(any(name.startswith("x-") for name in label) for label in labels)


def test_instances_are_the_same_for_a_seed_and_differ_for_another() -> None:
    schema = parse_schema(event({"s": string(), "n": {"type": "number"}}), "JSON")
    first = version(schema, 40, 7).written
    assert first == version(schema, 40, 7).written
    assert first != version(schema, 40, 8).written
    assert version(schema, None, 7).written == version(schema, None, 7).written


def test_the_default_count_covers_a_typical_schema_in_well_under_a_second() -> None:
    case = BREAKS["a date-time read as a date: the validator rejects it"]
    typical = event({"dt": DT, "id": string(), "meta": {"type": "object", "properties": {
        "domain": string(), "stream": string(), "request_id": string(format="uuid")},
        "required": ["stream"]}, "compiler": COMPILER, "count": {"type": "integer"},
        "tags": {"type": "array", "items": string()}}, required=["dt", "meta"])
    replay_schemas(case.new, [case.old], "BACKWARD", "JSON")  # the libraries loaded
    started = time.perf_counter()
    replay_schemas(typical, [typical.replace('"id"', '"ident"')], "FULL", "JSON")
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("pattern", [
    "^[a-z]+$", r"^\d{3}-\d{2,4}$", "^(foo|bar)_[A-Z0-9]{2}$", "^x-",
    r"^[^@]+@[^@]+\.[a-z]{2,}$", r"^(\([0-9]{3}\))?[0-9]{3}-[0-9]{4}$",
])
def test_a_patterns_samples_match_it(pattern: str) -> None:
    from schemalint.patterns import search

    found = samples(pattern)
    assert found and all(search(pattern, sample) for sample in found)


@pytest.mark.parametrize("pattern", ["(?=a)b", r"(a)\1", "[z-a]"])
def test_a_pattern_the_reader_does_not_know_gives_no_sample(pattern: str) -> None:
    assert samples(pattern) == ()


def test_a_catastrophic_pattern_neither_freezes_nor_fails_the_replay() -> None:
    old = event({"id": string()})
    new = event({"id": string(pattern="^(a+)+$")})
    started = time.perf_counter()
    findings = replay_schemas(new, [old], "BACKWARD", "JSON")
    assert time.perf_counter() - started < 5
    assert {finding.code for finding in findings} <= {REPLAY001}


def test_forward_replays_the_new_versions_instances_with_the_old_reader() -> None:
    case = BREAKS["a number narrowed to an integer"]
    reverse = case._replace(old=case.new, new=case.old)
    assert found(reverse, Level.BACKWARD) == []
    assert found(reverse, Level.FORWARD) == [(REPLAY001, "duration")]


def _nested(levels: int, required: bool) -> str:
    text = '{"type": "string"}'
    for _ in range(levels):
        text = ('{"type": "object", ' + ('"required": ["x"], ' if required else "") +
                '"properties": {"x": ' + text + "}}")
    return text


HOSTILE = {
    "an object that requires itself": json.dumps(
        {"type": "object", "properties": {"next": {"$ref": "#"}}, "required": ["next"]}),
    "references that lead back to themselves": json.dumps(
        {"type": "object", "properties": {"a": {"$ref": "#/definitions/a"}},
         "definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}}),
    "allOf that holds itself": json.dumps(
        {"$ref": "#/definitions/a",
         "definitions": {"a": {"allOf": [{"$ref": "#/definitions/a"}]}}}),
    "450 levels of required objects": _nested(450, True),
    "450 levels of optional objects": _nested(450, False),
}


@pytest.mark.parametrize("document", HOSTILE.values(), ids=HOSTILE.keys())
def test_schemas_without_a_finite_instance_or_nested_deep_neither_crash_nor_hang(
        document: str) -> None:
    changed = '{"description": "Another version.", ' + document[1:]
    started = time.process_time()
    assert replay_schemas(changed, [document], "FULL", "JSON") == []
    assert time.process_time() - started < 10


PROOFS = {
    "an optional property added to a closed writer": (
        event({"dt": DT}, additionalProperties=False),
        event({"dt": DT, "id": string()}, additionalProperties=False), True),
    "an optional property added under the writer's very additionalProperties": (
        event({"dt": DT}, additionalProperties={"type": ["integer", "null"]}),
        event({"dt": DT, "n": {"type": ["integer", "null"]}},
              additionalProperties={"type": ["integer", "null"]}), True),
    "a property removed, the reader open": (
        event({"dt": DT, "id": string()}), event({"dt": DT}), True),
    "descriptions and titles changed, nested": (
        event({"meta": {"type": "object", "properties": {"dt": DT}}}),
        event({"meta": {"type": "object", "title": "Meta",
                        "properties": {"dt": {**DT, "description": "When."}}}}), True),
    "an optional property added to an open writer: it may have written anything there": (
        event({"dt": DT}), event({"dt": DT, "id": string()}), False),
    "a required property added to a closed writer": (
        event({"dt": DT}, additionalProperties=False),
        event({"dt": DT, "id": string()}, additionalProperties=False, required=["id"]),
        False),
    "a property removed, the reader closed": (
        event({"dt": DT, "id": string()}, additionalProperties=False),
        event({"dt": DT}, additionalProperties=False), False),
    "an added property under another additionalProperties": (
        event({"dt": DT}, additionalProperties={"type": "integer"}),
        event({"dt": DT, "n": {"type": "number"}}, additionalProperties={"type": "integer"}),
        False),
    "a format changed": (event({"dt": DT}), event({"dt": string(format="date")}), False),
    "a pattern property beside the added one": (
        event({"dt": DT}, additionalProperties=False, patternProperties={"^i": string()}),
        event({"dt": DT, "id": string()}, additionalProperties=False,
              patternProperties={"^i": string()}), False),
}


@pytest.mark.parametrize(("old", "new", "proven"), PROOFS.values(), ids=PROOFS.keys())
def test_the_schemas_alone_prove_what_reads_as_written(old: str, new: str,
                                                       proven: bool) -> None:
    from schemalint.replay.jsonschema import reads_as_written

    writer = version(parse_schema(old, "JSON"), None, 0)
    reader = version(parse_schema(new, "JSON"), None, 0)
    assert reads_as_written(writer, reader) is proven
    if proven:  # and replaying them finds nothing indeed
        from schemalint.replay.jsonschema import first_breaks

        assert list(first_breaks(writer, reader)) == []
