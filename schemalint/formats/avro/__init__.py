"""Avro: parsing, identity and compatibility as Confluent Schema Registry decides them.

- ``ENGINE.parse`` reads strict JSON (with the ``//`` and ``/* */`` comments Java's parser
  allows, which are no part of the schema) and builds a node graph (``parse``), judging the
  schema as Avro 1.12's Java parser judges a schema being registered: strict (ASCII) names, no
  duplicate fields, symbols or union types, required attributes. A failure raises
  ``InvalidSchemaError`` with an INVALID_SCHEMA finding at the exact line and column. A
  default that does not match its type is an INVALID_DEFAULT finding on a schema that still
  parses: released Confluent versions accept it. As in Avro 1.12 (not 1.11), a union default
  may match any branch.
- ``Schema.identity`` is Confluent's canonical string (``identity``), written when read.
- ``ENGINE.incompatibilities`` is Java's ``SchemaCompatibility`` (``compat``), with one code
  of our own, READER_FIELD_MATCHES_MULTIPLE_WRITER_FIELDS, for the case where Java throws and
  Confluent reports "Unexpected exception during compatibility check".
- Types from other files resolve through a resolver such as ``index.AvroNameIndex``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any

from schemalint.allocation import paused_gc
from schemalint.errors import INVALID_SCHEMA, invalid_schema
from schemalint.finding_codes import INVALID_DEFAULT as INVALID_DEFAULT
from schemalint.formats import SchemaResolver
from schemalint.formats.avro.compat import AvroIncompatibility, check_trees
from schemalint.formats.avro.identity import java_json, tree_string
from schemalint.formats.avro.messages import confluent_message, describe
from schemalint.formats.avro.nodes import NAMED, AvroTree
from schemalint.formats.avro.parse import AvroParseError, build_tree
from schemalint.formats.avro.view import AvroView
from schemalint.model import (
    Change,
    Finding,
    Incompatibility,
    Reference,
    Schema,
    SchemaType,
    Severity,
)
from schemalint.sourcemap import JsonSyntaxError, SourceMap, loads, without_comments
from schemalint.view import SchemaView

if TYPE_CHECKING:
    from schemalint.formats.avro.diff import NamedTypes

__all__ = [
    "ENGINE",
    "INVALID_DEFAULT",
    "INVALID_SCHEMA",
    "AvroEngine",
    "AvroIncompatibility",
    "AvroSchema",
    "AvroTree",
    "avro_documents",
    "canonical_string",
    "confluent_message",
    "fastavro_schema",
]


class AvroSchema(Schema):
    """A parsed Avro schema whose identity is written when first read.

    A compatibility check never needs the canonical string, so parsing does not pay for it.
    """

    _identity: str | None = None

    @property
    def identity(self) -> str:
        if self._identity is None:
            self._identity = tree_string(self.parsed)
        return self._identity

    @identity.setter
    def identity(self, value: str) -> None:
        self._identity = value or None

    def _identity_text(self) -> str:
        return self._identity if self._identity is not None else tree_string(self.parsed)

    def _identity_hint(self) -> Hashable:
        # The canonical string names the root type and every field of a root record, in order.
        hint: Hashable | None = self.__dict__.get("_hint")
        if hint is None:
            root = self.parsed.root
            names = tuple(field.name for field in root.fields) if root.kind == "record" else ()
            hint = self.__dict__["_hint"] = (root.kind, root.full_name, names)
        return hint

    def _read_view(self) -> SchemaView:
        return SchemaView(AvroView(self.parsed, self.document))


    def referenced_digests(self) -> tuple[tuple[str, str], ...]:
        # Per named type from another file (those of the files it uses after its own): the
        # file is a subject of its own, whose version is its whole document's canonical
        # string.
        found: tuple[tuple[str, str], ...] | None = self.__dict__.get("_referenced")
        if found is None:
            tree: AvroTree = self.parsed
            named: dict[str, str] = {}
            if tree.external:
                for document in (tree, *_dependencies(tree, {id(tree)})):
                    for name, node in document.external.items():
                        if name not in named and isinstance(node.origin, AvroTree):
                            named[name] = _identity_digest(node.origin)
            found = self.__dict__["_referenced"] = tuple(named.items())
        return found


def _identity_digest(tree: AvroTree) -> str:
    if tree.identity_digest is None:
        tree.identity_digest = hashlib.sha256(tree_string(tree).encode()).hexdigest()
    return tree.identity_digest


class AvroEngine:
    schema_type = SchemaType.AVRO

    def parse(self, text: str, *, path: str | None = None,
              resolver: SchemaResolver | None = None) -> Schema:
        try:
            # Comments are read as Avro's Java parser reads them: not part of the schema.
            json_text = without_comments(text)
            document = loads(json_text)
        except JsonSyntaxError as error:
            raise invalid_schema(error.message, path, None, "", error.line, error.column) from None
        source = SourceMap(json_text, document)
        try:
            with paused_gc():
                tree, bad_defaults = build_tree(document, path, resolver)
        except AvroParseError as error:
            raise invalid_schema(error.message, path, source, error.pointer) from None
        except RecursionError:
            raise invalid_schema("schema nested too deeply to read", path, None, "", 1, 1) from None
        root = tree.root
        assert root is not None
        findings = []
        for field in bad_defaults:
            pointer = field.pointer + "/default"
            line, column = source.position(pointer) or (None, None)
            findings.append(Finding(
                code=INVALID_DEFAULT, severity=Severity.ERROR,
                message=(f"The default {java_json(field.default)} of field '{field.name}' "
                         f"does not match its type {field.type.describe()}: Avro's Java "
                         "parser rejects it when validating defaults (as Confluent Schema "
                         "Registry does for new schemas from 8.x), and a reader that needs the "
                         "default fails. Use a value of the field's type (for a union, of one "
                         "of its branches)."),
                path=path, line=line, column=column, pointer=pointer,
                name_path=f"{root.name}.{field.name}" if root.kind in NAMED else field.name,
            ))
        return AvroSchema(
            schema_type=SchemaType.AVRO, text=text, path=path, document=document,
            parsed=tree, identity="", source=source,
            name=root.full_name if root.kind in NAMED else None,
            references=tuple(Reference(name=name, subject=name, path=node.origin.path
                                       if isinstance(node.origin, AvroTree) else None)
                             for name, node in tree.external.items()),
            findings=findings,
        )

    def incompatibilities(self, reader: Schema, writer: Schema, *,
                          policy: str = "STRICT") -> Sequence[Incompatibility]:
        try:
            return check_trees(reader.parsed, writer.parsed)
        except RecursionError:
            raise invalid_schema("schema nested too deeply to compare", reader.path, None, "",
                                 1, 1) from None

    def reads(self, reader: Schema, writer: Schema, *, policy: str = "STRICT") -> bool:
        return not self.incompatibilities(reader, writer, policy=policy)

    def describe(self, incompatibility: Incompatibility, *, backward: bool,
                 against: str) -> str:
        return describe(incompatibility, backward=backward, against=against)

    def changes(self, old: Schema, new: Schema, *, policy: str = "STRICT") -> Sequence[Change]:
        from schemalint.formats.avro.diff import diff_documents

        return diff_documents(old.document, new.document, _named_types(old),
                              _named_types(new))


def _named_types(schema: Schema) -> NamedTypes:
    """The differ's index of the named types ``schema``'s document defines, made once a
    schema: a changelog diffs each version against the one before and the one after."""
    from schemalint.formats.avro.diff import named_types

    found = schema.__dict__.get("_named_types")
    if found is None:
        found = schema.__dict__["_named_types"] = named_types(schema.document)
    return found


def canonical_string(schema: Schema) -> str:
    """Confluent's canonical string of a parsed Avro schema (what the registry stores)."""
    tree: AvroTree = schema.parsed
    return tree_string(tree)


