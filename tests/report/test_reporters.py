from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden import assert_golden

from schemalint.cli.output import OutputFormat, report_text
from schemalint.codes import describe_codes
from schemalint.commands.sync import SyncOutcome
from schemalint.model import Against, Direction, Finding, Level, Severity
from schemalint.report import REPORTERS, ReportContext, json_text, printable, report_pieces
from schemalint.report.sync import LABELS, render_text
from schemalint.sync import Action, Step

GOLDEN = Path(__file__).parent / "golden"

FINDINGS = [
    Finding(
        code="READER_FIELD_MISSING_DEFAULT_VALUE", severity=Severity.ERROR,
        message="Field 'channel' has no default and is missing in version 2 (main).",
        path="schemas/orders/value.avsc", line=31, column=7, pointer="/fields/7",
        subject="orders-value", level=Level.BACKWARD_TRANSITIVE, direction=Direction.BACKWARD,
        against=Against(ref="main", version=2), name_path="OrderPlaced.channel",
    ),
    Finding(
        code="MET002", severity=Severity.WARNING,
        message="No occurrence time: add an occurred_at timestamp.",
        path="schemas/payments/value.avsc", line=1, column=1, pointer="",
        subject="payments-value", name_path="PaymentCaptured",
    ),
    Finding(
        code="SUBJECT_REMOVED", severity=Severity.ERROR,
        message="The schema file schemas/old/value.avsc was removed.",
        path="schemas/old/value.avsc", subject="old-value", name_path="old-value",
    ),
    Finding(
        code="EVT001", severity=Severity.INFO, message="Bell \x07 and escape \x1b[31m red",
        path="schemas/a/value.avsc", line=2, column=3, pointer="/name",
    ),
]
# What the command line hands the SARIF reporter: each code's description.
CODES = describe_codes(finding.code for finding in FINDINGS)


@pytest.mark.parametrize("name", sorted(output.value for output in OutputFormat))
def test_reporters_match_golden_files(name: str) -> None:
    context = ReportContext(checked=3, color=False, width=100, codes=CODES)
    output = "".join(report_text(OutputFormat(name), FINDINGS, context))
    assert_golden(GOLDEN / f"{name}.txt", output)


def test_json_document_shape() -> None:
    document = json.loads(REPORTERS["json"](FINDINGS, ReportContext(checked=3)))
    assert document["version"] == 1
    assert document["summary"] == {"checked": 3, "errors": 2, "warnings": 1, "infos": 1}
    first = document["findings"][0]
    assert set(first) >= {"code", "severity", "message", "path", "line", "column", "pointer",
                          "subject", "fingerprint"}
    compat = next(f for f in document["findings"] if f["code"].startswith("READER"))
    assert compat["against"] == {"ref": "main", "version": 2}
    assert compat["direction"] == "backward"
    assert compat["level"] == "BACKWARD_TRANSITIVE"
    removed = next(f for f in document["findings"] if f["code"] == "SUBJECT_REMOVED")
    assert removed["line"] is None and removed["column"] is None


def test_fingerprint_survives_moved_lines() -> None:
    moved = Finding(**{**FINDINGS[0].__dict__, "line": 90, "pointer": "/fields/12"})
    assert moved.fingerprint == FINDINGS[0].fingerprint
    renamed = Finding(**{**FINDINGS[0].__dict__, "name_path": "OrderPlaced.source"})
    assert renamed.fingerprint != FINDINGS[0].fingerprint


def test_control_characters_never_reach_the_terminal() -> None:
    for name in ("concise", "full"):
        output = "".join(report_text(OutputFormat(name), FINDINGS, ReportContext()))
        assert "\x1b" not in output and "\x07" not in output
    assert printable("a\x1b[2Jb") == "a\\x1b[2Jb"


def test_sarif_validates_against_the_sarif_2_1_0_schema() -> None:
    import jsonschema

    schema = json.loads((Path(__file__).parents[1] / "data" / "sarif" /
                         "sarif-2.1.0-rtm.5.json").read_text())
    document = json.loads(REPORTERS["sarif"](FINDINGS, ReportContext(codes=CODES)))
    jsonschema.Draft4Validator(schema).validate(document)
    run = document["runs"][0]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == sorted(
        {f.code for f in FINDINGS})
    first = run["results"][0]
    assert first["partialFingerprints"]["schemalint/v1"]
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == first["ruleId"]


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("50% done", "50%25 done", "50%25 done"),
        ("a\nb\rc", "a%0Ab%0Dc", "a%0Ab%0Dc"),
        ("k: v, w", "k: v, w", "k%3A v%2C w"),
    ],
)
def test_github_escaping(text: str, data: str, prop: str) -> None:
    from schemalint.report.github import escape_data, escape_property

    assert escape_data(text) == data
    assert escape_property(text) == prop


