"""History from a registry, for ``check --against registry`` (or ``registry:NAME``).

Each subject's non-deleted versions, oldest first, as texts the checker parses like git's.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from schemalint.config import Config


def is_registry_spec(against: str) -> bool:
    return against.lower() == "registry" or against.lower().startswith("registry:")


def registry_history(config: Config, spec: str,
                     subjects: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
    """Per subject, ``(label, schema text)`` of each live version in the registry, oldest
    first; a subject the registry lacks has no history."""
    # Imported here: a plain ``check`` must not pay for the HTTP stack.
    from schemalint.registry.client import RegistryClient
    from schemalint.registry.target import resolve_configured

    _, _, env = spec.partition(":")
    connection = resolve_configured(config, env or None)
    with RegistryClient(connection) as client:
        def versions(subject: str) -> list[tuple[str, str]]:
            found = []
            for number in client.versions(subject):
                registered = client.version(subject, number)
                if registered is not None:
                    found.append((f"{subject}@{number}", registered.schema))
            return found

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(versions, subjects))
    return dict(zip(subjects, results, strict=False))
