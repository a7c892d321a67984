"""Optional HTTP basic auth, with credentials from the environment.

Set ``SCHEMALINT_REGISTRY_USER`` and ``SCHEMALINT_REGISTRY_PASSWORD`` to require them on every
route; leave both unset for an open registry (the default, bound to loopback).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
from dataclasses import dataclass

USER_ENV = "SCHEMALINT_REGISTRY_USER"
PASSWORD_ENV = "SCHEMALINT_REGISTRY_PASSWORD"


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str

    def allows(self, authorization: str | None) -> bool:
        """Whether an ``Authorization`` header carries these credentials (constant time)."""
        if not authorization:
            return False
        scheme, _, encoded = authorization.strip().partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            given = base64.b64decode(encoded.strip(), validate=True)
        except (binascii.Error, ValueError):
            return False
        expected = f"{self.user}:{self.password}".encode()
        return hmac.compare_digest(given, expected)


def from_environment() -> Credentials | None:
    user = os.environ.get(USER_ENV)
    password = os.environ.get(PASSWORD_ENV)
    if not user and not password:
        return None
    return Credentials(user or "", password or "")