def test_github_annotations_put_changed_files_first_and_count_the_rest() -> None:
    many = [Finding(code="TYPE_MISMATCH", severity=Severity.ERROR, message=f"m{n}",
                    path=f"schemas/t{n:02}/value.avsc", line=1, column=1) for n in range(15)]
    changed = frozenset({"schemas/t14/value.avsc"})
    output = REPORTERS["github"](many, ReportContext(changed_paths=changed)).splitlines()
    annotations = [line for line in output if line.startswith("::error")]
    assert len(annotations) == 10
    assert "file=schemas/t14/value.avsc" in annotations[0]
    assert output[-2].startswith("::notice") and "5 more findings" in output[-2]


@pytest.mark.parametrize("document", [
    {"version": 1, "findings": [], "summary": {"checked": 0}},
    {"findings": [{"code": "DOC001", "line": 3, "ok": True, "ratio": 0.5, "pointer": None}]},
    {"findings": [{"code": "X", "against": {"ref": "main", "version": 2}, "tags": ["a", 1]}]},
    {"nested": [[1, [2, {}]], {"a": []}, [{"b": {"c": [None]}}]], "empty": {}},
    {"unsafe \u202e key": ["bell \x07", "zero\u200bwidth", "é …", "\ud800"]},
    [{"many": list(range(20))} for _ in range(3)],
    "a bare string",
])
def test_json_text_writes_what_json_dumps_indents(document: object) -> None:
    # Written container by container, the text stays byte for byte what the indenting
    # encoder writes, with the same characters escaped.
    expected = json.dumps(document, indent=2, ensure_ascii=False)
    for raw, escaped in (("\u202e", "\\u202e"), ("\u200b", "\\u200b"), ("\ud800", "\\ud800")):
        expected = expected.replace(raw, escaped)
    assert json_text(document) == expected + "\n"
    assert "".join(report_pieces("json", FINDINGS, ReportContext(checked=2))) == \
        REPORTERS["json"](FINDINGS, ReportContext(checked=2))


@pytest.mark.parametrize("action", list(Action), ids=lambda action: action.value)
def test_the_sync_table_labels_every_action(action: Action) -> None:
    # The report keys its labels by value, since it does not import the sync planner.
    outcome = SyncOutcome(steps=[Step("orders-value", action, "detail")])
    assert render_text(outcome, "http://registry").splitlines()[1].split()[1] == \
        LABELS[action.value]


@pytest.mark.parametrize("width", [80, 120])
def test_the_sync_table_folds_long_details_at_word_boundaries(width: int) -> None:
    detail = " ".join(f"word{index}" for index in range(120))  # a 700-character REFUSED row
    outcome = SyncOutcome(steps=[Step("orders-value", Action.REFUSED, detail)])
    lines = render_text(outcome, "http://registry", width=width).splitlines()
    rows = lines[1:lines.index("")]
    assert all(len(line) <= width for line in rows), max(map(len, rows))
    assert rows[0].startswith("orders-value  REFUSED   word0 ")
    assert " ".join(" ".join(row.split()[2:] if index == 0 else row.split())
                    for index, row in enumerate(rows)) == detail


def test_the_markdown_summary_groups_a_kind_that_would_drown_the_rest() -> None:
    undocumented = [Finding(code="DOC001", severity=Severity.WARNING,
                            message=f"The field 'Order.f{index}' has no doc.",
                            path="schemas/orders/value.avsc", line=index + 2, column=5)
                    for index in range(11)]
    breaking = Finding(code="TYPE_MISMATCH", severity=Severity.ERROR, message="long → int",
                       path="schemas/orders/value.avsc", line=30, column=7)
    text = REPORTERS["markdown"]([*undocumented, breaking], ReportContext(checked=1))
    rows = [line for line in text.splitlines() if line.startswith("| 🔴") or
            line.startswith("| 🟡")]
    assert len(rows) == 2, rows
    assert "TYPE_MISMATCH" in rows[0]
    assert "**11 findings of this kind**" in rows[1] and "Order.f0" in rows[1]
    assert "**1** error, **11** warnings in 1 schema." in text
