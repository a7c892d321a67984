"""Coverage-guided fuzzing of the schema readers, engines and reporters (atheris).

Not part of the test suite (pytest does not collect ``fuzz_*.py``); run it by hand, bounded:

    .venv/bin/python tests/fuzz/fuzz_schemas.py --seed /tmp/fuzz-corpus   # once
    .venv/bin/python tests/fuzz/fuzz_schemas.py -max_total_time=300 -rss_limit_mb=2048 \\
        /tmp/fuzz-corpus

Each input starts with a target byte. Avro, JSON Schema and Protobuf inputs are then a level
byte, an old schema and a new one; the contract: reading and comparing never raises anything
but ``InvalidSchemaError`` (or, for the raw reader, ``JsonSyntaxError``), and every report
renders and its JSON parses. Registry inputs drive the embedded registry's request handling
over a scratch database (no HTTP server): a route byte, then the raw request body (or, for the
descriptor target, a serialized ``FileDescriptorProto`` registered as client serializers send
it); the contract: only ``RegistryError`` with a 4xx status, never a 5xx, and a descriptor is
printed as .proto text only when protoc then compiles it. A crash writes ``crash-*`` beside
the run; turn it into a case in tests/hardening/test_fuzz_regressions.py.
"""

from __future__ import annotations

import base64
import contextlib
import json
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    # The engines and reporters load lazily in the product; import them here so they are
    # instrumented too.
    import schemalint.cli.terminal
    import schemalint.compat
    import schemalint.formats.avro
    import schemalint.formats.jsonschema
    import schemalint.formats.protobuf
    import schemalint.registry.server.proto_text
    import schemalint.report.concise
    import schemalint.report.github
    import schemalint.report.json
    import schemalint.report.markdown
    import schemalint.report.sarif  # noqa: F401
    from schemalint.api import check_compatibility, parse_schema
    from schemalint.errors import InvalidSchemaError
    from schemalint.model import Level, SchemaType
    from schemalint.registry.server import entities, wire
    from schemalint.registry.server.errors import RegistryError
    from schemalint.registry.server.operations import Registry
    from schemalint.registry.server.store import Store
    from schemalint.report import REPORTERS, ReportContext
    from schemalint.sourcemap import JsonSyntaxError, SourceMap, loads
    from schemalint.sources.files import decode_schema_bytes

from schemalint.errors import SchemalintError

# Target bytes: 0 Avro, 1 JSON Schema, 2 Protobuf, 3 a registry request, 4 a descriptor.
KINDS = (SchemaType.AVRO, SchemaType.JSON, SchemaType.PROTOBUF)
REQUEST, DESCRIPTOR = 3, 4
TARGETS = 5
LEVELS = (Level.BACKWARD, Level.FORWARD_TRANSITIVE, Level.FULL)
SEEDS = Path(__file__).parents[1] / "fixtures"
_SCRATCH = tempfile.mkdtemp(prefix="schemalint-fuzz-")
REGISTRY = Registry(Store(f"{_SCRATCH}/registry.db"))
SEEDED_SUBJECT = "seeded"


def one_input(data: bytes) -> None:
    if len(data) < 2:
        return
    target = data[0] % TARGETS
    if target == REQUEST:
        registry_request(data[1], data[2:])
        return
    if target == DESCRIPTOR:
        registry_request(data[1], json.dumps({
            "schemaType": "PROTOBUF",
            "schema": base64.b64encode(data[2:]).decode("ascii")}).encode())
        return
    kind = KINDS[target]
    level = LEVELS[data[1] % len(LEVELS)]
    old_bytes, _, new_bytes = data[2:].partition(b"\n---\n")
    texts = []
    for raw in (old_bytes, new_bytes or old_bytes):
        try:
            texts.append(decode_schema_bytes(raw, "fuzz"))
        except SchemalintError:
            return
    for text in texts:
        with contextlib.suppress(JsonSyntaxError):
            loads(text)
        SourceMap(text).position("/fields/0/type")
    try:
        old = parse_schema(texts[0], kind, path="old")
        new = parse_schema(texts[1], kind, path="new")
        assert isinstance(new.identity, str)
        findings = check_compatibility(new, [old], level, kind).findings
    except InvalidSchemaError as error:
        findings = [error.finding]
    for name, reporter in REPORTERS.items():
        text = reporter(findings, ReportContext(checked=1))
        text.encode("utf-8")
        if name in ("json", "sarif"):
            json.loads(text)


