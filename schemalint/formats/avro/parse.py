"""Avro schema text to a resolved node graph, judged as Confluent's Java parser judges it.

One pass over the JSON value builds the nodes and checks what Avro 1.12's Java parser checks
for a schema being registered (strict names, duplicates, required attributes, union rules),
so an error can name the exact JSON pointer. Named types resolve by full name, then by bare
name, then forward within the document (Avro 1.12 allows forward references), then through
the resolver for types defined in other files.

fastavro is not on this path: it checks fewer things than Java (duplicate field names,
names, nested unions), fails on some valid inputs (forward references) and gives no
position. ``fastavro_schema`` hands a parsed tree to fastavro for reading and writing data.
"""

from __future__ import annotations

from typing import Any, NoReturn

from schemalint.errors import InvalidSchemaError
from schemalint.formats.avro.defaults import is_valid_default, java_parse_double
from schemalint.formats.avro.identity import node_string
from schemalint.formats.avro.names import (
    full_name,
    is_valid_name,
    name_error,
    namespace_error,
    split_name,
)
from schemalint.formats.avro.nodes import (
    NAMED,
    PRIMITIVES,
    SHARED_PRIMITIVES,
    AvroTree,
    Field,
    Node,
)
from schemalint.suppression_key import SUPPRESSION_KEY

_SCHEMA_RESERVED = frozenset(("doc", "fields", "items", "name", "namespace", "size", "symbols",
                              "values", "type", "aliases"))
_ENUM_RESERVED = _SCHEMA_RESERVED | {"default"}
_FIELD_RESERVED = frozenset(("default", "doc", "name", "order", "type", "aliases"))
_ORDERS = frozenset(("ascending", "descending", "ignore"))
_INT_MAX = 2**31 - 1


class AvroParseError(Exception):
    """Input that is not an Avro schema, with the JSON pointer of the offending element."""

    def __init__(self, message: str, pointer: str) -> None:
        super().__init__(message)
        self.message = message
        self.pointer = pointer


def _fail(message: str, pointer: str) -> NoReturn:
    raise AvroParseError(message, pointer)


def _text(obj: dict[str, Any], key: str) -> str | None:
    # Java's getOptionalText: a value that is not a string counts as absent.
    value = obj.get(key)
    return value if isinstance(value, str) else None


