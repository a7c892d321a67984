"""The GitHub Action's entry point: ``python -m schemalint.integrations.github``.

It reads only environment variables (the action passes its inputs as ``SCHEMALINT_*``
variables; GitHub sets ``GITHUB_*``), so all of its logic runs and is tested without GitHub.
It writes annotations to stdout, the job summary to ``$GITHUB_STEP_SUMMARY``, step outputs to
``$GITHUB_OUTPUT`` and, when asked, a SARIF file for ``github/codeql-action/upload-sarif``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemalint.cli.verdict import exit_code_for, is_breaking
from schemalint.model import ExitCode, Severity

ZERO_SHA = "0" * 40
# GitHub refuses a step summary over 1 MiB; stay well below it.
SUMMARY_LIMIT = 1024 * 1024 - 16 * 1024


@dataclass(frozen=True)
class ActionInputs:
    path: Path
    against: str | None
    fail_on: Severity
    sarif: str | None
    summary: bool
    skip_label: str | None
    replay: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ActionInputs:
        workspace = Path(env.get("GITHUB_WORKSPACE") or Path.cwd())
        path = env.get("SCHEMALINT_PATH", "").strip() or "."
        return cls(
            path=(workspace / path).resolve(),
            against=env.get("SCHEMALINT_AGAINST", "").strip() or None,
            fail_on=Severity.parse(env.get("SCHEMALINT_FAIL_ON", "").strip() or "error"),
            sarif=env.get("SCHEMALINT_SARIF", "").strip() or None,
            summary=env.get("SCHEMALINT_SUMMARY", "true").strip().lower() not in (
                "false", "0", "no", "off"),
            skip_label=env.get("SCHEMALINT_SKIP_LABEL", "").strip() or None,
            replay=env.get("SCHEMALINT_REPLAY", "").strip().lower() in (
                "true", "1", "yes", "on"),
        )


def load_event(env: Mapping[str, str]) -> dict[str, Any]:
    event_path = env.get("GITHUB_EVENT_PATH")
    if not event_path:
        return {}
    try:
        event: dict[str, Any] = json.loads(Path(event_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return event


def default_against(env: Mapping[str, str], event: Mapping[str, Any]) -> str:
    """The pull request's base; on a push, the commit before it (the default branch when the
    push opened a new branch and ``before`` is all zeros)."""
    pull_request = event.get("pull_request") or {}
    base = (pull_request.get("base") or {}).get("sha")
    if base:
        return str(base)
    before = event.get("before")
    if before and before != ZERO_SHA:
        return str(before)
    default_branch = (event.get("repository") or {}).get("default_branch") or "main"
    return f"origin/{default_branch}"


def has_skip_label(event: Mapping[str, Any], label: str | None) -> bool:
    if not label:
        return False
    labels = (event.get("pull_request") or {}).get("labels") or []
    return any(isinstance(item, dict) and item.get("name") == label for item in labels)


def truncate_summary(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """Cut the summary at a line boundary below ``limit`` bytes and say what was left out."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    kept = encoded[: limit - 200].decode("utf-8", "ignore")
    kept = kept[: kept.rfind("\n") + 1]
    left_out = text[len(kept):].count("\n")
    return kept + (f"\n_… {left_out} more lines left out: the summary is limited to 1 MiB. "
                   "The full report is in the job log._\n")


def write_outputs(env: Mapping[str, str], outputs: Mapping[str, str]) -> None:
    target = env.get("GITHUB_OUTPUT")
    if not target:
        return
    with Path(target).open("a", encoding="utf-8") as handle:
        for name, value in outputs.items():
            handle.write(f"{name}={value}\n")


def append_summary(env: Mapping[str, str], text: str) -> None:
    target = env.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    with Path(target).open("a", encoding="utf-8") as handle:
        handle.write(truncate_summary(text))


