"""The view of an Avro schema (``schemalint.view``), read from the engine's parsed tree.

The tree resolves every name as the registry does (forward references, types from other
files), so a field's kinds are those of the types it really holds. Each element keeps its
declaration as written, read beside the tree: the tree's nodes and the document's objects
are walked in step (a record's ``fields[i]`` is its i-th field, a field's ``type`` its type
node, a union's i-th branch its i-th branch).

A named type is declared where it is defined: a node met where it is only referred to (its
pointer is another place) is not entered again. Types from other files are the other files'
to declare and to reach: a field holding one is of its kind, and holds no record here.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from itertools import groupby
from operator import attrgetter
from typing import Any

from schemalint.formats.avro.nodes import PRIMITIVES, AvroTree, Node
from schemalint.sourcemap import join_pointer
from schemalint.view import Element, Record, new_element, shared_kinds

_PRIMITIVE_KINDS = {name: frozenset({name}) for name in PRIMITIVES}
# Where more types may be defined inside a field's type.
_CONTAINERS = frozenset(("record", "enum", "fixed", "array", "map", "union"))


class AvroView:
    """``ViewReader`` of one parsed Avro document."""

    def __init__(self, tree: AvroTree, document: Any) -> None:
        self.tree = tree
        self.document = document
        # Kinds of the nodes shared by many fields (primitives, unions and containers of
        # primitive names), which carry nothing written inline: worked out once each.
        self.shared: dict[int, tuple[frozenset[str], str | None, Node | None]] = {}

    # -- every element, where it is declared ----------------------------------------------

    def elements(self) -> tuple[Element, ...]:
        found: list[Element] = []
        root = self.tree.root
        if root is not None:
            self._declare(root, self.document, "", "", found.append)
        return tuple(found)

    # Appending to one list rather than ``yield from``: a generator chain passes every
    # element up through each level, quadratic in the nesting depth.
    def _declare(self, node: Node, raw: Any, pointer: str, path: str,
                 emit: Callable[[Element], None]) -> None:
        if node.origin is not self.tree:
            return  # shared (holds no definition) or another file's
        kind = node.kind
        if kind == "record" or kind == "enum" or kind == "fixed":
            if node.pointer != pointer:
                return  # referred to here, defined elsewhere
            here = f"{path}.{node.name}" if path else node.name
            if kind != "record":
                emit(Element("enum" if kind == "enum" else "fixed", node.name, node.full_name,
                             pointer, here, raw, node.doc))
                return
            emit(Element("record", node.name, node.full_name, pointer, here, raw, node.doc))
            self._fields(node, raw, pointer, here, emit)
        elif kind == "union":
            for index, branch in enumerate(node.branches):
                self._declare(branch, raw[index], f"{pointer}/{index}", path, emit)
        elif kind == "array":
            assert node.items is not None
            self._declare(node.items, raw["items"], f"{pointer}/items", path, emit)
        elif kind == "map":
            assert node.values is not None
            self._declare(node.values, raw["values"], f"{pointer}/values", path, emit)

    def _fields(self, node: Node, raw: Mapping[str, Any], pointer: str, here: str,
                emit: Callable[[Element], None]) -> None:
        # Once per field of every record (millions in the largest schemas): the nodes shared
        # by many fields are looked up, not worked out again.
        full = node.full_name
        shared = self.shared
        tree = self.tree
        for field, item in zip(node.fields, raw["fields"], strict=True):
            type_node = field.type
            written = item["type"]
            if type_node.origin is None:
                found = shared.get(id(type_node))
                if found is None:
                    found = shared[id(type_node)] = self.kinds(type_node, written)
            else:
                found = self.kinds(type_node, written)
            emit(new_element(Element, (
                "field", field.name, full, pointer, here, item, field.doc, found[0], found[1],
                written, field.position, None)))
            if type_node.origin is tree and type_node.kind in _CONTAINERS:
                self._declare(type_node, written, f"{pointer}/fields/{field.position}/type",
                              f"{here}.{field.name}", emit)

    def kinds(self, node: Node, written: Any) -> tuple[frozenset[str], str | None, Node | None]:
        """The kinds of a field's type, its logical type (written on the type or a branch;
        the first found) and the first record it may hold (one of this file)."""
        if node.kind in _PRIMITIVE_KINDS and written.__class__ is str:
            return _PRIMITIVE_KINDS[node.kind], None, None
        union = node.kind == "union"
        branches = node.branches if union else (node,)
        written_branches = written if union else (written,)
        kinds: set[str] = set()
        logical: str | None = None
        record: Node | None = None
        for branch, as_written in zip(branches, written_branches, strict=True):
            kinds.add(branch.kind)
            if as_written.__class__ is dict and logical is None:
                found = as_written.get("logicalType")
                if found.__class__ is not str:
                    found = as_written.get("connect.name")
                logical = found if isinstance(found, str) else None
            if branch.kind == "record" and record is None and branch.origin is self.tree:
                record = branch
        return shared_kinds(kinds), logical, record

    # -- the top-level records and what they reach ------------------------------------------

    def roots(self, elements: tuple[Element, ...]) -> tuple[Record, ...]:
        return _Reach(self, elements).roots()

    def root_names(self) -> tuple[str | None, ...]:
        return tuple(node.full_name for node in _root_records(self.tree))

    def field_walk(self) -> AvroFieldWalk | None:
        return AvroFieldWalk(self.tree) if self.tree.root is not None else None


def _root_records(tree: AvroTree) -> tuple[Node, ...]:
    """The document's top-level record, or its union's records (several events on one
    topic), those of this file."""
    root = tree.root
    if root is None:
        return ()
    branches = root.branches if root.kind == "union" else (root,)
    return tuple(node for node in branches if node.kind == "record" and node.origin is tree)


class _Reach:
    """The records the top-level ones reach, each once, named by the field reaching it.

    A record's fields are the declared elements themselves wherever it is reached under the
    name path that declares it (the top-level record's, most fields of the largest schemas):
    one element per field, not two.
    """

    def __init__(self, view: AvroView, elements: tuple[Element, ...]) -> None:
        self.view = view
        self.declarations: dict[str, Mapping[str, Any]] = {
            element.base_pointer: element.declaration
            for element in elements if element.kind == "record"}
        fields = (element for element in elements if element.kind == "field")
        self.declared: dict[str, list[Element]] = {}
        for base, run in groupby(fields, attrgetter("base_pointer")):
            self.declared.setdefault(base, []).extend(run)
        self.reached: dict[int, Record] = {}

    def roots(self) -> tuple[Record, ...]:
        return tuple(self.record(node, "") for node in _root_records(self.view.tree))

    def record(self, node: Node, name_path: str) -> Record:
        known = self.reached.get(id(node))
        if known is not None:
            return known
        record = Record(node.full_name, node.pointer, name_path or node.name,
                        self.declarations.get(node.pointer, {}), {})
        self.reached[id(node)] = record
        fields = record.fields
        path = record.name_path
        declared: Sequence[Element] = self.declared.get(node.pointer, ())
        same_path = bool(declared) and declared[0].base_path == path
        tree = self.view.tree
        for field, element in zip(node.fields, declared, strict=True):
            type_node = field.type
            inner = None
            if type_node.origin is tree and (type_node.kind == "record"
                                             or type_node.kind == "union"):
                held = self.view.kinds(type_node, element.type_node)[2]
                if held is not None:
                    inner = self.record(held, f"{path}.{field.name}")
            if inner is not None:
                element = element._replace(base_path=path, record=inner)
            elif not same_path:
                element = element._replace(base_path=path)
            fields[field.name] = element
        return record


def unions_held(field: Element) -> list[tuple[str, list[Any]]]:
    """The unions a declared field's type holds as written, each with its pointer: the type
    itself when it is one, and the items or values of the arrays and maps within it. A
    record within is declared on its own: the unions of its fields are theirs."""
    found: list[tuple[str, list[Any]]] = []

    def visit(node: Any, pointer: str, slot: bool) -> None:
        if isinstance(node, list):
            if slot:  # a union written where a type goes (not a branch of another)
                found.append((pointer, node))
            for index, branch in enumerate(node):
                visit(branch, join_pointer(pointer, index), False)
        elif isinstance(node, Mapping):
            kind = node.get("type")
            if kind == "array":
                visit(node.get("items"), join_pointer(pointer, "items"), True)
            elif kind == "map":
                visit(node.get("values"), join_pointer(pointer, "values"), True)
            elif isinstance(kind, Mapping):
                visit(kind, join_pointer(pointer, "type"), False)

    visit(field.declaration.get("type"), join_pointer(field.pointer, "type"), True)
    return found


class AvroFieldWalk:
    """Avro records through arrays, maps and unions. A record defined in another file (a
    reference by full name) has its fields' pointers in that file: within it, every pointer
    is that of the field of this file that reached it, where a finding anchors."""

    def __init__(self, tree: AvroTree) -> None:
        self.tree = tree
        self.root = tree.root

    def roots(self) -> list[Any]:
        return self._records(self.root, "", [], [])

    def fields(self, record: Any) -> Iterator[tuple[str, str, tuple[str, ...], Any]]:
        node, site = record
        for field in node.fields:
            pointer = field.pointer if site is None else site
            yield field.name, pointer, tuple(field.aliases), (field.type, pointer)

    def records_in(self, type_: Any) -> tuple[list[Any], list[str], bool]:
        passed: list[str] = []
        collections: list[str] = []
        node, site = type_
        return self._records(node, site, passed, collections), passed, bool(collections)

    def pointer(self, record: Any) -> str:
        node, site = record
        return str(node.pointer if site is None else site)

    def foreign(self, record: Any) -> bool:
        return record[1] is not None

    def identity(self, record: Any) -> Hashable:
        node, site = record
        return id(node), site

    def _records(self, node: Any, site: str, passed: list[str], collections: list[str]
                 ) -> list[Any]:
        while node is not None and node.kind in ("array", "map"):
            passed.append(node.pointer)
            collections.append(node.pointer)
            node = node.items if node.kind == "array" else node.values
        if node is None:
            return []
        if node.kind == "union":
            passed.append(node.pointer)
            return [record for branch in node.branches
                    for record in self._records(branch, site, passed, collections)]
        if node.kind != "record":
            return []
        return [(node, None if node.origin is self.tree else site)]
