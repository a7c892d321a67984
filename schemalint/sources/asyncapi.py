"""AsyncAPI documents (3.0, 2.x and 1.x; YAML or JSON) as a source: a subject per message.

Each message a channel carries is a schema: its payload is the topic's value, its Kafka
binding's ``key`` the topic's key. The topic is the channel's Kafka binding ``topic``, else
its address (3.0: ``channels.<id>.address``, the channel's id where that is null; 2.x: the
channel's name; 1.x: the topic's name after ``baseTopic``). A payload is read in its
``schemaFormat``: the AsyncAPI schema and JSON Schema (the default), Avro, or Protobuf given
as text (2.x: the message's ``schemaFormat``; 3.0: a Multi Format Schema Object
``{schemaFormat, schema}``).

A payload's text is what a registry would hold: JSON, with its ``$ref``s written in place,
as AsyncAPI's parser dereferences them (those into the document, and those into other files
of the repository, read relative to the file that names them); a recursive one goes under
``definitions`` and is referred to there. A ``$ref`` to the network is not followed: that
payload is an error of its subject. A schema that cannot be read is an error of its own
subject; a document that does not parse, of the run (exit 2, with its line).

A document ``schemalint asyncapi`` wrote reads back as the registry's subjects: a schema's
``x-schemalint-schema`` is read where there is one (the registry's form, its references by
name), and the named types and imported ``.proto`` files it carries in ``components/schemas``
(``x-schemalint-subject``) are subjects of their own (``referenced_schemas``).

Each payload is named ``<document>#<pointer>``, the pointer being where the channel names the
message (a message two channels share is two subjects): every version of the document read
from git is cut to that part again, so an edit elsewhere in the document is no new version of
a subject whose payload did not change.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from schemalint.errors import SchemalintError
from schemalint.model import Finding, SchemaType, SourceMapLike
from schemalint.sourcemap import JsonSyntaxError, join_pointer, unescape_pointer_token
from schemalint.sources.files import part_path, split_part

if TYPE_CHECKING:
    from schemalint.formats.jsonschema.refs import FileReader

__all__ = ["ExportedJson", "FileRead", "Payload", "anchor_findings", "document_payloads",
           "document_reading", "is_referenced_schema", "part_display", "version_text"]


# Reads a repository-relative file, for a ``$ref`` to another file; None where there is none.
FileRead = Callable[[str], "str | None"]


class Payload(NamedTuple):
    """One schema of an AsyncAPI document."""

    path: str  # ``<document>#<pointer>`` (``part_path``)
    location: str  # the pointer of the schema itself in the document, past any ``$ref``
    schema_type: SchemaType
    topic: str | None  # None for a schema other schemas reference (``referenced_schemas``)
    # "value" (the payload), "key" (the Kafka binding's key), or None for a schema other
    # schemas reference, a subject of its own as a referenced file is
    role: str | None
    message: str  # the message's name, id or title
    text: str  # the schema as a registry holds it
    # Why the schema cannot be read (a $ref to nothing, a schemaFormat not read): an error
    # of this subject, the others of the document still checked.
    problem: SchemalintError | None = None
    import_path: str = ""  # of a referenced ``.proto``: the path its importers name
    # Of a referenced schema: the file it was exported from (``x-schemalint-path``), which
    # names it as that file names its subject.
    file: str = ""
    # Of a JSON Schema read in the registry's form: each other file its $refs name (as
    # written, without a fragment), with the file of the schema the document carries for it.
    files: tuple[tuple[str, str], ...] = ()


# The extensions ``schemalint asyncapi`` writes so that a document reads back as the
# registry's subjects (docs/asyncapi.md): on a Multi Format Schema Object, the subject it is
# the schema of; the schema as the registry holds it where ``schema`` is written another way
# (an Avro schema with the named types of other subjects in place, a JSON Schema with its
# $refs to other files pointed into the document) and Confluent's references of it; a
# ``.proto``'s import path; the file the schema was exported from.
SUBJECT = "x-schemalint-subject"
REGISTERED_SCHEMA = "x-schemalint-schema"
REFERENCES = "x-schemalint-references"
IMPORT_PATH = "x-schemalint-import"
EXPORTED_FILE = "x-schemalint-path"
_COMPONENT_SCHEMAS = "/components/schemas"

# schemaFormat media types, by prefix (any ``;version=`` follows).
_FORMATS = (
    ("application/vnd.aai.asyncapi", SchemaType.JSON),
    ("application/schema+json", SchemaType.JSON),
    ("application/schema+yaml", SchemaType.JSON),
    ("application/vnd.apache.avro", SchemaType.AVRO),
    ("application/vnd.google.protobuf", SchemaType.PROTOBUF),
    ("application/x-protobuf", SchemaType.PROTOBUF),
)


def document_payloads(path: str, text: str, read: FileRead | None = None) -> list[Payload]:
    """The schemas of the document at ``path``; a ``SchemalintError`` naming the file and
    line where it is not a readable AsyncAPI document. ``read``: the other files its
    ``$ref``s name (by default none is read)."""
    return document_reading(path, text, read)[0]


def document_reading(path: str, text: str, read: FileRead | None = None
                     ) -> tuple[list[Payload], frozenset[str]]:
    """``document_payloads``, and the other files the document's ``$ref``s read."""
    document, source_map = _load(path, text)
    reader = _Reader(path, document, source_map, read)
    payloads = reader.payloads()
    # The files any $ref names (servers, parameters: parts of the document, read or not).
    return payloads, frozenset({*reader.files, *_referenced_files(path, document)}) - {path}


