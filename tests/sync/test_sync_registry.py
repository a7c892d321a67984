"""End to end: sync a git project into the real embedded registry on loopback."""

from __future__ import annotations

import httpx
from conftest import FIXTURES, Project, fixture, identity, registered, server_writes, texts
from fault_proxy import FaultProxy
from registry_harness import Server

from schemalint.api import parse_schema
from schemalint.config import load_config
from schemalint.formats.avro.index import AvroNameIndex
from schemalint.pipeline.check import CheckRequest, run_check
from schemalint.sanction import identity_hash
from schemalint.sync import Action


def two_commit_project(project: Project) -> None:
    project.put("common/Money.avsc", "money.avsc")
    project.put("orders/value.avsc", "order_v1.avsc")
    project.put("orders/key.schema.json", "order_key.schema.json")
    project.commit("orders v1")
    project.put("orders/value.avsc", "order_v2.avsc")
    project.put("shipping/value.avsc", "shipment_v1.avsc")
    project.commit("orders v2, shipping v1")


def actions(outcome: object) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for step in outcome.steps:  # type: ignore[attr-defined]
        found.setdefault(step.subject, []).append(step.action.value)
    return found


def breaking_digest() -> str:
    """The identity ``[[allow-breaking]]`` names for order_breaking.avsc."""
    money = ("schemas/common/Money.avsc", (FIXTURES / "money.avsc").read_text())
    text = (FIXTURES / "order_breaking.avsc").read_text()
    return identity_hash(parse_schema(text, "avro", resolver=AvroNameIndex([money])))


def test_first_sync_registers_every_version_in_git_order_with_references(
        project: Project, registry: Server) -> None:
    two_commit_project(project)

    outcome = project.sync(registry.url)

    assert texts(registry, "orders-value") == [fixture("order_v1.avsc"),
                                               fixture("order_v2.avsc")]
    assert texts(registry, "com.acme.Money") == [fixture("money.avsc")]
    assert texts(registry, "shipping-value") == [fixture("shipment_v1.avsc")]
    assert [v["schemaType"] for v in registered(registry, "orders-key")] == ["JSON"]
    for version in registered(registry, "orders-value"):
        assert version["references"] == [
            {"name": "com.acme.Money", "subject": "com.acme.Money", "version": 1}]
    assert actions(outcome)["orders-value"] == ["create", "create"]
    assert outcome.exit_code(check=False) == 0
    # References go first: Money is registered before anything that names it.
    order = [line.split("subject=")[1].split()[0] for line in server_writes(registry)]
    assert order.index("com.acme.Money") < order.index("orders-value")


def test_a_second_sync_sends_no_write(project: Project, registry: Server,
                                      proxy: FaultProxy) -> None:
    two_commit_project(project)
    project.sync(proxy.url)
    logged = len(server_writes(registry))
    proxy.reset()

    outcome = project.sync(proxy.url)

    assert proxy.writes == []
    assert len(server_writes(registry)) == logged
    assert outcome.writes == 0
    assert {a for acts in actions(outcome).values() for a in acts} == {"registered"}


def test_a_new_commit_appends_exactly_one_version(project: Project, registry: Server,
                                                  proxy: FaultProxy) -> None:
    two_commit_project(project)
    project.sync(proxy.url)
    project.put("orders/value.avsc", "order_v3.avsc")
    project.commit("orders v3")
    proxy.reset()

    outcome = project.sync(proxy.url)

    assert texts(registry, "orders-value")[-1] == fixture("order_v3.avsc")
    assert len(registered(registry, "orders-value")) == 3
    assert [w.path.split("?")[0] for w in proxy.writes] == ["/subjects/orders-value/versions"]
    created = [s for s in outcome.steps if s.action is Action.CREATE]
    assert [(s.subject, s.version) for s in created] == [("orders-value", 3)]


