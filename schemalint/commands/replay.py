"""``schemalint replay``: the events each checked subject's versions write, read by the
versions its level pairs them with, as consumers read them.

It stands on the check pipeline (``schemalint.pipeline.check``), which builds each subject's
history and level as ``check`` does, and keeps what replay found and what makes the input
unusable. It returns what it found and prints nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from schemalint.config import Config
from schemalint.contracts.codes import CON001
from schemalint.errors import INPUT_ERROR_CODES
from schemalint.model import Finding
from schemalint.pipeline.check import CheckOutcome, CheckRequest, run_check
from schemalint.pipeline.replaying import Replayed
from schemalint.replay import REPLAY001, REPLAY002, REPLAY003
from schemalint.sources.git import Git

# CON001: a declared consumer's reader schema failing on the new version's events (replay
# judges no contract on the schemas: ``check`` does).
REPLAYED_CODES = (REPLAY001, REPLAY002, REPLAY003, CON001)


class ReplayRequest(NamedTuple):
    paths: Sequence[str] = ()
    all: bool = False
    against: str | None = None
    event_count: int | None = None  # events per writer version; None: the default
    seed: int | None = None
    samples: str | None = None  # the folder of recorded events; None: the configured one
    registry: str | None = None  # resolves the schema ids of wire-format samples


class ReplayResult(NamedTuple):
    outcome: CheckOutcome
    findings: list[Finding]  # replay's, and those that make the input unusable
    replayed: int  # subjects whose new schema was replayed against an earlier version
    not_replayed: list[str]  # subjects of formats replay does not read yet
    # Subjects of formats replay reads that had no earlier version to replay against.
    no_earlier: Sequence[str] = ()


def replay(config: Config, request: ReplayRequest, git: Git | None = None) -> ReplayResult:
    """Replay what ``request`` selects; ``git`` is one ``start_git`` began."""
    outcome = run_check(config, check_request(request), git)
    findings = [finding for finding in outcome.findings
                if finding.code in REPLAYED_CODES or finding.code in INPUT_ERROR_CODES]
    done = outcome.replayed
    return ReplayResult(
        outcome, findings, sum(state is Replayed.REPLAYED for state in done.values()),
        outcome.not_replayed,
        [subject for subject, state in done.items() if state is Replayed.NO_EARLIER])


def check_request(request: ReplayRequest) -> CheckRequest:
    """The check run replay stands on: compatibility and replay, no lint."""
    return CheckRequest(paths=request.paths, all=request.all, against=request.against,
                        lint=False, keep_subjects=False, replay=True,
                        replay_count=request.event_count, replay_seed=request.seed,
                        replay_samples=request.samples, replay_registry=request.registry)