def _referenced_files(path: str, value: Any) -> Iterator[str]:
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#") and ":" not in ref:
                yield posixpath.normpath(posixpath.join(posixpath.dirname(path),
                                                        ref.partition("#")[0]))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


class ExportedJson:
    """The JSON Schemas exported AsyncAPI documents carry, by the file each was exported from
    (``Payload.file``): a schema read in the registry's form (``Payload.files``) reads its
    $refs to other files as those files, whose texts are the carried schemas'."""

    def __init__(self, root: Path) -> None:
        self._root = root.resolve()
        self._carried: dict[Path, str] = {}  # exported file → the part carrying it
        self._named: dict[str, dict[str, Path]] = {}  # part → its $refs' files

    def add(self, part: str, schema_type: SchemaType, file: str,
            files: tuple[tuple[str, str], ...]) -> None:
        if schema_type is SchemaType.JSON and file:
            self._carried.setdefault(self._root / file, part)
        if files:
            self._named[part] = {name: self._root / named for name, named in files}

    def named(self, part: str) -> dict[str, Path] | None:
        """A ``$ref``'s file as written → the file it stands for, for ``JsonRefContext``;
        None where ``part`` is read as written."""
        return self._named.get(part)

    def reader(self, texts: Callable[[str], str | None], others: FileReader | None = None
               ) -> FileReader:
        """Reads a carried file as the text ``texts`` gives its part, any other by
        ``others`` (by default, from disk)."""
        if others is None:
            from schemalint.formats.jsonschema.refs import read_from_disk

            others = read_from_disk

        def read(path: Path) -> str | None:
            part = self._carried.get(path)
            return texts(part) if part is not None else others(path)
        return read


def is_referenced_schema(path: str) -> bool:
    """Whether the part ``path`` names is a schema of ``components/schemas`` read as a subject
    of its own (``referenced_schemas``): the schemas that others name may resolve to; a
    message's payload is named by where its channel names it."""
    return (split_part(path)[1] or "").startswith(_COMPONENT_SCHEMAS + "/")


def version_text(path: str, document_text: Callable[[], str | None],
                 read: FileRead | None = None, version: str = "") -> str | None:
    """The text of the part ``path`` names in one version of its document (``version``,
    whose text ``document_text`` reads and whose other files ``read`` reads); None where that
    version does not hold it (the message came later) or does not read."""
    document, part = split_part(path)
    key = (document, version)
    texts = _VERSIONS.get(key)
    if texts is None:
        text = document_text()
        try:
            texts = {payload.path: payload.text
                     for payload in document_payloads(document, text, read)
                     if payload.problem is None} if text is not None else {}
        except SchemalintError:
            texts = {}
        if len(_VERSIONS) >= _VERSIONS_KEPT:
            del _VERSIONS[next(iter(_VERSIONS))]  # the one read longest ago
        _VERSIONS[key] = texts
    return texts.get(path) if part is not None else None


