"""Where a missing import most likely comes from: a dependency the repository's ``buf.yaml``
declares (``deps: [buf.build/bufbuild/protovalidate]``), which buf fetches from the Buf
Schema Registry and protoc, schemalint's compiler, never sees. The finding then says how to
bring the files into the repository, instead of only that they are missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

# Import folders of the modules most repositories depend on, to tell which dependency an
# import comes from where a buf.yaml declares several.
_MODULE_IMPORTS = {
    "buf.build/bufbuild/protovalidate": ("buf/validate/",),
    "buf.build/envoyproxy/protoc-gen-validate": ("validate/",),
    "buf.build/googleapis/googleapis": ("google/api/", "google/rpc/", "google/type/",
                                        "google/longrunning/", "google/geo/"),
    "buf.build/grpc-ecosystem/grpc-gateway": ("protoc-gen-openapiv2/",),
    "buf.build/gnostic/gnostic": ("gnostic/",),
}


def buf_dependencies(root: Path, folders: Iterable[Path] = ()) -> list[str]:
    """The modules the ``buf.yaml`` files at ``root`` and in ``folders`` depend on, without
    their pinned versions (``:v0.14.2``), in the order they are declared."""
    return list(_dependencies((root, *folders)))


@lru_cache(maxsize=8)
def _dependencies(folders: tuple[Path, ...]) -> tuple[str, ...]:
    # Every file missing the same import asks: one run reads each buf.yaml once.
    found: dict[str, None] = {}
    for folder in folders:
        config = folder / "buf.yaml"
        try:
            text = config.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for module in _declared_deps(text):
            found[module.split(":", 1)[0]] = None
    return tuple(found)


def _declared_deps(text: str) -> list[str]:
    import yaml

    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError:
        return []
    deps = document.get("deps") if isinstance(document, dict) else None
    return [dep for dep in deps if isinstance(dep, str)] if isinstance(deps, list) else []


def missing_import_hint(name: str, dependencies: list[str]) -> str:
    """How to bring the file ``name`` in, where one of ``dependencies`` likely holds it."""
    if not dependencies:
        return ""
    likely = [module for module in dependencies
              if any(name.startswith(prefix) for prefix in _MODULE_IMPORTS.get(module, ()))]
    if not likely and len(dependencies) == 1:
        likely = dependencies
    if not likely:
        return (f"; buf.yaml's dependencies ({', '.join(dependencies)}) may hold it: "
                f"buf export each into a folder such as third_party and add that folder to "
                f"[protobuf] include")
    module = likely[0]
    return (f"; it comes from buf.yaml's dependency {module}, which protoc cannot fetch: run "
            f"`buf export {module} --output third_party` and add \"third_party\" to "
            f"[protobuf] include")
