"""Can a reader schema read data written with a writer schema, as Apache Avro's Java
``SchemaCompatibility`` (1.12) decides it, which is what Confluent Schema Registry runs.

The walk, its order and its memoisation follow Java exactly, so the same incompatibilities
come out in the same order, with Java's location strings. Quirks kept on purpose:

- a reader/writer pair is memoised by node identity; a pair met again (a named type used
  twice) contributes the incompatibilities of its first visit again, with their places;
- union branches are tried against a fresh location, as Java does;
- a reader field matching two writer fields (by name and aliases) aborts the whole check:
  Java throws and Confluent reports "Unexpected exception during compatibility check".
  That is reported as the single code ``READER_FIELD_MATCHES_MULTIPLE_WRITER_FIELDS``.

Besides Java's location (``location``), each incompatibility carries a JSON pointer into
each side's own document that lands on the element's definition (a named type used by name
is pointed at where it is defined; a type from another file at the place that refers to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemalint.formats.avro.identity import node_string
from schemalint.formats.avro.nodes import JAVA_TYPE, NAMED, PRIMITIVES, AvroTree, Field, Node
from schemalint.model import Incompatibility

READER_FIELD_MISSING_DEFAULT_VALUE = "READER_FIELD_MISSING_DEFAULT_VALUE"
TYPE_MISMATCH = "TYPE_MISMATCH"
NAME_MISMATCH = "NAME_MISMATCH"
MISSING_ENUM_SYMBOLS = "MISSING_ENUM_SYMBOLS"
MISSING_UNION_BRANCH = "MISSING_UNION_BRANCH"
FIXED_SIZE_MISMATCH = "FIXED_SIZE_MISMATCH"
READER_FIELD_MATCHES_MULTIPLE_WRITER_FIELDS = "READER_FIELD_MATCHES_MULTIPLE_WRITER_FIELDS"
# Every incompatibility type this engine reports.
CODES: tuple[str, ...] = (
    READER_FIELD_MISSING_DEFAULT_VALUE, TYPE_MISMATCH, NAME_MISMATCH, MISSING_ENUM_SYMBOLS,
    MISSING_UNION_BRANCH, FIXED_SIZE_MISMATCH, READER_FIELD_MATCHES_MULTIPLE_WRITER_FIELDS,
)

# Writer types each reader type accepts besides its own.
_PROMOTIONS = {
    "long": frozenset(("int",)),
    "float": frozenset(("int", "long")),
    "double": frozenset(("int", "long", "float")),
    "bytes": frozenset(("string",)),
    "string": frozenset(("bytes",)),
}
_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class AvroIncompatibility(Incompatibility):
    # Java's ``Incompatibility.getLocation()``: what Confluent prints as the path.
    location: str = "/"


class _Ambiguous(Exception):
    def __init__(self, message: str, pointer: str, names: str, field: str,
                 writer: str) -> None:
        super().__init__(message)
        self.message, self.pointer, self.names = message, pointer, names
        self.field, self.writer = field, writer


Result = tuple[AvroIncompatibility, ...]
_COMPATIBLE: Result = ()

# Where a node was met, built lazily: a pointer string at the root, else (parent node,
# parent's site, step below the parent: a suffix, a union branch index, or the Field whose
# type it is). Names likewise: a string, or (parent names, suffix or Field).
# Only an incompatibility turns them into strings, so a compatible pair costs no text.
Site = Any
Names = Any


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _label(node: Node) -> str:
    return node.name if node.kind in NAMED else node.kind


def _suffix(step: str | int | Field) -> str:
    if isinstance(step, str):
        return step
    if isinstance(step, int):
        return f"/{step}"
    return f"/fields/{step.position}/type"


def _identity(node: Node, site: Site) -> Any:
    """What Java's identity of this schema object would be.

    Java creates a new object for every primitive, union, array and map it reads, so a
    shared node (one without an origin) is identified by where it was met.
    """
    if node.origin is not None:
        return id(node)
    if isinstance(site, str):
        return site
    parent, parent_site, step = site
    return (_identity(parent, parent_site), step if isinstance(step, (str, int)) else id(step))


def _names(names: Names) -> str:
    parts = []
    while not isinstance(names, str):
        names, suffix = names
        parts.append(suffix if isinstance(suffix, str) else "." + suffix.name)
    parts.append(names)
    return "".join(reversed(parts)).lstrip("|")


class _Checker:
    def __init__(self, reader: AvroTree, writer: AvroTree) -> None:
        self.reader_tree = reader
        self.writer_tree = writer
        # (reader, writer) identities -> result; None while the pair is being checked.
        self.memo: dict[tuple[Any, Any], Result | None] = {}

    # -- places -----------------------------------------------------------------------------

    def place(self, node: Node, site: Site, tree: AvroTree) -> str:
        """Where ``node`` is in its side's document: its definition when it is defined in
        that document, else where it is referred to."""
        return self._place(node, site, tree)[0]

    def _place(self, node: Node, site: Site, tree: AvroTree) -> tuple[str, bool]:
        # Also says whether the pointer is that of an element of this document (then a step
        # below it is too) or of a reference to a type from another file.
        if node.origin is tree:
            return node.pointer, True
        if isinstance(site, str):
            return site, True
        parent, parent_site, step = site
        pointer, inside = self._place(parent, parent_site, tree)
        # Shared nodes (primitives, unions of primitives) sit wherever they are met.
        if inside and (parent.origin is tree or parent.origin is None):
            return pointer + _suffix(step), True
        return pointer, False

    def incompatible(self, code: str, reader: Node, writer: Node, detail: str,
                     location: list[Any], rsite: Site, wsite: Site, names: Names,
                     suffix: str = "", reader_name: str = "", writer_name: str = "",
                     reader_suffix: str = "") -> Result:
        reader_pointer = self.place(reader, rsite, self.reader_tree)
        writer_pointer = self.place(writer, wsite, self.writer_tree)
        if reader.origin is self.reader_tree:
            reader_pointer += suffix or reader_suffix
        if writer.origin is self.writer_tree:
            writer_pointer += suffix
        return (AvroIncompatibility(
            code=code, reader_pointer=reader_pointer, writer_pointer=writer_pointer,
            name_path=_names(names), detail=detail,
            reader_name=reader_name or reader.describe(),
            writer_name=writer_name or writer.describe(),
            location="/" + "/".join(_escape(str(token)) for token in location[1:]),
        ),)

    # -- the walk ---------------------------------------------------------------------------

    def check(self, token: str | int, reader: Node, writer: Node, location: list[Any],
              rsite: Site, wsite: Site, names: Names) -> Result:
        kind = reader.kind
        if kind in PRIMITIVES and (kind == writer.kind
                                   or writer.kind in _PROMOTIONS.get(kind, _NONE)):
            return _COMPATIBLE
        location.append(token)
        if kind in NAMED or writer.kind in NAMED:
            # Only pairs with a named side can be met twice (named types are shared), so
            # only they are memoised; Java memoises every pair, to the same effect.
            key = (_identity(reader, rsite), _identity(writer, wsite))
            memo = self.memo
            if key in memo:
                result = memo[key] or _COMPATIBLE
            else:
                memo[key] = None
                result = self.calculate(reader, writer, location, rsite, wsite, names)
                memo[key] = result
        else:
            result = self.calculate(reader, writer, location, rsite, wsite, names)
        location.pop()
        return result

    def fresh(self, reader: Node, writer: Node, rsite: Site, wsite: Site,
              names: Names) -> Result:
        # Java's two-argument getCompatibility: same memo, a new location.
        return self.check("", reader, writer, [], rsite, wsite, names)

    def calculate(self, reader: Node, writer: Node, location: list[Any], rsite: Site,
                  wsite: Site, names: Names) -> Result:
        kind = reader.kind
        if kind == writer.kind:
            if kind == "array":
                assert reader.items is not None and writer.items is not None
                return self.check("items", reader.items, writer.items, location,
                                  (reader, rsite, "/items"), (writer, wsite, "/items"),
                                  (names, "[]"))
            if kind == "map":
                assert reader.values is not None and writer.values is not None
                return self.check("values", reader.values, writer.values, location,
                                  (reader, rsite, "/values"), (writer, wsite, "/values"),
                                  (names, "{}"))
            if kind == "union":
                return self.union_union(reader, writer, location, rsite, wsite, names)
            result = self.check_names(reader, writer, location, rsite, wsite, names)
            if kind == "record":
                return result + self.record(reader, writer, location, rsite, wsite, names)
            if kind == "enum":
                return result + self.enum(reader, writer, location, rsite, wsite, names)
            return result + self.fixed(reader, writer, location, rsite, wsite, names)
        if writer.kind == "union":
            result = _COMPATIBLE
            for index, branch in enumerate(writer.branches):
                result += self.check(index, reader, branch, location, rsite,
                                     (writer, wsite, index), (names, "|" + _label(branch)))
            return result
        if kind == "union":
            for index, branch in enumerate(reader.branches):
                if not self.fresh(branch, writer, (reader, rsite, index), wsite, names):
                    return _COMPATIBLE
            return self.incompatible(
                MISSING_UNION_BRANCH, reader, writer,
                f"reader union lacking writer type: {JAVA_TYPE[writer.kind]}",
                location, rsite, wsite, names)
        return self.incompatible(
            TYPE_MISMATCH, reader, writer,
            f"reader type: {JAVA_TYPE[kind]} not compatible with writer type: "
            f"{JAVA_TYPE[writer.kind]}",
            location, rsite, wsite, names)

    def union_union(self, reader: Node, writer: Node, location: list[Any], rsite: Site,
                    wsite: Site, names: Names) -> Result:
        result = _COMPATIBLE
        reader_kinds = {branch.kind for branch in reader.branches}
        for index, branch in enumerate(writer.branches):
            if branch.kind in reader_kinds and branch.kind in PRIMITIVES:
                # A reader branch of the same primitive type reads it; nothing to record.
                continue
            location.append(index)
            branch_site = (writer, wsite, index)
            branch_names = (names, "|" + _label(branch))
            if self.fresh(reader, branch, rsite, branch_site, branch_names):
                result += self.incompatible(
                    MISSING_UNION_BRANCH, reader, branch,
                    f"reader union lacking writer type: {JAVA_TYPE[branch.kind]}",
                    location, rsite, branch_site, branch_names)
            location.pop()
        return result

    def check_names(self, reader: Node, writer: Node, location: list[Any], rsite: Site,
                    wsite: Site, names: Names) -> Result:
        # Java compares unqualified names only, or the reader's aliases against the writer's
        # full name.
        if reader.name == writer.name or writer.full_name in reader.alias_full_names():
            return _COMPATIBLE
        location.append("name")
        result = self.incompatible(
            NAME_MISMATCH, reader, writer, f"expected: {writer.full_name}", location,
            rsite, wsite, names, "/name", reader.full_name, writer.full_name)
        location.pop()
        return result

    def fixed(self, reader: Node, writer: Node, location: list[Any], rsite: Site,
              wsite: Site, names: Names) -> Result:
        if reader.size == writer.size:
            return _COMPATIBLE
        location.append("size")
        result = self.incompatible(
            FIXED_SIZE_MISMATCH, reader, writer,
            f"expected: {writer.size}, found: {reader.size}", location,
            rsite, wsite, names, "/size", reader.full_name, writer.full_name)
        location.pop()
        return result

    def enum(self, reader: Node, writer: Node, location: list[Any], rsite: Site,
             wsite: Site, names: Names) -> Result:
        missing = set(writer.symbols).difference(reader.symbols)
        if not missing or (reader.enum_default is not None
                           and reader.enum_default in reader.symbols):
            return _COMPATIBLE
        location.append("symbols")
        result = self.incompatible(
            MISSING_ENUM_SYMBOLS, reader, writer, "[" + ", ".join(sorted(missing)) + "]",
            location, rsite, wsite, names, "/symbols", reader.full_name, writer.full_name)
        location.pop()
        return result

    def record(self, reader: Node, writer: Node, location: list[Any], rsite: Site,
               wsite: Site, names: Names) -> Result:
        result = _COMPATIBLE
        location.append("fields")
        writer_index = writer.field_index
        for field in reader.fields:
            if field.aliases:
                found = self.lookup(writer, field, rsite, names)
            else:
                found = writer_index.get(field.name)
            if found is not None:
                reader_type, writer_type = field.type, found.type
                kind = reader_type.kind
                if kind in PRIMITIVES and (kind == writer_type.kind or writer_type.kind in
                                           _PROMOTIONS.get(kind, _NONE)):
                    continue
                location.append(field.position)
                result += self.check("type", reader_type, writer_type, location,
                                     (reader, rsite, field), (writer, wsite, found),
                                     (names, field))
                location.pop()
            elif not field.has_default:
                location.append(field.position)
                if field.type.kind == "enum" and field.type.enum_default is not None:
                    result += self.check("type", field.type, writer, location,
                                         (reader, rsite, field), wsite, (names, field))
                else:
                    # Anchored at the reader's field, and at the writer's whole record.
                    result += self.incompatible(
                        READER_FIELD_MISSING_DEFAULT_VALUE, reader, writer, field.name,
                        location, rsite, wsite, (names, field),
                        "", field.name, writer.full_name,
                        reader_suffix=f"/fields/{field.position}")
                location.pop()
        location.pop()
        return result

    def lookup(self, writer: Node, field: Field, rsite: Site, names: Names) -> Field | None:
        index = writer.field_index
        direct = index.get(field.name)
        found = [] if direct is None else [direct]
        found.extend(index[alias] for alias in field.aliases if alias in index)
        if len(found) > 1:
            raise _Ambiguous(
                f"Reader record field {field.name} type:{JAVA_TYPE[field.type.kind]} "
                f"pos:{field.position} matches multiple fields in writer record schema "
                f"{node_string(writer)}",
                field.pointer if field.record.origin is self.reader_tree
                else self.place(field.record, rsite, self.reader_tree),
                _names((names, "." + field.name)), field.name, writer.full_name)
        return found[0] if found else None


def root_names(node: Node) -> str:
    return node.name if node.kind in NAMED else ""


def check_trees(reader: AvroTree, writer: AvroTree) -> list[AvroIncompatibility]:
    """Every reason ``reader`` cannot read data written with ``writer``, in Java's order."""
    assert reader.root is not None and writer.root is not None
    checker = _Checker(reader, writer)
    try:
        return list(checker.check("", reader.root, writer.root, [], reader.root.pointer,
                                  writer.root.pointer, root_names(reader.root)))
    except _Ambiguous as error:
        return [AvroIncompatibility(
            code=READER_FIELD_MATCHES_MULTIPLE_WRITER_FIELDS, reader_pointer=error.pointer,
            writer_pointer=writer.root.pointer, name_path=error.names, detail=error.message,
            reader_name=error.field, writer_name=error.writer, location="/")]
