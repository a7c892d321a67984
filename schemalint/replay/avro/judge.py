"""What counts as broken, as a reader sees it.

An event breaks when the reader fails to decode it (REPLAY001), or when it decodes but a field
both versions share reads a different value than the one written, after Avro's promotions
(REPLAY002: the meaning changed). Logical types are judged as Java's readers apply them: the
reader's logical type over the resolved primitive. A ``timestamp-millis`` written and read as
``timestamp-micros`` is the same long on the log and a time 1,000 times nearer the epoch to
the reader; fastavro, which converts with each side's own logical type, hides that.
"""

from __future__ import annotations

import datetime as dt
import math
import struct
from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from schemalint.replay.avro.generate import PRIMITIVES, branch_name, type_name
from schemalint.replay.codes import REPLAY001, REPLAY002
from schemalint.replay.formats import Break


class _Failed:
    """The reader failed: there is no value read."""


_FAILED = _Failed()
_RECORDS = ("record", "error")
_PROMOTIONS = {("int", "long"), ("int", "float"), ("int", "double"), ("long", "float"),
               ("long", "double"), ("float", "double"), ("string", "bytes"),
               ("bytes", "string")}


class Unreadable(NamedTuple):
    reason: str


class Judge:
    """Judges events one writer schema wrote as one reader schema reads them (fastavro's
    parsed forms, named types by full name)."""

    def __init__(self, writer: Any, writer_named: Mapping[str, Any], reader: Any,
                 reader_named: Mapping[str, Any]) -> None:
        self.writer, self.writer_named = writer, writer_named
        self.reader, self.reader_named = reader, reader_named
        # The top-level records' field types by name, writer's and reader's, once asked.
        self._types: tuple[dict[str, Any], dict[str, Any]] | None = None
        # Each record pair's fields (``_sources``), by the records' ids: the schemas are
        # held by the judge, so the ids stay theirs.
        self._sources: dict[tuple[int, int], list[tuple[Any, Any]]] = {}

    def judge(self, written: Any, read: Any) -> Break | None:
        """The first field of an event that reads another value than it was written with."""
        return self._walk(self.writer, self.reader, written, read, ())

    def failure(self, written: Any, error: Exception,
                alike: Collection[str] = ()) -> Break:
        """Where the reader failed on ``written``, as far as the schemas tell; ``alike``:
        the reader's top-level fields known to read as written, passed over."""
        found = self.failed_at(written, alike)
        message = show_error(error)
        if found is None:
            return Break(REPLAY001, (), show(written), message)
        return found._replace(code=REPLAY001, read=f"{found.read}; the decoder says {message}")

    def failed_at(self, written: Any, alike: Collection[str] = ()) -> Break | None:
        """``failure``'s break but for the decoder's words, where the schemas tell."""
        if alike:
            return self._record(self.writer, self.reader, written, _FAILED, (), {}, alike)
        return self._walk(self.writer, self.reader, written, _FAILED, ())

    def _walk(self, writer: Any, reader: Any, written: Any, read: Any,
              path: tuple[str, ...], records: Mapping[str, tuple[str, ...]] | None = None
              ) -> Break | None:
        """The first break of ``written`` read as ``read`` (or failing); ``records``: the
        path of each record the walk is inside, by name (None: a walk from the top)."""
        writer = _named(writer, self.writer_named)
        reader = _named(reader, self.reader_named)
        if isinstance(writer, list):
            name, written = written
            writer = _named(next(branch for branch in writer if branch_name(branch) == name),
                            self.writer_named)
        if isinstance(reader, list):
            chosen = _reader_branch(reader, writer, self.reader_named)
            if chosen is None:
                return _unreadable(path, written, read,
                                   f"the reader's union has no branch for {type_name(writer)}")
            reader = _named(chosen, self.reader_named)
        kind, reader_kind = type_name(writer), type_name(reader)
        if kind in _RECORDS:
            return self._record(writer, reader, written, read, path, records or {}) \
                if reader_kind in _RECORDS else _unreadable(
                    path, written, read, f"{_a(reader_kind)} cannot read a record")
        if kind == "enum":
            return _enum(reader, written, read, path) if reader_kind == "enum" else \
                _unreadable(path, written, read, f"{_a(reader_kind)} cannot read an enum")
        if kind in ("array", "map"):
            if reader_kind != kind:
                return _unreadable(path, written, read, f"{_a(reader_kind)} cannot read {_a(kind)}")
            inner, step = ("items", "[]") if kind == "array" else ("values", "{}")
            keys = range(len(written)) if kind == "array" else written.keys()
            for key in keys:
                found = self._walk(writer[inner], reader[inner], written[key],
                                   read if read is _FAILED else read[key], (*path, step),
                                   records)
                if found is not None:
                    return found
            return None
        return _leaf(writer, reader, written, read, path)

    def judge_fields(self, fields: list[tuple[str, str]], written: Any,
                     read: Any) -> Break | None:
        """``judge`` over the named top-level fields alone, (as the writer names each, as the
        reader does)."""
        if not fields:
            return None
        if self._types is None:
            self._types = ({field["name"]: field["type"] for field in self.writer["fields"]},
                           {field["name"]: field["type"] for field in self.reader["fields"]})
        writer, reader = self._types
        top = {self.writer["name"]: ()}
        for source, name in fields:
            found = self._walk(writer[source], reader[name], written[source], read[name],
                               (name,), top)
            if found is not None:
                return found
        return None

    def shared_fields(self) -> list[tuple[str, str]] | None:
        """The top-level record's fields both versions have, (as the writer names it, as
        the reader does); None where either is no record."""
        if type_name(self.writer) not in _RECORDS or type_name(self.reader) not in _RECORDS:
            return None
        return [(source["name"], field["name"])
                for field, source in _sources(self.writer, self.reader) if source is not None]

    def _record(self, writer: Any, reader: Any, written: Any, read: Any,
                path: tuple[str, ...], records: Mapping[str, tuple[str, ...]],
                alike: Collection[str] = ()) -> Break | None:
        # A record met again inside itself (a recursive type) has its fields' paths from
        # where the walk first entered it: a break of one field is one finding, however deep
        # the events nest it.
        path = records.get(writer["name"], path)
        records = {**records, writer["name"]: path}
        key = (id(writer), id(reader))
        if key not in self._sources:
            self._sources[key] = _sources(writer, reader)
        for field, source in self._sources[key]:
            name = field["name"]
            if name in alike:
                continue
            if source is None:
                if read is _FAILED and "default" not in field:
                    return Break(REPLAY001, (*path, name), "(absent: the writer has no such "
                                 "field)", "the reader's field has no default")
                continue
            found = self._walk(source["type"], field["type"], written[source["name"]],
                               read if read is _FAILED else read[name], (*path, name),
                               records)
            if found is not None:
                return found
        return None


