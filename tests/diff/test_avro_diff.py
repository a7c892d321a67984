"""The structural differ: every change named, each classified, the engine having the last word."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gitrepo import GitRepo
from golden import assert_golden

from schemalint.api import parse_schema
from schemalint.commands.diff import run_diff
from schemalint.config import load_config
from schemalint.diffing import classified_changes, summarize
from schemalint.model import ALLOWED, BREAKS_BOTH, BREAKS_NEW, BREAKS_OLD, SAFE, Level
from schemalint.report.diff import render_json, render_markdown

GOLDEN = Path(__file__).parent / "golden"


def record(*fields: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "record", "name": "OrderPlaced", "namespace": "com.acme",
            "fields": list(fields), **extra}


ID = {"name": "id", "type": "string"}
SUIT = {"type": "enum", "name": "Suit", "symbols": ["SPADES", "HEARTS"]}

CASES = [
    # (name, old, new, expected [(kind, verdict at FULL)])
    ("field added with default", record(ID),
     record(ID, {"name": "n", "type": "long", "default": 0}), [("field-added", SAFE)]),
    ("field added without default", record(ID), record(ID, {"name": "n", "type": "long"}),
     [("field-added", BREAKS_NEW)]),
    ("field removed without default", record(ID, {"name": "n", "type": "long"}), record(ID),
     [("field-removed", BREAKS_OLD)]),
    ("field removed with default", record(ID, {"name": "n", "type": "long", "default": 0}),
     record(ID), [("field-removed", SAFE)]),
    ("promotion", record({"name": "id", "type": "int"}), record({"name": "id", "type": "long"}),
     [("type-promoted", BREAKS_OLD)]),
    ("string to bytes", record(ID), record({"name": "id", "type": "bytes"}),
     [("type-promoted", SAFE)]),
    # The reverse of a promotion narrows: old values no longer fit the new type.
    ("narrowing", record({"name": "id", "type": "long"}), record({"name": "id", "type": "int"}),
     [("type-narrowed", BREAKS_NEW)]),
    ("type change", record(ID), record({"name": "id", "type": "int"}),
     [("type-changed", BREAKS_BOTH)]),
    ("made optional", record(ID), record({"name": "id", "type": ["null", "string"],
                                          "default": None}),
     [("default-added", SAFE), ("made-union", BREAKS_OLD)]),
    ("symbol added", record({"name": "s", "type": SUIT}),
     record({"name": "s", "type": {**SUIT, "symbols": ["SPADES", "HEARTS", "CLUBS"]}}),
     [("symbol-added", BREAKS_OLD)]),
    ("symbol removed with enum default", record({"name": "s", "type": SUIT}),
     record({"name": "s", "type": {**SUIT, "symbols": ["SPADES"], "default": "SPADES"}}),
     [("symbol-removed", SAFE), ("enum-default-changed", SAFE)]),
    ("renamed through an alias", record(ID),
     record({"name": "order_id", "type": "string", "aliases": ["id"]}),
     [("field-renamed", BREAKS_OLD), ("alias-added", SAFE)]),
    ("doc and logical type", record({"name": "at", "type": "long"}),
     record({"name": "at", "type": {"type": "long", "logicalType": "timestamp-micros"},
             "doc": "when"}),
     [("doc-changed", SAFE), ("logical-type-changed", SAFE)]),
    ("record renamed", record(ID), {**record(ID), "name": "OrderCreated"},
     [("name-changed", BREAKS_BOTH)]),
    ("namespace only", record(ID), {**record(ID), "namespace": "com.other"},
     [("namespace-changed", SAFE)]),
    ("nested array item", record({"name": "xs", "type": {"type": "array", "items": "int"}}),
     record({"name": "xs", "type": {"type": "array", "items": "string"}}),
     [("type-changed", BREAKS_BOTH)]),
]


@pytest.mark.parametrize(("old", "new", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_changes_and_verdicts(old: dict[str, Any], new: dict[str, Any],
                              expected: list[tuple[str, str]]) -> None:
    changes = classified_changes(parse_schema(old), parse_schema(new), Level.FULL)
    assert [(c.kind, c.verdict(Level.FULL)) for c in changes] == expected


def test_a_break_outside_the_level_is_allowed_not_hidden() -> None:
    changes = classified_changes(parse_schema(record({"name": "id", "type": "int"})),
                                 parse_schema(record({"name": "id", "type": "long"})),
                                 Level.BACKWARD)
    assert [(c.kind, c.verdict(Level.BACKWARD)) for c in changes] == [
        ("type-promoted", ALLOWED)]


def test_diff_command_reads_like_a_changelog(repo: GitRepo) -> None:
    repo.write("schemas/orders/value.avsc", record(ID, {"name": "n", "type": "int"}))
    repo.write("schemas/gone/value.avsc", {**record(ID), "name": "Gone"})
    repo.write("schemas/same/value.avsc", {**record(ID), "name": "Same"})
    repo.commit()
    repo.write("schemas/orders/value.avsc", record(
        ID, {"name": "n", "type": "long"}, {"name": "note", "type": "string"}))
    repo.write("schemas/fresh/value.avsc", {**record(ID), "name": "Fresh"})
    repo.remove("schemas/gone/value.avsc")
    outcome = run_diff(load_config(repo.path))
    assert [(d.subject, d.status, d.verdict) for d in outcome.subjects] == [
        ("fresh-value", "new", "new"),
        ("orders-value", "changed", "breaking"),
        ("gone-value", "removed", "breaking"),
    ]
    assert_golden(GOLDEN / "changelog.md", render_markdown(outcome.subjects))
    assert_golden(GOLDEN / "changelog.json", render_json(outcome.subjects))


JSON_OLD = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
            "properties": {"id": {"type": "string"}, "age": {"type": "integer"}}}


@pytest.mark.parametrize(("policy", "verdict"), [("STRICT", BREAKS_NEW), ("LENIENT", SAFE)])
def test_json_schema_changes_use_confluents_differences_and_policy(policy: str,
                                                                   verdict: str) -> None:
    new = {**JSON_OLD, "properties": {**JSON_OLD["properties"], "email": {"type": "string"}}}
    changes = classified_changes(parse_schema(JSON_OLD, "JSON"), parse_schema(new, "JSON"),
                                 Level.BACKWARD, policy)
    assert [(c.kind, c.name_path, c.verdict(Level.BACKWARD)) for c in changes] == [
        ("optional-property-added-to-open-content-model", "#/properties/email", verdict)]


def test_json_schema_narrowing_breaks_new_consumers() -> None:
    new = {**JSON_OLD, "properties": {**JSON_OLD["properties"],
                                      "id": {"type": "string", "maxLength": 8}}}
    changes = classified_changes(parse_schema(JSON_OLD, "JSON"), parse_schema(new, "JSON"),
                                 Level.FULL)
    verdicts = {(c.kind, c.verdict(Level.FULL)) for c in changes}
    assert ("max-length-added", BREAKS_NEW) in verdicts


PROTO = 'syntax = "proto3";\npackage acme;\nmessage Stock {\n  int32 qty = 1;\n}\n'
UNCOMPARED = [
    # (name, format, old, new): the registry registers a new version; the changelog showed
    # the subject as "unchanged" (a day-one diff of a .proto edited from int32 to int64).
    ("protobuf type of one wire group", "PROTOBUF", PROTO, PROTO.replace("int32", "int64")),
    ("protobuf option", "PROTOBUF", PROTO,
     PROTO.replace("package acme;", 'package acme;\noption java_package = "com.acme";')),
    ("json key order", "JSON", '{"type": "object", "title": "Stock"}',
     '{"title": "Stock", "type": "object"}'),
]


@pytest.mark.parametrize(("kind", "old", "new"), [c[1:] for c in UNCOMPARED],
                         ids=[c[0] for c in UNCOMPARED])
def test_a_new_version_the_rules_do_not_compare_is_a_safe_change(kind: str, old: str,
                                                                 new: str) -> None:
    changes = classified_changes(parse_schema(old, kind), parse_schema(new, kind),
                                 Level.BACKWARD)
    assert [(c.kind, c.verdict(Level.BACKWARD)) for c in changes] == [("other-change", SAFE)]
    assert summarize(changes, Level.BACKWARD) == "compatible"


def test_equal_identities_have_no_change() -> None:
    spaced = PROTO.replace("int32 qty = 1;", "int32   qty = 1;  // how many")
    assert classified_changes(parse_schema(PROTO, "PROTOBUF"), parse_schema(spaced, "PROTOBUF"),
                              Level.BACKWARD) == []
