"""The typer app: every command's options and help, and what each prints.

The one declaration of every option; the work is the commands' (``schemalint.commands``) and
the rendering the reports' (``schemalint.report``). Processes start in ``schemalint.cli.entry``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import Annotated, NoReturn

import typer

from schemalint.cli.check import CheckArgs, execute_check
from schemalint.cli.output import (
    OutputFormat,
    emit,
    parse_option,
    terminal_width,
    write_atomically,
)
from schemalint.cli.verdict import exit_code_for, fail_level
from schemalint.errors import InvalidSchemaError, SchemalintError, UsageError
from schemalint.model import ExitCode, Finding, Level, SchemaType, Severity

# -h as well as --help, on every command.
HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    name="schemalint",
    help="Guard event schemas: Confluent-exact compatibility, event design lint, registry sync.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings=HELP_OPTIONS,
)

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


def fail(error: SchemalintError) -> NoReturn:
    from schemalint.report import printable

    sys.stderr.write(f"schemalint: error: {printable(str(error))}\n")
    raise typer.Exit(int(error.exit_code))


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
    refs: Annotated[list[str] | None, typer.Option(
        "--ref", help="A referenced schema, NAME=FILE: an Avro full name, a JSON Schema $ref "
        "or a Protobuf import path (repeatable).")] = None,
    ref_paths: Annotated[list[Path] | None, typer.Option(
        "--ref-path", help="A folder to find references in: Avro named types, JSON Schemas "
        "by $id, Protobuf imports (repeatable).")] = None,
    output: FormatOption = None,
    output_file: OutputFileOption = None,
    fail_on: FailOnOption = None,
    exit_zero: ExitZeroOption = False,
) -> None:
    """Check NEW against OLD versions (oldest first) as Confluent Schema Registry would."""
    from schemalint.commands.compat import compare_files, parse_references

    try:
        chosen_level = parse_option(Level.parse, level, "--level")
        kind = parse_option(SchemaType.parse, schema_type, "--type") if schema_type else None
        threshold = fail_level(fail_on)
        if policy.upper() not in ("STRICT", "LENIENT"):
            raise UsageError(
                f"--json-policy: unknown policy {policy!r}; expected strict or lenient")
        references = parse_references(refs or [], ref_paths or [])
        findings = compare_files(new, old or [], chosen_level, kind, policy.upper(),
                                 references)
    except InvalidSchemaError as error:
        findings = [error.finding]
        threshold = Severity.ERROR
    except SchemalintError as error:
        fail(error)
    # Confluent answers "compatible" when a subject has no version; a person asking gets told
    # that nothing was compared, never "All checks passed".
    nothing_compared = (f"{new} is a valid schema; no earlier version was given, so nothing "
                        "was compared (schemalint compat NEW OLD...).")
    report(findings, output, 1 if old else 0, output_file,
           nothing_checked="" if old else nothing_compared)
    raise typer.Exit(int(exit_code_for(findings, threshold, exit_zero)))


def report(findings: Sequence[Finding], formats: Sequence[OutputFormat] | None, checked: int,
           outputs: Sequence[Path] | None, changed_paths: frozenset[str] = frozenset(),
           nothing_checked: str = "") -> None:
    try:
        emit(findings, formats, checked, outputs, changed_paths, nothing_checked)
    except SchemalintError as error:
        fail(error)


SamplesOption = Annotated[Path | None, typer.Option(
    "--samples", help="Folder of recorded events, <DIR>/<subject>/ (default: [replay] samples, "
    "else samples).", show_default=False)]
ReplayRegistryOption = Annotated[str | None, typer.Option(
    "--registry", help="Registry URL that resolves the schema ids of wire-format samples "
    "(.bin).", show_default=False)]


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
    replay_too: Annotated[bool, typer.Option(
        "--replay", help="Replay each checked subject too (see `schemalint replay`).")] = False,
    samples: SamplesOption = None,
    replay_registry: ReplayRegistryOption = None,
) -> None:
    """Lint the changed schemas and check each against its previous versions."""
    args = CheckArgs(
        paths=tuple(paths or ()), all_subjects=all_subjects, against=against,
        config_file=config_file, formats=tuple(output or ()),
        output_files=tuple(output_file or ()), select=tuple(select or ()),
        ignore=tuple(ignore or ()), baseline=baseline, write_baseline=write_baseline,
        fail_on=fail_on, exit_zero=exit_zero, max_warnings=max_warnings, replay=replay_too,
        replay_samples=samples, replay_registry=replay_registry)
    try:
        code = execute_check(args)
    except SchemalintError as error:
        fail(error)
    raise typer.Exit(code)


@app.command()
def replay(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Schema files to replay (default: the subjects changed since --against).",
        show_default=False)] = None,
    all_subjects: Annotated[bool, typer.Option("--all", help="Replay every subject.")] = False,
    against: Annotated[str | None, typer.Option(
        "--against", help="Git ref holding the previous versions (default: HEAD).")] = None,
    count: Annotated[int | None, typer.Option(
        "--count", min=1, help="Events generated per writer version (default: enough to meet "
        "every edge value of every field, and 4 random ones).")] = None,
    seed: Annotated[int | None, typer.Option(
        "--seed", help="Seed of the generated events (default: 0).")] = None,
    config_file: Annotated[Path | None, typer.Option(
        "--config", help="Configuration file (default: nearest schemalint.toml or "
        "pyproject.toml).")] = None,
    output: FormatOption = None,
    output_file: OutputFileOption = None,
    fail_on: FailOnOption = None,
    exit_zero: ExitZeroOption = False,
    samples: SamplesOption = None,
    registry: ReplayRegistryOption = None,
) -> None:
    """Write events with each version and read them with the others, as consumers do."""
    from schemalint.cli.replay import ReplayArgs, execute_replay

    args = ReplayArgs(
        paths=tuple(paths or ()), all_subjects=all_subjects, against=against, event_count=count,
        seed=seed, config_file=config_file, formats=tuple(output or ()),
        output_files=tuple(output_file or ()), fail_on=fail_on, exit_zero=exit_zero,
        samples=samples, registry=registry)
    try:
        code = execute_replay(args)
    except SchemalintError as error:
        fail(error)
    raise typer.Exit(code)


class ConsumersFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
def consumers(
    subjects: Annotated[list[str] | None, typer.Argument(
        help="Subjects to show (default: every subject a consumer reads).",
        show_default=False)] = None,
    unused: Annotated[bool, typer.Option(
        "--unused", help="List the fields of each subject no declared consumer reads.")
    ] = False,
    output: Annotated[ConsumersFormat, typer.Option("--format", help="table or json.")
                      ] = ConsumersFormat.table,
    config_file: Annotated[Path | None, typer.Option(
        "--config", help="Configuration file (default: nearest schemalint.toml or "
        "pyproject.toml).")] = None,
) -> None:
    """Who reads what: each declared consumer, its owner, and the fields or reader schema it
    reads each subject by."""
    from schemalint.cli.consumers import execute_consumers

    try:
        code = execute_consumers(tuple(subjects or ()), unused,
                                 output is ConsumersFormat.json, config_file)
    except SchemalintError as error:
        fail(error)
    raise typer.Exit(code)


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
def asyncapi(
    out: Annotated[str, typer.Option(
        "--out", help="The file to write: YAML for .yaml/.yml, else JSON; - for JSON on "
        "stdout.")],
    config_file: ConfigOption = None,
) -> None:
    """Write the project as an AsyncAPI 3.0 document: a channel per topic, its messages'
    schemas, Kafka bindings with the key schema, operations of its producers and consumers."""
    from schemalint.cli.asyncapi import execute_asyncapi

    try:
        code = execute_asyncapi(out, config_file)
    except SchemalintError as error:
        fail(error)
    raise typer.Exit(code)


@app.command()
def catalog(
    out: Annotated[Path, typer.Option(
        "--out", help="The folder to write the static site into (replaced whole).")],
    against: Annotated[str | None, typer.Option(
        "--against", help="The git ref whose history gives the versions (default: HEAD).")
    ] = None,
    config_file: ConfigOption = None,
) -> None:
    """Write the event catalogue: a static site of the topics, their flow, and every
    subject's fields, versions and changelog, that opens from disk."""
    from schemalint.cli.catalog import execute_catalog

    try:
        code = execute_catalog(out, against, config_file)
    except SchemalintError as error:
        fail(error)
    raise typer.Exit(code)


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
    allow_weaker_levels: Annotated[bool, typer.Option(
        "--allow-weaker-levels", help="Lower a subject's level where the repository's is "
        "weaker than (or not comparable with) the registry's.")] = False,
    output: Annotated[SyncFormat, typer.Option("--format", help="full or json.")] =
        SyncFormat.full,
    config_file: ConfigOption = None,
) -> None:
    """Register the repository's schema log in a registry, from where the registry stands."""
    from schemalint.cli.progress import terminal_progress
    from schemalint.commands.sync import SyncRequest, run_sync
    from schemalint.config import load_config
    from schemalint.registry.target import resolve_target
    from schemalint.report.sync import render_json, render_text

    try:
        config = load_config(Path.cwd(), config_file)
        connection = resolve_target(config, url=registry, env=env)
        request = SyncRequest(connection, dry_run=dry_run, check=check_only,
                              subjects=tuple(subject or ()), prune=prune,
                              allow_weaker_levels=allow_weaker_levels)
        with terminal_progress(sys.stderr.isatty() and output is SyncFormat.full) as progress:
            outcome = run_sync(config, request, progress)
    except SchemalintError as error:
        fail(error)
    sys.stdout.write(render_json(outcome, connection.display) if output is SyncFormat.json
                     else render_text(outcome, connection.display, width=terminal_width()))
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
    from schemalint.commands.pull import PullRequest, run_pull
    from schemalint.config import load_config
    from schemalint.registry.target import resolve_target
    from schemalint.report.pull import render_pull

    try:
        config = load_config(Path.cwd(), config_file)
        connection = resolve_target(config, url=registry, env=env)
        outcome = run_pull(config, PullRequest(connection, tuple(subject or ()), versions))
    except SchemalintError as error:
        fail(error)
    sys.stdout.write(render_pull(outcome))


