"""An embedded Confluent-compatible schema registry on SQLite, for development and CI.

``serve(db)`` runs it (blocking); ``create_app(db)`` gives the Starlette application for tests.
It needs the ``schemalint[server]`` extra (Starlette and uvicorn).

On the wire it answers as Confluent Schema Registry does: the same routes, media types,
entities (empty fields omitted) and ``{"error_code", "message"}`` errors. Choices where
Confluent versions differ or where this registry is smaller:

- An incompatible registration is HTTP 409 with ``error_code`` 409 (Confluent up to 8.1;
  8.2 answers 40901; clients accept either).
- Request bodies over 8 MiB get 422 with ``error_code`` 42209 (schema too large).
- ``GET /schemas/types`` lists the three formats: ``AVRO``, ``JSON`` and ``PROTOBUF``.
- Protobuf schemas sent as .proto text are served back as submitted, not reprinted by a
  canonical printer as Confluent does; what counts as the same schema (lookup,
  re-registration) is decided by the compiled descriptor, so whitespace, comments and how a
  type name is spelled do not matter. A base64 ``FileDescriptorProto`` (what client
  serializers auto-register) is printed as .proto text and stored so; custom options other
  than Confluent's are not printed, proto2 groups and editions files are refused (42201).
  ``?format=serialized`` serves the base64 descriptor back, as the serializers ask for it.
  Imports resolve from the request's ``references`` (name = import path), references of
  references included, and from the files every registry knows (``google/protobuf/*``,
  ``google/type/*``, ``confluent/meta.proto``, ``confluent/type/decimal.proto``); a reference
  name must be a relative import path.
- Schema ids form one sequence across all contexts, and are never reused: a hard-deleted
  schema keeps its id, and registering the very same schema again gets that id back. Ids
  and versions are 32-bit, as Confluent's: an IMPORT id outside them is refused (42205), a
  version outside them too (42202), and a version of 0 or less takes the next one.
- JSON Schemas keep their numbers as written (``1e400`` is stored as ``1E+400``, as
  Confluent's exact decimals print it), never rounded to a double.
- Request bodies nested deeper than Jackson's 1,000 levels, or holding a lone UTF-16
  surrogate (``\ud800``), are refused with 400.

Environment:

- ``SCHEMALINT_REGISTRY_USER`` and ``SCHEMALINT_REGISTRY_PASSWORD``: when set, every route
  requires these HTTP basic auth credentials (compared in constant time). Only one of them
  set is a misconfiguration: the server refuses to start, naming the missing one (exit 2).
- ``SCHEMALINT_REGISTRY_BUSY_TIMEOUT_MS``: how long a write waits for another process's write
  lock before answering 50001 (default 30000).
- ``SCHEMALINT_REGISTRY_REQUEST_TIME_LIMIT_S``: how long one request may work (default 20 s).
  Past it, a request carrying a schema answers 42201 and any other 50002; a registration past
  it writes nothing.

Several server processes (``--workers N`` or separate processes) may share one database file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from schemalint.registry.server.serve import serve

if TYPE_CHECKING:
    from starlette.applications import Starlette


def create_app(db_path: str) -> Starlette:
    """The registry's Starlette application over the SQLite database at ``db_path``."""
    from schemalint.registry.server.app import create_app as build

    return build(db_path)


__all__ = ["create_app", "serve"]
