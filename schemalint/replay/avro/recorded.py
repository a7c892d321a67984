"""Recorded Avro events made into the events replay writes: unions tagged with the branch
that wrote them (fastavro's tuple notation), values as the primitives the log holds.

Binary events (a container file's records, a wire-format payload) are decoded by fastavro
through the writer schema with every union branch wrapped in a one-field record: a record
adds nothing to Avro's binary encoding, and fastavro names the record a union read
(``return_record_name``), which names the branch. Events in Avro's JSON encoding carry
their branch already (``{"long": 5}``).
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Iterator
from typing import Any

import fastavro

from schemalint.formats.avro import avro_documents
from schemalint.model import Schema
from schemalint.replay.avro.generate import branch_name, type_name

_NAMED = ("record", "error", "enum", "fixed")
_WRAPPER = "schemalint_branch_"
_LIMITS = {"int": 2**31, "long": 2**63}


class UnreadableEvent(ValueError):
    """A recorded event the schema cannot read: the message says where and why."""


class AvroEvents:
    """One writer schema's reading of recorded events, binary or in the JSON encoding."""

    def __init__(self, schema: Schema) -> None:
        self.named: dict[str, Any] = {}
        self._branches: dict[str, str] = {}
        wrapped_named: dict[str, Any] = {}
        counter = itertools.count()
        wrapped: Any = None
        for document in avro_documents(schema):
            plain = _qualified(document, "")
            _collect_named(plain, self.named)
            self.root = plain
            wrapped = fastavro.parse_schema(
                self._wrapped(plain, "", counter), named_schemas=wrapped_named,
                _ignore_default_error=True)
        self._wrapped_schema = wrapped

    def from_binary(self, data: bytes) -> Any:
        """The event ``data`` holds, whole: bytes left over mean another schema wrote it."""
        stream = io.BytesIO(data)
        event = self.read(stream)
        left = len(data) - stream.tell()
        if left:
            raise UnreadableEvent(f"{left} byte{'' if left == 1 else 's'} left over after "
                                  "the event: another schema wrote it")
        return event

    def read(self, stream: io.BytesIO) -> Any:
        """The next event of ``stream``."""
        try:
            decoded = fastavro.schemaless_reader(stream, self._wrapped_schema, None,
                                                 return_record_name=True)
        except Exception as error:  # whatever the decoder raises is the event unreadable
            raise UnreadableEvent(f"the decoder fails: {error}") from None
        return self._tagged(decoded)

    def from_json(self, text: str) -> Any:
        """The event a line of Avro's JSON encoding holds."""
        try:
            value = json.loads(text)
        except ValueError as error:
            raise UnreadableEvent(f"not JSON: {error}") from None
        return self._from_json(self.root, value, "")

    def _tagged(self, decoded: Any) -> Any:
        if isinstance(decoded, tuple):
            return self._branches[decoded[0]], self._tagged(decoded[1]["v"])
        if isinstance(decoded, dict):
            return {key: self._tagged(value) for key, value in decoded.items()}
        if isinstance(decoded, list):
            return [self._tagged(item) for item in decoded]
        return decoded

    def _wrapped(self, schema: Any, namespace: str, counter: Iterator[int]) -> Any:
        """``schema`` with each union branch a record of one field ``v``, named in the
        enclosing namespace (names inside it then resolve as before)."""
        if isinstance(schema, list):
            branches = []
            for branch in schema:
                local = f"{_WRAPPER}{next(counter)}"
                name = f"{namespace}.{local}" if namespace else local
                self._branches[name] = branch_name(branch)
                branches.append({"type": "record", "name": name, "namespace": namespace,
                                 "fields": [
                    {"name": "v", "type": self._wrapped(branch, namespace, counter)}]})
            return branches
        if not isinstance(schema, dict):
            return schema
        kind = schema["type"]
        if kind in ("record", "error"):
            inner = str(schema["name"]).rpartition(".")[0]
            return {**schema, "fields": [
                {**field, "type": self._wrapped(field["type"], inner, counter)}
                for field in schema["fields"]]}
        if kind == "array":
            return {**schema, "items": self._wrapped(schema["items"], namespace, counter)}
        if kind == "map":
            return {**schema, "values": self._wrapped(schema["values"], namespace, counter)}
        return schema

    def _from_json(self, schema: Any, value: Any, where: str) -> Any:
        if isinstance(schema, str) and schema in self.named:
            schema = self.named[schema]
        if isinstance(schema, list):
            return self._union_from_json(schema, value, where)
        kind = type_name(schema)
        if kind in ("record", "error"):
            if not isinstance(value, dict):
                raise _expected("an object", value, where)
            fields = {}
            for field in schema["fields"]:
                name = field["name"]
                if name in value:
                    fields[name] = self._from_json(field["type"], value[name],
                                                   f"{where}.{name}".lstrip("."))
                elif "default" in field:
                    fields[name] = self._default(field["type"], field["default"], name)
                else:
                    raise UnreadableEvent(f"field '{f'{where}.{name}'.lstrip('.')}' is "
                                          "missing and has no default")
            return fields
        if kind == "enum":
            if value not in schema["symbols"]:
                raise _expected(f"a symbol of {schema['name']}", value, where)
            return value
        if kind == "array":
            if not isinstance(value, list):
                raise _expected("an array", value, where)
            return [self._from_json(schema["items"], item, f"{where}[]") for item in value]
        if kind == "map":
            if not isinstance(value, dict):
                raise _expected("an object (a map)", value, where)
            return {key: self._from_json(schema["values"], item, f"{where}{{}}")
                    for key, item in value.items()}
        return _primitive_from_json(kind, schema, value, where)

    def _union_from_json(self, branches: list[Any], value: Any, where: str) -> Any:
        if value is None:
            if "null" not in branches:
                raise _expected("a union branch ({\"type\": value})", value, where)
            return "null", None
        if not isinstance(value, dict) or len(value) != 1:
            raise _expected("a union branch ({\"type\": value})", value, where)
        ((tag, inner),) = value.items()
        for branch in branches:
            name = branch_name(branch)
            if tag in (name, name.rpartition(".")[2]):
                return name, self._from_json(branch, inner, where)
        raise UnreadableEvent(f"{_at(where)}: the union has no branch {tag!r}")

    def _default(self, schema: Any, default: Any, where: str) -> Any:
        """A field's default as an event holds it: a union's is its first branch's."""
        if isinstance(schema, str) and schema in self.named:
            schema = self.named[schema]
        if isinstance(schema, list):
            first = schema[0]
            return branch_name(first), self._from_json(first, default, where)
        return self._from_json(schema, default, where)


