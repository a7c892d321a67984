"""The project as an AsyncAPI 3.0.0 document: a pure function of what ``check`` read.

The mapping, which ``schemalint.sources.asyncapi`` reads back (docs/asyncapi.md says the
same):

- **channels**: one per topic, keyed by the topic's id (the topic name with any character
  outside ``[A-Za-z0-9._-]`` made ``_``), ``address`` the topic name. A topic is the one each
  schema file maps to by its place (``schemas/orders/value.avsc`` and ``orders-value.avsc``:
  ``orders``), whatever the strategy: under ``topic`` its subjects are ``<topic>-value`` and
  ``<topic>-key``; under ``record`` and ``topic-record`` one topic may carry several value
  subjects, each its own message of the one channel. Subjects of no topic (a named type or
  file other schemas reference) are no channel: they travel with the schemas that use them;
  subjects of no topic that nothing references (a ``.proto`` under ``record``, named by its
  import path) are messages of no channel.
- **messages**: one per value subject, in ``components/messages`` under the subject's id, the
  channel's ``messages`` naming it by ``$ref``; ``name`` the subject, ``title`` the schema's
  name, ``summary`` and ``description`` its doc.
- **payloads**: every subject's current schema in ``components/schemas`` under the subject's
  id, a Multi Format Schema Object the message's ``payload`` names by ``$ref``:
  Avro ``application/vnd.apache.avro;version=1.9.0`` with the schema as JSON (named types of
  other files defined inline where first used, each named type's ``name`` without dots and
  its ``namespace`` apart, as the parser's Avro meta-schema wants, references by full name:
  ``avro_standalone``); JSON Schema
  ``application/schema+json;version=draft-07`` (the one JSON Schema format the parser takes;
  the schema's own ``$schema`` says its draft) with each ``$ref`` made a pointer into the
  document: ``#/x`` within the schema becomes ``#/components/schemas/<id>/schema/x``, a
  reference to another file of the project ``#/components/schemas/<its id>/schema`` (that
  file carried as a schema of its own), the ``$ref`` the file wrote kept in the component's
  ``x-schemalint-refs`` (pointer → ``$ref``; ``json_with_schema_refs`` undoes it); Protobuf
  ``application/vnd.google.protobuf;version=3`` (or ``version=2``) with the ``.proto`` text as
  Confluent registers it (``// @RootNode`` above each top-level message where the parser
  needs it: ``proto_with_root``), imported files carried as schemas of their own with
  ``x-schemalint-import``, the path the import names (a ``.proto`` of no topic too: its
  subject, the path importers name it by). Every subject's schema is there, with
  its subject in ``x-schemalint-subject`` and its file in ``x-schemalint-path``. An Avro
  schema that references named types of other subjects, and a JSON Schema whose ``$ref``s
  name other files, carry the registry's form too: ``x-schemalint-schema`` (the types named,
  the ``$ref``s as written; a JSON Schema as text, which the parser resolves no ``$ref`` in)
  and ``x-schemalint-references`` (name, subject, version ``-1``), which the reader reads
  back.
- **Kafka bindings** (``bindingVersion`` 0.5.0): the channel's ``topic``; the message's
  ``key`` a ``$ref`` to the ``<topic>-key`` subject's schema where there is one,
  ``schemaIdLocation: payload`` (Confluent's wire format), ``schemaLookupStrategy`` the
  configured strategy's serializer class.
- **operations**: ``send`` for each producer of a ``[[topics]]`` entry matching the topic, and
  ``receive`` for each consumer with a contract on one of its subjects, keyed
  ``<action>-<service>-<channel id>``; ``x-schemalint-owner`` the consumer's owner.
- the topic's ``kind``, ``flavor``, ``owner``, ``audience`` and compatibility level as
  ``x-schemalint-*`` keys of the channel, and ``kind`` and ``flavor`` as message tags too.

Keys are written in one order and every list sorted, so equal projects give equal bytes.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from schemalint.formats.avro import avro_documents
from schemalint.formats.avro.names import full_name, split_name
from schemalint.formats.avro.nodes import PRIMITIVES
from schemalint.formats.protobuf.names import top_level_message_starts
from schemalint.lint.settings import TopicSettings
from schemalint.model import Reference, Schema, SchemaType
from schemalint.sources.asyncapi import IMPORT_PATH, REFERENCES, REGISTERED_SCHEMA

ASYNCAPI_VERSION = "3.0.0"
KAFKA_BINDING_VERSION = "0.5.0"
AVRO_FORMAT = "application/vnd.apache.avro;version=1.9.0"
JSON_SCHEMA_FORMAT = "application/schema+json;version=draft-07"
PROTOBUF_FORMAT = "application/vnd.google.protobuf;version={syntax}"
SCHEMAS_POINTER = "#/components/schemas/"
# A reference's version: the registry's latest of its subject, as the REST API takes -1.
LATEST_VERSION = -1
# Confluent's serializers name subjects by these classes (``value.subject.name.strategy``).
LOOKUP_STRATEGIES = {
    "topic": "TopicNameStrategy",
    "record": "RecordNameStrategy",
    "topic-record": "TopicRecordNameStrategy",
}
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9._-]")
_AVRO_NAMED = frozenset(("record", "error", "enum", "fixed"))
_PROTO_MESSAGE = re.compile(r"\bmessage\s+[A-Za-z_]\w*\s*\{")
# The comment that names the root message for AsyncAPI's Protobuf schema parser.
ROOT_NODE = "@RootNode"
_PROTO_SYNTAX = re.compile(r"""^\s*syntax\s*=\s*["']proto(2|3)["']""", re.MULTILINE)
# JSON Schema keywords whose values are data, never schemas: a "$ref" inside is no reference.
_JSON_DATA_KEYWORDS = frozenset(("enum", "const", "default", "examples", "example"))


class Subject(NamedTuple):
    """One subject and its current schema."""

    name: str
    schema: Schema


class Consumer(NamedTuple):
    """A consumer with a contract on one subject."""

    name: str
    owner: str | None
    subject: str


class Topic(NamedTuple):
    name: str
    values: tuple[Subject, ...]
    key: Subject | None
    settings: TopicSettings | None
    compatibility: str
    consumers: tuple[Consumer, ...] = ()


class Project(NamedTuple):
    """What the document is made of, gathered by ``schemalint.commands.asyncapi``."""

    title: str
    version: str
    strategy: str
    topics: tuple[Topic, ...]
    # Every subject's current schema, by subject: the schemas the topics' schemas reference.
    schemas: Mapping[str, Schema]


def component_id(name: str) -> str:
    """The key a subject or topic is filed under: AsyncAPI's ``^[\\w\\d.\\-_]+$``."""
    return _UNSAFE_ID.sub("_", name) or "_"


def asyncapi_document(project: Project) -> dict[str, Any]:
    """The AsyncAPI 3.0.0 document of ``project``, as a JSON value."""
    ids = _Ids()
    schemas = _SchemaComponents(project.schemas, ids)
    channels: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for topic in sorted(project.topics, key=lambda topic: topic.name):
        channel_id = ids.channel(topic.name)
        key_ref = schemas.add(topic.key) if topic.key is not None else None
        channel_messages: dict[str, Any] = {}
        for value in sorted(topic.values, key=lambda value: value.name):
            message_id = ids.message(value.name)
            messages[message_id] = _message(value, schemas.add(value), key_ref, topic,
                                             project.strategy)
            channel_messages[message_id] = {"$ref": f"#/components/messages/{message_id}"}
        channels[channel_id] = _channel(topic, channel_messages)
        operations.update(_operations(topic, channel_id, sorted(channel_messages), ids))
    for subject in unbound_subjects(project):
        payload = schemas.add(subject)
        messages[ids.message(subject.name)] = _message(subject, payload, None, None,
                                                       project.strategy)
        if subject.schema.schema_type is SchemaType.PROTOBUF:
            # A .proto of no topic is named by its import path, as importers name it: read
            # back, it is the subject of that name.
            schemas.components[payload[len(SCHEMAS_POINTER):]].setdefault(
                IMPORT_PATH, subject.name)
    for name, schema in sorted(project.schemas.items()):
        schemas.add(Subject(name, schema))
    document: dict[str, Any] = {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": project.title,
            "version": project.version,
            "description": f"The event schemas of {project.title}, as schemalint checks them.",
        },
        "defaultContentType": "application/octet-stream",
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas.components},
    }
    return document


