"""One read-only view of a schema, the same for Avro, JSON Schema and Protobuf.

Rules ask the same questions of an Avro record, a JSON Schema object and a Protobuf message:
which fields, of which value kinds, holding which nested records, documented how. Each format
answers them once per schema (``formats/<format>/view.py``), from its engine's own model, and
the answer is kept on the schema (``Schema.view``) for every rule and pass that asks.

Two readings of one schema are offered, because findings are fingerprinted by name paths
that differ between them:

- ``SchemaView.elements``: every record, enum, fixed type (Avro) and field as declared,
  nested ones included, each once, where it is written (Avro named types where defined,
  JSON Schema subschemas where written, ``$defs`` included; Protobuf declarations of the
  file). A nested Avro record is named by the path that declares it: ``Order.lines.Line.sku``.
- ``SchemaView.roots``: the top-level records (Avro), objects (JSON Schema) or the first
  message (Protobuf) and what their fields reach, each reached record once. A nested record
  is named by the field that reaches it: ``Order.lines.sku``.

Value kinds are Avro's names, which the other formats map onto: ``string``, ``int``,
``long``, ``float``, ``double``, ``boolean``, ``bytes``, ``null``, ``record``, ``enum``,
``array``, ``map``, ``fixed``. A field is nullable when ``null`` is among its kinds (an Avro
union with null, a JSON Schema ``null`` type, a Protobuf field with presence).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Literal, NamedTuple, Protocol, TypeVar

from schemalint.allocation import paused_gc
from schemalint.sourcemap import join_pointer

ElementKind = Literal["record", "enum", "fixed", "field"]

# Protobuf's well-known types for an instant; the logical type of fields that hold one.
PROTO_TIMESTAMPS = frozenset({"google.protobuf.Timestamp", "google.type.DateTime"})
TIMESTAMPS = frozenset({
    "timestamp-millis", "timestamp-micros", "timestamp-nanos", "local-timestamp-millis",
    "local-timestamp-micros", "local-timestamp-nanos", "date-time",
    "org.apache.kafka.connect.data.Timestamp", *PROTO_TIMESTAMPS,
})

# Where a field is written and what it is called are kept as its record's pointer and name
# path plus its own step, and spelled out only when asked: a schema of a million fields would
# otherwise hold two million strings that almost no rule reads.
WHOLE = -1
"""The ``position`` of an element whose ``base_pointer`` is its pointer already."""
PROPERTY = -2
"""The ``position`` of a JSON Schema property: ``/properties/<name>`` after ``base_pointer``."""

NO_DECLARATION: Mapping[str, Any] = MappingProxyType({})
"""The declaration of an element written in no JSON (a field of a Protobuf reached record)."""


def place_pointer(base_pointer: str, position: int, name: str) -> str:
    """The pointer of a field kept as its record's pointer and ``position`` (an Avro field's
    index in ``fields``, ``PROPERTY`` or ``WHOLE``)."""
    if position >= 0:
        return f"{base_pointer}/fields/{position}"
    if position == PROPERTY:
        return join_pointer(base_pointer, "properties", name)
    return base_pointer


def place_path(base_path: str, name: str) -> str:
    """The name path of a field named ``name`` in the record at ``base_path``."""
    return f"{base_path}.{name}" if base_path else name


class Element(NamedTuple):
    """A record, an enum, a fixed type or a field: where it is written and what it says of
    itself.

    A plain tuple (no instance dictionary): the largest schemas hold a million fields.
    """

    kind: ElementKind
    name: str
    # The full name of an Avro named type or Protobuf message or enum, a JSON Schema title or
    # name path. For a field, the full name of its Avro record or Protobuf message ("" in JSON
    # Schema): ``full_name`` is written only when asked.
    scope: str
    # A record's or enum's own pointer and name path; a field's record's, which ``pointer``
    # and ``name_path`` extend when asked.
    base_pointer: str
    base_path: str
    # The element as written: the Avro field or type object, the JSON Schema (sub)schema; for
    # Protobuf, the name, the number and Confluent's tags of the declaration.
    declaration: Mapping[str, Any]
    # The doc (Avro), description (JSON Schema) or comment (Protobuf), None when absent.
    doc: str | None
    # Fields only: the value kinds, the logical type or format, and the field's type as
    # written (Avro), the schema its ``$ref`` resolves to (JSON Schema) or the compiled
    # field, message or enum (Protobuf).
    kinds: frozenset[str] = frozenset()
    logical: str | None = None
    type_node: Any = None
    position: int = WHOLE
    # The record a field of ``SchemaView.roots`` holds, as the view reached it.
    record: Record | None = None

    @property
    def pointer(self) -> str:
        return place_pointer(self.base_pointer, self.position, self.name)

    @property
    def name_path(self) -> str:
        return self.base_path if self.kind != "field" else place_path(self.base_path, self.name)

    @property
    def full_name(self) -> str:
        """A named type's full name; a field's record's full name and its own."""
        if self.kind != "field":
            return self.scope
        return f"{self.scope}.{self.name}" if self.scope else self.name

    @property
    def is_timestamp(self) -> bool:
        return self.logical in TIMESTAMPS

    @property
    def nullable(self) -> bool:
        """A field that may hold no value: null in an Avro union or a JSON Schema type list,
        a Protobuf field with presence."""
        return "null" in self.kinds

    @property
    def has_default(self) -> bool:
        return "default" in self.declaration

    @property
    def default(self) -> Any:
        """The default as written (None when there is none: see ``has_default``)."""
        return self.declaration.get("default")

    @property
    def number(self) -> int | None:
        """A Protobuf field's number; None in other formats."""
        number = getattr(self.type_node, "number", None) if self.kind == "field" else None
        return number if isinstance(number, int) else None

    @property
    def field_type(self) -> str | None:
        """A Protobuf field's type as compiled (``string``, ``acme.Money``); None in other
        formats."""
        found = getattr(self.type_node, "type", None) if self.number is not None else None
        return str(found) if found is not None else None

    @property
    def repeated(self) -> bool:
        """Whether a Protobuf field is ``repeated``; False in other formats."""
        return self.number is not None and getattr(self.type_node, "label", None) == "repeated"

    @property
    def values(self) -> tuple[Any, ...]:
        """An enum's symbols (Avro), values (JSON Schema) or value names (Protobuf)."""
        if self.kind != "enum":
            return ()
        declared = getattr(self.type_node, "values", None)
        if isinstance(declared, tuple):  # a Protobuf enum's (name, number) pairs
            return tuple(name for name, _ in declared)
        written = self.declaration.get("symbols", self.declaration.get("enum"))
        return tuple(written) if isinstance(written, list) else ()

    @property
    def value_numbers(self) -> tuple[int, ...]:
        """A Protobuf enum's value numbers, in the order of ``values``; () in other formats."""
        declared = getattr(self.type_node, "values", None) if self.kind == "enum" else None
        if not isinstance(declared, tuple):
            return ()
        return tuple(number for _, number in declared)

    @property
    def reserved_numbers(self) -> tuple[tuple[int, int], ...]:
        """A Protobuf message's or enum's ``reserved`` numbers as inclusive (first, last)
        ranges; () in other formats."""
        found = getattr(self.type_node, "reserved_numbers", ()) \
            if self.kind in ("record", "enum") else ()
        return found if isinstance(found, tuple) else ()

    @property
    def reserved_names(self) -> frozenset[str]:
        """A Protobuf message's or enum's ``reserved`` names; empty in other formats."""
        found = getattr(self.type_node, "reserved_names", ()) \
            if self.kind in ("record", "enum") else ()
        return frozenset(found) if isinstance(found, tuple) else frozenset()


