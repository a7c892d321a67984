"""EVO001–EVO007: evolution hazards that compatibility checks let through."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from schemalint.allocation import paused_gc
from schemalint.model import Direction, Schema, SchemaType, Severity
from schemalint.rules.base import Hit, Rule, RuleDoc, SchemaContext
from schemalint.rules.shape import CONTAINER, MAPPING, Element, Shape, as_list, full_avro_name
from schemalint.rules.walk import elements, fields_of
from schemalint.sourcemap import join_pointer


class AvroField(NamedTuple):
    record: Mapping[str, Any]
    field: Mapping[str, Any]
    pointer: str
    name_path: str


class AvroNamed(NamedTuple):
    node: Mapping[str, Any]
    pointer: str
    full_name: str
    name_path: str


def walked(schema: Schema) -> list[AvroNamed | AvroField]:
    """The named types and fields of an Avro schema (walked again at each call)."""
    with paused_gc():
        return _from_elements(schema) or _walk_all(schema.document)


def _from_elements(schema: Schema) -> list[AvroNamed | AvroField] | None:
    """``_walk_all`` read off the governance walk (``walk.elements``) the other rules share,
    where the two agree: a schema the Avro engine parsed (every field named) without fixed
    types, which only this walk lists. None elsewhere."""
    if not _shares_elements(schema):
        return None
    found: list[AvroNamed | AvroField] = []
    records: dict[str, Mapping[str, Any]] = {}  # name path → record, for its fields
    for element in elements(schema):
        if element.kind == "field":
            record = records[element.base_path]
            found.append(AvroField(record, element.node, element.pointer, element.name_path))
        else:
            if element.kind == "record":
                records[element.name_path] = element.node
            found.append(AvroNamed(element.node, element.pointer, element.full_name,
                                   element.name_path))
    return found or None


def _shares_elements(schema: Schema) -> bool:
    """Whether ``_walk_all`` can be read off ``walk.elements`` (see ``_from_elements``)."""
    if schema.schema_type is not SchemaType.AVRO:
        return False
    # Here, not at the top: the rules load without the format engines.
    from schemalint.formats.avro.nodes import AvroTree

    tree = schema.parsed
    return isinstance(tree, AvroTree) and not any(
        node.kind == "fixed" for node in tree.named.values())


def _walked(ctx: SchemaContext) -> tuple[list[AvroNamed], Sequence[AvroField | Element]]:
    """``walked``'s named types and fields. Where the shared walk serves, its field elements
    stand for the ``AvroField``s (the rules read a field's declaration, pointer and name
    path): no second record per field of a large schema."""
    schema = ctx.schema

    def read() -> tuple[list[AvroNamed], Sequence[AvroField | Element]]:
        if _shares_elements(schema):
            shared = elements(schema)
            if shared:
                return ([AvroNamed(element.node, element.pointer, element.full_name,
                                   element.name_path)
                         for element in shared if element.kind != "field"], fields_of(schema))
        with paused_gc():
            found = _walk_all(schema.document)
        return ([item for item in found if isinstance(item, AvroNamed)],
                [item for item in found if isinstance(item, AvroField)])

    # Kept on the context, not the schema: only this pass reads it, and a large schema's
    # walk is freed before the project pass.
    return ctx.cached("avro.walk", read)


def _previous_fields(ctx: SchemaContext) -> dict[str, Mapping[str, Any]]:
    """The previous version's field declarations by name path, walked once for the rules
    comparing (the name paths of ``_walk``, without its pointers)."""
    previous = ctx.previous
    assert previous is not None

    def read() -> dict[str, Mapping[str, Any]]:
        found: dict[str, Mapping[str, Any]] = {}
        for here, nodes in _previous_records(ctx).records.items():
            for node in nodes:  # in walk order: the last of a repeated path wins
                for item in as_list(node.get("fields")):
                    if isinstance(item, MAPPING):
                        found[f"{here}.{item.get('name')}"] = item
        return found

    return ctx.cached("avro.previous.fields.by.path", read)


class _PreviousRecords:
    """The previous version's fields as ``_previous_fields`` finds them by name path, looked up
    in the records at the field's parent path instead: a large schema's fields get no name
    path and no entry each. ``typed`` is true when some field's type is not a name."""

    def __init__(self, document: Any) -> None:
        self.records: dict[str, list[Mapping[str, Any]]] = {}
        self.typed = False
        self._all: dict[str, dict[str, Mapping[str, Any]]] = {}
        self._typed: dict[str, dict[str, Mapping[str, Any]]] = {}
        self._index(document, "", "")

    def get(self, name_path: str, name: str, typed_only: bool = False
            ) -> Mapping[str, Any] | None:
        """``_previous_fields(ctx).get(name_path)`` for a field of that ``name`` (one without
        a dot); with ``typed_only``, None also where that field's type is a name."""
        record = name_path[:-len(name) - 1]
        found = (self._typed if typed_only else self._all).get(record)
        if found is None:
            found = {}
            for node in self.records.get(record, ()):
                for item in as_list(node.get("fields")):
                    if not isinstance(item, MAPPING):
                        continue
                    key = f"{item.get('name')}"
                    if typed_only and item.get("type").__class__ is str:
                        found.pop(key, None)  # the last of a repeated path wins
                    else:
                        found[key] = item
            (self._typed if typed_only else self._all)[record] = found
        return found.get(name)

    def _index(self, node: Any, namespace: str, name_path: str) -> None:
        """``_field_paths``'s walk, keeping each record under its name path."""
        if isinstance(node, list):
            for branch in node:
                self._index(branch, namespace, name_path)
            return
        if not isinstance(node, MAPPING):
            return
        kind = node.get("type")
        if kind in ("record", "error", "enum", "fixed") and isinstance(node.get("name"), str):
            if kind in ("record", "error"):
                full = full_avro_name(node, namespace)
                short = full.rsplit(".", 1)[-1]
                here = f"{name_path}.{short}" if name_path else short
                self.records.setdefault(here, []).append(node)
                inner = full.rpartition(".")[0]
                for item in as_list(node.get("fields")):
                    if not isinstance(item, MAPPING):
                        continue
                    field_type = item.get("type")
                    if field_type.__class__ is not str:
                        self.typed = True
                        if isinstance(field_type, CONTAINER):
                            self._index(field_type, inner, f"{here}.{item.get('name')}")
            return
        if kind == "array":
            self._index(node.get("items"), namespace, name_path)
        elif kind == "map":
            self._index(node.get("values"), namespace, name_path)
        elif isinstance(kind, CONTAINER):
            self._index(kind, namespace, name_path)