def unbound_subjects(project: Project) -> list[Subject]:
    """The subjects of no topic that no schema references: events whose topic the files do
    not say (every ``.proto`` of a repository read under ``record``), each a message of no
    channel."""
    bound = {subject.name for topic in project.topics
             for subject in (*topic.values, *((topic.key,) if topic.key else ()))}
    referenced = {reference.subject for schema in project.schemas.values()
                  for reference in schema.references}
    return [Subject(name, schema) for name, schema in sorted(project.schemas.items())
            if name not in bound and name not in referenced]


class _Ids:
    """Ids unique within their map, the same for the same name in every run."""

    def __init__(self) -> None:
        self._taken: dict[str, dict[str, str]] = {}

    def _unique(self, space: str, name: str) -> str:
        taken = self._taken.setdefault(space, {})
        found = taken.get(name)
        if found is not None:
            return found
        base = component_id(name)
        candidate, count = base, 1
        while candidate in taken.values():
            count += 1
            candidate = f"{base}_{count}"
        taken[name] = candidate
        return candidate

    def channel(self, topic: str) -> str:
        return self._unique("channels", topic)

    def message(self, subject: str) -> str:
        return self._unique("messages", subject)

    def schema(self, subject: str) -> str:
        return self._unique("schemas", subject)

    def operation(self, name: str) -> str:
        return self._unique("operations", name)


