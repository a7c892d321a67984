"""Confluent's own Protobuf diff cases: the exact changes and the verdict of every case.

Reads ``<project root>/../shared/corpus/confluent/protobuf`` and skips, saying why, when it
is absent. A case's imports come the way a user's would: the files it lists as dependencies
are handed over in memory (as a registry hands over referenced schemas), Google's files come
from grpcio-tools, Confluent's ``confluent/meta.proto`` and ``confluent/type/decimal.proto``
from the confluent-kafka package.
"""

from __future__ import annotations

import json
from collections import Counter
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest

from schemalint.formats.protobuf import ENGINE, ProtoContext, diff, is_compatible
from schemalint.model import Schema

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "confluent" / \
    "protobuf"
FILES = ("diff-schema-examples.json", "diff-schema-examples-with-meta.json")
EXPECTED_CASES = 55
HAS_CONFLUENT_FILES = find_spec("confluent_kafka") is not None


def _load(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((CORPUS / name).read_text(encoding="utf-8"))
    return cases


def _cases() -> list[Any]:
    if not CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(
            reason=f"Confluent corpus not found at {CORPUS}"), id="corpus-absent")]
    params = []
    for name in FILES:
        for index, case in enumerate(_load(name)):
            marks = []
            bundled = {item["name"] for key in ("original_dependencies", "update_dependencies")
                       for item in case.get(key, []) if "dependency" not in item}
            if any(item.startswith("confluent/") for item in bundled) \
                    and not HAS_CONFLUENT_FILES:
                marks.append(pytest.mark.skip(
                    reason="needs confluent/meta.proto, which schemalint reads from the "
                           "confluent-kafka package (not installed)"))
            params.append(pytest.param(case, marks=marks,
                                       id=f"{name}[{index}] {case['description']}"))
    return params


def _schema(case: dict[str, Any], side: str) -> Schema:
    text: str = case[f"{side}_schema"]
    if text.endswith(".proto") and "\n" not in text:
        # A classpath resource: the file of that base name in the corpus folder.
        text = (CORPUS / text.rsplit("/", 1)[-1]).read_text(encoding="utf-8")
    files = {item["name"]: item["dependency"]
             for item in case.get(f"{side}_dependencies", []) if "dependency" in item}
    return ENGINE.parse(text, path=f"{side}.proto",
                        resolver=ProtoContext(root=CORPUS, include=(), files=files))


def test_the_corpus_has_every_case() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"Confluent corpus not found at {CORPUS}")
    assert sum(len(_load(name)) for name in FILES) == EXPECTED_CASES


@pytest.mark.parametrize("case", _cases())
def test_confluent_case(case: dict[str, Any]) -> None:
    found = diff(_schema(case, "original"), _schema(case, "update"))
    assert Counter(str(item) for item in found) == Counter(case["changes"])
    assert is_compatible(found) is case["compatible"]


def test_the_two_test_protos_differ_as_confluents_java_test_expects() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"Confluent corpus not found at {CORPUS}")
    original = ENGINE.parse((CORPUS / "TestProto.proto").read_text(encoding="utf-8"))
    update = ENGINE.parse((CORPUS / "TestProto2.proto").read_text(encoding="utf-8"))
    # Java asserts the two field differences are present; the packages differ too.
    assert Counter(str(item) for item in diff(original, update)) == Counter([
        "PACKAGE_CHANGED #/", "FIELD_NAME_CHANGED #/TestMessage/2",
        "FIELD_SCALAR_KIND_CHANGED #/TestMessage/2"])


def test_maps_and_their_absence_compare_field_by_field() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"Confluent corpus not found at {CORPUS}")
    with_map = ENGINE.parse((CORPUS / "NestedTestProto.proto").read_text(encoding="utf-8"))
    without = ENGINE.parse((CORPUS / "NestedNoMapTestProto.proto").read_text(encoding="utf-8"))
    assert [str(item) for item in diff(with_map, without)] == [
        "FIELD_REMOVED #/NestedMessage/7"]


def test_a_message_named_like_messages_it_imports_is_found() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"Confluent corpus not found at {CORPUS}")
    files = {name: (CORPUS / name).read_text(encoding="utf-8")
             for name in ("TestProto.proto", "TestProto2.proto")}
    schema = ENGINE.parse((CORPUS / "SameMessageName.proto").read_text(encoding="utf-8"),
                          resolver=ProtoContext(root=CORPUS, include=(), files=files))
    assert schema.name == "test3.TestMessage"
    assert [item.name for item in schema.references] == ["TestProto.proto", "TestProto2.proto"]
