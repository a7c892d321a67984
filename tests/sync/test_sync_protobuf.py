"""Protobuf end to end: .proto files synced into the real embedded registry, imports as
Confluent references, pulled back, and checked against the registry."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from conftest import FIXTURES, Project, registered, server_writes
from fault_proxy import FaultProxy
from registry_harness import Server

from schemalint.config import load_config
from schemalint.pipeline.check import CheckRequest, run_check
from schemalint.sources.registry import RegistryText, registry_history
from schemalint.sync import Action

MONEY = "common/money.proto"
MONEY_TEXT = (FIXTURES / "protobuf/money.proto").read_text()


def proto(name: str) -> str:
    return (FIXTURES / "protobuf" / name).read_text()


def orders_project(project: Project) -> None:
    """``schemas/orders/value.proto`` importing ``schemas/common/money.proto`` and a
    well-known type, in two commits."""
    project.put(MONEY, "protobuf/money.proto")
    project.put("orders/value.proto", "protobuf/order_v1.proto")
    project.commit("orders v1")
    project.put("orders/value.proto", "protobuf/order_v2.proto")
    project.commit("orders v2")


def live(server: Server, subject: str) -> list[dict[str, object]]:
    return registered(server, quote(subject, safe=""))


def written_subjects(server: Server) -> list[str]:
    return [line.split("subject=")[1].split()[0] for line in server_writes(server)]


def test_imports_are_registered_first_as_their_own_subjects_and_referenced(
        project: Project, registry: Server, proxy: FaultProxy) -> None:
    orders_project(project)

    first = project.sync(proxy.url)

    assert first.exit_code(check=False) == 0, first.steps
    assert [(v["schemaType"], v["schema"]) for v in live(registry, MONEY)] == [
        ("PROTOBUF", MONEY_TEXT)]
    orders = live(registry, "orders-value")
    assert [v["schema"] for v in orders] == [proto("order_v1.proto"), proto("order_v2.proto")]
    for version in orders:
        # google/protobuf/timestamp.proto is known to every registry: no reference.
        assert version["references"] == [{"name": MONEY, "subject": MONEY, "version": 1}]
    # In dependency order; a request without schemaType would have been parsed as Avro.
    assert written_subjects(registry) == [MONEY, "orders-value", "orders-value"]

    proxy.reset()
    second = project.sync(proxy.url)

    assert proxy.writes == []
    assert second.writes == 0
    assert {step.action for step in second.steps} == {Action.REGISTERED}


def test_confluent_kafka_reads_the_synced_schema_with_its_references(
        project: Project, registry: Server) -> None:
    sr = pytest.importorskip("confluent_kafka.schema_registry",
                             reason="needs the dev dependency confluent-kafka[schemaregistry]")
    orders_project(project)
    project.sync(registry.url)
    client = sr.SchemaRegistryClient({"url": registry.url})

    latest = client.get_latest_version("orders-value")
    money = client.get_version(MONEY, 1)

    assert (latest.version, latest.schema.schema_type) == (2, "PROTOBUF")
    assert latest.schema.schema_str == proto("order_v2.proto")
    assert [(r.name, r.subject, r.version) for r in latest.schema.references] == [
        (MONEY, MONEY, 1)]
    assert money.schema.schema_str == MONEY_TEXT
    assert client.get_referenced_by(MONEY, 1) == [
        v["id"] for v in live(registry, "orders-value")]
    found = client.lookup_schema("orders-value", sr.Schema(
        proto("order_v1.proto"), "PROTOBUF", [sr.SchemaReference(MONEY, MONEY, 1)]))
    assert found.version == 1


def test_a_changed_import_gets_a_new_version_and_so_do_its_importers(
        project: Project, registry: Server) -> None:
    # Confluent's identity of a version digests its references' versions with its text
    # (MD5.ofSchema): the unchanged importer, registered with the import's new version, is a
    # new version of its subject, checked against its latest.
    orders_project(project)
    project.sync(registry.url)
    project.write(f"schemas/{MONEY}",
                  MONEY_TEXT.replace("int64 units = 2;", "int64 units = 2;\n  int32 nanos = 3;"))
    project.commit("money gets nanos")

    planned = project.sync(registry.url, dry_run=True)
    outcome = project.sync(registry.url)
    again = project.sync(registry.url, dry_run=True)

    for run in (planned, outcome):
        assert [(s.subject, s.action, s.version) for s in run.steps] == [
            (MONEY, Action.CREATE, 2), ("orders-value", Action.CREATE, 3)]
    orders = live(registry, "orders-value")
    assert [v["schema"] for v in orders] == [proto("order_v1.proto"), proto("order_v2.proto"),
                                             proto("order_v2.proto")]
    assert [v["references"] for v in orders] == [
        [{"name": MONEY, "subject": MONEY, "version": number}] for number in (1, 1, 2)]
    assert {s.action for s in again.steps} == {Action.REGISTERED}


def test_an_incompatible_protobuf_change_is_refused(project: Project, registry: Server) -> None:
    orders_project(project)
    project.sync(registry.url)
    project.put("orders/value.proto", "protobuf/order_breaking.proto")
    project.commit("order_id becomes a number")

    outcome = project.sync(registry.url)

    refused = [s for s in outcome.steps if s.action is Action.REFUSED]
    assert [s.subject for s in refused] == ["orders-value"]
    assert "FIELD_SCALAR_KIND_CHANGED: Field 1 'order_id' of Order changed type from string " \
        "to int64" in refused[0].detail
    assert len(live(registry, "orders-value")) == 2
    assert outcome.exit_code(check=False) == 1


def test_an_import_outside_the_roots_is_its_own_subject(project: Project,
                                                        registry: Server) -> None:
    project.write("shared/currency.proto", 'syntax = "proto3";\npackage acme.shared;\n'
                  "message Currency { string code = 1; }\n")
    project.write("schemas/payments/value.proto",
                  'syntax = "proto3";\npackage acme.payments;\nimport "shared/currency.proto";\n'
                  "message Payment { acme.shared.Currency currency = 1; }\n")
    project.commit("a payment using a shared type")

    outcome = project.sync(registry.url)

    assert outcome.exit_code(check=False) == 0, outcome.steps
    assert written_subjects(registry) == ["shared/currency.proto", "payments-value"]
    assert live(registry, "payments-value")[0]["references"] == [
        {"name": "shared/currency.proto", "subject": "shared/currency.proto", "version": 1}]


def test_pull_writes_proto_files_where_imports_find_them_and_sync_is_a_no_op(
        project: Project, registry: Server, proxy: FaultProxy) -> None:
    from schemalint.commands.pull import PullRequest, run_pull
    from schemalint.registry.target import Connection

    reference = [{"name": MONEY, "subject": MONEY, "version": 1}]
    with registry.client() as http:
        http.post(f"/subjects/{quote(MONEY, safe='')}/versions",
                  json={"schema": MONEY_TEXT, "schemaType": "PROTOBUF"}).raise_for_status()
        for name in ("order_v1.proto", "order_v2.proto"):
            http.post("/subjects/orders-value/versions",
                      json={"schema": proto(name), "schemaType": "PROTOBUF",
                            "references": reference}).raise_for_status()

    pulled = run_pull(load_config(project.path), PullRequest(Connection(registry.url)))
    project.commit("adopt the registry")

    assert sorted(pulled.written) == ["schemas/common/money.proto",
                                      "schemas/orders/value.v1.proto",
                                      "schemas/orders/value.v2.proto"]
    assert (project.path / "schemas/common/money.proto").read_text() == MONEY_TEXT
    assert (project.path / "schemas/orders/value.v2.proto").read_text() == \
        proto("order_v2.proto")
    outcome = project.sync(proxy.url, check=True)
    assert outcome.exit_code(check=True) == 0, outcome.steps
    assert proxy.writes == []


def test_pull_latest_writes_an_imported_file_once(project: Project, registry: Server) -> None:
    from schemalint.commands.pull import PullRequest, run_pull
    from schemalint.registry.target import Connection

    newer = MONEY_TEXT.replace("int64 units = 2;", "int64 units = 2;\n  int32 nanos = 3;")
    with registry.client() as http:
        for text in (MONEY_TEXT, newer):
            http.post(f"/subjects/{quote(MONEY, safe='')}/versions",
                      json={"schema": text, "schemaType": "PROTOBUF"}).raise_for_status()

    pulled = run_pull(load_config(project.path), PullRequest(Connection(registry.url)))

    assert pulled.written == ["schemas/common/money.proto"]
    assert (project.path / "schemas/common/money.proto").read_text() == newer
    assert pulled.skipped and "version(s) 1 not written" in pulled.skipped[0]


def test_check_against_the_registry_parses_protobuf_with_its_references(
        project: Project, registry: Server) -> None:
    orders_project(project)
    project.sync(registry.url)
    project.configure(f'[registry]\nurl = "{registry.url}"\n')
    project.put("orders/value.proto", "protobuf/order_breaking.proto")  # work tree only
    config = load_config(project.path)

    outcome = run_check(config, CheckRequest(all=True, against="registry"))
    history = registry_history(config, "registry", ["orders-value"])["orders-value"]

    broken = [f for f in outcome.findings if f.subject == "orders-value" and f.level]
    assert broken and broken[0].code == "FIELD_SCALAR_KIND_CHANGED"
    assert len(outcome.subjects["orders-value"].history) == 2
    assert [item.label for item in history if isinstance(item, RegistryText)] == [
        "orders-value@1", "orders-value@2"]
    assert [item.files for item in history if isinstance(item, RegistryText)] == [
        {MONEY: MONEY_TEXT}, {MONEY: MONEY_TEXT}]


def test_pull_writes_nothing_outside_the_schema_roots(project: Project, registry: Server) -> None:
    from schemalint.commands.pull import PullRequest, run_pull
    from schemalint.registry.target import Connection

    escaping = "../../escape.proto"
    with registry.client() as http:
        http.post(f"/subjects/{quote(escaping, safe='')}/versions",
                  json={"schema": MONEY_TEXT, "schemaType": "PROTOBUF"}).raise_for_status()

    pulled = run_pull(load_config(project.path), PullRequest(Connection(registry.url)))

    assert pulled.written == []
    assert pulled.skipped == [f"{escaping}: schemas/{escaping} would be outside the schema roots"]
    assert not (project.path.parent / "escape.proto").exists()


def test_registry_versions_parse_with_the_registrys_imports(project: Project,
                                                            registry: Server) -> None:
    """The registry's version imports a file the repository does not have: it still parses,
    with the text the registry holds for that import."""
    reference = [{"name": "vendor/money.proto", "subject": "vendor-money", "version": 1}]
    with registry.client() as http:
        http.post("/subjects/vendor-money/versions",
                  json={"schema": MONEY_TEXT, "schemaType": "PROTOBUF"}).raise_for_status()
        http.post("/subjects/orders-value/versions", json={
            "schema": proto("order_v1.proto").replace(MONEY, "vendor/money.proto"),
            "schemaType": "PROTOBUF", "references": reference}).raise_for_status()
    project.configure(f'[registry]\nurl = "{registry.url}"\n')
    project.put(MONEY, "protobuf/money.proto")
    project.put("orders/value.proto", "protobuf/order_v2.proto")

    outcome = run_check(load_config(project.path), CheckRequest(all=True, against="registry"))

    assert len(outcome.subjects["orders-value"].history) == 1
