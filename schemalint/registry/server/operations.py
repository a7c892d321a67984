"""What each registry request does, over the store, in Confluent's order of checks.

Every method either returns the JSON answer or raises ``RegistryError``. Writes run inside one
``Store.write()`` transaction each, so what a write reads (the latest version, the next id)
cannot change before it commits, whichever process serves the request.

A registration parses and checks compatibility before it takes the write lock, on a read
snapshot; inside the write transaction it runs its checks again on what is there now, and
finds the parse and the compatibility verdict already made unless another write changed what
they depend on in between. So no other writer waits while a schema is being checked.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
from typing import Any

from schemalint.compat import PreviousVersion, check_level
from schemalint.errors import InvalidSchemaError
from schemalint.model import Against, Level
from schemalint.registry.server import entities, errors, messages, settings, subjects, wire
from schemalint.registry.server.entities import RegisterRequest
from schemalint.registry.server.parsing import Parsed, Parser, fingerprint
from schemalint.registry.server.store import Content, Store, Version

log = logging.getLogger("schemalint.registry.server")

_IMPORTING = ("IMPORT", "FORWARD")


class Abandoned(Exception):
    """The request's time limit passed before it wrote: nothing is written."""


class Memo:
    """Parses and compatibility verdicts of one request, by everything they depend on."""

    def __init__(self) -> None:
        self.parsed: dict[tuple[Any, ...], Parsed] = {}
        self.failures: dict[tuple[Any, ...], list[str]] = {}


