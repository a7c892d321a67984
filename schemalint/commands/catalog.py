"""``schemalint catalog``: the event catalogue, a static site built from one check run of
the whole project, written into a folder that replaces the old one in one rename."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import NamedTuple

from schemalint.allocation import paused_gc
from schemalint.catalog.model import (
    Catalog,
    CommitInfo,
    SubjectDraft,
    build_catalog,
    subject_draft,
)
from schemalint.catalog.site import render_site
from schemalint.config import Config
from schemalint.errors import INPUT_ERROR_CODES, UsageError
from schemalint.model import Finding
from schemalint.pipeline.check import CheckRequest, run_check
from schemalint.pipeline.consumers import contract_specs
from schemalint.sources.git import Git


class CatalogRequest(NamedTuple):
    out: Path
    against: str | None = None  # the ref whose history the versions come from; None: HEAD


class CatalogResult(NamedTuple):
    out: Path
    catalog: Catalog
    files: int
    # Schemas that could not be read: their pages say so, and the command names them.
    findings: list[Finding]


def run_catalog(config: Config, request: CatalogRequest) -> CatalogResult:
    out = request.out
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: --out names a file; the catalogue is a folder")
    catalog, unreadable = build(config, request.against)
    files = render_site(catalog)
    write_folder(out, files)
    return CatalogResult(out, catalog, len(files), unreadable)


def build(config: Config, against: str | None = None) -> tuple[Catalog, list[Finding]]:
    """The catalogue of every subject of the project, its versions from ``against``, and
    the findings of the schemas that could not be read."""
    from schemalint.commands.consumers import ChangeReaders

    # Each subject's draft is made where the pipeline checks it (two processes for many
    # subjects): only the drafts, plain data, come back.
    keep = partial(subject_draft, readers=ChangeReaders(config))
    outcome = run_check(config, CheckRequest(all=True, against=against, keep_subjects=False,
                                             keep=keep))
    drafts: dict[str, SubjectDraft] = outcome.kept
    if not drafts:
        raise UsageError(outcome.nothing_checked or
                         f"no schema found under {', '.join(config.roots)}: nothing to catalogue")
    git = Git(config.root)
    versioned = [version.path for draft in drafts.values() if draft.versioned
                 for version in draft.versions if version.path]
    added_in = _added_in(git, against, versioned) if versioned else {}
    shas = {version.commit for draft in drafts.values() for version in draft.versions
            if version.commit}
    commits = commit_infos(git, sorted({*shas, *added_in.values()}))
    with paused_gc():  # one object per field and change: see schemalint.allocation
        catalog = build_catalog(config, drafts, outcome.findings, commits,
                                contract_specs(config), added_in)
    return catalog, [finding for finding in outcome.findings
                     if finding.code in INPUT_ERROR_CODES]


def _added_in(git: Git, against: str | None, paths: Sequence[str]) -> dict[str, str]:
    """The commit that added each of ``paths`` (its latest addition), on the first-parent
    history of ``against``; nothing outside a repository with commits."""
    if not git.is_repository() or not git.has_commits():
        return {}
    ref = against if against and against != "none" else "HEAD"
    output = git.run("log", "--first-parent", "--diff-filter=A", "--format=%x1e%H",
                     "--name-only", ref, "--", *paths, check=False)
    added: dict[str, str] = {}
    for record in output.decode("utf-8", "replace").split("\x1e"):
        lines = [line for line in record.splitlines() if line]
        for path in lines[1:]:
            added.setdefault(path, lines[0])
    return added


def commit_infos(git: Git, shas: Iterable[str]) -> dict[str, CommitInfo]:
    """Date and title of each commit, read by one ``git log``."""
    wanted = list(shas)
    if not wanted:
        return {}
    output = git.run("log", "--no-walk=unsorted", "--stdin", "--format=%H%x1f%cI%x1f%s%x1e",
                     input_bytes="\n".join(wanted).encode() + b"\n")
    infos: dict[str, CommitInfo] = {}
    for record in output.decode("utf-8", "replace").split("\x1e"):
        parts = record.strip("\n").split("\x1f")
        if len(parts) == 3:
            infos[parts[0]] = CommitInfo(parts[0], parts[1], parts[2])
    return infos


def write_folder(out: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` (relative path → content) as the folder ``out``: into a new folder
    beside it, renamed into place, so that a reader never sees half a catalogue."""
    parent = out.resolve().parent
    if not parent.is_dir():
        raise UsageError(f"{out}: its parent folder {parent} does not exist")
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=parent))
    try:
        for relative, content in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        staging.chmod(0o755)
        if out.is_dir():
            retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=parent))
            out.replace(retired / "catalog")
            staging.replace(out)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            staging.replace(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
