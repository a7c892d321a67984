"""schemalint's verdicts against the ``avro`` package's ReaderWriterCompatibilityChecker.

Both follow Apache Avro's resolution rules; where Java (and so Confluent) and the Python
package differ, schemalint follows Java. Each known difference is pinned by a named test
below and excluded by name from the property test.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import avro.schema
import pytest
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from schemalint.formats.avro import ENGINE

Json = Any


def python_avro_compatible(reader: str, writer: str) -> bool:
    checker = ReaderWriterCompatibilityChecker()  # type: ignore[no-untyped-call]
    result = checker.get_compatibility(
        avro.schema.parse(reader), avro.schema.parse(writer))
    return bool(result.compatibility == SchemaCompatibilityType.compatible)


def schemalint_compatible(reader: str, writer: str) -> bool:
    return not ENGINE.incompatibilities(ENGINE.parse(reader), ENGINE.parse(writer))


# -- the known differences, each pinned -----------------------------------------------------

def _named(name: str, namespace: str | None = None, **extra: Any) -> str:
    schema: dict[str, Any] = {"type": "record", "name": name, "fields": [
        {"name": "a", "type": "int"}], **extra}
    if namespace:
        schema["namespace"] = namespace
    return json.dumps(schema)


def test_java_resolves_a_short_type_alias_in_the_readers_namespace() -> None:
    reader = _named("Y", "com.acme", aliases=["X"])
    writer = _named("X", "com.acme")
    assert schemalint_compatible(reader, writer)  # Java: alias X means com.acme.X
    assert not python_avro_compatible(reader, writer)


def test_java_does_not_match_a_short_alias_against_another_namespace() -> None:
    reader = _named("Y", "com.acme", aliases=["X"])
    writer = _named("X")
    assert not schemalint_compatible(reader, writer)  # com.acme.X is not X
    assert python_avro_compatible(reader, writer)


def test_java_rejects_a_reader_field_matching_two_writer_fields() -> None:
    reader = json.dumps({"type": "record", "name": "R", "fields": [
        {"name": "a", "type": "int", "aliases": ["b"]}]})
    writer = json.dumps({"type": "record", "name": "R", "fields": [
        {"name": "a", "type": "int"}, {"name": "b", "type": "int"}]})
    [finding] = ENGINE.incompatibilities(ENGINE.parse(reader), ENGINE.parse(writer))
    assert finding.code == "READER_FIELD_MATCHES_MULTIPLE_WRITER_FIELDS"
    assert python_avro_compatible(reader, writer)


def _aliases(schema: Json) -> list[tuple[str, Json]]:
    found = []
    if isinstance(schema, dict):
        found += [(alias, schema) for alias in schema.get("aliases", ())
                  if schema.get("type") in ("record", "enum", "fixed")]
        for value in schema.values():
            found += _aliases(value)
    elif isinstance(schema, list):
        for value in schema:
            found += _aliases(value)
    return found


def _field_alias_hits_two(reader: Json, writer: Json) -> bool:
    def records(schema: Json) -> list[Json]:
        if isinstance(schema, dict):
            own = [schema] if schema.get("type") == "record" else []
            return own + [item for value in schema.values() for item in records(value)]
        if isinstance(schema, list):
            return [item for value in schema for item in records(value)]
        return []
    writer_fields = {field["name"] for record in records(writer) for field in record["fields"]}
    # Java counts the field's own name and each alias (an alias equal to the name counts
    # twice); any record of the writer may be the one matched.
    return any((field["name"] in writer_fields)
               + sum(alias in writer_fields for alias in dict.fromkeys(field.get("aliases", ())))
               > 1
               for record in records(reader) for field in record["fields"])


KNOWN_DIFFERENCES: dict[str, Callable[[Json, Json], bool]] = {
    "short type aliases resolve in the reader's namespace": lambda reader, _: any(
        "." not in alias for alias, _ in _aliases(reader)),
    "a reader field matching two writer fields aborts the check": _field_alias_hits_two,
}


# -- generated pairs ---------------------------------------------------------------------------

PRIMITIVE = st.sampled_from(["null", "boolean", "int", "long", "float", "double", "bytes",
                             "string"])
NAMES = ["N1", "N2"]


@st.composite
def schemas(draw: st.DrawFn, depth: int = 2, used: set[str] | None = None) -> Json:
    used = set() if used is None else used
    options = ["primitive"] * 4 + (["array", "map", "union", "enum", "fixed", "record"]
                                   if depth > 0 else ["enum", "fixed"])
    kind = draw(st.sampled_from(options))
    if kind == "primitive":
        return draw(PRIMITIVE)
    if kind in ("enum", "fixed", "record"):
        free = [name for name in NAMES if name not in used]
        if not free:
            return draw(PRIMITIVE)
        name = draw(st.sampled_from(free))
        used.add(name)
        named: dict[str, Any] = {"type": kind, "name": name}
        if draw(st.booleans()):
            named["namespace"] = draw(st.sampled_from(["a", "b"]))
        if draw(st.integers(0, 4)) == 0:
            named["aliases"] = [draw(st.sampled_from(["a.N1", "b.N2", "N1", "N2"]))]
        if kind == "enum":
            symbols = draw(st.lists(st.sampled_from(["A", "B", "C"]), min_size=1, unique=True))
            named["symbols"] = symbols
            if draw(st.booleans()):
                named["default"] = draw(st.sampled_from(symbols))
        elif kind == "fixed":
            named["size"] = draw(st.integers(1, 2))
        else:
            named["fields"] = draw(fields(depth - 1, used))
        return named
    if kind == "array":
        return {"type": "array", "items": draw(schemas(depth - 1, used))}
    if kind == "map":
        return {"type": "map", "values": draw(schemas(depth - 1, used))}
    branches = draw(st.lists(schemas(0, used), min_size=1, max_size=3))
    keys = [branch if isinstance(branch, str) else
            branch["name"] if "name" in branch else branch["type"] for branch in branches]
    assume(len(set(keys)) == len(keys))
    return branches


@st.composite
def fields(draw: st.DrawFn, depth: int, used: set[str]) -> list[Json]:
    names = draw(st.lists(st.sampled_from(["f", "g", "h"]), max_size=3, unique=True))
    result = []
    for name in names:
        field: dict[str, Any] = {"name": name, "type": draw(schemas(depth, used))}
        if draw(st.booleans()):
            field["default"] = _default(field["type"])
        if draw(st.integers(0, 5)) == 0:
            field["aliases"] = [draw(st.sampled_from(["f", "g", "h"]))]
        if "default" in field and field["default"] is _NO_DEFAULT:
            del field["default"]
        result.append(field)
    return result


_NO_DEFAULT = object()


def _default(schema: Json) -> Any:
    first = schema[0] if isinstance(schema, list) else schema
    kind = first if isinstance(first, str) else first["type"]
    return {"null": None, "boolean": False, "int": 0, "long": 0, "float": 0.0, "double": 0.0,
            "string": "", "bytes": "", "array": [], "map": {}}.get(kind, _NO_DEFAULT)


@st.composite
def records(draw: st.DrawFn) -> Json:
    return {"type": "record", "name": "Root", "fields": draw(fields(2, set()))}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.filter_too_much])
@given(records(), records())
def test_verdicts_match_the_avro_package(reader: Json, writer: Json) -> None:
    for name, differs in KNOWN_DIFFERENCES.items():
        assume(not differs(reader, writer)), name
    reader_text, writer_text = json.dumps(reader), json.dumps(writer)
    assert schemalint_compatible(reader_text, writer_text) == python_avro_compatible(
        reader_text, writer_text)


@pytest.mark.parametrize("name", sorted(KNOWN_DIFFERENCES))
def test_known_differences_are_real(name: str) -> None:
    # Each exclusion names a pair the pinned tests above show to differ.
    examples = {
        "short type aliases resolve in the reader's namespace": (
            json.loads(_named("Y", "com.acme", aliases=["X"])), json.loads(_named("X"))),
        "a reader field matching two writer fields aborts the check": (
            {"type": "record", "name": "R", "fields": [
                {"name": "a", "type": "int", "aliases": ["b"]}]},
            {"type": "record", "name": "R", "fields": [
                {"name": "a", "type": "int"}, {"name": "b", "type": "int"}]}),
    }
    reader, writer = examples[name]
    assert KNOWN_DIFFERENCES[name](reader, writer)
    assert schemalint_compatible(json.dumps(reader), json.dumps(writer)) != \
        python_avro_compatible(json.dumps(reader), json.dumps(writer))