def _previous_records(ctx: SchemaContext) -> _PreviousRecords:
    previous = ctx.previous
    assert previous is not None
    return ctx.cached("avro.previous.records", lambda: _PreviousRecords(previous.document))


def _fields(ctx: SchemaContext) -> Sequence[AvroField | Element]:
    return _walked(ctx)[1]


def _named(ctx: SchemaContext) -> list[AvroNamed]:
    return _walked(ctx)[0]


def _walk_all(document: Any) -> list[AvroNamed | AvroField]:
    found: list[AvroNamed | AvroField] = []
    _walk(document, "", "", "", found.append)
    return found


# Appending to one list rather than ``yield from``: a generator chain passes every item up
# through each level, quadratic in the nesting depth.
def _walk(node: Any, pointer: str, namespace: str, name_path: str,
          emit: Callable[[AvroNamed | AvroField], None]) -> None:
    if isinstance(node, list):
        for index, branch in enumerate(node):
            _walk(branch, join_pointer(pointer, index), namespace, name_path, emit)
        return
    if not isinstance(node, MAPPING):
        return
    kind = node.get("type")
    if kind in ("record", "error", "enum", "fixed") and isinstance(node.get("name"), str):
        full = full_avro_name(node, namespace)
        short = full.rsplit(".", 1)[-1]
        here = f"{name_path}.{short}" if name_path else short
        emit(AvroNamed(node, pointer, full, here))
        if kind in ("record", "error"):
            inner = full.rpartition(".")[0]
            for index, item in enumerate(as_list(node.get("fields"))):
                if not isinstance(item, MAPPING):
                    continue
                field_pointer = f"{pointer}/fields/{index}"
                field_path = f"{here}.{item.get('name')}"
                emit(AvroField(node, item, field_pointer, field_path))
                # Only a list or an object can hold more types: most fields name one.
                if item.get("type").__class__ is not str \
                        and isinstance(item.get("type"), CONTAINER):
                    _walk(item["type"], f"{field_pointer}/type", inner,
                          field_path, emit)
        return
    if kind == "array":
        _walk(node.get("items"), join_pointer(pointer, "items"), namespace, name_path, emit)
    elif kind == "map":
        _walk(node.get("values"), join_pointer(pointer, "values"), namespace, name_path,
              emit)
    elif isinstance(kind, CONTAINER):
        _walk(kind, join_pointer(pointer, "type"), namespace, name_path, emit)


