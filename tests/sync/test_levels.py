"""Registry round trips never weaken a contract: ``sync`` only makes a level stricter unless
told otherwise, and ``pull`` records the levels so that ``sync`` right after has nothing to do.
"""

from __future__ import annotations

import itertools
import re
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, Project
from fault_proxy import FaultProxy
from registry_harness import Server

sys.path.insert(0, str(Path(__file__).parents[1]))

from cli_runner import run_cli

from schemalint.api import parse_schema
from schemalint.commands.pull import PulledSubject, levels_to_record
from schemalint.config import load_config, parse_config
from schemalint.config_edit import SubjectLevel
from schemalint.model import Level, SchemaType
from schemalint.sync import Action, LogVersion, Observed, SubjectLog, plan_subject

B, BT = Level.BACKWARD, Level.BACKWARD_TRANSITIVE
F, FT = Level.FORWARD, Level.FORWARD_TRANSITIVE
FULL, FULLT, NONE = Level.FULL, Level.FULL_TRANSITIVE, Level.NONE


# ---- the order of levels --------------------------------------------------------------------

@pytest.mark.parametrize(("level", "other", "expected"), [
    (B, NONE, True), (F, NONE, True), (NONE, B, False),
    (FULL, B, True), (FULL, F, True), (B, FULL, False),
    (BT, B, True), (B, BT, False), (FT, F, True),
    (FULLT, FULL, True), (FULLT, BT, True), (FULLT, FT, True), (FULLT, NONE, True),
    (B, F, False), (F, B, False),  # incomparable
    (FULL, BT, False), (BT, FULL, False),  # incomparable: one leg more, the other deeper
    (BT, F, False), (FT, B, False),
])
def test_strictness(level: Level, other: Level, expected: bool) -> None:
    assert level.at_least_as_strict_as(other) is expected


def test_strictness_is_a_partial_order() -> None:
    levels = list(Level)
    for a in levels:
        assert a.at_least_as_strict_as(a)
    for a, b in itertools.permutations(levels, 2):
        assert not (a.at_least_as_strict_as(b) and b.at_least_as_strict_as(a))
    for a, b, c in itertools.permutations(levels, 3):
        if a.at_least_as_strict_as(b) and b.at_least_as_strict_as(c):
            assert a.at_least_as_strict_as(c)


# ---- the plan ---------------------------------------------------------------------------------

V1 = LogVersion(parse_schema((FIXTURES / "shipment_v1.avsc").read_text(), "avro"))
WITH_COUNT = LogVersion(parse_schema((FIXTURES / "shipment_v1.avsc").read_text().replace(
    '"fields": [', '"fields": [{"name": "count", "type": "int"}, '), "avro"))


def log(*versions: LogVersion, level: Level) -> SubjectLog:
    return SubjectLog("s-value", SchemaType.AVRO, level, "STRICT", "schemas/s/value.avsc",
                      versions)


@pytest.mark.parametrize(("repository", "registry", "allow", "action", "says"), [
    (FULLT, B, False, Action.SET_LEVEL, "set level FULL_TRANSITIVE (registry: BACKWARD)"),
    (BT, B, False, Action.SET_LEVEL, "set level BACKWARD_TRANSITIVE"),
    (B, NONE, False, Action.SET_LEVEL, "set level BACKWARD (registry: NONE)"),
    (B, FULLT, False, Action.WEAKER_LEVEL,
     "keeps FULL_TRANSITIVE: the repository's BACKWARD is weaker"),
    (NONE, B, False, Action.WEAKER_LEVEL, "the repository's NONE is weaker"),
    (B, F, False, Action.WEAKER_LEVEL, "the repository's BACKWARD is not comparable"),
    (FULL, BT, False, Action.WEAKER_LEVEL, "FULL is not comparable"),
    (B, FULLT, True, Action.SET_LEVEL,
     "set level BACKWARD (registry: FULL_TRANSITIVE), weaker: lowered as "
     "--allow-weaker-levels allows"),
    (B, F, True, Action.SET_LEVEL, "not comparable"),
])
def test_a_level_is_only_made_stricter_unless_allowed(
        repository: Level, registry: Level, allow: bool, action: Action, says: str) -> None:
    plan = plan_subject(log(V1, level=repository),
                        Observed(latest=1, found={0: 1}, level=registry), allow)
    step = plan.steps[0]
    assert step.action is action
    assert says in step.detail
    if action is Action.WEAKER_LEVEL:
        assert "--allow-weaker-levels" in step.detail
        assert f'compatibility = "{registry.value}"' in step.detail
    assert plan.steps[-1].action is Action.REGISTERED


