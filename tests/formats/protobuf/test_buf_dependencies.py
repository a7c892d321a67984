"""An import buf fetches from the Buf Schema Registry is missing for protoc: the finding says
which ``buf.yaml`` dependency holds it and how to bring it in.

Found on tuihub/protos (buf.yaml v2, ``deps: [buf.build/bufbuild/protovalidate:v0.14.2]``,
proto/librarian/v1/wellknown.proto imports buf/validate/validate.proto): every file failed
with "is in none of the import folders" and nothing said where the file lives.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from schemalint import InvalidSchemaError
from schemalint.formats.protobuf.compile import ProtoContext
from schemalint.formats.protobuf.parse import parse_text

PROTOVALIDATE_FIX = ("it comes from buf.yaml's dependency buf.build/bufbuild/protovalidate, "
                     "which protoc cannot fetch: run `buf export buf.build/bufbuild/"
                     "protovalidate --output third_party` and add \"third_party\" to "
                     "[protobuf] include")

CASES = [
    ("v2 at the root, pinned", "buf.yaml",
     "version: v2\nmodules:\n  - path: proto\n"
     "deps:\n  - buf.build/bufbuild/protovalidate:v0.14.2\n",
     "buf/validate/validate.proto", PROTOVALIDATE_FIX),
    ("v1 in the module folder, several deps", "proto/buf.yaml",
     "version: v1\ndeps:\n  - buf.build/googleapis/googleapis\n"
     "  - buf.build/envoyproxy/protoc-gen-validate\n",
     "validate/validate.proto",
     "it comes from buf.yaml's dependency buf.build/envoyproxy/protoc-gen-validate"),
    ("deps that do not say which", "buf.yaml",
     "version: v2\ndeps:\n  - buf.build/acme/common\n  - buf.build/acme/money\n",
     "acme/money/v1/money.proto",
     "buf.yaml's dependencies (buf.build/acme/common, buf.build/acme/money) may hold it"),
    ("no buf.yaml", None, None, "buf/validate/validate.proto", None),
    ("a buf.yaml that is no YAML", "buf.yaml", "deps: [unclosed\n",
     "buf/validate/validate.proto", None),
]


@pytest.mark.parametrize(("config", "text", "imported", "hint"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_a_missing_import_names_the_buf_dependency_that_holds_it(
        tmp_path: Path, config: str | None, text: str | None, imported: str,
        hint: str | None) -> None:
    if config is not None and text is not None:
        (tmp_path / config).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / config).write_text(text)
    proto = tmp_path / "proto" / "acme" / "v1" / "order.proto"
    proto.parent.mkdir(parents=True, exist_ok=True)
    source = f'syntax = "proto3";\npackage acme.v1;\nimport "{imported}";\nmessage Order {{}}\n'
    proto.write_text(source)
    with pytest.raises(InvalidSchemaError) as raised:
        parse_text(source, path=str(proto),
                   context=ProtoContext(root=tmp_path, include=("proto",)))
    message = raised.value.finding.message
    assert f"{imported} is in none of the import folders" in message
    if hint is None:
        assert "buf.yaml" not in message
    else:
        assert hint in message
