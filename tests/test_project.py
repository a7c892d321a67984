from __future__ import annotations

from pathlib import Path

import pytest

from schemalint.config import Config, SubjectSettings
from schemalint.model import SchemaType
from schemalint.project import classify, map_subjects

ORDER = '{"type": "record", "name": "OrderPlaced", "namespace": "com.acme", "fields": []}'
JSON_ORDER = '{"$schema": "http://json-schema.org/draft-07/schema#", "title": "OrderPlaced"}'


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        ("schemas/orders/value.avsc", ORDER, (SchemaType.AVRO, "orders", "value", None)),
        ("schemas/orders/key.avsc", ORDER, (SchemaType.AVRO, "orders", "key", None)),
        ("schemas/orders/value.v3.avsc", ORDER, (SchemaType.AVRO, "orders", "value", 3)),
        ("schemas/acme/orders/value.schema.json", JSON_ORDER,
         (SchemaType.JSON, "acme.orders", "value", None)),
        ("schemas/orders/value.json", JSON_ORDER, (SchemaType.JSON, "orders", "value", None)),
        ("schemas/common/Address.avsc", ORDER, (SchemaType.AVRO, "common", None, None)),
    ],
)
def test_classify(path: str, text: str,
                  expected: tuple[SchemaType, str, str | None, int | None]) -> None:
    found = classify(path, ["schemas"], text)
    assert found is not None
    assert (found.schema_type, found.topic, found.role, found.version) == expected


@pytest.mark.parametrize("path", ["docs/orders/value.avsc", "schemas/README.md",
                                  "schemas/orders/data.json"])
def test_not_schemas(path: str) -> None:
    assert classify(path, ["schemas"], '{"a": 1}') is None


@pytest.mark.parametrize(
    ("strategy", "expected"),
    [
        ("topic", {"orders-value", "orders-key", "com.acme.OrderPlaced"}),
        ("record", {"com.acme.OrderPlaced", "com.acme.OrderKey"}),
        ("topic-record", {"orders-com.acme.OrderPlaced", "orders-com.acme.OrderKey",
                          "com.acme.OrderPlaced"}),
    ],
)
def test_strategies(strategy: str, expected: set[str]) -> None:
    texts = {
        "schemas/orders/value.v1.avsc": ORDER,
        "schemas/orders/value.v2.avsc": ORDER,
        "schemas/orders/key.avsc": ORDER.replace("OrderPlaced", "OrderKey"),
        "schemas/common/OrderPlaced.avsc": ORDER,
    }
    files = [f for f in (classify(p, ["schemas"], t) for p, t in texts.items()) if f]
    config = Config(root=Path(), strategy=strategy)
    subjects = map_subjects(files, config, texts)
    assert set(subjects) == expected


def test_versioned_files_are_one_subject_whose_latest_is_current() -> None:
    texts = {f"schemas/orders/value.v{n}.avsc": ORDER for n in (1, 2, 10)}
    files = [f for f in (classify(p, ["schemas"], t) for p, t in texts.items()) if f]
    subject = map_subjects(files, Config(root=Path()), texts)["orders-value"]
    assert subject.path == "schemas/orders/value.v10.avsc"
    assert [v for v, _ in subject.versioned] == [1, 2, 10]


def test_explicit_subjects_win() -> None:
    texts = {"schemas/orders/value.avsc": ORDER}
    files = [f for f in (classify(p, ["schemas"], t) for p, t in texts.items()) if f]
    config = Config(root=Path(), subjects=(
        SubjectSettings(subject="legacy-orders", file="schemas/orders/value.avsc"),))
    assert set(map_subjects(files, config, texts)) == {"legacy-orders"}
