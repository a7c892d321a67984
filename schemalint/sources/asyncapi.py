"""AsyncAPI documents (2.x and 3.0, YAML or JSON) as a source: one subject per message.

Each message a channel carries is a schema: its payload is the topic's value, its Kafka
binding's ``key`` the topic's key. The topic is the channel's Kafka binding ``topic``, else
its address (3.0: ``channels.<id>.address``, the channel's id where that is null; 2.x: the
channel's name). A payload is read in its ``schemaFormat``: the AsyncAPI schema and JSON
Schema (the default), Avro, or Protobuf given as text (2.x: the message's ``schemaFormat``;
3.0: a Multi Format Schema Object ``{schemaFormat, schema}``).

A payload's text is what a registry would hold: JSON, with the ``$ref``s into the document
(``#/components/schemas/...``) written in place, as AsyncAPI's parser dereferences them; a
recursive one goes under ``definitions`` and is referred to there. A ``$ref`` to another
file is left as written and read relative to the document.

Each payload is named ``<document>#<pointer>``, the pointer being where the channel names the
message (a message two channels share is two subjects): every version of the document read
from git is cut to that part again, so an edit elsewhere in the document is no new version of
a subject whose payload did not change.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, NamedTuple

from schemalint.errors import SchemalintError
from schemalint.model import Finding, SchemaType, SourceMapLike
from schemalint.sourcemap import JsonSyntaxError, join_pointer, unescape_pointer_token
from schemalint.sources.files import part_path, split_part

__all__ = ["Payload", "anchor_findings", "document_payloads", "part_display", "version_text"]


class Payload(NamedTuple):
    """One schema of an AsyncAPI document."""

    path: str  # ``<document>#<pointer>`` (``part_path``)
    location: str  # the pointer of the schema itself in the document, past any ``$ref``
    schema_type: SchemaType
    topic: str
    role: str  # "value" (the payload) or "key" (the Kafka binding's key)
    message: str  # the message's name, id or title
    text: str  # the schema as a registry holds it


# schemaFormat media types, by prefix (any ``;version=`` follows).
_FORMATS = (
    ("application/vnd.aai.asyncapi", SchemaType.JSON),
    ("application/schema+json", SchemaType.JSON),
    ("application/schema+yaml", SchemaType.JSON),
    ("application/vnd.apache.avro", SchemaType.AVRO),
    ("application/vnd.google.protobuf", SchemaType.PROTOBUF),
    ("application/x-protobuf", SchemaType.PROTOBUF),
)


def document_payloads(path: str, text: str) -> list[Payload]:
    """The schemas of the document at ``path``; a ``SchemalintError`` naming the file and
    line where it is not a readable AsyncAPI document."""
    document, source_map = _load(path, text)
    return _Reader(path, document, source_map).payloads()


def version_text(path: str, document_text: str) -> str | None:
    """The text of the part ``path`` names in one version of its document; None where that
    version does not hold it (the message came later) or does not read."""
    document, part = split_part(path)
    if part is None:
        return document_text
    return _texts_by_part(document, document_text).get(path)


@lru_cache(maxsize=32)
def _texts_by_part(document: str, text: str) -> dict[str, str]:
    # Every subject of a document reads the same versions of it: each is read once.
    try:
        return {payload.path: payload.text for payload in document_payloads(document, text)}
    except SchemalintError:
        return {}


def part_display(path: str) -> str:
    """``docs/api.yaml (channels/orders/messages/placed)``: a part as a person reads it."""
    document, part = split_part(path)
    if part is None:
        return path
    return f"{document} ({'/'.join(unescape_pointer_token(t) for t in part.split('/')[1:])})"


def anchor_findings(findings: list[Finding], texts: Any) -> list[Finding]:
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
                location = _Reader(document, *loaded).locate(part, finding.pointer)
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
    document = split_part(finding.path or "")[0]
    named = finding.message.partition(" map to one subject")[0]
    return (f"{named} map to one subject, '{finding.subject}': one channel carries several "
            "messages, and a subject holds one schema's history (Confluent's "
            "TopicNameStrategy registers one schema per topic), so none of them is checked "
            f"or registered. Choose strategy = \"topic-record\", which names each message's "
            f"subject <topic>-<record> (its Avro full name, JSON title, or message name), or "
            f"give each message a channel of its own in {document}.")


def _load(path: str, text: str) -> tuple[Any, SourceMapLike]:
    from schemalint.yamlsource import is_yaml_path, load_yaml

    source_map: SourceMapLike
    try:
        if is_yaml_path(path):
            document, source_map = load_yaml(text)
        else:
            from schemalint.sourcemap import SourceMap, loads

            document = loads(text)
            source_map = SourceMap(text, document)
    except JsonSyntaxError as error:
        raise SchemalintError(f"not a readable AsyncAPI document: {error.message}",
                              path=path, line=error.line, column=error.column) from None
    if not isinstance(document, dict):
        raise SchemalintError("an AsyncAPI document is an object", path=path, line=1)
    return document, source_map


class _Reader:
    """One parsed document: its messages, their schemas, and where each is written."""

    def __init__(self, path: str, document: dict[str, Any], source_map: SourceMapLike) -> None:
        self.path = path
        self.document = document
        self.source_map = source_map
        version = document.get("asyncapi")
        self.major = str(version).partition(".")[0]

    def error(self, message: str, pointer: str) -> SchemalintError:
        line, column = self.source_map.position(pointer) or (None, None)
        return SchemalintError(message, path=self.path, line=line, column=column)

    # ---- walking the document ---------------------------------------------------------

    def payloads(self) -> list[Payload]:
        if self.major not in ("2", "3"):
            raise self.error(f"AsyncAPI {self.document.get('asyncapi')!r} is not read "
                             "(2.x and 3.0 are)", "/asyncapi")
        channels = self.document.get("channels") or {}
        if not isinstance(channels, dict):
            raise self.error("channels must be an object", "/channels")
        found: list[Payload] = []
        seen: set[tuple[str, str, str]] = set()
        for name, channel in channels.items():
            channel_pointer = join_pointer("/channels", name)
            channel, _ = self.resolve(channel, channel_pointer)
            if not isinstance(channel, dict):
                continue
            topic = self.topic(name, channel)
            for site in self.message_sites(channel, channel_pointer):
                for payload in self.message_payloads(site, topic):
                    key = (payload.topic, payload.role, payload.location)
                    if key not in seen:  # publish and subscribe naming one message
                        seen.add(key)
                        found.append(payload)
        return found

    def topic(self, name: str, channel: dict[str, Any]) -> str:
        binding = ((channel.get("bindings") or {}).get("kafka") or {}) \
            if isinstance(channel.get("bindings"), dict) else {}
        if isinstance(binding, dict) and isinstance(binding.get("topic"), str):
            return str(binding["topic"])
        address = channel.get("address")
        if self.major == "3" and isinstance(address, str) and address:
            return address
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
            value, _ = self.resolve(channel.get(operation), operation_pointer)
            if not isinstance(value, dict) or "message" not in value:
                continue
            message_pointer = join_pointer(operation_pointer, "message")
            message, _ = self.resolve(value["message"], message_pointer)
            if isinstance(message, dict) and isinstance(message.get("oneOf"), list):
                sites.extend(join_pointer(message_pointer, "oneOf", index)
                             for index in range(len(message["oneOf"])))
            else:
                sites.append(message_pointer)
        return sites

    def message_payloads(self, site: str, topic: str) -> list[Payload]:
        message, location = self.follow(site)
        if not isinstance(message, dict):
            return []
        name = next((str(message[key]) for key in ("name", "messageId", "title")
                     if isinstance(message.get(key), str)), location.rpartition("/")[2])
        payloads = []
        if "payload" in message:
            schema_format = message.get("schemaFormat") if self.major == "2" else None
            payloads.append(self.schema(join_pointer(site, "payload"), schema_format, topic,
                                        "value", unescape_pointer_token(name)))
        bindings = message.get("bindings")
        kafka = bindings.get("kafka") if isinstance(bindings, dict) else None
        if isinstance(kafka, dict) and "key" in kafka:
            payloads.append(self.schema(join_pointer(site, "bindings", "kafka", "key"), None,
                                        topic, "key", ""))
        return payloads

    def schema(self, site: str, schema_format: object, topic: str, role: str,
               message: str) -> Payload:
        value, location = self.follow(site)
        if self.major == "3" and isinstance(value, dict) and "schemaFormat" in value \
                and "schema" in value:
            # A Multi Format Schema Object.
            schema_format = value["schemaFormat"]
            site = join_pointer(site, "schema")
            value, location = self.follow(site)
        schema_type = self.schema_type(schema_format, location)
        if schema_type is SchemaType.JSON:
            text = json.dumps(self.inline(value, location), indent=2, ensure_ascii=False)
        elif isinstance(value, str):
            text = value
        elif schema_type is SchemaType.PROTOBUF:
            raise self.error("a Protobuf schema is written as the text of its .proto file",
                             location)
        else:
            text = json.dumps(value, indent=2, ensure_ascii=False)
        return Payload(part_path(self.path, site), location, schema_type, topic, role,
                       message, text)

    def schema_type(self, schema_format: object, pointer: str) -> SchemaType:
        if schema_format is None:
            return SchemaType.JSON
        media = str(schema_format).strip().lower()
        for prefix, schema_type in _FORMATS:
            if media.startswith(prefix):
                return schema_type
        raise self.error(f"schemaFormat {schema_format!r} is not read (the AsyncAPI schema, "
                         "JSON Schema, Avro and Protobuf are)", pointer)

    # ---- references -----------------------------------------------------------------------

    def follow(self, pointer: str) -> tuple[Any, str]:
        """The value at ``pointer`` (through the ``$ref``s on the way) and where it is."""
        value: Any = self.document
        location = ""
        for token in pointer.split("/")[1:]:
            value, location = self.resolve(value, location)
            key = unescape_pointer_token(token)
            if isinstance(value, dict) and key in value:
                value = value[key]
            elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
                value = value[int(key)]
            else:
                return None, location
            location = join_pointer(location, key)
        return self.resolve(value, location)

    def resolve(self, value: Any, location: str) -> tuple[Any, str]:
        """``value`` itself, or what its ``$ref`` into this document names (followed on)."""
        seen = {location}
        while isinstance(value, dict) and isinstance(value.get("$ref"), str) \
                and value["$ref"].startswith("#"):
            target = value["$ref"][1:]
            if target in seen:
                raise self.error(f"$ref {value['$ref']!r} refers to itself", location)
            seen.add(target)
            found = self._at(target)
            if found is _MISSING:
                raise self.error(f"$ref {value['$ref']!r} names nothing in the document",
                                 join_pointer(location, "$ref"))
            value, location = found, target
        return value, location

    def _at(self, pointer: str) -> Any:
        node: Any = self.document
        for token in pointer.split("/")[1:] if pointer else ():
            key = unescape_pointer_token(token)
            if isinstance(node, dict) and key in node:
                node = node[key]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                return _MISSING
        return node

    def inline(self, value: Any, location: str) -> Any:
        """``value`` with its ``$ref``s into the document written in place; a recursive one
        kept as a ``$ref`` to ``definitions``."""
        recursive: dict[str, str] = {}  # pointer -> its name under definitions
        result = self._inline(value, location, (location,), recursive)
        definitions: dict[str, Any] = {}
        while len(definitions) < len(recursive):
            for target, name in list(recursive.items()):
                if name not in definitions:
                    definitions[name] = self._inline(self._at(target), target, (target,),
                                                     recursive)
        if definitions and isinstance(result, dict):
            result = {**result, "definitions": {**result.get("definitions", {}),
                                                **definitions}}
        return result

    def _inline(self, value: Any, location: str, trail: tuple[str, ...],
                recursive: dict[str, str]) -> Any:
        if isinstance(value, list):
            return [self._inline(item, join_pointer(location, index), trail, recursive)
                    for index, item in enumerate(value)]
        if not isinstance(value, dict):
            return value
        ref = value.get("$ref")
        if isinstance(ref, str) and ref.startswith("#") and len(value) == 1:
            target = ref[1:]
            if target in trail:
                name = recursive.setdefault(
                    target, unescape_pointer_token(target.rpartition("/")[2]) or "root")
                return {"$ref": f"#/definitions/{name}"}
            found = self._at(target)
            if found is _MISSING:
                raise self.error(f"$ref {ref!r} names nothing in the document",
                                 join_pointer(location, "$ref"))
            return self._inline(found, target, (*trail, target), recursive)
        return {key: self._inline(item, join_pointer(location, key), trail, recursive)
                for key, item in value.items()}

    def locate(self, part: str, pointer: str) -> str | None:
        """Where in the document the element ``pointer`` names inside the schema at
        ``part`` is written: the nearest written ancestor, through the ``$ref``s."""
        value, location = self.follow(part)
        for token in pointer.split("/")[1:] if pointer else ():
            value, location = self.resolve(value, location)
            key = unescape_pointer_token(token)
            if isinstance(value, dict) and key in value:
                value, location = value[key], join_pointer(location, key)
            elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
                value, location = value[int(key)], join_pointer(location, key)
            else:
                break
        return location


_MISSING: Any = object()
