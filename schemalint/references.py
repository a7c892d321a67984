"""Which subjects reference changed files, directly or through other files.

The registry tells a subject's versions by their references too (``Schema.version_key``): an
unchanged file whose import, ``$ref``'d document or named type from another file changed is a
new version of its subject, and a run that checks only the changed files would let it through
to the registry's refusal at sync. Finding these subjects must stay cheap for a hook on a large
repository: each schema's text is searched for what could name a changed file (an import of
its file name, a ``$ref`` holding its file name or its ``$id``, a full name it defines), and
only the schemas that hold one are parsed, their parsed references deciding.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import PurePosixPath
from typing import NamedTuple

from schemalint.model import SchemaType
from schemalint.project import SubjectFiles
from schemalint.sources.files import JSON_SCHEMA_SUFFIXES
from schemalint.sources.git import BlobVersion
from schemalint.workspace import declared_id

__all__ = ["MARKERS", "ChangedFile", "ReferencedChange", "fold_reference_commits",
           "folders_outside", "proto_imports", "reference_closure", "reference_pattern",
           "referencing_subjects"]


class ChangedFile(NamedTuple):
    """A file that changed: its repository path, format, and text (as it was, if removed)."""

    path: str
    schema_type: SchemaType
    text: str | None


class ReferencedChange(NamedTuple):
    """Why a subject whose file did not change is checked: the changed file it references,
    and the file it reaches it through (None where it references it itself)."""

    changed: str
    schema_type: SchemaType
    through: str | None = None

    def reason(self) -> str:
        """``(checked because common.proto, which it imports, changed)``, for a finding."""
        verb = _VERBS[self.schema_type]
        through = f" through {self.through}" if self.through else ""
        return f"(checked because {self.changed}, which it {verb}{through}, changed)"


_VERBS = {SchemaType.PROTOBUF: "imports", SchemaType.JSON: "refers to",
          SchemaType.AVRO: "refers to"}


def format_of(path: str) -> SchemaType:
    """The format a referenced file is read as, by its name (a ``$ref``'d document may have
    none: Wikimedia's ``fragment/common/2.0.0``)."""
    if path.endswith(".proto"):
        return SchemaType.PROTOBUF
    if path.endswith(".avsc"):
        return SchemaType.AVRO
    return SchemaType.JSON


def reference_pattern(changed: ChangedFile) -> re.Pattern[str] | None:
    """What a schema's text holds where it may reference ``changed``: found in a superset of
    the schemas that do, whose parsed references then decide. None: nothing can name it."""
    name = PurePosixPath(changed.path).name
    if changed.schema_type is SchemaType.PROTOBUF:
        # import "common.proto", or "opentelemetry/proto/common/v1/common.proto"
        return re.compile(r'import\s+(?:public\s+|weak\s+)?"(?:[^"\n]*/)?'
                          + re.escape(name) + '"')
    if changed.schema_type is SchemaType.JSON:
        suffix = next((suffix for suffix in JSON_SCHEMA_SUFFIXES
                       if name.lower().endswith(suffix)), "")
        # A $ref names the file, with or without its suffix (as ref-map serves it), or its $id.
        names = [re.escape(name[:len(name) - len(suffix)]) + f"(?:{re.escape(suffix)})?"]
        declared = declared_id(changed.path, changed.text)
        if declared:
            names.append(re.escape(declared))
        return re.compile(r"""(?:^|[/"'\s])(?:""" + "|".join(names) + r""")(?:[#"'\s]|$)""",
                          re.MULTILINE)
    simple = _avro_simple_names(changed.text)
    # A named type is referred to by its full name or, in its namespace, its simple name.
    return re.compile('[".](?:' + "|".join(map(re.escape, simple)) + ')"') if simple else None


def referencing_subjects(changed: Sequence[ChangedFile], subjects: Iterable[SubjectFiles],
                         text_of: Callable[[str], str | None],
                         references_of: Callable[[SubjectFiles], Collection[str] | None]
                         ) -> dict[str, ReferencedChange]:
    """Per subject (by name) whose file is not among ``changed`` but references one of them,
    directly or through other files, why it is affected.

    ``text_of`` gives a file's current text; ``references_of`` the repository paths a
    subject's parsed current schema references, or None where it does not parse (a schema
    that may reference a changed file and no longer parses is affected: checking it says
    why)."""
    changed_paths = {file.path for file in changed}
    candidates = [subject for subject in subjects if subject.path not in changed_paths]
    found: dict[str, ReferencedChange] = {}
    # A file to look for, and the changed file it stands for (itself, or one it references).
    pending = [(file, file.path) for file in changed]
    while pending:
        file, root = pending.pop()
        others = [subject for subject in candidates
                  if subject.subject not in found and subject.schema_type is file.schema_type]
        # The pattern may read the changed file whole (the names an Avro file defines): only
        # where some other schema of its format could reference it.
        pattern = reference_pattern(file) if others else None
        if pattern is None:
            continue
        marker = MARKERS[file.schema_type]
        for subject in others:
            if subject.subject in found:
                continue
            text = text_of(subject.path)
            if text is None or marker not in text or not pattern.search(text):
                continue
            referenced = references_of(subject)
            if referenced is not None and file.path not in referenced:
                continue
            found[subject.subject] = ReferencedChange(
                root, file.schema_type, None if file.path == root else file.path)
            pending.append((ChangedFile(subject.path, subject.schema_type, text), root))
    return found


# What a text that references another file holds at all: looked for before anything else.
MARKERS = {SchemaType.PROTOBUF: "import", SchemaType.JSON: "$ref", SchemaType.AVRO: '"'}


def _avro_simple_names(text: str | None) -> list[str]:
    """The simple names of the named types an Avro text defines (none where it does not read
    as JSON)."""
    if not text:
        return []
    from schemalint.formats.avro.index import defined_names
    from schemalint.formats.avro.names import split_name
    from schemalint.sourcemap import without_comments

    try:
        document = json.loads(without_comments(text))
    except (ValueError, RecursionError):  # not JSON, or nested past what it reads
        return []
    return sorted({split_name(full, None)[0] for full, _ in defined_names(document)})


def fold_reference_commits(lineage: Sequence[BlobVersion], commits: Sequence[str],
                           referenced_changes: Collection[str]) -> list[BlobVersion]:
    """A subject's file lineage (oldest first) with a candidate version at each commit of
    ``referenced_changes`` (where a file it references changed and its own did not): its file
    as it stood then, read with the files of that commit. ``commits`` orders them, oldest
    first; an entry at no listed commit (a ``history-since`` base) comes first."""
    position = {commit: index for index, commit in enumerate(commits)}
    own = {entry.commit for entry in lineage}
    events: list[tuple[int, int, BlobVersion | str]] = [
        (position.get(entry.commit, -1), 0, entry) for entry in lineage]
    events.extend((position[commit], 1, commit) for commit in referenced_changes
                  if commit in position and commit not in own)
    folded: list[BlobVersion] = []
    latest: BlobVersion | None = None
    for _, _, item in sorted(events, key=lambda event: event[:2]):
        if isinstance(item, BlobVersion):
            latest = item
            folded.append(item)
        elif latest is not None:
            folded.append(BlobVersion(item, latest.blob, path=latest.path))
    return folded


def reference_closure(paths: Iterable[str], direct: Callable[[str], Iterable[str]]
                      ) -> set[str]:
    """``paths`` and every file they reference, directly or not (``direct``: the files one
    references itself): a schema's references may name its direct ones alone (a Protobuf
    import, an Avro named type), but a change to a reference of a reference is a new version
    of it too."""
    found: set[str] = set()
    pending = list(paths)
    while pending:
        path = pending.pop()
        if path not in found:
            found.add(path)
            pending.extend(direct(path))
    return found


def folders_outside(roots: Sequence[str], folders: Iterable[str]) -> list[str]:
    """Of ``folders`` (``[json] ref-map``'s and ``[protobuf] include``'s), those outside the
    roots: referenced files a listing of the roots' changes misses."""
    inside = [_normal(root) for root in roots]
    if any(root in ("", ".") for root in inside):
        return []
    return sorted({folder for folder in map(_normal, folders) if folder not in ("", ".")
                   and not any(f"{folder}/".startswith(f"{root}/") for root in inside)})


def proto_imports(importer: str, text: str, include: Sequence[str],
                  exists: Callable[[str], bool]) -> list[str]:
    """The repository files a .proto at ``importer`` imports, looked for where protoc looks
    (``include``, then the importer's folder); a well-known import is none of them."""
    from schemalint.formats.protobuf.names import is_known_import, package_and_imports

    folder = importer.rpartition("/")[0]
    found = []
    for name in package_and_imports(text)[1]:
        if not is_known_import(name):
            found.extend(next(([path] for base in (*include, folder)
                               if exists(path := _joined(base, name))), []))
    return found


def _normal(folder: str) -> str:
    return folder.strip().strip("/").removeprefix("./")


def _joined(folder: str, name: str) -> str:
    normal = _normal(folder)
    return name if normal in ("", ".") else f"{normal}/{name}"
