"""No secret leaves the process: failing syncs and checks against a registry, with known
credentials in the environment variables the config names (or in the URL), never show them
(nor their base64 form) in any output format, log line, exception or report file, even when
the server repeats the Authorization header back in its answers."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from secrets_support import (
    BASIC_KEY,
    BASIC_SECRET,
    FORBIDDEN,
    TOKEN,
    URL_SECRET,
    Echo,
    Echoing,
    Fault,
    FaultProxy,
    GitRepo,
    Server,
    free_port,
    leaks,
    make_echoing,
    run_cli,
    start_server,
)

from schemalint.commands.sync import SyncRequest, run_sync
from schemalint.config import load_config
from schemalint.errors import SchemalintError
from schemalint.registry.target import resolve_target

FIXTURES = Path(__file__).parents[1] / "sync" / "fixtures"
SUBJECT = "shipping-value"
VALUE = "schemas/shipping/value.avsc"
FOREVER = 10_000

CREDENTIALS = {
    # name → (config lines, environment)
    "basic": ('auth-env = "TEST_SECRET_AUTH"', {"TEST_SECRET_AUTH": f"{BASIC_KEY}:{BASIC_SECRET}"}),
    "bearer": ('token-env = "TEST_SECRET_TOKEN"', {"TEST_SECRET_TOKEN": TOKEN}),
    "url": ("", {}),
}


@dataclass
class World:
    registry: Server
    guarded: Server  # basic auth on, with other credentials than the ones sent
    proxy: FaultProxy
    echoing: Echoing
    bait: FaultProxy  # another host: must receive nothing
    repo: Path
    logs: list[Path]

    def reset(self) -> None:
        self.proxy.reset()
        self.bait.reset()
        with self.echoing.lock:
            self.echoing.rules.clear()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("secrets")
    registry = start_server(folder / "registry.db")
    guarded = start_server(folder / "guarded.db", env={
        "SCHEMALINT_REGISTRY_USER": "someone", "SCHEMALINT_REGISTRY_PASSWORD": "else"})
    proxy = FaultProxy(registry.url)
    bait = FaultProxy(f"http://127.0.0.1:{free_port()}")
    repo = GitRepo(folder / "repo")
    repo.write("schemalint.toml", 'roots = ["schemas"]\n')
    repo.write(VALUE, (FIXTURES / "shipment_v1.avsc").read_text())
    repo.commit("shipping v1")
    assert run_cli(repo.path, "sync", "--registry", registry.url).returncode == 0
    repo.write(VALUE, (FIXTURES / "shipment_v2.avsc").read_text())
    repo.commit("shipping v2: waits to be registered")
    yield World(registry, guarded, proxy, make_echoing(proxy), bait, repo.path,
                [registry.log, guarded.log])
    for running in (proxy, bait):
        running.stop()
    for server in (registry, guarded):
        server.stop()


def configure(world: World, credentials: str, url: str | None = None) -> None:
    lines, _ = CREDENTIALS[credentials]
    registry = f'url = "{url}"\n' if url else ""
    (world.repo / "schemalint.toml").write_text(
        f'roots = ["schemas"]\n[registry]\n{registry}{lines}\n')


def with_userinfo(url: str, credentials: str) -> str:
    if credentials != "url":
        return url
    return url.replace("http://", f"http://{BASIC_KEY}:{URL_SECRET}@")


# ---- failing registries: each prepares the world and names the URL and the exit code -------

Scenario = Callable[[World], tuple[str, int]]
# What sync reads first, and what check --against registry reads first.
READS = (f"/subjects/{SUBJECT}/versions/latest", f"/subjects/{SUBJECT}/versions")


def unauthorized(world: World) -> tuple[str, int]:
    return world.guarded.url, 2


def server_errors_then_unreachable(world: World) -> tuple[str, int]:
    for path in READS:
        world.echoing.rules.append(Echo("GET", path, 500,
                                        '{"error_code": 50001, "message": "store error {auth}"}'))
    return world.proxy.url, 3


def unreachable(world: World) -> tuple[str, int]:
    return f"http://127.0.0.1:{free_port()}", 3


def refused_on_register(world: World) -> tuple[str, int]:
    world.echoing.rules.append(Echo("POST", f"/subjects/{SUBJECT}/versions", 409,
                                    '{"error_code": 409, "message": "refused for {auth}"}'))
    return world.proxy.url, 1


def invalid_on_register(world: World) -> tuple[str, int]:
    world.echoing.rules.append(Echo("POST", f"/subjects/{SUBJECT}/versions", 422,
                                    '{"error_code": 42201, "message": "invalid: {auth}"}'))
    return world.proxy.url, 1


def refused_by_compatibility(world: World) -> tuple[str, int]:
    world.echoing.rules.append(Echo(
        "POST", f"/compatibility/subjects/{SUBJECT}/versions", 200,
        '{"is_compatible": false, "messages": ["sent {auth}"]}'))
    return world.proxy.url, 1


def unknown_error_code(world: World) -> tuple[str, int]:
    for path in READS:
        world.echoing.rules.append(Echo(
            "GET", path, 404, '{"error_code": 40499, "message": "no such thing: {auth}"}'))
    return world.proxy.url, 1


def redirect_to_another_host(world: World) -> tuple[str, int]:
    world.proxy.add(Fault("redirect", status=307, times=FOREVER,
                          headers={"Location": f"{world.bait.url}/subjects"}))
    return world.proxy.url, 3


SYNC_SCENARIOS: dict[str, Scenario] = {
    "401": unauthorized,
    "500s then unreachable": server_errors_then_unreachable,
    "unreachable": unreachable,
    "409 refusal echoing the header": refused_on_register,
    "422 echoing the header": invalid_on_register,
    "compatibility refusal echoing the header": refused_by_compatibility,
    "unknown error code echoing the header": unknown_error_code,
    "redirect to another host": redirect_to_another_host,
}


def assert_nothing_leaks(world: World, caplog: pytest.LogCaptureFixture,
                         *texts: str) -> None:
    records = "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}"
                        for r in caplog.records)
    server_logs = "\n".join(path.read_text(errors="replace") for path in world.logs)
    for where, text in {"output": "\n".join(texts), "log records": caplog.text + records,
                        "server logs": server_logs}.items():
        assert leaks(text) == [], f"{where}:\n{text}"
    assert world.bait.received == []


@pytest.fixture(autouse=True)
def fast_and_verbose(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("SCHEMALINT_HTTP_RETRIES", "2")
    monkeypatch.setenv("SCHEMALINT_HTTP_BACKOFF", "0.01")
    caplog.set_level(logging.DEBUG)


SYNC_FORMATS = ["full", "json"]
# Every scenario in every format, the kinds of credentials taking turns across them.
SYNC_RUNS = [(scenario, output, sorted(CREDENTIALS)[(i * 2 + j) % len(CREDENTIALS)])
             for i, scenario in enumerate(sorted(SYNC_SCENARIOS))
             for j, output in enumerate(SYNC_FORMATS)]


@pytest.mark.parametrize(("scenario", "output", "credentials"), SYNC_RUNS)
def test_a_failing_sync_shows_no_secret(
        scenario: str, credentials: str, output: str, world: World,
        caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    world.reset()
    url, expected = SYNC_SCENARIOS[scenario](world)
    configure(world, credentials)
    for name, value in CREDENTIALS[credentials][1].items():
        monkeypatch.setenv(name, value)

    result = run_cli(world.repo, "sync", "--registry", with_userinfo(url, credentials),
                     "--format", output)

    assert result.returncode == expected, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert_nothing_leaks(world, caplog, result.stdout, result.stderr)
    assert world.proxy.writes == []
    if world.proxy.received and url == world.proxy.url:
        assert all(seen.authorized for seen in world.proxy.received)  # they were sent


def exception_texts(error: BaseException) -> list[str]:
    """What an exception can show: its text, repr, arguments, attributes, its chain, and the
    traceback a debugging user would print."""
    found: list[str] = []
    current: BaseException | None = error
    while current is not None:
        found += [str(current), repr(current), repr(current.args), repr(vars(current))]
        current = current.__cause__ or current.__context__
    found.append("".join(traceback.format_exception(error)))
    return found


@pytest.mark.parametrize("credentials", sorted(CREDENTIALS))
@pytest.mark.parametrize("scenario", sorted(SYNC_SCENARIOS))
def test_exceptions_and_outcomes_carry_no_secret(
        scenario: str, credentials: str, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    world.reset()
    url, expected = SYNC_SCENARIOS[scenario](world)
    configure(world, credentials)
    config = load_config(world.repo)
    connection = resolve_target(config, url=with_userinfo(url, credentials),
                                environ=CREDENTIALS[credentials][1])
    shown = [repr(connection), connection.display, str(connection.url)]

    try:
        outcome = run_sync(config, SyncRequest(connection))
    except SchemalintError as error:
        assert int(error.exit_code) == expected
        shown += exception_texts(error)
    else:
        assert int(outcome.exit_code(check=False)) == expected
        shown += [repr(outcome), *(repr(step) for step in outcome.steps)]

    assert_nothing_leaks(world, caplog, *shown)


# ---- check --against registry, in every format -------------------------------------------

CHECK_FORMATS = ["full", "concise", "json", "github", "sarif", "markdown"]


@pytest.fixture
def breaking(world: World) -> Iterator[None]:
    """The work tree holds a change the registry's versions make a finding of."""
    text = (FIXTURES / "shipment_v1.avsc").read_text()
    (world.repo / VALUE).write_text(text.replace(
        '"fields": [', '"fields": [{"name": "carrier_id", "type": "string"}, '))
    yield
    (world.repo / VALUE).write_text((FIXTURES / "shipment_v2.avsc").read_text())


