"""Which declared consumers read what a change touches: the blast radius ``diff`` and the
Action show, consumer by consumer, before anyone asks whether they still read the new
version (``judge``)."""

from __future__ import annotations

from collections.abc import Sequence

from schemalint.contracts.judge import Contract
from schemalint.contracts.paths import field_paths, locate, names_touch, path_names
from schemalint.model import Change, Schema, SchemaType


def readers_of(changes: Sequence[Change], old: Schema, new: Schema,
               contracts: Sequence[Contract]) -> list[list[Contract]]:
    """Per change, the contracts that read a field it touches, whether or not the change
    breaks a reader: a field removed with a default breaks no Avro reader, and a consumer
    reading it by name reads the default from then on."""
    reading = [(contract, _read_paths(contract)) for contract in contracts]
    return [[contract for contract, paths in reading
             if any(_touches(change, path, old, new) for path in paths)]
            for change in changes]


def _read_paths(contract: Contract) -> list[tuple[str, ...]]:
    """The fields a contract reads, as names: its ``reads``, or its reader schema's fields
    that hold no field it reads (the leaves)."""
    if contract.reader is None:
        return [path_names(path) for path in contract.reads]
    declared = [path_names(path) for path, _ in field_paths(contract.reader)]
    return [names for names in declared
            if not any(len(other) > len(names) and other[:len(names)] == names
                       for other in declared)]


def _touches(change: Change, names: tuple[str, ...], old: Schema, new: Schema) -> bool:
    if new.schema_type is SchemaType.AVRO:
        # An Avro change names the field from its top-level record (``Order.customer``);
        # its pointer is in the new schema, where a removed field is not.
        changed = tuple(name.split("|", 1)[0] for name in path_names(change.name_path)[1:])
        shorter = min(len(changed), len(names))
        return bool(changed) and changed[:shorter] == names[:shorter]
    # JSON Schema and Protobuf pointers name the same element in both versions
    # (``/properties/customer``, ``/Order/2``): a removed field is found in the old one.
    pointer = change.pointer
    if not pointer:
        return False
    # Inside another file (a ``$ref``'s) every field shares the referring one's pointer: the
    # names decide there.
    path = ".".join(names)
    for schema in (old, new):
        spot = locate(schema, path) if schema.schema_type is new.schema_type else None
        if spot is not None and spot.found and (
                pointer == spot.pointer or pointer.startswith(spot.pointer + "/")
                or pointer in spot.chain[:-1]) and (
                not spot.outside or names_touch(new.schema_type, change.name_path, names)):
            return True
    return False