def _sources(writer: Any, reader: Any) -> list[tuple[Any, Any]]:
    """Each field of the reader's record with the writer's field it reads (by name, then by
    the reader field's aliases), or None."""
    fields = {field["name"]: field for field in writer["fields"]}
    return [(field, fields.get(field["name"]) or next(
        (fields[alias] for alias in field.get("aliases", ()) if alias in fields), None))
        for field in reader["fields"]]


def _named(schema: Any, named: Mapping[str, Any]) -> Any:
    return named.get(schema, schema) if isinstance(schema, str) else schema


def _reader_branch(union: list[Any], writer: Any, named: Mapping[str, Any]) -> Any:
    """The branch of the reader's union Avro resolves a writer's type to: the first of the
    same type (a named type: of the same name), else the first it promotes to."""
    kind = type_name(writer)
    name = writer.get("name") if isinstance(writer, dict) else None
    branches = [_named(branch, named) for branch in union]
    for branch in branches:
        if type_name(branch) == kind and (name is None or _short(branch.get("name")) ==
                                          _short(name)):
            return branch
    return next((branch for branch in branches if (kind, type_name(branch)) in _PROMOTIONS),
                None)


def _short(name: Any) -> str:
    return str(name).rpartition(".")[2]


def _unreadable(path: tuple[str, ...], written: Any, read: Any, reason: str) -> Break | None:
    """A value the reader cannot read: where the reader failed, the reason; where it read
    something all the same, a changed value."""
    if read is _FAILED:
        return Break(REPLAY001, path, show(written), reason)
    return Break(REPLAY002, path, show(written), show(read))


def _enum(reader: Any, written: Any, read: Any, path: tuple[str, ...]) -> Break | None:
    # A symbol the reader lacks reads as the reader's default: what the default is for.
    expected = written if written in reader["symbols"] else reader.get("default", _FAILED)
    if expected is _FAILED:
        return _unreadable(path, written, read, f"the reader's enum has no symbol {written} "
                           "and no default")
    if read is _FAILED or read == expected:
        return None
    return Break(REPLAY002, path, show(written), show(read))


def _leaf(writer: Any, reader: Any, written: Any, read: Any,
          path: tuple[str, ...]) -> Break | None:
    expected = promoted(type_name(writer), type_name(reader), written)
    if isinstance(expected, Unreadable):
        return _unreadable(path, written, read, expected.reason)
    if read is _FAILED:
        return None
    if type_name(reader) == "float" and isinstance(read, float):
        # fastavro hands a promoted long to a float reader as a double; a float holds 32 bits.
        read = _float32(read)
    meant, meaning = logical_value(writer, written), logical_value(reader, read)
    if meant is not None and meaning is not None:
        if same(meant, meaning):
            return None
        return Break(REPLAY002, path, show_logical(meant, writer, written),
                     show_logical(meaning, reader, read))
    if same(expected, read):
        return None
    return Break(REPLAY002, path, show(written), show(read))


def promoted(kind: str, reader_kind: str, value: Any) -> Any:
    """``value`` of the writer's primitive as Avro's resolution hands it to the reader's."""
    if kind == reader_kind:
        return value
    if (kind, reader_kind) not in _PROMOTIONS:
        return Unreadable(f"{_a(reader_kind)} cannot read {_a(kind)}")
    if reader_kind == "float":
        return _float32(float(value))
    if reader_kind == "double":
        return float(value)
    if reader_kind == "long":
        return value
    if reader_kind == "bytes":
        return value.encode("utf-8")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError as error:
        return Unreadable(f"bytes that are not UTF-8 read as a string ({error.reason} at "
                          f"byte {error.start})")


