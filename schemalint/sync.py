"""Sync: replay the repository's schema log into a registry from where the registry stands.

Three stages. ``observe`` reads what the registry holds for each subject (I/O only);
``plan_subject`` decides, from the log and that observation alone, what to do (pure);
``Applier`` does it (I/O only). Re-running after a successful apply plans nothing.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from schemalint.compat import PreviousVersion, check_level
from schemalint.model import Level, Schema, SchemaType
from schemalint.registry.client import (
    IncompatibleSchema,
    RegistryClient,
    RegistryError,
    RegistryReference,
    SchemaRequest,
)

ALLOW_WEAKER_LEVELS = "--allow-weaker-levels"
TRANSITIVE_BREAK = (
    "a sanctioned break cannot be registered at a transitive level: every later registration "
    "would fail against the versions before the break. Publish the change as a new subject "
    "(for example a '.v2' topic), or use Confluent's compatibilityGroup metadata")


# ---- the log: what the repository says each subject should hold ----------------------------

@dataclass(frozen=True)
class LogVersion:
    """One version of a subject's log, oldest first, as sync would register it."""

    schema: Schema
    # (reference name, referenced subject), in the order the schema names them.
    references: tuple[tuple[str, str], ...] = ()
    # Why it must never be registered (error findings on the current schema).
    blocked: str | None = None
    # The [[allow-breaking]] reason, when this exact schema is sanctioned.
    sanction: str | None = None


@dataclass(frozen=True)
class SubjectLog:
    subject: str
    schema_type: SchemaType
    level: Level
    policy: str
    path: str
    versions: tuple[LogVersion, ...]  # [*history, current]; empty when current is unusable
    # Versions git holds after the one the current schema reverts to.
    reverted: tuple[LogVersion, ...] = ()
    unusable: str | None = None  # why the subject cannot be synced at all


# ---- what the registry holds ------------------------------------------------------------

@dataclass(frozen=True)
class Observed:
    """One subject as the registry holds it, read before planning."""

    latest: int | None = None  # latest non-deleted version; None: the registry lacks it
    # Log index -> the registered version equal to it (newest first, until one is found).
    found: Mapping[int, int] = field(default_factory=dict)
    # The registry's latest equals a version git holds after the current one (a revert).
    latest_is_reverted: bool = False
    level: Level | None = None  # the registry's effective level for the subject
    policy: str | None = None
    # The registry's own verdict on the first version to append: (compatible, messages).
    verdict: tuple[bool, tuple[str, ...]] | None = None


# ---- the plan ---------------------------------------------------------------------------

class Action(str, enum.Enum):
    CREATE = "create"
    REGISTERED = "registered"
    SET_LEVEL = "set level"
    DRIFT = "drift"
    REVERT = "revert"
    REFUSED = "refused"
    WAITING = "waiting"
    PRUNE = "prune"
    # The repository's level is weaker than the registry's (or incomparable): kept as it is.
    WEAKER_LEVEL = "weaker level"

    @property
    def changes(self) -> bool:
        """Whether the registry differs from the repository when this step is planned."""
        return self is not Action.REGISTERED


@dataclass(frozen=True)
class Step:
    subject: str
    action: Action
    detail: str
    version: int | None = None  # registry version (expected before apply, actual after)
    log_index: int | None = None
    relax: bool = False  # sanctioned break: level NONE for this one registration
    level: Level | None = None
    policy: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"subject": self.subject, "action": self.action.value, "detail": self.detail,
                "version": self.version}


@dataclass(frozen=True)
class SubjectPlan:
    log: SubjectLog
    observed: Observed
    steps: tuple[Step, ...]

    @property
    def to_register(self) -> list[Step]:
        return [step for step in self.steps if step.action is Action.CREATE]


