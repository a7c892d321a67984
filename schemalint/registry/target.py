"""Which registry a command talks to, and with what credentials, from config and environment.

Credentials come only from environment variables the config names; this module reads them
and keeps them out of every message it builds.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from schemalint.config import Config, RegistryTarget
from schemalint.errors import UsageError


@dataclass(frozen=True)
class Connection:
    """Everything needed to reach one registry. ``repr`` never shows a secret."""

    url: str
    context: str | None = None
    normalize: bool = False
    subject_prefix: str = ""
    basic_auth: tuple[str, str] | None = None
    token: str | None = None
    ca_bundle: str | None = None
    client_cert: str | None = None
    client_key: str | None = None

    def __repr__(self) -> str:
        return (f"Connection(url={self.url!r}, context={self.context!r}, "
                f"auth={'basic' if self.basic_auth else 'bearer' if self.token else 'none'})")

    @property
    def display(self) -> str:
        """The URL and context, for messages."""
        return self.url + (f" (context {self.context})" if self.context else "")


def resolve_target(config: Config, *, url: str | None = None, env: str | None = None,
                   environ: Mapping[str, str] | None = None) -> Connection:
    """The registry named by ``--registry URL`` or ``--env NAME``; exactly one is required."""
    environ = os.environ if environ is None else environ
    if (url is None) == (env is None):
        raise UsageError("name the registry: --registry URL or --env NAME (exactly one)")
    target = config.registry
    if env is not None:
        if env not in config.registry_envs:
            known = ", ".join(sorted(config.registry_envs)) or "none configured"
            raise UsageError(f"--env {env}: no [registry.envs.{env}] in "
                             f"{config.display_source} (known: {known})")
        target = _merge(config.registry, config.registry_envs[env])
        url = target.url
        if target.url_env:
            url = environ.get(target.url_env) or url
        if not url:
            where = f"${target.url_env}" if target.url_env else "url or url-env"
            raise UsageError(f"--env {env}: the registry URL is not set ({where})")
    assert url is not None
    base, userinfo = _split_userinfo(url)
    basic = userinfo
    # An explicit URL is often a local registry: credentials named in config are optional.
    strict = env is not None

    def secret(name: str | None, key: str) -> str | None:
        return _env(environ, name, key, strict)

    auth = secret(target.auth_env, "auth-env")
    if auth is not None:
        user, sep, password = auth.partition(":")
        if not sep:
            raise UsageError(f"${target.auth_env} must hold key:secret (auth-env)")
        basic = (user, password)
    return Connection(
        url=base, context=target.context, normalize=bool(target.normalize),
        subject_prefix=target.subject_prefix or "", basic_auth=basic,
        token=secret(target.token_env, "token-env"),
        ca_bundle=secret(target.ca_bundle_env, "ca-bundle-env"),
        client_cert=secret(target.client_cert_env, "client-cert-env"),
        client_key=secret(target.client_key_env, "client-key-env"),
    )


def resolve_configured(config: Config, env: str | None = None,
                       environ: Mapping[str, str] | None = None) -> Connection:
    """The registry of ``[registry]`` (or ``[registry.envs.NAME]``): for ``--against registry``."""
    if env is not None:
        return resolve_target(config, env=env, environ=environ)
    environ = os.environ if environ is None else environ
    target = config.registry
    url = (environ.get(target.url_env) if target.url_env else None) or target.url
    if not url:
        raise UsageError("--against registry: set [registry] url or url-env (or name an "
                         "environment: --against registry:NAME)")
    return resolve_target(config, url=url, environ=environ)


def _merge(base: RegistryTarget, override: RegistryTarget) -> RegistryTarget:
    changes = {name: value for name, value in override._asdict().items() if value is not None}
    if "url" in changes or "url_env" in changes:
        # An environment names its own URL: the base one must not leak into it.
        changes.setdefault("url", None)
        changes.setdefault("url_env", None)
    return base._replace(**changes)


def _env(environ: Mapping[str, str], name: str | None, key: str,
         strict: bool) -> str | None:
    if not name:
        return None
    value = environ.get(name)
    if value is None or value == "":
        if not strict:
            return None
        raise UsageError(f"${name} (named by {key}) is not set")
    return value


def _split_userinfo(url: str) -> tuple[str, tuple[str, str] | None]:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"registry URL must be http(s)://host[:port][/path], got "
                         f"{redact_url(url)!r}")
    if parts.username is None:
        return url.strip().rstrip("/"), None
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    clean = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
    return clean, (parts.username, parts.password or "")


def redact_url(url: str) -> str:
    """A URL without its user info, for messages."""
    try:
        parts = urlsplit(url)
        if parts.username is None and parts.password is None:
            return url
        netloc = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    except ValueError:
        return "<unparseable URL>"
