"""The command line: options and printing only. All logic lives in the typed API."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from schemalint.errors import InvalidSchemaError, SchemalintError, UsageError
from schemalint.model import ExitCode, Finding, Level, SchemaType, Severity
from schemalint.verdict import exit_code_for

app = typer.Typer(
    name="schemalint",
    help="Guard event schemas: Confluent-exact compatibility, event design lint, registry sync.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

class OutputFormat(str, Enum):
    full = "full"
    concise = "concise"
    json = "json"
    github = "github"
    sarif = "sarif"
    markdown = "markdown"


FormatOption = Annotated[
    list[OutputFormat] | None,
    typer.Option("--format", "--output-format",
                 help="full (the default on a terminal), concise (the default otherwise), json, "
                      "github, sarif, markdown. Repeat with -o to write several at once."),
]
OutputFileOption = Annotated[
    list[Path] | None,
    typer.Option("--output-file", "-o",
                 help="Write the report to this file ('-' for stdout); the Nth -o goes with the "
                      "Nth --format."),
]
FailOnOption = Annotated[
    str | None,
    typer.Option("--fail-on", help="Lowest severity that fails the run: error, warning, info."),
]
ExitZeroOption = Annotated[
    bool, typer.Option("--exit-zero", help="Exit 0 even when findings reach the fail level."),
]
SelectOption = Annotated[
    list[str] | None,
    typer.Option("--select", help="Only these lint codes or prefixes (repeatable, comma lists)."),
]
IgnoreOption = Annotated[
    list[str] | None,
    typer.Option("--ignore", help="Skip these lint codes or prefixes (repeatable, comma lists)."),
]


def _codes(values: Sequence[str] | None) -> tuple[str, ...]:
    return tuple(code.strip().upper() for value in values or () for code in value.split(",")
                 if code.strip())


def emit(findings: Sequence[Finding], formats: Sequence[OutputFormat] | None, checked: int,
         outputs: Sequence[Path] | None = None,
         changed_paths: frozenset[str] = frozenset()) -> None:
    """Write one report per ``--format``, each to its ``-o`` file or to stdout."""
    from schemalint.report import REPORTERS, ReportContext

    chosen = list(formats or [OutputFormat.full if sys.stdout.isatty() else OutputFormat.concise])
    targets = list(outputs or [])
    if len(targets) > len(chosen):
        if len(chosen) == 1 and not formats:
            chosen = chosen * len(targets)
        else:
            raise UsageError("more -o/--output-file than --format: pair each file with a format")
    for index, output_format in enumerate(chosen):
        target = targets[index] if index < len(targets) else None
        to_terminal = target is None or str(target) == "-"
        context = ReportContext(
            checked=checked, width=_terminal_width(), changed_paths=changed_paths,
            color=to_terminal and sys.stdout.isatty() and "NO_COLOR" not in os.environ,
        )
        text = REPORTERS[output_format.value](findings, context)
        if to_terminal:
            sys.stdout.write(text)
        else:
            assert target is not None
            write_atomically(target, text)


def write_atomically(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temporary file beside it, then a rename."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UsageError(f"cannot write report: {error.strerror}", path=str(path)) from None


def _terminal_width() -> int:
    try:
        return max(60, os.get_terminal_size().columns)
    except OSError:
        return 100


def fail(error: SchemalintError) -> NoReturn:
    from schemalint.report import printable

    sys.stderr.write(f"schemalint: error: {printable(str(error))}\n")
    raise typer.Exit(int(error.exit_code))


T = TypeVar("T")


def parse_option(parser: Callable[[str], T], value: str, option: str) -> T:
    try:
        return parser(value)
    except ValueError as error:
        raise UsageError(f"{option}: {error}") from None


@app.command()
def compat(
    new: Annotated[Path, typer.Argument(help="The new schema file.", show_default=False)],
    old: Annotated[list[Path] | None, typer.Argument(
        help="Previous versions, oldest first.", show_default=False)] = None,
    schema_type: Annotated[str | None, typer.Option(
        "--type", help="avro, json or protobuf (default: from the file name).")] = None,
    level: Annotated[str, typer.Option("--level", help="Compatibility level.")] = "BACKWARD",
    policy: Annotated[str, typer.Option(
        "--json-policy", help="JSON Schema policy: strict or lenient.")] = "strict",
    output: FormatOption = None,
    output_file: OutputFileOption = None,
    fail_on: FailOnOption = None,
    exit_zero: ExitZeroOption = False,
) -> None:
    """Check NEW against OLD versions (oldest first) as Confluent Schema Registry would."""
    from schemalint.commands.compat import compare_files

    try:
        chosen_level = parse_option(Level.parse, level, "--level")
        kind = parse_option(SchemaType.parse, schema_type, "--type") if schema_type else None
        threshold = parse_option(Severity.parse, fail_on or "error", "--fail-on")
        if policy.upper() not in ("STRICT", "LENIENT"):
            raise UsageError(
                f"--json-policy: unknown policy {policy!r}; expected strict or lenient")
        findings = compare_files(new, old or [], chosen_level, kind, policy.upper())
    except InvalidSchemaError as error:
        findings = [error.finding]
        threshold = Severity.ERROR
    except SchemalintError as error:
        fail(error)
    report(findings, output, 1, output_file)
    raise typer.Exit(int(exit_code_for(findings, threshold, exit_zero)))


def report(findings: Sequence[Finding], formats: Sequence[OutputFormat] | None, checked: int,
           outputs: Sequence[Path] | None, changed_paths: frozenset[str] = frozenset()) -> None:
    try:
        emit(findings, formats, checked, outputs, changed_paths)
    except SchemalintError as error:
        fail(error)


@app.command()
def check(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Schema files to check (default: the subjects changed since --against).",
        show_default=False)] = None,
    all_subjects: Annotated[bool, typer.Option("--all", help="Check every subject.")] = False,
    against: Annotated[str | None, typer.Option(
        "--against", help="Git ref holding the previous versions, or none (lint only). "
        "Default: PRE_COMMIT_FROM_REF when pre-commit sets it, else HEAD.")] = None,
    config_file: Annotated[Path | None, typer.Option(
        "--config", help="Configuration file (default: nearest schemalint.toml or "
        "pyproject.toml).")] = None,
    output: FormatOption = None,
    output_file: OutputFileOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", help="Report only lint findings not in this baseline file.")] = None,
    write_baseline: Annotated[Path | None, typer.Option(
        "--write-baseline", help="Record today's lint findings as the baseline, then exit 0."
    )] = None,
    fail_on: FailOnOption = None,
    exit_zero: ExitZeroOption = False,
    max_warnings: Annotated[int | None, typer.Option(
        "--max-warnings", help="Exit 1 when there are more warnings than this (a CI budget)."
    )] = None,
) -> None:
    """Lint the changed schemas and check each against its previous versions."""
    from schemalint.commands.check import CheckRequest, run_check
    from schemalint.config import load_config

    try:
        config = load_config(Path.cwd(), config_file)
        threshold = parse_option(Severity.parse, fail_on, "--fail-on") if fail_on else \
            config.fail_on
        outcome = run_check(config, CheckRequest(
            paths=tuple(paths or ()), all=all_subjects, against=against,
            select=_codes(select), ignore=_codes(ignore)))
        findings = outcome.findings
        if write_baseline is not None:
            from schemalint.rules.baseline import write_baseline as record

            record(write_baseline, findings)
            sys.stdout.write(f"Wrote the baseline to {write_baseline}.\n")
            raise typer.Exit(0)
        if baseline is not None:
            from schemalint.rules.baseline import filter_baselined, read_baseline

            findings = filter_baselined(findings, read_baseline(baseline))
        budget = None
        if max_warnings is not None:
            from schemalint.rules.presets import warning_budget

            budget = warning_budget(findings, max_warnings)
    except SchemalintError as error:
        fail(error)
    report(findings, output, outcome.checked, output_file, outcome.changed_paths)
    code = exit_code_for(findings, threshold, exit_zero)
    if budget:
        sys.stderr.write(f"schemalint: {budget}\n")
        if code is ExitCode.OK and not exit_zero:
            code = ExitCode.FINDINGS
    raise typer.Exit(int(code))


class SyncFormat(str, Enum):
    full = "full"
    json = "json"


RegistryOption = Annotated[str | None, typer.Option(
    "--registry", help="Registry URL (credentials from the env vars named in [registry]).")]
EnvOption = Annotated[str | None, typer.Option(
    "--env", help="A registry configured as [registry.envs.NAME].")]
SubjectGlobOption = Annotated[list[str] | None, typer.Option(
    "--subject", help="Only subjects matching this glob (repeatable).")]
ConfigOption = Annotated[Path | None, typer.Option(
    "--config", help="Configuration file (default: nearest schemalint.toml or pyproject.toml).")]


@app.command()
def sync(
    registry: RegistryOption = None,
    env: EnvOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the plan only.")] = False,
    check_only: Annotated[bool, typer.Option(
        "--check", help="Print the plan; exit 1 when the registry differs.")] = False,
    subject: SubjectGlobOption = None,
    prune: Annotated[bool, typer.Option(
        "--prune", help="Soft-delete subjects this repository once defined and no longer "
        "does.")] = False,
    output: Annotated[SyncFormat, typer.Option("--format", help="full or json.")] =
        SyncFormat.full,
    config_file: ConfigOption = None,
) -> None:
    """Register the repository's schema log in a registry, from where the registry stands."""
    from schemalint.commands.sync import (
        SyncRequest,
        render_json,
        render_text,
        run_sync,
        terminal_progress,
    )
    from schemalint.config import load_config
    from schemalint.registry.target import resolve_target

    try:
        config = load_config(Path.cwd(), config_file)
        connection = resolve_target(config, url=registry, env=env)
        request = SyncRequest(connection, dry_run=dry_run, check=check_only,
                              subjects=tuple(subject or ()), prune=prune)
        with terminal_progress(sys.stderr.isatty() and output is SyncFormat.full) as progress:
            outcome = run_sync(config, request, progress)
    except SchemalintError as error:
        fail(error)
    render = render_json if output is SyncFormat.json else render_text
    sys.stdout.write(render(outcome, connection.display))
    raise typer.Exit(int(outcome.exit_code(check_only)))