def plan_subject(log: SubjectLog, observed: Observed,
                 allow_weaker_levels: bool = False) -> SubjectPlan:
    """What sync does for one subject. Pure: the log and the observation decide everything.

    A level the registry holds is only ever made stricter, unless ``allow_weaker_levels``:
    lowering it lets in changes that break the consumers the stricter level protects."""
    subject = log.subject
    if log.unusable is not None:
        return SubjectPlan(log, observed, (Step(subject, Action.REFUSED, log.unusable),))
    level_steps = _level_steps(log, observed, allow_weaker_levels)
    judged = log
    if any(step.action is Action.WEAKER_LEVEL for step in level_steps):
        assert observed.level is not None
        # The registry keeps its level, so every version to append is judged at it.
        judged = replace(log, level=observed.level)
    last = len(log.versions) - 1
    if observed.latest is not None:
        matched = max(observed.found, default=None)
        if matched is None or observed.found[matched] != observed.latest:
            if observed.latest_is_reverted and last in observed.found:
                return SubjectPlan(log, observed, (Step(
                    subject, Action.REVERT,
                    f"the current schema equals registered version {observed.found[last]}, "
                    f"so the registry's latest (version {observed.latest}) stays; revert by "
                    "committing the old schema as a new change the registry can accept",
                    version=observed.latest),))
            return SubjectPlan(log, observed, (Step(
                subject, Action.DRIFT,
                f"the registry's latest, version {observed.latest}, is not in the "
                "repository's history; left untouched. Pull it into the repository or "
                "resolve it in the registry", version=observed.latest),))
        if matched == last:
            return SubjectPlan(log, observed, (*level_steps, Step(
                subject, Action.REGISTERED,
                f"already registered as version {observed.latest}", version=observed.latest,
                log_index=last)))
        pending = range(matched + 1, last + 1)
        base = observed.latest
    else:
        pending = range(0, last + 1)
        base = 0
    steps: list[Step] = list(level_steps)
    transitive = judged.level.transitive
    for offset, index in enumerate(pending):
        version = log.versions[index]
        expected = base + offset + 1
        refusal, relax = _verdict(judged, index, observed if offset == 0 else None)
        if refusal is None and relax and transitive:
            refusal = TRANSITIVE_BREAK
        if refusal is not None:
            steps.append(Step(subject, Action.REFUSED, refusal, log_index=index))
            waiting = len(pending) - offset - 1
            if waiting:
                steps.append(Step(subject, Action.WAITING,
                                  f"{waiting} later version(s) wait for this one"))
            break
        detail = f"created as version {expected}"
        if relax:
            detail += (f" with the level set to NONE for this one registration, then "
                       f"restored (sanctioned: {version.sanction})")
        steps.append(Step(subject, Action.CREATE, detail, version=expected, log_index=index,
                          relax=relax))
    return SubjectPlan(log, observed, tuple(steps))


def _level_steps(log: SubjectLog, observed: Observed,
                 allow_weaker_levels: bool) -> tuple[Step, ...]:
    policy = log.policy if log.schema_type is SchemaType.JSON else None
    registry_policy = observed.policy or "STRICT"
    if observed.level is log.level and (policy is None or policy == registry_policy):
        return ()
    was = observed.level.value if observed.level else "unknown"
    detail = f"set level {log.level.value} (registry: {was})"
    weaker = _weakening(log.level, observed.level)
    if weaker is not None and not allow_weaker_levels:
        return (Step(log.subject, Action.WEAKER_LEVEL, (
            f"keeps {was}: the repository's {log.level.value} is {weaker}, so lowering it "
            f"would let in changes {was} refuses; pass {ALLOW_WEAKER_LEVELS} to lower it, or "
            f"give the subject compatibility = \"{was}\" in the config"),
            level=observed.level),)
    if weaker is not None:
        detail += f", {weaker}: lowered as {ALLOW_WEAKER_LEVELS} allows"
    if policy is not None and policy != registry_policy:
        detail += f", policy {policy} (registry: {registry_policy})"
    return (Step(log.subject, Action.SET_LEVEL, detail, level=log.level, policy=policy),)