def _channel(topic: Topic, messages: dict[str, Any]) -> dict[str, Any]:
    channel: dict[str, Any] = {"address": topic.name, "messages": messages}
    settings = topic.settings
    if settings is not None and settings.owner:
        channel["description"] = f"Owned by {settings.owner}."
    channel["bindings"] = {"kafka": {"topic": topic.name,
                                     "bindingVersion": KAFKA_BINDING_VERSION}}
    channel.update(_topic_extensions(topic))
    return channel


def _topic_extensions(topic: Topic) -> dict[str, Any]:
    settings = topic.settings
    extensions: dict[str, Any] = {}
    if settings is not None:
        extensions["x-schemalint-kind"] = settings.kind
        for key, value in (("flavor", settings.flavor), ("owner", settings.owner),
                           ("audience", settings.audience)):
            if value:
                extensions[f"x-schemalint-{key}"] = value
        if settings.key_fields:
            extensions["x-schemalint-key-fields"] = list(settings.key_fields)
    extensions["x-schemalint-compatibility"] = topic.compatibility
    return extensions


def _message(value: Subject, payload_ref: str, key_ref: str | None, topic: Topic | None,
             strategy: str) -> dict[str, Any]:
    schema = value.schema
    message: dict[str, Any] = {"name": value.name}
    if schema.name:
        message["title"] = schema.name
    doc = _doc(schema)
    if doc:
        summary = doc.strip().splitlines()[0]
        message["summary"] = summary
        if doc.strip() != summary:
            message["description"] = doc
    message["contentType"] = "application/octet-stream"
    message["payload"] = {"$ref": payload_ref}
    kafka: dict[str, Any] = {}
    if key_ref is not None:
        kafka["key"] = {"$ref": key_ref}
    kafka["schemaIdLocation"] = "payload"
    kafka["schemaLookupStrategy"] = LOOKUP_STRATEGIES.get(strategy, strategy)
    kafka["bindingVersion"] = KAFKA_BINDING_VERSION
    message["bindings"] = {"kafka": kafka}
    settings = topic.settings if topic is not None else None
    if settings is not None:
        message["tags"] = [{"name": f"kind:{settings.kind}"}] + (
            [{"name": f"flavor:{settings.flavor}"}] if settings.flavor else [])
    message["x-schemalint-subject"] = value.name
    return message


