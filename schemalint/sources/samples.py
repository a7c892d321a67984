"""A subject's recorded events on disk (``<samples>/<subject>/``), and the schemas a
registry holds for the ids their wire-format payloads name; ``schemalint.replay.samples``
makes them into events."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from schemalint.config import Config
from schemalint.errors import UsageError
from schemalint.replay.samples import (
    SAMPLE_SUFFIXES,
    RegisteredText,
    SampleFile,
    wire_schema_id,
)

if TYPE_CHECKING:
    from schemalint.registry.client import RegistryClient


def sample_folder(root: Path, folder: str, subject: str) -> Path:
    return root / folder / subject


def sample_paths(root: Path, folder: str, subject: str) -> list[Path]:
    """The sample files of ``subject``, by name; none where it has no folder."""
    where = sample_folder(root, folder, subject)
    if not where.is_dir():
        return []
    return sorted(path for path in where.iterdir()
                  if path.is_file() and path.name.endswith(SAMPLE_SUFFIXES))


def read_sample_files(root: Path, paths: Iterable[Path]) -> list[SampleFile]:
    files = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise UsageError(f"{shown_path(root, path)}: cannot read the sample: "
                             f"{error.strerror or error}") from None
        files.append(SampleFile(shown_path(root, path), data))
    return files


def wire_ids(files: Sequence[SampleFile]) -> set[int]:
    """The schema ids the wire-format payloads among ``files`` name."""
    return {schema_id for sample in files if sample.path.endswith(".bin")
            and (schema_id := wire_schema_id(sample.data)) is not None}


class SchemaIds:
    """Schema ids resolved through one registry, each asked once; the client opens when
    first needed (an unreachable registry is then exit 3)."""

    def __init__(self, config: Config, url: str) -> None:
        self._config, self._url = config, url
        self._known: dict[int, RegisteredText | None] = {}
        self._client: RegistryClient | None = None

    def resolve(self, ids: Iterable[int]) -> dict[int, RegisteredText]:
        # Imported here: a run without wire-format samples must not pay for the HTTP stack.
        from schemalint.registry.client import RegistryClient
        from schemalint.registry.target import resolve_target

        missing = sorted(set(ids) - set(self._known))
        if missing:
            if self._client is None:
                self._client = RegistryClient(resolve_target(self._config, url=self._url))
            for schema_id in missing:
                found = self._client.schema_by_id(schema_id)
                self._known[schema_id] = None if found is None else RegisteredText(
                    found.schema_type, found.schema)
        return {schema_id: text for schema_id in ids
                if (text := self._known.get(schema_id)) is not None}

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


def shown_path(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