def container_events(data: bytes) -> tuple[str, Iterator[tuple[int, bytes | Exception]]]:
    """An Avro object container file's writer schema (as its header holds it) and, per
    record, its position (from 1) and bytes, or why the file ends there."""
    stream = io.BytesIO(data)
    try:
        blocks = fastavro.block_reader(stream)
        text = blocks.metadata["avro.schema"]
        schema_text = text.decode() if isinstance(text, bytes) else str(text)
        raw = fastavro.parse_schema(_qualified(json.loads(schema_text), ""),
                                    _ignore_default_error=True)
    except Exception as error:  # whatever the reader raises is the file unreadable
        raise UnreadableEvent(f"not an Avro object container file: {error}") from None

    def records() -> Iterator[tuple[int, bytes | Exception]]:
        position = 0
        try:
            for block in blocks:
                # The block's records, decompressed (fastavro's stubs omit the attribute).
                body: io.BytesIO = block.bytes_  # type: ignore[attr-defined]
                for _ in range(block.num_records):
                    position += 1
                    start = body.tell()
                    fastavro.schemaless_reader(body, raw, None)
                    yield position, body.getvalue()[start:body.tell()]
        except Exception as error:  # whatever the reader raises ends what can be read
            yield position or 1, error

    return schema_text, records()