def test_a_changed_named_type_gives_the_schemas_naming_it_a_new_version(
        project: Project, registry: Server) -> None:
    # The registry's identity of a version counts its references' versions (Confluent's
    # MD5.ofSchema): the unchanged orders schema registered with Money's new version is a new
    # version of orders-value, checked against its latest.
    two_commit_project(project)
    project.sync(registry.url)
    money = (FIXTURES / "money.avsc").read_text().replace(
        '{"name": "currency", "type": "string"}',
        '{"name": "currency", "type": "string"}, {"name": "scale", "type": "int", "default": 2}')
    project.write("schemas/common/Money.avsc", money)
    project.commit("money gets a scale")

    planned = project.sync(registry.url, dry_run=True)
    synced = project.sync(registry.url)

    for run in (planned, synced):
        assert [(s.subject, s.version) for s in run.steps if s.action is Action.CREATE] == [
            ("com.acme.Money", 2), ("orders-value", 3)]
    assert [v["references"][0]["version"] for v in registered(registry, "orders-value")] == [
        1, 1, 2]
    assert texts(registry, "orders-value")[-1] == fixture("order_v2.avsc")
    again = project.sync(registry.url, dry_run=True)
    assert {a for acts in actions(again).values() for a in acts} == {"registered"}


def test_drift_is_reported_and_left_untouched(project: Project, registry: Server) -> None:
    two_commit_project(project)
    project.sync(registry.url)
    with registry.client() as http:
        http.post("/subjects/shipping-value/versions",
                  json={"schema": (FIXTURES / "shipment_v2.avsc").read_text()}).raise_for_status()
    project.put("shipping/value.avsc", "order_v1.avsc")  # anything: the registry moved on
    project.put("orders/value.avsc", "order_v3.avsc")
    project.commit("more")

    outcome = project.sync(registry.url)

    assert actions(outcome)["shipping-value"] == ["drift"]
    assert texts(registry, "shipping-value") == [fixture("shipment_v1.avsc"),
                                                 fixture("shipment_v2.avsc")]
    assert texts(registry, "orders-value")[-1] == fixture("order_v3.avsc")
    assert outcome.exit_code(check=False) == 1


def test_an_incompatible_change_is_refused_while_other_subjects_register(
        project: Project, registry: Server) -> None:
    two_commit_project(project)
    project.sync(registry.url)
    project.put("orders/value.avsc", "order_breaking.avsc")
    project.put("shipping/value.avsc", "shipment_v2.avsc")
    project.commit("a break and a good change")

    outcome = project.sync(registry.url)

    refused = [s for s in outcome.steps if s.action is Action.REFUSED]
    assert [s.subject for s in refused] == ["orders-value"]
    assert "customer_id" in refused[0].detail
    assert len(registered(registry, "orders-value")) == 2
    assert texts(registry, "shipping-value")[-1] == fixture("shipment_v2.avsc")
    assert outcome.exit_code(check=False) == 1


def test_a_refused_version_in_a_replay_stops_the_subject_there(
        project: Project, registry: Server) -> None:
    project.put("common/Money.avsc", "money.avsc")
    project.put("orders/value.avsc", "order_v1.avsc")
    project.commit("v1")
    project.put("orders/value.avsc", "order_breaking.avsc")
    project.commit("a break")
    project.put("orders/value.avsc", "order_v3.avsc")
    project.commit("compatible with v1 again")
    project.configure('compatibility = "NONE"\n[[subjects]]\nsubject = "orders-value"\n'
                      'compatibility = "BACKWARD_TRANSITIVE"\n')

    outcome = project.sync(registry.url)

    assert actions(outcome)["orders-value"] == ["set level", "create", "refused", "waiting"]
    assert texts(registry, "orders-value") == [fixture("order_v1.avsc")]


def test_check_exits_1_when_the_registry_differs_and_writes_nothing(
        project: Project, registry: Server, proxy: FaultProxy) -> None:
    two_commit_project(project)

    before = project.sync(proxy.url, check=True)
    assert before.exit_code(check=True) == 1
    assert proxy.writes == []
    assert registered(registry, "orders-value") == []

    project.sync(proxy.url)
    after = project.sync(proxy.url, check=True)
    assert after.exit_code(check=True) == 0


