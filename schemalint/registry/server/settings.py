"""Compatibility config and mode, global and per subject, as Confluent resolves them.

Config is stored with the keys ``GET /config`` answers with (``compatibilityLevel``); a PUT
names the level ``compatibility``, and the PUT answer uses the PUT keys. Clients depend on that
asymmetry.
"""

from __future__ import annotations

import logging
from typing import Any

from schemalint.model import Level
from schemalint.registry.server import errors, subjects
from schemalint.registry.server.store import GLOBAL, Store

log = logging.getLogger("schemalint.registry.server")

DEFAULT_LEVEL = Level.BACKWARD.value
DEFAULT_MODE = "READWRITE"
READ_ONLY = ("READONLY", "READONLY_OVERRIDE")
MODES = ("READWRITE", "READONLY", "READONLY_OVERRIDE", "IMPORT", "FORWARD")
POLICIES = ("STRICT", "LENIENT", "LOGICAL")

# Config fields other than the level, each with the JSON type it must have.
_BOOLEAN_FIELDS = ("normalize", "validateFields", "validateRules", "validateNewSchemas")
_STRING_FIELDS = ("compatibilityGroup", "alias", "aliasForDeks")
_OBJECT_FIELDS = ("defaultMetadata", "overrideMetadata", "defaultRuleSet", "overrideRuleSet")
_CLEARABLE = ("compatibilityPolicy", *_BOOLEAN_FIELDS, *_STRING_FIELDS, *_OBJECT_FIELDS)


def config_key(subject: str | None) -> str:
    return GLOBAL if subject is None or subjects.is_default_context(subject) else subject


def global_config(store: Store) -> dict[str, Any]:
    return {"compatibilityLevel": DEFAULT_LEVEL, **(store.config(GLOBAL) or {})}


def config_in_scope(store: Store, subject: str) -> dict[str, Any]:
    """The subject's config over its context's over the global one over the defaults."""
    merged = dict(global_config(store))
    context = subjects.context_of(subject)
    if context != subjects.DEFAULT_CONTEXT:
        merged.update(store.config(f":{context}:") or {})
    merged.update(store.config(subject) or {})
    return merged


def level_in_scope(store: Store, subject: str) -> Level:
    return Level(config_in_scope(store, subject).get("compatibilityLevel", DEFAULT_LEVEL))


def parse_update(body: dict[str, Any]) -> dict[str, Any]:
    """A PUT body as stored config fields; 42203 for an unknown level or policy.

    A field sent as ``null`` maps to ``None``: it clears that field, as in Confluent.
    """
    update: dict[str, Any] = {name: None for name in _CLEARABLE if name in body
                              and body[name] is None}
    if "compatibility" in body and body["compatibility"] is None:
        update["compatibilityLevel"] = None
    level = body.get("compatibility")
    if level is not None:
        if not isinstance(level, str):
            raise errors.invalid_level()
        try:
            update["compatibilityLevel"] = Level.parse(level).value
        except ValueError:
            raise errors.invalid_level() from None
    policy = body.get("compatibilityPolicy")
    if policy is not None:
        if not isinstance(policy, str) or policy.strip().upper() not in POLICIES:
            raise errors.invalid_level(
                "Invalid compatibility policy. Valid values are STRICT, LENIENT and LOGICAL")
        update["compatibilityPolicy"] = policy.strip().upper()
    for name in _BOOLEAN_FIELDS:
        _take(body, update, name, bool)
    for name in _STRING_FIELDS:
        _take(body, update, name, str)
    for name in _OBJECT_FIELDS:
        _take(body, update, name, dict)
    return update


def _take(body: dict[str, Any], update: dict[str, Any], name: str, kind: type) -> None:
    value = body.get(name)
    if value is None:
        return
    if not isinstance(value, kind):
        raise errors.bad_request(f"Cannot deserialize value of type `{kind.__name__}` "
                                 f"for field '{name}'")
    update[name] = value


def as_update_response(config: dict[str, Any]) -> dict[str, Any]:
    """A stored config under the PUT keys (``compatibility``)."""
    answer = {("compatibility" if key == "compatibilityLevel" else key): value
              for key, value in config.items()}
    return _non_empty(answer)


def as_get_response(config: dict[str, Any]) -> dict[str, Any]:
    return _non_empty(config)


def _non_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "", {}, [])}