def fastavro_schema(schema: Schema) -> Any:
    """The schema in fastavro's parsed form, for reading and writing data with fastavro."""
    import fastavro

    named: dict[str, Any] = {}
    *dependencies, document = avro_documents(schema)
    for dependency in dependencies:
        fastavro.parse_schema(dependency, named_schemas=named, _ignore_default_error=True)
    return fastavro.parse_schema(document, named_schemas=named, _ignore_default_error=True)


def avro_documents(schema: Schema) -> list[Any]:
    """The schema as JSON values in their canonical form: the documents it uses types from,
    each after those it needs, then its own."""
    tree: AvroTree = schema.parsed
    # The schema's own canonical string is its identity, written once. Canonical strings
    # have no duplicate keys to look for: the C scanner reads them alone.
    return [*(loads(tree_string(part), last_duplicate_wins=True)
              for part in _dependencies(tree, {id(tree)})),
            loads(schema.identity, last_duplicate_wins=True)]


def _dependencies(tree: AvroTree, seen: set[int]) -> list[AvroTree]:
    """The documents ``tree`` uses types from, each after the ones it needs itself."""
    found = []
    for node in tree.external.values():
        origin = node.origin
        if isinstance(origin, AvroTree) and id(origin) not in seen:
            seen.add(id(origin))
            found += _dependencies(origin, seen)
            found.append(origin)
    return found


ENGINE = AvroEngine()
