"""Confluent's structural diff of two Protobuf files, restated over ``model``.

Messages are matched by name, fields and enum constants by number. A field whose type is a
message declared elsewhere is compared by that message's name relative to its package; when
the names agree and the two declarations come from different places (one local, one imported,
or two different imported files), the two messages are diffed in a nested context whose
differences all count, and a FIELD_NAMED_TYPE_CHANGED is added when any of them is
incompatible. A message already being compared is not compared again (recursive types).
The order of differences follows declaration order where Confluent iterates hash sets;
compare them as a multiset with Confluent's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple

from schemalint.formats.protobuf import difference as d
from schemalint.formats.protobuf.difference import COMPATIBLE_CHANGES, Difference
from schemalint.formats.protobuf.model import (
    MAP,
    SCALAR,
    FieldType,
    ProtoEnum,
    ProtoField,
    ProtoMessage,
    ProtoModel,
    TypeInfo,
)

_MESSAGE = "message"
_SCALAR_GROUPS = {
    "int32": "number", "int64": "number", "uint32": "number", "uint64": "number",
    "bool": "number", "sint32": "signed", "sint64": "signed", "string": "string",
    "bytes": "string", "fixed32": "fixed32", "sfixed32": "fixed32", "fixed64": "fixed64",
    "sfixed64": "fixed64", "float": "float", "double": "double",
}
_NUMERIC = frozenset({"number", "signed", "fixed32", "fixed64", "float", "double"})


@dataclass
class _Ctx:
    original: dict[str, TypeInfo]
    update: dict[str, TypeInfo]
    path: list[str]
    in_progress: set[int] = field(default_factory=set)
    # Pointers into the two parsed files to use for every difference (set while comparing
    # types declared in other files).
    anchor: tuple[str, str] | None = None
    diffs: list[Difference] = field(default_factory=list)

    def pointer(self, extra: tuple[str, ...] = ()) -> tuple[str, str]:
        if self.anchor is not None:
            return self.anchor
        text = "".join("/" + part for part in (*self.path, *extra))
        return text, text

    def add(self, kind: str, *extra: str, original: str = "", update: str = "") -> None:
        optr, uptr = self.pointer(extra)
        self.diffs.append(Difference(kind, "#/" + "/".join((*self.path, *extra)), optr, uptr,
                                     original, update))

    def sub(self, path: list[str]) -> _Ctx:
        return _Ctx(self.original, self.update, path, set(self.in_progress),
                    self.anchor or self.pointer())


def diff_models(original: ProtoModel, update: ProtoModel) -> list[Difference]:
    """Every difference Confluent reports from ``original`` to ``update``."""
    ctx = _Ctx(original.types, update.types, [])
    if original.file.package != update.file.package:
        ctx.add(d.PACKAGE_CHANGED, original=original.file.package,
                update=update.file.package)
    _compare_types(ctx, original.file.messages, original.file.enums, update.file.messages,
                   update.file.enums)
    return ctx.diffs


def _union(first: list[str], second: list[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def _compare_types(ctx: _Ctx, original_messages: tuple[ProtoMessage, ...],
                   original_enums: tuple[ProtoEnum, ...],
                   update_messages: tuple[ProtoMessage, ...],
                   update_enums: tuple[ProtoEnum, ...]) -> None:
    originals = {item.name: (index, item) for index, item in enumerate(original_messages)}
    updates = {item.name: (index, item) for index, item in enumerate(update_messages)}
    for name in _union(list(originals), list(updates)):
        ctx.path.append(name)
        if name not in updates:
            ctx.add(d.MESSAGE_REMOVED, original=f"message {name}")
        elif name not in originals:
            ctx.add(d.MESSAGE_ADDED, update=f"message {name}")
        else:
            original_index, original = originals[name]
            update_index, update = updates[name]
            _compare_messages(ctx, original, update)
            if original_index != update_index:
                # Serialized message indexes refer to the schema of the writer's id, so
                # moving a message is compatible.
                ctx.add(d.MESSAGE_MOVED)
        ctx.path.pop()
    original_enum = {item.name: item for item in original_enums}
    update_enum = {item.name: item for item in update_enums}
    for name in _union(list(original_enum), list(update_enum)):
        ctx.path.append(name)
        if name not in update_enum:
            ctx.add(d.ENUM_REMOVED, original=f"enum {name}")
        elif name not in original_enum:
            ctx.add(d.ENUM_ADDED, update=f"enum {name}")
        else:
            _compare_enums(ctx, original_enum[name], update_enum[name])
        ctx.path.pop()


def _compare_enums(ctx: _Ctx, original: ProtoEnum, update: ProtoEnum) -> None:
    # With allow_alias, the last constant declared for a number stands for it.
    originals = {number: name for name, number in original.values}
    updates = {number: name for name, number in update.values}
    for number in sorted(set(originals) | set(updates)):
        if number not in updates:
            ctx.add(d.ENUM_CONST_REMOVED, str(number),
                    original=f"{originals[number]} = {number}")
        elif number not in originals:
            ctx.add(d.ENUM_CONST_ADDED, str(number), update=f"{updates[number]} = {number}")
        elif originals[number] != updates[number]:
            ctx.add(d.ENUM_CONST_CHANGED, str(number),
                    original=f"{originals[number]} = {number}",
                    update=f"{updates[number]} = {number}")


def _compare_messages(ctx: _Ctx, original: ProtoMessage, update: ProtoMessage) -> None:
    key = id(original)
    fresh = key not in ctx.in_progress
    if fresh:
        ctx.in_progress.add(key)
        _compare_fields(ctx, original, update)
    _compare_types(ctx, original.messages, original.enums, update.messages, update.enums)
    if fresh:
        ctx.in_progress.discard(key)


def _compare_fields(ctx: _Ctx, original: ProtoMessage, update: ProtoMessage) -> None:
    if original.fields == update.fields and original.oneofs == update.oneofs:
        # The same fields, one for one: only the types they name can differ.
        for item in sorted((item for item in update.fields if item.type.kind != SCALAR),
                           key=attrgetter("number")):
            _compare_field_at(ctx, item, item)
        return
    original_fields = {item.number: item for item in original.fields}
    update_fields = {item.number: item for item in update.fields}
    original_oneofs = _oneof_members(original)
    update_oneofs = _oneof_members(update)
    # A oneof gone by name, none of whose members survive anywhere, was deleted whole:
    # compatible, and its members are not reported one by one.
    deleted = {name for name, members in original_oneofs.items()
               if name not in update_oneofs
               and not any(number in update_fields for number in members)}
    # Fields of a new or changed oneof that used to be independent are now exclusive.
    for name, members in update_oneofs.items():
        groups: set[str] = set()
        moved_in = 0
        for number in members:
            before = original_fields.get(number)
            if before is None:
                continue
            if before.oneof is not None:
                groups.add("oneof:" + before.oneof)
            else:
                groups.add(f"field:{number}")
                moved_in += 1
        if len(groups) > 1:
            ctx.add(d.MULTIPLE_FIELDS_MOVED_TO_ONEOF if moved_in > 1
                    else d.FIELD_MOVED_TO_EXISTING_ONEOF, name)
    for name in sorted(set(original_oneofs) | set(update_oneofs)):
        if name not in update_oneofs:
            ctx.add(d.ONEOF_REMOVED, name, original=f"oneof {name}")
        elif name not in original_oneofs:
            ctx.add(d.ONEOF_ADDED, name, update=f"oneof {name}")
    for number in sorted(original_fields.keys() | update_fields.keys()):
        before = original_fields.get(number)
        after = update_fields.get(number)
        tag = str(number)
        if after is None:
            assert before is not None
            if before.oneof is not None:
                if before.oneof not in deleted:
                    ctx.add(d.ONEOF_FIELD_REMOVED, before.oneof, tag,
                            original=before.declaration())
            else:
                ctx.add(d.REQUIRED_FIELD_REMOVED if before.label == "required"
                        else d.FIELD_REMOVED, tag, original=before.declaration())
        elif before is None:
            if after.oneof is not None:
                ctx.add(d.ONEOF_FIELD_ADDED, after.oneof, tag, update=after.declaration())
            else:
                ctx.add(d.REQUIRED_FIELD_ADDED if after.label == "required"
                        else d.FIELD_ADDED, tag, update=after.declaration())
        elif before == after and before.type.kind == SCALAR:
            continue  # the same scalar field: nothing to tell
        else:
            if before.oneof is not None and after.oneof is None:
                ctx.add(d.ONEOF_FIELD_MOVED_TO_TOP_LEVEL, tag, original=before.declaration(),
                        update=after.declaration())
            _compare_field_at(ctx, before, after)


def _compare_field_at(ctx: _Ctx, original: ProtoField, update: ProtoField) -> None:
    """``_compare_field``, with the update's place (its oneof, its number) on the path."""
    tag = str(update.number)
    where = (update.oneof, tag) if update.oneof is not None else (tag,)
    ctx.path.extend(where)
    _compare_field(ctx, original, update)
    del ctx.path[-len(where):]