def test_prune_soft_deletes_only_subjects_this_history_defined(
        project: Project, registry: Server) -> None:
    two_commit_project(project)
    project.sync(registry.url)
    with registry.client() as http:  # another team's subject in the same registry
        http.post("/subjects/billing-value/versions",
                  json={"schema": (FIXTURES / "shipment_v1.avsc").read_text()}).raise_for_status()
    project.remove("schemas/shipping/value.avsc")
    project.commit("shipping retired")

    kept = project.sync(registry.url)
    assert "shipping-value" not in actions(kept)
    assert len(registered(registry, "shipping-value")) == 1

    pruned = project.sync(registry.url, prune=True)

    assert pruned.steps[0].subject == "shipping-value"
    assert pruned.steps[0].action is Action.PRUNE
    with registry.client() as http:
        live = http.get("/subjects").json()
        everything = http.get("/subjects", params={"deleted": "true"}).json()
    assert "shipping-value" not in live and "shipping-value" in everything
    assert "billing-value" in live


def test_pull_then_sync_is_a_no_op(project: Project, registry: Server,
                                   proxy: FaultProxy) -> None:
    from schemalint.commands.pull import PullRequest, run_pull
    from schemalint.registry.target import Connection

    with registry.client() as http:
        for name in ("shipment_v1.avsc", "shipment_v2.avsc"):
            http.post("/subjects/shipping-value/versions",
                      json={"schema": (FIXTURES / name).read_text()}).raise_for_status()
        http.post("/subjects/com.acme.Money/versions",
                  json={"schema": (FIXTURES / "money.avsc").read_text()}).raise_for_status()
        http.post("/subjects/orders-value/versions", json={
            "schema": (FIXTURES / "order_v1.avsc").read_text(),
            "references": [{"name": "com.acme.Money", "subject": "com.acme.Money",
                            "version": 1}]}).raise_for_status()

    pulled = run_pull(load_config(project.path), PullRequest(Connection(registry.url)))
    project.commit("adopt the registry")

    assert sorted(pulled.written) == ["schemas/com.acme.Money.avsc",
                                      "schemas/orders/value.avsc",
                                      "schemas/shipping/value.v1.avsc",
                                      "schemas/shipping/value.v2.avsc"]
    outcome = project.sync(proxy.url, check=True)
    assert outcome.exit_code(check=True) == 0, outcome.steps
    assert proxy.writes == []


def test_allow_breaking_registers_at_level_none_once_and_restores_the_level(
        project: Project, registry: Server) -> None:
    two_commit_project(project)
    project.sync(registry.url)
    digest = breaking_digest()
    project.configure(f'[[allow-breaking]]\nsubject = "orders-value"\nschema = "{digest}"\n'
                      'reason = "approved"\nexpires = "2000-01-01"\n')
    project.put("orders/value.avsc", "order_breaking.avsc")
    project.commit("sanctioned break")

    # The entry has expired, so check reports the break and the new version is blocked.
    blocked = project.sync(registry.url, dry_run=True)
    assert actions(blocked)["orders-value"] == ["refused"]

    project.configure(f'[[allow-breaking]]\nsubject = "orders-value"\nschema = "{digest}"\n'
                      'reason = "approved in ADR-31"\n')
    project.commit("renew the entry")
    with registry.client() as http:
        assert http.get("/config/orders-value").status_code == 404
    plan = project.sync(registry.url, dry_run=True)
    create = [s for s in plan.steps if s.action is Action.CREATE]
    assert "NONE for this one registration" in create[0].detail

    project.sync(registry.url)

    assert texts(registry, "orders-value")[-1] == fixture("order_breaking.avsc")
    with registry.client() as http:
        assert http.get("/config/orders-value").status_code == 404  # no level of its own
        assert http.get("/config").json()["compatibilityLevel"] == "BACKWARD"