class Record(NamedTuple):
    """A record (Avro), an object with properties (JSON Schema) or a message (Protobuf), with
    the fields ``SchemaView.roots`` reached in it by name."""

    name: str | None
    pointer: str
    name_path: str
    declaration: Mapping[str, Any]
    # Filled in after the record is made, so that recursive records can refer to it.
    fields: dict[str, Element]

    @property
    def short_name(self) -> str | None:
        return self.name.rsplit(".", 1)[-1] if self.name else None

    def has(self, *names: str) -> bool:
        return all(name in self.fields for name in names)

    def any_of(self, *names: str) -> bool:
        return any(name in self.fields for name in names)

    def nested(self, name: str) -> Record | None:
        found = self.fields.get(name)
        return found.record if found is not None else None

    def walk(self) -> Iterator[Record]:
        """This record and every record nested in it, each once."""
        seen: set[int] = set()
        stack = [self]
        while stack:
            record = stack.pop()
            if id(record) in seen:
                continue
            seen.add(id(record))
            yield record
            stack.extend(f.record for f in reversed(record.fields.values())
                         if f.record is not None)


class FieldWalk(Protocol):
    """A format's records and fields as a consumer reading by name walks them (consumer
    contracts' field paths, ``schemalint.contracts.paths``): from the top-level record down
    through nested records, arrays' items, maps' values, unions' branches and types of
    other files, with the pointers its compatibility engine names, so that an engine's
    finding is matched to the fields it touches. Records are opaque to the reader."""

    def roots(self) -> list[Any]: ...

    def fields(self, record: Any) -> Iterator[tuple[str, str, tuple[str, ...], Any]]:
        """(name, pointer, aliases, type) of each field of ``record``."""
        ...

    def records_in(self, type_: Any) -> tuple[list[Any], list[str], bool]:
        """The records a field's type holds (through unions, arrays, maps), the pointers of
        the types passed on the way, and whether an array's items or a map's values were
        among them."""
        ...

    def pointer(self, record: Any) -> str: ...

    def foreign(self, record: Any) -> bool:
        """Whether ``record`` is declared in another file than the schema's."""
        ...

    def identity(self, record: Any) -> Hashable:
        """What is the same for every way a walk reaches one record (a recursive one)."""
        ...