# Every subject of a document reads the same versions of it, one subject after another: each
# version is read once while the document's subjects are checked (its payloads' texts kept).
_VERSIONS: dict[tuple[str, str], dict[str, str]] = {}
_VERSIONS_KEPT = 512


def part_display(path: str) -> str:
    """``docs/api.yaml (channels/orders/messages/placed)``: a part as a person reads it."""
    document, part = split_part(path)
    if part is None:
        return path
    return f"{document} ({'/'.join(unescape_pointer_token(t) for t in part.split('/')[1:])})"


def anchor_findings(findings: list[Finding], texts: Any,
                    read: FileRead | None = None) -> list[Finding]:
    """Findings on parts of documents anchored in the document: its path, and the line and
    column of the element their pointer names inside the payload; parts named in messages
    are named as a person reads them. ``texts``: path → text, the documents among them."""
    from dataclasses import replace

    anchored: list[Finding] = []
    maps: dict[str, tuple[Any, SourceMapLike] | None] = {}
    for finding in findings:
        path = finding.path or ""
        document, part = split_part(path)
        if part is None:
            anchored.append(finding)
            continue
        if document not in maps:
            text = texts.get(document)
            try:
                maps[document] = _load(document, text) if text is not None else None
            except SchemalintError:
                maps[document] = None
        loaded = maps[document]
        line = column = None
        if loaded is not None:
            try:
                location = _Reader(document, *loaded, read).locate(part, finding.pointer)
            except SchemalintError:
                location = part
            if location is not None:
                line, column = loaded[1].position(location) or (None, None)
        message = finding.message
        if finding.code == "SUBJECT_CONFLICT":
            message = _conflict_message(finding)
        elif finding.code == "SUBJECT_REMOVED":
            message = _removed_message(finding)
        anchored.append(replace(finding, path=document, line=line, column=column,
                                message=_PARTS.sub(lambda m: part_display(m.group()),
                                                   message)))
    return anchored


# A part's name in a message: ``<document>#%2F...`` (``sources.files.part_path``).
_PARTS = re.compile(r"[^\s,'\"()]+#%2F[\w.~%-]*")


def _removed_message(finding: Finding) -> str:
    return (f"The message at {finding.path} is gone from its document, or its channel now "
            f"names another topic, but subject '{finding.subject}' stays in the registry and "
            "consumers still read its events from the log. Restore the message; or, once no "
            f"producer writes the subject, mark it retired: [[subjects]] subject = "
            f"\"{finding.subject}\", retired = true.")


def _conflict_message(finding: Finding) -> str:
    named = finding.message.partition(" map to one subject")[0]
    return (f"{named} map to one subject, '{finding.subject}': a subject holds one schema's "
            "history (Confluent's TopicNameStrategy registers one schema per topic), so none "
            "of them is checked or registered. Where a channel carries several messages, "
            "choose strategy = \"topic-record\", which names each message's subject "
            "<topic>-<record> (its Avro full name, JSON title, or else the message's name); "
            "where two documents describe one topic, keep one of the descriptions.")


def _load(path: str, text: str) -> tuple[Any, SourceMapLike]:
    from schemalint.yamlsource import is_yaml_path, load_yaml

    source_map: SourceMapLike
    try:
        if is_yaml_path(path):
            document, source_map = load_yaml(text)
        else:
            from schemalint.sourcemap import SourceMap, loads, without_comments

            if path.lower().endswith(".avsc"):
                text = without_comments(text)  # an .avsc a payload names: read as Java does
            document = loads(text)
            source_map = SourceMap(text, document)
    except JsonSyntaxError as error:
        raise SchemalintError(f"not a readable AsyncAPI document: {error.message}",
                              path=path, line=error.line, column=error.column) from None
    if not isinstance(document, dict):
        raise SchemalintError("an AsyncAPI document is an object", path=path, line=1)
    return document, source_map


# A place in a file: its repository-relative path and a JSON pointer.
Where = tuple[str, str]


