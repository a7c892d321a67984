"""The pre-commit hooks' command lines are read without typer, exactly as typer reads them;
every other ``check`` command line is typer's, the one declaration of ``check``'s options."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import run_cli

from schemalint.cli import app
from schemalint.cli.check import CheckArgs
from schemalint.cli.hook import hook_check_args
from schemalint.integrations.precommit import HOOKS

FILES = ("schemas/orders/value.avsc", "schemas/customers/value.schema.json")


def hook_command_lines() -> list[list[str]]:
    """Each hook's words after ``check`` as pre-commit passes them: with file names when the
    hook takes them, and with none (pre-commit's ``--all-files`` on an empty match aside)."""
    lines = []
    for hook in HOOKS:
        command, verb, *words = shlex.split(hook.entry)
        assert (command, verb) == ("schemalint", "check"), hook.entry
        lines.append(words)
        if hook.options.get("pass_filenames", True):
            lines.append([*words, *FILES])
    return lines


# Command lines that are no hook's: a user's own ``args``, help, and what typer refuses.
TYPER_ANSWERS = [
    ["--fail-on", "warning"],
    ["--against", "origin/main"],
    ["--against=none", "a.avsc"],
    ["a.avsc", "--against", "none"],
    ["--all"],
    ["--help"],
    ["--", "-odd.avsc"],
    ["-1"],
    ["--no-such-option"],
]


def typer_parse(args: list[str], monkeypatch: pytest.MonkeyPatch) -> CheckArgs:
    seen: list[CheckArgs] = []

    def record(parsed: CheckArgs) -> int:
        seen.append(parsed)
        return 0

    monkeypatch.setattr(app, "execute_check", record)
    with pytest.raises(SystemExit) as exit_:
        app.run_app(["check", *args])
    assert exit_.value.code in (0, None)
    assert len(seen) == 1
    return seen[0]


@pytest.mark.parametrize("args", hook_command_lines(), ids=shlex.join)
def test_a_hooks_command_line_is_read_fast_as_typer_reads_it(
        args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert hook_check_args(args) == typer_parse(args, monkeypatch)


@pytest.mark.parametrize("args", TYPER_ANSWERS, ids=shlex.join)
def test_any_other_command_line_is_typers(args: list[str], tmp_path: Path) -> None:
    assert hook_check_args(args) is None
    result = run_cli(tmp_path, "check", *args)
    if args == ["--help"]:
        assert result.returncode == 0 and "--against" in result.stdout
    elif args[0] == "--":
        assert result.returncode == 2 and "-odd.avsc" in result.stderr  # read as a path
    elif args[0] in ("-1", "--no-such-option"):
        assert result.returncode == 2 and "no such option" in result.stderr
    else:  # read by typer, then run: no schemalint configuration or git in tmp_path
        assert "Usage:" not in result.stderr, result.stderr


HOOK_RUN = """
import sys
from schemalint.cli.entry import main
try:
    main({args!r})
except SystemExit:
    pass
print(sorted(name for name in ("typer", "click", "rich", "httpx", "jsonschema", "referencing",
                                "yaml", "google", "grpc_tools")
             if name in sys.modules))
"""


@pytest.mark.parametrize(("args", "checked"), [
    (["check", "--against", "none"], "in 2 schemas"),
    (["check", "--against", "none", "schemas/orders/value.avsc"], "in 1 schema"),
    (["check", "--against", "none", "schemas/customers/value.schema.json"], "in 1 schema"),
], ids=lambda value: shlex.join(value) if isinstance(value, list) else "")
def test_a_hook_run_on_avro_or_json_schema_loads_no_big_library_typer_nor_protobuf(
        args: list[str], checked: str, tmp_path: Path) -> None:
    avro = tmp_path / "schemas" / "orders" / "value.avsc"
    avro.parent.mkdir(parents=True)
    avro.write_text('{"type": "record", "name": "OrderPlaced", "namespace": "com.acme", '
                    '"fields": [{"name": "id", "type": "string", "doc": "The id."}]}')
    json_schema = tmp_path / "schemas" / "customers" / "value.schema.json"
    json_schema.parent.mkdir(parents=True)
    json_schema.write_text('{"$schema": "http://json-schema.org/draft-07/schema#", '
                           '"title": "CustomerJoined", "type": "object", '
                           '"additionalProperties": false, "properties": {"id": '
                           '{"type": "string", "description": "The id."}}}')
    result = subprocess.run([sys.executable, "-c", HOOK_RUN.format(args=args)], cwd=tmp_path,
                            capture_output=True, text=True, check=True,
                            env={"PATH": "/usr/bin:/bin",
                                 "PYTHONPATH": str(Path(__file__).parents[2])})
    *report, loaded = result.stdout.strip().splitlines()
    assert checked in report[-1] and loaded == "[]", result.stdout + result.stderr
