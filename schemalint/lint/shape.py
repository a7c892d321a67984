"""A format-neutral view of the records a schema describes, read from the parsed JSON.

Rules about payload shape (CDC envelopes, metadata, flavors) ask the same questions of an
Avro record, a JSON Schema object and a Protobuf message: which fields, of which kinds,
holding which nested records. This module answers them by walking ``schema.document``
directly for Avro and JSON Schema, and the compiled model for Protobuf (``protoview``), so the
rules do not depend on the format engines' internals.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import groupby
from operator import attrgetter
from typing import Any, Literal, NamedTuple

from schemalint.model import Schema, SchemaType
from schemalint.sourcemap import join_pointer, unescape_pointer_token

# ``isinstance(value, MAPPING)``: a JSON object is a dict, checked first and fast; the
# abstract ``Mapping`` alone costs ten times as much, on every node of every walk.
MAPPING = (dict, Mapping)
CONTAINER = (list, dict, Mapping)  # what a type that is not a name is written as
AVRO_PRIMITIVES = frozenset(
    {"null", "boolean", "int", "long", "float", "double", "bytes", "string"})
_AVRO_NAMED = ("record", "error", "enum", "fixed")
# Protobuf's well-known types for an instant; the logical type of fields that hold one.
PROTO_TIMESTAMPS = frozenset({"google.protobuf.Timestamp", "google.type.DateTime"})

ElementKind = Literal["record", "enum", "field"]

_TIMESTAMPS = frozenset({
    "timestamp-millis", "timestamp-micros", "timestamp-nanos", "local-timestamp-millis",
    "local-timestamp-micros", "local-timestamp-nanos", "date-time",
    "org.apache.kafka.connect.data.Timestamp", *PROTO_TIMESTAMPS,
})


# Where a field is written and what it is called are kept as its record's pointer and name
# path plus its own step, and spelled out only when asked: a schema of a million fields would
# otherwise hold two million strings per walk that almost no rule reads.
WHOLE = -1
"""The ``position`` of a place whose ``base_pointer`` is its pointer already."""
PROPERTY = -2
"""The ``position`` of a JSON Schema property: ``/properties/<name>`` after ``base_pointer``."""


def place_pointer(base_pointer: str, position: int, name: str) -> str:
    """The pointer of a field kept as its record's pointer and ``position`` (an Avro field's
    index in ``fields``, or ``PROPERTY``, or ``WHOLE``)."""
    if position >= 0:
        return f"{base_pointer}/fields/{position}"
    if position == PROPERTY:
        return join_pointer(base_pointer, "properties", name)
    return base_pointer


def place_path(base_path: str, name: str) -> str:
    """The name path of a field named ``name`` in the record at ``base_path``."""
    return f"{base_path}.{name}" if base_path else name


class Element(NamedTuple):
    """A record, an enum or a field, where it is written and what it says of itself."""

    kind: ElementKind
    name: str
    # Avro full name of a named type; JSON Schema title; Protobuf full name. For a field, the
    # full name of its Avro record or Protobuf message ("" in JSON Schema): ``full_name``
    # is written only when asked, not kept for each of a large schema's fields.
    scope: str
    # A record's or enum's own pointer and name path; a field's record's, which ``pointer``
    # and ``name_path`` extend when asked (see ``place_pointer``).
    base_pointer: str
    base_path: str
    node: Mapping[str, Any]
    # The doc (Avro), description (JSON Schema) or comment (Protobuf), None when absent.
    doc: str | None
    # Fields only: value kinds ("string", "long", "record", …; JSON types mapped onto Avro's),
    # the logical type or format, and the field's type node (Avro) or schema (JSON). Protobuf:
    # the ProtoField, ProtoMessage or ProtoEnum itself.
    kinds: frozenset[str] = frozenset()
    logical: str | None = None
    type_node: Any = None
    position: int = WHOLE
    # A field's record (Avro), object (JSON Schema) or message (Protobuf), as ``Shape`` reads
    # it: set on the fields of shapes only.
    shape: Shape | None = None

    @property
    def pointer(self) -> str:
        return place_pointer(self.base_pointer, self.position, self.name)

    @property
    def name_path(self) -> str:
        return self.base_path if self.kind != "field" else place_path(self.base_path, self.name)

    @property
    def full_name(self) -> str:
        """The full name (of an Avro or Protobuf field, its record's and its own; of a JSON
        Schema field, its name)."""
        if self.kind != "field":
            return self.scope
        return f"{self.scope}.{self.name}" if self.scope else self.name

    @property
    def is_timestamp(self) -> bool:
        return self.logical in _TIMESTAMPS

    @property
    def raw(self) -> Mapping[str, Any]:
        """A field's declaration (``node``), as the shape rules read it."""
        return self.node

    @property
    def field(self) -> Mapping[str, Any]:
        """A field's declaration (``node``), as the evolution rules read it."""
        return self.node


