"""The configuration's JSON Schema (the contract editors validate against) and the typed model
schemalint reads the configuration into declare the same keys, and judge documents alike."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from schemalint.config import CONFIG_KEYS, config_schema, read_config
from schemalint.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def resolved(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """``node`` with its ``$ref`` merged in, as JSON Schema applies both."""
    if "$ref" not in node:
        return node
    target = resolved(defs[node["$ref"].removeprefix("#/$defs/")], defs)
    merged = {**target, **{key: value for key, value in node.items() if key != "$ref"}}
    merged["properties"] = {**target.get("properties", {}), **node.get("properties", {})}
    return merged


def contract(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """What a JSON Schema node accepts, in the terms ``Kind.contract`` uses."""
    node = resolved(node, defs)
    if "const" in node:
        return {"const": node["const"]}
    kind: dict[str, Any] = {"type": node["type"]}
    if "enum" in node:
        kind["enum"] = sorted(node["enum"])
    for keyword in ("pattern", "minLength", "minimum", "minItems"):
        if keyword in node:
            kind[keyword] = node[keyword]
    if node["type"] == "array":
        kind["items"] = contract(node["items"], defs)
    closed = node.get("additionalProperties") is False or \
        node.get("unevaluatedProperties") is False
    if node["type"] == "object" and closed:
        kind["closed"] = True
        kind["properties"] = {key: contract(value, defs)
                              for key, value in node.get("properties", {}).items()}
        if node.get("required"):
            kind["required"] = sorted(node["required"])
    elif node["type"] == "object":
        kind["values"] = contract(node["additionalProperties"], defs)
    return kind


def differences(schema: Any, model: Any, where: str = "") -> list[str]:
    if isinstance(schema, dict) and isinstance(model, dict):
        return [difference for key in sorted(set(schema) | set(model))
                for difference in (
                    [f"{where}/{key}: only in the JSON Schema"] if key not in model else
                    [f"{where}/{key}: only in the model"] if key not in schema else
                    differences(schema[key], model[key], f"{where}/{key}"))]
    return [] if schema == model else [f"{where}: JSON Schema {schema!r}, model {model!r}"]


def test_every_key_the_json_schema_allows_is_read_by_the_model_and_no_other() -> None:
    schema = config_schema()
    # Walked whole: every table, entry and value, with its type, choices and bounds.
    assert differences(contract(schema, schema["$defs"]), CONFIG_KEYS.contract()) == []


def test_the_walk_sees_a_key_on_one_side_only() -> None:
    schema = config_schema()
    schema["properties"]["lint"]["properties"]["fixable"] = {"$ref": "#/$defs/code-list"}
    schema["$defs"]["level"]["enum"] = ["BACKWARD"]
    assert differences(contract(schema, schema["$defs"]), CONFIG_KEYS.contract()) == [
        "/properties/compatibility/enum: JSON Schema ['BACKWARD'], model "
        f"{sorted(CONFIG_KEYS.contract()['properties']['compatibility']['enum'])!r}",
        "/properties/lint/properties/fixable: only in the JSON Schema",
        *(f"/properties/{place}/enum: JSON Schema ['BACKWARD'], model "
          f"{sorted(CONFIG_KEYS.contract()['properties']['compatibility']['enum'])!r}"
          for place in ("subjects/items/properties/compatibility",
                        "topics/items/properties/compatibility")),
    ]


SHA = "sha256:" + "ab" * 32
# (TOML, whether the JSON Schema accepts it). The model refuses what the JSON Schema refuses,
# and also a well-shaped value that names nothing: a rule code, a date, a regular expression.
DOCUMENTS: list[tuple[str, bool]] = [
    ('version = 1\nroots = ["schemas"]\n[lint]\nselect = []\nignore = []\n', True),
    ('compatibility = "backward_transitive"\njson-policy = "LENIENT"\nfail-on = "info"\n', True),
    ('[lint]\nselect = ["evt", "MET"]\nseverity = { evt002 = "off" }\n'
     '[lint.per-file-ignores]\n"a/**" = ["EVT001"]\n', True),
    ('[[topics]]\nmatch = "a"\nkind = "cdc"\nowner = "t"\naudience = "public"\n'
     'key-fields = ["id"]\nreplay = false\nmetadata = "headers"\n'
     'producers = ["svc"]\n', True),
    (f'[[allow-breaking]]\nsubject = "a"\nschema = "{SHA}"\nreason = "r"\n'
     'expires = "2027-01-31"\n', True),
    ('[registry]\nurl-env = "X"\ncontext = ".a"\n[registry.envs.prod]\nnormalize = true\n', True),
    ('[docs]\nmin-length = 2\nexemptions = ["a"]\n[fields]\ncase = "camel"\n', True),
    ('[json]\nref-map = { "https://a/" = "schemas/a/" }\n[protobuf]\ninclude = ["p"]\n', True),
    ('version = 2\n', False),
    ('roots = []\n', False),
    ('roots = "schemas"\n', False),
    ('compatibility = "Backward"\n', False),
    ('fail-on = "ERROR"\n', False),
    ('stratgy = "topic"\n', False),
    ('[lint]\nselect = ["EVT-1"]\n', False),
    ('[lint]\nseverity = { EVT002 = "Error" }\n', False),
    ('[[topics]]\nkind = "event"\n', False),
    ('[[topics]]\nmatch = "a"\nowner = ""\n', False),
    ('[[subjects]]\nsubject = "a"\ntype = "Avro"\n', False),
    ('[[subjects]]\nsubject = "a"\nretired = 1\n', False),
    (f'[[allow-breaking]]\nsubject = "a"\nschema = "{SHA}"\nreason = ""\n', False),
    ('[[allow-breaking]]\nsubject = "a"\nschema = "sha256:00"\nreason = "r"\n', False),
    ('[registry]\ncontext = "prod"\n', False),
    ('[registry.envs.prod]\nenvs = {}\n', False),
    ('[registry]\npassword = "x"\n', False),
    ('[docs]\nmin-length = 0\n', False),
    ('[docs]\nmin-length = true\n', False),
    ('[protobuf]\ninclude = []\n', False),
    ('[replay]\nsamples = "recorded/events"\n', True),
    ('[replay]\nsamples = ""\n', False),
    ('[replay]\nsample = "samples"\n', False),
    ('[json]\nref-map = { "a" = 1 }\n', False),
    ('[topic-naming]\npattern = ""\n', False),
    ('[pii]\nunknown = []\n', False),
    ('[metadata]\nid-fields = ["meta.id", "event_id"]\ntime-fields = ["envelope.header.dt"]\n'
     'correlation-fields = ["meta.request_id"]\n', True),
    ('[metadata]\nid-fields = ["meta..id"]\n', False),
    ('[metadata]\ntime-fields = [".dt"]\n', False),
    ('[metadata]\ncorrelation-fields = ["meta."]\n', False),
    # Well shaped, so the JSON Schema passes them; they name nothing.
    ('[lint]\nselect = ["EVT01"]\n', True),
    ('[lint]\nseverity = { EVT = "error" }\n', True),
    (f'[[allow-breaking]]\nsubject = "a"\nschema = "{SHA}"\nreason = "r"\n'
     'expires = "2027-02-30"\n', True),
    ('versioned = ["^(?P<name>.+)\\\\.avsc$"]\n', True),
]
MEANINGLESS = {text for text, _ in DOCUMENTS[-4:]}


@pytest.mark.parametrize(("text", "schema_accepts"), DOCUMENTS)
def test_the_model_and_the_json_schema_judge_documents_alike(text: str,
                                                             schema_accepts: bool) -> None:
    document = tomllib.loads(text)
    validator = jsonschema.Draft202012Validator(config_schema())
    assert validator.is_valid(document) is schema_accepts
    model_accepts = text not in MEANINGLESS and schema_accepts
    if model_accepts:
        read_config(document, Path())
    else:
        with pytest.raises(ConfigError):
            read_config(document, Path())
