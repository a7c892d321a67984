"""History from a registry, for ``check --against registry`` (or ``registry:NAME``).

Each subject's non-deleted versions, oldest first, as texts the checker parses like git's.
A Protobuf version also carries the texts its ``import``s stand for in the registry (its
references, and theirs, by import path): ``RegistryText.files``.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from schemalint.config import Config

if TYPE_CHECKING:
    from schemalint.registry.client import RegisteredSchema, RegistryClient


class RegistryText(tuple[str, str]):
    """``(label, schema text)`` of one registered version, plus ``files``: import path →
    text of every schema it references, directly or through another reference (Protobuf
    parses with them; Avro and JSON Schema ignore them)."""

    files: Mapping[str, str]

    def __new__(cls, label: str, text: str,
                files: Mapping[str, str] | None = None) -> RegistryText:
        item = super().__new__(cls, (label, text))
        item.files = dict(files or {})
        return item

    @property
    def label(self) -> str:
        return self[0]

    @property
    def text(self) -> str:
        return self[1]

    @property
    def number(self) -> int:
        """The version number the registry gave it."""
        return int(self.label.rpartition("@")[2])


def registry_history(config: Config, spec: str,
                     subjects: Sequence[str]) -> dict[str, list[RegistryText]]:
    """Per subject, a ``RegistryText`` for each live version in the registry, oldest first;
    a subject the registry lacks has no history."""
    # Imported here: a plain ``check`` must not pay for the HTTP stack.
    from schemalint.registry.client import RegistryClient
    from schemalint.registry.target import resolve_configured

    _, _, env = spec.partition(":")
    connection = resolve_configured(config, env or None)
    with RegistryClient(connection) as client:
        referenced = _Referenced(client)

        def versions(subject: str) -> list[RegistryText]:
            found: list[RegistryText] = []
            for number in client.versions(subject):
                registered = client.version(subject, number)
                if registered is not None:
                    found.append(RegistryText(f"{subject}@{number}", registered.schema,
                                              referenced.files(registered)))
            return found

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(versions, subjects))
    return dict(zip(subjects, results, strict=False))


class _Referenced:
    """Referenced versions, each read once however many versions name it."""

    def __init__(self, client: RegistryClient) -> None:
        self._client = client
        self._read: dict[tuple[str, int], RegisteredSchema | None] = {}
        self._lock = threading.Lock()

    def files(self, schema: RegisteredSchema) -> dict[str, str]:
        if schema.schema_type != "PROTOBUF":
            return {}
        files: dict[str, str] = {}
        pending = list(schema.references)
        seen: set[tuple[str, int]] = set()
        while pending:
            ref = pending.pop(0)
            key = (ref.subject, ref.version)
            if key in seen:
                continue
            seen.add(key)
            found = self._version(key)
            if found is None:
                continue  # the parse then names the import it cannot find
            files.setdefault(ref.name, found.schema)
            pending.extend(found.references)
        return files

    def _version(self, key: tuple[str, int]) -> RegisteredSchema | None:
        with self._lock:
            if key in self._read:
                return self._read[key]
        found = self._client.version(*key)
        with self._lock:
            self._read[key] = found
        return found