class Shape(NamedTuple):
    """A record (Avro), an object with properties (JSON Schema) or a message (Protobuf)."""

    name: str | None
    pointer: str
    name_path: str
    raw: Mapping[str, Any]
    # Filled in after the shape is made, so that recursive records can refer to it.
    fields: dict[str, Element]

    @property
    def short_name(self) -> str | None:
        return self.name.rsplit(".", 1)[-1] if self.name else None

    def has(self, *names: str) -> bool:
        return all(name in self.fields for name in names)

    def any_of(self, *names: str) -> bool:
        return any(name in self.fields for name in names)

    def nested(self, name: str) -> Shape | None:
        found = self.fields.get(name)
        return found.shape if found is not None else None

    def walk(self) -> Iterator[Shape]:
        """This shape and every shape nested in it, each once."""
        seen: set[int] = set()
        stack = [self]
        while stack:
            shape = stack.pop()
            if id(shape) in seen:
                continue
            seen.add(id(shape))
            yield shape
            stack.extend(f.shape for f in reversed(shape.fields.values()) if f.shape is not None)


def root_shapes(schema: Schema) -> list[Shape]:
    """The top-level records (Avro), objects (JSON Schema) or messages (Protobuf), read once
    per schema however many rules and passes ask."""
    from schemalint.lint.memo import per_schema

    return per_schema(schema, "shape.roots", lambda: _read_roots(schema))


def root_names(schema: Schema) -> list[str | None]:
    """The names of ``root_shapes``, without reading their fields (for an Avro schema)."""
    if schema.schema_type is not SchemaType.AVRO:
        return [shape.name for shape in root_shapes(schema)]
    from schemalint.lint.memo import per_schema

    return per_schema(schema, "shape.root.names", lambda: [
        shape.name for shape in _AvroReader(schema.document, shallow=True).roots()])


def _read_roots(schema: Schema) -> list[Shape]:
    try:
        return _roots_of(schema)
    except RecursionError:  # nested beyond the caller's stack: no shapes to judge
        return []


def _roots_of(schema: Schema) -> list[Shape]:
    if schema.schema_type in (SchemaType.AVRO, SchemaType.JSON):
        # Imported here: the governance walk is built on this module.
        from schemalint.lint.walk import elements

        walked = fields_by_record(elements(schema))
        if schema.schema_type is SchemaType.AVRO:
            return _AvroReader(schema.document, walked=walked).roots()
        return _JsonReader(schema.document, walked).roots()
    if schema.schema_type is SchemaType.PROTOBUF and schema.parsed is not None:
        # Imported here: the Protobuf model needs the protobuf package, an optional extra.
        from schemalint.lint.protobuf_view import ProtoReader, proto_model

        model = proto_model(schema)
        return ProtoReader(model).roots() if model is not None else []
    return []


def as_list(value: Any) -> list[Any]:
    """A JSON array as a list; anything else (a mistake in the schema) as nothing."""
    return value if isinstance(value, list) else []


# Fields hold a handful of distinct kind sets; one shared object for each keeps a schema of
# hundreds of thousands of fields from holding as many equal sets.
_KIND_SETS: dict[frozenset[str], frozenset[str]] = {}


def shared_kinds(kinds: set[str]) -> frozenset[str]:
    key = frozenset(kinds)
    if len(_KIND_SETS) > 4096:
        _KIND_SETS.clear()
    return _KIND_SETS.setdefault(key, key)


def fields_by_record(found: Iterable[Element]) -> dict[str, list[Element]]:
    """The field elements of a walk by the pointer of the record (Avro) or object (JSON
    Schema) declaring them, in order.

    A shape's fields are those same elements wherever the two walks agree on a field (most
    fields of the largest schemas): one record per field, not two.
    """
    grouped: dict[str, list[Element]] = {}
    fields = (element for element in found if element.kind == "field")
    for base, run in groupby(fields, attrgetter("base_pointer")):
        known = grouped.get(base)
        if known is None:
            grouped[base] = list(run)
        else:
            known.extend(run)
    return grouped


def normalise(name: str) -> str:
    """Compare field names across conventions: ``eventId``, ``event_id``, ``Event-ID``."""
    return name.replace("_", "").replace("-", "").replace(".", "").lower()


