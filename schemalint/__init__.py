"""schemalint: guards event schemas on a durable log.

The public API::

    from schemalint import check_compatibility
    result = check_compatibility(new_text, [old_text], level="BACKWARD", schema_type="AVRO")
    result.compatible, result.findings
"""

from __future__ import annotations

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

__version__ = "0.1.0"

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
]