class _Builder:
    def __init__(self, tree: AvroTree, resolver: Any) -> None:
        self.tree = tree
        self.resolver = resolver
        self.placeholders = False
        self.deferred_unions: list[Node] = []
        self.defaults: list[Field] = []
        self.redefinitions: list[tuple[Node, str]] = []

    # -- the walk -------------------------------------------------------------------------

    def build(self, value: Any, pointer: str, namespace: str | None) -> Node:
        if isinstance(value, str):
            shared = SHARED_PRIMITIVES.get(value)
            if shared is not None:
                return shared
            return self.reference(value, pointer, namespace)
        if isinstance(value, dict):
            kind = value.get("type")
            if not isinstance(kind, str):
                _fail("a schema object needs a string \"type\"",
                      pointer + "/type" if "type" in value else pointer)
            if kind in PRIMITIVES:
                props = _props(value, _SCHEMA_RESERVED)
                if not props:
                    return SHARED_PRIMITIVES[kind]
                node = Node(kind, pointer, self.tree)
                node.props = props
                return node
            if kind == "record" or kind == "error":
                return self.record(value, pointer, namespace, kind == "error")
            if kind == "enum":
                return self.enum(value, pointer, namespace)
            if kind == "array":
                return self.container("array", "items", value, pointer, namespace)
            if kind == "map":
                return self.container("map", "values", value, pointer, namespace)
            if kind == "fixed":
                return self.fixed(value, pointer, namespace)
            # Java reads any other type string as a reference to a named type.
            return self.reference(kind, pointer + "/type", namespace)
        if isinstance(value, list):
            return self.union(value, pointer, namespace)
        _fail(f"not a schema: {_short(value)}", pointer)

    def union(self, value: list[Any], pointer: str, namespace: str | None) -> Node:
        try:
            shared = _SHARED_UNIONS.get(tuple(value))
        except TypeError:  # a branch is an object: not a union of primitive names
            shared = None
        if shared is not None:
            return shared
        node = Node("union", pointer, self.tree)
        branches = []
        pending = False
        for index, item in enumerate(value):
            branch = SHARED_PRIMITIVES.get(item) if item.__class__ is str else None
            if branch is None:
                branch = self.build(item, f"{pointer}/{index}", namespace)
                if branch.kind == "union":
                    _fail("a union cannot contain another union directly",
                          f"{pointer}/{index}")
                pending = pending or branch.kind == "ref"
            branches.append(branch)
        node.branches = tuple(branches)
        if pending:
            self.deferred_unions.append(node)
            return node
        _check_union(node)
        if (len(_SHARED_UNIONS) < 4096 and all(branch.origin is None for branch in branches)
                and all(map(_is_str, value))):
            shared = Node("union", "", None)
            shared.branches = node.branches
            _SHARED_UNIONS[tuple(value)] = shared
        return node

    def named(self, node: Node, value: dict[str, Any], pointer: str,
              namespace: str | None) -> str | None:
        """Name, namespace, doc and aliases of a named type; returns its namespace."""
        raw_name = value.get("name")
        if raw_name.__class__ is not str:
            _fail(f"a {node.kind} needs a \"name\"",
                  pointer + "/name" if "name" in value else pointer)
        space = value.get("namespace")
        if space.__class__ is not str:
            space = namespace
        if "." in raw_name:
            name, space = split_name(raw_name, space)
        else:
            name = raw_name
            space = space or None
        if not (name.isascii() and name.isidentifier()):
            _fail(f"invalid name {raw_name!r}: {name_error(name)}", pointer + "/name")
        if space is not None:
            error = namespace_error(space)
            if error is not None:
                where = "/namespace" if "." not in raw_name and "namespace" in value else "/name"
                _fail(f"invalid namespace {space!r}: {error}", pointer + where)
        full = full_name(name, space)
        if full in PRIMITIVES:
            _fail(f"a named type cannot be called {full!r}", pointer + "/name")
        node.name, node.namespace, node.full_name = name, space, full
        doc = value.get("doc")
        if doc.__class__ is str:
            node.doc = doc
        if "aliases" in value:
            aliases = []
            for index, alias in enumerate(_aliases(value, pointer)):
                alias_name, alias_space = split_name(alias, space)
                error = name_error(alias_name)
                if error is not None:
                    _fail(f"invalid alias {alias!r}: {error}", f"{pointer}/aliases/{index}")
                if (alias_name, alias_space) not in aliases:
                    aliases.append((alias_name, alias_space))
            node.aliases = tuple(aliases)
        if full in self.tree.external:
            _fail(f"the type {full!r} is defined twice", pointer + "/name")
        if full in self.tree.named:
            # Avro 1.12 accepts a second definition equal to the first; checked once built.
            self.redefinitions.append((node, pointer + "/name"))
        else:
            self.tree.named[full] = node
        return space

    def container(self, kind: str, key: str, value: dict[str, Any], pointer: str,
                  namespace: str | None) -> Node:
        """An array (``items``) or a map (``values``)."""
        if key not in value:
            _fail(f"{'an array' if kind == 'array' else 'a map'} schema needs \"{key}\"",
                  pointer)
        if len(value) == 2 and value[key].__class__ is str:
            shared = _SHARED_CONTAINERS.get((kind, value[key]))
            if shared is not None:
                return shared
        node = Node(kind, pointer, self.tree)
        setattr(node, key, self.build(value[key], f"{pointer}/{key}", namespace))
        if len(value) > 2:
            node.props = _props(value, _SCHEMA_RESERVED)
        return node

    def record(self, value: dict[str, Any], pointer: str, namespace: str | None,
               is_error: bool) -> Node:
        node = Node("record", pointer, self.tree)
        node.is_error = is_error
        space = self.named(node, value, pointer, namespace)
        fields_value = value.get("fields")
        if not isinstance(fields_value, list):
            _fail(f"the record {node.full_name!r} needs a \"fields\" array",
                  pointer + "/fields" if "fields" in value else pointer)
        fields = []
        index: dict[str, Field] = {}
        base = pointer + "/fields/"
        shared = SHARED_PRIMITIVES
        for position, item in enumerate(fields_value):
            name = item.get("name") if item.__class__ is dict else None
            if name.__class__ is not str:
                _fail("a field needs a string \"name\"", base + str(position))
            if not (name.isascii() and name.isidentifier()):
                _fail(f"invalid field name {name!r}: {name_error(name)}",
                      f"{base}{position}/name")
            type_value = item.get("type")
            type_node = shared.get(type_value) if type_value.__class__ is str else None
            if type_node is None:
                if "type" not in item:
                    _fail(f"the field {name!r} needs a \"type\"", base + str(position))
                type_node = self.build(type_value, f"{base}{position}/type", space)
            field = Field(name, type_node, position, node)
            if name in index:
                _fail(f"duplicate field {name!r} in record {node.full_name!r}",
                      f"{base}{position}/name")
            index[name] = field
            size = len(item)
            if size > 2:
                doc = item.get("doc")
                if doc.__class__ is str:
                    field.doc = doc
                    size -= 1
                if size > 2:
                    self.field_attributes(field, item, f"{base}{position}")
            fields.append(field)
        node.fields = tuple(fields)
        node.field_index = index
        node.props = _props(value, _SCHEMA_RESERVED)
        return node

    def field_attributes(self, field: Field, item: dict[str, Any], pointer: str) -> None:
        if "default" in item:
            default = item["default"]
            if default.__class__ is str and field.type.kind in ("float", "double"):
                number = java_parse_double(default)
                if number is None:
                    _fail(f"the default {default!r} of a {field.type.kind} field is not a number",
                          pointer + "/default")
                default = number
            field.has_default = True
            field.default = default
            self.defaults.append(field)
        if "order" in item:
            order = item["order"]
            if not isinstance(order, str) or order.lower() not in _ORDERS:
                _fail(f"invalid order {order!r}: expected ascending, descending or ignore",
                      pointer + "/order")
            field.order = order.lower()
        if "aliases" in item:
            field.aliases = tuple(dict.fromkeys(_aliases(item, pointer)))
        if not item.keys() <= _FIELD_RESERVED:
            field.props = _props(item, _FIELD_RESERVED)

    def enum(self, value: dict[str, Any], pointer: str, namespace: str | None) -> Node:
        node = Node("enum", pointer, self.tree)
        self.named(node, value, pointer, namespace)
        symbols = value.get("symbols")
        if not isinstance(symbols, list):
            _fail(f"the enum {node.full_name!r} needs a \"symbols\" array",
                  pointer + "/symbols" if "symbols" in value else pointer)
        try:
            joined = "".join(symbols)
        except TypeError:
            _symbol_error(symbols, pointer)
        seen = set(symbols)
        if (len(seen) != len(symbols) or not joined.isascii()
                or not all(map(str.isidentifier, symbols))):
            _symbol_error(symbols, pointer)
        node.symbols = tuple(symbols)
        default = _text(value, "default")
        if default is not None and default not in seen:
            _fail(f"the enum default {default!r} is not one of the symbols", pointer + "/default")
        node.enum_default = default
        node.props = _props(value, _ENUM_RESERVED)
        return node

    def fixed(self, value: dict[str, Any], pointer: str, namespace: str | None) -> Node:
        node = Node("fixed", pointer, self.tree)
        self.named(node, value, pointer, namespace)
        size = value.get("size")
        if type(size) is not int or not 0 <= size <= _INT_MAX:
            _fail(f"the fixed {node.full_name!r} needs an integer \"size\"",
                  pointer + "/size" if "size" in value else pointer)
        node.size = size
        node.props = _props(value, _SCHEMA_RESERVED)
        return node

    def reference(self, name: str, pointer: str, namespace: str | None) -> Node:
        full = name if namespace is None or "." in name else f"{namespace}.{name}"
        tree = self.tree
        found = (tree.named.get(full) or tree.external.get(full) or tree.named.get(name)
                 or tree.external.get(name))
        if found is not None:
            return found
        # Possibly defined further down (Avro 1.12 resolves forward references) or elsewhere.
        placeholder = Node("ref", pointer, tree)
        placeholder.full_name = full
        placeholder.name = name
        self.placeholders = True
        return placeholder

    # -- after the walk ---------------------------------------------------------------------

    def resolve(self, root: Node) -> Node:
        if self.placeholders:
            root = self.patch(root, set())
        for union in self.deferred_unions:
            _check_union(union)
        for node, pointer in self.redefinitions:
            # Java compares definitions without their docs and aliases; so does this.
            first = self.tree.named[node.full_name]
            if _definition(node) != _definition(first):
                _fail(f"the type {node.full_name!r} is defined twice, differently", pointer)
        return root

    def target(self, ref: Node) -> Node:
        tree = self.tree
        found = tree.named.get(ref.full_name) or tree.external.get(ref.full_name)
        if found is not None:
            return found
        for candidate in dict.fromkeys((ref.full_name, ref.name)):
            found = tree.external.get(candidate)
            if found is None and self.resolver is not None:
                try:
                    found = _external(self.resolver, candidate)
                except InvalidSchemaError as error:
                    _fail(f"the type {candidate!r} comes from {error.path}, which is not a "
                          f"valid schema: {error.message}", ref.pointer)
                if found is not None:
                    tree.external[found.full_name] = found
            if found is not None:
                return found
        _fail(f"unknown type {ref.name!r}: not a primitive type nor a named type defined "
              f"in this file or another schema file{unknown_type_hint(ref.name, tree.named)}",
              ref.pointer)

    def patch(self, node: Node, seen: set[int]) -> Node:
        if node.kind == "ref":
            return self.target(node)
        if id(node) in seen or node.origin is not self.tree:
            return node
        seen.add(id(node))
        if node.kind == "record":
            for field in node.fields:
                field.type = self.patch(field.type, seen)
        elif node.kind == "array":
            assert node.items is not None
            node.items = self.patch(node.items, seen)
        elif node.kind == "map":
            assert node.values is not None
            node.values = self.patch(node.values, seen)
        elif node.kind == "union":
            node.branches = tuple(self.patch(branch, seen) for branch in node.branches)
        return node


