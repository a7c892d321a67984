"""Exceptions that carry what the user needs: a one-line message, a place, an exit code."""

from __future__ import annotations

from schemalint.finding_codes import INVALID_SCHEMA as INVALID_SCHEMA
from schemalint.finding_codes import SUBJECT_CONFLICT as SUBJECT_CONFLICT
from schemalint.model import ExitCode, Finding, Severity, SourceMapLike

# Findings that mean the input could not be used at all: exit 2, whatever else was found.
# A layout that maps two files to one subject is such an input: nothing checks it.
INPUT_ERROR_CODES = frozenset({INVALID_SCHEMA, SUBJECT_CONFLICT})


class SchemalintError(Exception):
    """Base of every error schemalint raises on purpose. ``str()`` is the one-line message."""

    exit_code: ExitCode = ExitCode.INVALID_INPUT

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        place = ""
        if self.path:
            place = self.path
            if self.line is not None:
                place += f":{self.line}"
                if self.column is not None:
                    place += f":{self.column}"
            place += ": "
        return place + self.message


class InvalidSchemaError(SchemalintError):
    """A text that cannot be used as a schema. ``finding`` is its INVALID_SCHEMA finding."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message, path=finding.path, line=finding.line,
                         column=finding.column)
        self.finding = finding


class ConfigError(SchemalintError):
    """A configuration file that cannot be loaded or does not validate."""


class UsageError(SchemalintError):
    """A command line that asks for something impossible (an unknown level, a missing file)."""


class UnreachableError(SchemalintError):
    """Something needed could not be reached: a registry, a git object a shallow clone lacks."""

    exit_code = ExitCode.UNREACHABLE


def invalid_schema(message: str, path: str | None, source: SourceMapLike | None = None,
                   pointer: str = "", line: int | None = None,
                   column: int | None = None) -> InvalidSchemaError:
    """An ``INVALID_SCHEMA`` error placed at ``pointer`` (or at the line and column given)."""
    if line is None and source is not None:
        position = source.position(pointer)
        if position is not None:
            line, column = position
    return InvalidSchemaError(Finding(
        code=INVALID_SCHEMA, severity=Severity.ERROR, message=message, path=path,
        line=line, column=column, pointer=pointer,
    ))
