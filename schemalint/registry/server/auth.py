"""Optional HTTP basic auth, with credentials from the environment.

Set ``SCHEMALINT_REGISTRY_USER`` and ``SCHEMALINT_REGISTRY_PASSWORD`` to require them on every
route; leave both unset for an open registry (the default, bound to loopback). Setting one
without the other is a misconfiguration the server refuses to start with.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
from dataclasses import dataclass

from schemalint.errors import UsageError

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
    """The credentials the environment sets, None for an open registry.

    Raises ``UsageError`` naming the missing variable when only one of the two is set: a
    user without a password would otherwise let in anyone who sends that user."""
    user = os.environ.get(USER_ENV) or ""
    password = os.environ.get(PASSWORD_ENV) or ""
    if not user and not password:
        return None
    if not password:
        raise UsageError(f"{USER_ENV} is set but {PASSWORD_ENV} is not: set both for basic "
                         "auth, or neither for an open registry")
    if not user:
        raise UsageError(f"{PASSWORD_ENV} is set but {USER_ENV} is not: set both for basic "
                         "auth, or neither for an open registry")
    return Credentials(user, password)
