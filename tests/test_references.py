"""Finding the schemas that may reference a changed file by their text, before any parse."""

from __future__ import annotations

import json

import pytest

from schemalint.model import SchemaType
from schemalint.references import ChangedFile, folders_outside, reference_pattern

MONEY = json.dumps({"type": "record", "name": "Money", "namespace": "com.acme.types",
                    "fields": [{"name": "units", "type": "long"}]})


@pytest.mark.parametrize(("changed", "text", "may"), [
    # open-telemetry/opentelemetry-proto: trace/v1/trace.proto imports common/v1/common.proto.
    (ChangedFile("opentelemetry/proto/common/v1/common.proto", SchemaType.PROTOBUF, None),
     'import "opentelemetry/proto/common/v1/common.proto";', True),
    (ChangedFile("schemas/common.proto", SchemaType.PROTOBUF, None),
     'import public "common.proto";', True),
    (ChangedFile("schemas/common.proto", SchemaType.PROTOBUF, None),
     'import "other_common.proto";', False),
    (ChangedFile("schemas/common.proto", SchemaType.PROTOBUF, None),
     '// imported "common.proto"', False),
    # wikimedia/schemas-event-primary: `$ref: /fragment/common/2.0.0`, served by ref-map.
    (ChangedFile("jsonschema/fragment/common/2.0.0.yaml", SchemaType.JSON, None),
     "meta:\n  $ref: /fragment/common/2.0.0\n", True),
    (ChangedFile("schemas/shared/address.schema.json", SchemaType.JSON, None),
     '{"$ref": "../shared/address.schema.json#/definitions/city"}', True),
    (ChangedFile("schemas/shared/address.schema.json", SchemaType.JSON, None),
     '{"$ref": "../shared/postal_address.schema.json"}', False),
    (ChangedFile("schemas/shared/a.json", SchemaType.JSON,
                 '{"$id": "https://acme.com/address", "type": "object"}'),
     '{"$ref": "https://acme.com/address"}', True),
    # confluentinc/kafka-tutorials: all-events.avsc names a type of purchase.avsc.
    (ChangedFile("schemas/types/money.avsc", SchemaType.AVRO, MONEY),
     '{"name": "total", "type": "com.acme.types.Money"}', True),
    (ChangedFile("schemas/types/money.avsc", SchemaType.AVRO, MONEY),
     '{"name": "total", "type": "Money"}', True),
    (ChangedFile("schemas/types/money.avsc", SchemaType.AVRO, MONEY),
     '{"name": "total", "type": "MoneyAmount"}', False),
])
def test_a_schema_may_reference_a_changed_file_where_its_text_names_it(
        changed: ChangedFile, text: str, may: bool) -> None:
    pattern = reference_pattern(changed)
    assert pattern is not None
    assert bool(pattern.search(text)) is may


@pytest.mark.parametrize(("roots", "folders", "outside"), [
    (["jsonschema/mediawiki"], ["jsonschema/"], ["jsonschema"]),
    (["schemas"], ["schemas/shared", "./proto"], ["proto"]),
    (["."], ["vendor"], []),
    (["schemas"], [".", ""], []),
])
def test_referenced_folders_outside_the_roots(roots: list[str], folders: list[str],
                                              outside: list[str]) -> None:
    assert folders_outside(roots, folders) == outside