class _AvroReader:
    def __init__(self, document: Any, shallow: bool = False,
                 walked: Mapping[str, list[Element]] | None = None) -> None:
        self.document = document
        self.shallow = shallow  # records without their fields
        self.walked = walked or {}  # see ``fields_by_record``
        self.named: dict[str, tuple[Mapping[str, Any], str, str]] = {}
        self.cache: dict[str, Shape] = {}
        self._collect(document, "", "")

    def roots(self) -> list[Shape]:
        doc = self.document
        if isinstance(doc, MAPPING):
            shape = self._type_shape(doc, "", "", "")
            return [shape] if shape is not None else []
        if isinstance(doc, list):
            shapes = [self._type_shape(branch, join_pointer("", index), "", "")
                      for index, branch in enumerate(doc)]
            return [shape for shape in shapes if shape is not None]
        if isinstance(doc, str):
            found = self.named.get(doc)
            if found is not None:
                return [self._record(found[0], found[1], found[2], "")]
        return []

    def _collect(self, node: Any, pointer: str, namespace: str) -> None:
        if isinstance(node, list):
            for index, branch in enumerate(node):
                self._collect(branch, join_pointer(pointer, index), namespace)
            return
        if not isinstance(node, MAPPING):
            return
        kind = node.get("type")
        if kind in _AVRO_NAMED and isinstance(node.get("name"), str):
            full = full_avro_name(node, namespace)
            self.named.setdefault(full, (node, pointer, full.rpartition(".")[0]))
            inner = full.rpartition(".")[0]
            if kind in ("record", "error"):
                for index, item in enumerate(as_list(node.get("fields"))):
                    # Only a list or an object can define a type: most fields name one.
                    field_type = item.get("type") if isinstance(item, MAPPING) else None
                    if field_type.__class__ is not str and isinstance(field_type, CONTAINER):
                        self._collect(field_type, f"{pointer}/fields/{index}/type", inner)
            return
        if kind == "array":
            self._collect(node.get("items"), join_pointer(pointer, "items"), namespace)
        elif kind == "map":
            self._collect(node.get("values"), join_pointer(pointer, "values"), namespace)
        elif isinstance(kind, CONTAINER):
            self._collect(kind, join_pointer(pointer, "type"), namespace)

    def _resolve(self, node: Any, namespace: str) -> Any:
        if isinstance(node, str) and node not in AVRO_PRIMITIVES:
            found = self.named.get(node) or self.named.get(f"{namespace}.{node}")
            if found is not None:
                return found
        return None

    def _type_shape(self, node: Any, pointer: str, namespace: str,
                    name_path: str) -> Shape | None:
        if isinstance(node, MAPPING) and node.get("type") in ("record", "error"):
            full = full_avro_name(node, namespace)
            return self._record(node, pointer, full, name_path)
        found = self._resolve(node, namespace)
        if found is not None and found[0].get("type") in ("record", "error"):
            return self._record(found[0], found[1], full_avro_name(found[0], found[2]), name_path)
        return None

    def _record(self, node: Mapping[str, Any], pointer: str, full: str,
                name_path: str) -> Shape:
        cached = self.cache.get(pointer)
        if cached is not None:
            return cached
        short = full.rsplit(".", 1)[-1]
        shape = Shape(full, pointer, name_path or short, node, {})
        self.cache[pointer] = shape
        namespace = full.rpartition(".")[0]
        fields = shape.fields
        path = shape.name_path
        # The walk's elements for this record, where it read them under the same name path:
        # a field of a primitive type is that element as it is; others get this view's kinds.
        walked = self.walked.get(pointer)
        if walked and walked[0].base_path == path and walked[0].scope == full:
            for element in walked:
                field_type = element.type_node
                if field_type.__class__ is str and field_type in AVRO_PRIMITIVES:
                    fields[element.name] = element
                else:
                    kinds, logical, inner = self._kinds(field_type, element.pointer, namespace,
                                                        element.name_path)
                    fields[element.name] = element._replace(kinds=kinds, logical=logical,
                                                            shape=inner)
            return shape
        # Once per field of every record (millions in the largest schemas): the common cases
        # are tested first and inline.
        for index, item in enumerate(as_list(node.get("fields") if not self.shallow else None)):
            if item.__class__ is not dict and not isinstance(item, MAPPING):
                continue
            name = item.get("name")
            if name.__class__ is not str and not isinstance(name, str):
                continue
            field_type = item.get("type")
            if field_type.__class__ is str and field_type in AVRO_PRIMITIVES:
                kinds, logical, inner = PRIMITIVE_KINDS[field_type], None, None
            else:
                kinds, logical, inner = self._kinds(field_type, f"{pointer}/fields/{index}",
                                                    namespace, f"{path}.{name}")
            doc = item.get("doc")
            fields[name] = new_element(Element, (
                "field", name, full, pointer, path, item, doc if isinstance(doc, str) else None,
                kinds, logical, field_type, index, inner))
        return shape

    def _kinds(self, node: Any, field_pointer: str, namespace: str,
               name_path: str) -> tuple[frozenset[str], str | None, Shape | None]:
        """Kinds, logical type and record of a field's type; ``field_pointer`` is the field's
        (the pointer to its type is made only for a record found there)."""
        if node.__class__ is str and node in AVRO_PRIMITIVES:
            return PRIMITIVE_KINDS[node], None, None
        kinds: set[str] = set()
        logical: str | None = None
        inner: Shape | None = None
        branches = list(enumerate(node)) if isinstance(node, list) else [(None, node)]
        for index, branch in branches:
            if isinstance(branch, str):
                found = self._resolve(branch, namespace)
                kinds.add(found[0].get("type", branch) if found else branch)
                if found and found[0].get("type") in ("record", "error") and inner is None:
                    inner = self._type_shape(branch, _type_pointer(field_pointer, index),
                                             namespace, name_path)
            elif isinstance(branch, MAPPING):
                kind = branch.get("type")
                kinds.add("record" if kind == "error" else str(kind))
                if isinstance(branch.get("logicalType"), str):
                    logical = branch["logicalType"]
                elif isinstance(branch.get("connect.name"), str) and logical is None:
                    logical = branch["connect.name"]
                if kind in ("record", "error") and inner is None:
                    inner = self._type_shape(branch, _type_pointer(field_pointer, index),
                                             namespace, name_path)
        return shared_kinds(kinds), logical, inner