class Registry:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.parser = Parser(store)

    # -- subjects and versions --------------------------------------------------------------

    def list_subjects(self, prefix: str, deleted: bool, deleted_only: bool) -> list[str]:
        with self.store.read():
            if deleted_only:
                names = sorted(self.store.subjects_with_deleted())
            else:
                names = [name for name, live in self.store.subjects() if live or deleted]
        return [name for name in names if subjects.matches_prefix(name, prefix)]

    def list_versions(self, subject: str, deleted: bool, deleted_only: bool,
                      deleted_as_negative: bool) -> list[int]:
        subject = subjects.normalize(subject)
        with self.store.read():
            rows = self.store.versions(subject)
        if not any(deleted or deleted_only or not row.deleted for row in rows):
            raise errors.subject_not_found(subject)
        if deleted_as_negative:
            return [-row.version if row.deleted else row.version for row in rows]
        if deleted_only:
            return [row.version for row in rows if row.deleted]
        return [row.version for row in rows if deleted or not row.deleted]

    def get_version(self, subject: str, version: int, deleted: bool) -> dict[str, Any]:
        subject = subjects.normalize(subject)
        with self.store.read():
            row = self._find_version(subject, version, deleted)
            content = self._content(row.schema_id)
        return entities.schema_entity(row, content)

    def _find_version(self, subject: str, version: int, deleted: bool) -> Version:
        rows = self.store.versions(subject)
        if version == -1:
            live = [row for row in rows if not row.deleted]
            found = live[-1] if live else None
        else:
            found = next((row for row in rows
                          if row.version == version and (deleted or not row.deleted)), None)
        if found is not None:
            return found
        if not any(deleted or not row.deleted for row in rows):
            raise errors.subject_not_found(subject)
        raise errors.version_not_found(version)

    def _content(self, schema_id: int) -> Content:
        content = self.store.content(schema_id)
        if content is None:
            raise errors.store_error(f"Schema {schema_id} is missing from the store")
        return content

    def referenced_by(self, subject: str, version: int, deleted: bool) -> list[int]:
        subject = subjects.normalize(subject)
        with self.store.read():
            row = self._find_version(subject, version, True)
            return self.store.referrers(subject, row.version, include_deleted=deleted)

    def latest_with_metadata(self, subject: str, wanted: dict[str, str],
                             deleted: bool) -> dict[str, Any]:
        subject = subjects.normalize(subject)
        with self.store.read():
            rows = [row for row in self.store.versions(subject) if deleted or not row.deleted]
            for row in reversed(rows):
                content = self._content(row.schema_id)
                properties = (content.metadata or {}).get("properties") or {}
                if all(properties.get(key) == value for key, value in wanted.items()):
                    return entities.schema_entity(row, content)
        if not rows:
            raise errors.subject_not_found(subject)
        raise errors.schema_not_found()

    # -- schemas by id ----------------------------------------------------------------------

    def get_by_id(self, schema_id: int, subject: str | None,
                  fetch_max_id: bool) -> dict[str, Any]:
        with self.store.read():
            rows = self.store.versions_of_id(schema_id)
            if not rows:
                raise errors.schema_not_found(schema_id)
            content = self._content(schema_id)
            max_id = self.store.max_id() if fetch_max_id else None
        scoped = None
        if subject is not None:
            wanted = subjects.normalize(subject)
            scoped = next((row for row in rows if row.subject == wanted), rows[0])
        answer = entities.schema_string(content, scoped)
        if max_id is not None:
            answer["maxId"] = max_id
        return answer

    def serialized(self, schema_id: int) -> str:
        """A Protobuf schema as Confluent's ``format=serialized``: its compiled
        ``FileDescriptorProto``, base64-encoded."""
        from google.protobuf import descriptor_pb2

        with self.store.read():
            document = self.parser.stored(schema_id).document
        descriptor = descriptor_pb2.FileDescriptorProto()
        descriptor.CopyFrom(document)
        descriptor.ClearField("source_code_info")
        return base64.standard_b64encode(descriptor.SerializeToString()).decode("ascii")

    def versions_of_id(self, schema_id: int, subject: str | None,
                       deleted: bool) -> list[dict[str, Any]]:
        with self.store.read():
            rows = self.store.versions_of_id(schema_id)
        if not rows:
            raise errors.schema_not_found()
        if subject is not None and subjects.context_of(subject) != subjects.DEFAULT_CONTEXT:
            context = subjects.context_of(subject)
            rows = [row for row in rows if subjects.context_of(row.subject) == context]
        return [{"subject": row.subject, "version": row.version}
                for row in rows if deleted or not row.deleted]

    def subjects_of_id(self, schema_id: int, subject: str | None, deleted: bool) -> list[str]:
        names: list[str] = []
        for item in self.versions_of_id(schema_id, subject, deleted):
            if item["subject"] not in names:
                names.append(item["subject"])
        return names

    def list_schemas(self, prefix: str, deleted: bool, latest_only: bool) -> list[dict[str, Any]]:
        with self.store.read():
            rows = [row for row in self.store.all_versions()
                    if (deleted or not row.deleted)
                    and subjects.matches_prefix(row.subject, prefix)]
            if latest_only:
                latest: dict[str, Version] = {}
                for row in rows:
                    latest[row.subject] = row
                rows = list(latest.values())
            return [entities.schema_entity(row, self._content(row.schema_id)) for row in rows]

    # -- register and lookup ----------------------------------------------------------------

    def register(self, subject: str, request: RegisterRequest, normalize: bool,
                 force: bool, abandoned: threading.Event | None = None) -> dict[str, Any]:
        if not subjects.is_valid(subject) or subjects.is_context_only(subject):
            raise errors.invalid_subject(subject)
        subject = subjects.normalize(subject)
        memo = Memo()
        with self.store.read():
            self._register(subject, request, normalize, force, memo, dry=True)
        if abandoned is not None and abandoned.is_set():
            raise Abandoned
        with self.store.write():
            answer, created = self._register(subject, request, normalize, force, memo)
        if created:
            log.info("register subject=%s version=%s id=%s type=%s", subject,
                     answer["version"], answer["id"], answer["schemaType"])
        return answer

    def _register(self, subject: str, request: RegisterRequest, normalize: bool,
                  force: bool, memo: Memo, *, dry: bool = False
                  ) -> tuple[dict[str, Any], bool]:
        """Register; ``dry`` stops before the first write (the answer is then empty)."""
        importing = self._check_register_mode(subject, request)
        rows = self.store.versions(subject)
        next_version = max((row.version for row in rows), default=0) + 1
        live = [row for row in rows if not row.deleted]
        config = settings.config_in_scope(self.store, subject)
        normalize = normalize or bool(config.get("normalize"))
        text, schema_type, references, metadata, rule_set = self._requested(
            request, config, self._content(live[-1].schema_id) if live else None, importing)
        parsed = self._parsed(memo, text, schema_type, references, normalize)
        key = fingerprint(parsed.schema_type, parsed.canonical, parsed.references, metadata,
                          rule_set)
        holders = self.store.content_ids(key)
        schema_id = holders[0] if holders else None
        if request.id is not None and request.id >= 0:
            schema_id = request.id if request.id in holders else None
        if schema_id is not None and request.wanted_version is None:
            same = [row for row in live if row.schema_id == schema_id]
            if same:
                return entities.register_response(same[-1], self._content(schema_id)), False

        if not importing and not force:
            verdict = (parsed.canonical, json.dumps(parsed.references), json.dumps(metadata),
                       tuple((row.version, row.schema_id) for row in live),
                       json.dumps(config, sort_keys=True))
            if verdict not in memo.failures:
                memo.failures[verdict] = self._incompatibilities(subject, parsed, metadata,
                                                                 live, config)
            failures = memo.failures[verdict]
            if failures:
                raise errors.incompatible(subject, failures)

        version = next_version
        wanted = request.wanted_version
        if wanted is not None:
            if wanted != next_version and not importing:
                raise errors.invalid_schema("Version is not one more than previous version")
            existing = self.store.version(subject, wanted)
            if existing is not None:
                if existing.schema_id == schema_id:
                    return entities.register_response(existing, self._content(schema_id)), False
                raise errors.not_permitted(f"Version {wanted} already exists in "
                                           f"subject {subject}")
            version = wanted
        if dry:
            return {}, False

        if schema_id is None:
            schema_id = self._new_id(request, subjects.context_of(subject))
            content = Content(schema_id, parsed.schema_type, parsed.stored, parsed.references,
                              metadata, rule_set)
            self.store.insert_content(content, key)
        for row in rows:
            if row.deleted and row.schema_id == schema_id and row.version < version and \
                    not self.store.referrers(subject, row.version, include_deleted=True):
                self.store.hard_delete(subject, row.version)
        self.store.insert_version(subject, version, schema_id)
        new_row = Version(subject, version, schema_id, False)
        return entities.register_response(new_row, self._content(schema_id)), True

    def _parsed(self, memo: Memo, text: str, schema_type: str,
                references: list[dict[str, Any]], normalize: bool) -> Parsed:
        resolved = self.parser.resolve_references(references)
        key = (text, schema_type, json.dumps(resolved), normalize)
        if key not in memo.parsed:
            memo.parsed[key] = self.parser.parse_request(text, schema_type, references,
                                                         normalize=normalize)
        return memo.parsed[key]

    def _check_register_mode(self, subject: str, request: RegisterRequest) -> bool:
        """Refuse a registration the mode forbids; true when the mode is IMPORT (or FORWARD)."""
        mode = settings.mode_in_scope(self.store, subject)
        context = subjects.context_of(subject)
        if mode in settings.READ_ONLY:
            raise errors.not_permitted(f"Subject {subject} in context {context} is in "
                                       "read-only mode")
        importing = mode in _IMPORTING
        if request.id is not None and request.id >= 0:
            if not importing:
                raise errors.not_permitted(f"Subject {subject} in context {context} is not "
                                           "in import mode")
        elif mode != settings.DEFAULT_MODE:
            raise errors.not_permitted(f"Subject {subject} in context {context} is not in "
                                       "read-write mode")
        return importing

    @staticmethod
    def _requested(request: RegisterRequest, config: dict[str, Any], latest: Content | None,
                   importing: bool) -> tuple[str, str, list[dict[str, Any]], Any, Any]:
        """What to register: an empty schema repeats the latest version's, and metadata and
        rule set are the config's defaults, then the request's (or the latest's), then the
        config's overrides. IMPORT mode takes the request as it is."""
        text, schema_type, references = request.schema, request.schema_type, request.references
        if importing:
            if text is None or not text.strip():
                raise errors.invalid_schema("Empty schema")
            return text, schema_type, references, request.metadata, request.rule_set
        if text is None or not text.strip():
            if latest is None:
                raise errors.invalid_schema("Empty schema")
            text, schema_type, references = latest.schema, latest.schema_type, latest.references
        metadata = _merge_metadata(
            config.get("defaultMetadata"),
            request.metadata if request.metadata is not None
            else (latest.metadata if latest else None),
            config.get("overrideMetadata"))
        rule_set = _merge_rule_sets(
            config.get("defaultRuleSet"),
            request.rule_set if request.rule_set is not None
            else (latest.rule_set if latest else None),
            config.get("overrideRuleSet"))
        return text, schema_type, references, metadata, rule_set

    def _new_id(self, request: RegisterRequest, context: str) -> int:
        if request.id is None or request.id < 0:
            allocated = self.store.allocate_id()
            if allocated > wire.INT32_MAX:
                # An IMPORT took the highest id there is; a 32-bit id cannot follow it.
                raise errors.store_error(f"Error while registering the schema: no schema id "
                                         f"is left after {wire.INT32_MAX}")
            return allocated
        if self.store.content(request.id) is not None:
            raise errors.not_permitted(f"Overwrite new schema with id {request.id} in context "
                                       f"{context} is not permitted.")
        self.store.reserve_id(request.id)
        return request.id

    def _incompatibilities(self, subject: str, parsed: Parsed, metadata: dict[str, Any] | None,
                           previous: list[Version], config: dict[str, Any]) -> list[str]:
        level = Level(config.get("compatibilityLevel", settings.DEFAULT_LEVEL))
        policy = str(config.get("compatibilityPolicy") or "STRICT")
        policy = "STRICT" if policy == "LOGICAL" else policy
        group = config.get("compatibilityGroup")
        if group:
            wanted = ((metadata or {}).get("properties") or {}).get(group)
            previous = [row for row in previous
                        if ((self._content(row.schema_id).metadata or {}).get("properties")
                            or {}).get(group) == wanted]
        history = [PreviousVersion(self.parser.stored(row.schema_id), Against(version=row.version))
                   for row in previous]
        try:
            result = check_level(parsed.schema, history, level, subject=subject, policy=policy)
        except InvalidSchemaError as exc:  # not safe to compare: a pattern past its time bound
            raise errors.invalid_schema(f"Invalid schema of type {parsed.schema_type}, "
                                        f"details: {exc.message}") from None
        if result.compatible:
            return []
        failed = result.failed_against.version if result.failed_against else None
        old_row = next((row for row in previous if row.version == failed), previous[-1])
        found = messages.failure_messages(
            parsed.schema, self.parser.stored(old_row.schema_id), old_row.version,
            self._content(old_row.schema_id).schema, level, policy)
        if not found:
            found = [finding.message for finding in result.findings]
        return [*found, messages.suffix(bool(config.get("validateFields")), level)]

    def lookup(self, subject: str, request: RegisterRequest, normalize: bool,
               deleted: bool) -> dict[str, Any]:
        subject = subjects.normalize(subject)
        with self.store.read():
            config = settings.config_in_scope(self.store, subject)
            normalize = normalize or bool(config.get("normalize"))
            rows = [row for row in self.store.versions(subject) if deleted or not row.deleted]
            if request.schema is None or not request.schema.strip():
                if not rows:
                    raise errors.subject_not_found(subject)
                raise errors.schema_not_found()
            parsed = self.parser.parse_request(request.schema, request.schema_type,
                                               request.references, normalize=normalize)
            latest = self._content(rows[-1].schema_id) if rows else None
            candidates = [(request.metadata, request.rule_set)]
            if latest is not None:
                # As registering would: the latest version's metadata and rule set, merged
                # with the config's defaults and overrides.
                candidates.append(self._requested(request, config, latest, False)[3:])
            for metadata, rule_set in candidates:
                holders = self.store.content_ids(fingerprint(
                    parsed.schema_type, parsed.canonical, parsed.references, metadata, rule_set))
                match = [row for row in rows if row.schema_id in holders]
                if match:
                    return entities.schema_entity(match[-1], self._content(match[-1].schema_id))
        if not rows:
            raise errors.subject_not_found(subject)
        raise errors.schema_not_found()

    # -- compatibility ----------------------------------------------------------------------

    def test_compatibility(self, subject: str, version: int | None, request: RegisterRequest,
                           normalize: bool, verbose: bool) -> dict[str, Any]:
        subject = subjects.normalize(subject)
        with self.store.read():
            rows = [row for row in self.store.versions(subject) if not row.deleted]
            if version is not None:
                if version == -1:
                    rows = rows[-1:]
                else:
                    rows = [row for row in rows if row.version == version]
                    if not rows:
                        raise errors.version_not_found(version)
            config = settings.config_in_scope(self.store, subject)
            normalize = normalize or bool(config.get("normalize"))
            try:
                if request.schema is None or not request.schema.strip():
                    raise errors.invalid_schema("Empty schema")
                parsed = self.parser.parse_request(request.schema, request.schema_type,
                                                   request.references, normalize=normalize)
                found = self._incompatibilities(subject, parsed, request.metadata, rows, config)
            except errors.RegistryError as exc:
                if exc.error_code != 42201 or not verbose:
                    raise
                found = [exc.message]
        answer: dict[str, Any] = {"is_compatible": not found}
        if verbose:
            answer["messages"] = found
        return answer

    # -- deletes ----------------------------------------------------------------------------

    def delete_version(self, subject: str, version: int, permanent: bool) -> int:
        subject = subjects.normalize(subject)
        with self.store.write():
            rows = self.store.versions(subject)
            if version == -1:
                live = [row for row in rows if not row.deleted]
                row = live[-1] if live else None
            else:
                row = next((item for item in rows if item.version == version), None)
            if row is None:
                if not rows:
                    raise errors.subject_not_found(subject)
                raise errors.version_not_found(version)
            if row.deleted and not permanent:
                raise errors.version_soft_deleted(subject, row.version)
            settings.check_writable(self.store, subject)
            if self.store.referrers(subject, row.version, include_deleted=permanent):
                raise errors.reference_exists(subject, row.version)
            if permanent and not row.deleted:
                raise errors.version_not_soft_deleted(subject, row.version)
            if permanent:
                self.store.hard_delete(subject, row.version)
                if len(rows) == 1:
                    self.store.delete_config(subject)
                    self.store.delete_mode(subject)
            else:
                self.store.soft_delete(subject, row.version)
        log.info("delete subject=%s version=%s permanent=%s", subject, row.version,
                 str(permanent).lower())
        return row.version

    def delete_subject(self, subject: str, permanent: bool) -> list[int]:
        subject = subjects.normalize(subject)
        with self.store.write():
            rows = self.store.versions(subject)
            if not rows:
                raise errors.subject_not_found(subject)
            if not permanent and all(row.deleted for row in rows):
                raise errors.subject_soft_deleted(subject)
            settings.check_writable(self.store, subject)
            targets = rows if permanent else [row for row in rows if not row.deleted]
            for row in targets:
                others = self.store.referrer_subjects(subject, row.version,
                                                      include_deleted=permanent) - {subject}
                if others:
                    raise errors.reference_exists(subject, row.version)
                if permanent and not row.deleted:
                    raise errors.subject_not_soft_deleted(subject)
            for row in reversed(targets):
                if permanent:
                    self.store.hard_delete(subject, row.version)
                else:
                    self.store.soft_delete(subject, row.version)
            if permanent:
                self.store.delete_config(subject)
                self.store.delete_mode(subject)
        versions = [row.version for row in targets]
        log.info("delete subject=%s versions=%s permanent=%s", subject, versions,
                 str(permanent).lower())
        return versions

    # -- contexts ---------------------------------------------------------------------------

    def contexts(self) -> list[str]:
        with self.store.read():
            names = {subjects.context_of(name) for name, _ in self.store.subjects()}
        return [subjects.DEFAULT_CONTEXT, *sorted(names - {subjects.DEFAULT_CONTEXT})]

    def delete_context(self, context: str) -> None:
        name = context.strip(":") if context.startswith(":") else context
        with self.store.write():
            present = [subject for subject, _ in self.store.subjects()
                       if subjects.context_of(subject) == name]
            if present:
                raise errors.context_not_empty(name)
            if name != subjects.DEFAULT_CONTEXT:
                raise errors.RegistryError(404, 40401, f"Context '{name}' not found.")


def _merge_metadata(default: Any, specific: Any, override: Any) -> dict[str, Any] | None:
    merged: dict[str, Any] | None = None
    for layer in (default, specific, override):
        if not layer:
            continue
        if merged is None:
            merged = {}
        for key in ("tags", "properties"):
            if layer.get(key):
                merged[key] = {**merged.get(key, {}), **layer[key]}
        if layer.get("sensitive"):
            merged["sensitive"] = sorted({*merged.get("sensitive", []), *layer["sensitive"]})
    return merged


def _merge_rule_sets(default: Any, specific: Any, override: Any) -> dict[str, Any] | None:
    merged: dict[str, Any] | None = None
    for layer in (default, specific, override):
        if not layer:
            continue
        if merged is None:
            merged = {}
        for key, value in layer.items():
            if isinstance(value, list) and isinstance(merged.get(key), list):
                names = {rule.get("name") for rule in value if isinstance(rule, dict)}
                kept = [rule for rule in merged[key]
                        if not isinstance(rule, dict) or rule.get("name") not in names]
                merged[key] = kept + value
            else:
                merged[key] = value
    return merged
