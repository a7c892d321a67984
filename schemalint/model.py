"""The shapes every part of schemalint speaks: schemas, levels, findings."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

# Defined beside the source maps so that the model, the view and the maps import each other
# in one direction only.
from schemalint.sourcemap import SourceMapLike as SourceMapLike

if TYPE_CHECKING:
    from schemalint.view import SchemaView


class Severity(str, enum.Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls(text.strip().lower())
        except ValueError:
            choices = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {text!r}; expected one of {choices}") from None


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class SchemaType(str, enum.Enum):
    AVRO = "AVRO"
    JSON = "JSON"
    PROTOBUF = "PROTOBUF"

    @classmethod
    def parse(cls, text: str) -> SchemaType:
        key = text.strip().upper().replace("-", "").replace("_", "")
        aliases = {"AVRO": cls.AVRO, "AVSC": cls.AVRO, "JSON": cls.JSON,
                   "JSONSCHEMA": cls.JSON, "PROTOBUF": cls.PROTOBUF, "PROTO": cls.PROTOBUF}
        if key not in aliases:
            raise ValueError(f"unknown schema type {text!r}; expected avro, json or protobuf")
        return aliases[key]


class Direction(str, enum.Enum):
    """Which readers break.

    ``backward``: consumers using the new schema cannot read data written with an old one.
    ``forward``: consumers still on an old schema cannot read data written with the new one.
    """

    BACKWARD = "backward"
    FORWARD = "forward"


class Level(str, enum.Enum):
    """Confluent Schema Registry's compatibility levels."""

    NONE = "NONE"
    BACKWARD = "BACKWARD"
    BACKWARD_TRANSITIVE = "BACKWARD_TRANSITIVE"
    FORWARD = "FORWARD"
    FORWARD_TRANSITIVE = "FORWARD_TRANSITIVE"
    FULL = "FULL"
    FULL_TRANSITIVE = "FULL_TRANSITIVE"

    @classmethod
    def parse(cls, text: str) -> Level:
        try:
            return cls(text.strip().upper())
        except ValueError:
            choices = ", ".join(level.value for level in cls)
            raise ValueError(
                f"unknown compatibility level {text!r}; expected one of {choices}"
            ) from None

    @property
    def transitive(self) -> bool:
        return self.value.endswith("_TRANSITIVE")

    @property
    def directions(self) -> tuple[Direction, ...]:
        """The legs Confluent runs for this level, in the order it reports them."""
        base = self.value.removesuffix("_TRANSITIVE")
        if base == "BACKWARD":
            return (Direction.BACKWARD,)
        if base == "FORWARD":
            return (Direction.FORWARD,)
        if base == "FULL":
            # Confluent reports the forward leg's messages before the backward leg's.
            return (Direction.FORWARD, Direction.BACKWARD)
        return ()

    def at_least_as_strict_as(self, other: Level) -> bool:
        """Whether this level accepts only schemas ``other`` accepts too: it checks every
        direction ``other`` checks, against at least the versions ``other`` checks against.
        NONE < BACKWARD, FORWARD < FULL, a transitive level above its non-transitive one;
        BACKWARD and FORWARD (or FULL and BACKWARD_TRANSITIVE) are incomparable."""
        return set(self.directions) >= set(other.directions) and \
            (self.transitive or not other.transitive)


@dataclass(frozen=True)
class Against:
    """What a compatibility finding compared with: a git ref or a registry, and a version.

    ``commit``: where that version first appeared on the ref's first-parent history, which
    is where a person looks it up (``git show a9fa1e2:path``).
    """

    ref: str | None = None
    registry: str | None = None
    version: int | None = None
    path: str | None = None
    commit: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {key: value for key, value in (
            ("ref", self.ref), ("registry", self.registry),
            ("version", self.version), ("path", self.path), ("commit", self.commit),
        ) if value is not None}

    @property
    def version_name(self) -> str:
        """``version 2``: how a message names the version again, once ``describe`` has."""
        return f"version {self.version}" if self.version is not None else "the previous version"

    def describe(self) -> str:
        """``version 2 (a9fa1e2, main)``: the version, its commit, and the ref, each once."""
        version = self.version_name
        places = [short_sha(self.commit)] if self.commit else []
        if not self.commit and self.path and (self.ref or self.registry):
            # A versioned file (1.2.0.yaml is version 3): its name is where a person looks.
            places.append(self.path.rpartition("/")[2])
        where = self.ref or self.registry or (None if self.commit else self.path)
        if where is not None and self.ref is not None and _looks_like_sha(self.ref):
            # A ref given as a commit (the GitHub Action passes the base's full SHA).
            where = None if self.commit and self.commit.startswith(self.ref[:7]) \
                else short_sha(self.ref)
        if where:
            places.append(where)
        return f"{version} ({', '.join(places)})" if places else version