def _weakening(wanted: Level, held: Level | None) -> str | None:
    """How ``wanted`` falls short of the ``held`` level, or None when it is as strict."""
    if held is None or wanted.at_least_as_strict_as(held):
        return None
    if held.at_least_as_strict_as(wanted):
        return "weaker"
    return "not comparable (each lets in changes the other refuses)"


def _verdict(log: SubjectLog, index: int, observed: Observed | None) -> tuple[str | None, bool]:
    """(refusal reason or None, whether it needs the sanctioned level-NONE registration)."""
    version = log.versions[index]
    if version.blocked is not None:
        return version.blocked, False
    previous = [PreviousVersion(v.schema) for v in log.versions[:index]]
    local = check_level(version.schema, previous, log.level, subject=log.subject,
                        policy=log.policy)
    breaks = not local.compatible
    registry_refuses = observed is not None and observed.verdict is not None and \
        not observed.verdict[0]
    if (breaks or registry_refuses) and version.sanction is not None:
        return None, True
    if breaks:
        first = (f"{local.findings[0].code}: {local.findings[0].message}" if local.findings
                 else "incompatible")
        return (f"breaks {log.level.value} against the versions before it in git: {first}",
                False)
    if registry_refuses:
        assert observed is not None and observed.verdict is not None
        said = "; ".join(observed.verdict[1]) or "incompatible"
        return (f"the registry refuses it at its level (schemalint: compatible with the git "
                f"history at {log.level.value}); registry says: {said}", False)
    return None, False


# ---- observing the registry -------------------------------------------------------------

# ``ReferenceVersions.holding``: the content is a version planned, not registered yet.
UNREGISTERED = -1


class ReferenceVersions:
    """The registry's latest version of referenced subjects, read once each; and, as plans
    and registrations tell them, which version holds which content of a subject."""

    def __init__(self, client: RegistryClient) -> None:
        self._client = client
        self._known: dict[str, int | None] = {}
        # Subject -> reference digest (``Schema.reference_digest``) -> registered version.
        self._by_digest: dict[str, dict[str, int]] = {}
        # Subject -> digests of versions planned but not registered yet.
        self._planned: dict[str, set[str]] = {}

    def set(self, subject: str, version: int | None) -> None:
        self._known[subject] = version

    def learn(self, plan: SubjectPlan) -> None:
        """What a subject's plan says of its versions: those found registered, and those it
        will register."""
        versions = plan.log.versions
        for index, number in plan.observed.found.items():
            self.registered(plan.log.subject, versions[index].schema, number)
        planned = self._planned.setdefault(plan.log.subject, set())
        for step in plan.to_register:
            assert step.log_index is not None
            digest = versions[step.log_index].schema.reference_digest()
            if digest not in self._by_digest.get(plan.log.subject, {}):
                planned.add(digest)

    def registered(self, subject: str, schema: Schema, version: int) -> None:
        digest = schema.reference_digest()
        self._by_digest.setdefault(subject, {})[digest] = version
        self._planned.get(subject, set()).discard(digest)

    def holding(self, subject: str, digest: str | None) -> int | None:
        """The registered version of ``subject`` with that content; ``UNREGISTERED`` where
        it is only planned (no registered schema can refer to it yet); None where unknown."""
        if digest is None:
            return None
        number = self._by_digest.get(subject, {}).get(digest)
        if number is None and digest in self._planned.get(subject, ()):
            return UNREGISTERED
        return number

    def latest(self, subject: str) -> int | None:
        if subject not in self._known:
            registered = self._client.version(subject, "latest")
            self._known[subject] = registered.version if registered else None
        return self._known[subject]


