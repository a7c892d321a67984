"""The pure planning step: the log and what the registry holds decide every step."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from schemalint.api import parse_schema
from schemalint.model import Level, SchemaType
from schemalint.sync import Action, LogVersion, Observed, SubjectLog, plan_subject


def version(name: str, **options: str) -> LogVersion:
    return LogVersion(parse_schema((FIXTURES / name).read_text(), "avro"), **options)


V1, V2 = version("shipment_v1.avsc"), version("shipment_v2.avsc")
BREAK = LogVersion(parse_schema((FIXTURES / "shipment_v1.avsc").read_text().replace(
    '"fields": [', '"fields": [{"name": "x", "type": "int"}, '), "avro"))


def log(*versions: LogVersion, level: Level = Level.BACKWARD,
        reverted: tuple[LogVersion, ...] = ()) -> SubjectLog:
    return SubjectLog("s-value", SchemaType.AVRO, level, "STRICT", "schemas/s/value.avsc",
                      versions, reverted)


IN_STEP = {"level": Level.BACKWARD}


@pytest.mark.parametrize(("the_log", "observed", "expected"), [
    pytest.param(log(V1, V2), Observed(**IN_STEP), [("create", 1), ("create", 2)],
                 id="a subject the registry lacks gets its whole history"),
    pytest.param(log(V1, V2), Observed(latest=2, found={1: 2}, **IN_STEP),
                 [("registered", 2)], id="in step: nothing to do"),
    pytest.param(log(V1, V2), Observed(latest=1, found={0: 1}, **IN_STEP), [("create", 2)],
                 id="appends the versions after the registry's latest"),
    pytest.param(log(V1, V2), Observed(latest=7, **IN_STEP), [("drift", 7)],
                 id="a registry latest the history lacks is drift"),
    pytest.param(log(V1, reverted=(V2,)),
                 Observed(latest=2, found={0: 1}, latest_is_reverted=True, **IN_STEP),
                 [("revert", 2)], id="a revert is reported; the registry's latest stays"),
    pytest.param(log(V1, level=Level.FULL), Observed(latest=1, found={0: 1}, **IN_STEP),
                 [("set level", None), ("registered", 1)], id="a level that differs is set"),
    pytest.param(log(V1, version("shipment_v2.avsc", blocked="lint error")), Observed(**IN_STEP),
                 [("create", 1), ("refused", None)], id="error findings are never registered"),
    pytest.param(log(V1, V2), Observed(latest=1, found={0: 1}, verdict=(False, ("no",)),
                                       **IN_STEP),
                 [("refused", None)], id="the registry's own verdict refuses"),
    pytest.param(log(V1, BREAK, V2), Observed(**IN_STEP),
                 [("create", 1), ("refused", None), ("waiting", None)],
                 id="a refused replayed version stops the subject there"),
])
def test_plan(the_log: SubjectLog, observed: Observed,
              expected: list[tuple[str, int | None]]) -> None:
    plan = plan_subject(the_log, observed)
    assert [(s.action.value, s.version) for s in plan.steps] == expected


@pytest.mark.parametrize(("level", "expected"), [
    (Level.BACKWARD, Action.CREATE),
    (Level.BACKWARD_TRANSITIVE, Action.REFUSED),
])
def test_a_sanctioned_break_relaxes_the_level_once_unless_transitive(
        level: Level, expected: Action) -> None:
    sanctioned = LogVersion(BREAK.schema, sanction="approved in ADR-31")
    plan = plan_subject(log(V1, sanctioned, level=level),
                        Observed(latest=1, found={0: 1}, level=level))
    step = plan.steps[-1]
    assert step.action is expected
    assert step.relax is (expected is Action.CREATE)