def _definition(node: Node) -> str:
    doc, aliases = node.doc, node.aliases
    node.doc, node.aliases = None, ()
    try:
        return node_string(node)
    finally:
        node.doc, node.aliases = doc, aliases


def _external(resolver: Any, name: str) -> Node | None:
    schema = resolver.avro_named_type(name)
    if schema is None:
        return None
    tree = schema.parsed
    if not isinstance(tree, AvroTree):
        return None
    return tree.named.get(name) or tree.external.get(name)


# Unions of primitive type names (["null", "string"]) are shared like the primitives: they
# carry no name and no place of their own, and the checker never memoises them. So are
# arrays and maps of a primitive type without attributes.
_SHARED_UNIONS: dict[tuple[str, ...], Node] = {}
_SHARED_CONTAINERS: dict[tuple[str, str], Node] = {}
# Type names other languages and formats use, as Avro spells them (NEONScience's
# NEON-IS-avro-schemas writes "int8", "int16" and "uint16").
_FOREIGN_TYPES = {
    **dict.fromkeys(("int8", "int16", "int32", "uint8", "uint16", "byte", "short", "integer",
                     "smallint", "tinyint"), '"int"'),
    **dict.fromkeys(("int64", "uint32", "uint64", "bigint"), '"long"'),
    "float32": '"float"', "float64": '"double"', "number": '"double"',
    **dict.fromkeys(("bool",), '"boolean"'),
    **dict.fromkeys(("str", "text", "varchar", "char"), '"string"'),
    **dict.fromkeys(("binary", "blob", "bytearray"), '"bytes"'),
    "uuid": '{"type": "string", "logicalType": "uuid"}',
    "date": '{"type": "int", "logicalType": "date"}',
    **dict.fromkeys(("datetime", "timestamp", "instant"),
                    '{"type": "long", "logicalType": "timestamp-millis"}'),
    "decimal": '{"type": "bytes", "logicalType": "decimal", "precision": …, "scale": …}',
}


