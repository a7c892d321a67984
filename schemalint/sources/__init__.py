"""Where schema texts come from: files, git history, a registry."""


def registry_spec(against: str) -> bool:
    """Whether an ``--against`` value names a registry (``registry``, ``registry:NAME``)."""
    lowered = against.lower()
    return lowered == "registry" or lowered.startswith("registry:")