def parse_mode(body: dict[str, Any]) -> str:
    mode = body.get("mode")
    if not isinstance(mode, str) or mode.strip().upper() not in MODES:
        raise errors.invalid_mode()
    return mode.strip().upper()


def mode_in_scope(store: Store, subject: str | None) -> str:
    if subject is not None and not subjects.is_default_context(subject):
        own = store.mode(subject)
        if own is not None:
            return own
        context = subjects.context_of(subject)
        if context != subjects.DEFAULT_CONTEXT:
            in_context = store.mode(f":{context}:")
            if in_context is not None:
                return in_context
    return store.mode(GLOBAL) or DEFAULT_MODE


def check_writable(store: Store, subject: str) -> None:
    if mode_in_scope(store, subject) in READ_ONLY:
        raise errors.not_permitted(f"Subject {subject} in context "
                                   f"{subjects.context_of(subject)} is in read-only mode")


# -- the /config and /mode routes ----------------------------------------------------------


def get_config(store: Store, subject: str | None, default_to_global: bool) -> dict[str, Any]:
    key = config_key(subject)
    with store.read():
        if key == GLOBAL:
            return as_get_response(global_config(store))
        if default_to_global:
            return as_get_response(config_in_scope(store, key))
        own = store.config(key)
    if own is None:
        raise errors.subject_config_not_found(key)
    return as_get_response(own)


def put_config(store: Store, subject: str | None, body: dict[str, Any]) -> dict[str, Any]:
    key = config_key(subject)
    if key != GLOBAL and not subjects.is_valid(key, setting=True):
        raise errors.invalid_subject(key)
    update = parse_update(body)
    with store.write():
        if key != GLOBAL:
            check_writable(store, key)
        elif mode_in_scope(store, None) in READ_ONLY:
            raise errors.not_permitted("Subject null in context . is in read-only mode")
        merged = {**(store.config(key) or {}), **update}
        config = {name: value for name, value in merged.items() if value is not None}
        store.set_config(key, config)
    log.info("config subject=%s set=%s", key, sorted(update))
    return as_update_response(config)


def delete_config(store: Store, subject: str | None) -> dict[str, Any]:
    key = config_key(subject)
    with store.write():
        if key == GLOBAL:
            previous = global_config(store)
        else:
            own = store.config(key)
            if own is None:
                raise errors.subject_not_found(key)
            previous = own
        store.delete_config(key)
    log.info("config subject=%s deleted", key)
    return as_get_response(previous)


def get_mode(store: Store, subject: str | None, default_to_global: bool) -> dict[str, str]:
    key = None if subject is None or subjects.is_default_context(subject) else \
        subjects.normalize(subject)
    with store.read():
        if key is None or default_to_global:
            return {"mode": mode_in_scope(store, key)}
        own = store.mode(key)
    if own is None:
        raise errors.subject_mode_not_found(key)
    return {"mode": own}


def put_mode(store: Store, subject: str | None, body: dict[str, Any],
             force: bool) -> dict[str, str]:
    key = None if subject is None or subjects.is_default_context(subject) else \
        subjects.normalize(subject)
    if key is not None and not subjects.is_valid(key, setting=True):
        raise errors.invalid_subject(key)
    mode = parse_mode(body)
    if mode == "FORWARD" and key is not None:
        raise errors.invalid_mode("Forward mode only supported on global level")
    with store.write():
        current = mode_in_scope(store, key)
        if mode == "IMPORT" and current != "IMPORT" and not force:
            live = [name for name, alive in store.subjects() if alive and (
                key is None or name == key or (subjects.is_context_only(key)
                                               and name.startswith(key)))]
            if live:
                raise errors.not_permitted("Cannot import since found existing subjects")
        store.set_mode(key or GLOBAL, mode)
    log.info("mode subject=%s mode=%s", key or GLOBAL, mode)
    return {"mode": mode}


def delete_mode(store: Store, subject: str | None) -> dict[str, str]:
    key = None if subject is None or subjects.is_default_context(subject) else \
        subjects.normalize(subject)
    with store.write():
        if key is None:
            previous = mode_in_scope(store, None)
        else:
            own = store.mode(key)
            if own is None:
                raise errors.subject_not_found(key)
            previous = own
        store.delete_mode(key or GLOBAL)
    log.info("mode subject=%s deleted", key or GLOBAL)
    return {"mode": previous}