def test_versions_appended_under_a_kept_level_are_judged_at_it() -> None:
    """Dropping a field without a default passes BACKWARD (the repository's level) but not
    FULL_TRANSITIVE (the registry's, which stays): the plan refuses it as the registry would."""
    plan = plan_subject(log(WITH_COUNT, V1, level=B),
                        Observed(latest=1, found={0: 1}, level=FULLT))
    assert [step.action for step in plan.steps] == [Action.WEAKER_LEVEL, Action.REFUSED]
    assert "breaks FULL_TRANSITIVE" in plan.steps[1].detail


# ---- what pull records ---------------------------------------------------------------------

def pulled(level: Level, *, topic: str | None = None, json: bool = False,
           policy: str | None = None) -> PulledSubject:
    return PulledSubject(topic, json, level, policy)


@pytest.mark.parametrize(("config_text", "global_level", "subjects", "expected", "kept"), [
    pytest.param("", F, {"a-value": pulled(F)}, (F, []), 0,
                 id="a non-default global level is recorded; subjects that inherit it are not"),
    pytest.param("", B, {"a-value": pulled(FULL)}, (None, [SubjectLevel("a-value", FULL)]), 0,
                 id="a subject's own level is recorded"),
    pytest.param('compatibility = "FULL_TRANSITIVE"\n', B, {"a-value": pulled(B)},
                 (None, []), 1, id="a stated stricter project level is kept, said once"),
    pytest.param('compatibility = "FULL_TRANSITIVE"\n', B,
                 {"a-value": pulled(B), "b-value": pulled(FT)}, (None, []), 2,
                 id="and a subject's own weaker level is said apart"),
    pytest.param('compatibility = "BACKWARD"\n', B, {"a-value": pulled(F)},
                 (None, [SubjectLevel("a-value", F)]), 0,
                 id="a level not comparable with the stated one is the registry's"),
    pytest.param('compatibility = "NONE"\n', FULL, {"a-value": pulled(B), "b-value": pulled(FULL)},
                 (FULL, [SubjectLevel("a-value", B)]), 0,
                 id="a stated weaker project level gives way; subjects follow the registry"),
    pytest.param('[[topics]]\nmatch = "orders"\ncompatibility = "FULL"\n', B,
                 {"orders-value": pulled(B, topic="orders"),
                  "refunds-value": pulled(B, topic="refunds")}, (None, []), 1,
                 id="a [[topics]] level states a subject's level"),
    pytest.param('[[subjects]]\nsubject = "a-value"\ncompatibility = "BACKWARD"\n', B,
                 {"a-value": pulled(BT)}, (None, [SubjectLevel("a-value", BT)]), 0,
                 id="a stated weaker subject level gives way"),
    pytest.param("", B, {"a-value": pulled(B, json=True, policy="LENIENT"),
                         "b-value": pulled(B, policy="LENIENT")},
                 (None, [SubjectLevel("a-value", None, "lenient")]), 0,
                 id="a JSON Schema subject's lenient policy is recorded"),
    pytest.param('json-policy = "strict"\n', B,
                 {"a-value": pulled(B, json=True, policy="LENIENT")}, (None, []), 0,
                 id="a stated policy stays"),
])
def test_what_pull_records(tmp_path: Path, config_text: str, global_level: Level,
                           subjects: dict[str, PulledSubject],
                           expected: tuple[Level | None, list[SubjectLevel]],
                           kept: int) -> None:
    (tmp_path / "schemalint.toml").write_text(config_text)
    choice = levels_to_record(parse_config(tmp_path / "schemalint.toml"), global_level,
                              subjects)
    assert (choice.compatibility, list(choice.subjects)) == expected
    assert len(choice.kept) == kept
    assert len(choice.described) == (choice.compatibility is not None) + len(choice.subjects)


