"""What consumer contracts add to ``check --all``.

The benchmark repository (``repo_generator.py``: SUBJECTS subjects of VERSIONS versions at
FULL_TRANSITIVE), each subject given one more version in the working tree (an optional field
added), so that every subject is checked against its history. Timed in the same run,
interleaved: ``check --all`` without consumers, then with three consumers of every subject,
one of each kind a repository declares: a reader schema (``consumers/archive/<subject>.avsc``,
the subject's first version), a field list of top-level fields and one of a field that a
later version added. On a loaded machine the two medians differ by more than the contracts
cost, so the contracts' own time is measured too: every subject's new version judged by its
three contracts, alone, as ``check`` judges them.

    python benchmarks/contracts.py [--subjects 1000] [--versions 10] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from repo_generator import generate, schema

from schemalint.config import load_config
from schemalint.pipeline.check import CheckRequest, run_check


def declare_consumers(repo: Path, subjects: int) -> None:
    """Three consumers of every subject: a reader schema and two field lists."""
    names = [f"topic-{subject}-value" for subject in range(subjects)]
    for subject, name in enumerate(names):
        reader = repo / "consumers" / "archive" / f"{name}.avsc"
        reader.parent.mkdir(parents=True, exist_ok=True)
        reader.write_text(json.dumps(schema(subject, 1), indent=2) + "\n")
    listed = json.dumps(names)
    (repo / "schemalint.toml").write_text(
        'compatibility = "FULL_TRANSITIVE"\n\n'
        f'[[consumers]]\nname = "billing"\nowner = "@acme/billing"\nsubjects = {listed}\n'
        'reads = ["event_id", "occurred_at", "attribute_3"]\n\n'
        f'[[consumers]]\nname = "crm"\nowner = "team-crm"\nsubjects = {listed}\n'
        'reads = ["attribute_0", "added_in_v2"]\n')


def timed_check(repo: Path) -> tuple[float, int, int]:
    """Seconds of one ``check --all``, its subjects checked, and its CON findings."""
    config = load_config(repo)
    started = time.perf_counter()
    outcome = run_check(config, CheckRequest(all=True))
    elapsed = time.perf_counter() - started
    contracts = sum(finding.code.startswith("CON") for finding in outcome.findings)
    return elapsed, outcome.checked, contracts


def contracts_alone(repo: Path) -> tuple[float, int]:
    """Seconds to judge every subject's new version by its contracts, and the judgements."""
    from schemalint.pipeline.consumers import ConsumerBook
    from schemalint.workspace import parse_with_config

    config = load_config(repo)
    outcome = run_check(config, CheckRequest(all=True, lint=False, keep_subjects=True))
    book = ConsumerBook(config, lambda kind, text, path: parse_with_config(
        config, text, kind, path))
    started = time.perf_counter()
    judged = 0
    for name, state in outcome.subjects.items():
        assert state.current is not None
        findings, _ = book.judge(name, state.current, state.history, state.policy, [])
        assert not findings, findings
        judged += len(book.contracts(name))
    return time.perf_counter() - started, judged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subjects", type=int, default=1000)
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="schemalint-contracts-"))
    try:
        plain, declared = workdir / "plain", workdir / "declared"
        generate(plain, args.subjects, args.versions)
        for subject in range(args.subjects):
            path = plain / "schemas" / f"topic-{subject}" / "value.avsc"
            path.write_text(json.dumps(schema(subject, args.versions + 1), indent=2) + "\n")
        shutil.copytree(plain, declared)
        declare_consumers(declared, args.subjects)
        samples: dict[str, list[float]] = {"without consumers": [], "3 consumers a subject": []}
        for _ in range(args.runs):
            for name, repo in (("without consumers", plain), ("3 consumers a subject", declared)):
                elapsed, checked, contracts = timed_check(repo)
                assert checked == args.subjects, checked
                assert contracts == 0, contracts  # every version adds an optional field
                samples[name].append(elapsed)
        medians = {name: statistics.median(values) for name, values in samples.items()}
        print(f"check --all, {args.subjects} subjects x {args.versions + 1} versions at "
              f"FULL_TRANSITIVE, median of {args.runs}:")
        for name, seconds in medians.items():
            print(f"    {name:24s} {seconds:7.2f} s")
        ratio = medians["3 consumers a subject"] / medians["without consumers"]
        print(f"    ratio                    {ratio:7.2f}x")
        alone, judged = contracts_alone(declared)
        print(f"    the contracts alone      {alone:7.2f} s ({judged} judgements, "
              f"{alone / medians['without consumers']:.1%} of check --all without consumers)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
