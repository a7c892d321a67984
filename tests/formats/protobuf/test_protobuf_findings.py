"""Compatibility findings for .proto files: where they land, what they say, end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from schemalint import check_compatibility
from schemalint.cli.app import app
from schemalint.formats.protobuf import ENGINE, ProtoContext, diff

OLD = """syntax = "proto3";
package shop;

message Order {
  string id = 1;
  int32 count = 2;
  oneof payer {
    string user = 3;
    string guest = 4;
  }
  Line line = 5;
  message Line {
    int32 qty = 1;
  }
}

message Refund {
  string id = 1;
}
"""

NEW = """syntax = "proto3";
package shop;

// Renamed fields and a reformatted body.
message Order {
  string order_id = 1;
  string count = 2;
  oneof payer {
    string user = 3;
  }
  Line line = 5;
  message Line {
    string qty = 1;
  }
}
"""


def _findings(level: str) -> list[tuple[str, str | None, int | None, int | None]]:
    result = check_compatibility(ENGINE.parse(NEW, path="new.proto"), [OLD], level,
                                 "PROTOBUF")
    return [(f.code, f.direction.value if f.direction else None, f.line, f.column)
            for f in result.findings]


def test_backward_findings_land_on_the_new_file_or_its_nearest_enclosing_element() -> None:
    assert sorted(_findings("BACKWARD")) == sorted([
        ("FIELD_SCALAR_KIND_CHANGED", "backward", 7, 3),    # count: int32 → string
        ("ONEOF_FIELD_REMOVED", "backward", 8, 3),          # guest is gone: its oneof
        ("FIELD_SCALAR_KIND_CHANGED", "backward", 13, 5),   # Line.qty
        ("MESSAGE_REMOVED", "backward", 2, 1),              # Refund is gone: the package line
    ])


def test_forward_leg_reports_what_old_readers_cannot_read() -> None:
    forward = [item for item in _findings("FULL") if item[1] == "forward"]
    assert sorted(forward) == sorted([
        ("FIELD_SCALAR_KIND_CHANGED", "forward", 7, 3),
        ("FIELD_SCALAR_KIND_CHANGED", "forward", 13, 5),
    ])


def test_messages_say_what_breaks_for_whom_and_the_fix() -> None:
    result = check_compatibility(NEW, [OLD], "FULL", "PROTOBUF")
    by_direction = {(f.code, f.direction.value if f.direction else ""): f.message
                    for f in result.findings if f.pointer == "/Order/2"}
    backward = by_direction[("FIELD_SCALAR_KIND_CHANGED", "backward")]
    forward = by_direction[("FIELD_SCALAR_KIND_CHANGED", "forward")]
    assert backward.startswith("Field 2 'count' of Order changed type from int32 to string: ")
    assert forward.startswith("Field 2 'count' of Order changed type from int32 to string: ")
    assert "consumers using the new schema cannot read data written with version 1" in backward
    assert "consumers still on version 1 cannot read data written with the new schema" in forward
    assert "Fix: keep the old type and add a new field with a new number" in backward


def test_transitive_levels_check_every_version() -> None:
    signed = OLD.replace("int32 count = 2;", "sint64 count = 2;")
    wide = OLD.replace("int32 count = 2;", "int64 count = 2;")
    latest_only = check_compatibility(OLD, [signed, wide], "BACKWARD", "PROTOBUF")
    assert latest_only.compatible is True
    every = check_compatibility(OLD, [signed, wide], "BACKWARD_TRANSITIVE", "PROTOBUF")
    assert every.compatible is False
    assert every.failed_against is not None and every.failed_against.version == 1
    assert [f.code for f in every.findings] == ["FIELD_SCALAR_KIND_CHANGED"]
    assert check_compatibility(OLD, [signed], "NONE", "PROTOBUF").compatible is True


IMPORTER = """syntax = "proto3";
package shop;
import "common/money.proto";

message Order {
  string id = 1;
  acme.common.Money total = 2;
}
"""


def _with_money(body: str) -> ProtoContext:
    money = f'syntax = "proto3";\npackage acme.common;\nmessage Money {{ {body} }}\n'
    return ProtoContext(root=Path.cwd(), include=(), files={"common/money.proto": money})


def test_an_imported_message_changed_incompatibly_is_reported_on_the_field_using_it() -> None:
    old = ENGINE.parse(IMPORTER, path="old.proto", resolver=_with_money("int64 units = 1;"))
    new = ENGINE.parse(IMPORTER, path="new.proto", resolver=_with_money("string units = 1;"))
    assert sorted(str(item) for item in diff(old, new)) == [
        "FIELD_NAMED_TYPE_CHANGED #/Order/2", "FIELD_SCALAR_KIND_CHANGED #/Money/1"]
    result = check_compatibility(new, [old], "BACKWARD", "PROTOBUF")
    assert {(f.code, f.line, f.column) for f in result.findings} == {
        ("FIELD_SCALAR_KIND_CHANGED", 7, 3), ("FIELD_NAMED_TYPE_CHANGED", 7, 3)}


def test_the_same_imported_file_is_not_diffed_again() -> None:
    context = _with_money("int64 units = 1;")
    old = ENGINE.parse(IMPORTER, resolver=context)
    new = ENGINE.parse(IMPORTER.replace("string id = 1;", "string order_id = 1;"),
                       resolver=context)
    assert [str(item) for item in diff(old, new)] == ["FIELD_NAME_CHANGED #/Order/1"]


def test_compat_command_takes_proto_files(tmp_path: Path) -> None:
    (tmp_path / "old.proto").write_text(OLD)
    (tmp_path / "new.proto").write_text(NEW)
    (tmp_path / "bad.proto").write_text('syntax = "proto3";\nmessage M {\n')
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        broken = runner.invoke(app, ["compat", "new.proto", "old.proto", "--type", "protobuf",
                                     "--format", "concise"])
        invalid = runner.invoke(app, ["compat", "bad.proto", "old.proto", "--format",
                                      "concise"])
    assert broken.exit_code == 1
    assert "new.proto:7:3: error: FIELD_SCALAR_KIND_CHANGED" in broken.output
    assert invalid.exit_code == 2
    assert "bad.proto:3:1: error: INVALID_SCHEMA invalid Protobuf schema:" in invalid.output


def test_compat_command_resolves_imports_from_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "money.proto").write_text(
        'syntax = "proto3";\npackage acme.common;\nmessage Money { int64 units = 1; }\n')
    (tmp_path / "old.proto").write_text(IMPORTER)
    (tmp_path / "new.proto").write_text(IMPORTER.replace("acme.common.Money total = 2;",
                                                         "int64 total = 2;"))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        result = CliRunner().invoke(app, ["compat", "new.proto", "old.proto", "--format",
                                          "concise"])
    assert result.exit_code == 1
    assert "new.proto:7:3: error: FIELD_KIND_CHANGED" in result.output