def _float32(value: float) -> float:
    try:
        return float(struct.unpack("<f", struct.pack("<f", value))[0])
    except OverflowError:
        return math.copysign(math.inf, value)


# A logical type's meaning: (what kind of quantity, its value in one unit per kind).
_NANOS = {"timestamp-millis": 10**6, "timestamp-micros": 10**3, "timestamp-nanos": 1,
          "local-timestamp-millis": 10**6, "local-timestamp-micros": 10**3,
          "local-timestamp-nanos": 1}
_VALID_ON = {"date": "int", "time-millis": "int", "time-micros": "long", "uuid": "string",
             **{logical: "long" for logical in _NANOS}}


def logical_value(schema: Any, raw: Any) -> tuple[str, Any] | None:
    """What a Java reader makes of ``raw`` with ``schema``'s logical type; None without one
    it applies (Java ignores a logical type on a type it does not fit)."""
    if not isinstance(schema, dict):
        return None
    logical, kind = schema.get("logicalType"), schema.get("type")
    if logical == "decimal":
        scale, precision = schema.get("scale", 0), schema.get("precision")
        if kind not in ("bytes", "fixed") or not isinstance(raw, bytes) or \
                not isinstance(precision, int) or not isinstance(scale, int) or \
                not 0 <= scale <= precision:
            return None
        return "decimal", Decimal(int.from_bytes(raw, "big", signed=True)).scaleb(-scale)
    if not isinstance(logical, str) or _VALID_ON.get(logical) != kind or \
            isinstance(raw, (bytes, float)):
        return None
    if logical in _NANOS:
        return ("local" if logical.startswith("local") else "instant"), raw * _NANOS[logical]
    if logical == "date":
        return "date", raw
    if logical == "time-millis":
        return "time", raw * 10**6
    if logical == "time-micros":
        return "time", raw * 10**3
    return "uuid", raw


# What each logical type ``logical_value`` applies makes of its primitive.
_MEANINGS: dict[str, tuple[str, int]] = {
    **{logical: ("local" if logical.startswith("local") else "instant", factor)
       for logical, factor in _NANOS.items()},
    "date": ("date", 1), "time-millis": ("time", 10**6), "time-micros": ("time", 10**3),
    "uuid": ("uuid", 1)}


def primitive_meaning(schema: Any) -> tuple[str, tuple[str, int] | None] | None:
    """A primitive type as ``logical_value`` reads it: the primitive, and what its logical
    type makes of every value (None: the value itself); None for any other type. Two types
    of one primitive and one meaning read every value alike."""
    if isinstance(schema, str):
        return (schema, None) if schema in PRIMITIVES else None
    if not isinstance(schema, dict) or schema.get("type") not in PRIMITIVES:
        return None
    logical, kind = schema.get("logicalType"), schema["type"]
    if logical == "decimal":
        scale, precision = schema.get("scale", 0), schema.get("precision")
        if kind == "bytes" and isinstance(precision, int) and isinstance(scale, int) and \
                0 <= scale <= precision:
            return kind, ("decimal", scale)
        return kind, None
    if not isinstance(logical, str) or _VALID_ON.get(logical) != kind:
        return kind, None
    return kind, _MEANINGS[logical]


def same(one: Any, other: Any) -> bool:
    """Equal values, NaN equal to NaN."""
    if isinstance(one, float) and isinstance(other, float) and math.isnan(one):
        return math.isnan(other)
    if isinstance(one, tuple) and isinstance(other, tuple):
        return len(one) == len(other) and all(map(same, one, other))
    return (bool(one == other) and type(one) is type(other)) or (
        isinstance(one, (int, float)) and isinstance(other, (int, float))
        and not isinstance(one, bool) and one == other)


def show_error(error: Exception, limit: int = 120) -> str:
    text = f"{type(error).__name__}: {error}".strip().rstrip(":")
    return text if len(text) <= limit else f"{text[:limit - 1]}…"


def _a(kind: str) -> str:
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


def show(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit - 1]}…"


def show_logical(meaning: tuple[str, Any], schema: Mapping[str, Any], raw: Any) -> str:
    kind, value = meaning
    logical = schema.get("logicalType")
    shown = str(value)
    try:
        if kind == "date":
            shown = (dt.date(1970, 1, 1) + dt.timedelta(days=value)).isoformat()
        elif kind in ("instant", "local"):
            moment = dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=value // 1000)
            shown = moment.isoformat() + ("Z" if kind == "instant" else "")
        elif kind == "time":
            shown = (dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=value // 1000)
                     ).time().isoformat()
    except OverflowError:
        pass
    if logical == "decimal":
        unscaled = int.from_bytes(raw, "big", signed=True)
        return f"{shown} (decimal, scale {schema.get('scale', 0)}, unscaled {unscaled})"
    return f"{shown} ({logical} {show(raw, 40)})"
