"""The resolved form of an Avro schema: a graph of nodes, named types shared by identity.

A named type referenced by name is the very node that defines it, as in Java's parser, so
the compatibility checker can memoise on node identity and terminate on recursive types.
Each node remembers where it is defined (``origin`` and ``pointer``) and which attributes
it carried, so the canonical string can be written without the original text.
"""

from __future__ import annotations

from typing import Any

PRIMITIVES = frozenset(("null", "boolean", "int", "long", "float", "double", "bytes", "string"))
NAMED = frozenset(("record", "enum", "fixed"))

# Java's Schema.Type names, used in Avro's own messages ("reader type: INT ...").
JAVA_TYPE = {
    "null": "NULL", "boolean": "BOOLEAN", "int": "INT", "long": "LONG", "float": "FLOAT",
    "double": "DOUBLE", "bytes": "BYTES", "string": "STRING", "record": "RECORD",
    "enum": "ENUM", "fixed": "FIXED", "array": "ARRAY", "map": "MAP", "union": "UNION",
}


class Node:
    """One Avro schema. Which attributes are meaningful depends on ``kind``.

    Attributes default at class level, so building a node costs three assignments: a
    200-field record is parsed on every compatibility check.
    """

    props: tuple[tuple[str, Any], ...] = ()
    # Named types.
    name = ""
    namespace: str | None = None
    full_name = ""
    doc: str | None = None
    # Each alias as (simple name, namespace or None), the way Java's Name keeps it.
    aliases: tuple[tuple[str, str | None], ...] = ()
    is_error = False
    # Records.
    fields: tuple[Field, ...] = ()
    field_index: dict[str, Field] = {}  # noqa: RUF012 - replaced, never mutated
    # Enums.
    symbols: tuple[str, ...] = ()
    enum_default: str | None = None
    # Fixed.
    size = 0
    # Arrays, maps, unions.
    items: Node | None = None
    values: Node | None = None
    branches: tuple[Node, ...] = ()

    def __init__(self, kind: str, pointer: str, origin: object) -> None:
        self.kind = kind
        self.pointer = pointer
        # The document this node is defined in (its ``AvroTree``).
        self.origin = origin

    def alias_full_names(self) -> frozenset[str]:
        """Java's ``getAliases()``: full names, with ``.x`` for a null-namespace alias."""
        names = set()
        for name, space in self.aliases:
            if space is None and self.namespace is not None:
                names.add("." + name)
            else:
                names.add(name if space is None else f"{space}.{name}")
        return frozenset(names)

    def describe(self) -> str:
        """A short human name: the full name of a named type, else the type."""
        if self.kind in NAMED:
            return self.full_name
        if self.kind == "array" and self.items is not None:
            return f"array<{self.items.describe()}>"
        if self.kind == "map" and self.values is not None:
            return f"map<{self.values.describe()}>"
        if self.kind == "union":
            return "[" + ", ".join(branch.describe() for branch in self.branches) + "]"
        return self.kind

    def __repr__(self) -> str:
        return f"Node({self.describe()} at {self.pointer!r})"


class Field:
    """A record field; its pointer is computed when asked for (findings only need a few).

    Slots, not an instance dictionary: a record of hundreds of thousands of fields holds as
    many of these, in each version a check reads.
    """

    __slots__ = ("aliases", "default", "doc", "has_default", "name", "order", "position",
                 "props", "record", "type")

    def __init__(self, name: str, type_: Node, position: int, record: Node) -> None:
        self.name = name
        self.type = type_
        self.position = position
        self.record = record
        self.doc: str | None = None
        self.has_default = False
        self.default: Any = None
        self.order = "ascending"
        self.aliases: tuple[str, ...] = ()
        self.props: tuple[tuple[str, Any], ...] = ()

    @property
    def pointer(self) -> str:
        return f"{self.record.pointer}/fields/{self.position}"


# One shared node per primitive type written without attributes ("int", {"type": "int"}).
# They carry no place: whoever meets one knows where it was referred to. The checker never
# memoises a pair involving a primitive, so sharing them cannot change its results.
SHARED_PRIMITIVES = {kind: Node(kind, "", None) for kind in PRIMITIVES}


class AvroTree:
    """A parsed Avro document: its root node and the named types it defines."""

    __slots__ = ("external", "identity_digest", "named", "path", "root")

    def __init__(self, path: str | None) -> None:
        self.path = path
        # sha256 of the canonical string, kept once a schema referencing the document asked.
        self.identity_digest: str | None = None
        self.root: Node | None = None
        # Full name -> node, for the types this document defines.
        self.named: dict[str, Node] = {}
        # Full name -> node, for the types it uses from other files, in order of first use.
        self.external: dict[str, Node] = {}
