"""Coverage-guided fuzzing of the schema readers, engines and reporters (atheris).

Not part of the test suite (pytest does not collect ``fuzz_*.py``); run it by hand, bounded:

    .venv/bin/python tests/fuzz/fuzz_schemas.py --seed /tmp/fuzz-corpus   # once
    .venv/bin/python tests/fuzz/fuzz_schemas.py -max_total_time=300 -rss_limit_mb=2048 \\
        /tmp/fuzz-corpus

Each input is split into a format byte, an old schema and a new one. The contract under
test: reading and comparing never raises anything but ``InvalidSchemaError`` (or, for the
raw reader, ``JsonSyntaxError``), and every report renders and its JSON parses. A crash
writes ``crash-*`` beside the run; turn it into a case in tests/hardening/test_fuzz_regressions.py.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    # The engines and reporters load lazily in the product; import them here so they are
    # instrumented too.
    import schemalint.compat
    import schemalint.formats.avro
    import schemalint.formats.jsonschema
    import schemalint.report.concise
    import schemalint.report.full
    import schemalint.report.github
    import schemalint.report.json
    import schemalint.report.markdown
    import schemalint.report.sarif  # noqa: F401
    from schemalint.api import check_compatibility, parse_schema
    from schemalint.errors import InvalidSchemaError
    from schemalint.model import Level, SchemaType
    from schemalint.report import REPORTERS, ReportContext
    from schemalint.sourcemap import JsonSyntaxError, SourceMap, loads
    from schemalint.sources.files import decode_schema_bytes

from schemalint.errors import SchemalintError

KINDS = (SchemaType.AVRO, SchemaType.JSON)
LEVELS = (Level.BACKWARD, Level.FORWARD_TRANSITIVE, Level.FULL)
SEEDS = Path(__file__).parents[1] / "fixtures"


def one_input(data: bytes) -> None:
    if len(data) < 2:
        return
    kind = KINDS[data[0] % len(KINDS)]
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
    for index, (old, new) in enumerate(HOSTILE):
        (folder / f"seed-hostile-{index}").write_bytes(b"\x01\x02" + old + b"\n---\n" + new)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--seed":
        write_seeds(Path(sys.argv[2]))
        return
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
