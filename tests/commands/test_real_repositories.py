"""Defects met running schemalint over public schema repositories, each reduced to its shape.

Every case names the repository, commit and paths it comes from; the evaluation that found
them is ``benchmarks/real_repositories.py``.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

# confluentinc/examples, commit 73efb410 ("Resolve merge conflict"): the three Payment*.avsc
# files of clients/avro/src/main/resources/avro/io/confluent/examples/clients/basicavro are
# left empty, each its own [[subjects]] entry as init writes them.
EXAMPLES = "confluentinc/examples@73efb410"
BASIC_AVRO = "clients/avro/src/main/resources/avro/io/confluent/examples/clients/basicavro"


class Case(NamedTuple):
    source: str
    config: str
    before: dict[str, Any]
    after: dict[str, Any]
    # (code, path) of every finding, each once.
    expected: list[tuple[str, str]]


PAYMENT = {"type": "record", "name": "Payment",
           "namespace": "io.confluent.examples.clients.basicavro",
           "fields": [{"name": "id", "type": "string"}, {"name": "amount", "type": "double"}]}
SUBJECTS = "".join(
    f'[[subjects]]\nsubject = "{name}-value"\nfile = "{BASIC_AVRO}/{name}.avsc"\n'
    for name in ("Payment", "Payment2a", "Payment2b"))

CASES = {
    "files emptied alike each report their own invalid schema": Case(
        f"{EXAMPLES}: {BASIC_AVRO}/Payment.avsc, Payment2a.avsc, Payment2b.avsc",
        f'roots = ["clients"]\n{SUBJECTS}',
        {f"{BASIC_AVRO}/{name}.avsc": PAYMENT for name in ("Payment", "Payment2a",
                                                          "Payment2b")},
        {f"{BASIC_AVRO}/{name}.avsc": "" for name in ("Payment", "Payment2a", "Payment2b")},
        [("INVALID_SCHEMA", f"{BASIC_AVRO}/{name}.avsc")
         for name in ("Payment", "Payment2a", "Payment2b")]),
}


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_a_change_met_in_a_public_repository(repo: GitRepo, case: Case) -> None:
    repo.write("schemalint.toml", case.config)
    for path, content in case.before.items():
        repo.write(path, content)
    base = repo.commit("before")
    for path, content in case.after.items():
        repo.write(path, content)
    repo.commit("after")
    result = run_cli(repo.path, "check", "--against", base, "--format", "json",
                     "--select", "SUB")
    findings = json.loads(result.stdout)["findings"]
    assert sorted((f["code"], f["path"]) for f in findings) == sorted(case.expected)