PRIMITIVE_KINDS = {name: frozenset({name}) for name in AVRO_PRIMITIVES}
# ``Element(...)`` without the generated ``__new__`` in between: a tuple of all its fields
# (every one of them: defaults are not filled in).
new_element = tuple.__new__


def _type_pointer(field_pointer: str, branch: int | None) -> str:
    pointer = f"{field_pointer}/type"
    return pointer if branch is None else join_pointer(pointer, branch)


def full_avro_name(node: Mapping[str, Any], enclosing: str) -> str:
    name = str(node.get("name", ""))
    if "." in name:
        return name
    namespace = node.get("namespace")
    space = namespace if isinstance(namespace, str) else enclosing
    return f"{space}.{name}" if space else name


JSON_KINDS = {"object": "record", "integer": "long", "number": "double", "string": "string",
               "boolean": "boolean", "null": "null", "array": "array"}


# A property schema with one of these keywords may hold or point at more than its type says.
_JSON_NOT_LEAF = frozenset(("$ref", "properties", "enum", "const", "oneOf", "anyOf"))


def _description(node: Any) -> str | None:
    found = node.get("description") if isinstance(node, MAPPING) else None
    return found if isinstance(found, str) else None


def _json_leaf_kinds(node: Any) -> frozenset[str] | None:
    """The kinds ``_JsonReader._kinds`` gives a plain scalar property schema (a type that is
    not an object, nothing to dereference or combine); None for any other."""
    if node.__class__ is not dict:
        return None
    kind = node.get("type")
    if kind.__class__ is not str or kind not in _JSON_LEAF_KINDS \
            or not _JSON_NOT_LEAF.isdisjoint(node):
        return None
    return _JSON_LEAF_KINDS[kind]


_JSON_LEAF_KINDS = {kind: shared_kinds({mapped}) for kind, mapped in JSON_KINDS.items()
                    if kind != "object"}