def unknown_type_hint(name: str, named: Any) -> str:
    """``; Avro has no 'int8': use "int"``, or the primitive or named type a misspelling is
    nearest to; empty where nothing is near."""
    foreign = _FOREIGN_TYPES.get(name.lower())
    if foreign is not None:
        return f"; Avro has no {name!r}: use {foreign}"
    import difflib

    near = difflib.get_close_matches(name, [*PRIMITIVES, *named], n=1, cutoff=0.85)
    return f"; did you mean {near[0]!r}?" if near else ""


for _kind, _node in SHARED_PRIMITIVES.items():
    for _container in ("array", "map"):
        _shared = Node(_container, "", None)
        if _container == "array":
            _shared.items = _node
        else:
            _shared.values = _node
        _SHARED_CONTAINERS[(_container, _kind)] = _shared


def _is_str(value: object) -> bool:
    return value.__class__ is str


def _symbol_error(symbols: list[Any], pointer: str) -> NoReturn:
    seen: set[str] = set()
    for index, symbol in enumerate(symbols):
        if symbol.__class__ is not str or not is_valid_name(symbol):
            _fail(f"invalid enum symbol {_short(symbol)}: {name_error(symbol)}",
                  f"{pointer}/symbols/{index}")
        if symbol in seen:
            _fail(f"duplicate enum symbol {symbol!r}", f"{pointer}/symbols/{index}")
        seen.add(symbol)
    raise AssertionError("symbols are valid")


