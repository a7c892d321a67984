"""What makes large .proto files cheap must not change what is read from them.

The source info is read from protoc's bytes one location at a time (``locations``), versions
are told apart by a digest of their descriptors, and per-field records are plain tuples. Each
is checked here against the slow, plain reading: protoc's decoded ``SourceCodeInfo``, the
printed identity, and field-by-field comparison.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from google.protobuf import descriptor_pb2

from schemalint.formats.protobuf import ENGINE, diff
from schemalint.formats.protobuf.compile import ProtoContext, compile_proto
from schemalint.formats.protobuf.identity import canonical_string
from schemalint.formats.protobuf.locations import SourceInfo, encode_path
from schemalint.formats.protobuf.parse import ProtobufSchema
from schemalint.formats.protobuf.wire import encode_varint, read_varint

NO_IMPORTS = ProtoContext(include=())


def _wide(fields: int, *, comment: str = "a field", tab: bool = False) -> str:
    """A message with enough fields that their indexes need multi-byte varints."""
    indent = "\t" if tab else "  "
    lines = ['syntax = "proto3";', "package acme.wide;", "", "// The event.",
             "message Wide {"]
    for number in range(1, fields + 1):
        lines += [f"{indent}// {comment} {number}", f"{indent}string f{number} = {number};"]
    lines += ["  oneof choice {", "    int64 a = 100000;  // after a", "    bytes b = 100001;",
              "  }", "  enum Kind { KIND_UNSPECIFIED = 0; OTHER = -1; }", "}", ""]
    return "\n".join(lines)


def _protoc_locations(text: str) -> dict[tuple[int, ...], descriptor_pb2.SourceCodeInfo.Location]:
    """protoc's source info decoded whole, the first location of each path."""
    compiled = compile_proto(text, context=NO_IMPORTS)
    info = descriptor_pb2.SourceCodeInfo.FromString(compiled.source_info)
    found: dict[tuple[int, ...], descriptor_pb2.SourceCodeInfo.Location] = {}
    for location in info.location:
        found.setdefault(tuple(location.path), location)
    return found


@pytest.mark.parametrize("value", [0, 1, 127, 128, 300, 16_383, 16_384, 2**31 - 1])
def test_varints_read_back_what_was_written(value: int) -> None:
    encoded = encode_varint(value)
    assert read_varint(encoded + b"\x01", 0) == (value, len(encoded))


@pytest.mark.parametrize("comment", ["a field", "naïve café ✓", "  spaced  "])
def test_spans_and_comments_of_elements_are_protocs(comment: str) -> None:
    text = _wide(300, comment=comment)
    expected = _protoc_locations(text)
    info = SourceInfo(compile_proto(text, context=NO_IMPORTS).source_info)
    # Elements (kind, index, kind, index …) and the file's own statements; not the file.
    elements = [path for path in expected if path and (len(path) % 2 == 0 or len(path) == 1)]
    assert len(elements) > 300
    for path in elements:
        location = expected[path]
        assert info.span(encode_path(path)) == tuple(location.span), path
        comment_text = (location.leading_comments.strip()
                        or location.trailing_comments.strip() or None)
        assert info.comment(encode_path(path)) == comment_text, path


def test_a_file_without_source_info_has_no_comments_or_spans() -> None:
    info = SourceInfo(b"")
    assert not info.known
    assert info.span(encode_path((4, 0))) is None
    assert info.comment(encode_path((4, 0))) is None


@pytest.mark.parametrize(("tab", "pointer", "place"), [
    (False, "/Wide/1", (7, 3)),
    (False, "/Wide/250", (505, 3)),
    # protoc counts a tab as 8 columns; positions count characters.
    (True, "/Wide/250", (505, 2)),
    (False, "/Wide/choice/100000", (607, 5)),
    (False, "/Wide/100001", (608, 5)),
    (False, "/Wide/Kind/-1", (610, 37)),
    (False, "/Wide/250/extra", (505, 3)),
    (False, "/Wide/9999", (5, 1)),
    (False, "/Wide/0250", (5, 1)),
    (False, "/Nothing", (2, 1)),
])
def test_pointers_into_a_wide_message_find_protocs_place(
        tab: bool, pointer: str, place: tuple[int, int]) -> None:
    assert ENGINE.parse(_wide(300, tab=tab), resolver=NO_IMPORTS).locate(pointer) == place


