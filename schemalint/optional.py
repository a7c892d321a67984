"""Parts of schemalint that need libraries an installation may lack, and how to install them.

A missing library is the user's to fix, not a defect: one line naming the part and the command
that installs it (exit 2), wherever the import happens.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemalint.errors import UsageError


@dataclass(frozen=True)
class Part:
    what: str  # the feature, as the user asked for it
    needs: str  # what to install, in words
    distribution: str  # the requirement's name in schemalint's metadata, or an extra's


PROTOBUF = Part("Protobuf schemas", "grpcio-tools", "grpcio-tools")
SERVER = Part("Registry commands that serve", "the server extra", "schemalint[server]")
PATTERNS_RE2 = Part("JSON Schema patterns", "google-re2", "google-re2")
PATTERNS_REGEX = Part("JSON Schema patterns", "regex", "regex")

# Top-level module → the part it belongs to.
_PARTS = {
    "google": PROTOBUF,  # protobuf's runtime, a dependency of grpcio-tools
    "grpc_tools": PROTOBUF,
    "starlette": SERVER,
    "uvicorn": SERVER,
    "re2": PATTERNS_RE2,
    "regex": PATTERNS_REGEX,
}


def missing_part(error: ImportError) -> UsageError | None:
    """The one-line error for an import that failed because an optional part is absent;
    None when the missing module belongs to no such part (a defect, reported as one)."""
    part = _PARTS.get((error.name or "").split(".", 1)[0])
    if part is None:
        return None
    return UsageError(f"{part.what} need {part.needs}, which is not installed: "
                      f"pip install '{install_argument(part)}'")


def install_argument(part: Part) -> str:
    """The pip argument: the requirement exactly as schemalint declares it, where it does."""
    from importlib.metadata import PackageNotFoundError, requires

    try:
        declared = requires("schemalint") or []
    except PackageNotFoundError:
        declared = []
    for requirement in declared:
        if requirement.startswith(part.distribution) and "extra ==" not in requirement:
            return requirement.split(";", 1)[0].strip()
    return part.distribution