@pytest.mark.parametrize("credentials", sorted(CREDENTIALS))
def test_check_against_registry_reports_show_no_secret(
        credentials: str, world: World, breaking: None, tmp_path: Path,
        caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    world.reset()
    world.echoing.rules.append(Echo("GET", "/nothing-matches-this", 500, "{auth}"))
    configure(world, credentials, with_userinfo(world.proxy.url, credentials))
    for name, value in CREDENTIALS[credentials][1].items():
        monkeypatch.setenv(name, value)
    pairs = [arg for fmt in CHECK_FORMATS
             for arg in ("--format", fmt, "-o", str(tmp_path / f"report.{fmt}"))]

    to_files = run_cli(world.repo, "check", VALUE, "--against", "registry", *pairs)
    printed = [run_cli(world.repo, "check", VALUE, "--against", "registry", "--format", fmt)
               for fmt in CHECK_FORMATS]

    assert to_files.returncode == 1, (to_files.stdout, to_files.stderr)
    reports = [(tmp_path / f"report.{fmt}").read_text() for fmt in CHECK_FORMATS]
    assert all("carrier_id" in report for report in reports)
    assert [result.returncode for result in printed] == [1] * len(CHECK_FORMATS)
    assert_nothing_leaks(world, caplog, to_files.stdout, to_files.stderr, *reports,
                         *(r.stdout + r.stderr for r in printed))
    assert world.proxy.received
    assert all(seen.authorized for seen in world.proxy.received)  # the secrets were sent


CHECK_SCENARIOS: dict[str, Scenario] = {
    name: SYNC_SCENARIOS[name] for name in (
        "401", "500s then unreachable", "unknown error code echoing the header",
        "redirect to another host")
}


@pytest.mark.parametrize("output", CHECK_FORMATS)
@pytest.mark.parametrize("scenario", sorted(CHECK_SCENARIOS))
def test_check_against_a_failing_registry_shows_no_secret(
        scenario: str, output: str, world: World, tmp_path: Path,
        caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    world.reset()
    url, _ = CHECK_SCENARIOS[scenario](world)
    credentials = ["basic", "bearer", "url"][CHECK_FORMATS.index(output) % 3]
    configure(world, credentials, with_userinfo(url, credentials))
    for name, value in CREDENTIALS[credentials][1].items():
        monkeypatch.setenv(name, value)
    report = tmp_path / "report"

    result = run_cli(world.repo, "check", VALUE, "--against", "registry", "--format", output,
                     "-o", str(report))

    assert result.returncode in (1, 2, 3), (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    written = report.read_text() if report.exists() else ""
    assert_nothing_leaks(world, caplog, result.stdout, result.stderr, written)


def test_the_echoing_server_does_repeat_the_header(world: World) -> None:
    """The premise of the echo scenarios: the answers really carry the secret."""
    world.reset()
    unknown_error_code(world)
    header = f"Basic {FORBIDDEN['basic header']}"

    answer = httpx.get(f"{world.proxy.url}/subjects/{SUBJECT}/versions/latest",
                       headers={"Authorization": header}, timeout=10)

    assert answer.status_code == 404
    assert leaks(answer.text) == ["basic header"]