def _avro(ctx: SchemaContext) -> bool:
    return ctx.schema.schema_type is SchemaType.AVRO


# EVO001 ---------------------------------------------------------------------------------

def _logical(field_type: Any) -> tuple[str, Any, Any] | None:
    branches = field_type if isinstance(field_type, list) else [field_type]
    for branch in branches:
        if isinstance(branch, MAPPING) and isinstance(branch.get("logicalType"), str):
            return branch["logicalType"], branch.get("precision"), branch.get("scale", 0)
    return None


def _describe_logical(info: tuple[str, Any, Any] | None) -> str:
    if info is None:
        return "no logical type"
    name, precision, scale = info
    return f"decimal({precision}, {scale})" if name == "decimal" else name


def check_logical_type_change(ctx: SchemaContext) -> Iterator[Hit]:
    if not _avro(ctx) or ctx.previous is None or ctx.previous.schema_type is not SchemaType.AVRO:
        return
    records = _previous_records(ctx)
    for item in _fields(ctx):
        new_type = item.field.get("type")
        if new_type.__class__ is str and not records.typed:
            continue  # no logical type on either side
        name = f"{item.field.get('name')}"
        if "." in name or not item.name_path.endswith(name):
            # Not a name the parser accepts: the name path does not tell its record.
            old = _previous_fields(ctx).get(item.name_path)
        else:
            # A field whose type is a name is compared only with one whose type is not.
            old = records.get(item.name_path, name, typed_only=new_type.__class__ is str)
        if old is None:
            continue
        old_type = old.get("type")
        if new_type.__class__ is str and old_type.__class__ is str:
            continue  # no logical type on either side
        new_info, old_info = _logical(new_type), _logical(old_type)
        if new_info == old_info or (new_info is None and old_info is None):
            continue
        if (new_info is None or old_info is None) and not _reinterpreted(new_type, old_type):
            continue
        yield Hit(join_pointer(item.pointer, "type"), (
            f"Field '{item.name_path}' changes from {_describe_logical(old_info)} to "
            f"{_describe_logical(new_info)}. The registry accepts it because the underlying "
            "type still matches, but readers decode the same bytes differently: amounts "
            "scaled by the wrong power of ten, instants off by a factor of 1000, dates read "
            "as timestamps. Add a new field with the new logical type and deprecate the old "
            "one instead."
        ), item.name_path)


_NUMERIC_BASES = frozenset({"int", "long", "bytes", "fixed"})


def _reinterpreted(new: Any, old: Any) -> bool:
    """A logical type added or removed on numbers or bytes changes what the value means."""
    def base(value: Any) -> set[str]:
        branches = value if isinstance(value, list) else [value]
        return {str(b.get("type")) if isinstance(b, MAPPING) else str(b) for b in branches}
    return bool(base(new) & base(old) & _NUMERIC_BASES)


# EVO002 ---------------------------------------------------------------------------------

def check_alias_rename(ctx: SchemaContext) -> Iterator[Hit]:
    if not _avro(ctx):
        return
    previous = ctx.previous
    compared = previous is not None and previous.schema_type is SchemaType.AVRO
    old_names: set[str] = set()
    for item in _fields(ctx):
        aliases = item.field.get("aliases")
        if not isinstance(aliases, list) or not aliases:
            continue
        if compared and not old_names and previous is not None:  # only once a field has aliases
            old_names = set(_previous_fields(ctx))
            old_names |= {named.full_name for named in walked(previous)
                          if isinstance(named, AvroNamed)}
        parent = item.name_path.rsplit(".", 1)[0]
        if compared and not any(f"{parent}.{alias}" in old_names for alias in aliases):
            continue
        yield Hit(join_pointer(item.pointer, "aliases"), _alias_message(
            f"field '{item.name_path}'", aliases), item.name_path)
    for named in _named(ctx):
        aliases = named.node.get("aliases")
        if isinstance(aliases, list) and aliases:
            yield Hit(join_pointer(named.pointer, "aliases"), _alias_message(
                f"type '{named.full_name}'", aliases), named.name_path)


