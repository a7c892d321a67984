"""schemalint: guards event schemas on a durable log.

The public API::

    from schemalint import check_compatibility
    result = check_compatibility(new_text, [old_text], level="BACKWARD", schema_type="AVRO")
    result.compatible, result.findings
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schemalint.version import __version__

if TYPE_CHECKING:
    from schemalint.api import check_compatibility, parse_schema
    from schemalint.compat import CompatibilityResult, PreviousVersion, check_level
    from schemalint.errors import (
        ConfigError,
        InvalidSchemaError,
        SchemalintError,
        UnreachableError,
        UsageError,
    )
    from schemalint.model import (
        Against,
        Direction,
        ExitCode,
        Finding,
        Level,
        Schema,
        SchemaType,
        Severity,
    )

# Where each public name lives: imported on first use, so that a command importing one
# submodule (the hook's ``check``) does not pay for the compatibility engines up front.
_HOMES = {
    "check_compatibility": "schemalint.api", "parse_schema": "schemalint.api",
    # The package, callable: ``schemalint.replay(new, [old], level=...)``.
    "replay": "schemalint.replay",
    "CompatibilityResult": "schemalint.compat", "PreviousVersion": "schemalint.compat",
    "check_level": "schemalint.compat",
    "ConfigError": "schemalint.errors", "InvalidSchemaError": "schemalint.errors",
    "SchemalintError": "schemalint.errors", "UnreachableError": "schemalint.errors",
    "UsageError": "schemalint.errors",
    "Against": "schemalint.model", "Direction": "schemalint.model",
    "ExitCode": "schemalint.model", "Finding": "schemalint.model", "Level": "schemalint.model",
    "Schema": "schemalint.model", "SchemaType": "schemalint.model",
    "Severity": "schemalint.model",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'schemalint' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(home)
    value = module if home == f"{__name__}.{name}" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])


__all__ = [
    "Against",
    "CompatibilityResult",
    "ConfigError",
    "Direction",
    "ExitCode",
    "Finding",
    "InvalidSchemaError",
    "Level",
    "PreviousVersion",
    "Schema",
    "SchemaType",
    "SchemalintError",
    "Severity",
    "UnreachableError",
    "UsageError",
    "__version__",
    "check_compatibility",
    "check_level",
    "parse_schema",
    "replay",
]
