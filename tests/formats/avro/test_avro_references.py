"""Named types defined in other files, found through an index of full names."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemalint import InvalidSchemaError
from schemalint.compat import PreviousVersion, check_level
from schemalint.formats.avro import ENGINE
from schemalint.formats.avro.index import AvroNameIndex, defined_names
from schemalint.model import Against, Level, Reference

REFS = Path(__file__).parents[2] / "fixtures" / "avro" / "refs"


@pytest.fixture
def index() -> AvroNameIndex:
    return AvroNameIndex((path.name, path.read_text()) for path in sorted(REFS.glob("*.avsc")))


def test_index_finds_names_without_parsing_every_file() -> None:
    document = {"type": "record", "name": "A", "namespace": "x", "fields": [
        {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["P"]}},
        {"name": "f", "type": ["null", {"type": "fixed", "name": "y.F", "size": 1}]},
        {"name": "m", "type": {"type": "map", "values": {
            "type": "record", "name": "V", "namespace": "", "fields": []}}},
    ]}
    assert sorted(defined_names(document)) == [
        ("V", False), ("x.A", True), ("x.E", False), ("y.F", False)]


def test_top_level_union_of_records_from_other_files(index: AvroNameIndex) -> None:
    schema = index.parse("orders-value.avsc")
    assert schema.name is None
    assert schema.identity == '["com.acme.OrderPlaced","com.acme.OrderCancelled"]'
    assert schema.references == (
        Reference("com.acme.OrderPlaced", "com.acme.OrderPlaced", "OrderPlaced.avsc"),
        Reference("com.acme.OrderCancelled", "com.acme.OrderCancelled", "OrderCancelled.avsc"),
    )


def test_references_stay_unInlined_in_the_identity(index: AvroNameIndex) -> None:
    schema = index.parse("OrderCancelled.avsc")
    assert schema.identity == (
        '{"type":"record","name":"OrderCancelled","namespace":"com.acme","fields":[{"name":"id",'
        '"type":"string"},{"name":"refund","type":["null","Money"],"default":null},'
        '{"name":"status","type":"Status"}]}')
    assert [reference.path for reference in schema.references] == [
        "Money.avsc", "OrderPlaced.avsc"]


def test_referenced_files_are_parsed_once(index: AvroNameIndex) -> None:
    placed = index.avro_named_type("com.acme.OrderPlaced")
    assert placed is not None and placed is index.parse("OrderPlaced.avsc")
    assert index.avro_named_type("com.acme.Nowhere") is None


def test_newest_versioned_file_defines_the_type(index: AvroNameIndex) -> None:
    assert index.paths_defining("com.acme.shipping.Address") == [
        "Address.v2.avsc", "Address.v1.avsc"]
    shipment = index.parse("Shipment.avsc")
    assert shipment.references[0].path == "Address.v2.avsc"


@pytest.mark.parametrize(("path", "message"), [
    ("CycleA.avsc", "CycleA.avsc:1:63: the type 'CycleB' comes from CycleB.avsc, which is not a "
                    "valid schema: unknown type 'CycleA': not a primitive type nor a named type "
                    "defined in this file or another schema file"),
    ("UsesBroken.avsc", "UsesBroken.avsc:2:17: the type 'Broken' comes from Broken.avsc, which is "
                        "not a valid schema: unknown type 'nope': not a primitive type nor a named "
                        "type defined in this file or another schema file"),
])
def test_cycles_and_broken_references_are_one_line_errors(index: AvroNameIndex, path: str,
                                                          message: str) -> None:
    with pytest.raises(InvalidSchemaError) as raised:
        index.parse(path)
    assert str(raised.value) == message


def test_new_event_type_in_the_union_breaks_old_consumers(index: AvroNameIndex) -> None:
    old = ENGINE.parse('[\n  "com.acme.OrderPlaced"\n]', path="orders-value.v1", resolver=index)
    new = ENGINE.parse('[\n  "com.acme.OrderPlaced",\n  "com.acme.OrderCancelled"\n]',
                       path="orders-value.avsc", resolver=index)
    result = check_level(new, [PreviousVersion(old, Against(version=1))], Level.FULL)
    assert [(f.code, f.direction and f.direction.value, f.pointer, f.line, f.column, f.name_path)
            for f in result.findings] == [
        ("MISSING_UNION_BRANCH", "forward", "/1", 3, 3, "OrderCancelled")]


def test_change_inside_a_referenced_type_anchors_at_the_reference(index: AvroNameIndex) -> None:
    old = ENGINE.parse(
        '{"type": "record", "name": "Invoice", "namespace": "com.acme", "fields": [\n'
        '  {"name": "total", "type": {"type": "record", "name": "Money", "fields": [\n'
        '    {"name": "amount", "type": "int"}]}}]}')
    new = ENGINE.parse(
        '{"type": "record", "name": "Invoice", "namespace": "com.acme", "fields": [\n'
        '  {"name": "total", "type": "Money"}]}', resolver=index)
    [incompatibility] = ENGINE.incompatibilities(new, old)
    # Money from Money.avsc now needs "currency", which the old inline Money lacks.
    assert (incompatibility.code, incompatibility.reader_pointer,
            incompatibility.writer_pointer, incompatibility.name_path) == (
        "READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/0/type", "/fields/0/type",
        "Invoice.total.currency")


def test_fastavro_reads_and_writes_with_referenced_types(index: AvroNameIndex) -> None:
    import io

    import fastavro

    from schemalint.formats.avro import fastavro_schema

    parsed = fastavro_schema(index.parse("OrderCancelled.avsc"))
    event = {"id": "o-1", "refund": {"amount": 5, "currency": "EUR"}, "status": "PAID"}
    buffer = io.BytesIO()
    fastavro.schemaless_writer(buffer, parsed, event)
    buffer.seek(0)
    assert fastavro.schemaless_reader(buffer, parsed) == event