def _primitive_from_json(kind: str, schema: Any, value: Any, where: str) -> Any:
    if kind == "null":
        if value is not None:
            raise _expected("null", value, where)
        return None
    if kind == "boolean":
        if not isinstance(value, bool):
            raise _expected("true or false", value, where)
        return value
    if kind in _LIMITS:
        limit = _LIMITS[kind]
        if isinstance(value, bool) or not isinstance(value, int) or not -limit <= value < limit:
            raise _expected(f"an Avro {kind}", value, where)
        return value
    if kind in ("float", "double"):
        if isinstance(value, str) and value in ("NaN", "Infinity", "-Infinity"):
            return float(value.replace("Infinity", "inf"))
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _expected(f"an Avro {kind}", value, where)
        return float(value)
    if kind == "string":
        if not isinstance(value, str):
            raise _expected("a string", value, where)
        return value
    if kind in ("bytes", "fixed"):
        # Avro's JSON encoding writes bytes as a string of code points 0-255.
        if not isinstance(value, str) or any(ord(char) > 255 for char in value):
            raise _expected("a string of code points 0-255 (bytes)", value, where)
        data = value.encode("latin-1")
        if kind == "fixed" and len(data) != schema["size"]:
            raise _expected(f"{schema['size']} bytes", value, where)
        return data
    raise UnreadableEvent(f"{_at(where)}: no such Avro type {kind!r}")


def _expected(what: str, value: Any, where: str) -> UnreadableEvent:
    shown = json.dumps(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return UnreadableEvent(f"{_at(where)}: expected {what}, found {shown}")


def _at(where: str) -> str:
    return f"at field '{where}'" if where else "at the event"


def _qualified(schema: Any, namespace: str) -> Any:
    """``schema`` with every named type's namespace stated, references by full name, and
    no logical type: what is written, whatever the document's shorthand."""
    if isinstance(schema, list):
        return [_qualified(branch, namespace) for branch in schema]
    if isinstance(schema, str):
        if schema in _PRIMITIVES or "." in schema or not namespace:
            return schema
        return f"{namespace}.{schema}"
    if not isinstance(schema, dict):
        return schema
    plain = {key: value for key, value in schema.items()
             if key not in ("logicalType", "namespace")}
    kind = plain.get("type")
    if isinstance(kind, (dict, list)) or (isinstance(kind, str) and kind not in _COMPLEX
                                          and kind not in _PRIMITIVES):
        plain["type"] = _qualified(kind, namespace)
        return plain["type"] if set(plain) == {"type"} else plain
    if kind in _NAMED:
        name = str(plain["name"])
        own = schema.get("namespace", namespace) or ""
        full = name if "." in name or not own else f"{own}.{name}"
        inner = full.rpartition(".")[0]
        # Stated even when empty: a type in no namespace, nested in one that has one.
        plain["name"], plain["namespace"] = full, inner
        if kind in ("record", "error"):
            plain["fields"] = [{**field, "type": _qualified(field["type"], inner)}
                               for field in plain.get("fields", ())]
    elif kind == "array":
        plain["items"] = _qualified(plain["items"], namespace)
    elif kind == "map":
        plain["values"] = _qualified(plain["values"], namespace)
    return plain


_PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes",
                         "string"})
_COMPLEX = frozenset({"record", "error", "enum", "fixed", "array", "map"})


def _collect_named(schema: Any, found: dict[str, Any]) -> None:
    if isinstance(schema, list):
        for branch in schema:
            _collect_named(branch, found)
    elif isinstance(schema, dict):
        kind = schema.get("type")
        if kind in _NAMED:
            found[str(schema["name"])] = schema
        if kind in ("record", "error"):
            for field in schema.get("fields", ()):
                _collect_named(field["type"], found)
        elif kind == "array":
            _collect_named(schema["items"], found)
        elif kind == "map":
            _collect_named(schema["values"], found)