def _alias_message(what: str, aliases: list[Any]) -> str:
    names = ", ".join(f"'{alias}'" for alias in aliases)
    return (f"The {what} is renamed through aliases ({names}). Java readers resolve aliases; "
            "readers in Python (fastavro), Go, JavaScript and .NET and most stream processors "
            "ignore them, so for those consumers the old field disappears and the new one "
            "takes its default. Add the new field beside the old one, deprecate the old one, "
            "and remove it when no consumer reads it.")


# EVO003 ---------------------------------------------------------------------------------

def check_enum_default(ctx: SchemaContext) -> Iterator[Hit]:
    if not _avro(ctx):
        return
    for named in _named(ctx):
        if named.node.get("type") == "enum" and "default" not in named.node:
            yield Hit(named.pointer, (
                f"Enum '{named.full_name}' has no enum default: the day a symbol is added, "
                "every consumer still on this schema fails to read records that use it. Add "
                "\"default\" naming a fallback symbol (such as \"UNKNOWN\") now, before "
                "consumers depend on the enum."
            ), named.name_path)


# EVO004 ---------------------------------------------------------------------------------

_JSON_OF_PRIMITIVE: dict[str, tuple[type, ...]] = {
    "null": (type(None),), "boolean": (bool,), "int": (int,), "long": (int,),
    "float": (int, float), "double": (int, float), "bytes": (str,), "string": (str,),
}


def _default_fits(branch: Any, default: Any) -> bool:
    kind = branch.get("type") if isinstance(branch, MAPPING) else branch
    if isinstance(kind, str) and kind in _JSON_OF_PRIMITIVE:
        wanted = _JSON_OF_PRIMITIVE[kind]
        if isinstance(default, bool) and bool not in wanted:
            return False
        return isinstance(default, wanted)
    if kind in ("record", "error", "map"):
        return isinstance(default, MAPPING)
    if kind == "array":
        return isinstance(default, list)
    if kind in ("enum", "fixed"):
        return isinstance(default, str)
    # A named type by reference: a string (enum, fixed) or an object (record).
    return default is not None


def check_union_default(ctx: SchemaContext) -> Iterator[Hit]:
    if not _avro(ctx):
        return
    for item in _fields(ctx):
        union = item.field.get("type")
        if not isinstance(union, list) or not union or "default" not in item.field:
            continue
        default = item.field["default"]
        if _default_fits(union[0], default):
            continue
        first = union[0].get("type") if isinstance(union[0], MAPPING) else union[0]
        yield Hit(join_pointer(item.pointer, "default"), (
            f"Field '{item.name_path}' has default {_short(default)}, which is not of its "
            f"union's first branch ({first}). The Avro specification requires the default to "
            "match the first branch; some readers reject the schema, others use a different "
            "value than you meant. Reorder the union so the default's type comes first "
            "(\"null\" first for a null default)."
        ), item.name_path)


