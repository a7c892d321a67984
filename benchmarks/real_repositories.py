"""schemalint on public schema repositories, as a new user meets them.

For each repository (a clone or a bare mirror, with its history):

1. ``schemalint init`` in a fresh clone (when it has no configuration), and what it wrote;
2. ``schemalint check --all``: schemas found and checked, findings by code, wall time and
   peak memory (``/usr/bin/time``);
3. ``schemalint check --against C^`` at each of the newest ``--commits`` first-parent commits
   that change a schema file: the compatibility errors per commit;
4. against the reference checkers, on the same commits:
   - Protobuf: ``buf breaking`` (WIRE) between C^ and C, verdict by verdict;
   - Avro: Apache ``avro``'s ``ReaderWriterCompatibilityChecker`` (BACKWARD: the new schema
     reads the old one) on every changed ``.avsc`` pair.

The repositories cannot be fetched in CI, so this is a script, not a test. Run::

    .venv/bin/python benchmarks/real_repositories.py \\
        otel=/path/to/opentelemetry-proto avro=/path/to/avro@main --commits 80

``NAME=PATH[@REVISION]`` (a branch, tag or commit); ``--buf PATH`` names the buf binary
(``npm install @bufbuild/buf``).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCHEMALINT = [sys.executable, "-m", "schemalint"]
SCHEMA_SUFFIXES = (".avsc", ".proto", ".json", ".yaml", ".yml")


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float = 0.0
    peak_mib: float = 0.0


@dataclass
class Report:
    name: str
    init: str = ""
    checked: int | None = None
    all_exit: int | None = None
    all_seconds: float = 0.0
    all_peak_mib: float = 0.0
    codes: collections.Counter[str] = field(default_factory=collections.Counter)
    commits: int = 0
    breaking_commits: int = 0
    reinit: int = 0  # commits checked with the configuration init writes for them
    errors: list[str] = field(default_factory=list)
    agree: int = 0
    disagree: list[str] = field(default_factory=list)


def run(args: list[str], cwd: Path, timed: bool = False) -> Run:
    command = ["/usr/bin/time", "-f", "%e %M", *args] if timed else args
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False,
                               env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"})
    result = Run(completed.returncode, completed.stdout, completed.stderr)
    if timed:
        lines = completed.stderr.rstrip().splitlines()
        seconds, peak_kib = lines[-1].split()
        result.stderr = "\n".join(lines[:-1])
        result.seconds, result.peak_mib = float(seconds), int(peak_kib) / 1024
    return result


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          check=True).stdout


def clone(source: str, revision: str | None, into: Path) -> Path:
    """A clone at ``revision`` (a branch, tag or commit; default the source's HEAD). Files a
    snapshot lacks (stored copies leave out the largest) stay out of the checkout."""
    target = into / "repo"
    subprocess.run(["git", "clone", "-q", "--no-checkout", "--no-hardlinks", source,
                    str(target)], check=True)
    commit = revision or "HEAD"
    # ls-tree's size column: "-" for a submodule, "BAD" for an object the snapshot lacks.
    missing = [line.split("\t", 1)[1] for line in git(
        target, "ls-tree", "-r", "-l", commit).splitlines()
        if line.split()[3] == "BAD" or (line.split()[3].isdigit()
                                        and int(line.split()[3]) >= 4 * 1024 * 1024)]
    if missing:
        git(target, "sparse-checkout", "set", "--no-cone", "/*",
            *(f"!/{path}" for path in missing))
    git(target, "checkout", "-q", "--detach", commit)
    return target


def _findings(document: str) -> list[dict[str, Any]]:
    try:
        findings: list[dict[str, Any]] = json.loads(document)["findings"]
    except (ValueError, KeyError, TypeError):
        return []
    return findings


def compat_findings(document: str) -> list[dict[str, Any]]:
    return [f for f in _findings(document) if f.get("level") and f.get("severity") == "error"]


def _input_error(check: Run) -> str:
    """What made a run exit 2: its stderr, or the first INVALID_SCHEMA of its document."""
    if check.stderr.strip():
        return check.stderr.strip()
    return next((f"{f['path']}: {f['message']}" for f in _findings(check.stdout)
                 if f.get("code") == "INVALID_SCHEMA"), "(nothing said)")


_CONFIG_ERROR = "schemalint: error: schemalint.toml"
_WIRE = '{"version":"v1","breaking":{"use":["WIRE"]}}'


def _protobuf_root(repo: Path) -> str:
    """The one root holding .proto files (buf's module, imports written from it), else "."."""
    from schemalint.config import load_config

    try:
        roots = load_config(repo).roots
    except Exception:  # an unreadable configuration: buf reads the whole repository
        return "."
    holding = [root for root in roots if any((repo / root).rglob("*.proto"))]
    return holding[0] if len(holding) == 1 else "."


def _buf_kinds(document: str) -> set[str]:
    """The rule of every buf finding (``COMPILE`` where buf could not build the files)."""
    kinds = set()
    for line in document.splitlines():
        try:
            kinds.add(str(json.loads(line)["type"]))
        except (ValueError, KeyError, TypeError):
            continue
    return kinds


def schema_commits(repo: Path, count: int) -> list[str]:
    listing = git(repo, "log", "--first-parent", "--format=%H", "--", *(
        f"*{suffix}" for suffix in SCHEMA_SUFFIXES))
    return [sha for sha in listing.split() if sha][:count]


def evaluate(name: str, repo: Path, commits: int, buf: str | None) -> Report:
    report = Report(name)
    has_config = (repo / "schemalint.toml").exists() or "[tool.schemalint]" in (
        (repo / "pyproject.toml").read_text() if (repo / "pyproject.toml").exists() else "")
    if not has_config:
        init = run([*SCHEMALINT, "init"], repo)
        report.init = (init.stdout + init.stderr).strip().splitlines()[0] if (
            init.stdout + init.stderr).strip() else f"exit {init.exit_code}"
    full = run([*SCHEMALINT, "check", "--all", "--format", "json"], repo, timed=True)
    report.all_exit, report.all_seconds = full.exit_code, full.seconds
    report.all_peak_mib = full.peak_mib
    try:
        document = json.loads(full.stdout)
        report.checked = document["summary"].get("checked")
        report.codes.update(f["code"] for f in document["findings"])
    except (ValueError, KeyError, TypeError):
        report.errors.append(f"check --all: exit {full.exit_code}: "
                             f"{(full.stderr or full.stdout).strip()[:300]}")
    # What init wrote stays in place at every commit: untracked files survive a checkout,
    # and a tracked file it edited is written again after each one.
    edited = {path: (repo / path).read_text() for path in git(
        repo, "diff", "--name-only").split()}
    with tempfile.TemporaryDirectory() as scratch:
        before = Path(scratch) / "before"
        for sha in schema_commits(repo, commits):
            parents = git(repo, "rev-list", "--parents", "-n1", sha).split()
            if len(parents) < 2:
                continue
            git(repo, "checkout", "-q", "--force", "--detach", sha)
            for path, text in edited.items():
                (repo / path).write_text(text)
            check = run([*SCHEMALINT, "check", "--against", parents[1], "--format", "json"],
                        repo)
            if check.exit_code == 2 and check.stderr.startswith(_CONFIG_ERROR):
                # HEAD's configuration names roots or files this commit does not have yet:
                # the configuration init writes for this commit's tree, as a team then had.
                run([*SCHEMALINT, "init", "--force"], repo)
                check = run([*SCHEMALINT, "check", "--against", parents[1], "--format",
                             "json"], repo)
                report.reinit += 1
            found = compat_findings(check.stdout)
            report.commits += 1
            if check.exit_code >= 2:
                report.errors.append(f"{sha[:8]}: exit {check.exit_code}: "
                                     f"{_input_error(check)[:200]}")
                continue
            report.breaking_commits += bool(found)
            if buf and any(p.endswith(".proto") for p in git(
                    repo, "diff", "--name-only", parents[1], sha).split()):
                shutil.rmtree(before, ignore_errors=True)
                git(repo, "worktree", "add", "-q", "--detach", str(before), parents[1])
                module = _protobuf_root(repo)
                verdict = run([buf, "breaking", module, "--against", str(before / module),
                               "--error-format", "json", "--config", _WIRE,
                               "--against-config", _WIRE], repo)
                git(repo, "worktree", "remove", "--force", str(before))
                kinds = _buf_kinds(verdict.stdout)
                if "COMPILE" in kinds:
                    report.errors.append(f"{sha[:8]}: buf cannot build {module} "
                                         "(imports from other roots): no reference verdict")
                    continue
                buf_breaking = verdict.exit_code == 100
                if buf_breaking == bool(found):
                    report.agree += 1
                else:
                    codes = sorted({str(f["code"]) for f in found})
                    report.disagree.append(f"{sha[:8]} schemalint {codes or 'compatible'}"
                                           f" / buf {sorted(kinds) or 'compatible'}")
            _avro_agreement(repo, parents[1], sha, found, report)
    return report


def _avro_agreement(repo: Path, before: str, after: str, found: list[dict[str, Any]],
                    report: Report) -> None:
    """Apache avro's verdict on every changed .avsc pair, beside schemalint's."""
    try:
        import avro.schema
        from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType
    except ImportError:
        return
    changed = git(repo, "diff", "--name-only", "--diff-filter=M", before, after,
                  "--", "*.avsc").split()
    for path in changed:
        try:
            old = avro.schema.parse(git(repo, "show", f"{before}:{path}"))
            new = avro.schema.parse(git(repo, "show", f"{after}:{path}"))
        except Exception:  # the reference refuses the file: not comparable
            continue
        result = ReaderWriterCompatibilityChecker().get_compatibility(new, old)
        reference_breaks = result.compatibility is SchemaCompatibilityType.incompatible
        ours = any(f.get("path") == path for f in found)
        if reference_breaks == ours:
            report.agree += 1
        else:
            report.disagree.append(f"{after[:8]} {path}: schemalint "
                                   f"{'breaking' if ours else 'compatible'} / avro "
                                   f"{'breaking' if reference_breaks else 'compatible'}")


def avro_pairs(repo: Path) -> tuple[int, list[str]]:
    """Every edit of an .avsc file along the first-parent history, judged BACKWARD (the new
    schema reads the old one) by schemalint's API and by Apache avro's checker."""
    import avro.schema
    from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType

    from schemalint import check_compatibility

    agree, differ = 0, []
    log = git(repo, "log", "--first-parent", "--format=%H %P", "HEAD", "--", "*.avsc")
    for line in log.splitlines():
        sha, *parents = line.split()
        if not parents:
            continue
        for path in git(repo, "diff", "--name-only", "--diff-filter=M", parents[0], sha,
                        "--", "*.avsc").split():
            old_text = git(repo, "show", f"{parents[0]}:{path}")
            new_text = git(repo, "show", f"{sha}:{path}")
            try:
                reference = ReaderWriterCompatibilityChecker().get_compatibility(
                    avro.schema.parse(new_text), avro.schema.parse(old_text))
                ours = check_compatibility(new_text, [old_text], "BACKWARD", "AVRO")
            except Exception:  # either side refuses the text: not a pair to compare
                continue
            reference_ok = reference.compatibility is not SchemaCompatibilityType.incompatible
            if reference_ok == ours.compatible:
                agree += 1
            else:
                differ.append(f"{sha[:8]} {path}: schemalint "
                              f"{'compatible' if ours.compatible else 'breaking'} / avro "
                              f"{'compatible' if reference_ok else 'breaking'}")
    return agree, differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repos", nargs="+", help="NAME=PATH[@REVISION]")
    parser.add_argument("--commits", type=int, default=60)
    parser.add_argument("--buf", default=shutil.which("buf"))
    parser.add_argument("--avro-pairs", action="store_true",
                        help="only judge every .avsc edit in history against avro's checker")
    options = parser.parse_args()
    for spec in options.repos:
        name, _, location = spec.partition("=")
        source, _, branch = location.partition("@")
        with tempfile.TemporaryDirectory() as scratch:
            repo = clone(source, branch or None, Path(scratch))
            if options.avro_pairs:
                agree, differ = avro_pairs(repo)
                print(f"## {name}: {agree + len(differ)} .avsc edits, {agree} agree with avro")
                for line in differ:
                    print(f"  - {line}")
                continue
            report = evaluate(name, repo, options.commits, options.buf)
        print(f"## {report.name}")
        print(f"init: {report.init or '(configuration present)'}")
        print(f"check --all: exit {report.all_exit}, {report.checked} checked, "
              f"{report.all_seconds:.2f} s, {report.all_peak_mib:.0f} MiB peak")
        print(f"findings by code: {dict(report.codes.most_common())}")
        print(f"history: {report.commits} commits checked, {report.breaking_commits} with "
              f"compatibility errors ({report.reinit} with init's configuration for that "
              "commit)")
        if report.agree or report.disagree:
            print(f"reference agreement: {report.agree} agree, {len(report.disagree)} differ")
        for line in [*report.disagree, *report.errors]:
            print(f"  - {line}")
        print()


if __name__ == "__main__":
    main()