def _doc(schema: Schema) -> str:
    document = schema.document
    if schema.schema_type is SchemaType.AVRO and isinstance(document, dict):
        doc = document.get("doc")
    elif schema.schema_type is SchemaType.JSON and isinstance(document, dict):
        doc = document.get("description")
    else:
        doc = None
    return doc if isinstance(doc, str) else ""


def _operations(topic: Topic, channel_id: str, message_ids: Sequence[str], ids: _Ids
                ) -> Iterator[tuple[str, dict[str, Any]]]:
    messages = [{"$ref": f"#/channels/{channel_id}/messages/{message_id}"}
                for message_id in message_ids]
    producers = topic.settings.producers if topic.settings is not None else ()
    for producer in sorted(set(producers)):
        yield ids.operation(f"send-{producer}-{channel_id}"), {
            "action": "send",
            "channel": {"$ref": f"#/channels/{channel_id}"},
            "title": f"{producer} sends to {topic.name}",
            "messages": messages,
            "x-schemalint-service": producer,
        }
    readers: dict[str, list[Consumer]] = {}
    for consumer in topic.consumers:
        readers.setdefault(consumer.name, []).append(consumer)
    for name, contracts in sorted(readers.items()):
        subjects = sorted({contract.subject for contract in contracts})
        read = [{"$ref": f"#/channels/{channel_id}/messages/{ids.message(subject)}"}
                for subject in subjects if ids.message(subject) in message_ids]
        operation: dict[str, Any] = {
            "action": "receive",
            "channel": {"$ref": f"#/channels/{channel_id}"},
            "title": f"{name} receives from {topic.name}",
            "messages": read or messages,
            "x-schemalint-service": name,
        }
        owner = next((contract.owner for contract in contracts if contract.owner), None)
        if owner:
            operation["x-schemalint-owner"] = owner
        yield ids.operation(f"receive-{name}-{channel_id}"), operation


class _SchemaComponents:
    """``components/schemas``: each subject's schema once, with those it references."""

    def __init__(self, schemas: Mapping[str, Schema], ids: _Ids) -> None:
        self.schemas = schemas
        self.ids = ids
        self.components: dict[str, Any] = {}
        self.by_path = {schema.path: subject for subject, schema in sorted(schemas.items())
                        if schema.path is not None}

    def _referenced(self, reference: Reference) -> Subject | None:
        """The subject ``reference`` names: the one of its file (a topic's value is
        referenced by its file's path, its subject named by its folder), else by name."""
        name = self.by_path.get(reference.path or "") or reference.subject
        schema = self.schemas.get(name)
        return Subject(name, schema) if schema is not None else None

    def add(self, subject: Subject) -> str:
        """The pointer to ``subject``'s schema, filed (with what it references) if new."""
        schema_id = self.ids.schema(subject.name)
        if schema_id not in self.components:
            self.components[schema_id] = {}  # taken before references come back to it
            self.components[schema_id] = self._component(subject, schema_id)
        return SCHEMAS_POINTER + schema_id

    def _component(self, subject: Subject, schema_id: str) -> dict[str, Any]:
        schema = subject.schema
        component: dict[str, Any]
        if schema.schema_type is SchemaType.AVRO:
            component = {"schemaFormat": AVRO_FORMAT, "schema": avro_standalone(schema)}
            if schema.references:
                # ``schema`` has the named types of other subjects in place, which the
                # registry holds as references: its form and references read back the same.
                # A copy: YAML would write what it shares with ``schema`` as an alias.
                component[REGISTERED_SCHEMA] = copy.deepcopy(schema.document)
                component[REFERENCES] = self._references(schema)
        elif schema.schema_type is SchemaType.JSON:
            document, refs = self._json_schema(schema, schema_id)
            component = {"schemaFormat": JSON_SCHEMA_FORMAT, "schema": document}
            if refs:
                component["x-schemalint-refs"] = refs
            if schema.references:
                # ``schema``'s $refs to other files point into the document; the registry
                # holds the $refs as written, with a reference to each file's subject. As
                # text: the parser resolves every $ref of the document, extensions too.
                component[REGISTERED_SCHEMA] = json.dumps(schema.document, ensure_ascii=False)
                component[REFERENCES] = self._references(schema)
        else:
            syntax = _PROTO_SYNTAX.search(schema.text)
            component = {"schemaFormat": PROTOBUF_FORMAT.format(
                syntax=syntax.group(1) if syntax else "2"),
                "schema": proto_with_root(schema.text)}
            for reference in schema.references:
                imported = self._referenced(reference)
                if imported is not None:
                    pointer = self.add(imported)
                    self.components[pointer[len(SCHEMAS_POINTER):]].setdefault(
                        IMPORT_PATH, reference.name)
        component["x-schemalint-subject"] = subject.name
        if schema.path is not None:
            component["x-schemalint-path"] = schema.path
        return component

    def _references(self, schema: Schema) -> list[dict[str, Any]]:
        """Confluent's references of ``schema``: each name with the subject that holds it,
        at its latest version (``-1``), which the exported schema was read against."""
        references = []
        for reference in schema.references:
            referenced = self._referenced(reference)
            if referenced is not None:
                self.add(referenced)
            references.append({
                "name": reference.name,
                "subject": referenced.name if referenced is not None else reference.subject,
                "version": LATEST_VERSION})
        return references

    def _json_schema(self, schema: Schema, schema_id: str
                     ) -> tuple[Any, dict[str, str]]:
        """The schema with its ``$ref``s pointed into the document, and for each other
        schema it points to, the ``$ref`` as the file wrote it (``x-schemalint-refs``)."""
        external: dict[str, str] = {}
        for reference in schema.references:
            referenced = self._referenced(reference)
            if referenced is not None:
                external.setdefault(reference.name.split("#", 1)[0], self.add(referenced))
        written = {pointer: ref for ref, pointer in sorted(external.items(), reverse=True)}
        return (json_with_document_refs(schema.document, SCHEMAS_POINTER + schema_id, external),
                dict(sorted(written.items())))