def _short(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 30 else text[:27] + "..."


# EVO005 ---------------------------------------------------------------------------------

def _proto_package(ctx: SchemaContext) -> Iterator[Hit]:
    from schemalint.rules.protoview import proto_model

    model = proto_model(ctx.schema)
    if model is None or model.file.package or not model.file.messages:
        return
    first = model.file.messages[0].name
    yield Hit("", (
        f"The file declares no package: the full name of its message '{first}' is global, so "
        "it collides with any other file's message of the same name once files import each "
        "other or share a registry's references, and the record name subject strategies put "
        "unrelated schemas under one subject. Add a package (package acme.orders;)."
    ), "package")


def check_namespace(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.schema.schema_type is SchemaType.PROTOBUF:
        yield from _proto_package(ctx)
        return
    if not _avro(ctx):
        return
    for named in _named(ctx):
        if "." not in named.full_name:
            yield Hit(named.pointer, (
                f"Named type '{named.full_name}' has no namespace: its full name is global, so "
                "it collides with any other schema's type of the same name when schemas "
                "reference each other, and the record name subject strategies put unrelated "
                "schemas under one subject. Add a namespace to the top-level type (nested "
                "types inherit it)."
            ), named.name_path)


# EVO006 ---------------------------------------------------------------------------------

def check_forward_removable(ctx: SchemaContext) -> Iterator[Hit]:
    # Only what this version adds: flagging every existing required field would bury the
    # one decision the author can still change.
    if Direction.FORWARD not in ctx.level.directions or ctx.previous is None:
        return
    level = ctx.level.value
    if _avro(ctx):
        before = _previous_fields(ctx)
        for item in _fields(ctx):
            if "default" not in item.field and item.name_path not in before:
                yield Hit(item.pointer, (
                    f"Field '{item.name_path}' is added without a default on a subject at "
                    f"{level}: consumers on this version will need it to read new data, so it "
                    "can never be removed. Give it a default now if it may ever be dropped."
                ), item.name_path)
        return
    if ctx.schema.schema_type is not SchemaType.JSON:
        return
    required_before = {
        (shape.name_path, name) for root in ctx.previous_shapes for shape in root.walk()
        for name in (shape.raw.get("required") or ()) if isinstance(name, str)
    }
    for shape in _json_objects(ctx):
        required = shape.raw.get("required")
        if not isinstance(required, list):
            continue
        for index, name in enumerate(required):
            if not isinstance(name, str) or (shape.name_path, name) in required_before:
                continue
            path = f"{shape.name_path}.{name}" if shape.name_path else name
            yield Hit(join_pointer(shape.pointer, "required", index), (
                f"Property '{path}' becomes required on a subject at {level}: consumers on "
                "this version will reject data without it, so it can never be removed. Make "
                "it optional now if it may ever be dropped."
            ), path)


def _json_objects(ctx: SchemaContext) -> Iterator[Shape]:
    seen: set[str] = set()
    for root in ctx.shapes:
        for shape in root.walk():
            if shape.pointer not in seen:
                seen.add(shape.pointer)
                yield shape


# EVO007 ---------------------------------------------------------------------------------

def _open_content_model(raw: Mapping[str, Any]) -> bool:
    additional = raw.get("additionalProperties", True)
    unevaluated = raw.get("unevaluatedProperties", True)
    return additional is True and unevaluated is True and "patternProperties" not in raw


def check_open_content_model(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.schema.schema_type is not SchemaType.JSON or ctx.settings.json_policy != "strict":
        return
    if Direction.BACKWARD not in ctx.level.directions:
        return
    for shape in _json_objects(ctx):
        if not _open_content_model(shape.raw):
            continue
        name = shape.name_path or "the root object"
        yield Hit(shape.pointer, (
            f"'{name}' has an open content model (additionalProperties absent or true). Under "
            f"{ctx.level.value} with the STRICT policy, Confluent treats every property added "
            "to an open object as incompatible (OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL), "
            "so this schema can never gain a field. Set \"additionalProperties\": false now, "
            "while nobody depends on the extra properties."
        ), name)


_AVRO_ONLY = "Avro schemas only."

EVO001 = Rule(
    code="EVO001", name="logical-type-changed", default=Severity.WARNING,
    summary="A logical-type change the registry accepts but readers misinterpret.",
    check_schema=check_logical_type_change,
    doc=RuleDoc(
        what=("Fields present in the previous and the new version whose logical type "
              "changes while the underlying type still matches: decimal precision or scale, "
              "`timestamp-millis` ↔ `timestamp-micros`, `date` → `timestamp-millis`, a logical "
              "type added to or removed from a plain type. " + _AVRO_ONLY),
        why=("Avro's schema resolution, and so the registry, ignores logical types: the "
             "change passes every level, yet readers decode the same bytes as a different "
             "value."),
        bad=('v1 {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", '
             '"precision": 10, "scale": 2}}  v2 ... "scale": 4'),
        good='v2 adds {"name": "amount_v2", ...} and keeps "amount" unchanged',
        fix="Add a new field with the new logical type; deprecate and later remove the old one.",
    ),
)

EVO002 = Rule(
    code="EVO002", name="alias-rename", default=Severity.WARNING,
    summary="A rename through aliases that non-Java readers ignore.",
    check_schema=check_alias_rename,
    doc=RuleDoc(
        what=("Fields and named types carrying `aliases`; with a previous version, only "
              "fields whose alias names a field of that version (a rename). " + _AVRO_ONLY),
        why=("Aliases are honoured by Java's schema resolution; fastavro, Go, JavaScript and "
             ".NET readers ignore them, so for those consumers a renamed field vanishes and "
             "the new one takes its default."),
        bad='{"name": "customer_id", "type": "string", "aliases": ["client_id"]}',
        good=('{"name": "client_id", "type": "string", "doc": "deprecated"}, '
              '{"name": "customer_id", "type": ["null", "string"], "default": null}'),
        fix="Add the new field beside the old one, then remove the old one when unused.",
    ),
)

EVO003 = Rule(
    code="EVO003", name="enum-without-default", default=Severity.WARNING,
    summary="An enum without an enum default cannot gain symbols safely.",
    check_schema=check_enum_default,
    doc=RuleDoc(
        what="Avro enum types without a `default` symbol.",
        why=("A reader whose enum lacks a symbol the writer used fails unless its enum has a "
             "default; without one, adding a symbol breaks every consumer not yet upgraded."),
        bad='{"type": "enum", "name": "Status", "symbols": ["OPEN", "CLOSED"]}',
        good=('{"type": "enum", "name": "Status", "symbols": ["UNKNOWN", "OPEN", "CLOSED"], '
              '"default": "UNKNOWN"}'),
        fix="Add a fallback symbol and name it as the enum's `default`.",
    ),
)

EVO004 = Rule(
    code="EVO004", name="union-default-not-first", default=Severity.WARNING,
    summary="A union field's default is not of the union's first branch.",
    check_schema=check_union_default,
    doc=RuleDoc(
        what="Avro fields of union type whose `default` does not match the first branch.",
        why=("The Avro specification takes a union's default from its first branch. Some "
             "parsers reject such schemas (Avro 1.12's Java parser validates defaults), "
             "others silently use a different value."),
        bad='{"name": "note", "type": ["string", "null"], "default": null}',
        good='{"name": "note", "type": ["null", "string"], "default": null}',
        fix="Reorder the union so that the default's type is first.",
    ),
)

EVO005 = Rule(
    code="EVO005", name="named-type-without-namespace", default=Severity.WARNING,
    summary="A record, enum or fixed type without a namespace.",
    check_schema=check_namespace,
    doc=RuleDoc(
        what=("Avro named types whose full name has no namespace, declared or inherited; "
              "Protobuf files without a `package`."),
        why=("Full names are global: without a namespace two teams' `Address` types collide "
             "as soon as schemas reference each other, and record-name subject strategies "
             "file unrelated schemas under one subject."),
        bad='{"type": "record", "name": "OrderPlaced", "fields": [...]}',
        good='{"type": "record", "name": "OrderPlaced", "namespace": "com.acme.orders", ...}',
        fix="Add a namespace to the top-level type; nested types inherit it.",
    ),
)

EVO006 = Rule(
    code="EVO006", name="field-not-removable-under-forward", default=Severity.WARNING,
    summary="A field added without a default on a FORWARD-including level can never be removed.",
    check_schema=check_forward_removable,
    doc=RuleDoc(
        what=("On subjects at FORWARD, FULL or their transitive forms: Avro fields this "
              "version adds without a default, and JSON Schema properties it newly lists in "
              "`required`. A subject's first version is not checked."),
        why=("Forward compatibility means consumers on this version must read data written "
             "by later ones; a later version that drops a field they need without a default "
             "is refused, so such a field is there for good."),
        bad='{"name": "legacy_code", "type": "string"}',
        good='{"name": "legacy_code", "type": ["null", "string"], "default": null}',
        fix="Give fields that may be dropped some day a default now (or make them optional).",
    ),
)

EVO007 = Rule(
    code="EVO007", name="open-content-model-under-strict", default=Severity.WARNING,
    summary="A JSON Schema object whose open content model blocks every future addition.",
    check_schema=check_open_content_model,
    doc=RuleDoc(
        what=("JSON Schema objects with an open content model (`additionalProperties` absent "
              "or true, no `patternProperties`, `unevaluatedProperties` absent or true) on "
              "subjects whose level includes BACKWARD, with `json-policy = \"strict\"`."),
        why=("Under Confluent's STRICT policy, adding any property to an open object is "
             "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL, an incompatible change: the "
             "schema can never gain a field."),
        bad='{"type": "object", "properties": {"id": {"type": "string"}}}',
        good=('{"type": "object", "properties": {"id": {"type": "string"}}, '
              '"additionalProperties": false}'),
        fix=("Close the content model with `\"additionalProperties\": false` while it is "
             "still safe, or set `json-policy = \"lenient\"` where the registry runs LENIENT."),
    ),
)
