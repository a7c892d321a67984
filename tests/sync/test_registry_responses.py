"""Answers only some real registries send, each as ../shared/reference/confluent-rest-api.md
documents it (the section is named in each test), fed to the client through the proxy."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import FIXTURES, Project
from fault_proxy import Fault, FaultProxy
from registry_harness import Server
from test_sync_registry import two_commit_project

from schemalint.registry.client import (
    ConfigNotFound,
    IncompatibleSchema,
    RegistryClient,
    RegistryError,
    SchemaRequest,
)
from schemalint.registry.target import Connection


def client(url: str) -> RegistryClient:
    return RegistryClient(Connection(url), backoff=0.01, retries=2)


def each_object(value: Any, change: Any) -> Any:
    if isinstance(value, dict):
        return change({k: each_object(v, change) for k, v in value.items()})
    if isinstance(value, list):
        return [each_object(v, change) for v in value]
    return value


def test_schema_type_omitted_for_avro(project: Project, proxy: FaultProxy) -> None:
    """Entities: 'schemaType in responses: before 8.0 omitted when AVRO'."""
    two_commit_project(project)
    project.sync(proxy.url)
    proxy.transform = lambda _m, _p, status, body: (status, each_object(
        body, lambda o: {k: v for k, v in o.items()
                         if not (k == "schemaType" and v == "AVRO")}))

    with client(proxy.url) as registry:
        assert registry.version("orders-value").schema_type == "AVRO"  # type: ignore[union-attr]
    proxy.forwarded.clear()
    outcome = project.sync(proxy.url)
    assert outcome.writes == 0 and proxy.writes == []


def test_unknown_fields_are_tolerated(project: Project, proxy: FaultProxy) -> None:
    """Transport conventions: 'responses should tolerate unknown fields' (guid, ts, metadata
    and whatever a later version adds)."""
    two_commit_project(project)
    proxy.transform = lambda _m, _p, status, body: (status, each_object(
        body, lambda o: {**o, "guid": "0f6e-…", "ts": 1, "metadata": {"properties": {}},
                         "someFutureField": {"nested": [1, 2]}}))

    first = project.sync(proxy.url)
    proxy.forwarded.clear()
    second = project.sync(proxy.url)

    assert first.exit_code(check=False) == 0
    assert second.writes == 0 and proxy.writes == []


def test_minimal_register_response(project: Project, proxy: FaultProxy,
                                   registry: Server) -> None:
    """Entities, RegisterSchemaResponse: 'Minimal compatible server: {"id": n}'; the version
    comes from reading back, not from the answer."""
    two_commit_project(project)
    proxy.transform = lambda method, path, status, body: (
        status, {"id": body["id"]} if method == "POST" and path.startswith("/subjects/")
        and path.split("?")[0].endswith("/versions") and status == 200 else body)

    outcome = project.sync(proxy.url)

    created = {(s.subject, s.version) for s in outcome.steps if s.version}
    assert ("orders-value", 2) in created


@pytest.mark.parametrize("code", [409, 40901])
def test_incompatible_is_409_or_40901(code: int, proxy: FaultProxy) -> None:
    """Error codes: '409 | 409 (≤8.1) / 40901 (≥8.2) | incompatible schema on register'."""
    v1 = (FIXTURES / "shipment_v1.avsc").read_text()
    breaking = v1.replace('"fields": [', '"fields": [{"name": "x", "type": "int"}, ')
    proxy.transform = lambda _m, _p, status, body: (
        status, {**body, "error_code": code} if status == 409 else body)
    with client(proxy.url) as registry:
        registry.register("s-value", SchemaRequest(v1, "AVRO"))
        with pytest.raises(IncompatibleSchema) as raised:
            registry.register("s-value", SchemaRequest(breaking, "AVRO"))
    assert raised.value.error_code == code


def test_an_unparseable_error_body_is_error_code_50005(proxy: FaultProxy) -> None:
    """Transport conventions, errors: 'Client treats an unparseable error body as error_code
    50005'; an HTML 404 from a gateway is not a missing subject."""
    proxy.add(Fault("status", "GET", "/subjects/", status=404, content_type="text/html",
                    body=b"<html>Not Found</html>"))
    with client(proxy.url) as registry, pytest.raises(RegistryError) as raised:
        registry.version("orders-value")
    assert raised.value.error_code == 50005
    assert not isinstance(raised.value, ConfigNotFound)


def test_subject_config_absent_is_40408_and_put_answers_with_compatibility(
        proxy: FaultProxy) -> None:
    """/config: 'GET /config/{s} without defaultToGlobal and no subject config → 404/40408';
    Entities: the PUT body and answer name the level 'compatibility'."""
    with client(proxy.url) as registry:
        assert registry.subject_config("t-value") is None
        registry.set_config("t-value", "FULL")
        assert registry.subject_config("t-value") == {"compatibilityLevel": "FULL"}
        assert registry.effective_config("u-value")["compatibilityLevel"] == "BACKWARD"
        registry.delete_config("t-value")
        assert registry.subject_config("t-value") is None


def test_compatibility_of_an_unknown_subject_is_compatible(proxy: FaultProxy) -> None:
    """/compatibility: 'Unknown subject with latest → {"is_compatible": true}'."""
    text = (FIXTURES / "shipment_v1.avsc").read_text()
    with client(proxy.url) as registry:
        assert registry.test_compatibility("nobody-value", SchemaRequest(text, "AVRO")) == \
            (True, [])


def test_subject_names_are_url_encoded(proxy: FaultProxy) -> None:
    """Transport conventions: 'Subject names are URL path segments; clients URL-encode them
    (/ → %2F)'."""
    text = (FIXTURES / "shipment_v1.avsc").read_text()
    with client(proxy.url) as registry:
        registry.register("team/a-value", SchemaRequest(text, "AVRO"))
        assert registry.versions("team/a-value") == [1]
        assert "team/a-value" in registry.subjects()
    assert any("team%2Fa-value" in seen.path for seen in proxy.forwarded)
