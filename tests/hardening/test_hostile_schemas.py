"""No schema file aborts or freezes the command line: ``check``, ``compat`` and ``diff`` on
hostile schemas in a pull request, each in a process of its own.

- A .proto whose custom option value nests 100 messages deep makes protoc abort (SIGABRT) on a
  failed internal check; compiled in-process it took schemalint down with it (exit 134, no
  message). Such files are compiled in a child process; the abort is INVALID_SCHEMA at the
  line of the nesting. 99 levels compile, in the child, as in-process.
- A JSON Schema pattern Python's ``re`` backtracks on exponentially (``^(a+)+$`` against 34
  ``a`` and a ``!``) runs in RE2, in linear time; one RE2 cannot run (a lookbehind) runs in
  ``regex`` under a time bound, and past it is INVALID_SCHEMA at the pattern (or, for an
  example EXM001 validates, an EXM001 finding that says so).

The registry reads the same files with the same library code: both are 42201 there, and the
server still answers the next request.

The subprocess timeout only proves that nothing hangs; it says nothing of speed.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from gitrepo import GitRepo
from hardening_support import cli
from registry_harness import start_server

PROTO = "schemas/payments/value.proto"
JSON = "schemas/customers/value.schema.json"
OLD_COPY = "old.schema.json"  # the committed version, outside the repository, for ``compat``
LONG_NAME = "a" * 34 + "!"
SLOW = "^(a|a)+(?<=a)$"  # RE2 refuses the lookbehind; regex backtracks past the bound
CATASTROPHIC = "^(a+)+$"  # exponential in Python's re, linear in RE2
# Generous: a child protoc, a 0.5 s pattern bound and interpreter start-up, on shared cores.
TIMEOUT = 60

PAYMENT = 'syntax = "proto3";\npackage acme.payments;\nmessage Payment { string id = 1; }\n'


def deep_option(levels: int) -> str:
    """A message option whose aggregate value nests ``levels`` messages below its own."""
    value = "{ " + "a { " * levels + "b: 1 " + "} " * levels + "}"
    return ('syntax = "proto3";\npackage acme.payments;\n'
            'import "google/protobuf/descriptor.proto";\n'
            "message Nested { Nested a = 1; int32 b = 2; }\n"
            "extend google.protobuf.MessageOptions { Nested nested = 50001; }\n"
            "message Payment {\n"
            f"  option (nested) = {value};\n"
            "  string id = 1;\n}\n")


def dotted_option(levels: int) -> str:
    """The same depth reached by an option name: ``(nested).a.a.a....b = 1``."""
    return ('syntax = "proto3";\npackage acme.payments;\n'
            'import "google/protobuf/descriptor.proto";\n'
            "message Nested { Nested a = 1; int32 b = 2; }\n"
            "extend google.protobuf.MessageOptions { Nested nested = 50001; }\n"
            "message Payment {\n"
            f"  option (nested).{'a.' * levels}b = 1;\n"
            "  string id = 1;\n}\n")


def closed(*, properties: str = "", patterns: str = "") -> str:
    """A closed object schema on two lines: its second line holds the keywords given."""
    keywords = ", ".join(part for part in (properties, patterns) if part)
    return f'{{"type": "object",\n {keywords}, "additionalProperties": false}}\n'


def named(kind: str = "string") -> str:
    return f'"properties": {{"{LONG_NAME}": {{"type": "{kind}"}}}}'


def pattern_properties(pattern: str) -> str:
    return f'"patternProperties": {{"{pattern}": {{"type": "string"}}}}'


def example_under(pattern: str) -> str:
    return ('{"type": "object", "properties": {"code": {"type": "string",\n'
            f' "pattern": "{pattern}", "examples": ["{LONG_NAME}"]}}}}}}\n')


CRASHED = (f"{PROTO}:7: error: INVALID_SCHEMA invalid Protobuf schema: protoc crashed "
           "(SIGABRT) on the nesting here: an option value whose messages nest 100 levels "
           "deep aborts protoc; flatten it")
TOO_SLOW = (f"error: INVALID_SCHEMA the pattern '{SLOW}' did not finish within 0.5 s "
            "(catastrophic backtracking): the schema is not safe to evaluate "
            f"(at /patternProperties/{SLOW})")


@dataclass(frozen=True)
class Case:
    before: dict[str, str]  # committed
    now: dict[str, str]  # in the working tree, unstaged: the pull request's change
    # command → (exit code, the error lines it prints, exactly)
    expected: dict[str, tuple[int, list[str]]] = field(default_factory=dict)


CASES = {
    "an option value nested 100 messages deep": Case(
        {}, {PROTO: deep_option(100)},
        {"check": (2, [CRASHED]),
         "compat": (2, [CRASHED]),
         "diff": (2, [CRASHED])}),
    "an option name dotted 100 fields deep": Case(
        {}, {PROTO: dotted_option(100)},
        {"check": (2, [CRASHED]),
         "compat": (2, [CRASHED]),
         "diff": (2, [CRASHED])}),
    "an option value nested 99 deep compiles, in the child process": Case(
        {PROTO: PAYMENT}, {PROTO: deep_option(99)},
        {"compat": (0, []), "diff": (0, [])}),
    "a lookbehind pattern past the bound on the new side": Case(
        {JSON: closed(properties=named())}, {JSON: closed(patterns=pattern_properties(SLOW))},
        {"check": (2, [f"{JSON}:2:24: {TOO_SLOW}"]),
         "compat": (2, [f"{JSON}:2:24: {TOO_SLOW}"]),
         "diff": (2, [f"{JSON}:2:24: {TOO_SLOW}"])}),
    "a lookbehind pattern past the bound on the old side": Case(
        {JSON: closed(patterns=pattern_properties(SLOW))}, {JSON: closed(properties=named())},
        {"check": (2, [f"{JSON}:2:24: {TOO_SLOW}"]),
         "compat": (2, [f"{OLD_COPY}:2:24: {TOO_SLOW}"]),
         "diff": (2, [f"{JSON}:2:24: {TOO_SLOW}"])}),
    "the catastrophic pattern on the new side, decided in linear time": Case(
        {JSON: closed(properties=named())},
        {JSON: closed(patterns=pattern_properties(CATASTROPHIC))},
        {"check": (1, [f"{JSON}:1:1: error: PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"]),
         "compat": (1, [f"{JSON}:1:1: error: PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"]),
         "diff": (0, [])}),
    "the catastrophic pattern on the old side, decided in linear time": Case(
        {JSON: closed(patterns=pattern_properties(CATASTROPHIC))},
        {JSON: closed(properties=named())},
        {"check": (0, []), "compat": (0, []), "diff": (0, [])}),
    "an example under a lookbehind pattern past the bound": Case(
        {}, {JSON: example_under(SLOW)},
        {"check": (1, [f"{JSON}:2:44: error: EXM001 The examples[0] of /properties/code "
                       f"cannot be validated: the pattern '{SLOW}' did not finish within "
                       "0.5 s (catastrophic backtracking): the schema is not safe to "
                       "evaluate. Simplify the pattern (no nested quantifiers over the same "
                       "characters with lookaround or backreferences)."]),
         "compat": (0, [])}),
    "an example under the catastrophic pattern, rejected in linear time": Case(
        {}, {JSON: example_under(CATASTROPHIC)},
        {"check": (1, [f"{JSON}:2:37: error: EXM001 The examples[0] of /properties/code "
                       f"does not validate against its own schema: '{LONG_NAME}' does not "
                       f"match '{CATASTROPHIC}'. Generated documentation, mocks and "
                       "producers that fill in defaults emit data consumers reject. Fix the "
                       "value or the schema."])}),
}


def _arguments(command: str, case: Case) -> list[str]:
    if command != "compat":
        return [command, "--format", "concise"] if command == "check" else [command]
    path = next(iter(case.now))
    old = [f"../{OLD_COPY}"] if path in case.before else []
    return ["compat", path, *old, "--format", "concise"]


@pytest.mark.parametrize(("name", "command"), [
    (name, command) for name, case in CASES.items() for command in case.expected])
def test_a_hostile_schema_ends_in_its_finding_never_a_crash_or_a_hang(
        tmp_path: Path, name: str, command: str) -> None:
    case = CASES[name]
    repo = GitRepo(tmp_path / "repo")
    for path, text in case.before.items():
        repo.write(path, text)
        shutil.copyfile(repo.path / path, tmp_path / OLD_COPY)
    repo.commit("v1")
    for path, text in case.now.items():
        repo.write(path, text)
    result = cli(repo.path, *_arguments(command, case), timeout=TIMEOUT)
    output = result.stdout + result.stderr
    code, lines = case.expected[command]
    assert result.returncode == code, output
    assert "Traceback" not in output and "internal error" not in output, output
    errors = [line.replace(f"../{OLD_COPY}", OLD_COPY) for line in output.splitlines()
              if ": error: " in line]
    assert [line for line in errors if not any(line.startswith(e) for e in lines)] == [], \
        output
    assert all(any(line.startswith(expected) for line in errors) for expected in lines), \
        output


# (subject, schema type, the version registered first or None, the request, what its 42201
# says). The request is checked for compatibility (where a version is stored), then registered.
REGISTRY_CASES = {
    "an option value nested 100 messages deep": (
        "payments-value", "PROTOBUF", None, deep_option(100),
        "protoc crashed (SIGABRT) on the nesting here"),
    "a lookbehind pattern past the bound, stored": (
        "customers-value", "JSON", closed(patterns=pattern_properties(SLOW)),
        closed(properties=named()), f"the pattern '{SLOW}' did not finish within 0.5 s"),
    "a lookbehind pattern past the bound, requested": (
        "customers-value", "JSON", closed(properties=named()),
        closed(patterns=pattern_properties(SLOW)),
        f"the pattern '{SLOW}' did not finish within 0.5 s"),
}


@pytest.mark.parametrize("name", list(REGISTRY_CASES))
def test_the_registry_answers_42201_and_serves_on(tmp_path: Path, name: str) -> None:
    subject, kind, stored, requested, detail = REGISTRY_CASES[name]
    registry = start_server(tmp_path / "registry.db")
    try:
        with registry.client() as client:
            if stored is not None:
                answer = client.post(f"/subjects/{subject}/versions",
                                     json={"schema": stored, "schemaType": kind})
                assert answer.status_code == 200, answer.text
            body = {"schema": requested, "schemaType": kind}
            if stored is not None:
                answer = client.post(f"/compatibility/subjects/{subject}/versions/latest",
                                     json=body)
                assert (answer.status_code, answer.json()["error_code"]) == (422, 42201)
                assert detail in answer.json()["message"], answer.text
            answer = client.post(f"/subjects/{subject}/versions", json=body)
            assert (answer.status_code, answer.json()["error_code"]) == (422, 42201)
            assert detail in answer.json()["message"], answer.text
            assert client.get("/subjects").status_code == 200
        assert registry.process.poll() is None
    finally:
        registry.stop()