SHORT_SHA = 7


def short_sha(sha: str) -> str:
    """A commit as a person reads it: its first seven hex digits."""
    return sha[:SHORT_SHA]


def _looks_like_sha(ref: str) -> bool:
    return len(ref) >= SHORT_SHA and all(c in "0123456789abcdef" for c in ref.lower())


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    pointer: str = ""
    subject: str | None = None
    level: Level | None = None
    direction: Direction | None = None
    against: Against | None = None
    # Field and type names from the root to the offending element: the part of the
    # fingerprint that survives reformatting and reordering.
    name_path: str = ""
    # Text to paste (a configuration entry, as TOML), shown as a block where the format has
    # room for one and under "fix" in JSON.
    fix: str = ""

    @property
    def fingerprint(self) -> str:
        key = "\x00".join((self.code, self.subject or self.path or "", self.name_path))
        return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "pointer": self.pointer,
            "subject": self.subject,
        }
        if self.level is not None:
            data["level"] = self.level.value
        if self.direction is not None:
            data["direction"] = self.direction.value
        if self.against is not None:
            data["against"] = self.against.to_json()
        if self.fix:
            data["fix"] = self.fix
        data["fingerprint"] = self.fingerprint
        return data

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path or "", self.line or 0, self.column or 0, self.code)


@dataclass(frozen=True)
class Incompatibility:
    """One reason a reader schema cannot read a writer schema, as a format engine finds it.

    Pointers are kept for both sides so that a finding can always anchor in the file being
    checked, whichever side of the comparison that file was on.
    """

    code: str
    reader_pointer: str
    writer_pointer: str
    name_path: str
    # What the reference implementation says (Avro's additionalInfo, Confluent's description).
    detail: str = ""
    # The element's names in each schema, for messages.
    reader_name: str = ""
    writer_name: str = ""


# What a change means for a reader at a compatibility level (``Change.verdict``).
SAFE = "safe"
BREAKS_NEW = "breaks new consumers"
BREAKS_OLD = "breaks old consumers"
BREAKS_BOTH = "breaks old and new consumers"
ALLOWED = "allowed at this level"
UNCLASSIFIED = "unclassified"


@dataclass(frozen=True)
class Change:
    """One change between two versions of a schema, as a format's differ lists it.

    ``breaks`` is None when the differ cannot classify it.
    """

    kind: str
    name_path: str
    description: str
    pointer: str = ""
    breaks: frozenset[Direction] | None = frozenset()
    note: str = ""

    def verdict(self, level: Level) -> str:
        if self.breaks is None:
            return UNCLASSIFIED
        relevant = self.breaks & set(level.directions)
        if not self.breaks:
            return SAFE
        if not relevant:
            return ALLOWED
        if relevant == {Direction.BACKWARD, Direction.FORWARD}:
            return BREAKS_BOTH
        return BREAKS_NEW if Direction.BACKWARD in relevant else BREAKS_OLD

    def to_json(self, level: Level) -> dict[str, Any]:
        return {
            "kind": self.kind, "path": self.name_path, "description": self.description,
            "pointer": self.pointer, "verdict": self.verdict(level),
            "breaks": sorted(d.value for d in self.breaks) if self.breaks is not None else None,
            **({"note": self.note} if self.note else {}),
        }


class CodeDoc(NamedTuple):
    """What ``explain`` says of a code, under the headings a lint rule documents too."""

    what: str
    why: str
    bad: str
    good: str
    fix: str


@dataclass(frozen=True)
class CodeInfo:
    """What a finding code means (``schemalint.codes``), as reporters describe it."""

    code: str
    name: str
    summary: str
    help: str
    severity: Severity = Severity.ERROR
    doc: CodeDoc | None = None


@dataclass(frozen=True)
class Reference:
    """A schema this one needs: an Avro named type or a JSON Schema ``$ref`` in another file."""

    name: str
    subject: str
    path: str | None = None