class _Reader:
    """One parsed document: its messages, their schemas, and where each is written; the
    files its ``$ref``s name read as they are needed."""

    def __init__(self, path: str, document: dict[str, Any], source_map: SourceMapLike,
                 read: FileRead | None = None) -> None:
        self.path = path
        self.document = document
        self.source_map = source_map
        self.read = read
        self.files: dict[str, Any] = {path: document}
        self._root: Where = (path, "")  # the schema ``inline`` writes out
        version = document.get("asyncapi")
        self.major = str(version).partition(".")[0]

    def error(self, message: str, where: Where) -> SchemalintError:
        file, pointer = where
        if file != self.path:
            return SchemalintError(f"{message} (at {pointer or '/'})", path=file)
        line, column = self.source_map.position(pointer) or (None, None)
        return SchemalintError(message, path=self.path, line=line, column=column)

    # ---- walking the document ---------------------------------------------------------

    def payloads(self) -> list[Payload]:
        if self.major not in ("1", "2", "3"):
            raise self.error(f"AsyncAPI {self.document.get('asyncapi')!r} is not read "
                             "(1.x, 2.x and 3.0 are)", (self.path, "/asyncapi"))
        # 1.x names them topics.
        section = "topics" if self.major == "1" else "channels"
        channels = self.document.get(section) or {}
        if not isinstance(channels, dict):
            raise self.error(f"{section} must be an object", (self.path, f"/{section}"))
        found: list[Payload] = []
        seen: set[tuple[str | None, str | None, str]] = set()
        topics: set[str] = set()
        for name, channel in channels.items():
            channel_pointer = join_pointer(f"/{section}", name)
            channel, _ = self.resolve(channel, (self.path, channel_pointer))
            if not isinstance(channel, dict):
                continue
            topic = self.topic(name, channel)
            topics.add(topic)
            for site in self.message_sites(channel, channel_pointer):
                for payload in self.message_payloads(site, topic):
                    key = (payload.topic, payload.role, payload.location)
                    if key not in seen:  # publish and subscribe naming one message
                        seen.add(key)
                        found.append(payload)
        if self.major == "3":
            reached = {payload.location for payload in found}
            roles = {(payload.topic, payload.role) for payload in found}
            found.extend(_on_its_channel(payload, topics, roles)
                         for payload in self.referenced_schemas()
                         if payload.location not in reached)
        return found

    def marked_schemas(self) -> dict[str, tuple[str, dict[str, Any]]]:
        """The schemas of ``components/schemas`` a schemalint export marks with their subject
        (``x-schemalint-subject``): subject → (key, the Multi Format Schema Object)."""
        components = self.document.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        if not isinstance(schemas, dict):
            return {}
        return {str(component[SUBJECT]): (key, component) for key, component in schemas.items()
                if isinstance(component, dict) and isinstance(component.get(SUBJECT), str)}

    def referenced_schemas(self) -> Iterator[Payload]:
        """The marked schemas (``marked_schemas``) others reference: an Avro named type by
        its name, a ``.proto`` by its import path, a JSON Schema by its file. Each is a
        subject of its own (no topic, no role), named as the file it was exported from is:
        the Avro full name, the import path, the JSON Schema file's name."""
        for subject, (key, component) in self.marked_schemas().items():
            schema_type = _format_of(component.get("schemaFormat"))
            import_path = component.get(IMPORT_PATH)
            file = _repository_file(component.get(EXPORTED_FILE))
            if schema_type is SchemaType.PROTOBUF and not (isinstance(import_path, str)
                                                            and import_path):
                continue  # no import names it: nothing refers to it
            if schema_type is SchemaType.JSON and not file:
                continue  # no file names it
            if schema_type is None:
                continue
            payload = self.schema(join_pointer(_COMPONENT_SCHEMAS, key), None, None, None,
                                  subject)
            yield payload._replace(
                import_path=import_path if isinstance(import_path, str) else "", file=file)

    def topic(self, name: str, channel: dict[str, Any]) -> str:
        bindings = channel.get("bindings")
        binding = bindings.get("kafka") if isinstance(bindings, dict) else None
        if isinstance(binding, dict) and isinstance(binding.get("topic"), str):
            return str(binding["topic"])
        address = channel.get("address")
        if self.major == "3" and isinstance(address, str) and address:
            return address
        base = self.document.get("baseTopic")
        if self.major == "1" and isinstance(base, str) and base:
            return f"{base}.{name}"
        return name

    def message_sites(self, channel: dict[str, Any], pointer: str) -> list[str]:
        """Where the channel names each of its messages (pointers into the document)."""
        if self.major == "3":
            messages = channel.get("messages")
            return ([join_pointer(pointer, "messages", key) for key in messages]
                    if isinstance(messages, dict) else [])
        sites: list[str] = []
        for operation in ("publish", "subscribe"):
            operation_pointer = join_pointer(pointer, operation)
            value, _ = self.resolve(channel.get(operation), (self.path, operation_pointer))
            if not isinstance(value, dict) or ("message" not in value and self.major != "1"):
                continue
            if self.major == "1":
                # 1.x: the operation is the message, or a oneOf of them.
                message_pointer, message = operation_pointer, value
            else:
                message_pointer = join_pointer(operation_pointer, "message")
                message, _ = self.resolve(value["message"], (self.path, message_pointer))
            if isinstance(message, dict) and isinstance(message.get("oneOf"), list):
                sites.extend(join_pointer(message_pointer, "oneOf", index)
                             for index in range(len(message["oneOf"])))
            else:
                sites.append(message_pointer)
        return sites

    def message_payloads(self, site: str, topic: str) -> list[Payload]:
        message, where = self.follow(site)
        if not isinstance(message, dict):
            return []
        name = next((str(message[key]) for key in ("name", "messageId", "title")
                     if isinstance(message.get(key), str)),
                    unescape_pointer_token(where[1].rpartition("/")[2]))
        # The message's own keys, then its traits' (a message wins over its traits): where
        # each is, as a pointer from the channel's site.
        places = [site, *self.trait_sites(message, site)]
        payloads = []
        if "payload" in message:
            schema_format = (next((found for place in places if isinstance(
                found := self.follow(join_pointer(place, "schemaFormat"))[0], str)), None)
                if self.major != "3" else None)
            payloads.append(self.schema(join_pointer(site, "payload"), schema_format, topic,
                                        "value", name))
        key = next((found for place in places
                    if self.follow(found := join_pointer(place, "bindings", "kafka", "key"))[0]
                    is not None), None)
        if key is not None:
            payloads.append(self.schema(key, None, topic, "key", ""))
        return payloads

    def trait_sites(self, message: dict[str, Any], site: str) -> list[str]:
        traits = message.get("traits")
        return ([join_pointer(site, "traits", index) for index in range(len(traits))]
                if isinstance(traits, list) else [])

    def schema(self, site: str, schema_format: object, topic: str | None, role: str | None,
               message: str) -> Payload:
        try:
            return self.readable_schema(site, schema_format, topic, role, message)
        except SchemalintError as problem:
            return Payload(part_path(self.path, site), site, SchemaType.JSON, topic, role,
                           message, "", problem)

    def readable_schema(self, site: str, schema_format: object, topic: str | None,
                        role: str | None, message: str) -> Payload:
        value, where = self.follow(site)
        registered = None
        object_value: dict[str, Any] = {}
        if self.major == "3" and isinstance(value, dict) and "schemaFormat" in value \
                and "schema" in value:
            # A Multi Format Schema Object.
            object_value = value
            schema_format = value["schemaFormat"]
            registered = value.get(REGISTERED_SCHEMA)
            site = join_pointer(site, "schema")
            value, where = self.follow(site)
        schema_type = self.schema_type(schema_format, where)
        files: tuple[tuple[str, str], ...] = ()
        if isinstance(registered, (str, dict, list)):
            # The registry's schema (its text, or its JSON), its references by name: they
            # resolve to the schemas the document carries of their subjects
            # (``referenced_schemas``).
            text = registered if isinstance(registered, str) else \
                json.dumps(registered, indent=2, ensure_ascii=False)
            if schema_type is SchemaType.JSON:
                files = self.referenced_files(object_value.get(REFERENCES))
        elif schema_type is SchemaType.JSON:
            text = json.dumps(self.inline(value, where), indent=2, ensure_ascii=False)
        elif isinstance(value, str) and (schema_type is SchemaType.PROTOBUF
                                         or value.lstrip().startswith(("{", "[", '"'))):
            text = value  # the schema's text
        elif isinstance(value, str):
            text = json.dumps(value)  # an Avro type by its name: ``schema: string``
        elif schema_type is SchemaType.PROTOBUF:
            raise self.error("a Protobuf schema is written as the text of its .proto file",
                             where)
        else:
            text = json.dumps(value, indent=2, ensure_ascii=False)
        return Payload(part_path(self.path, site), "#".join(where), schema_type, topic, role,
                       message, text, files=files)

    def referenced_files(self, references: object) -> tuple[tuple[str, str], ...]:
        """Each reference's name (a $ref's file as written) with the file of the schema the
        document carries of its subject."""
        if not isinstance(references, list):
            return ()
        marked = self.marked_schemas()
        found = []
        for reference in references:
            if not isinstance(reference, dict):
                continue
            name, subject = reference.get("name"), reference.get("subject")
            carried = marked.get(subject) if isinstance(subject, str) else None
            if carried is None or not isinstance(name, str) or \
                    _format_of(carried[1].get("schemaFormat")) is not SchemaType.JSON:
                continue
            file = _repository_file(carried[1].get(EXPORTED_FILE))
            if file:
                found.append((name.partition("#")[0], file))
        return tuple(found)

    def schema_type(self, schema_format: object, where: Where) -> SchemaType:
        if schema_format is None:
            return SchemaType.JSON
        schema_type = _format_of(schema_format)
        if schema_type is not None:
            return schema_type
        raise self.error(f"schemaFormat {schema_format!r} is not read (the AsyncAPI schema, "
                         "JSON Schema, Avro and Protobuf are)", where)

    # ---- references -----------------------------------------------------------------------

    def follow(self, pointer: str) -> tuple[Any, Where]:
        """The value at ``pointer`` in the document (through the ``$ref``s on the way), and
        where it is written."""
        value: Any = self.document
        where: Where = (self.path, "")
        for token in pointer.split("/")[1:]:
            value, where = self.resolve(value, where)
            key = unescape_pointer_token(token)
            value = _child(value, key)
            if value is _MISSING:
                return None, where
            where = (where[0], join_pointer(where[1], key))
        return self.resolve(value, where)

    def resolve(self, value: Any, where: Where) -> tuple[Any, Where]:
        """``value`` itself, or what its ``$ref`` names (followed on)."""
        seen = {where}
        while isinstance(value, dict) and isinstance(value.get("$ref"), str):
            target = self.target(value["$ref"], where)
            if target in seen:
                raise self.error(f"$ref {value['$ref']!r} refers to itself", where)
            seen.add(target)
            value, where = self.at(target, (where[0], join_pointer(where[1], "$ref"))), target
        return value, where

    def target(self, ref: str, where: Where) -> Where:
        """The file and pointer a ``$ref`` written at ``where`` names."""
        file, _, fragment = ref.partition("#")
        if not file:
            return where[0], fragment
        if ":" in file.partition("/")[0]:
            raise self.error(f"$ref {ref!r}: schemalint reads no schema from the network; "
                             "keep the file in the repository and refer to it by a relative "
                             "path", (where[0], join_pointer(where[1], "$ref")))
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(where[0]), file))
        if joined.startswith("../"):
            raise self.error(f"$ref {ref!r} leads out of the repository",
                             (where[0], join_pointer(where[1], "$ref")))
        return joined, fragment

    def at(self, target: Where, written: Where) -> Any:
        """The value at ``target``; an error at ``written`` (the ``$ref``) where none is."""
        file, pointer = target
        if file not in self.files:
            text = self.read(file) if self.read is not None else None
            if text is None:
                raise self.error(f"$ref names {file}, which does not exist", written)
            self.files[file] = _load(file, text)[0]
        node: Any = self.files[file]
        for token in pointer.split("/")[1:] if pointer else ():
            key = unescape_pointer_token(token)
            if isinstance(node, dict) and key in node:
                node = node[key]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                raise self.error(f"$ref {file if file != self.path else ''}#{pointer} names "
                                 "nothing", written)
        return node

    def inline(self, value: Any, where: Where) -> Any:
        """``value`` with its ``$ref``s written in place, as AsyncAPI's parser dereferences
        them; a recursive one kept as a ``$ref`` to ``definitions``."""
        recursive: dict[Where, str] = {}  # place -> its name under definitions
        self._root = where
        result = self._inline(value, where, (where,), recursive)
        definitions: dict[str, Any] = {}
        while len(definitions) < len(recursive):
            for target, name in list(recursive.items()):
                if name not in definitions:
                    definitions[name] = self._inline(self.at(target, target), target,
                                                     (target,), recursive)
        if definitions and isinstance(result, dict):
            result = {**result, "definitions": {**result.get("definitions", {}),
                                                **definitions}}
        return result

    def _inline(self, value: Any, where: Where, trail: tuple[Where, ...],
                recursive: dict[Where, str]) -> Any:
        if isinstance(value, list):
            return [self._inline(item, (where[0], join_pointer(where[1], index)), trail,
                                 recursive)
                    for index, item in enumerate(value)]
        if not isinstance(value, dict):
            return value
        members = {key: self._inline(item, (where[0], join_pointer(where[1], key)), trail,
                                     recursive)
                   for key, item in value.items() if key != "$ref"}
        ref = value.get("$ref")
        if not isinstance(ref, str):
            return members
        target = self.target(ref, where)
        root_file, root = self._root
        if target[0] == root_file and (target[1] == root or target[1].startswith(f"{root}/")):
            # Within the payload itself: the same place, said from the payload's root.
            return _ref_in_place(value, f"#{target[1][len(root):]}", members)
        if target in trail:
            name = recursive.setdefault(
                target, unescape_pointer_token(target[1].rpartition("/")[2]) or "root")
            return _ref_in_place(value, f"#/definitions/{name}", members)
        found = self._inline(self.at(target, (where[0], join_pointer(where[1], "$ref"))),
                             target, (*trail, target), recursive)
        # Keywords beside the $ref (a description, most often) stay, over what it names.
        return {**found, **members} if isinstance(found, dict) else found

    def locate(self, part: str, pointer: str) -> str:
        """Where in the document the element ``pointer`` names inside the schema at
        ``part`` is written: the nearest written ancestor, through the ``$ref``s (at the
        ``$ref`` that leads into another file, where one does)."""
        value, where = self.follow(part)
        here = where[1] if where[0] == self.path else part
        for token in pointer.split("/")[1:] if pointer else ():
            value, where = self.resolve(value, where)
            key = unescape_pointer_token(token)
            value = _child(value, key)
            if value is _MISSING:
                break
            where = (where[0], join_pointer(where[1], key))
            if where[0] == self.path:
                here = where[1]
        return here