# ---- round trips through the embedded registry ----------------------------------------------

def put_config(server: Server, subject: str | None, level: str) -> None:
    with server.client() as http:
        http.put(f"/config/{subject}" if subject else "/config",
                 json={"compatibility": level}).raise_for_status()


def register(server: Server, subject: str, *fixtures: str) -> None:
    with server.client() as http:
        for name in fixtures:
            kind = "JSON" if name.endswith(".json") else "AVRO"
            http.post(f"/subjects/{subject}/versions", json={
                "schema": (FIXTURES / name).read_text(), "schemaType": kind}).raise_for_status()


SHIPPING = ("shipment_v1.avsc", "shipment_v2.avsc")
PYPROJECT = '''[project]
name = "events"  # the service

[tool.schemalint]
roots = ["schemas"]  # where the schemas live

[tool.schemalint.lint]
ignore = ["DOC001"]
'''


@pytest.mark.parametrize(("config_file", "config_text", "global_level", "own", "recorded"), [
    pytest.param(
        "schemalint.toml", 'roots = ["schemas"]\n', None,
        {"shipping-value": "FULL_TRANSITIVE"},
        'roots = ["schemas"]\n\n[[subjects]]\nsubject = "shipping-value"\n'
        'compatibility = "FULL_TRANSITIVE"\n',
        id="a subject's own level becomes its [[subjects]] entry"),
    pytest.param(
        "schemalint.toml", 'roots = ["schemas"]\n', "FORWARD",
        {"billing-value": "NONE"},
        'roots = ["schemas"]\ncompatibility = "FORWARD"\n\n[[subjects]]\n'
        'subject = "billing-value"\ncompatibility = "NONE"\n',
        id="a non-default global level becomes the project level"),
    pytest.param(
        "schemalint.toml",
        '# levels\nroots = ["schemas"]\n\n[[subjects]]\nsubject = "shipping-value"\n'
        'file = "schemas/shipping/value.v2.avsc"  # the latest\n',
        None, {"shipping-value": "FULL"},
        '# levels\nroots = ["schemas"]\n\n[[subjects]]\nsubject = "shipping-value"\n'
        'file = "schemas/shipping/value.v2.avsc"  # the latest\ncompatibility = "FULL"\n',
        id="an existing [[subjects]] entry is given the level in place"),
    pytest.param(
        "pyproject.toml", PYPROJECT, "FULL", {"shipping-value": "BACKWARD_TRANSITIVE"},
        PYPROJECT.replace('# where the schemas live\n',
                          '# where the schemas live\ncompatibility = "FULL"\n')
        + '\n[[tool.schemalint.subjects]]\nsubject = "shipping-value"\n'
          'compatibility = "BACKWARD_TRANSITIVE"\n',
        id="pyproject's [tool.schemalint] is edited, every comment kept"),
    pytest.param(
        None, None, "NONE", {},
        'compatibility = "NONE"\n',
        id="a project without configuration gets a schemalint.toml"),
])
def test_pull_records_the_levels_and_sync_check_finds_nothing_to_do(
        project: Project, registry: Server, proxy: FaultProxy, config_file: str | None,
        config_text: str | None, global_level: str | None, own: dict[str, str],
        recorded: str) -> None:
    project.remove("schemalint.toml")
    if config_file is not None and config_text is not None:
        project.write(config_file, config_text)
    project.commit("configure")
    register(registry, "shipping-value", *SHIPPING)
    register(registry, "billing-value", "order_key.schema.json")
    if global_level:
        put_config(registry, None, global_level)
    for subject, level in own.items():
        put_config(registry, subject, level)

    pulled = run_cli(project.path, "pull", "--registry", registry.url)
    project.commit("adopt the registry")

    assert pulled.returncode == 0, pulled.stderr
    assert (project.path / (config_file or "schemalint.toml")).read_text() == recorded
    assert f"in {config_file or 'schemalint.toml'}" in pulled.stdout
    check = run_cli(project.path, "sync", "--check", "--registry", proxy.url)
    assert check.returncode == 0, check.stdout
    assert proxy.writes == []


