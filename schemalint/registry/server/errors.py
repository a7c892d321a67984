"""Errors as Confluent Schema Registry writes them: an HTTP status and ``{error_code, message}``.

The message texts follow Confluent's ``Errors`` class and the rest-utils exception mappers so
that what a developer sees locally matches what production says.
"""

from __future__ import annotations

from typing import Any

# Confluent 8.2 moved incompatible registrations from error_code 409 to 40901. This registry
# answers 409, the code every released client up to 8.1 expects; clients accept either.
INCOMPATIBLE_ERROR_CODE = 409

INVALID_VERSION_MESSAGE = (
    "The specified version '{}' is not a valid version id. "
    'Allowed values are between [1, 2^31-1] and the string "latest"'
)
INVALID_LEVEL_MESSAGE = (
    "Invalid compatibility level. Valid values are none, backward, forward, full, "
    "backward_transitive, forward_transitive, and full_transitive"
)


class RegistryError(Exception):
    """An error answer: ``status`` is the HTTP status, ``error_code`` Confluent's code."""

    def __init__(self, status: int, error_code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code
        self.message = message

    def body(self) -> dict[str, Any]:
        return {"error_code": self.error_code, "message": self.message}


def http_error(status: int, reason: str) -> RegistryError:
    """What Jersey answers for a request it cannot route or read (404, 405, 406, 415)."""
    return RegistryError(status, status, f"HTTP {status} {reason}")


def bad_request(message: str) -> RegistryError:
    return RegistryError(400, 400, message)


def unprocessable(message: str) -> RegistryError:
    return RegistryError(422, 422, message)


def unauthorized() -> RegistryError:
    return RegistryError(401, 401, "Unauthorized")


def subject_not_found(subject: str | None) -> RegistryError:
    return RegistryError(404, 40401, f"Subject '{subject}' not found.")


def version_not_found(version: int) -> RegistryError:
    return RegistryError(404, 40402, f"Version {version} not found.")


def schema_not_found(schema_id: int | None = None) -> RegistryError:
    text = "Schema not found" if schema_id is None else f"Schema {schema_id} not found"
    return RegistryError(404, 40403, text)


def subject_soft_deleted(subject: str) -> RegistryError:
    return RegistryError(404, 40404, f"Subject '{subject}' was soft deleted."
                                     "Set permanent=true to delete permanently")


def subject_not_soft_deleted(subject: str) -> RegistryError:
    return RegistryError(404, 40405, f"Subject '{subject}' was not deleted first before "
                                     "being permanently deleted")


def version_soft_deleted(subject: str, version: int) -> RegistryError:
    return RegistryError(404, 40406, f"Subject '{subject}' Version {version} was soft deleted."
                                     "Set permanent=true to delete permanently")


def version_not_soft_deleted(subject: str, version: int) -> RegistryError:
    return RegistryError(404, 40407, f"Subject '{subject}' Version {version} was not deleted "
                                     "first before being permanently deleted")


def subject_config_not_found(subject: str) -> RegistryError:
    return RegistryError(404, 40408, f"Subject '{subject}' does not have subject-level "
                                     "compatibility configured")


def subject_mode_not_found(subject: str) -> RegistryError:
    return RegistryError(404, 40409, f"Subject '{subject}' does not have subject-level "
                                     "mode configured")


def incompatible(subject: str, messages: list[str]) -> RegistryError:
    details = "[" + ", ".join(messages) + "]"
    return RegistryError(409, INCOMPATIBLE_ERROR_CODE,
                         "Schema being registered is incompatible with an earlier schema for "
                         f'subject "{subject}", details: {details}')


def invalid_schema(message: str) -> RegistryError:
    return RegistryError(422, 42201, message)


def invalid_version(text: str) -> RegistryError:
    return RegistryError(422, 42202, INVALID_VERSION_MESSAGE.format(text))


def invalid_level(message: str = INVALID_LEVEL_MESSAGE) -> RegistryError:
    return RegistryError(422, 42203, message)


def invalid_mode(message: str = "Invalid mode. Valid values are READWRITE, READONLY, "
                                "IMPORT and FORWARD.") -> RegistryError:
    return RegistryError(422, 42204, message)


def not_permitted(message: str) -> RegistryError:
    return RegistryError(422, 42205, message)


def reference_exists(subject: str, version: int) -> RegistryError:
    key = f"{{magic=1,keytype=SCHEMA,subject={subject},version={version}}}"
    return RegistryError(422, 42206, f"One or more references exist to the schema {key}.")


def invalid_subject(subject: str) -> RegistryError:
    return RegistryError(422, 42208, f"The specified subject '{subject}' is not a valid.")


def too_large(limit: int) -> RegistryError:
    return RegistryError(422, 42209, "Request failed because the body is too large "
                                     f"(limit {limit} bytes)")


def context_not_empty(context: str) -> RegistryError:
    return RegistryError(422, 42211, f"Context '{context}' is not empty")


def store_error(message: str = "Error in the backend data store") -> RegistryError:
    return RegistryError(500, 50001, message)
