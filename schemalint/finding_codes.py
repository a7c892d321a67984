"""The codes of findings that are neither a format's compatibility type nor a lint rule.

The one list of them: the parts that emit these findings take their code from here, and
``schemalint.codes`` documents each (a test holds the two together). A format's
compatibility types are in its engine (``formats/<format>``), lint codes in ``lint/registry``.
"""

from __future__ import annotations

# A file that cannot be read as a schema of its format (every format's parser).
INVALID_SCHEMA = "INVALID_SCHEMA"
# An Avro default of another type than its field (the Avro engine).
INVALID_DEFAULT = "INVALID_DEFAULT"
# A subject's schema moved from one format to another (the compatibility check).
SCHEMA_TYPE_CHANGED = "SCHEMA_TYPE_CHANGED"
# Files of two lineages map to one subject (``schemalint.conflicts``).
SUBJECT_CONFLICT = "SUBJECT_CONFLICT"
# The check pipeline: a subject's file gone, a published versioned file edited.
SUBJECT_REMOVED = "SUBJECT_REMOVED"
VERSION_EDITED = "VERSION_EDITED"
# ``[[allow-breaking]]`` entries past their date or naming a schema no longer there.
ALLOW_BREAKING_EXPIRED = "ALLOW_BREAKING_EXPIRED"
ALLOW_BREAKING_STALE = "ALLOW_BREAKING_STALE"

PROJECT_CODES: tuple[str, ...] = (
    INVALID_SCHEMA, INVALID_DEFAULT, SCHEMA_TYPE_CHANGED, SUBJECT_CONFLICT, SUBJECT_REMOVED,
    VERSION_EDITED, ALLOW_BREAKING_EXPIRED, ALLOW_BREAKING_STALE,
)