registry_app = typer.Typer(help="The embedded Confluent-compatible registry for development.",
                           no_args_is_help=True, context_settings=HELP_OPTIONS)
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
    import os

    from schemalint.registry.server import serve  # a missing server extra: one line (entry)
    from schemalint.registry.server.auth import PASSWORD_ENV, USER_ENV

    if not _loopback(host) and not (os.environ.get(USER_ENV) or os.environ.get(PASSWORD_ENV)):
        from schemalint.report import printable

        sys.stderr.write(printable(
            f"schemalint: warning: serving on {host}, beyond this machine, without "
            f"authentication: anyone who reaches port {port} can register and delete schemas. "
            f"Set {USER_ENV} and {PASSWORD_ENV}, or serve on 127.0.0.1.") + "\n")
    serve(str(db), host=host, port=port, workers=workers)


def _loopback(host: str) -> bool:
    import ipaddress

    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve beyond this machine


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
        from schemalint.cli.terminal import render_diff

        text = render_diff(outcome.subjects, color=sys.stdout.isatty() and output_file is None,
                           width=terminal_width())
    if output_file is not None and str(output_file) != "-":
        try:
            write_atomically(output_file, text)
        except SchemalintError as error:
            fail(error)
    else:
        sys.stdout.write(text)
    if outcome.findings:
        if chosen is DiffFormat.full:
            report(outcome.findings, None, len(outcome.subjects), None)
        else:
            # stdout holds the document asked for, and nothing else: the input errors go
            # to stderr.
            from schemalint.report import REPORTERS, ReportContext

            sys.stderr.write(REPORTERS["concise"](
                outcome.findings, ReportContext(checked=len(outcome.subjects))))
        raise typer.Exit(int(ExitCode.INVALID_INPUT))