@app.command()
def pull(
    registry: RegistryOption = None,
    env: EnvOption = None,
    subject: SubjectGlobOption = None,
    versions: Annotated[str, typer.Option(
        "--versions", help="all (versioned files) or latest.")] = "all",
    config_file: ConfigOption = None,
) -> None:
    """Write a registry's subjects into the project's schema folders, to adopt a registry."""
    from schemalint.commands.pull import PullRequest, render_pull, run_pull
    from schemalint.config import load_config
    from schemalint.registry.target import resolve_target

    try:
        config = load_config(Path.cwd(), config_file)
        connection = resolve_target(config, url=registry, env=env)
        outcome = run_pull(config, PullRequest(connection, tuple(subject or ()), versions))
    except SchemalintError as error:
        fail(error)
    sys.stdout.write(render_pull(outcome))


registry_app = typer.Typer(help="The embedded Confluent-compatible registry for development.",
                           no_args_is_help=True)
app.add_typer(registry_app, name="registry")


@registry_app.command("serve")
def registry_serve(
    db: Annotated[Path, typer.Option("--db", help="SQLite database file.")] = Path(
        "schemalint-registry.db"),
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8081,
    workers: Annotated[int, typer.Option("--workers", help="Worker processes.")] = 1,
) -> None:
    """Serve a Confluent-compatible schema registry on SQLite (development and CI only)."""
    try:
        from schemalint.registry.server import serve
    except ImportError as error:
        fail(UsageError(f"the embedded registry needs the server extra: "
                        f"pip install 'schemalint[server]' ({error.name} is missing)"))
    serve(str(db), host=host, port=port, workers=workers)


