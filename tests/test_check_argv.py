"""``schemalint check`` is parsed without typer on the hook's path, exactly as typer would.

Every command line in the table goes through both parsers; they must agree on every value.
Command lines the fast parser does not take (help, errors) go to typer, which answers them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run_cli

from schemalint import cli
from schemalint.check_argv import parse_check_argv
from schemalint.check_command import CheckArgs

COMMAND_LINES = [
    [],
    ["--all"],
    ["schemas/a/value.avsc", "schemas/b/value.avsc"],
    ["--against", "origin/main"],
    ["--against=none"],
    ["--config", "ci/schemalint.toml"],
    ["--format", "json"],
    ["--output-format", "github"],
    ["--format", "json", "--format", "sarif", "-o", "out.json", "--output-file", "out.sarif"],
    ["-oreport.txt"],
    ["--select", "EVT,MET", "--select", "doc001", "--ignore", "FLD"],
    ["--baseline", "baseline.json"],
    ["--write-baseline", "baseline.json"],
    ["--fail-on", "warning", "--exit-zero"],
    ["--max-warnings", "5"],
    ["a.avsc", "--against", "main", "b.avsc"],
]

TYPER_ANSWERS = [
    ["--help"],
    ["--", "-odd.avsc"],
    ["-h"],
    ["--no-such-option"],
    ["--format", "xml"],
    ["--max-warnings", "many"],
    ["--all=yes"],
    ["--against"],
    ["--ag", "main"],  # typer takes no abbreviations
    ["-1"],  # a path to argparse, an unknown option to typer
]


def typer_parse(args: list[str], monkeypatch: pytest.MonkeyPatch) -> CheckArgs:
    seen: list[CheckArgs] = []

    def record(parsed: CheckArgs) -> int:
        seen.append(parsed)
        return 0

    monkeypatch.setattr(cli, "execute_check", record)
    with pytest.raises(SystemExit) as exit_:
        cli.run_app(["check", *args])
    assert exit_.value.code in (0, None)
    assert len(seen) == 1
    return seen[0]


@pytest.mark.parametrize("args", COMMAND_LINES, ids=" ".join)
def test_the_fast_parser_reads_what_typer_reads(args: list[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse_check_argv(args) == typer_parse(args, monkeypatch)


def test_the_table_sets_every_option_of_check() -> None:
    import typer

    command = typer.main.get_command(cli.app).commands["check"]  # type: ignore[attr-defined]
    options = {name for param in command.params for name in param.opts if name.startswith("-")}
    used = {word.split("=")[0] for args in COMMAND_LINES for word in args}
    used |= {"-o"}  # given attached, as -oFILE
    assert options <= used, options - used


def test_an_output_file_given_with_an_equals_sign_is_read_as_typer_reads_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse_check_argv(["-o=x.txt"]) is None
    assert typer_parse(["-o=x.txt"], monkeypatch).output_files == (Path("=x.txt"),)


@pytest.mark.parametrize("args", TYPER_ANSWERS, ids=" ".join)
def test_help_and_errors_are_left_to_typer(args: list[str], tmp_path: Path) -> None:
    assert parse_check_argv(args) is None
    result = run_cli(tmp_path, "check", *args)
    if args == ["--help"]:
        assert result.returncode == 0 and "--against" in result.stdout
    elif args[0] == "--":
        assert result.returncode == 2 and "-odd.avsc" in result.stderr  # read as a path
    else:
        assert result.returncode == 2 and "Error:" in result.stderr


HOOK_RUN = """
import sys
from schemalint.entry import main
try:
    main(["check", "--all", "--against", "none"])
except SystemExit:
    pass
print(sorted(name for name in ("typer", "click", "rich", "httpx", "jsonschema", "yaml",
                                "google", "grpc_tools")
             if name in sys.modules))
"""


def test_an_avro_hook_run_loads_no_big_library_typer_nor_protobuf(tmp_path: Path) -> None:
    import subprocess
    import sys

    schema = tmp_path / "schemas" / "orders" / "value.avsc"
    schema.parent.mkdir(parents=True)
    schema.write_text('{"type": "record", "name": "OrderPlaced", "namespace": "com.acme", '
                      '"fields": [{"name": "id", "type": "string", "doc": "The id."}]}')
    result = subprocess.run([sys.executable, "-c", HOOK_RUN], cwd=tmp_path,
                            capture_output=True, text=True, check=True,
                            env={"PATH": "/usr/bin:/bin",
                                 "PYTHONPATH": str(Path(__file__).parents[1])})
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr
