"""The repository's files as a commit held them, for a version from git history to read what
it referenced then, as the registry holds each version with the references of its time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from schemalint.sources.files import JSON_SCHEMA_SUFFIXES
from schemalint.sources.git import Git, ObjectReader
from schemalint.workspace import JsonIdIndex

if TYPE_CHECKING:
    from schemalint.formats.jsonschema.refs import FileReader


class CommitFiles:
    """Files at commits, read on request through one ``git cat-file --batch
    --follow-symlinks`` started on the first read: a version that references no other file
    costs nothing. Links are followed inside the repository only, as on disk."""

    def __init__(self, git: Git, root: Path) -> None:
        self._git = git
        self._root = root.resolve()
        self._objects: ObjectReader | None = None
        self._ids: dict[str, JsonIdIndex] = {}

    def reader(self, commit: str) -> FileReader:
        """The files as ``commit`` held them, by absolute path; nothing outside the
        repository."""

        def read(path: Path) -> str | None:
            if not path.is_relative_to(self._root):
                return None
            relative = path.relative_to(self._root).as_posix()
            data = self._read(f"{commit}:{relative}") if relative != "." else None
            return None if data is None else data.decode("utf-8")

        return read

    def text(self, commit: str, relative: str) -> str | None:
        """The repository-relative file as ``commit`` held it; None where there was none, or
        not as UTF-8 text."""
        try:
            return self.reader(commit)(self._root / relative)
        except UnicodeDecodeError:
            return None

    def json_ids(self, commit: str, roots: Sequence[str]) -> JsonIdIndex:
        """The JSON Schemas under ``roots`` at ``commit`` by ``$id``, listed when a ``$ref``
        first needs one."""
        index = self._ids.get(commit)
        if index is None:
            def files() -> Iterator[tuple[str, str | None]]:
                for path in self._git.list_files(commit, list(roots)):
                    if path.lower().endswith(JSON_SCHEMA_SUFFIXES):
                        yield path, self.text(commit, path)

            index = self._ids[commit] = JsonIdIndex(self._root, files)
        return index

    def _read(self, name: str) -> bytes | None:
        if self._objects is None:
            self._objects = self._git.object_reader(follow_symlinks=True)
        return self._objects.read(name)

    def forget(self) -> None:
        """In a forked process: the git process is the parent's; start another if asked."""
        self._objects = None

    def close(self) -> None:
        if self._objects is not None:
            self._objects.close()
            self._objects = None