class DiffFormat(str, Enum):
    full = "full"
    markdown = "markdown"
    json = "json"


@app.command()
def diff(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Schema files (default: the subjects changed since --against).",
        show_default=False)] = None,
    against: Annotated[str | None, typer.Option(
        "--against", help="Git ref holding the previous versions (default: HEAD).")] = None,
    output: Annotated[DiffFormat | None, typer.Option(
        "--format", "--output-format", help="full (default), markdown or json.")] = None,
    output_file: Annotated[Path | None, typer.Option(
        "--output-file", "-o", help="Write the report to this file.")] = None,
    config_file: Annotated[Path | None, typer.Option("--config",
                                                     help="Configuration file.")] = None,
) -> None:
    """Show every change per subject and which consumers it breaks, like a changelog."""
    from schemalint.commands.diff import run_diff
    from schemalint.config import load_config
    from schemalint.report import diff as diff_report

    try:
        config = load_config(Path.cwd(), config_file)
        outcome = run_diff(config, paths or (), against)
    except SchemalintError as error:
        fail(error)
    chosen = output or DiffFormat.full
    if chosen is DiffFormat.markdown:
        text = diff_report.render_markdown(outcome.subjects)
    elif chosen is DiffFormat.json:
        text = diff_report.render_json(outcome.subjects)
    else:
        text = diff_report.render_full(outcome.subjects, color=sys.stdout.isatty() and
                                       output_file is None, width=_terminal_width())
    if output_file is not None and str(output_file) != "-":
        try:
            write_atomically(output_file, text)
        except SchemalintError as error:
            fail(error)
    else:
        sys.stdout.write(text)
    if outcome.findings:
        report(outcome.findings, None, len(outcome.subjects), None)
        raise typer.Exit(int(ExitCode.INVALID_INPUT))


