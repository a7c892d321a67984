"""What each Avro incompatibility type means, for ``schemalint explain`` and docs/codes.md.

Each example is an old schema and a new one: the bad one is reported with the code when the
new schema is checked BACKWARD against the old one, the good one is not (a test runs both).
"""

from __future__ import annotations

from schemalint.formats.avro.compat import (
    FIXED_SIZE_MISMATCH,
    MISSING_ENUM_SYMBOLS,
    MISSING_UNION_BRANCH,
    NAME_MISMATCH,
    READER_FIELD_MATCHES_MULTIPLE_WRITER_FIELDS,
    READER_FIELD_MISSING_DEFAULT_VALUE,
    TYPE_MISMATCH,
)
from schemalint.model import CodeDoc

_RESOLUTION = ("Confluent Schema Registry runs Apache Avro's schema resolution: the reader's "
               "schema is matched with the writer's, field by field and by name.")


def _record(*fields: str, name: str = "Order") -> str:
    return f'{{"type": "record", "name": "{name}", "fields": [{", ".join(fields)}]}}'


_ID = '{"name": "id", "type": "string"}'
_COUPON = '{"name": "coupon_code", "type": "string"}'
_COUPON_OPTIONAL = '{"name": "coupon_code", "type": ["null", "string"], "default": null}'
_AMOUNT_LONG = '{"name": "amount", "type": "long"}'
_AMOUNT_INT = '{"name": "amount", "type": "int"}'
_REF_WIDE = '{"name": "ref", "type": ["null", "string", "long"]}'
_REF = '{"name": "ref", "type": ["null", "string"]}'
_ORDER_ID = '{"name": "order_id", "type": "string"}'
_ID_ALIASED = '{"name": "id", "type": "string", "aliases": ["order_id"]}'

# code: (summary, CodeDoc)
DOCS: dict[str, tuple[str, CodeDoc]] = {
    READER_FIELD_MISSING_DEFAULT_VALUE: (
        "A field the reader expects is absent from the writer's data and has no default.",
        CodeDoc(
            what="A field of the reading schema that the writing schema lacks, with no "
                 "\"default\" to fill it: a field added without a default (new consumers, "
                 "BACKWARD), or a field without a default removed (old consumers, FORWARD).",
            why=f"{_RESOLUTION} A field the writer never wrote is filled from the reader's "
                "default; without one, decoding fails for every event.",
            bad=f"old: {_record(_ID)}\n"
                f"new: {_record(_ID, _COUPON)}",
            good=f"old: {_record(_ID)}\n"
                 f"new: {_record(_ID, _COUPON_OPTIONAL)}",
            fix="Add a default (\"default\": null with a [\"null\", …] union, or a value of the "
                "field's type); if it renames a field, list the old name in \"aliases\". A "
                "field old consumers need is kept (deprecated) rather than removed.",
        )),
    TYPE_MISMATCH: (
        "A type changed in a way Avro cannot promote.",
        CodeDoc(
            what="A field's (or an array's, map's or union branch's) type changed to one the "
                 "reader cannot resolve from the writer's.",
            why=f"{_RESOLUTION} Avro promotes int to long, float and double, long to float "
                "and double, float to double, and string and bytes both ways; nothing else. A "
                "narrowing (long to int) breaks new consumers; a widening breaks old ones at "
                "FORWARD levels.",
            bad=f"old: {_record(_AMOUNT_LONG)}\n"
                f"new: {_record(_AMOUNT_INT)}",
            good=f"old: {_record(_AMOUNT_INT)}\n"
                 f"new: {_record(_AMOUNT_LONG)}",
            fix="Keep the old type, or add a field with the new type (with a default) and "
                "deprecate the old one.",
        )),
    NAME_MISMATCH: (
        "A record, enum or fixed type changed its name.",
        CodeDoc(
            what="A named type (record, enum, fixed) is called differently in the reader than "
                 "in the writer, and the reader lists no alias for the old name.",
            why=f"{_RESOLUTION} Named types match by full name (or the reader's aliases); a "
                "renamed type matches nothing, so no event decodes.",
            bad=f"old: {_record(_ID)}\nnew: {_record(_ID, name='Purchase')}",
            good=f"old: {_record(_ID)}\n"
                 'new: {"type": "record", "name": "Purchase", "aliases": ["Order"], '
                 f'"fields": [{_ID}]}}',
            fix="Keep the name, or add the old full name to the new type's \"aliases\" "
                "(which helps new consumers only: old consumers still need the old name).",
        )),
    MISSING_ENUM_SYMBOLS: (
        "The reader's enum lacks symbols the writer may send.",
        CodeDoc(
            what="An enum of the reading schema lacks symbols of the writing schema's enum: "
                 "symbols removed (new consumers), or added (old consumers, FORWARD).",
            why=f"{_RESOLUTION} An unknown symbol fails decoding unless the reader's enum "
                "declares a \"default\" symbol to read it as.",
            bad='old: {"type": "enum", "name": "Method", "symbols": ["CARD", "BANK_TRANSFER"]}'
                '\nnew: {"type": "enum", "name": "Method", "symbols": ["CARD"]}',
            good='old: {"type": "enum", "name": "Method", "symbols": ["CARD"]}\n'
                 'new: {"type": "enum", "name": "Method", "symbols": ["CARD", "BANK_TRANSFER"]}',
            fix="Keep every symbol (deprecate it in the doc); add symbols only once the enum "
                "consumers read with declares a \"default\" symbol.",
        )),
    MISSING_UNION_BRANCH: (
        "The reader's union lacks a branch the writer may send.",
        CodeDoc(
            what="A union of the reading schema has no branch for a type the writing schema "
                 "can write there: a branch removed, or a type widened into a union old "
                 "consumers lack.",
            why=f"{_RESOLUTION} A value of a branch the reader lacks cannot be decoded.",
            bad=f"old: {_record(_REF_WIDE)}"
                f"\nnew: {_record(_REF)}",
            good=f"old: {_record(_REF)}\n"
                 f"new: {_record(_REF_WIDE)}",
            fix="Keep the branch in the union; add branches to consumers' schema before "
                "producers write them.",
        )),
    FIXED_SIZE_MISMATCH: (
        "A fixed type changed its size.",
        CodeDoc(
            what="A fixed type has another size in the reader than in the writer.",
            why=f"{_RESOLUTION} A fixed's size is its encoding: bytes of another length "
                "cannot be read.",
            bad='old: {"type": "fixed", "name": "Digest", "size": 16}\n'
                'new: {"type": "fixed", "name": "Digest", "size": 32}',
            good='old: {"type": "fixed", "name": "Digest", "size": 16}\n'
                 'new: {"type": "fixed", "name": "Digest", "size": 16, "doc": "MD5"}',
            fix="Keep the size; put a fixed of the new size in a new field.",
        )),
    READER_FIELD_MATCHES_MULTIPLE_WRITER_FIELDS: (
        "A reader field matches several writer fields through its name and aliases.",
        CodeDoc(
            what="A field whose name and aliases name more than one field of the other "
                 "schema.",
            why="Avro cannot tell which writer field to read; Confluent answers \"Unexpected "
                "exception during compatibility check\" and the check cannot be made.",
            bad=f"old: {_record(_ID, _ORDER_ID)}\n"
                f"new: {_record(_ID_ALIASED)}",
            good=f"old: {_record(_ID, _ORDER_ID)}\n"
                 f"new: {_record(_ID)}",
            fix="Remove the aliases that name other existing fields.",
        )),
}


def docs() -> dict[str, tuple[str, CodeDoc]]:
    """Every type the engine reports: its summary and its documentation."""
    return DOCS