def _oneof_members(message: ProtoMessage) -> dict[str, list[int]]:
    """Each oneof's field numbers, in declaration order."""
    members: dict[str, list[int]] = {name: [] for name, _ in message.oneofs}
    for item in message.fields:
        if item.oneof is not None:
            members[item.oneof].append(item.number)
    return members


def _compare_field(ctx: _Ctx, original: ProtoField, update: ProtoField) -> None:
    declared = _Declared(original, update)
    if original.name != update.name:
        ctx.add(d.FIELD_NAME_CHANGED, **declared.both())
    _compare_types_of(ctx, original.label, update.label, original.type, update.type, declared)


class _Declared(NamedTuple):
    """The two declarations of a field, written only for the differences found."""

    original: ProtoField
    update: ProtoField

    def both(self) -> dict[str, str]:
        return {"original": self.original.declaration(), "update": self.update.declaration()}


def _kind(types: dict[str, TypeInfo], kind: FieldType) -> str:
    if kind.kind == SCALAR:
        return SCALAR
    if kind.kind == MAP:
        return MAP
    info = types.get(kind.name)
    return SCALAR if info is not None and isinstance(info.element, ProtoEnum) else _MESSAGE


def _scalar_group(types: dict[str, TypeInfo], kind: FieldType) -> str:
    if kind.kind != SCALAR:
        return "number"  # an enum
    return _SCALAR_GROUPS[kind.name]


