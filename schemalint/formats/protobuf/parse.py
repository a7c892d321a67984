""".proto text → ``Schema``: compiled by protoc, modelled for the diff, located by source info."""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

from schemalint.errors import InvalidSchemaError
from schemalint.finding_codes import INVALID_SCHEMA as INVALID_SCHEMA
from schemalint.formats.protobuf.bufdeps import buf_dependencies, missing_import_hint
from schemalint.formats.protobuf.compile import (
    CompileError,
    ProtocMessage,
    ProtoContext,
    compile_proto,
)
from schemalint.formats.protobuf.identity import canonical_string
from schemalint.formats.protobuf.locations import SourceInfo
from schemalint.formats.protobuf.model import ProtoModel, build_model
from schemalint.formats.protobuf.names import is_known_import
from schemalint.formats.protobuf.source import ProtoSourceMap, character_column
from schemalint.formats.protobuf.view import ProtobufView
from schemalint.model import Finding, Reference, Schema, SchemaType, Severity
from schemalint.view import SchemaView


class ProtobufSchema(Schema):
    """A parsed .proto file whose identity is printed when first read.

    Two versions are told apart by ``digest`` (see ``Compiled``), which is equal exactly when
    their identities are: comparing the versions of a large file prints neither.
    """

    _identity: str | None = None
    # Set when the identity was given rather than printed from the descriptor.
    _identity_given = False
    _document: Any = None
    digest: str = ""
    # The files it imports, directly or not (see ``Schema.referenced_digests``).
    imported: tuple[tuple[str, str], ...] = ()

    @property
    def document(self) -> Any:
        """The file's ``FileDescriptorProto`` (without source info), decoded when asked."""
        if self._document is not None:
            return self._document
        model: ProtoModel = self.parsed
        return model.descriptor

    @document.setter
    def document(self, value: Any) -> None:
        self._document = value

    @property
    def identity(self) -> str:
        if self._identity is None:
            self._identity = self._identity_text()
        return self._identity

    @identity.setter
    def identity(self, value: str) -> None:
        self._identity = value or None
        self._identity_given = bool(value)

    def _identity_text(self) -> str:
        if self._identity is not None:
            return self._identity
        model: ProtoModel = self.parsed
        assert model.descriptor is not None
        return canonical_string(model.descriptor)

    _identity_hint_exact = True

    def referenced_digests(self) -> tuple[tuple[str, str], ...]:
        return self.imported

    def reference_digest(self) -> str:
        # What an importer's compilation digests of this file (``Compiled.import_digests``).
        return self.digest if self.digest and not self._identity_given \
            else self.identity_sha256()

    def _identity_hint(self) -> Hashable | None:
        return self.digest if self.digest and not self._identity_given else None

    def _read_view(self) -> SchemaView:
        model: ProtoModel = self.parsed
        return SchemaView(ProtobufView(model, self.text), docs_known=model.source_info.known)


def parse_text(text: str, *, path: str | None = None,
               context: ProtoContext | None = None) -> Schema:
    """Parse ``text`` or raise ``InvalidSchemaError`` with protoc's place of the problem.

    Without a context, a file read from disk resolves its imports as protoc does by default,
    against the current directory; text with no file behind it (a registry request, a
    string) resolves only the imports bundled with schemalint's dependencies.
    """
    if context is None:
        context = ProtoContext() if path is not None and Path(path).is_file() else \
            ProtoContext(include=())
    try:
        compiled = compile_proto(text, path=path, context=context)
    except CompileError as error:
        raise InvalidSchemaError(_finding(error, text, path, context)) from None
    model = build_model(compiled.files, compiled.serialized, SourceInfo(compiled.source_info),
                        compiled.import_serialized)
    descriptor = compiled.main_file
    references = []
    for name in descriptor.dependency:
        if is_known_import(name):
            continue
        references.append(Reference(name=name, subject=name,
                                    path=_repository_path(name, context, path)))
    schema = ProtobufSchema(
        schema_type=SchemaType.PROTOBUF, text=text, path=path, document=None,
        parsed=model, identity="", source=ProtoSourceMap(text, model),
        name=model.first_message, references=tuple(references),
    )
    schema.digest = compiled.digest
    # The files registries provide themselves count by name: their content is theirs.
    schema.imported = tuple((name, "" if is_known_import(name) else digest)
                            for name, digest in compiled.import_digests)
    return schema


def _repository_path(name: str, context: ProtoContext | None,
                     path: str | None) -> str | None:
    if context is None or name in context.files:
        return None
    root = context.root.resolve()
    for folder in context.search_dirs(path):
        candidate = folder / name
        if candidate.is_file() and candidate.resolve().is_relative_to(root):
            return candidate.resolve().relative_to(root).as_posix()
    return None


def _finding(error: CompileError, text: str, path: str | None,
             context: ProtoContext) -> Finding:
    in_main = [item for item in error.messages if item.file == error.main]
    elsewhere = [item for item in error.messages if item.file != error.main]
    first = in_main[0] if in_main else error.messages[0]
    message = first.message.rstrip(".")
    dependencies = buf_dependencies(context.root, context.include_dirs()) \
        if any(_not_found(item) for item in elsewhere) and context.include else []
    causes = [_cause(item, error.searched, dependencies) for item in elsewhere]
    if causes and "Import" in first.message:
        message += f" ({'; '.join(causes)})"
    elif not in_main:
        message = "; ".join(causes)
    line, column = first.line, first.column
    if first is not None and first.file == error.main and line is not None \
            and column is not None:
        lines = text.splitlines()
        if 0 < line <= len(lines):
            column = character_column(lines[line - 1], column)
    located = first.file == error.main
    return Finding(
        code=INVALID_SCHEMA, severity=Severity.ERROR,
        message=f"invalid Protobuf schema: {message}",
        path=path, line=line if located else None, column=column if located else None,
    )


def _not_found(item: ProtocMessage) -> bool:
    return item.line is None and item.message.startswith("File not found")


def _cause(item: ProtocMessage, searched: list[str], dependencies: list[str]) -> str:
    if _not_found(item):
        return (f"{item.file} is in none of the import folders: {', '.join(searched)}"
                f"{missing_import_hint(item.file, dependencies)}")
    place = f"{item.file}:{item.line}:{item.column}" if item.line is not None else item.file
    return f"{place}: {item.message.rstrip('.')}"
