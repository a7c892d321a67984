"""``check`` over many subjects: two processes, and what it holds, change no finding.

From ``_PARALLEL_FROM`` subjects on, a plain check (one that keeps no subject state) checks
about half of the subjects in a forked process. Sync and diff keep the states, so they check
in one process: the same run both ways must give the same findings, in the same order.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from gitrepo import GitRepo

import schemalint.pipeline.check as check_module
from schemalint.config import load_config
from schemalint.model import Finding
from schemalint.pipeline.check import CheckRequest, run_check
from schemalint.sources.git import ObjectReader


def record(name: str, *fields: dict[str, Any]) -> dict[str, Any]:
    return {"type": "record", "name": name, "namespace": "com.acme", "fields": list(fields)}


ID = {"name": "id", "type": "string"}
AMOUNT_INT = {"name": "amount", "type": "int"}
AMOUNT_TEXT = {"name": "amount", "type": "string", "default": ""}
NOTE = {"name": "note", "type": "string"}

# Per kind of subject, its versions, oldest first: each kind gives findings of its own.
HISTORIES: dict[str, list[dict[str, Any]]] = {
    # v3 reads v2 (BACKWARD passes) but not v1's int amount: CFG001.
    "replayed": [record("Replayed", ID, AMOUNT_INT), record("Replayed", ID),
                 record("Replayed", ID, AMOUNT_TEXT)],
    # A new field without a default: the latest version cannot be read.
    "broken": [record("Broken", ID), record("Broken", ID, NOTE)],
    # Back to its first version: nothing to check again.
    "reverted": [record("Reverted", ID), record("Reverted", ID, AMOUNT_TEXT),
                 record("Reverted", ID)],
    "unchanged": [record("Unchanged", ID)],
    # An order only beside its sibling's fact (EVT001's project pass, which reads each
    # schema's naming verdicts from its entry: MassTransit/Sample-ForkJoint @82a18bcde41a).
    "ordered": [record("OrderBurger", ID)],
    "completed": [record("BurgerCompleted", ID)],
}
KEY_VERSIONS = [record("Key", ID), record("Key", ID, AMOUNT_TEXT)]  # KEY001


def build(repo: GitRepo, subjects: int) -> None:
    # CFG001 (in the strict preset) judges replay from verdicts each process reads.
    repo.write("schemalint.toml",
               'version = 1\nroots = ["schemas"]\n[lint]\nextend-select = ["CFG001"]\n')
    kinds = sorted(HISTORIES)
    for step in range(3):
        for number in range(subjects):
            kind = kinds[number % len(kinds)]
            versions = HISTORIES[kind]
            folder = f"schemas/{kind}{number:03}"
            repo.write(f"{folder}/value.avsc", versions[min(step, len(versions) - 1)])
            if number % 2 == 0:  # half the topics keyed: ORD001 judges the rest
                repo.write(f"{folder}/key.avsc",
                           KEY_VERSIONS[min(step, len(KEY_VERSIONS) - 1)])
        repo.commit(f"step {step}")


def findings(repo: GitRepo, keep_subjects: bool, **request: Any) -> list[Finding]:
    return run_check(load_config(repo.path),
                     CheckRequest(keep_subjects=keep_subjects, **request)).findings


@pytest.mark.parametrize(("request_args", "expected_codes"), [
    # Every subject equals its latest version: linted, and judged for replay.
    ({"all": True}, {"CFG001", "ORD001", "EVT001"}),
    # Against the first step: the key and the value changed, one breaking.
    ({"against": "HEAD~2"}, {"KEY001", "READER_FIELD_MISSING_DEFAULT_VALUE"}),
    ({"all": True, "against": "HEAD~2"}, {"KEY001", "READER_FIELD_MISSING_DEFAULT_VALUE"}),
])
def test_two_processes_find_what_one_finds_in_the_same_order(
        repo: GitRepo, monkeypatch: pytest.MonkeyPatch, request_args: dict[str, Any],
        expected_codes: set[str]) -> None:
    monkeypatch.setattr(check_module, "_PARALLEL_FROM", 8)
    build(repo, 24)
    forked: list[int] = []
    in_two: Callable[..., None] = check_module._Checker._check_in_two

    def counted(self: Any, *args: Any) -> None:
        forked.append(1)
        in_two(self, *args)

    monkeypatch.setattr(check_module._Checker, "_check_in_two", counted)
    alone = findings(repo, True, **request_args)
    assert not forked
    in_two_processes = findings(repo, False, **request_args)
    assert forked
    assert in_two_processes == alone
    assert expected_codes <= {finding.code for finding in alone}


def test_a_few_subjects_are_checked_in_one_process(
        repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    build(repo, 4)
    monkeypatch.setattr(check_module._Checker, "_check_in_two", None)
    assert findings(repo, False, all=True) == findings(repo, True, all=True)


def test_the_forked_process_ends_the_git_processes_it_started(
        repo: GitRepo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A JSON Schema version whose $ref read a file of its commit starts a second reader (the
    # files of past commits): the forked process left it running (mozilla-pipeline-schemas,
    # generated-schemas at 19c97f5: metadata/sources/sources.1.schema.json).
    monkeypatch.setattr(check_module, "_PARALLEL_FROM", 4)
    repo.write("schemalint.toml", 'version = 1\nroots = ["schemas"]\n')
    for number in range(8):
        repo.write(f"schemas/topic{number}/common.schema.json",
                   {"type": "object", "properties": {"id": {"type": "string"}}})
        repo.write(f"schemas/topic{number}/value.schema.json",
                   {"type": "object", "properties": {"common": {"$ref": "common.schema.json"}}})
    repo.commit("with references")
    for number in range(8):
        repo.write(f"schemas/topic{number}/value.schema.json", {
            "type": "object", "properties": {"id": {"type": "string"}}})
    repo.commit("without")
    for number in range(8):  # a new version, so that each process reads the history
        repo.write(f"schemas/topic{number}/value.schema.json", {
            "type": "object", "properties": {"id": {"type": "string"}, "at": {"type": "string"}}})
    log = tmp_path / "readers.log"
    opened: Callable[..., None] = ObjectReader.__init__
    closed: Callable[..., None] = ObjectReader.close

    def open_logged(self: ObjectReader, *args: Any) -> None:
        opened(self, *args)
        with log.open("a") as out:
            out.write(f"open {os.getpid()} {id(self)}\n")

    def close_logged(self: ObjectReader) -> None:
        closed(self)
        with log.open("a") as out:
            out.write(f"close {os.getpid()} {id(self)}\n")

    monkeypatch.setattr(ObjectReader, "__init__", open_logged)
    monkeypatch.setattr(ObjectReader, "close", close_logged)
    findings(repo, False, all=True)
    events = Counter(tuple(line.split()) for line in log.read_text().splitlines())
    readers = {(pid, reader) for _, pid, reader in events}
    assert len({pid for pid, _ in readers}) == 2  # both processes read history
    assert all(events["open", pid, reader] == 1 == events["close", pid, reader]
               for pid, reader in readers)