class _JsonReader:
    def __init__(self, document: Any,
                 walked: Mapping[str, list[Element]] | None = None) -> None:
        self.document = document
        self.cache: dict[str, Shape] = {}
        self.walked = walked or {}  # see ``fields_by_record``

    def roots(self) -> list[Shape]:
        doc = self.document
        if not isinstance(doc, MAPPING):
            return []
        shape = self._object(doc, "", "")
        if shape is not None:
            return [shape]
        shapes = []
        for keyword in ("oneOf", "anyOf"):
            for index, branch in enumerate(as_list(doc.get(keyword))):
                found = self._object(branch, join_pointer("", keyword, index), "")
                if found is not None:
                    shapes.append(found)
        return shapes

    def _deref(self, node: Any, pointer: str) -> tuple[Any, str]:
        for _ in range(32):
            if not (isinstance(node, MAPPING) and isinstance(node.get("$ref"), str)
                    and node["$ref"].startswith("#")):
                break
            target_pointer = node["$ref"][1:]
            target: Any = self.document
            for token in target_pointer.split("/")[1:]:
                token = unescape_pointer_token(token)
                if isinstance(target, MAPPING) and token in target:
                    target = target[token]
                elif isinstance(target, list) and token.isdigit() and int(token) < len(target):
                    target = target[int(token)]
                else:
                    return node, pointer
            node, pointer = target, target_pointer
        return node, pointer

    def _object(self, node: Any, pointer: str, name_path: str) -> Shape | None:
        node, pointer = self._deref(node, pointer)
        if not isinstance(node, MAPPING):
            return None
        cached = self.cache.get(pointer)
        if cached is not None:
            return cached
        maps = self._property_maps(node, pointer)
        types = node.get("type")
        is_object = types == "object" or (isinstance(types, list) and "object" in types)
        if not maps and not is_object:
            return None
        title = node.get("title") if isinstance(node.get("title"), str) else None
        shape = Shape(title, pointer, name_path or (title or ""), node, {})
        self.cache[pointer] = shape
        path = shape.name_path
        fields = shape.fields
        for index, (properties, base) in enumerate(maps):
            # The walk's elements for these properties, in their order, where it read them
            # under the same name path: taken as they are wherever the kinds agree.
            walked = self.walked.get(base) or ()
            reused = iter(walked if walked and walked[0].base_path == path else ())
            pending = next(reused, None)
            for name, value in properties.items():
                element = None
                if pending is not None and pending.name == name:
                    element, pending = pending, next(reused, None)
                if index and name in fields:
                    continue  # the object's own property, or an earlier part's, wins
                leaf = _json_leaf_kinds(value)
                if leaf is not None:
                    # A plain scalar property (most of a large schema's): ``_kinds`` inline.
                    logical = value.get("format")
                    logical = logical if isinstance(logical, str) else None
                    if element is not None and element.kinds == leaf \
                            and element.logical == logical:
                        fields[name] = element
                        continue
                    fields[name] = new_element(Element, (
                        "field", name, "", base, path, value, _description(value), leaf,
                        logical, value, PROPERTY, None))
                    continue
                kinds, logical, inner = self._kinds(value, place_pointer(base, PROPERTY, name),
                                                    place_path(path, name))
                fields[name] = Element("field", name, "", base, path, value,
                                       _description(value), kinds, logical, value, PROPERTY,
                                       inner)
        return shape

    def _property_maps(self, node: Mapping[str, Any],
                       pointer: str) -> list[tuple[Mapping[str, Any], str]]:
        """The object's non-empty ``properties`` and those of its ``allOf`` parts, each with
        the pointer of the object holding it, first to last in precedence."""
        found: list[tuple[Mapping[str, Any], str]] = []
        props = node.get("properties")
        if isinstance(props, MAPPING) and props:
            found.append((props, pointer))
        for index, part in enumerate(as_list(node.get("allOf"))):
            part, where = self._deref(part, join_pointer(pointer, "allOf", index))
            if isinstance(part, MAPPING):
                found.extend(self._property_maps(part, where))
        return found

    def _kinds(self, node: Any, pointer: str,
               name_path: str) -> tuple[frozenset[str], str | None, Shape | None]:
        node, pointer = self._deref(node, pointer)
        if not isinstance(node, MAPPING):
            return frozenset(), None, None
        kinds: set[str] = set()
        types = node.get("type")
        for kind in (types if isinstance(types, list) else [types]):
            if isinstance(kind, str):
                kinds.add(JSON_KINDS.get(kind, kind))
        logical = node.get("format") if isinstance(node.get("format"), str) else None
        inner = self._object(node, pointer, name_path) if ("record" in kinds or (
            not kinds and isinstance(node.get("properties"), Mapping))) else None
        for keyword in ("oneOf", "anyOf"):
            for index, branch in enumerate(as_list(node.get(keyword))):
                sub_kinds, sub_logical, sub_inner = self._kinds(
                    branch, join_pointer(pointer, keyword, index), name_path)
                kinds |= sub_kinds
                logical = logical or sub_logical
                inner = inner or sub_inner
        if "const" in node or "enum" in node:
            kinds.add("enum")
        if inner is not None:
            kinds.add("record")
        return shared_kinds(kinds), logical, inner
