"""Never silently green: a run that checked nothing says why, and a configuration that
points at nothing is an error naming its line.

Cases reproduce shapes met in public repositories (named in the tables) and the first-day
mistakes a new user makes, on real git repositories through the console entry.
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

# wikimedia/schemas-event-primary, commit 43aeb4abccaa (the last before the archive commit):
# jsonschema/<name>/<semver>.yaml, current.yaml, CHANGELOG.md: JSON Schemas written in YAML.
WIKIMEDIA = "schemas-event-primary@43aeb4abccaa542eb56491489eb830d6459453a6"
WIKIMEDIA_EVENT = (
    "title: test/event\n$id: /test/event/1.0.0\n"
    "$schema: https://json-schema.org/draft-07/schema#\ntype: object\n"
    "properties:\n  test:\n    type: string\n")
# confluentinc/examples, commit 4f840b64820e: docker-compose files beside the demos' code.
EXAMPLES = "examples@4f840b64820e151497652cb34a4e8e3f48611ead"
COMPOSE = "version: '2'\nservices:\n  broker:\n    image: confluentinc/cp-kafka:7.5.0\n"
# apache/avro, commit 87212a6d4724: share/test/schemas holds Avro IDL and protocol files.
AVRO_REPO = "avro@87212a6d47247a30dff247d16386d722c56d4390"
VALUE = "schemas/orders/value.avsc"
ORDER = {"type": "record", "name": "OrderPlaced", "namespace": "com.acme",
         "doc": "An order was placed.", "fields": [{"name": "id", "type": "string"}]}


class Broken(NamedTuple):
    source: str
    config: str
    files: dict[str, Any]
    args: tuple[str, ...]
    # Every part the one-line error must hold: the config place, the roots, the files.
    says: tuple[str, ...]


BROKEN = {
    "YAML that holds no schema": Broken(
        f"{EXAMPLES}: ccloud-observability/docker-compose.yml beside an AsyncAPI document",
        'roots = ["ccloud-observability"]\n', {
            "ccloud-observability/docker-compose.yml": COMPOSE,
            "ccloud-observability/asyncapi.yaml": "asyncapi: 3.0.0\ninfo:\n  title: Orders\n",
            "ccloud-observability/README.md": "# Observability\n",
        }, ("check", "--all"),
        ("schemalint.toml:1:", "no schema under ccloud-observability", "1 .yaml",
         "ccloud-observability/asyncapi.yaml")),
    "Avro IDL and protocols only": Broken(
        f"{AVRO_REPO}: share/test/schemas/echo.avdl, mail.avpr",
        'roots = ["share/test/schemas"]\n', {
            "share/test/schemas/echo.avdl": "protocol Echo { string echo(string s); }\n",
            "share/test/schemas/mail.avpr": {"protocol": "Mail", "types": [], "messages": {}},
        }, ("check",),
        ("schemalint.toml:1:", "share/test/schemas/echo.avdl", "share/test/schemas/mail.avpr",
         "1 .avdl", "1 .avpr")),
    "an empty root": Broken(
        "a first-day repository: the schema folder holds only its README",
        'roots = ["schemas"]\n', {"schemas/README.md": "Schemas go here.\n"},
        ("check", "--all"), ("schemalint.toml:1:", "no schema under schemas")),
    "no configuration and no schemas folder": Broken(
        "a first-day repository: `schemalint check` before any configuration",
        "", {"README.md": "hello\n"}, ("check", "--all"),
        ("no schema under schemas (the default root", "schemalint init")),
    "a mistyped root": Broken(
        "a first-day configuration: roots = [\"schema\"] for schemas/",
        'version = 1\nroots = ["schema"]\n', {VALUE: ORDER}, ("check", "--all"),
        ("schemalint.toml:2:", "'schema' does not exist")),
    "a mistyped [[subjects]] file": Broken(
        "a first-day configuration: a typo in an explicit subject's file",
        '[[subjects]]\nsubject = "orders-value"\nfile = "schemas/order/value.avsc"\n',
        {VALUE: ORDER}, ("check",),
        ("schemalint.toml:3:", "schemas/order/value.avsc does not exist")),
    "a [[subjects]] file outside the roots": Broken(
        "a first-day configuration: an explicit subject's file beside the roots",
        '[[subjects]]\nsubject = "orders-value"\nfile = "avro/orders.avsc"\n',
        {VALUE: ORDER, "avro/orders.avsc": ORDER}, ("check",),
        ("schemalint.toml:3:", "avro/orders.avsc is outside the roots (schemas)")),
    "an unknown code on the command line": Broken(
        "the issue's example: --select EVT01", "", {VALUE: ORDER},
        ("check", "--select", "EVT01"), ("--select", "'EVT01'")),
    "an unknown code in [lint] select": Broken(
        "a first-day configuration: a code one digit short", '[lint]\nselect = ["EVT01"]\n',
        {VALUE: ORDER}, ("check",), ("schemalint.toml:2:", "lint.select", "'EVT01'")),
    "an unknown code in [lint] ignore": Broken(
        "a first-day configuration: a code that does not exist",
        'version = 1\n\n[lint]\nignore = ["EVT001", "NOPE"]\n', {VALUE: ORDER}, ("check",),
        ("schemalint.toml:4:", "lint.ignore", "'NOPE'")),
    "a prefix as a [lint] severity key": Broken(
        "a first-day configuration: severities are set per code",
        '[lint]\nseverity = { EVT = "error" }\n', {VALUE: ORDER}, ("check",),
        ("schemalint.toml:2:", "lint.severity", "'EVT'")),
    "an unknown code in [lint] per-file-ignores": Broken(
        "a first-day configuration: a typo in a per-file ignore",
        '[lint.per-file-ignores]\n"schemas/legacy/**" = ["EVT0001"]\n', {VALUE: ORDER},
        ("check",), ("schemalint.toml:2:", "per-file-ignores", "'EVT0001'")),
}


@pytest.mark.parametrize("case", BROKEN.values(), ids=list(BROKEN))
@pytest.mark.parametrize("output", ["concise", "json", "sarif"])
def test_a_configuration_that_points_at_nothing_is_an_error(
        repo: GitRepo, case: Broken, output: str) -> None:
    if case.config:
        repo.write("schemalint.toml", case.config)
    for path, content in case.files.items():
        repo.write(path, content)
    repo.commit()
    result = run_cli(repo.path, *case.args, "--format", output)
    assert result.returncode == 2, result.stdout + result.stderr
    # One line on stderr; stdout, which a pipeline parses, holds nothing.
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("schemalint: error: ")
    for part in case.says:
        assert part in result.stderr


class Quiet(NamedTuple):
    source: str
    change: dict[str, Any]
    args: tuple[str, ...]
    says: str
    note: str  # the stderr note naming files not read, or ""


QUIET = {
    "a hook on a commit touching no schema": Quiet(
        "any repository: a README edit", {"README.md": "edited\n"}, ("check",),
        "No schema changed since HEAD.", ""),
    "a pull request touching no schema": Quiet(
        "any repository: CI with --against main", {"docs/guide.md": "new\n"},
        ("check", "--against", "main"), "No schema changed since main.", ""),
    "an Avro IDL file beside the schemas": Quiet(
        f"{AVRO_REPO}: share/test/schemas/echo.avdl among .avsc files",
        {"schemas/orders/echo.avdl": "protocol Echo { string echo(string s); }\n"},
        ("check",), "No schema changed since HEAD.", "schemas/orders/echo.avdl"),
    "a YAML file beside the schemas": Quiet(
        f"{WIKIMEDIA}: jsonschema/test/event/current.yaml",
        {"schemas/orders/current.yaml": "title: orders\n"}, ("check",),
        "No schema changed since HEAD.", "schemas/orders/current.yaml"),
    "a tool's manifest beside the schemas is no schema to name": Quiet(
        f"{AVRO_REPO}: doc/package.json and doc/package-lock.json beside doc/examples/user.avsc",
        {"schemas/package.json": '{"name": "avro-docs", "version": "1.0.0"}\n',
         "schemas/package-lock.json": '{"lockfileVersion": 3}\n'}, ("check",),
        "No schema changed since HEAD.", ""),
    "a compose file beside the schemas is no schema to name": Quiet(
        "confluentinc/demo-scene@dc2b351: a docker-compose.yml in every demo's folder",
        {"schemas/orders/docker-compose.yml": COMPOSE}, ("check",),
        "No schema changed since HEAD.", ""),
    "a workflow in a hidden folder is no schema to name": Quiet(
        "dennisschroeder/iot-schemas-proto@a38e227: roots = ['.'] reach .github/workflows/",
        {"schemas/.github/workflows/generate.yml": "on: push\n"}, ("check",),
        "No schema changed since HEAD.", ""),
}


@pytest.mark.parametrize("case", QUIET.values(), ids=list(QUIET))
def test_a_change_that_touches_no_schema_says_so_and_passes(repo: GitRepo, case: Quiet) -> None:
    repo.write(VALUE, ORDER)
    repo.write("README.md", "hello\n")
    repo.commit()
    for path, content in case.change.items():
        repo.write(path, content)
    result = run_cli(repo.path, *case.args)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == f"{case.says}\n"
    assert "All checks passed" not in result.stdout
    if case.note:
        assert result.stderr.count("\n") == 1 and "schemalint: note:" in result.stderr
        assert case.note in result.stderr
    else:
        assert result.stderr == ""


@pytest.mark.parametrize(("args", "summary"), [
    (("check", "--all"), "All checks passed in 1 schema."),
    (("check", VALUE), "All checks passed in 1 schema."),
    (("check", "--against", "none", "--all"), "All checks passed in 1 schema."),
])
def test_a_pass_says_how_many_schemas_it_checked(repo: GitRepo, args: tuple[str, ...],
                                                 summary: str) -> None:
    repo.write(VALUE, ORDER)
    repo.commit()
    result = run_cli(repo.path, *args, "--select", "SUB")
    assert (result.returncode, result.stdout) == (0, f"{summary}\n")


def test_json_schemas_written_in_yaml_are_checked(repo: GitRepo) -> None:
    """Wikimedia's layout, once read as nothing, is checked: the folder's current.yaml is the
    current version under another name, not a second schema."""
    repo.write("schemalint.toml", 'roots = ["jsonschema"]\n')
    repo.write("jsonschema/test/event/1.0.0.yaml", WIKIMEDIA_EVENT)
    repo.write("jsonschema/test/event/current.yaml", WIKIMEDIA_EVENT)
    repo.write("jsonschema/test/event/CHANGELOG.md", "# 1.0.0\n")
    repo.commit()
    result = run_cli(repo.path, "check", "--all", "--select", "SUB")
    assert (result.returncode, result.stdout) == (0, "All checks passed in 1 schema.\n")


def test_one_file_checks_without_configuration_or_schemas_folder(repo: GitRepo) -> None:
    repo.write("events/order.avsc", ORDER)
    result = run_cli(repo.path, "check", "events/order.avsc", "--select", "SUB")
    assert (result.returncode, result.stdout) == (0, "All checks passed in 1 schema.\n")


CONCISE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): "
                     r"(?P<severity>error|warning|info): (?P<code>[A-Z][A-Z0-9_]*) "
                     r"(?P<message>.+)$")


def test_concise_lines_carry_the_severity_and_parse_back(repo: GitRepo) -> None:
    repo.write(VALUE, ORDER)
    repo.commit()
    repo.write(VALUE, {**ORDER, "fields": [{"name": "id", "type": "int"}]})
    result = run_cli(repo.path, "check", "--format", "concise")
    as_json = json.loads(run_cli(repo.path, "check", "--format", "json").stdout)["findings"]
    *lines, summary = result.stdout.splitlines()
    parsed = [CONCISE.match(line) for line in lines]
    assert all(parsed), lines
    assert sorted((m["code"], m["severity"], int(m["line"])) for m in parsed if m) == sorted(
        (f["code"], f["severity"], f["line"]) for f in as_json)
    assert {"error", "warning"} <= {m["severity"] for m in parsed if m}
    assert summary.startswith("Found 1 error")


@pytest.mark.parametrize("output", ["json", "sarif"])
def test_machine_output_is_only_the_document_whatever_fails(repo: GitRepo,
                                                            output: str) -> None:
    repo.write(VALUE, ORDER)
    repo.commit()
    repo.write(VALUE, '{"type": "record", "name": ')  # unparsable: exit 2, still a finding
    repo.write("schemas/orders/echo.avdl", "protocol Echo {}\n")  # a note, on stderr
    result = run_cli(repo.path, "check", "--format", output)
    assert result.returncode == 2
    document = json.loads(result.stdout)
    text = json.dumps(document)
    assert "INVALID_SCHEMA" in text
    assert "echo.avdl" in result.stderr and "echo.avdl" not in text


def test_diff_json_holds_only_the_document_when_an_input_is_invalid(repo: GitRepo) -> None:
    repo.write(VALUE, ORDER)
    repo.commit()
    repo.write(VALUE, '{"type": "record", "name": ')
    result = run_cli(repo.path, "diff", "--format", "json")
    assert result.returncode == 2
    json.loads(result.stdout)
    assert "INVALID_SCHEMA" in result.stderr