@dataclass
class Schema:
    """A parsed schema of any format, with its identity and a way back to its source text."""

    schema_type: SchemaType
    text: str
    path: str | None
    document: Any
    parsed: Any
    identity: str
    source: SourceMapLike
    name: str | None = None
    references: tuple[Reference, ...] = ()
    # Findings raised while parsing that do not stop the schema from being used
    # (Avro defaults that Confluent accepts but Avro 1.12's Java parser rejects).
    findings: list[Finding] = field(default_factory=list)

    def locate(self, pointer: str) -> tuple[int | None, int | None]:
        found = self.source.position(pointer)
        return found if found is not None else (None, None)

    def identity_sha256(self) -> str:
        """sha256 (hex) of ``identity``: versions of a subject are equal exactly when these
        are. Kept once computed (a parsed schema's identity does not change)."""
        digest: str | None = self.__dict__.get("_identity_sha256")
        if digest is None:
            digest = hashlib.sha256(self._identity_text().encode()).hexdigest()
            self.__dict__["_identity_sha256"] = digest
        return digest

    def same_identity(self, other: Schema) -> bool:
        """Whether the registry would take the two for one version (equal identities).

        Where both give an ``_identity_hint`` and the hints differ, that decides: telling two
        versions of a large schema apart then writes out neither identity.
        """
        hint, other_hint = self._identity_hint(), other._identity_hint()
        if hint is not None and other_hint is not None:
            if hint != other_hint:
                return False
            if self._identity_hint_exact and type(other) is type(self):
                return True
        return self.identity_sha256() == other.identity_sha256()

    def referenced_digests(self) -> tuple[tuple[str, str], ...]:
        """Per schema this one references, in the order the format lists them: the
        reference's name and a digest of the referenced schema as it resolved (equal exactly
        when that schema's identities are; "" where the registry provides it, which counts by
        name alone). References of references are listed too: a referenced subject whose own
        reference moved on is a new version of it. None here: the identity alone."""
        return ()

    def reference_digest(self) -> str:
        """The digest a schema referencing this one records for it in
        ``referenced_digests``."""
        return self.identity_sha256()

    def version_key(self) -> str:
        """What the registry tells versions by: the identity and, as Confluent's
        ``MD5.ofSchema`` digests each reference's name, subject and version with the text, the
        references' names and what they resolved to. A schema without references: its
        ``_identity_digest``. Compared within one run only, never kept."""
        referenced = self.referenced_digests()
        if not referenced:
            return self._identity_digest()
        parts = [self._identity_digest(),
                 *(f"{name}\x00{digest}" for name, digest in referenced)]
        return hashlib.sha256("\x01".join(parts).encode("utf-8", "surrogatepass")).hexdigest()

    def _identity_digest(self) -> str:
        """A digest equal exactly when the identities are, for ``version_key``: the
        ``identity_sha256`` unless the format writes one faster."""
        return self.identity_sha256()

    def same_version(self, other: Schema) -> bool:
        """Whether registering one where the other is registered registers nothing: equal
        identities with the same references resolved to equal schemas."""
        if other is self:
            return True  # one parse of one text (a file as its newest version left it)
        return self.referenced_digests() == other.referenced_digests() and \
            self.same_identity(other)

    @property
    def view(self) -> SchemaView:
        """The read-only view the rules read (``schemalint.view``), made by the schema's
        format when first asked for and kept while the schema lives."""
        found: SchemaView | None = self.__dict__.get("_view")
        if found is None:
            found = self.__dict__["_view"] = self._read_view()
        return found

    def _read_view(self) -> SchemaView:
        """The view of this schema; each format's schema gives its own."""
        from schemalint.view import EMPTY_VIEW

        return EMPTY_VIEW

    # Whether equal hints also mean equal identities (a digest of what the identity is
    # printed from), so that the identities need not be compared.
    _identity_hint_exact: ClassVar[bool] = False

    def _identity_hint(self) -> Hashable | None:
        """Something cheaper to compare than the identity that equal identities always share
        (schemas with unequal hints have unequal identities); None where nothing is cheaper."""
        return None

    def _identity_text(self) -> str:
        """``identity``; a format that writes it on demand gives it here without keeping it,
        so that comparing the versions of a large schema holds no copy of either."""
        return self.identity


class ExitCode(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    INVALID_INPUT = 2
    UNREACHABLE = 3


