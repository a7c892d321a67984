"""When two JSON Schema texts are the same version, as Confluent Schema Registry decides.

The registry stores the schema re-serialised compactly with its key order kept, so
whitespace does not matter and key order does. With ``normalize`` (the registry's
``normalize=true``) key order stops mattering too.
"""

from __future__ import annotations

import json
from typing import Any

from schemalint.deepstack import call_with_deep_stack


def canonical_string(document: Any, normalize: bool = False, ascii_only: bool = False) -> str:
    """The compact form the registry compares: key order kept unless ``normalize``.

    ``ascii_only``: every other character written as its ``\\u`` escape. Not the registry's
    text, but equal for two documents exactly when that is, and written twice as fast."""
    def serialise() -> str:
        return json.dumps(document, separators=(",", ":"), ensure_ascii=ascii_only,
                          sort_keys=normalize, check_circular=False)

    try:
        return serialise()
    except RecursionError:  # the C encoder recurses per level: give it a deep stack
        return call_with_deep_stack(serialise)