def _compare_types_of(ctx: _Ctx, original_label: str | None, update_label: str | None,
                      original: FieldType, update: FieldType, declared: _Declared) -> None:
    original_kind = _kind(ctx.original, original)
    update_kind = _kind(ctx.update, update)
    if original_kind != update_kind:
        ctx.add(d.FIELD_KIND_CHANGED, **declared.both())
    elif original_kind == SCALAR:
        original_group = _scalar_group(ctx.original, original)
        update_group = _scalar_group(ctx.update, update)
        if original_group != update_group:
            ctx.add(d.FIELD_SCALAR_KIND_CHANGED, **declared.both())
        elif original_label is not None and update_label is not None \
                and original_label != update_label:
            # Confluent compares labels only when both are written: proto3 `int32 x` to
            # `repeated int32 x` passes, `optional int32 x` to `repeated int32 x` does not.
            ctx.add(d.FIELD_NUMERIC_LABEL_CHANGED if original_group in _NUMERIC
                    else d.FIELD_STRING_OR_BYTES_LABEL_CHANGED, **declared.both())
    elif original_kind == _MESSAGE:
        _compare_message_types(ctx, original, update, declared)
    else:
        assert original.key and update.key and original.value and update.value
        _compare_types_of(ctx, None, None, original.key, update.key, declared)
        _compare_types_of(ctx, None, None, original.value, update.value, declared)


def _local_name(full_name: str, info: TypeInfo) -> str:
    prefix = info.package + "."
    return full_name[len(prefix):] if info.package and full_name.startswith(prefix) \
        else full_name


def _compare_message_types(ctx: _Ctx, original: FieldType, update: FieldType,
                           declared: _Declared) -> None:
    original_info = ctx.original.get(original.name)
    update_info = ctx.update.get(update.name)
    if original_info is None or update_info is None:
        if original.name != update.name:
            ctx.add(d.FIELD_NAMED_TYPE_CHANGED, **declared.both())
        return
    original_local = _local_name(original.name, original_info)
    update_local = _local_name(update.name, update_info)
    if original_local != update_local:
        ctx.add(d.FIELD_NAMED_TYPE_CHANGED, **declared.both())
        return
    if original_info.origin == update_info.origin:
        # Both declared in the parsed files (compared where they are declared), or both
        # in the same imported file.
        return
    if not isinstance(original_info.element, ProtoMessage) \
            or not isinstance(update_info.element, ProtoMessage):
        return
    nested = ctx.sub(original_local.split("."))
    _compare_messages(nested, original_info.element, update_info.element)
    ctx.diffs.extend(nested.diffs)
    if any(item.type not in COMPATIBLE_CHANGES for item in nested.diffs):
        ctx.add(d.FIELD_NAMED_TYPE_CHANGED, **declared.both())
