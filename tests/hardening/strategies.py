"""Hypothesis strategies: valid Avro and JSON Schema documents, arbitrary JSON, hostile text."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import strategies as st

Json = Any
PRIMITIVES = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]
_DEFAULTS: dict[str, Json] = {"null": None, "boolean": False, "int": 0, "long": 0,
                              "float": 0.0, "double": 0.0, "bytes": "", "string": ""}
_NAMES = st.sampled_from(["id", "amount", "note", "created_at", "status", "items", "kind",
                          "total", "currency", "tags"])

# Text a hostile schema could carry in a doc or a name: escapes, controls, odd Unicode.
HOSTILE_TEXT = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["\x1b[31m", "\x1b]8;;x\x07", "\x9b", "\u202e", "\r\n", "\x00", "%0A::",
                     "[/bold]", "|", "caf\udce9", "\ufeff", "\U0001f600"]),
).map(str)


def _default_for(schema: Json) -> Json:
    if isinstance(schema, str):
        return _DEFAULTS.get(schema, {})
    if isinstance(schema, list):
        return _default_for(schema[0])
    kind = schema["type"]
    if kind in _DEFAULTS:
        return _DEFAULTS[kind]
    return {"array": [], "map": {}, "enum": schema.get("symbols", ["A"])[0],
            "fixed": "\u0000" * schema.get("size", 0)}.get(kind, {})


@st.composite
def avro_schemas(draw: st.DrawFn, depth: int = 2, counter: Any = None) -> Json:
    """A valid Avro schema: names unique per document, no alias naming another field."""
    counter = counter if counter is not None else itertools.count()
    choices = ["primitive", "enum", "fixed"]
    if depth > 0:
        choices += ["record", "record", "array", "map", "union"]
    kind = draw(st.sampled_from(choices))
    if kind == "primitive":
        primitive = draw(st.sampled_from(PRIMITIVES))
        if primitive in ("int", "long") and draw(st.booleans()):
            logical = "date" if primitive == "int" else "timestamp-millis"
            return {"type": primitive, "logicalType": logical}
        return primitive
    if kind == "enum":
        symbols = draw(st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=1,
                                max_size=4, unique=True))
        return {"type": "enum", "name": f"E{next(counter)}", "symbols": symbols}
    if kind == "fixed":
        return {"type": "fixed", "name": f"F{next(counter)}",
                "size": draw(st.integers(0, 16))}
    if kind == "array":
        return {"type": "array", "items": draw(avro_schemas(depth - 1, counter))}
    if kind == "map":
        return {"type": "map", "values": draw(avro_schemas(depth - 1, counter))}
    if kind == "union":
        branches = draw(st.lists(st.sampled_from(PRIMITIVES), min_size=1, max_size=3,
                                 unique=True))
        return branches
    names = draw(st.lists(_NAMES, max_size=5, unique=True))
    fields = []
    for name in names:
        field: dict[str, Json] = {"name": name, "type": draw(avro_schemas(depth - 1, counter))}
        if draw(st.booleans()):
            field["default"] = _default_for(field["type"])
        if draw(st.booleans()):
            field["doc"] = draw(HOSTILE_TEXT.filter(lambda text: "\udce9" not in text))
        if draw(st.booleans()):
            field["aliases"] = [f"old_{name}"]  # never another field's name
        fields.append(field)
    return {"type": "record", "name": f"R{next(counter)}", "namespace": "com.acme",
            "fields": fields}


@st.composite
def avro_records(draw: st.DrawFn) -> Json:
    schema = draw(avro_schemas(depth=3))
    if isinstance(schema, dict) and schema.get("type") == "record":
        return schema
    return {"type": "record", "name": "Root", "namespace": "com.acme",
            "fields": [{"name": "value", "type": schema}]}


def avro_evolutions(base: Json) -> st.SearchStrategy[Json]:
    """A later version of ``base``: a field added (with or without default) or removed."""
    def add(field: tuple[str, str, bool]) -> Json:
        name, kind, with_default = field
        if any(existing["name"] == name for existing in base["fields"]):
            return base
        added: dict[str, Json] = {"name": name, "type": kind}
        if with_default:
            added["default"] = _DEFAULTS[kind]
        return {**base, "fields": [*base["fields"], added]}

    def remove(index: int) -> Json:
        fields = list(base["fields"])
        if fields:
            fields.pop(index % len(fields))
        return {**base, "fields": fields}

    return st.one_of(
        st.just(base),
        st.tuples(_NAMES, st.sampled_from(PRIMITIVES), st.booleans()).map(add),
        st.integers(0, 10).map(remove),
    )


_JSON_TYPES = st.sampled_from(["string", "integer", "number", "boolean", "null"])


def json_schemas() -> st.SearchStrategy[Json]:
    leaves = st.one_of(
        _JSON_TYPES.map(lambda kind: {"type": kind}),
        st.just(True),
        st.just({}),
        st.builds(lambda low: {"type": "integer", "minimum": low}, st.integers(-5, 5)),
        st.builds(lambda values: {"enum": values},
                  st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, unique=True)),
    )

    def composite(children: st.SearchStrategy[Json]) -> st.SearchStrategy[Json]:
        return st.one_of(
            st.builds(lambda props, extra: {"type": "object", "properties": props,
                                            "additionalProperties": extra},
                      st.dictionaries(_NAMES, children, max_size=4), st.booleans()),
            st.builds(lambda items: {"type": "array", "items": items}, children),
            st.builds(lambda branches: {"oneOf": branches},
                      st.lists(children, min_size=1, max_size=3)),
            st.builds(lambda branches: {"anyOf": branches},
                      st.lists(children, min_size=1, max_size=3)),
        )

    return st.recursive(leaves, composite, max_leaves=12).map(
        lambda schema: {"$schema": "http://json-schema.org/draft-07/schema#",
                        "type": "object", "properties": {"value": schema}})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)

# Arbitrary JSON that leans towards schema keywords, so parsing gets past the first check.
_KEYWORDS = st.sampled_from(["type", "name", "namespace", "fields", "items", "values",
                             "symbols", "size", "default", "aliases", "logicalType",
                             "properties", "$ref", "oneOf", "anyOf", "allOf", "not",
                             "additionalProperties", "required", "enum", "const", "$schema",
                             "definitions", "$defs", "if", "then", "else", "precision"])
_WORDS = st.sampled_from(["record", "enum", "fixed", "array", "map", "string", "int", "null",
                          "long", "bytes", "decimal", "object", "integer", "number", "A",
                          "com.acme", "#", "#/definitions/a", "R0"])
schema_like_json = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 20) | _WORDS,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(_KEYWORDS, children, max_size=5),
    max_leaves=25,
)