def proto_with_root(text: str) -> str:
    """``text`` with ``// @RootNode`` above each top-level message where it declares more
    than one message. AsyncAPI's Protobuf schema parser takes the one message no other
    message of the file uses, and refuses a file with several unless a comment names one:
    marked so, it takes the first such top-level message, which is Confluent's record (the
    file's first message) wherever that is one. A comment: the compiled schema, and the
    registry's identity, are the same."""
    starts = top_level_message_starts(text)
    if not starts or len(_PROTO_MESSAGE.findall(text)) < 2 or ROOT_NODE in text:
        return text
    pieces: list[str] = []
    end = len(text)
    for start in reversed(starts):
        line = text.rfind("\n", 0, start) + 1
        pieces[:0] = [f"{text[line:start]}// {ROOT_NODE}\n", text[line:end]]
        end = line
    return text[:end] + "".join(pieces)


def json_with_document_refs(node: Any, own: str, external: Mapping[str, str]) -> Any:
    """``node`` with each ``$ref`` a pointer into the AsyncAPI document, which the parser
    resolves every ``$ref`` against: ``#/x`` becomes ``<own>/schema/x``, ``<file>#/x``
    ``<external[file]>/schema/x``; others are kept."""
    return _with_refs(node, lambda ref: _document_ref(ref, own, external))


def _with_refs(node: Any, rewrite: Callable[[str], str]) -> Any:
    """``node`` with each ``$ref`` rewritten, data keywords (``enum``, ``const`` …) left as
    they are."""
    if isinstance(node, list):
        return [_with_refs(item, rewrite) for item in node]
    if not isinstance(node, dict):
        return node
    rewritten: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str):
            rewritten[key] = rewrite(value)
        elif key in _JSON_DATA_KEYWORDS:
            rewritten[key] = value
        else:
            rewritten[key] = _with_refs(value, rewrite)
    return rewritten


def _document_ref(ref: str, own: str, external: Mapping[str, str]) -> str:
    target, _, fragment = ref.partition("#")
    if fragment and not fragment.startswith("/"):
        return ref  # an anchor: nothing in the document is named by it
    base = own if not target else external.get(target)
    return ref if base is None else f"{base}/schema{fragment}"


