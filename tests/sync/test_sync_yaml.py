"""A JSON Schema written in YAML, synced into the real embedded registry on loopback: the
registry is sent, stores and compares the JSON it stands for."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from cli_runner import run_cli
from conftest import Project, registered
from registry_harness import Server

FIXTURES = Path(__file__).parents[1] / "fixtures" / "jsonschema" / "yaml"
SUBJECT = "test.event-value"


def put(project: Project, path: str, fixture: str) -> None:
    project.write(f"schemas/test/event/{path}", (FIXTURES / fixture).read_text())


class _DatesAsWritten(yaml.SafeLoader):
    """YAML as the registry is sent it: JSON has no dates, so a timestamp stays its text."""


_DatesAsWritten.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if not tag.endswith(":timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def as_json(fixture: str) -> object:
    return yaml.load((FIXTURES / fixture).read_text(), Loader=_DatesAsWritten)


def test_yaml_versions_register_as_their_json_and_a_second_sync_writes_nothing(
        project: Project, registry: Server) -> None:
    # As wikimedia/schemas-event-primary lays out jsonschema/test/event/ (at 43aeb4a).
    put(project, "1.0.0.yaml", "event_1.0.0.yaml")
    put(project, "1.1.0.yaml", "event_1.1.0.yaml")
    put(project, "current.yaml", "event_1.1.0.yaml")
    project.commit("two versions")

    dry = run_cli(project.path, "sync", "--registry", registry.url, "--dry-run")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "created as version 2" in dry.stdout and registered(registry, SUBJECT) == []

    assert project.sync(registry.url).exit_code(check=False) == 0
    versions = registered(registry, SUBJECT)
    assert [v.get("schemaType") for v in versions] == ["JSON", "JSON"]
    assert [json.loads(v["schema"]) for v in versions] == [as_json("event_1.0.0.yaml"),
                                                           as_json("event_1.1.0.yaml")]

    # The identity schemalint gives the YAML is the registry's: nothing is left to send,
    # and a check against the registry finds the current version already registered.
    again = run_cli(project.path, "sync", "--registry", registry.url, "--check")
    assert again.returncode == 0, again.stdout
    assert project.sync(registry.url).writes == 0
    project.configure(f'[registry]\nurl = "{registry.url}"\n')
    against = run_cli(project.path, "check", "--all", "--against", "registry",
                      "--format", "json")
    assert against.returncode == 0, against.stdout + against.stderr
    assert [f["code"] for f in json.loads(against.stdout)["findings"] if "_" in f["code"]] == []


def test_a_breaking_yaml_version_is_planned_as_refused(project: Project,
                                                      registry: Server) -> None:
    put(project, "1.0.0.yaml", "event_1.0.0.yaml")
    project.commit("1.0.0")
    assert project.sync(registry.url).exit_code(check=False) == 0
    put(project, "2.0.0.yaml", "event_2.0.0_breaking.yaml")
    project.commit("2.0.0 breaks 1.0.0")

    dry = run_cli(project.path, "sync", "--registry", registry.url, "--dry-run",
                  "--format", "json")

    plan = json.loads(dry.stdout)
    steps = [step for step in plan["steps"] if step["subject"] == SUBJECT]
    assert [step["action"] for step in steps] == ["refused"]
    assert len(registered(registry, SUBJECT)) == 1
