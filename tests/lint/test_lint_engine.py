"""Selection, severities, per-file ignores and settings from configuration."""

from __future__ import annotations

from typing import Any

import pytest
from lint_helpers import codes, configured, lint, make_schema, record

from schemalint.errors import ConfigError
from schemalint.lint.engine import active_rules, lint_schema, rule_severity
from schemalint.lint.registry import RULES, get_rule
from schemalint.lint.settings import LintSettings
from schemalint.model import Level, Severity

SEND = record("SendEmail", {"name": "to", "type": "string"})


def _rule(code: str) -> Any:
    rule = get_rule(code)
    assert rule is not None
    return rule


@pytest.mark.parametrize(("settings", "code", "expected"), [
    (LintSettings(), "EVT001", Severity.ERROR),
    (LintSettings(), "MET003", None),
    (LintSettings(extend_select=("MET003",)), "MET003", Severity.WARNING),
    (LintSettings(select=("ALL",)), "MET003", Severity.WARNING),
    (LintSettings(select=("EVT",)), "EVT002", Severity.WARNING),
    (LintSettings(select=("EVT",)), "CDC001", None),
    (LintSettings(ignore=("EVT001",)), "EVT001", None),
    (LintSettings(ignore=("EVO",)), "EVO003", None),
    (LintSettings(severity={"EVT002": "error"}), "EVT002", Severity.ERROR),
    (LintSettings(severity={"EVT001": "off"}), "EVT001", None),
    (LintSettings(severity={"MET003": "info"}), "MET003", Severity.INFO),
])
def test_rule_severity(settings: LintSettings, code: str, expected: Severity | None) -> None:
    assert rule_severity(_rule(code), settings) == expected


def test_the_strict_preset_runs_every_rule() -> None:
    assert set(active_rules(LintSettings(select=("ALL",)))) == {rule.code for rule in RULES}


def test_per_file_ignores_match_globs() -> None:
    settings = LintSettings(per_file_ignores={"schemas/legacy/**": ("EVT001",)})
    legacy = make_schema(SEND, path="schemas/legacy/mail/value.avsc")
    current = make_schema(SEND, path="schemas/mail/value.avsc")
    assert "EVT001" not in codes(lint_schema(legacy, settings=settings))
    assert "EVT001" in codes(lint_schema(current, settings=settings))


def test_findings_carry_severity_place_subject_and_a_stable_fingerprint() -> None:
    findings = lint(SEND, subject="mail-value", select=("EVT001",))
    finding = findings[0]
    assert (finding.severity, finding.subject, finding.path) == (
        Severity.ERROR, "mail-value", "schemas/test/value.avsc")
    moved = lint({"fields": SEND["fields"], **SEND}, subject="mail-value", select=("EVT001",))
    assert moved[0].line != finding.line
    assert moved[0].fingerprint == finding.fingerprint


def test_settings_from_the_configuration_shape() -> None:
    settings = configured({
        "compatibility": "full", "json-policy": "lenient",
        "lint": {"select": ["evt"], "extend-select": ["MET003"], "ignore": ["EVT003"],
                 "severity": {"evt002": "error"},
                 "per-file-ignores": {"schemas/legacy/**": ["EVT001"]}},
        "naming": {"extra-verbs": ["frobnicate"], "allow": ["LegacyThing"]},
        "metadata": {"id-fields": ["guid"], "time-fields": ["when"],
                     "correlation-fields": ["flow_id"]},
        "topics": [{"match": "billing.*", "kind": "command", "replay": False,
                    "compatibility": "BACKWARD_TRANSITIVE", "metadata": "headers",
                    "flavor": "notification"}],
    })
    assert settings.select == ("EVT",) and settings.ignore == ("EVT003",)
    assert settings.severity == {"EVT002": "error"}
    assert settings.per_file_ignores == {"schemas/legacy/**": ("EVT001",)}
    assert settings.extra_verbs == ("frobnicate",) and settings.allow == ("LegacyThing",)
    assert (settings.id_fields, settings.time_fields, settings.correlation_fields) == (
        ("guid",), ("when",), ("flow_id",))
    assert settings.compatibility is Level.FULL and settings.json_policy == "lenient"
    topic = settings.topic("billing.invoices")
    assert (topic.kind, topic.replays, topic.metadata, topic.flavor) == (
        "command", False, "headers", "notification")
    assert settings.level_for("billing.invoices") is Level.BACKWARD_TRANSITIVE
    assert settings.topic("orders").kind == "event" and settings.topic("orders").replays


def test_unknown_topic_kind_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r'topics\.0\.kind: "stream" is not one of'):
        configured({"topics": [{"match": "x", "kind": "stream"}]})


def test_every_rule_has_a_stable_code_a_kebab_name_and_docs() -> None:
    assert len({rule.code for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.name.replace("-", "").isalnum() and rule.name == rule.name.lower()
        assert all((rule.doc.what, rule.doc.why, rule.doc.bad, rule.doc.good, rule.doc.fix))