def json_with_schema_refs(node: Any, own: str, external: Mapping[str, str]) -> Any:
    """The inverse of ``json_with_document_refs``: ``external`` maps each referenced schema's
    pointer (``#/components/schemas/<id>``) back to the ``$ref`` its file was named by."""
    return _with_refs(node, lambda ref: _schema_ref(ref, own, external))


def _schema_ref(ref: str, own: str, external: Mapping[str, str]) -> str:
    for base, target in ((own, ""), *external.items()):
        prefix = f"{base}/schema"
        if ref == prefix or ref.startswith(prefix + "/"):
            fragment = ref[len(prefix):]
            return f"{target}#{fragment}" if fragment or not target else target
    return ref


def avro_standalone(schema: Schema) -> Any:
    """The Avro schema as JSON needing no other document, which the registry reads as the
    same schema: each named type of another file defined where first used, each named
    type's name without dots (its namespace apart), references by full name; the rest as
    written."""
    definitions: dict[str, Any] = {}
    if schema.references:
        for document in avro_documents(schema)[:-1]:
            _collect_avro_definitions(document, None, definitions)
    return _AvroInliner(definitions).walk(schema.document, None)


def _collect_avro_definitions(node: Any, namespace: str | None,
                              found: dict[str, Any]) -> None:
    if isinstance(node, list):
        for branch in node:
            _collect_avro_definitions(branch, namespace, found)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if kind in _AVRO_NAMED and isinstance(node.get("name"), str):
        name, space = split_name(node["name"], node.get("namespace", namespace))
        full = full_name(name, space)
        found.setdefault(full, {**node, "__namespace": namespace})
        for field in node.get("fields", ()) if kind in ("record", "error") else ():
            _collect_avro_definitions(field.get("type"), space, found)
    elif kind == "array":
        _collect_avro_definitions(node.get("items"), namespace, found)
    elif kind == "map":
        _collect_avro_definitions(node.get("values"), namespace, found)
    elif isinstance(kind, (dict, list)):
        _collect_avro_definitions(kind, namespace, found)


class _AvroInliner:
    def __init__(self, definitions: Mapping[str, Any]) -> None:
        self.definitions = definitions
        self.defined: set[str] = set()

    def walk(self, node: Any, namespace: str | None) -> Any:
        if isinstance(node, list):
            return [self.walk(branch, namespace) for branch in node]
        if isinstance(node, str):
            return self._named(node, namespace)
        if not isinstance(node, dict):
            return node
        kind = node.get("type")
        if kind in _AVRO_NAMED and isinstance(node.get("name"), str):
            name, space = split_name(node["name"], node.get("namespace", namespace))
            full = full_name(name, space)
            if full in self.defined:
                return full
            self.defined.add(full)
            written = {key: value for key, value in node.items() if key != "__namespace"}
            # The parser's Avro meta-schema takes no dotted name: the namespace apart,
            # stated ("" for none) where it is not the enclosing one.
            written["name"] = name
            if space != namespace:
                written["namespace"] = space or ""
            else:
                written.pop("namespace", None)
            if kind in ("record", "error"):
                written["fields"] = [{**field, "type": self.walk(field.get("type"), space)}
                                     for field in node.get("fields", ())]
            return written
        if kind == "array":
            return {**node, "items": self.walk(node.get("items"), namespace)}
        if kind == "map":
            return {**node, "values": self.walk(node.get("values"), namespace)}
        if isinstance(kind, (dict, list)) or (isinstance(kind, str) and kind not in PRIMITIVES):
            # ``{"type": "com.acme.Address"}`` is the reference itself, as the parser reads it.
            walked = self.walk(kind, namespace)
            return walked if set(node) == {"type"} else {**node, "type": walked}
        return node

    def _named(self, name: str, namespace: str | None) -> Any:
        if name in PRIMITIVES:
            return name
        full = name if "." in name or namespace is None else f"{namespace}.{name}"
        if full not in self.defined and full not in self.definitions and (
                name in self.defined or name in self.definitions):
            full = name  # a type of no namespace, named from within one, as Java finds it
        if full in self.defined or full not in self.definitions:
            return full
        definition = self.definitions[full]
        return self.walk(definition, definition.get("__namespace"))