def request_for(version: LogVersion, refs: ReferenceVersions,
                pinned: Mapping[str, int] | None = None) -> SchemaRequest | None:
    """The registry request for a log version; None when a referenced subject is missing.

    A reference names the version of its subject that holds the content the schema resolved
    it to, as Confluent's identity of a version counts its references' versions; where that
    is not known, the version ``pinned`` gives, else the subject's latest."""
    digests = dict(version.schema.referenced_digests()) if version.references else {}
    references = []
    for name, subject in version.references:
        number = refs.holding(subject, digests.get(name)) or (pinned or {}).get(name) \
            or refs.latest(subject)
        if number is None or number == UNREGISTERED:
            return None
        references.append(RegistryReference(name, subject, number))
    return SchemaRequest(version.schema.text, version.schema.schema_type.value,
                         tuple(references))


def observe(client: RegistryClient, log: SubjectLog, refs: ReferenceVersions) -> Observed:
    """Read what the registry holds for one subject: a subject in step costs three requests."""
    if log.unusable is not None or not log.versions:
        return Observed()
    level, policy = registry_level(client, log.subject)
    latest = client.version(log.subject, "latest")
    if latest is None:
        return Observed(level=level, policy=policy)
    # Lookups pin references to the versions the registry's latest uses: an unchanged schema
    # stays equal to what is registered even after a referenced subject moved on.
    pinned = {ref.name: ref.version for ref in latest.references}
    found: dict[int, int] = {}
    for index in range(len(log.versions) - 1, -1, -1):
        request = request_for(log.versions[index], refs, pinned)
        match = client.lookup(log.subject, request) if request is not None else None
        if match is not None:
            found[index] = match.version
            break
    reverted = False
    if not found or max(found.values()) != latest.version:
        last = len(log.versions) - 1
        if last not in found:
            request = request_for(log.versions[last], refs, pinned)
            match = client.lookup(log.subject, request) if request is not None else None
            if match is not None:
                found[last] = match.version
        for version in log.reverted:
            request = request_for(version, refs, pinned)
            match = client.lookup(log.subject, request) if request is not None else None
            if match is not None and match.version == latest.version:
                reverted = True
                break
    verdict = None
    matched = max(found, default=None)
    if matched is not None and found[matched] == latest.version and \
            matched + 1 < len(log.versions):
        request = request_for(log.versions[matched + 1], refs)
        if request is not None:
            compatible, messages = client.test_compatibility(log.subject, request)
            verdict = (compatible, tuple(messages))
    return Observed(latest=latest.version, found=found, latest_is_reverted=reverted,
                    level=level, policy=policy, verdict=verdict)


def registry_level(client: RegistryClient,
                   subject: str | None) -> tuple[Level | None, str | None]:
    """The level (None when unreadable) and JSON Schema policy the registry applies to
    ``subject``, its own or inherited; with no subject, the global ones."""
    config = client.effective_config(subject) if subject is not None \
        else client.global_config()
    raw = config.get("compatibilityLevel") or config.get("compatibility")
    try:
        level = Level.parse(str(raw)) if raw else None
    except ValueError:
        level = None
    policy = config.get("compatibilityPolicy")
    return level, str(policy) if policy else None


# ---- applying a plan ----------------------------------------------------------------------