def run(env: Mapping[str, str]) -> int:
    """Do what the action does; return its exit code."""
    from schemalint.errors import SchemalintError
    from schemalint.report.github import escape_data

    try:
        inputs = ActionInputs.from_env(env)
    except ValueError as error:  # a bad input value, such as fail-on
        return stop(env, str(error), int(ExitCode.INVALID_INPUT), summary=False)
    event = load_event(env)
    if has_skip_label(event, inputs.skip_label):
        sys.stdout.write(f"::notice title=schemalint::skipped: the pull request has the "
                         f"'{escape_data(inputs.skip_label or '')}' label\n")
        write_outputs(env, {"findings": "0", "breaking": "false", "sarif-file": "",
                            "exit-code": "0"})
        return 0
    try:
        return _check(env, inputs, inputs.against or default_against(env, event))
    except SchemalintError as error:
        return stop(env, str(error), int(error.exit_code), summary=inputs.summary)
    except ImportError as error:
        from schemalint.optional import missing_part

        missing = missing_part(error)
        if missing is None:
            raise
        return stop(env, str(missing), int(missing.exit_code), summary=inputs.summary)


def stop(env: Mapping[str, str], message: str, code: int, *, summary: bool) -> int:
    """End the step on an error that is no finding: one annotation, the outputs, the code."""
    from schemalint.report.github import escape_data

    sys.stdout.write(f"::error title=schemalint::{escape_data(message)}\n")
    write_outputs(env, {"findings": "0", "breaking": "false", "sarif-file": "",
                        "exit-code": str(code)})
    if summary:
        append_summary(env, f"## schemalint\n\n❌ {message}\n")
    return code


def _check(env: Mapping[str, str], inputs: ActionInputs, against: str) -> int:
    from schemalint.codes import describe_codes
    from schemalint.config import load_config
    from schemalint.pipeline.check import CheckRequest, run_check
    from schemalint.report import REPORTERS, ReportContext

    config = load_config(inputs.path)
    outcome = run_check(config, CheckRequest(against=against, replay=inputs.replay))
    if inputs.replay:
        from schemalint.cli.replay import note_not_replayed, note_samples_needing_registry

        note_not_replayed(outcome.not_replayed)
        note_samples_needing_registry(outcome.samples_needing_registry)
    findings = outcome.findings
    context = ReportContext(checked=outcome.checked, changed_paths=outcome.changed_paths)
    sys.stdout.write(REPORTERS["github"](findings, context))
    sarif_file = ""
    if inputs.sarif:
        target = (Path(env.get("GITHUB_WORKSPACE") or Path.cwd()) / inputs.sarif)
        target.parent.mkdir(parents=True, exist_ok=True)
        described = context._replace(codes=describe_codes(f.code for f in findings))
        target.write_text(REPORTERS["sarif"](findings, described), encoding="utf-8")
        sarif_file = str(target)
    if inputs.summary:
        from schemalint.commands.consumers import affected_consumers
        from schemalint.commands.diff import subject_diffs
        from schemalint.report.consumers import render_affected
        from schemalint.report.diff import render_markdown

        changelog = render_markdown(subject_diffs(config, outcome))
        consumers = render_affected(affected_consumers(config, outcome))
        append_summary(env, changelog + "\n" + (consumers + "\n" if consumers else "")
                       + REPORTERS["markdown"](findings, context))
    code = int(exit_code_for(findings, inputs.fail_on))
    write_outputs(env, {
        "findings": str(len(findings)),
        "breaking": "true" if any(is_breaking(f) for f in findings) else "false",
        "sarif-file": sarif_file,
        "exit-code": str(code),
    })
    return code


def main() -> None:
    try:
        code = run(os.environ)
    except Exception as error:  # a defect: one annotation and the outputs, never a traceback
        if os.environ.get("SCHEMALINT_DEBUG"):
            raise
        code = stop(os.environ, f"internal error: {type(error).__name__}: {error} (set "
                    "SCHEMALINT_DEBUG=1 for the traceback, and please report it)",
                    int(ExitCode.INVALID_INPUT), summary=False)
    raise SystemExit(code)


if __name__ == "__main__":
    main()
