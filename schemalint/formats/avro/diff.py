"""Structural changes between two Avro schema documents, each classified by Avro's rules.

Works on the JSON documents so that every change can point at its place in the new file;
named types are resolved within each document, and a type named from another file is
compared by its name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from schemalint.model import Change, Direction
from schemalint.sourcemap import join_pointer

BACKWARD = frozenset({Direction.BACKWARD})
FORWARD = frozenset({Direction.FORWARD})
BOTH = frozenset({Direction.BACKWARD, Direction.FORWARD})
SAFE: frozenset[Direction] = frozenset()

PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})
NAMED = frozenset({"record", "error", "enum", "fixed"})
# reader type → writer types it can read (Avro's promotions).
PROMOTIONS = {
    "long": {"int"}, "float": {"int", "long"}, "double": {"int", "long", "float"},
    "string": {"bytes"}, "bytes": {"string"},
}


@dataclass
class _Node:
    """A type with its place in its document and its resolved full name, if named."""

    value: Any
    pointer: str
    namespace: str | None
    full_name: str | None = None


@dataclass
class NamedTypes:
    """Named types defined in one document, by full name."""

    defined: dict[str, _Node] = field(default_factory=dict)


def diff_documents(old: Any, new: Any, old_names: NamedTypes | None = None,
                   new_names: NamedTypes | None = None) -> list[Change]:
    """The changes from ``old`` to ``new``; ``old_names`` and ``new_names``, where given, are
    the documents' ``named_types`` (a changelog diffs each version twice: as the new side of
    one pair and the old side of the next)."""
    old_names = old_names if old_names is not None else named_types(old)
    new_names = new_names if new_names is not None else named_types(new)
    differ = _Differ(old_names, new_names)
    differ.compare(_node(old, "", None, old_names), _node(new, "", None, new_names),
                   _root_label(new))
    return differ.changes


def named_types(document: Any) -> NamedTypes:
    """The named types ``document`` defines, by full name."""
    names = NamedTypes()
    _collect(document, "", None, names)
    return names


def _root_label(document: Any) -> str:
    if isinstance(document, dict) and isinstance(document.get("name"), str):
        return str(document["name"]).rsplit(".", 1)[-1]
    return ""


def _full_name(name: str, namespace: str | None) -> str:
    if "." in name or not namespace:
        return name
    return f"{namespace}.{name}"


def _namespace_of(value: dict[str, Any], enclosing: str | None) -> str | None:
    name = value.get("name")
    if isinstance(name, str) and "." in name:
        return name.rsplit(".", 1)[0]
    namespace = value.get("namespace")
    return namespace if isinstance(namespace, str) else enclosing


def _collect(value: Any, pointer: str, namespace: str | None, names: NamedTypes) -> None:
    stack = [(value, pointer, namespace)]
    while stack:
        current, where, space = stack.pop()
        if isinstance(current, list):
            # A name in a union refers to a type; only a list or an object defines one.
            stack.extend((item, join_pointer(where, index), space)
                         for index, item in enumerate(current)
                         if isinstance(item, (dict, list)))
        elif isinstance(current, dict):
            kind = current.get("type")
            if kind in NAMED and isinstance(current.get("name"), str):
                space = _namespace_of(current, space)
                full = _full_name(current["name"].rsplit(".", 1)[-1], space)
                names.defined.setdefault(full, _Node(current, where, space, full))
                for index, item in enumerate(current.get("fields") or ()):
                    # Only a list or an object defines types: most fields name one.
                    if isinstance(item, dict) and isinstance(item.get("type"), (dict, list)):
                        stack.append((item["type"], f"{where}/fields/{index}/type", space))
            elif isinstance(kind, (dict, list)):
                stack.append((kind, join_pointer(where, "type"), space))
            else:
                for key in ("items", "values"):
                    if key in current:
                        stack.append((current[key], join_pointer(where, key), space))


def _node(value: Any, pointer: str, namespace: str | None, names: NamedTypes) -> _Node:
    """Resolve a type reference to its definition where the document has one."""
    if isinstance(value, str):
        if value in PRIMITIVES:
            return _Node(value, pointer, namespace)
        full = _full_name(value, namespace)
        for candidate in (full, value):
            if candidate in names.defined:
                return names.defined[candidate]
        return _Node(value, pointer, namespace, full)
    if isinstance(value, dict):
        kind = value.get("type")
        if kind in NAMED and isinstance(value.get("name"), str):
            space = _namespace_of(value, namespace)
            return _Node(value, pointer, space,
                         _full_name(value["name"].rsplit(".", 1)[-1], space))
        wrapped = isinstance(kind, (dict, list)) or (
            isinstance(kind, str) and kind not in PRIMITIVES and kind not in ("array", "map"))
        if wrapped:
            return _node(kind, join_pointer(pointer, "type"), namespace, names)
    return _Node(value, pointer, namespace)


def _names_nothing(value: Any) -> bool:
    """Whether a type neither defines nor references a named type: a primitive (with its
    logical type), or unions, arrays and maps of those. The same such type on both sides
    has no change to report, and names no record whose comparison another field needs."""
    if isinstance(value, str):
        return value in PRIMITIVES
    if isinstance(value, list):
        return all(item in PRIMITIVES if isinstance(item, str) else _names_nothing(item)
                   for item in value)
    if isinstance(value, dict):
        kind = value.get("type")
        if kind == "array":
            return _names_nothing(value.get("items"))
        if kind == "map":
            return _names_nothing(value.get("values"))
        if isinstance(kind, str):
            return kind in PRIMITIVES
        return isinstance(kind, (dict, list)) and _names_nothing(kind)
    return False


def _kind(node: _Node) -> str:
    value = node.value
    if isinstance(value, list):
        return "union"
    if isinstance(value, str):
        return value if value in PRIMITIVES else "named-reference"
    if isinstance(value, dict):
        kind = value.get("type")
        if kind == "error":
            return "record"
        if isinstance(kind, str):
            return kind
    return "unknown"


def _label(node: _Node) -> str:
    kind = _kind(node)
    if kind in NAMED or kind == "named-reference":
        return (node.full_name or "?").rsplit(".", 1)[-1]
    if kind == "array":
        return "array"
    if kind == "map":
        return "map"
    if kind == "union":
        return "union"
    logical = node.value.get("logicalType") if isinstance(node.value, dict) else None
    return f"{kind} ({logical})" if logical else kind


def _branch_key(node: _Node) -> str:
    kind = _kind(node)
    if kind in NAMED or kind == "named-reference":
        return (node.full_name or "").rsplit(".", 1)[-1]
    return kind


class _Differ:
    def __init__(self, old_names: NamedTypes, new_names: NamedTypes) -> None:
        self.old_names = old_names
        self.new_names = new_names
        self.changes: list[Change] = []
        self._seen: set[tuple[str, str]] = set()

    def add(self, kind: str, path: str, description: str, pointer: str,
            breaks: frozenset[Direction] | None, note: str = "") -> None:
        self.changes.append(Change(kind, path, description, pointer, breaks, note))

    def resolve_old(self, value: Any, pointer: str, namespace: str | None) -> _Node:
        return _node(value, pointer, namespace, self.old_names)

    def resolve_new(self, value: Any, pointer: str, namespace: str | None) -> _Node:
        return _node(value, pointer, namespace, self.new_names)

    def compare(self, old: _Node, new: _Node, path: str) -> None:
        old_kind, new_kind = _kind(old), _kind(new)
        if old_kind == "named-reference" or new_kind == "named-reference":
            if _branch_key(old) != _branch_key(new):
                self.add("type-changed", path, f"type {_label(old)} → {_label(new)}",
                         new.pointer, BOTH)
            return
        if old_kind == "union" or new_kind == "union":
            self.compare_unions(old, new, path)
            return
        if old_kind != new_kind:
            self.type_changed(old, new, path)
            return
        if old_kind in PRIMITIVES:
            self.compare_logical(old, new, path)
        elif old_kind == "record":
            self.compare_records(old, new, path)
        elif old_kind == "enum":
            self.compare_enums(old, new, path)
        elif old_kind == "fixed":
            self.compare_fixed(old, new, path)
        elif old_kind == "array":
            self.compare(self.resolve_old(old.value.get("items"),
                                          join_pointer(old.pointer, "items"), old.namespace),
                         self.resolve_new(new.value.get("items"),
                                          join_pointer(new.pointer, "items"), new.namespace),
                         f"{path}[]")
        elif old_kind == "map":
            self.compare(self.resolve_old(old.value.get("values"),
                                          join_pointer(old.pointer, "values"), old.namespace),
                         self.resolve_new(new.value.get("values"),
                                          join_pointer(new.pointer, "values"), new.namespace),
                         f"{path}{{}}")

    def type_changed(self, old: _Node, new: _Node, path: str) -> None:
        old_kind, new_kind = _kind(old), _kind(new)
        breaks: set[Direction] = set()
        if old_kind not in PROMOTIONS.get(new_kind, set()):
            breaks.add(Direction.BACKWARD)
        if new_kind not in PROMOTIONS.get(old_kind, set()):
            breaks.add(Direction.FORWARD)
        # A promotion widens (new readers read the old values); its reverse narrows.
        kind = ("type-promoted" if Direction.BACKWARD not in breaks else
                "type-narrowed" if Direction.FORWARD not in breaks else "type-changed")
        self.add(kind, path, f"type {_label(old)} → {_label(new)}", new.pointer,
                 frozenset(breaks))

    def compare_logical(self, old: _Node, new: _Node, path: str) -> None:
        old_logical = old.value.get("logicalType") if isinstance(old.value, dict) else None
        new_logical = new.value.get("logicalType") if isinstance(new.value, dict) else None
        details = ("precision", "scale")
        old_detail = {k: old.value.get(k) for k in details} if isinstance(old.value, dict) else {}
        new_detail = {k: new.value.get(k) for k in details} if isinstance(new.value, dict) else {}
        if old_logical != new_logical or old_detail != new_detail:
            self.add("logical-type-changed", path,
                     f"logical type {_label(old)} → {_label(new)}", new.pointer, SAFE,
                     note="Confluent ignores logical types, but readers may misinterpret "
                          "the values")

    def compare_records(self, old: _Node, new: _Node, path: str) -> None:
        key = (old.full_name or "", new.full_name or "")
        if key in self._seen:
            return
        self._seen.add(key)
        self.compare_names(old, new, path)
        self.compare_doc(old, new, path)
        old_fields: dict[str, tuple[int, dict[str, Any]]] = {
            str(f.get("name")): (index, f)
            for index, f in enumerate(old.value.get("fields") or ()) if isinstance(f, dict)}
        matched_old: set[str] = set()
        for index, new_field in enumerate(new.value.get("fields") or ()):
            if not isinstance(new_field, dict):
                continue
            name = str(new_field.get("name"))
            source = old_fields.get(name)
            if (source is not None and source[1] == new_field
                    and _names_nothing(new_field.get("type"))):
                matched_old.add(name)
                continue  # the very same field (most of them): nothing of it can differ
            field_path = f"{path}.{name}" if path else name
            pointer = f"{new.pointer}/fields/{index}"  # ``join_pointer``: nothing to escape
            renamed_from = None
            if source is None:
                for alias in new_field.get("aliases") or ():
                    if alias in old_fields and alias not in matched_old:
                        source, renamed_from = old_fields[alias], alias
                        break
            if source is None:
                has_default = "default" in new_field
                self.add("field-added", field_path,
                         f"field {name} added" + (" with a default" if has_default
                                                  else " without a default"),
                         pointer, SAFE if has_default else BACKWARD)
                continue
            old_index, old_field = source
            matched_old.add(str(old_field.get("name")))
            if renamed_from is not None:
                self.add("field-renamed", field_path,
                         f"field {renamed_from} renamed to {name} (alias)", pointer,
                         SAFE if "default" in old_field else FORWARD,
                         note="only readers that honour aliases (Java) follow the rename")
            self.compare_field(old_field, new_field, old.pointer, old_index, pointer,
                               old.namespace, new.namespace, field_path)
        for old_name, (_, old_field) in old_fields.items():
            if old_name in matched_old:
                continue
            has_default = "default" in old_field
            self.add("field-removed", f"{path}.{old_name}" if path else old_name,
                     f"field {old_name} removed" + (" (it had a default)" if has_default
                                                else " (it had no default)"),
                     new.pointer, SAFE if has_default else FORWARD)

    def compare_field(self, old_field: dict[str, Any], new_field: dict[str, Any],
                      old_record: str, old_index: int, pointer: str,
                      old_space: str | None, new_space: str | None, path: str) -> None:
        """``pointer`` is the new field's."""
        if "default" in old_field and "default" not in new_field:
            self.add("default-removed", path, "default removed", pointer, SAFE)
        elif "default" not in old_field and "default" in new_field:
            self.add("default-added", path, "default added", pointer, SAFE)
        elif "default" in old_field and old_field["default"] != new_field["default"]:
            self.add("default-changed", path, "default changed", pointer, SAFE,
                     note="data already written keeps the old default's meaning")
        if old_field.get("doc") != new_field.get("doc"):
            self.add("doc-changed", path, "doc changed", pointer, SAFE)
        new_aliases = set(new_field.get("aliases") or ()) - set(old_field.get("aliases") or ())
        if new_aliases:
            self.add("alias-added", path, f"alias {', '.join(sorted(new_aliases))} added",
                     pointer, SAFE)
        if old_field.get("order", "ascending") != new_field.get("order", "ascending"):
            self.add("order-changed", path, "sort order changed", pointer, SAFE)
        old_type, new_type = old_field.get("type"), new_field.get("type")
        if old_type == new_type and _names_nothing(old_type):
            return  # most fields: nothing in the type can differ
        self.compare(
            self.resolve_old(old_type, f"{old_record}/fields/{old_index}/type", old_space),
            self.resolve_new(new_type, f"{pointer}/type", new_space),
            path)

    def compare_names(self, old: _Node, new: _Node, path: str) -> None:
        old_short = (old.full_name or "").rsplit(".", 1)[-1]
        new_short = (new.full_name or "").rsplit(".", 1)[-1]
        if old_short != new_short:
            new_aliases = {_full_name(a, new.namespace) for a in new.value.get("aliases") or ()}
            old_aliases = {_full_name(a, old.namespace) for a in old.value.get("aliases") or ()}
            breaks = set()
            if old.full_name not in new_aliases:
                breaks.add(Direction.BACKWARD)
            if new.full_name not in old_aliases:
                breaks.add(Direction.FORWARD)
            self.add("name-changed", path or new_short,
                     f"type renamed {old.full_name} → {new.full_name}",
                     join_pointer(new.pointer, "name"), frozenset(breaks))
        elif old.full_name != new.full_name:
            self.add("namespace-changed", path or new_short,
                     f"namespace {old.namespace} → {new.namespace}",
                     join_pointer(new.pointer, "namespace"), SAFE,
                     note="Avro compares unqualified names; generated classes move package")

    def compare_doc(self, old: _Node, new: _Node, path: str) -> None:
        if old.value.get("doc") != new.value.get("doc"):
            self.add("doc-changed", path or _label(new), "type doc changed", new.pointer, SAFE)

    def compare_enums(self, old: _Node, new: _Node, path: str) -> None:
        self.compare_names(old, new, path)
        old_symbols = list(old.value.get("symbols") or ())
        new_symbols = list(new.value.get("symbols") or ())
        added = [s for s in new_symbols if s not in old_symbols]
        removed = [s for s in old_symbols if s not in new_symbols]
        pointer = join_pointer(new.pointer, "symbols")
        if added:
            self.add("symbol-added", path, f"symbols added: {', '.join(added)}", pointer,
                     SAFE if "default" in old.value else FORWARD)
        if removed:
            self.add("symbol-removed", path, f"symbols removed: {', '.join(removed)}", pointer,
                     SAFE if "default" in new.value else BACKWARD)
        if old.value.get("default") != new.value.get("default"):
            self.add("enum-default-changed", path,
                     f"enum default {old.value.get('default')} → {new.value.get('default')}",
                     new.pointer, SAFE)

    def compare_fixed(self, old: _Node, new: _Node, path: str) -> None:
        self.compare_names(old, new, path)
        if old.value.get("size") != new.value.get("size"):
            self.add("fixed-size-changed", path,
                     f"fixed size {old.value.get('size')} → {new.value.get('size')}",
                     join_pointer(new.pointer, "size"), BOTH)

    def compare_unions(self, old: _Node, new: _Node, path: str) -> None:
        old_branches = self.branches(old, self.resolve_old)
        new_branches = self.branches(new, self.resolve_new)
        old_keys = {_branch_key(b): b for b in old_branches}
        new_keys = {_branch_key(b): b for b in new_branches}
        if len(old_branches) == 1 and len(new_branches) > 1:
            self.add("made-union", path, f"type {_label(old_branches[0])} → union of "
                     f"{', '.join(new_keys)}", new.pointer,
                     SAFE if list(new_keys) == list(old_keys) else
                     (FORWARD if _branch_key(old_branches[0]) in new_keys else BOTH))
        elif len(new_branches) == 1 and len(old_branches) > 1:
            self.add("union-narrowed", path, f"union of {', '.join(old_keys)} → "
                     f"{_label(new_branches[0])}", new.pointer,
                     BACKWARD if _branch_key(new_branches[0]) in old_keys else BOTH)
        else:
            for key in new_keys.keys() - old_keys.keys():
                self.add("branch-added", path, f"union branch {key} added", new.pointer,
                         FORWARD)
            for key in old_keys.keys() - new_keys.keys():
                self.add("branch-removed", path, f"union branch {key} removed", new.pointer,
                         BACKWARD)
            if (list(old_keys)[:1] != list(new_keys)[:1] and old_keys.keys() & new_keys.keys()):
                self.add("branch-order-changed", path, "first union branch changed",
                         new.pointer, SAFE, note="a field default must match the first branch")
        for key in old_keys.keys() & new_keys.keys():
            self.compare(old_keys[key], new_keys[key], path)

    def branches(self, node: _Node, resolve: Any) -> list[_Node]:
        if isinstance(node.value, list):
            return [resolve(item, join_pointer(node.pointer, index), node.namespace)
                    for index, item in enumerate(node.value)]
        return [node]
