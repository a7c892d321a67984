from __future__ import annotations

from pathlib import Path

import pytest

from schemalint.config import Config, SubjectSettings
from schemalint.model import SchemaType
from schemalint.project import classify, map_subjects
from schemalint.versions import compile_patterns

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
    version = found.version.number if found.version else None
    assert (found.schema_type, found.topic, found.role, version) == expected


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
    assert [str(v) for v, _ in subject.versioned] == ["1", "2", "10"]


def test_explicit_subjects_win() -> None:
    texts = {"schemas/orders/value.avsc": ORDER}
    files = [f for f in (classify(p, ["schemas"], t) for p, t in texts.items()) if f]
    config = Config(root=Path(), subjects=(
        SubjectSettings(subject="legacy-orders", file="schemas/orders/value.avsc"),))
    assert set(map_subjects(files, config, texts)) == {"legacy-orders"}


YAML_EVENT = "title: test/event\n$schema: https://json-schema.org/draft-07/schema#\n"
MOZILLA = '{"$schema": "http://json-schema.org/draft-04/schema#", "type": "object"}'


# Each layout as a public repository has it: (source, path, subject under topic, version).
LAYOUTS = [
    ("schemalint's own", "schemas/orders/value.v3.avsc", ORDER, "orders-value", "3"),
    ("mozilla-services/mozilla-pipeline-schemas@88a4adfc5, "
     "schemas/activity-stream/impression-stats/impression-stats.2.schema.json",
     "schemas/activity-stream/impression-stats/impression-stats.2.schema.json", MOZILLA,
     "activity-stream.impression-stats-value", "2"),
    ("mozilla-services/mozilla-pipeline-schemas@19c97f5cd, "
     "schemas/glean/glean/glean-min.1.schema.json: a version not named after its folder",
     "schemas/glean/glean/glean-min.1.schema.json", MOZILLA, "glean-min", "1"),
    ("a name_vN.avsc file named after its folder", "schemas/orders/orders_v2.avsc", ORDER,
     "orders-value", "2"),
    ("a name_vN.avsc file of a shared type", "schemas/common/address_v2.avsc", ORDER,
     "com.acme.OrderPlaced", "2"),
    ("wikimedia/schemas-event-primary@43aeb4a, "
     "jsonschema/mediawiki/revision/create/1.1.0.yaml",
     "schemas/mediawiki/revision/create/1.1.0.yaml", YAML_EVENT,
     "mediawiki.revision.create-value", "1.1.0"),
    ("a folder of versions named value", "schemas/orders/value/1.10.0.avsc", ORDER,
     "orders-value", "1.10.0"),
]


@pytest.mark.parametrize(("source", "path", "text", "subject", "version"), LAYOUTS,
                         ids=[case[0].split(",")[0] for case in LAYOUTS])
def test_versioned_layouts(source: str, path: str, text: str, subject: str,
                           version: str) -> None:
    found = classify(path, ["schemas"], text)
    assert found is not None and str(found.version) == version
    assert set(map_subjects([found], Config(root=Path()), {path: text})) == {subject}


def test_a_folder_of_semver_versions_orders_them_by_number_and_its_links_are_no_versions(
        ) -> None:
    # As wikimedia/schemas-event-primary@43aeb4a lays out jsonschema/test/event/: versions,
    # current.yaml (the source they are made from) and latest.yaml (a link to the newest).
    folder = "schemas/test/event"
    texts = {f"{folder}/{name}": YAML_EVENT
             for name in ("0.0.2.yaml", "1.9.0.yaml", "1.10.0.yaml", "current.yaml",
                          "latest.yaml")}
    files = [f for f in (classify(p, ["schemas"], t) for p, t in texts.items()) if f]
    subjects = map_subjects(files, Config(root=Path()), texts)
    assert list(subjects) == ["test.event-value"]
    subject = subjects["test.event-value"]
    assert [str(v) for v, _ in subject.versioned] == ["0.0.2", "1.9.0", "1.10.0"]
    assert subject.path == f"{folder}/1.10.0.yaml"
    assert sorted(subject.paths) == sorted(texts)


def test_a_folder_with_only_its_current_file_is_that_schema() -> None:
    texts = {"schemas/test/event/current.yaml": YAML_EVENT}
    files = [f for f in (classify(p, ["schemas"], t) for p, t in texts.items()) if f]
    subject = map_subjects(files, Config(root=Path()), texts)["test.event-value"]
    assert (subject.path, subject.is_versioned) == ("schemas/test/event/current.yaml", False)


@pytest.mark.parametrize(
    ("patterns", "path", "version", "stem"),
    [
        ([], "schemas/orders/value.v2.avsc", None, "schemas/orders/value.v2.avsc"),
        ([r"^(?P<name>.+)-(?P<version>[0-9]+)\.avsc$"], "schemas/orders/value-2.avsc", "2",
         "schemas/orders/value.avsc"),
        ([r"^v(?P<version>[0-9]+)\.avsc$"], "schemas/orders/v4.avsc", "4", "schemas/orders"),
    ],
    ids=["none", "a named layout", "a folder layout"],
)
def test_configured_layouts_replace_the_defaults(patterns: list[str], path: str,
                                                 version: str | None, stem: str) -> None:
    found = classify(path, ["schemas"], ORDER, compile_patterns(patterns))
    assert found is not None
    assert (str(found.version) if found.version else None, found.stem) == (version, stem)