class Applier:
    """Carries out subject plans: levels first, then registrations in log order."""

    def __init__(self, client: RegistryClient, refs: ReferenceVersions,
                 allow_weaker_levels: bool = False) -> None:
        self.client = client
        self.refs = refs
        self.allow_weaker_levels = allow_weaker_levels

    def apply(self, plan: SubjectPlan) -> list[Step]:
        plan = self._still_current(plan)
        subject = plan.log.subject
        done: list[Step] = []
        steps = list(plan.steps)
        for position, step in enumerate(steps):
            if step.action is Action.SET_LEVEL:
                assert step.level is not None
                self.client.set_config(subject, step.level.value, step.policy)
                done.append(step)
            elif step.action is Action.CREATE:
                assert step.log_index is not None
                result = self._register(plan, step)
                done.append(result)
                if result.action is Action.CREATE and result.version is not None:
                    self.refs.registered(subject, plan.log.versions[step.log_index].schema,
                                         result.version)
                if result.action is not Action.CREATE:
                    left = sum(1 for s in steps[position + 1:] if s.action is Action.CREATE)
                    if left:
                        done.append(Step(subject, Action.WAITING,
                                         f"{left} later version(s) wait for this one"))
                    break
            else:
                done.append(step)
        latest = self.client.version(subject, "latest")
        self.refs.set(subject, latest.version if latest else None)
        return done

    def _still_current(self, plan: SubjectPlan) -> SubjectPlan:
        """The plan, made again if another writer moved the subject since it was read: a
        version registered in between is drift, never a base to append to."""
        if not plan.to_register:
            return plan
        latest = self.client.version(plan.log.subject, "latest")
        if (latest.version if latest else None) == plan.observed.latest:
            return plan
        return plan_subject(plan.log, observe(self.client, plan.log, self.refs),
                            self.allow_weaker_levels)

    def _register(self, plan: SubjectPlan, step: Step) -> Step:
        subject = plan.log.subject
        assert step.log_index is not None
        version = plan.log.versions[step.log_index]
        request = request_for(version, self.refs)
        if request is None:
            digests = dict(version.schema.referenced_digests())
            missing = ", ".join(s for name, s in version.references
                                if self.refs.latest(s) is None
                                or self.refs.holding(s, digests.get(name)) == UNREGISTERED)
            return replace(step, action=Action.REFUSED,
                           detail=f"its references are not in the registry: {missing}")
        try:
            if step.relax:
                schema_id = self._register_relaxed(subject, request)
            else:
                schema_id = self.client.register(subject, request)
        except IncompatibleSchema as error:
            return replace(step, action=Action.REFUSED, detail=(
                f"the registry refused it (409): {error.message}; schemalint: "
                f"{'sanctioned break' if step.relax else 'compatible with the git history'}"))
        except RegistryError as error:
            if error.error_code // 100 != 422:
                raise
            return replace(step, action=Action.REFUSED,
                           detail=f"the registry refused it: {error.message}")
        # Re-read: the registry's own word on which version it now is.
        confirmed = self.client.lookup(subject, request)
        if confirmed is None:
            raise RegistryError(f"{subject}: registered, but the registry does not find the "
                                "schema when asked back", error_code=50005)
        if confirmed.id != schema_id:
            raise RegistryError(
                f"{subject}: the registry gave id {schema_id} to the registration but answers "
                f"id {confirmed.id} (version {confirmed.version}) when asked back",
                error_code=50005)
        return replace(step, version=confirmed.version,
                       detail=step.detail.replace(f"version {step.version}",
                                                  f"version {confirmed.version}", 1))

    def _register_relaxed(self, subject: str, request: SchemaRequest) -> int:
        own = self.client.subject_config(subject)
        self.client.set_config(subject, Level.NONE.value)
        try:
            return self.client.register(subject, request)
        finally:
            if own and own.get("compatibilityLevel"):
                self.client.set_config(subject, str(own["compatibilityLevel"]),
                                       own.get("compatibilityPolicy"))
            else:
                self.client.delete_config(subject)


def dependency_waves(logs: Mapping[str, SubjectLog]) -> list[list[str]]:
    """Subjects in waves: every subject's references are in an earlier wave."""
    depth: dict[str, int] = {}

    def visit(name: str, trail: frozenset[str]) -> int:
        if name in depth:
            return depth[name]
        if name in trail or name not in logs:
            return -1
        referenced = {s for v in logs[name].versions for _, s in v.references}
        level = 1 + max((visit(s, trail | {name}) for s in referenced), default=-1)
        depth[name] = level
        return level

    for name in sorted(logs):
        visit(name, frozenset())
    waves: list[list[str]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for name in sorted(logs):
        waves[depth[name]].append(name)
    return waves


def run_waves(waves: Sequence[Sequence[str]], work: Callable[[str], None],
              concurrency: int) -> None:
    """``work`` on every subject, ``concurrency`` at a time, wave after wave."""
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        for wave in waves:
            for future in [pool.submit(work, name) for name in wave]:
                future.result()
