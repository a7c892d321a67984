"""When two JSON Schema texts are the same version, as Confluent Schema Registry decides.

The registry stores the schema re-serialised compactly with its key order kept, so
whitespace does not matter and key order does. With ``normalize`` (the registry's
``normalize=true``) key order stops mattering too.
"""

from __future__ import annotations

import json
from typing import Any

from schemalint.deepstack import call_with_deep_stack


def canonical_string(document: Any, normalize: bool = False) -> str:
    """The compact form the registry compares: key order kept unless ``normalize``."""
    def serialise() -> str:
        return json.dumps(document, separators=(",", ":"), ensure_ascii=False,
                          sort_keys=normalize, check_circular=False)

    try:
        return serialise()
    except RecursionError:  # the C encoder recurses per level: give it a deep stack
        return call_with_deep_stack(serialise)