@app.command()
def init(
    force: Annotated[bool, typer.Option("--force",
                                        help="Overwrite an existing schemalint.toml.")] = False,
    print_only: Annotated[bool, typer.Option("--print",
                                             help="Print the configuration only.")] = False,
) -> None:
    """Write a commented schemalint.toml for this repository, and say what to do next."""
    from schemalint.commands.init import NEXT_STEPS, detect, render_config
    from schemalint.config import project_root

    root = project_root(Path.cwd())
    text = render_config(detect(root))
    if print_only:
        sys.stdout.write(text)
        return
    target = root / "schemalint.toml"
    if target.exists() and not force:
        fail(UsageError("already exists; use --force to overwrite", path=str(target)))
    try:
        write_atomically(target, text)
    except SchemalintError as error:
        fail(error)
    sys.stdout.write(f"Wrote {target}\n\n{NEXT_STEPS}")


class RulesFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command()
def rules(
    output: Annotated[RulesFormat, typer.Option("--format", help="table, json or markdown.")
                      ] = RulesFormat.table,
    preset: Annotated[str | None, typer.Option(
        "--preset", help="Show what a preset runs: default, or strict (select = [\"ALL\"]).")
    ] = None,
) -> None:
    """List the lint rules: code, name, default severity and what each checks."""
    import json

    from schemalint.rules.docs import render_rules_markdown, rules_json, rules_table

    if preset is not None:
        from schemalint.rules.presets import preset_table

        try:
            rows = preset_table(preset)
        except SchemalintError as error:
            fail(error)
        if output is RulesFormat.json:
            sys.stdout.write(json.dumps(rows, indent=2) + "\n")
            return
        _print_rules([(row["code"], row["name"], row["severity"] + (
            "  (added)" if row.get("added") else ""), row["summary"]) for row in rows])
        return
    if output is RulesFormat.json:
        sys.stdout.write(json.dumps(rules_json(), indent=2) + "\n")
        return
    if output is RulesFormat.markdown:
        sys.stdout.write(render_rules_markdown())
        return
    _print_rules([(row["code"], row["name"], row["default"] if row["default"] != "off"
                   else f"off ({row['when_selected']})", row["summary"])
                  for row in rules_table()])


def _print_rules(rows: Sequence[tuple[str, str, str, str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("code", "name", "severity", "summary", box=None, pad_edge=False)
    for row in rows:
        table.add_row(*row)
    Console(width=_terminal_width(), highlight=False).print(table)


@app.command()
def explain(code: Annotated[str, typer.Argument(help="A rule or finding code.")]) -> None:
    """Explain one rule or finding code: what it checks, why, and how to fix it."""
    from schemalint.rules.docs import explain as explain_rule

    try:
        sys.stdout.write(explain_rule(code).rstrip("\n") + "\n")
        return
    except UsageError as error:
        from schemalint.codes import CATALOGUE

        info = CATALOGUE.get(code.strip().upper())
        if info is None:
            fail(error)
    sys.stdout.write(f"# {info.code} {info.name}\n\n{info.summary}\n\n{info.help}\n")


def _print_version(value: bool) -> None:
    if value:
        from schemalint import __version__

        sys.stdout.write(f"schemalint {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option(
        "--version", help="Print the version and exit.", is_eager=True,
        callback=_print_version)] = False,
) -> None:
    """schemalint: guard the contract of event schemas on a durable log."""


# The hook runs `schemalint check` on every commit; building only the command asked for
# (not the whole group, with every command's signature inspected) keeps that start-up short.
_FAST_COMMANDS = ("check", "compat")


# The commands that read schemas run on a deep stack: a schema may nest thousands of levels.
_DEEP_COMMANDS = ("check", "compat", "diff")


def main(argv: Sequence[str] | None = None) -> None:
    """The console entry point."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in _DEEP_COMMANDS:
        from schemalint.deepstack import call_with_deep_stack

        call_with_deep_stack(lambda: _main(args))
        return
    _main(args)


def _main(args: list[str]) -> None:
    try:
        if args and args[0] in _FAST_COMMANDS:
            single = typer.Typer(add_completion=False, pretty_exceptions_enable=False,
                                 rich_markup_mode=None)
            single.command(args[0])(globals()[args[0]])
            single(args=args[1:], prog_name=f"schemalint {args[0]}")
            return
        app(args=args, prog_name="schemalint")
    except SchemalintError as error:
        from schemalint.report import printable

        sys.stderr.write(f"schemalint: error: {printable(str(error))}\n")
        raise SystemExit(int(error.exit_code)) from None
    except Exception as error:  # a defect: say so in one line, keep the traceback on request
        if os.environ.get("SCHEMALINT_DEBUG"):
            raise
        from schemalint.report import printable

        sys.stderr.write(f"schemalint: internal error: {type(error).__name__}: "
                         f"{printable(str(error))} "
                         "(set SCHEMALINT_DEBUG=1 for the traceback, and please report it)\n")
        raise SystemExit(int(ExitCode.INVALID_INPUT)) from None