@app.command()
def init(
    force: Annotated[bool, typer.Option("--force",
                                        help="Write even where a configuration exists.")] = False,
    print_only: Annotated[bool, typer.Option("--print",
                                             help="Print the configuration only.")] = False,
) -> None:
    """Write a commented schemalint.toml for this repository, and say what to do next."""
    from schemalint.commands.init import (
        detect,
        existing_config,
        next_steps,
        render_config,
        unread_note,
    )
    from schemalint.config import project_root

    root = project_root(Path.cwd())
    target = root / "schemalint.toml"
    ruling = existing_config(Path.cwd())
    if ruling is not None and not force and not print_only:
        fail(UsageError(f"{ruling.rules()}; nothing written (--force writes {target} anyway)",
                        path=str(ruling.path)))
    layout = detect(root)
    text = render_config(layout)
    if print_only:
        sys.stdout.write(text)
        return
    try:
        write_atomically(target, text)
    except SchemalintError as error:
        fail(error)
    shadowed = (f"; it takes precedence over [tool.schemalint] in {ruling.path}"
                if ruling is not None and ruling.path.parent == root and ruling.path != target
                else "")
    note = unread_note(layout)
    sys.stdout.write(f"Wrote {target}{shadowed}\n\n" + (f"Note: {note}\n\n" if note else "")
                     + next_steps(layout))


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

    from schemalint.lint.docs import render_rules_markdown, rules_json, rules_table

    if preset is not None:
        from schemalint.lint.presets import preset_table

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
    from schemalint.cli.output import write_table

    write_table(("code", "name", "severity", "summary"), rows)