class ViewReader(Protocol):
    """What a format gives ``SchemaView``: its readings, each asked for at most once."""

    def elements(self) -> tuple[Element, ...]:
        """Every record, enum and field as declared (see the module's docstring)."""
        ...

    def roots(self, elements: tuple[Element, ...]) -> tuple[Record, ...]:
        """The top-level records and what they reach; ``elements`` may lend their fields."""
        ...

    def root_names(self) -> tuple[str | None, ...]:
        """The names of ``roots``, read without their fields where that is cheaper."""
        ...

    def field_walk(self) -> FieldWalk | None:
        """The walk a consumer reading fields by name takes; None where nothing is reached."""
        ...


class SchemaView:
    """A schema's view, each reading made when first asked for and then kept.

    A schema nested beyond the stack has nothing to judge: each reading is then empty, as a
    rule that walks it would find nothing. ``docs_known`` is false where the format cannot
    tell a missing doc from one it did not keep (a Protobuf file compiled without its
    source info).
    """

    __slots__ = ("_elements", "_fields", "_reader", "_root_names", "_roots", "_walk",
                 "docs_known")

    def __init__(self, reader: ViewReader | None, *, docs_known: bool = True) -> None:
        self._reader = reader
        self.docs_known = docs_known
        self._elements: tuple[Element, ...] | None = None
        self._fields: tuple[Element, ...] | None = None
        self._roots: tuple[Record, ...] | None = None
        self._root_names: tuple[str | None, ...] | None = None
        self._walk: tuple[FieldWalk | None] | None = None

    @property
    def elements(self) -> tuple[Element, ...]:
        if self._elements is None:
            reader = self._reader
            self._elements = _read(reader.elements) if reader is not None else ()
        return self._elements

    @property
    def fields(self) -> tuple[Element, ...]:
        """The fields among ``elements``."""
        if self._fields is None:
            self._fields = tuple(item for item in self.elements if item.kind == "field")
        return self._fields

    @property
    def roots(self) -> tuple[Record, ...]:
        if self._roots is None:
            reader = self._reader
            elements = self.elements
            self._roots = _read(lambda: reader.roots(elements)) if reader is not None else ()
        return self._roots

    @property
    def root_names(self) -> tuple[str | None, ...]:
        if self._root_names is None:
            if self._roots is not None or self._reader is None:
                self._root_names = tuple(record.name for record in self.roots)
            else:
                self._root_names = _read(self._reader.root_names)
        return self._root_names


    @property
    def field_walk(self) -> FieldWalk | None:
        """The records and fields as a consumer reading by name walks them (``FieldWalk``)."""
        if self._walk is None:
            self._walk = (self._reader.field_walk() if self._reader is not None else None,)
        return self._walk[0]


EMPTY_VIEW = SchemaView(None)
"""The view of a schema no format reads (nothing declared, nothing reached)."""


_T = TypeVar("_T")


def _read(read: Callable[[], tuple[_T, ...]]) -> tuple[_T, ...]:
    try:
        # A view of a large schema makes millions of small objects, none of them garbage.
        with paused_gc():
            return read()
    except RecursionError:
        return ()


# Fields hold a handful of distinct kind sets; one shared object for each keeps a schema of
# hundreds of thousands of fields from holding as many equal sets.
_KIND_SETS: dict[frozenset[str], frozenset[str]] = {}


def shared_kinds(kinds: set[str] | frozenset[str]) -> frozenset[str]:
    key = frozenset(kinds)
    if len(_KIND_SETS) > 4096:
        _KIND_SETS.clear()
    return _KIND_SETS.setdefault(key, key)


# ``Element(...)`` without the generated ``__new__`` in between: a tuple of all its fields
# (every one of them: defaults are not filled in). For the loops that run once per field.
new_element = tuple.__new__