def _ref_in_place(written: dict[str, Any], ref: str, members: dict[str, Any]
                  ) -> dict[str, Any]:
    """``written`` with its ``$ref`` made ``ref`` and its other members ``members``, each
    where it was written: a JSON Schema's identity is its text, key order included."""
    return {key: ref if key == "$ref" else members[key] for key in written}


def _repository_file(file: object) -> str:
    """``x-schemalint-path`` as a repository-relative path; "" where it is none, or leads
    out of the repository."""
    if not isinstance(file, str) or not file or file.startswith("/"):
        return ""
    normal = posixpath.normpath(file)
    return "" if normal == ".." or normal.startswith("../") else normal


def _format_of(schema_format: object) -> SchemaType | None:
    """The format a ``schemaFormat`` names; None for one not read."""
    media = str(schema_format).strip().lower()
    return next((schema_type for prefix, schema_type in _FORMATS if media.startswith(prefix)),
                None)


_MISSING: Any = object()


def _child(value: Any, key: str) -> Any:
    """The member ``key`` of an object or array, or ``_MISSING``."""
    if isinstance(value, dict) and key in value:
        return value[key]
    if isinstance(value, list) and key.isdigit() and int(key) < len(value):
        return value[int(key)]
    return _MISSING


def _on_its_channel(payload: Payload, topics: set[str],
                    roles: set[tuple[str | None, str | None]]) -> Payload:
    """A carried schema whose subject (its message name here) is a channel's key or value
    that no message of the channel carries (a topic with a key and no value: a channel
    without messages) is that channel's key or value again, and reads back under its
    subject."""
    topic, _, role = payload.message.rpartition("-")
    if role in ("key", "value") and topic in topics and (topic, role) not in roles:
        return payload._replace(topic=topic, role=role)
    return payload