def _check_union(node: Node) -> None:
    seen: set[str] = set()
    for index, branch in enumerate(node.branches):
        if branch.kind == "union":
            _fail("a union cannot contain another union directly", f"{node.pointer}/{index}")
        key = branch.full_name if branch.kind in NAMED else branch.kind
        if key in seen:
            _fail(f"the union has two branches of type {key!r}", f"{node.pointer}/{index}")
        seen.add(key)


def _aliases(value: dict[str, Any], pointer: str) -> list[str]:
    aliases = value["aliases"]
    if not isinstance(aliases, list):
        _fail("\"aliases\" must be an array of strings", pointer + "/aliases")
    for index, alias in enumerate(aliases):
        if not isinstance(alias, str):
            _fail("\"aliases\" must be an array of strings", f"{pointer}/aliases/{index}")
    return aliases


def _props(value: dict[str, Any], reserved: frozenset[str]) -> tuple[tuple[str, Any], ...]:
    if value.keys() <= reserved:
        return ()
    # schemalint's inline suppressions are not part of the contract (the rules read them
    # from the document), so identity never sees them.
    return tuple((key, item) for key, item in value.items()
                 if key not in reserved and key != SUPPRESSION_KEY)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def build_tree(document: Any, path: str | None, resolver: Any) -> tuple[AvroTree, list[Field]]:
    """Build the node graph of ``document``; returns the tree and the fields whose default
    does not match their type. Raises ``AvroParseError``."""
    tree = AvroTree(path)
    builder = _Builder(tree, resolver)
    root = builder.build(document, "", None)
    tree.root = builder.resolve(root)
    invalid = [field for field in builder.defaults
               if not is_valid_default(field.type, field.default)]
    return tree, invalid