EDITS: list[tuple[str, Callable[[str], str]]] = [
    ("comments and spacing", lambda text: text.replace("// a field 7\n", "\n\n// other\n")),
    ("a field renamed", lambda text: text.replace("string f7 = 7", "string g7 = 7")),
    ("a field's type", lambda text: text.replace("string f7 = 7", "bytes f7 = 7")),
    ("the package", lambda text: text.replace("acme.wide", "acme.wider")),
    ("nothing", lambda text: text),
]


@pytest.mark.parametrize(("edit", "change"), EDITS, ids=[edit for edit, _ in EDITS])
def test_versions_are_the_same_exactly_when_their_identities_are(
        edit: str, change: Callable[[str], str]) -> None:
    text = _wide(40)
    before = ENGINE.parse(text, resolver=NO_IMPORTS)
    after = ENGINE.parse(change(text), resolver=NO_IMPORTS)
    assert isinstance(before, ProtobufSchema) and isinstance(after, ProtobufSchema)
    printed = canonical_string(before.parsed.descriptor) == canonical_string(
        after.parsed.descriptor)
    assert before.same_identity(after) is printed
    assert (before.identity_sha256() == after.identity_sha256()) is printed


def test_an_identity_given_outright_is_compared_as_given() -> None:
    first = ENGINE.parse(_wide(3), resolver=NO_IMPORTS)
    second = ENGINE.parse(_wide(3), resolver=NO_IMPORTS)
    second.identity = "something else"
    assert not first.same_identity(second)


def test_equal_messages_still_compare_the_types_their_fields_name() -> None:
    old = ('syntax = "proto3";\nmessage Event { Detail detail = 1; }\n'
           "message Detail { string a = 1; }\n")
    new = ('syntax = "proto3";\nmessage Event { Detail detail = 1; }\n'
           "enum Detail { DETAIL_UNSPECIFIED = 0; }\n")
    changes = [(item.type, item.path) for item in diff(ENGINE.parse(old, resolver=NO_IMPORTS),
                                                        ENGINE.parse(new, resolver=NO_IMPORTS))]
    assert ("FIELD_KIND_CHANGED", "#/Event/1") in changes


def test_the_descriptor_is_decoded_when_asked_and_keeps_no_source_info() -> None:
    schema = ENGINE.parse(_wide(3), resolver=NO_IMPORTS)
    assert schema.document.package == "acme.wide"
    assert not schema.document.HasField("source_code_info")
    assert schema.parsed.source_info.known


def test_a_file_past_a_megabyte_compiles_and_compares_field_by_field() -> None:
    # Large enough for protoc to run with the allocator tuned (``allocator``); field
    # numbers stay below the range protobuf reserves (19000 to 19999).
    text = _wide(18_000, comment="a field whose comment is long enough to make a megabyte")
    assert len(text) > 1_000_000
    added = text.replace("  string f7 = 7;\n", "  string f7 = 7;\n  int32 extra = 18001;\n")
    old = ENGINE.parse(text, resolver=NO_IMPORTS)
    new = ENGINE.parse(added, resolver=NO_IMPORTS)
    assert [(item.type, item.path, item.update) for item in diff(old, new)] == [
        ("FIELD_ADDED", "#/Wide/18001", "int32 extra = 18001")]
    assert new.locate("/Wide/18001") == (20, 3)
    assert not old.same_identity(new)


@pytest.mark.parametrize("garbage", [b"\x0a\xff", b"\x0f", b""])
def test_output_protoc_would_not_write_is_an_invalid_schema_naming_the_file(
        garbage: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    from schemalint.errors import InvalidSchemaError
    from schemalint.formats.protobuf import compile as compile_module

    real = compile_module._read_descriptor_set
    monkeypatch.setattr(compile_module, "_read_descriptor_set",
                        lambda main, serialized: real(main, garbage))
    with pytest.raises(InvalidSchemaError) as raised:
        ENGINE.parse('syntax = "proto3";\nmessage A { string a = 1; }\n',
                     path="schemas/a/value.proto")
    assert raised.value.finding.path == "schemas/a/value.proto"
    assert "unreadable protoc output" in raised.value.finding.message
