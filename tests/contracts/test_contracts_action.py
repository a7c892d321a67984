"""The GitHub Action's job summary names the consumers a pull request affects, their owners
(mentioned where the owner is a GitHub handle or team) and whether each reads the new
version."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from gitrepo import GIT_ENV, GitRepo

AVRO = "schemas/orders/value.avsc"


def order(*names: str) -> dict[str, object]:
    return {"type": "record", "name": "OrderPlaced", "namespace": "com.acme",
            "doc": "A customer placed an order.",
            "fields": [{"name": name, "type": "string", "doc": f"The {name}."}
                       for name in names]}


CONSUMERS = ('[[consumers]]\nname = "billing"\nowner = "@acme/billing"\n'
             'subjects = ["orders-value"]\nreads = ["order_id", "coupon"]\n\n'
             '[[consumers]]\nname = "crm"\nowner = "team-crm"\n'
             'subjects = ["orders-value"]\nreads = ["order_id"]\n\n'
             '[[consumers]]\nname = "returns"\nowner = "@acme/returns"\npending = true\n')


def run_action(repo: GitRepo, tmp: Path, base: str, *, replay: bool = False
               ) -> tuple[int, str]:
    summary, event = tmp / "summary.md", tmp / "event.json"
    summary.write_text("")
    event.write_text(json.dumps({"pull_request": {"base": {"sha": base}, "labels": []}}))
    env = {**GIT_ENV, "PATH": os.environ["PATH"], "GITHUB_ACTIONS": "true",
           "GITHUB_WORKSPACE": str(repo.path), "GITHUB_EVENT_PATH": str(event),
           "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_EVENT_NAME": "pull_request",
           **({"SCHEMALINT_REPLAY": "true"} if replay else {})}
    result = subprocess.run([sys.executable, "-m", "schemalint.integrations.github"],
                            cwd=repo.path, env=env, capture_output=True, text=True, check=False)
    return result.returncode, summary.read_text()


def test_the_summary_names_the_affected_consumers_and_mentions_owners(
        repo: GitRepo, tmp_path: Path) -> None:
    repo.write(AVRO, order("order_id", "coupon", "reason"))
    repo.write("schemalint.toml", CONSUMERS)
    repo.write("consumers/returns/orders-value.avsc", order("order_id", "return_reason"))
    base = repo.commit("orders and their consumers")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write(AVRO, order("order_id", "reason"))  # coupon goes: billing reads it
    repo.commit("drop the coupon")
    code, summary = run_action(repo, tmp_path, base)
    assert code == 1, summary
    section = summary.split("## Consumers of the changed subjects\n", 1)[1].split("\n## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| orders-value")]
    assert [row.split(" | ")[1:3] for row in rows] == [
        ["returns", "@acme/returns"], ["billing", "@acme/billing"], ["crm", "team-crm"]]
    assert "🟡 cannot read it yet (pending contract)" in rows[0]
    assert "🔴 cannot read the new version: it reads 'coupon'" in rows[1]
    assert "✅ reads the new version" in rows[2]
    assert "To review: @acme/billing, @acme/returns" in section


def test_no_section_where_no_consumer_is_declared(repo: GitRepo, tmp_path: Path) -> None:
    repo.write(AVRO, order("order_id", "coupon"))
    base = repo.commit("orders")
    repo.write(AVRO, order("order_id"))
    repo.commit("drop the coupon")
    code, summary = run_action(repo, tmp_path, base)
    assert code == 0 and summary.startswith("## Schema changes")
    assert "Consumers of the changed subjects" not in summary


def test_with_replay_the_summary_says_why_a_reader_fails_on_the_events(
        repo: GitRepo, tmp_path: Path) -> None:
    bytes_note = {"type": "record", "name": "OrderPlaced", "namespace": "com.acme",
                  "doc": "A customer placed an order.", "fields": [
                      {"name": "order_id", "type": "string", "doc": "The order."},
                      {"name": "note", "type": "bytes", "doc": "The note."}]}
    repo.write(AVRO, order("order_id", "note"))
    repo.write("schemalint.toml", '[[consumers]]\nname = "billing"\nowner = "@acme/billing"\n')
    repo.write("consumers/billing/orders-value.avsc", order("order_id", "note"))
    base = repo.commit("orders and billing's reader")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write(AVRO, bytes_note)  # the registry accepts string to bytes; UTF-8 may fail
    repo.commit("the note as bytes")
    code, summary = run_action(repo, tmp_path, base, replay=True)
    assert code == 1, summary
    section = summary.split("## Consumers of the changed subjects\n", 1)[1].split("\n## ")[0]
    row = next(line for line in section.splitlines() if line.startswith("| orders-value"))
    assert "🔴 cannot read the new version: events of the new version fail to decode at " \
        "field 'note'" in row, row