def registry_request(route: int, body: bytes) -> None:
    """One request body through the registry's parsing and its operations (not its HTTP
    stack): lookup, compatibility check or registration, chosen by ``route``."""
    with contextlib.suppress(RegistryError):
        wire.parse_version(body[:12].decode("latin-1"))
    try:
        request = entities.RegisterRequest.parse(wire.parse_json(body))
    except RegistryError as error:
        assert 400 <= error.status < 500, (error.status, error.message)
        return
    try:
        if route % 3 == 0:
            REGISTRY.lookup(SEEDED_SUBJECT, request, bool(route & 8), False)
        elif route % 3 == 1:
            REGISTRY.test_compatibility(SEEDED_SUBJECT, None, request, bool(route & 8), True)
        else:
            REGISTRY.register(f"fuzzed-{route}", request, bool(route & 8), False)
    except RegistryError as error:
        assert 400 <= error.status < 500, (error.status, error.message)


def _closed(**keywords: object) -> bytes:
    return json.dumps({"type": "object", **keywords, "additionalProperties": False}).encode()


# JSON Schema pairs whose comparison evaluates a pattern Python's re backtracks on without end
# (tests/hardening/test_hostile_schemas.py): a property name against patternProperties, each
# way, with a pattern RE2 runs and one only regex runs, under its time bound.
_NAMED = _closed(properties={"a" * 34 + "!": {"type": "string"}})
HOSTILE = [pair for pattern in ("^(a+)+$", "^(a|a)+(?<=a)$")
           for patterned in [_closed(patternProperties={pattern: {"type": "string"}})]
           for pair in ((_NAMED, patterned), (patterned, _NAMED))]


def write_seeds(folder: Path) -> None:
    """The fixtures as seed inputs: format byte, level byte, then old and new (the same);
    then the hostile pairs."""
    folder.mkdir(parents=True, exist_ok=True)
    fixtures = [*sorted(SEEDS.glob("avro/**/*.avsc")), *sorted(SEEDS.glob("jsonschema/**/*.json"))]
    for index, path in enumerate(fixtures):
        data = path.read_bytes()
        kind = b"\x00" if path.suffix == ".avsc" else b"\x01"
        (folder / f"seed-{index}").write_bytes(kind + b"\x00" + data + b"\n---\n" + data)
    protos = sorted(path for path in SEEDS.parent.glob("**/fixtures/protobuf/**/*.proto"))
    for index, path in enumerate(protos):
        data = path.read_bytes()
        (folder / f"seed-proto-{index}").write_bytes(b"\x02\x00" + data + b"\n---\n" + data)
    for index, path in enumerate([*fixtures[:30], *protos]):
        kind = {".avsc": "AVRO", ".json": "JSON"}.get(path.suffix, "PROTOBUF")
        body = json.dumps({"schemaType": kind, "schema": path.read_text()}).encode()
        for route in range(3):
            (folder / f"seed-request-{index}-{route}").write_bytes(bytes([REQUEST, route]) + body)
    for index, path in enumerate(protos):
        with contextlib.suppress(InvalidSchemaError):
            compiled = parse_schema(path.read_text(), SchemaType.PROTOBUF, path=path.name)
            (folder / f"seed-descriptor-{index}").write_bytes(
                bytes([DESCRIPTOR, 2]) + compiled.document.SerializeToString())
    for index, (old, new) in enumerate(HOSTILE):
        (folder / f"seed-hostile-{index}").write_bytes(b"\x01\x02" + old + b"\n---\n" + new)


def seed_registry() -> None:
    """A subject the lookups and compatibility checks run against."""
    for text in ('"string"', json.dumps({"type": "record", "name": "Seed",
                                         "fields": [{"name": "a", "type": "string"}]})):
        with contextlib.suppress(RegistryError):
            REGISTRY.register(SEEDED_SUBJECT, entities.RegisterRequest.parse(
                {"schema": text}), False, True)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--seed":
        write_seeds(Path(sys.argv[2]))
        return
    seed_registry()
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
