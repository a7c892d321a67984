"""Replay inside the check pipeline (``replay``, ``check --replay``): each subject's
generated events and the events recorded under the samples folder, and what a run tells of
the subjects it replayed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from typing import TYPE_CHECKING

from schemalint.compat import PreviousVersion
from schemalint.config import Config
from schemalint.model import Finding, Level, Schema
from schemalint.pipeline.check_start import CheckRequest
from schemalint.replay.samples import Recorded, read_samples
from schemalint.sources.samples import (
    SchemaIds,
    read_sample_files,
    sample_paths,
    shown_path,
    wire_ids,
)

if TYPE_CHECKING:
    from schemalint.replay.subject import ReaderBreak


class Replayed(str, Enum):
    """What replay did with a subject."""

    REPLAYED = "replayed"  # events of its versions read by the others
    NO_EARLIER = "no earlier version"  # a new subject: nothing to read its events with
    UNCHANGED = "unchanged"  # its schema is a version already: no new reader or writer


class SubjectReplayer:
    """Replays subjects for one run: the samples folder it reads, and the registry that
    resolves the schema ids of wire-format samples (opened when first needed)."""

    def __init__(self, config: Config, request: CheckRequest) -> None:
        self.config, self.request = config, request
        self.folder = request.replay_samples or config.replay_samples
        self._ids = (SchemaIds(config, request.replay_registry)
                     if request.replay_registry else None)
        # The schema last replayed and its recorded events, read again by consumers' readers.
        self._recorded: tuple[Schema | None, list[Recorded]] = (None, [])

    def has_samples(self, subject: str) -> bool:
        return bool(sample_paths(self.config.root, self.folder, subject))

    def needing_registry(self, subjects: Sequence[str]) -> list[str]:
        """Without a registry, the wire-format samples of ``subjects``: replay cannot tell
        which schema wrote them."""
        if self._ids is not None:
            return []
        return [shown_path(self.config.root, path) for subject in subjects
                for path in sample_paths(self.config.root, self.folder, subject)
                if path.suffix == ".bin"]

    def replay(self, subject: str, current: Schema, history: Sequence[PreviousVersion],
               level: Level, every_version: bool, *, changed: bool = True
               ) -> tuple[list[Finding], list[Finding]]:
        """Replay's findings for ``subject``: the breaks (REPLAY001 and REPLAY002) where
        ``changed`` (its schema is a new version), and REPLAY003 for each recorded event its
        own version cannot read."""
        from schemalint.replay import DEFAULT_SEED, replay_subject

        recorded: list[Recorded] = []
        unreadable: list[Finding] = []
        paths = sample_paths(self.config.root, self.folder, subject)
        if paths:
            files = read_sample_files(self.config.root, paths)
            ids = self._ids.resolve(wire_ids(files)) if self._ids is not None else None
            recorded, unreadable = read_samples(current, history, files, ids, subject)
        self._recorded = (current, recorded)
        if not changed:
            return [], unreadable
        seed = self.request.replay_seed
        return replay_subject(current, history, level, every_version=every_version,
                              subject=subject, count=self.request.replay_count,
                              seed=DEFAULT_SEED if seed is None else seed,
                              recorded=recorded), unreadable

    def through(self, current: Schema) -> Callable[[Schema], list[ReaderBreak]]:
        """How ``current``'s events (generated, and those recorded with it when ``replay``
        read its samples) read with a reader schema: a consumer's."""
        from schemalint.replay import DEFAULT_SEED
        from schemalint.replay.subject import replay_reader

        schema, recorded = self._recorded
        new_events = [sample for sample in recorded if sample.new] if schema is current else []
        seed = self.request.replay_seed

        def read_with(reader: Schema) -> list[ReaderBreak]:
            return replay_reader(current, reader, count=self.request.replay_count,
                                 seed=DEFAULT_SEED if seed is None else seed,
                                 recorded=new_events)
        return read_with

    def close(self) -> None:
        if self._ids is not None:
            self._ids.close()