def test_pull_keeps_a_configured_level_stricter_than_the_registrys_and_sync_raises_it(
        project: Project, registry: Server) -> None:
    project.configure('compatibility = "FULL_TRANSITIVE"\n')
    register(registry, "shipping-value", *SHIPPING)

    pulled = run_cli(project.path, "pull", "--registry", registry.url)
    project.commit("adopt the registry")

    assert "kept compatibility: the registry's global level BACKWARD is weaker than the " \
        "configured FULL_TRANSITIVE" in pulled.stdout
    assert (project.path / "schemalint.toml").read_text() == \
        'roots = ["schemas"]\ncompatibility = "FULL_TRANSITIVE"\n'
    synced = run_cli(project.path, "sync", "--registry", registry.url)
    assert "set level FULL_TRANSITIVE (registry: BACKWARD)" in synced.stdout
    assert synced.returncode == 0


def test_pull_then_sync_keeps_levels_the_real_client_set(
        project: Project, registry: Server) -> None:
    """Levels set the way applications set them, with confluent-kafka's client, read back
    through it after a pull and a sync."""
    schema_registry = pytest.importorskip("confluent_kafka.schema_registry")
    client = schema_registry.SchemaRegistryClient({"url": registry.url})
    for name in SHIPPING:
        client.register_schema("shipping-value",
                               schema_registry.Schema((FIXTURES / name).read_text(), "AVRO"))
    client.set_compatibility(level="FORWARD")
    client.set_compatibility("shipping-value", "FULL_TRANSITIVE")

    assert run_cli(project.path, "pull", "--registry", registry.url).returncode == 0
    project.commit("adopt the registry")
    synced = run_cli(project.path, "sync", "--registry", registry.url)

    assert synced.returncode == 0, synced.stdout
    assert client.get_compatibility("shipping-value") == "FULL_TRANSITIVE"
    assert client.get_compatibility() == "FORWARD"
    config = load_config(project.path)
    assert config.level_for("shipping-value", "shipping") is Level.FULL_TRANSITIVE
    assert config.compatibility is Level.FORWARD


@pytest.mark.parametrize(("configured", "registry_level", "allow", "exit_code", "after"), [
    ("BACKWARD", "FULL_TRANSITIVE", False, 1, "FULL_TRANSITIVE"),
    ("FORWARD", "BACKWARD", False, 1, "BACKWARD"),
    ("BACKWARD", "FULL_TRANSITIVE", True, 0, "BACKWARD"),
    ("FULL", "BACKWARD", False, 0, "FULL"),
])
def test_sync_lowers_a_level_only_when_allowed(
        project: Project, registry: Server, configured: str, registry_level: str,
        allow: bool, exit_code: int, after: str) -> None:
    project.configure(f'compatibility = "{configured}"\n')
    project.put("shipping/value.avsc", "shipment_v1.avsc")
    project.commit("shipping v1")
    register(registry, "shipping-value", "shipment_v1.avsc")
    put_config(registry, "shipping-value", registry_level)

    options = ["--allow-weaker-levels"] if allow else []
    synced = run_cli(project.path, "sync", "--registry", registry.url, *options)

    assert synced.returncode == exit_code, synced.stdout
    with registry.client() as http:
        assert http.get("/config/shipping-value").json()["compatibilityLevel"] == after
    # A row's detail folds onto indented lines below it.
    rows = re.split(r"\n(?! )", synced.stdout)
    row = " ".join(next(row for row in rows if row.startswith("shipping-value")).split())
    if exit_code == 1:
        assert "WEAKER" in row and "--allow-weaker-levels" in row
