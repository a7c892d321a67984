"""Files outside a sparse checkout are as the index holds them, as git reads them: never
removed, still checked, compared and synced (cone mode, its sparse index, and a bare
skip-worktree bit)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import Project
from registry_harness import Server

sys.path.insert(0, str(Path(__file__).parents[1]))

from cli_runner import run_cli

OUT_OF_CONE = ("schemas/shipping/value.avsc", "schemas/billing/value.avsc")

SPARSE_MODES = ["cone mode", "cone mode with a sparse index", "skip-worktree bits"]


def history(project: Project) -> None:
    """orders and shipping at ``v1``; then shipping gains an optional field and billing
    arrives, both outside the checkout that follows."""
    project.put("orders/value.avsc", "order_v1.avsc")
    project.put("common/Money.avsc", "money.avsc")
    project.put("shipping/value.avsc", "shipment_v1.avsc")
    project.commit("v1")
    project.git("tag", "v1")
    project.put("shipping/value.avsc", "shipment_v2.avsc")
    project.put("billing/value.avsc", "shipment_v1.avsc")
    project.commit("shipping v2, billing v1")


def go_sparse(project: Project, mode: str) -> None:
    if mode == "cone mode":
        # Money is referenced from the checked-out orders schema: in the cone too.
        project.git("sparse-checkout", "set", "--cone", "schemas/orders", "schemas/common")
    elif mode == "cone mode with a sparse index":
        project.git("sparse-checkout", "set", "--cone", "--sparse-index", "schemas/orders",
                    "schemas/common")
    else:
        project.git("update-index", "--skip-worktree", *OUT_OF_CONE)
        for path in OUT_OF_CONE:
            (project.path / path).unlink()
    assert not any((project.path / path).exists() for path in OUT_OF_CONE)


def findings(project: Project, *args: str) -> tuple[int, dict[str, object]]:
    result = run_cli(project.path, *args, "--format", "json")
    return result.returncode, json.loads(result.stdout)


@pytest.mark.parametrize("mode", SPARSE_MODES)
@pytest.mark.parametrize(("command", "checked"), [
    (["check", "--all"], 4),
    (["check", "--against", "v1"], 2),  # shipping changed, billing added
    (["check"], 0),  # nothing changed since HEAD
])
def test_check_neither_removes_nor_skips_files_outside_the_checkout(
        project: Project, mode: str, command: list[str], checked: int) -> None:
    history(project)
    go_sparse(project, mode)

    code, report = findings(project, *command)

    codes = {finding["code"] for finding in report["findings"]}  # type: ignore[attr-defined]
    assert "SUBJECT_REMOVED" not in codes
    assert report["summary"]["checked"] == checked  # type: ignore[index]
    assert code == 0


@pytest.mark.parametrize("mode", SPARSE_MODES)
def test_diff_shows_changes_outside_the_checkout_as_changes(project: Project,
                                                            mode: str) -> None:
    history(project)
    go_sparse(project, mode)

    result = run_cli(project.path, "diff", "--against", "v1", "--format", "json")

    statuses = {entry["subject"]: entry["status"]
                for entry in json.loads(result.stdout)["subjects"]}
    assert result.returncode == 0, result.stderr
    assert statuses == {"shipping-value": "changed", "billing-value": "new"}


@pytest.mark.parametrize("mode", SPARSE_MODES)
def test_sync_from_a_sparse_checkout_plans_nothing_removed(
        project: Project, registry: Server, mode: str) -> None:
    history(project)
    assert run_cli(project.path, "sync", "--registry", registry.url).returncode == 0
    go_sparse(project, mode)

    result = run_cli(project.path, "sync", "--check", "--prune", "--registry", registry.url,
                     "--format", "json")

    steps = json.loads(result.stdout)["steps"]
    assert result.returncode == 0, result.stdout
    assert {step["action"] for step in steps} == {"registered"}
    assert {step["subject"] for step in steps} >= {"shipping-value", "billing-value"}


# The shape of open-telemetry/opentelemetry-proto (commit ac2c4b5d1f3a6079de62f9afec860158ecc8af09,
# opentelemetry/proto/collector/logs/v1/logs_service.proto imports
# opentelemetry/proto/logs/v1/logs.proto, imports resolved from the repository root); a cone
# of opentelemetry/proto/trace left both outside, and protoc found no import on disk.
PROTO_FILES = {
    "opentelemetry/proto/logs/v1/logs.proto":
        'syntax = "proto3";\npackage opentelemetry.proto.logs.v1;\n'
        "message LogRecord {\n  string body = 1;\n}\n",
    "opentelemetry/proto/collector/logs/v1/logs_service.proto":
        'syntax = "proto3";\npackage opentelemetry.proto.collector.logs.v1;\n'
        'import "opentelemetry/proto/logs/v1/logs.proto";\n'
        "message LogsPublished {\n  repeated opentelemetry.proto.logs.v1.LogRecord records = 1;"
        "\n}\n",
    "opentelemetry/proto/trace/v1/trace.proto":
        'syntax = "proto3";\npackage opentelemetry.proto.trace.v1;\n'
        "message SpanEnded {\n  string name = 1;\n}\n",
}


@pytest.mark.parametrize("mode", SPARSE_MODES)
def test_protobuf_imports_outside_the_checkout_resolve_as_in_a_full_one(
        project: Project, mode: str) -> None:
    project.configure()
    project.write("schemalint.toml", 'roots = ["opentelemetry"]\n')
    for path, text in PROTO_FILES.items():
        project.write(path, text)
    project.commit("otlp")
    full = findings(project, "check", "--all")
    outside = [path for path in PROTO_FILES if "/trace/" not in path]

    if mode == "skip-worktree bits":
        project.git("update-index", "--skip-worktree", *outside)
        for path in outside:
            (project.path / path).unlink()
    else:
        sparse_index = ["--sparse-index"] if "sparse index" in mode else []
        project.git("sparse-checkout", "set", "--cone", *sparse_index,
                    "opentelemetry/proto/trace")
    assert not any((project.path / path).exists() for path in outside)

    assert findings(project, "check", "--all") == full
    assert full[1]["summary"]["checked"] == 3  # type: ignore[index]
