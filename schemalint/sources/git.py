"""History from git: every version of every schema file, read with two processes.

One ``git log`` over the first-parent history lists which blob each path held after each
commit; one ``git cat-file --batch`` reads all the blobs that matter. Nothing is run per file
or per version, so a repository of thousands of subjects reads in about a second.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from schemalint.errors import SchemalintError, UnreachableError, UsageError

ZERO_SHA = "0" * 40
FETCH_HINT = (
    "fetch the full history: `git fetch --unshallow` (GitHub Actions: actions/checkout with "
    "`fetch-depth: 0`)"
)


# Whether this is a work tree, whether it is shallow, where the shallow file is, and HEAD.
PROBE = ("rev-parse", "--is-inside-work-tree", "--is-shallow-repository", "--git-path",
         "shallow", "HEAD")


# Reads objects named on its input: blobs by id, or ``ref:path``. git keeps up to 96 MB of
# delta bases by default; a long history read version by version reads about as fast with
# 32 MB, and the process holds 60 MB less (a check's peak memory counts it). With 16 MB, the
# 16,000 versions of mozilla-pipeline-schemas' large files cost git twice the time.
BATCH = ("-c", "core.deltaBaseCacheLimit=32m", "cat-file", "--batch")


class GitError(SchemalintError):
    """git failed or is not available."""


class Change(NamedTuple):
    """A schema file that differs between the ``--against`` ref and the current state."""

    status: str  # A, M, D, R (renamed: old_path → path)
    path: str
    old_path: str | None = None


class WorkTreeFiles(NamedTuple):
    """The files under the roots, as ``Git.work_tree_files`` lists them."""

    tracked: list[str]  # in the index and present in the work tree
    untracked: list[str]  # not ignored
    # In the index but outside a sparse checkout (skip-worktree, absent from the work tree):
    # git reads them as the index holds them, never as removed.
    sparse: list[str]


class BlobVersion(NamedTuple):
    commit: str
    blob: str
    # True when the commit is a shallow-clone boundary: what it "added" may be older.
    at_boundary: bool = False
    path: str = ""  # where the blob was: a lineage that follows renames crosses paths


@dataclass
class PathHistory:
    """For each path, its blobs newest first; renames link a path to its predecessor."""

    versions: dict[str, list[BlobVersion]] = field(default_factory=dict)
    renamed_from: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    commits: list[str] = field(default_factory=list)

    def lineage(self, path: str, follow_renames: bool) -> list[BlobVersion]:
        """The blobs of ``path`` newest first, continuing through renames when asked."""
        result: list[BlobVersion] = []
        current = path
        seen: set[str] = set()
        boundary_index: int | None = None
        while current not in seen:
            seen.add(current)
            entries = self.versions.get(current, [])
            if boundary_index is not None:
                position = {commit: index for index, commit in enumerate(self.commits)}
                entries = [e for e in entries if position.get(e.commit, 0) > boundary_index]
            result.extend(entries)
            if not follow_renames:
                break
            renames = self.renamed_from.get(current)
            if not renames:
                break
            commit, previous = renames[0]
            boundary_index = self.commits.index(commit) if commit in self.commits else None
            current = previous
        return result


class Git:
    """A thin wrapper over the git command line, scoped to one work tree."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._state: tuple[bool, bool, str, str | None] | None = None
        self._started: dict[tuple[str, ...], subprocess.Popen[bytes]] = {}

    def prefetch(self, *commands: Sequence[str], takes_input: bool = False) -> None:
        """Start git commands now, to run side by side; ``run`` with the same arguments
        later takes their output. A hook run's first processes overlap this way. A command
        that ``takes_input`` waits for the input ``run`` gives it, having started meanwhile."""
        for args in commands:
            key = tuple(args)
            if key not in self._started:
                try:
                    self._started[key] = subprocess.Popen(
                        ["git", *args], cwd=self.root,
                        stdin=subprocess.PIPE if takes_input else subprocess.DEVNULL,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                except OSError:
                    return

    def forget_started(self) -> None:
        """In a forked process: the prefetched commands are the parent's to take and reap."""
        self._started = {}

    def close(self) -> None:
        """Reap prefetched commands nobody asked for."""
        for process in self._started.values():
            process.kill()
            process.communicate()
        self._started.clear()

    def run(self, *args: str, input_bytes: bytes | None = None, check: bool = True) -> bytes:
        started = self._started.get(args)
        if started is not None and (started.stdin is None) != (input_bytes is None):
            started = None  # started for another use: this run starts its own
        elif started is not None:
            del self._started[args]
        try:
            if started is not None:
                stdout, stderr = started.communicate(input_bytes)
                returncode = started.returncode
            else:
                completed = subprocess.run(
                    ["git", *args], cwd=self.root, input=input_bytes, capture_output=True,
                    check=False,
                )
                stdout, stderr, returncode = completed.stdout, completed.stderr, \
                    completed.returncode
        except FileNotFoundError:
            raise GitError("git is not installed or not on PATH") from None
        if check and returncode != 0:
            message = stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitError(f"git {args[0]} failed: {message[-1] if message else 'no output'}")
        return stdout

    def _probe(self) -> tuple[bool, bool, str, str | None]:
        """Whether this is a work tree, whether it is shallow, where the shallow file is, and
        HEAD's commit: one process for all four, since every hook run asks."""
        if self._state is None:
            output = self.run(*PROBE, check=False).decode().split("\n")
            if len(output) >= 3 and output[0] == "true":
                head = output[3] if len(output) > 3 and _is_sha(output[3]) else None
                self._state = (True, output[1] == "true", output[2], head)
            else:
                self._state = (False, False, "", None)
        return self._state

    def head(self) -> str | None:
        """HEAD's commit, or None in a repository without commits."""
        return self._probe()[3]

    def is_repository(self) -> bool:
        return self._probe()[0]

    def is_shallow(self) -> bool:
        return self._probe()[1]

    def shallow_boundaries(self) -> frozenset[str]:
        _, shallow, shallow_file, _ = self._probe()
        if not shallow:
            return frozenset()
        path = self.root / shallow_file
        if not path.is_file():
            return frozenset()
        return frozenset(line.strip() for line in path.read_text().splitlines() if line.strip())

    def has_commits(self) -> bool:
        return self.head() is not None

    def resolve(self, ref: str) -> str | None:
        output = self.run("rev-parse", "--verify", "--quiet", "--end-of-options",
                          f"{ref}^{{commit}}", check=False)
        sha = output.decode().strip()
        return sha or None

    def resolve_against(self, ref: str) -> str:
        """The commit ``ref`` names, or an error that says what to do (exit 2 or 3)."""
        sha = self.resolve(ref)
        if sha is not None:
            return sha
        if self.is_shallow():
            raise UnreachableError(
                f"--against {ref}: not in this shallow clone; {FETCH_HINT}, or fetch that ref"
            )
        if not self.has_commits():
            raise UsageError(
                f"--against {ref}: the repository has no commits yet; use --against none "
                "to lint without history"
            )
        refs = _split_z(self.run("for-each-ref", "--format=%(refname:short)%00",
                                 "refs/heads", "refs/remotes", "refs/tags", check=False))
        meant = closest_ref(ref, [name.strip() for name in refs if name.strip()])
        raise UsageError(f"--against {ref}: no such commit, branch or tag in this repository"
                         + (f" (did you mean {meant}?)" if meant else ""))

    def changes(self, against: str, roots: Sequence[str], to_ref: str | None = None,
                follow_renames: bool = True, untracked: Iterable[str] | None = None
                ) -> list[Change]:
        """Files under ``roots`` that differ between ``against`` and the work tree (or
        ``to_ref``), untracked ones included (listed here unless the caller has them)."""
        output = self.run(*change_listing(against, roots, to_ref, follow_renames))
        changes = _parse_name_status(output)
        if to_ref is None:
            if untracked is None:
                untracked = _split_z(self.run("ls-files", "--others", "--exclude-standard",
                                              "-z", "--", *roots))
            changes.extend(Change("A", path) for path in untracked)
        return changes

    def work_tree_files(self, roots: Sequence[str]) -> WorkTreeFiles:
        """Tracked files present in the work tree, untracked (not ignored) ones, and those
        outside a sparse checkout, under ``roots``, in one process: git lists a deleted file
        as cached and again as removed, which spares a stat of every file here."""
        output = self.run(*work_tree_listing(roots))
        tracked: list[str] = []
        untracked: list[str] = []
        sparse: list[str] = []
        deleted: set[str] = set()
        for entry in _split_z(output):
            tag, _, path = entry.partition(" ")
            if tag == "?":
                untracked.append(path)
            elif tag == "R":
                deleted.add(path)
            elif tag == "S" and not os.path.lexists(self.root / path):
                sparse.append(path)
            else:
                tracked.append(path)
        if deleted:
            tracked = [path for path in tracked if path not in deleted]
        return WorkTreeFiles(tracked, untracked, sparse)

    def history(self, ref: str, roots: Sequence[str], follow_renames: bool = True,
                since: str | None = None) -> PathHistory:
        """Blobs of every path under ``roots`` along the first-parent history of ``ref``."""
        return self.history_from(history_listing(ref, roots, follow_renames, since))

    def history_from(self, log: Sequence[str]) -> PathHistory:
        """``history`` for the arguments ``history_listing`` gave."""
        return _parse_log(self.run(*log), self.shallow_boundaries())

    def read_blobs(self, shas: Iterable[str]) -> dict[str, bytes]:
        """Read many blobs through one ``git cat-file --batch`` process."""
        wanted = list(dict.fromkeys(sha for sha in shas if sha != ZERO_SHA))
        if not wanted:
            return {}
        output = self.run(*BATCH, input_bytes="".join(f"{sha}\n" for sha in wanted).encode())
        blobs: dict[str, bytes] = {}
        offset = 0
        for sha in wanted:
            header_end = output.index(b"\n", offset)
            header = output[offset:header_end].decode()
            parts = header.split()
            if len(parts) >= 2 and parts[1] == "missing":
                raise UnreachableError(f"git object {sha} is missing; {FETCH_HINT}")
            size = int(parts[2])
            start = header_end + 1
            blobs[sha] = output[start:start + size]
            offset = start + size + 1
        return blobs

    def object_reader(self, follow_symlinks: bool = False) -> ObjectReader:
        """One ``git cat-file --batch`` (the prefetched one, if any) that answers object
        names one at a time, so a caller holds only the objects it is using.

        ``follow_symlinks``: a ``ref:path`` through links inside the repository names what
        they lead to, as reading the files of that commit from disk would; a link leading
        out of the repository names nothing."""
        command = (*BATCH, "--follow-symlinks") if follow_symlinks else BATCH
        process = self._started.pop(command, None)
        if process is None or process.stdin is None:
            try:
                process = subprocess.Popen(["git", *command], cwd=self.root,
                                           stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                           stderr=subprocess.DEVNULL)
            except FileNotFoundError:
                raise GitError("git is not installed or not on PATH") from None
        return ObjectReader(process)

    def read_paths(self, ref: str, paths: Iterable[str]) -> dict[str, bytes | None]:
        """The content of ``paths`` at ``ref`` (None where absent), through one process;
        ``ref`` "" reads the index."""
        wanted = list(dict.fromkeys(paths))
        if not wanted:
            return {}
        requests = "".join(f"{ref}:{path}\n" for path in wanted)
        output = self.run(*BATCH, input_bytes=requests.encode())
        result: dict[str, bytes | None] = {}
        offset = 0
        for path in wanted:
            header_end = output.index(b"\n", offset)
            header = output[offset:header_end].decode("utf-8", "replace").split()
            offset = header_end + 1
            if header[-1] in ("missing", "ambiguous"):
                result[path] = None
                continue
            kind, size = header[1], int(header[2])
            result[path] = output[offset:offset + size] if kind == "blob" else None
            offset += size + 1
        return result

    def list_files(self, ref: str, roots: Sequence[str]) -> list[str]:
        output = self.run("ls-tree", "-r", "--name-only", "-z", ref, "--", *roots)
        return list(_split_z(output))


class ObjectReader:
    """Objects read on request through one ``git cat-file --batch`` process, which writes
    each answer as soon as it is asked: nothing is read before it is needed."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdin is not None and process.stdout is not None
        self._process = process
        self._stdin = process.stdin
        self._stdout = process.stdout

    def read(self, name: str) -> bytes | None:
        """The blob ``name`` (a blob id, or ``ref:path``) names; None where it names nothing
        or no blob."""
        try:
            self._stdin.write(f"{name}\n".encode())
            self._stdin.flush()
            header = self._stdout.readline().decode("utf-8", "replace").split()
        except (BrokenPipeError, ValueError):
            header = []
        if not header:
            raise GitError("git cat-file ended early")
        if header[-1] in ("missing", "ambiguous"):
            return None
        if len(header) == 2:
            # --follow-symlinks: a link out of the repository, dangling, in a loop, or
            # through a file ("symlink 11" and the link's target, ...): nothing to read.
            self._stdout.read(int(header[1]) + 1)
            return None
        size = int(header[2])
        data = self._stdout.read(size + 1)[:size]
        return data if header[1] == "blob" else None

    def blob(self, sha: str) -> bytes:
        """The blob ``sha``; a missing one is history a clone lacks."""
        data = self.read(sha)
        if data is None:
            raise UnreachableError(f"git object {sha} is missing; {FETCH_HINT}")
        return data

    def close(self) -> None:
        self._stdin.close()
        self._stdout.close()
        self._process.wait()


def work_tree_listing(roots: Sequence[str]) -> tuple[str, ...]:
    """The arguments of ``Git.work_tree_files``' one process (for ``Git.prefetch``)."""
    return ("ls-files", "-z", "-t", "--cached", "--deleted", "--others", "--exclude-standard",
            "--", *roots)


def change_listing(against: str, roots: Sequence[str], to_ref: str | None = None,
                   follow_renames: bool = True) -> tuple[str, ...]:
    """The arguments of ``Git.changes``' diff (for ``Git.prefetch``)."""
    return ("diff", "--name-status", "-z", "--no-ext-diff", "--no-textconv",
            "-M" if follow_renames else "--no-renames", against,
            *((to_ref,) if to_ref is not None else ()), "--", *roots)


def history_listing(ref: str, roots: Sequence[str], follow_renames: bool = True,
                    since: str | None = None) -> tuple[str, ...]:
    """The arguments of ``Git.history``' one process (for ``Git.prefetch``)."""
    return ("log", "--first-parent", "--diff-merges=first-parent", "--raw", "--no-abbrev",
            "-z", "--format=%x01%H", "-M" if follow_renames else "--no-renames",
            f"{since}..{ref}" if since else ref, "--", *roots)


def _is_sha(text: str) -> bool:
    return len(text) in (40, 64) and all(c in "0123456789abcdef" for c in text)


def _split_z(output: bytes) -> Iterable[str]:
    return (part.decode("utf-8", "surrogateescape") for part in output.split(b"\0") if part)


def _parse_name_status(output: bytes) -> list[Change]:
    tokens = output.decode("utf-8", "surrogateescape").split("\0")
    changes: list[Change] = []
    index = 0
    while index < len(tokens) and tokens[index]:
        status = tokens[index]
        if status[0] in "RC":
            old, new = tokens[index + 1], tokens[index + 2]
            if status[0] == "R":
                changes.append(Change("R", new, old))
            else:
                changes.append(Change("A", new))
            index += 3
        else:
            changes.append(Change(status[0], tokens[index + 1]))
            index += 2
    return changes


def _parse_log(output: bytes, boundaries: frozenset[str]) -> PathHistory:
    history = PathHistory()
    for chunk in output.split(b"\x01")[1:]:
        header, _, rest = chunk.partition(b"\0")
        commit = header.decode().strip()
        history.commits.append(commit)
        at_boundary = commit in boundaries
        tokens = rest.decode("utf-8", "surrogateescape").lstrip("\n").split("\0")
        index = 0
        while index < len(tokens):
            meta = tokens[index].strip()
            if not meta.startswith(":"):
                index += 1
                continue
            fields = meta[1:].split()
            new_blob, status = fields[3], fields[4]
            if status[0] in "RC":
                old_path, path = tokens[index + 1], tokens[index + 2]
                index += 3
                if status[0] == "R":
                    history.renamed_from.setdefault(path, []).append((commit, old_path))
            else:
                path = tokens[index + 1]
                index += 2
            if new_blob != ZERO_SHA:
                history.versions.setdefault(path, []).append(
                    BlobVersion(commit, new_blob, at_boundary, path))
    return history


def closest_ref(ref: str, refs: Sequence[str]) -> str | None:
    """The ref a mistyped ``--against`` most likely meant: the same branch under another
    remote or none (``origin/main`` in a clone without that remote), the default branch by
    its other name (``master`` for ``main``), else one typo away (``mian``)."""
    import difflib

    tail = ref.rpartition("/")[2]
    # A default branch is named one way or the other.
    tails = {tail, *({"main", "master"} if tail in ("main", "master") else ())}
    same_branch = [name for name in refs if name.rpartition("/")[2] in tails]
    if same_branch:
        return min(same_branch, key=lambda name: (name.rpartition("/")[2] != tail,
                                                   name.count("/"), name))
    close = difflib.get_close_matches(ref, list(refs), n=1, cutoff=0.6)
    return close[0] if close else None