def test_a_sanctioned_break_on_a_transitive_level_is_refused(
        project: Project, registry: Server) -> None:
    project.configure('compatibility = "BACKWARD_TRANSITIVE"\n')
    project.put("common/Money.avsc", "money.avsc")
    project.put("orders/value.avsc", "order_v1.avsc")
    project.commit("v1")
    project.sync(registry.url)
    project.configure('compatibility = "BACKWARD_TRANSITIVE"\n[[allow-breaking]]\n'
                      f'subject = "orders-value"\nschema = "{breaking_digest()}"\n'
                      'reason = "ok"\n')
    project.put("orders/value.avsc", "order_breaking.avsc")
    project.commit("a new required field")

    outcome = project.sync(registry.url)

    refused = [s for s in outcome.steps if s.action is Action.REFUSED]
    assert refused and "new subject" in refused[0].detail
    assert len(registered(registry, "orders-value")) == 1


def test_check_against_the_registry_uses_its_versions(project: Project,
                                                      registry: Server) -> None:
    two_commit_project(project)
    project.sync(registry.url)
    project.configure(f'[registry]\nurl = "{registry.url}"\n')
    project.put("orders/value.avsc", "order_breaking.avsc")  # work tree only, not committed

    outcome = run_check(load_config(project.path), CheckRequest(all=True, against="registry"))

    broken = [f for f in outcome.findings if f.subject == "orders-value" and f.level]
    assert broken and "customer_id" in broken[0].message
    history = outcome.subjects["orders-value"].history
    assert [p.schema.identity for p in history] == [fixture("order_v1.avsc"),
                                                    fixture("order_v2.avsc")]


def test_a_subject_with_an_unreadable_current_schema_is_refused(
        project: Project, registry: Server) -> None:
    two_commit_project(project)
    project.write("schemas/shipping/value.avsc", '{"type": "record", "name": ')

    outcome = project.sync(registry.url)

    assert actions(outcome)["shipping-value"] == ["refused"]
    assert texts(registry, "orders-value")[-1] == fixture("order_v2.avsc")
    with httpx.Client(base_url=registry.url) as http:
        assert http.get("/subjects/shipping-value/versions").status_code == 404


def test_subject_globs_bring_what_they_reference(project: Project, registry: Server) -> None:
    two_commit_project(project)

    outcome = project.sync(registry.url, subjects=("orders-v*",))

    assert set(actions(outcome)) == {"orders-value", "com.acme.Money"}
    assert texts(registry, "shipping-value") == []
    assert len(texts(registry, "orders-value")) == 2


def test_a_context_keeps_the_subjects_apart(project: Project, registry: Server) -> None:
    from schemalint.commands.sync import SyncRequest, run_sync
    from schemalint.registry.client import RegistryClient
    from schemalint.registry.target import Connection

    two_commit_project(project)
    connection = Connection(registry.url, context=".staging")
    config = load_config(project.path)
    with RegistryClient(connection) as client:
        first = run_sync(config, SyncRequest(connection), client=client)
        second = run_sync(config, SyncRequest(connection), client=client)

    assert first.writes > 0 and second.writes == 0
    assert texts(registry, ":.staging:orders-value") == [fixture("order_v1.avsc"),
                                                         fixture("order_v2.avsc")]
    assert texts(registry, "orders-value") == []


def test_pull_latest_only_writes_one_file_per_subject(project: Project,
                                                      registry: Server) -> None:
    from schemalint.commands.pull import PullRequest, run_pull
    from schemalint.registry.target import Connection

    with registry.client() as http:
        for name in ("shipment_v1.avsc", "shipment_v2.avsc"):
            http.post("/subjects/shipping-value/versions",
                      json={"schema": (FIXTURES / name).read_text()}).raise_for_status()

    pulled = run_pull(load_config(project.path),
                      PullRequest(Connection(registry.url), versions="latest"))

    assert pulled.written == ["schemas/shipping/value.avsc"]
    written = (project.path / "schemas/shipping/value.avsc").read_text()
    assert identity(written) == fixture("shipment_v2.avsc")
