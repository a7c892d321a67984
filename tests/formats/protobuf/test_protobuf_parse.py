"""Parsing .proto text with protoc: errors at protoc's place, imports, identity, references."""

from __future__ import annotations

import shutil
from importlib.util import find_spec
from pathlib import Path

import pytest

from schemalint import parse_schema
from schemalint.errors import InvalidSchemaError
from schemalint.formats.protobuf import ENGINE, ProtoContext, ProtoModel, first_message_name
from schemalint.model import Reference

REPO = Path(__file__).parents[2] / "fixtures" / "protobuf" / "repo"
ORDER = "schemas/orders/value.proto"


def _error(text: str, **options: object) -> tuple[int | None, int | None, str]:
    with pytest.raises(InvalidSchemaError) as caught:
        ENGINE.parse(text, path="bad.proto", **options)  # type: ignore[arg-type]
    finding = caught.value.finding
    assert finding.code == "INVALID_SCHEMA"
    assert finding.path == "bad.proto"
    return finding.line, finding.column, finding.message


@pytest.mark.parametrize(("text", "line", "column", "message"), [
    ('syntax = "proto3";\nmessage M {\n  int32 a = 1\n  string b = 2;\n}\n',
     4, 3, 'Expected ";"'),
    # protoc counts a tab as 8 columns; the finding counts characters.
    ('syntax = "proto3";\nmessage M {\n\tint32 a = 1\n\tstring b = 2;\n}\n', 4, 2, 'Expected ";"'),
    ('syntax = "proto3";\nmessage M {\n  Money total = 1;\n}\n', 3, 3, '"Money" is not defined'),
    ('syntax = "proto3";\nmessage M {\n  int32 a = 1;\n  string b = 1;\n}\n',
     4, 14, 'Field number 1 has already been used in "M" by field "a"'),
    ('syntax = "proto3";\nmessage M {\n  required int32 a = 1;\n}\n',
     3, 12, "Required fields are not allowed in proto3"),
    ('{"type": "record", "name": "M", "fields": []}', 1, 1, "Expected top-level statement"),
    # protoc counts bytes of UTF-8; the finding counts characters.
    ('syntax = "proto3";\n// é\nmessage M { string é = 1; }\n', 3, 20,
     "Interpreting non ascii codepoint"),
])
def test_syntax_errors_carry_protocs_line_and_column(text: str, line: int, column: int,
                                                     message: str) -> None:
    found_line, found_column, found_message = _error(text)
    assert (found_line, found_column) == (line, column)
    assert found_message.startswith("invalid Protobuf schema: " + message)


def test_a_missing_import_is_reported_on_the_import_line() -> None:
    line, column, message = _error(
        'syntax = "proto3";\n\nimport "common/nowhere.proto";\nmessage M { int32 a = 1; }\n',
        resolver=ProtoContext(root=REPO, include=("schemas",)))
    assert (line, column) == (3, 1)
    assert 'Import "common/nowhere.proto" was not found or had errors' in message
    assert "common/nowhere.proto is in none of the import folders: schemas" in message


def test_an_error_inside_an_imported_file_names_that_file(tmp_path: Path) -> None:
    shutil.copytree(REPO, tmp_path, dirs_exist_ok=True)
    broken = tmp_path / "schemas" / "common" / "money.proto"
    broken.write_text(broken.read_text().replace("int64 units = 2;", "int64 units = 2"))
    with pytest.raises(InvalidSchemaError) as caught:
        ENGINE.parse((tmp_path / ORDER).read_text(), path=ORDER,
                     resolver=ProtoContext(root=tmp_path, include=("schemas",)))
    finding = caught.value.finding
    assert (finding.path, finding.line, finding.column) == (ORDER, 5, 1)
    assert "schemas/common/money.proto:9:3: Expected \";\"" in finding.message


def test_parse_errors_never_write_to_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    _error('syntax = "proto3";\nmessage M {\n')
    ENGINE.parse('syntax = "proto3";\nimport "google/protobuf/empty.proto";\nmessage M {}\n')
    assert capfd.readouterr().err == ""


