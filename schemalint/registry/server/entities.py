"""Request and response bodies: Confluent's JSON entities, omitting empty fields (NON_EMPTY)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemalint.registry.server import errors, wire
from schemalint.registry.server.store import Content, Version


@dataclass(frozen=True)
class RegisterRequest:
    """The body of register, lookup and compatibility requests."""

    schema: str | None
    schema_type: str
    references: list[dict[str, Any]]
    metadata: dict[str, Any] | None
    rule_set: dict[str, Any] | None
    id: int | None
    version: int | None

    @classmethod
    def parse(cls, value: Any) -> RegisterRequest:
        body = wire.require_object(value, "RegisterSchemaRequest")
        schema = _optional(body, "schema", str)
        schema_type = _optional(body, "schemaType", str) or "AVRO"
        references = [_reference(item) for item in _optional(body, "references", list) or []]
        return cls(schema=schema, schema_type=schema_type, references=references,
                   metadata=_optional(body, "metadata", dict),
                   rule_set=_optional(body, "ruleSet", dict),
                   id=_schema_id(body), version=_version(body, "version"))

    @property
    def wanted_version(self) -> int | None:
        """The version asked for; Confluent assigns the next one for none, 0 or less."""
        return self.version if self.version is not None and self.version > 0 else None


def _optional(body: dict[str, Any], name: str, kind: type) -> Any:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise errors.bad_request(
            f"Cannot deserialize value of type `{_java_name(kind)}` for field '{name}' "
            f"from {type(value).__name__} value")
    return value


def _optional_int(body: dict[str, Any], name: str) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise errors.bad_request(
            f"Cannot deserialize value of type `java.lang.Integer` for field '{name}'")
    return value


def _schema_id(body: dict[str, Any]) -> int | None:
    """An IMPORT id: ids are 32-bit, as the serializers' wire format carries them."""
    value = _optional_int(body, "id")
    if value is not None and not wire.INT32_MIN <= value <= wire.INT32_MAX:
        raise errors.not_permitted(f"Schema id {value} is out of range: ids are 32-bit "
                                   f"integers (at most {wire.INT32_MAX})")
    return value


def _version(body: dict[str, Any], name: str) -> int | None:
    value = _optional_int(body, name)
    if value is not None and not wire.INT32_MIN <= value <= wire.INT32_MAX:
        raise errors.invalid_version(str(value))
    return value


_JAVA_NAMES: dict[type, str] = {str: "java.lang.String", list: "java.util.ArrayList",
                                dict: "java.util.LinkedHashMap"}


def _java_name(kind: type) -> str:
    return _JAVA_NAMES.get(kind, kind.__name__)


def _reference(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise errors.bad_request("Cannot deserialize value of type `SchemaReference` from "
                                 f"{type(item).__name__} value")
    name = _optional(item, "name", str)
    subject = _optional(item, "subject", str)
    version = _version(item, "version")
    if name is None or subject is None or version is None:
        raise errors.invalid_schema("Invalid schema: a reference needs name, subject and version")
    return {"name": name, "subject": subject, "version": version}


def schema_entity(row: Version, content: Content) -> dict[str, Any]:
    """A subject version as ``GET /subjects/{s}/versions/{v}`` answers it."""
    entity: dict[str, Any] = {
        "subject": row.subject,
        "version": row.version,
        "id": content.id,
        "schemaType": content.schema_type,
    }
    entity.update(_extras(content))
    entity["schema"] = content.schema
    if row.deleted:
        entity["deleted"] = True
    return entity


def schema_string(content: Content, row: Version | None) -> dict[str, Any]:
    """A schema by id (``GET /schemas/ids/{id}``); subject and version only when scoped."""
    entity: dict[str, Any] = {}
    if row is not None:
        entity["subject"] = row.subject
        entity["version"] = row.version
    entity["schemaType"] = content.schema_type
    entity["schema"] = content.schema
    entity.update(_extras(content))
    return entity


def _extras(content: Content) -> dict[str, Any]:
    extras: dict[str, Any] = {}
    if content.references:
        extras["references"] = content.references
    if content.metadata:
        extras["metadata"] = content.metadata
    if content.rule_set:
        extras["ruleSet"] = content.rule_set
    return extras


def register_response(row: Version, content: Content) -> dict[str, Any]:
    answer: dict[str, Any] = {"id": content.id, "version": row.version,
                              "schemaType": content.schema_type}
    answer.update(_extras(content))
    answer["schema"] = content.schema
    return answer
