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