def test_an_import_between_repository_files_resolves() -> None:
    schema = ENGINE.parse((REPO / ORDER).read_text(), path=ORDER,
                          resolver=ProtoContext(root=REPO, include=("schemas",)))
    assert schema.name == "acme.orders.OrderPlaced"
    assert schema.references == (Reference(name="common/money.proto",
                                           subject="common/money.proto",
                                           path="schemas/common/money.proto"),)
    model = schema.parsed
    assert isinstance(model, ProtoModel)
    assert "acme.common.Money" in model.types


def test_files_in_memory_shadow_the_repository() -> None:
    money = ('syntax = "proto3";\npackage acme.common;\n'
             'message Money { string currency_code = 1; }\n')
    schema = ENGINE.parse((REPO / ORDER).read_text(), path=ORDER, resolver=ProtoContext(
        root=REPO, include=("schemas",), files={"common/money.proto": money}))
    money_type = schema.parsed.types["acme.common.Money"].element
    assert [field.name for field in money_type.fields] == ["currency_code"]
    assert schema.references[0].path is None


@pytest.mark.parametrize("well_known", [
    "any", "duration", "empty", "field_mask", "struct", "timestamp", "wrappers",
])
def test_well_known_types_are_available_offline_and_are_no_references(well_known: str) -> None:
    text = (f'syntax = "proto3";\nimport "google/protobuf/{well_known}.proto";\n'
            "message M { int32 a = 1; }\n")
    schema = ENGINE.parse(text, resolver=ProtoContext(root=REPO, include=()))
    assert schema.references == ()
    assert schema.document.dependency == [f"google/protobuf/{well_known}.proto"]


@pytest.mark.skipif(find_spec("confluent_kafka") is None,
                    reason="confluent-kafka (which ships confluent/meta.proto) not installed")
def test_confluent_meta_and_decimal_resolve_from_confluent_kafka() -> None:
    text = ('syntax = "proto3";\nimport "confluent/meta.proto";\n'
            'import "confluent/type/decimal.proto";\n'
            "message Price {\n  option (confluent.message_meta).doc = \"a price\";\n"
            "  confluent.type.Decimal amount = 1;\n}\n")
    schema = ENGINE.parse(text, resolver=ProtoContext(root=REPO, include=()))
    assert schema.references == ()
    assert "confluent.type.Decimal" in schema.parsed.types


@pytest.mark.parametrize(("text", "name"), [
    ('syntax = "proto3";\npackage a.b;\nenum E { E_0 = 0; }\nmessage First {}\nmessage Second {}\n',
     "a.b.First"),
    ('syntax = "proto3";\nmessage Only { message Inner {} }\n', "Only"),
    ('syntax = "proto3";\npackage a;\nenum E { E_0 = 0; }\n', None),
])
def test_name_is_the_first_messages_full_name(text: str, name: str | None) -> None:
    assert parse_schema(text, "PROTOBUF").name == name
    assert first_message_name(text) == name


def test_the_record_name_is_read_past_comments_strings_and_options() -> None:
    text = ('syntax = "proto3";\n// message Commented {}\n/* package wrong; */\n'
            'import "google/protobuf/descriptor.proto";\n'
            'extend google.protobuf.MessageOptions { string note = 50001; }\n'
            'package right;\nmessage Real {\n  option (note) = "message Quoted";\n'
            '  message Inner {}\n}\n')
    assert first_message_name(text) == ENGINE.parse(text).name == "right.Real"


BASE = 'syntax = "proto3";\npackage p;\nmessage A { int32 x = 1; }\nmessage B { string y = 1; }\n'


