"""One file, one subject: files that map to one subject are an error naming them all.

Each case is a few lines reproducing a shape met in a public repository (named in the
table); they run through the console entry on real git repositories.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

# mozilla-services/mozilla-pipeline-schemas, branch generated-schemas, commit 19c97f5cd31c:
# schemas/<namespace>/<doctype>/<doctype>.<N>.schema.json, one doctype in many namespaces.
MOZILLA = "mozilla-pipeline-schemas@19c97f5cd31cffddb9074782ac69c31fb5170ff4"
# confluentinc/kafka-tutorials, commit 6225e7c19579: one Avro full name in several tutorials.
TUTORIALS = "kafka-tutorials@6225e7c1957911520391c7fe0e857138638714fe"
TUTORIAL = "_includes/tutorials/{}/kstreams/code/src/main/avro/{}"


def json_schema(title: str, *properties: str) -> dict[str, Any]:
    return {"$schema": "http://json-schema.org/draft-07/schema#", "title": title,
            "type": "object", "properties": {name: {"type": "string"} for name in properties}}


def avro(name: str, *fields: tuple[str, str], namespace: str = "io.confluent.developer.avro"
         ) -> dict[str, Any]:
    return {"namespace": namespace, "type": "record", "name": name,
            "fields": [{"name": field, "type": kind} for field, kind in fields]}


RATING_BY_ID = avro("Rating", ("id", "long"), ("rating", "double"))
RATING_BY_TITLE = avro("Rating", ("title", "string"), ("rating", "double"))
TICKET_SALE = avro("TicketSale", ("title", "string"), ("ticket_total_value", "int"))


class Case(NamedTuple):
    source: str
    config: str
    files: dict[str, Any]
    exit_code: int
    conflicting: set[str]  # the files SUBJECT_CONFLICT names, each at its own path
    checked: int


CASES = {
    "one doctype in two namespaces: each folder's own subject": Case(
        f"{MOZILLA}: schemas/accounts-backend/accounts-events/accounts-events.1.schema.json "
        "and schemas/accounts-frontend/accounts-events/accounts-events.1.schema.json",
        "", {
            "schemas/accounts-backend/accounts-events/accounts-events.1.schema.json":
                json_schema("accounts-events", "event"),
            "schemas/accounts-frontend/accounts-events/accounts-events.1.schema.json":
                json_schema("accounts-events", "event", "flow_id"),
            "schemas/telemetry/main/main.4.schema.json": json_schema("main", "payload"),
        }, 0, set(), 3),
    "one file name in two folders it is not named after": Case(
        f"{MOZILLA}: schemas/glean/glean/glean-min.1.schema.json, the same name elsewhere",
        "", {
            "schemas/glean/glean/glean-min.1.schema.json": json_schema("glean-min", "ping"),
            "schemas/glean-dev/glean/glean-min.1.schema.json":
                json_schema("glean-min", "ping", "build"),
        }, 2, {"schemas/glean/glean/glean-min.1.schema.json",
               "schemas/glean-dev/glean/glean-min.1.schema.json"}, 0),
    "one Avro full name, two contents": Case(
        f"{TUTORIALS}: {TUTORIAL.format('joining-stream-table', 'rating.avsc')} and "
        f"{TUTORIAL.format('tumbling-windows', 'rating.avsc')}",
        'roots = ["_includes"]\n', {
            TUTORIAL.format("joining-stream-table", "rating.avsc"): RATING_BY_ID,
            TUTORIAL.format("tumbling-windows", "rating.avsc"): RATING_BY_TITLE,
        }, 2, {TUTORIAL.format("joining-stream-table", "rating.avsc"),
               TUTORIAL.format("tumbling-windows", "rating.avsc")}, 0),
    "one Avro full name, one content: a copy": Case(
        f"{TUTORIALS}: {TUTORIAL.format('aggregating-sum', 'ticket-sale.avsc')} and "
        f"{TUTORIAL.format('aggregating-count', 'ticket-sale.avsc')}",
        'roots = ["_includes"]\n', {
            TUTORIAL.format("aggregating-sum", "ticket-sale.avsc"): TICKET_SALE,
            TUTORIAL.format("aggregating-count", "ticket-sale.avsc"): TICKET_SALE,
        }, 0, set(), 1),
    "versions of one stem are one subject": Case(
        "this repository: schemas/orders/value.v1.avsc, value.v2.avsc",
        "", {
            "schemas/orders/value.v1.avsc": avro("OrderPlaced", ("id", "string")),
            "schemas/orders/value.v2.avsc": avro("OrderPlaced", ("id", "string")),
        }, 0, set(), 1),
    "record strategy: one record in two topics": Case(
        f"{TUTORIALS}: Rating as the value of two tutorials' topics",
        'strategy = "record"\n', {
            "schemas/ratings/value.avsc": RATING_BY_ID,
            "schemas/rated-movies/value.avsc": RATING_BY_TITLE,
        }, 2, {"schemas/ratings/value.avsc", "schemas/rated-movies/value.avsc"}, 0),
    "[[subjects]] names a subject the strategy gives another file": Case(
        "a first-day configuration: an explicit entry onto a taken subject",
        '[[subjects]]\nsubject = "orders-value"\nfile = "schemas/legacy/orders.avsc"\n', {
            "schemas/orders/value.avsc": avro("OrderPlaced", ("id", "string")),
            "schemas/legacy/orders.avsc": avro("LegacyOrder", ("id", "string")),
        }, 2, {"schemas/orders/value.avsc", "schemas/legacy/orders.avsc"}, 0),
}


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_files_mapping_to_one_subject(repo: GitRepo, case: Case) -> None:
    if case.config:
        repo.write("schemalint.toml", case.config)
    for path, content in case.files.items():
        repo.write(path, content)
    repo.commit()
    result = run_cli(repo.path, "check", "--all", "--format", "json")
    assert result.returncode == case.exit_code, result.stdout + result.stderr
    document = json.loads(result.stdout)
    conflicts = [f for f in document["findings"] if f["code"] == "SUBJECT_CONFLICT"]
    assert {f["path"] for f in conflicts} == case.conflicting
    for finding in conflicts:
        assert finding["severity"] == "error"
        others = case.conflicting - {finding["path"]}
        assert all(other in finding["message"] for other in others)
        assert "[[subjects]]" in finding["message"] and "strategy" in finding["message"]
    # Nothing is left over: no file of the subject is an orphan, none is checked as it.
    assert not [f for f in document["findings"] if f["code"] == "ORP001"]
    assert document["summary"]["checked"] == case.checked


def test_the_way_out_names_the_strategy_that_tells_the_files_apart(repo: GitRepo) -> None:
    repo.write("schemalint.toml", 'strategy = "record"\n')
    repo.write("schemas/ratings/value.avsc", RATING_BY_ID)
    repo.write("schemas/rated-movies/value.avsc", RATING_BY_TITLE)
    repo.commit()
    result = run_cli(repo.path, "check", "--all", "--format", "json")
    messages = [f["message"] for f in json.loads(result.stdout)["findings"]]
    assert messages and all('strategy = "topic-record"' in m for m in messages)
    repo.write("schemalint.toml", 'strategy = "topic-record"\n')
    assert run_cli(repo.path, "check", "--all").returncode == 0


def test_a_new_file_onto_a_taken_subject_fails_the_commit_that_adds_it(repo: GitRepo) -> None:
    first = TUTORIAL.format("joining-stream-table", "rating.avsc")
    repo.write("schemalint.toml", 'roots = ["_includes"]\n')
    repo.write(first, RATING_BY_ID)
    repo.commit()
    second = TUTORIAL.format("tumbling-windows", "rating.avsc")
    repo.write(second, RATING_BY_TITLE)
    result = run_cli(repo.path, "check")
    assert result.returncode == 2
    assert f"{first}: error: SUBJECT_CONFLICT {first} and {second}" in result.stdout
    assert f"{second}: error: SUBJECT_CONFLICT {second} and {first}" in result.stdout
    assert "no schema checked" in result.stdout
    # --exit-zero turns findings into a pass, never a layout nothing checks.
    assert run_cli(repo.path, "check", "--exit-zero").returncode == 2


# confluentinc/kafka-tutorials, commit 6225e7c19579:
# _includes/tutorials/multiple-event-types/kafka/code/src/main/avro/all-events.avsc is a
# top-level union of two records defined in purchase.avsc and pageview.avsc, as Confluent
# registers several event types in one subject.
UNION = ["io.confluent.developer.avro.Purchase", "io.confluent.developer.avro.Pageview"]
PURCHASE = avro("Purchase", ("item", "string"), ("amount", "double"))
PAGEVIEW = avro("Pageview", ("url", "string"), ("is_special", "boolean"))


@pytest.mark.parametrize(("union_path", "subject"), [
    ("schemas/events/all-events.avsc", "all-events"),
    ("schemas/events/value.avsc", "events-value"),
], ids=["a file of its own", "a topic's value"])
def test_a_top_level_union_of_records_is_a_schema_like_any_other(
        repo: GitRepo, union_path: str, subject: str) -> None:
    repo.write(union_path, UNION)
    repo.write("schemas/events/purchase.avsc", PURCHASE)
    repo.write("schemas/events/pageview.avsc", PAGEVIEW)
    repo.commit()
    result = run_cli(repo.path, "check", "--all", "--format", "json", "--select", "SUB")
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["summary"]["checked"] == 3
    # Dropping a branch breaks readers of the old data: the union is checked, not skipped.
    repo.write(union_path, UNION[:1])
    result = run_cli(repo.path, "check", "--format", "json", "--select", "SUB")
    findings = json.loads(result.stdout)["findings"]
    assert result.returncode == 1, result.stdout
    assert [(f["code"], f["subject"], f["path"]) for f in findings] == [
        ("MISSING_UNION_BRANCH", subject, union_path)]


def test_an_avro_file_that_does_not_parse_is_reported_not_dropped(repo: GitRepo) -> None:
    # A type file other schemas refer to is named by the full name inside it; when it
    # cannot be read, it is still a schema file to report, under its file name.
    repo.write("schemas/common/address.avsc", '{"type": "record", "name": "Address",')
    result = run_cli(repo.path, "check", "--all", "--format", "json")
    assert result.returncode == 2
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["path"]) for f in findings] == [
        ("INVALID_SCHEMA", "schemas/common/address.avsc")]


def test_sync_registers_nothing_of_a_subject_two_files_claim(repo: GitRepo) -> None:
    first = TUTORIAL.format("joining-stream-table", "rating.avsc")
    second = TUTORIAL.format("tumbling-windows", "rating.avsc")
    repo.write("schemalint.toml", 'roots = ["_includes"]\n')
    repo.write(first, RATING_BY_ID)
    repo.write(second, RATING_BY_TITLE)
    repo.commit()
    # Nothing listens there: a run that went to the registry would exit 3, not 2.
    result = run_cli(repo.path, "sync", "--registry", "http://127.0.0.1:9", "--dry-run")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "REFUSED" in result.stdout and "map to one subject" in result.stdout
    assert first in result.stdout and second in result.stdout