@app.command()
def explain(code: Annotated[str, typer.Argument(help="A rule or finding code.")]) -> None:
    """Explain one rule or finding code: what it checks, why, and how to fix it."""
    from schemalint.cli.terminal import render_markdown
    from schemalint.codes import explain as explain_code

    try:
        page = explain_code(code)
    except UsageError as error:
        fail(error)
    sys.stdout.write(render_markdown(page, color=sys.stdout.isatty(),
                                     width=terminal_width()).rstrip("\n") + "\n")


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


def run_app(args: list[str]) -> None:
    """Answer a command line with typer, building only the command asked for when it is
    one of the commands a hook runs (not the whole group, every signature inspected)."""
    if args and args[0] in ("check", "compat"):
        single = typer.Typer(add_completion=False, pretty_exceptions_enable=False,
                             rich_markup_mode=None, context_settings=HELP_OPTIONS)
        single.command(args[0])(globals()[args[0]])
        _answer(single, args[1:], f"schemalint {args[0]}")
        return
    _answer(app, args, "schemalint")


def _answer(typer_app: typer.Typer, args: list[str], prog_name: str) -> NoReturn:
    """Run ``typer_app`` on ``args``; a usage error is one line naming the closest option."""
    click = _click_exceptions()
    try:
        code = typer.main.get_command(typer_app).main(
            args=args, prog_name=prog_name, standalone_mode=False)
    except click.NoArgsIsHelpError as error:
        sys.stderr.write(error.format_message().rstrip("\n") + "\n")
        raise SystemExit(int(ExitCode.INVALID_INPUT)) from None
    except click.UsageError as error:
        command = error.ctx.command_path if error.ctx is not None else prog_name
        raise UsageError(f"{command}: {usage_problem(error)} (see '{command} --help')"
                         ) from None
    except click.ClickException as error:
        raise UsageError(f"{prog_name}: {error.format_message()}") from None
    raise SystemExit(code if isinstance(code, int) else 0)


def usage_problem(error: Exception) -> str:
    """click's message, with the closest valid option where one was mistyped."""
    click = _click_exceptions()
    if isinstance(error, click.NoSuchOption):
        import difflib

        closest = difflib.get_close_matches(error.option_name, error.possibilities or (), n=1,
                                            cutoff=0.0)
        guess = f"; did you mean {closest[0]}?" if closest else ""
        return f"no such option {error.option_name}{guess}"
    message: str = getattr(error, "format_message", error.__str__)()
    return message.rstrip(".")


def _click_exceptions() -> ModuleType:
    """The exceptions of the click typer runs on: its own copy since typer 0.2x, else click."""
    try:
        from typer._click import exceptions
    except ImportError:  # pragma: no cover - typer before it shipped its own click
        from click import exceptions  # type: ignore[no-redef]
    return exceptions
