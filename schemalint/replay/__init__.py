"""Replay: the events each version writes, decoded the way a consumer of another version
decodes them, and judged as that reader sees them.

``subject`` replays one subject's new schema against its history in the directions its level
requires, the same for every format; ``formats`` says what it asks of a format, and each
format's package (``avro``) generates its events, writes and reads them as its consumers do,
and says where a reader fails or reads another value. Pure functions: schemas in, findings
out.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

from schemalint.model import Finding
from schemalint.replay.codes import REPLAY001, REPLAY002, REPLAY003, REPLAY_CODES

if TYPE_CHECKING:
    from schemalint.replay.formats import replays
    from schemalint.replay.subject import (
        DEFAULT_SEED,
        replay_schemas,
        replay_subject,
    )

__all__ = ["DEFAULT_SEED", "REPLAY001", "REPLAY002", "REPLAY003", "REPLAY_CODES", "replay_schemas",
           "replay_subject", "replays"]

# The codes are read where findings are described (``schemalint.codes``); the engine, and
# fastavro with it, loads when first used.
_SUBJECT = frozenset({"DEFAULT_SEED", "replay_schemas", "replay_subject", "replays"})


def __getattr__(name: str) -> Any:
    if name not in _SUBJECT:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from schemalint.replay import subject

    return getattr(subject, name)


class _CallablePackage(ModuleType):
    """``schemalint.replay(...)`` is the API's replay (``schemalint.api.replay``). Importing
    this package binds ``schemalint.replay`` to it, so the package answers the call."""

    def __call__(self, *args: Any, **kwargs: Any) -> list[Finding]:
        from schemalint.replay.subject import replay_schemas

        return replay_schemas(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
