"""Names and docs with control characters or terminal escapes are never written raw.

Every reporter, fed findings whose every text field is hostile, and the command line on a
repository whose folder names, docs and property names carry escapes.
"""

from __future__ import annotations

import json
import os
import re

import pytest
from gitrepo import GitRepo
from hardening_support import DRAFT_07, run_main

from schemalint.cli.output import OutputFormat, report_text
from schemalint.cli.terminal import render_diff
from schemalint.model import Against, Direction, Finding, Level, Severity
from schemalint.report import REPORTERS, ReportContext, printable
from schemalint.report.diff import render_json, render_markdown

HOSTILE = [
    "\x1b[31mred\x1b[0m",               # SGR colour
    "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07",  # OSC 8 hyperlink
    "\x1b[2J\x1b[H",                     # clear the screen
    "\x9b31m",                           # C1 CSI
    "line\rover\x08write",               # carriage return, backspace
    "two\nlines\u2028three",             # newline, line separator
    "\u202eevil\u202c",                  # right-to-left override
    "zero\u200bwidth\ufeff",             # invisible characters
    "\x00nul\x7fdel",
    "caf\udce9",                         # a non-UTF-8 file name byte, as Python holds it
    "[/bold][red]markup[/red]",          # rich markup
    "::error::injected%0A::warning::",   # GitHub workflow commands
    "| cell | <script>alert(1)</script>",
]
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b"
                 "\ufeff\ud800-\udfff]")


def hostile_findings() -> list[Finding]:
    return [Finding(code="READER_FIELD_MISSING_DEFAULT_VALUE", severity=severity,
                    message=f"message {text}", path=f"schemas/{text}/value.avsc", line=2,
                    column=3, pointer=f"/fields/{text}", subject=f"{text}-value",
                    level=Level.BACKWARD, direction=Direction.BACKWARD,
                    against=Against(ref=f"ref{text}", version=1), name_path=text)
            for text in HOSTILE for severity in (Severity.ERROR, Severity.WARNING)]


@pytest.mark.parametrize("color", [False, True])
@pytest.mark.parametrize("name", [output.value for output in OutputFormat])
def test_no_reporter_writes_a_control_character_raw(name: str, color: bool) -> None:
    text = "".join(report_text(OutputFormat(name), hostile_findings(),
                               ReportContext(checked=1, color=color)))
    text.encode("utf-8")  # never a lone surrogate
    if color and name == "full":
        text = re.sub("\x1b\\[[0-9;]*m", "", text)  # its own colours, and only those
    lines = text.splitlines()
    offending = [line for line in lines if RAW.search(line)]
    assert not offending, offending[:3]
    if name == "github":  # no text starts a workflow command of its own
        commands = [line for line in lines if line.startswith("::")]
        assert commands
        assert all(re.match("::(error|warning|notice) ", line) for line in commands)
        assert all("%0A" not in line.split("::", 2)[1] for line in commands)


@pytest.mark.parametrize("name", ["json", "sarif"])
def test_json_reports_parse_back_to_the_exact_text(name: str) -> None:
    findings = hostile_findings()
    document = json.loads(REPORTERS[name](findings, ReportContext(checked=1)))
    dumped = json.dumps(document, ensure_ascii=False)
    for text in HOSTILE:
        assert json.dumps(text, ensure_ascii=False)[1:-1] in dumped


def test_printable_keeps_ordinary_text_and_unicode() -> None:
    assert printable("Größe — naïve 日本 🙂\ttab") == "Größe — naïve 日本 🙂\ttab"
    assert printable("caf\udce9") == "caf\\xe9"
    assert printable("\x1b[31m") == "\\x1b[31m"


def _hostile_repo(repo: GitRepo) -> GitRepo:
    folder = "schemas/\x1b[31mred\x1b]8;;https:\u202eevil\x07"
    (repo.path / folder).mkdir(parents=True)
    (repo.path / folder / "value.avsc").write_text(json.dumps({
        "type": "record", "name": "A", "namespace": "com.acme",
        "doc": "\x1b[2J cleared \u202e reversed", "fields": [
            {"name": "id", "type": "string", "doc": "\x9b31m c1 \x1b]0;title\x07"}]}))
    (repo.path / "schemas/\x1b[1mjson").mkdir(parents=True)
    (repo.path / "schemas/\x1b[1mjson/value.schema.json").write_text(json.dumps({
        "$schema": DRAFT_07, "type": "object", "description": "\x1b[5mblink",
        "properties": {"\x1b[31mprop[/x]": {"type": "string"}}}))
    not_utf8 = repo.path / "schemas" / os.fsdecode(b"caf\xe9")  # a Latin-1 folder name
    not_utf8.mkdir()
    (not_utf8 / "value.avsc").write_text('{"type": "record", "name": "B", "fields": []}')
    return repo


@pytest.mark.parametrize("output", ["full", "concise", "json", "github", "sarif", "markdown"])
def test_check_on_hostile_names_and_docs(repo: GitRepo, output: str) -> None:
    _hostile_repo(repo)
    result = run_main(repo.path, "check", "--all", "--format", output)
    assert result.returncode in (0, 1), result.stderr
    for line in (result.stdout + result.stderr).splitlines():
        assert not RAW.search(line), line
    if output in ("json", "sarif"):
        json.loads(result.stdout)


def test_diff_on_hostile_names_and_docs(repo: GitRepo) -> None:
    _hostile_repo(repo)
    repo.commit("hostile")
    schema = repo.path / "schemas/\x1b[1mjson/value.schema.json"
    document = json.loads(schema.read_text())
    document["properties"]["[/bold]\x1b[0mnew"] = {"type": "integer"}
    schema.write_text(json.dumps(document))
    for output in ("full", "markdown", "json"):
        result = run_main(repo.path, "diff", "--format", output)
        assert result.returncode in (0, 1), result.stdout + result.stderr
        for line in (result.stdout + result.stderr).splitlines():
            assert not RAW.search(line), line


def test_diff_renderers_escape_subjects_and_changes() -> None:
    from schemalint.commands.diff import SubjectDiff
    from schemalint.model import Change

    changes = [Change(kind="field_added", description=text, name_path=text, note=text)
               for text in HOSTILE]
    diffs = [SubjectDiff(subject=text, path=f"schemas/{text}.avsc", level=Level.BACKWARD,
                         status="changed", against=Against(ref=text, version=2),
                         changes=changes) for text in HOSTILE]
    for rendered in (render_diff(diffs, color=False), render_markdown(diffs),
                     render_json(diffs)):
        for line in rendered.splitlines():
            assert not RAW.search(line), line
    json.loads(render_json(diffs))
