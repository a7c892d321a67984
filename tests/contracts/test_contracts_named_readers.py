"""Reader schemas named in configuration (``reader-schemas`` in a ``[[consumers]]`` entry,
wherever the consumer's code keeps them) and the convention folder put elsewhere
(``[contracts] folder``): read into the typed model, refused with their line where wrong,
described alike by the JSON Schema, and judged by ``check`` like reader schemas under
consumers/."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NamedTuple

import jsonschema
import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

from schemalint.config import ConsumerSettings, config_schema, parse_config
from schemalint.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

AVRO = "schemas/orders/value.avsc"
NAMED = "services/billing/src/main/avro/Order.avsc"


def order(*names: str) -> dict[str, Any]:
    # confluentinc/examples, commit 2a3ba2a5e7dbd8ba8d1d12ae2f48ef4af1fca2ca:
    # clients/avro/src/main/resources/avro/io/confluent/examples/clients/basicavro/
    # Payment.avsc: an id and an amount, strings and a double.
    return {"type": "record", "name": "Order", "namespace": "io.confluent.examples",
            "doc": "An order was placed.",
            "fields": [{"name": name, "type": "double" if name == "amount" else "string",
                        "doc": f"The {name}."} for name in names]}


CONFIG = f'''version = 1

[contracts]
folder = "contracts/consumers"

[[consumers]]
name = "billing"
owner = "@acme/billing"
reader-schemas = {{ "orders-value" = "{NAMED}" }}
'''


def test_the_keys_are_read(tmp_path: Path) -> None:
    (tmp_path / "schemalint.toml").write_text(CONFIG)
    config = parse_config(tmp_path / "schemalint.toml")
    assert config.contracts_folder == "contracts/consumers"
    assert config.consumers == (ConsumerSettings(
        "billing", "@acme/billing", line=6, reader_schemas={"orders-value": NAMED}),)
    jsonschema.validate(tomllib.loads(CONFIG), config_schema())


@pytest.mark.parametrize(("written", "folder"), [
    ("", "consumers"),
    ('[contracts]\nfolder = "./contracts/consumers/"\n', "contracts/consumers"),
])
def test_the_folder_defaults_to_consumers_and_is_read_as_a_path(
        tmp_path: Path, written: str, folder: str) -> None:
    (tmp_path / "schemalint.toml").write_text(f"version = 1\n{written}")
    assert parse_config(tmp_path / "schemalint.toml").contracts_folder == folder


@pytest.mark.parametrize(("text", "line", "says"), [
    ('[[consumers]]\nname = "billing"\nreader-schemas = { "orders-value" = "Order.java" }',
     5, "does not match"),
    ('[[consumers]]\nname = "billing"\nreader-schemas = ["Order.avsc"]', 5, "not of type"),
    ('[contracts]\nfolder = ""', 4, "should be non-empty"),
    ('[contracts]\nplace = "x"', 4, "place"),
])
def test_a_wrong_value_names_its_line(tmp_path: Path, text: str, line: int, says: str) -> None:
    document = f"version = 1\n\n{text}\n"
    (tmp_path / "schemalint.toml").write_text(document)
    with pytest.raises(ConfigError) as raised:
        parse_config(tmp_path / "schemalint.toml")
    assert raised.value.line == line and says in str(raised.value), str(raised.value)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(tomllib.loads(document), config_schema())


def entry(readers: dict[str, str], extra: str = "") -> str:
    return ('[[consumers]]\nname = "billing"\nowner = "@acme/billing"\n'
            f"reader-schemas = {json.dumps(readers).replace(':', ' =')}\n{extra}")


class Case(NamedTuple):
    config: str
    files: dict[str, Any]
    # (code, severity, path, line) of each CON finding; the exit code.
    expected: list[tuple[str, str, str, int | None]]
    exit_code: int


CASES = {
    "a named reader schema that needs the removed field": Case(
        entry({"orders-value": NAMED}), {NAMED: order("id", "amount")},
        [("CON001", "error", AVRO, 1)], 1),
    "a named reader schema that reads the new version": Case(
        entry({"orders-value": NAMED}), {NAMED: order("id")}, [], 0),
    "a named file that does not exist: stale, at the entry's line": Case(
        "version = 1\n\n" + entry({"orders-value": NAMED}), {},
        [("CON002", "warning", "schemalint.toml", 3)], 0),
    "a named reader schema before the entry's field list of the subject": Case(
        entry({"orders-value": NAMED}, 'subjects = ["orders-value"]\nreads = ["amount"]\n'),
        {NAMED: order("id")}, [], 0),
    "a named reader schema beside one under the folder: the named one is the contract": Case(
        entry({"orders-value": NAMED}), {NAMED: order("id"),
                                         "consumers/billing/orders-value.avsc": order(
                                             "id", "amount")}, [], 0),
    "the convention folder elsewhere": Case(
        '[contracts]\nfolder = "./contracts/consumers/"\n',
        {"contracts/consumers/billing/orders-value.avsc": order("id", "amount")},
        [("CON001", "error", AVRO, 1)], 1),
    "consumers/ is no contract folder once another is named": Case(
        '[contracts]\nfolder = "contracts/consumers"\n[[subjects]]\nsubject = "orders-value"\n'
        f'file = "{AVRO}"\n',
        {"consumers/billing/orders-value.avsc": order("id", "amount")}, [], 0),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_named_reader_schemas_and_the_folder_are_judged(repo: GitRepo, case: Case) -> None:
    repo.write(AVRO, order("id", "amount"))
    repo.write("schemalint.toml", case.config)
    for path, content in case.files.items():
        repo.write(path, content)
    repo.commit("v1 and its consumers")
    repo.write(AVRO, order("id"))
    result = run_cli(repo.path, "check", "--format", "json")
    assert result.returncode == case.exit_code, result.stdout + result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["severity"], f["path"], f["line"]) for f in findings
            if f["code"].startswith("CON")] == case.expected, findings
    # A reader schema is no subject of its own.
    assert {f.get("subject") for f in findings} <= {"orders-value"}, findings


def test_a_named_file_that_is_not_a_schema_is_bad_input(repo: GitRepo) -> None:
    repo.write(AVRO, order("id", "amount"))
    repo.write("schemalint.toml", entry({"orders-value": NAMED}))
    repo.commit("v1")
    repo.write(AVRO, order("id"))
    repo.write(NAMED, '{"type": "record",\n "name": ')
    result = run_cli(repo.path, "check", "--format", "concise")
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{NAMED}:2:" in result.stdout and "INVALID_SCHEMA" in result.stdout


def test_a_changed_named_reader_schema_is_judged_on_its_own(repo: GitRepo) -> None:
    repo.write(AVRO, order("id"))
    repo.write("schemalint.toml", entry({"orders-value": NAMED}))
    repo.write(NAMED, order("id"))
    repo.commit("v1")
    # The subject did not change; the consumer's reader schema now needs a field it lacks.
    repo.write(NAMED, order("id", "amount"))
    result = run_cli(repo.path, "check", "--format", "json")
    assert [(f["code"], f["message"].split("'")[1])
            for f in json.loads(result.stdout)["findings"] if f["code"].startswith("CON")] \
        == [("CON001", "billing")]
    assert result.returncode == 1


# wikimedia/schemas-event-primary, commit fdeb18954aafd04a06e70ee484f98051fe3b33a1: its
# JSON Schemas are YAML files
# (jsonschema/development/cirrussearch/update_pipeline/update/1.0.0.yaml, a closed object); a
# consumer's copy of one is a reader schema in YAML. Cut to two properties.
YAML_READER = ("type: object\nadditionalProperties: false\nproperties:\n"
               "  page_id:\n    type: integer\n  wiki_id:\n    type: string\n")


@pytest.mark.parametrize(("config", "reader"), [
    ("", "consumers/search/orders-value.yaml"),
    ('[[consumers]]\nname = "search"\n'
     'reader-schemas = { "orders-value" = "services/search/update.yml" }\n',
     "services/search/update.yml"),
])
def test_a_json_schema_reader_in_yaml(repo: GitRepo, config: str, reader: str) -> None:
    subject = "schemas/orders/value.schema.json"
    repo.write(subject, {"$schema": "http://json-schema.org/draft-07/schema#",
                         "type": "object", "additionalProperties": False, "properties": {
                             "page_id": {"type": "integer"}, "wiki_id": {"type": "string"}}})
    repo.write("schemalint.toml", config)
    repo.write(reader, YAML_READER)
    repo.commit("v1")
    repo.write(subject, {"$schema": "http://json-schema.org/draft-07/schema#",
                         "type": "object", "additionalProperties": False, "properties": {
                             "page_id": {"type": "integer"}, "wiki_id": {"type": "string"},
                             "rev_id": {"type": "integer"}}})
    result = run_cli(repo.path, "check", "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["message"].split("'")[1]) for f in findings
            if f["code"].startswith("CON")] == [("CON001", "search")], findings
    assert result.returncode == 1