@pytest.mark.parametrize(("other", "same"), [
    ('// a comment\nsyntax = "proto3";\n\npackage p;\nmessage A {\n  int32 x = 1;  // x\n}\n'
     "message B {\n  string y = 1;\n}\n", True),
    ('syntax = "proto3";\npackage p;\nmessage B { string y = 1; }\nmessage A { int32 x = 1; }\n',
     False),
    ('syntax = "proto3";\npackage p;\nmessage A { int32 x = 1 [deprecated = true]; }\n'
     "message B { string y = 1; }\n", False),
    ('syntax = "proto3";\npackage p;\nmessage A { int32 renamed = 1; }\n'
     "message B { string y = 1; }\n", False),
])
def test_identity_ignores_layout_and_comments_only(other: str, same: bool) -> None:
    first = ENGINE.parse(BASE, path="a.proto")
    second = ENGINE.parse(other, path="elsewhere/b.proto")
    assert (first.identity == second.identity) is same


def test_text_without_a_file_does_not_read_imports_from_the_working_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "local.proto").write_text('syntax = "proto3";\nmessage L {}\n')
    (tmp_path / "main.proto").write_text('syntax = "proto3";\nimport "local.proto";\n'
                                         "message M { L l = 1; }\n")
    monkeypatch.chdir(tmp_path)
    assert ENGINE.parse((tmp_path / "main.proto").read_text(), path="main.proto").references \
        == (Reference(name="local.proto", subject="local.proto", path="local.proto"),)
    with pytest.raises(InvalidSchemaError):
        ENGINE.parse((tmp_path / "main.proto").read_text(), path="<request>")


SOURCE = """syntax = "proto3";
package shop;

message Order {
  string id = 1;
  oneof payer {
    string user = 2;
  }
  enum Kind {
    KIND_UNSPECIFIED = 0;
    KIND_GIFT = 1;
  }
  reserved 7, 9 to 11;
  reserved "legacy";
}
"""


@pytest.mark.parametrize(("pointer", "place"), [
    ("", (2, 1)),
    ("/Order", (4, 1)),
    ("/Order/1", (5, 3)),
    ("/Order/payer", (6, 3)),
    ("/Order/payer/2", (7, 5)),
    ("/Order/2", (7, 5)),
    ("/Order/Kind/1", (11, 5)),
    ("/Order/5", (4, 1)),
    ("/Order/gone/2", (7, 5)),
    ("/Refund/1", (2, 1)),
])
def test_pointers_map_to_the_element_or_its_nearest_enclosing_one(
        pointer: str, place: tuple[int, int]) -> None:
    assert ENGINE.parse(SOURCE).locate(pointer) == place


def test_the_model_keeps_reserved_numbers_and_names() -> None:
    order = ENGINE.parse(SOURCE).parsed.file.messages[0]
    assert order.reserved_numbers == ((7, 7), (9, 11))
    assert order.reserved_names == ("legacy",)
    assert [(f.name, f.number, f.oneof) for f in order.fields] == [
        ("id", 1, None), ("user", 2, "payer")]


@pytest.mark.parametrize("text", [
    'syntax = "proto3";\nmessage M { string \ud800 = 1; }\n',
    'syntax = "proto3";\nmessage M {}\x00',
    "\x89PNG\r\n\x1a\n",
    "message A {" * 200 + "}" * 200,
    'syntax = "proto4";\n',
    "",
])
def test_odd_input_is_a_finding_or_a_schema_never_a_crash(text: str) -> None:
    try:
        schema = ENGINE.parse(text, path="odd.proto")
    except InvalidSchemaError as error:
        assert error.finding.code == "INVALID_SCHEMA"
        assert error.finding.path == "odd.proto"
        assert error.finding.line is not None
    else:
        assert schema.name is None


def test_parses_in_threads_keep_their_own_diagnostics() -> None:
    from concurrent.futures import ThreadPoolExecutor

    def parse(index: int) -> str:
        good = f'syntax = "proto3";\nmessage M{index} {{ int32 a = 1; }}\n'
        bad = f'syntax = "proto3";\n\nmessage M{index} {{ int32 a = 1 }}\n'
        try:
            ENGINE.parse(bad if index % 2 else good, path=f"f{index}.proto")
        except InvalidSchemaError as error:
            return f"{error.finding.path}:{error.finding.line}"
        return f"f{index}.proto:ok"

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(parse, range(40)))
    assert results == [f"f{i}.proto:{3 if i % 2 else 'ok'}" for i in range(40)]
