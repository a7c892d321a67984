from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from schemalint.config import Config, load_config, locate_key, parse_config
from schemalint.errors import ConfigError
from schemalint.model import Level, Severity
from schemalint.versions import DEFAULT_VERSIONED

FULL_SAMPLE = """\
version = 1
roots = ["schemas"]
strategy = "topic"
compatibility = "backward"
json-policy = "strict"
fail-on = "warning"

[lint]
select = []
extend-select = ["MET003"]
ignore = []
severity = { EVT002 = "error" }
per-file-ignores = { "schemas/legacy/**" = ["EVT001"] }

[naming]
extra-verbs = ["frobnicate"]
allow = ["SendGrid"]

[[topics]]
match = "payments.*"
kind = "event"
flavor = "state-transfer"
compatibility = "FULL_TRANSITIVE"
replay = true

[[topics]]
match = "*"
json-policy = "lenient"

[[subjects]]
subject = "orders-value"
file = "schemas/orders/value.avsc"
history-since = "v2.0.0"
retired = false

[[allow-breaking]]
subject = "orders-value"
schema = "sha256:%s"
reason = "remove PII field, approved in ADR-31"
expires = "2027-01-31"

[json]
ref-map = { "https://schemas.acme.com/" = "schemas/shared/" }

[protobuf]
include = ["schemas", "third_party"]

[replay]
samples = "recorded"

[registry]
url-env = "SCHEMA_REGISTRY_URL"
auth-env = "SCHEMA_REGISTRY_USER_INFO"
normalize = false
subject-prefix = ""
[registry.envs.prod]
url-env = "PROD_SCHEMA_REGISTRY_URL"
context = ".prod"
""" % ("ab" * 32)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def test_the_design_sample_loads(tmp_path: Path) -> None:
    config = parse_config(write(tmp_path, "schemalint.toml", FULL_SAMPLE))
    assert config.compatibility is Level.BACKWARD
    assert config.fail_on is Severity.WARNING
    assert config.level_for("payments.card-value", "payments.card") is Level.FULL_TRANSITIVE
    assert config.level_for("orders-value", "orders") is Level.BACKWARD
    assert config.policy_for("orders-value", "orders") == "LENIENT"
    assert config.subject_settings("orders-value") is not None
    assert config.allow_breaking[0].expires == dt.date(2027, 1, 31)
    assert config.allow_breaking[0].line == 36
    assert config.registry.url_env == "SCHEMA_REGISTRY_URL"
    assert config.registry_envs["prod"].context == ".prod"
    assert config.json_ref_map == {"https://schemas.acme.com/": "schemas/shared/"}
    assert config.protobuf_include == ("schemas", "third_party")
    assert config.replay_samples == "recorded"


def test_pyproject_table_is_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n\n[tool.schemalint]\n'
          'compatibility = "FULL"\n')
    sub = tmp_path / "schemas" / "orders"
    sub.mkdir(parents=True)
    config = load_config(sub)
    assert config.compatibility is Level.FULL
    assert config.root == tmp_path.resolve()


def test_no_config_means_defaults_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    config = load_config(tmp_path)
    assert config.source is None
    assert config.roots == ("schemas",)
    assert config.compatibility is Level.BACKWARD


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('version = 1\ncolour = "red"\n', "unknown key colour", 2),
        ('version = 1\n\n[lint]\nselcet = ["EVT"]\n',
         "lint: unknown key selcet (did you mean select?)", 4),
        # A day-one typo: the message said which key was wrong, not which was meant.
        ('version = 1\nstratgy = "topic"\n', "unknown key stratgy (did you mean strategy?)", 2),
        ('[[subjects]]\nsubject = "a"\nfiel = "a.avsc"\n',
         "subjects.0: unknown key fiel (did you mean file?)", 3),
        ('compatibility = "SIDEWAYS"\n', "compatibility: \"SIDEWAYS\" is not one of", 1),
        ('[[topics]]\nmatch = "a"\n\n[[topics]]\nmatch = "b"\nkind = "query"\n',
         "topics.1.kind", 6),
        ('[registry.envs.prod]\nurl-env = "X"\npassword = "hunter2"\n',
         "registry.envs.prod: unknown key password", 3),
        ('[lint]\nseverity = { EVT002 = "fatal" }\n', "lint.severity.EVT002", 2),
        ('roots = "schemas"\n', "roots", 1),
        ('version = 1\n[lint\n', "invalid TOML", 2),
        ('[[allow-breaking]]\nsubject = "a"\nschema = "sha256:00"\nreason = "r"\n',
         "allow-breaking.0.schema", 3),
        ('roots = ["schemas"]\nversioned = ["(?P<version>[0-9]+"]\n',
         "versioned.0: '(?P<version>[0-9]+' is not a regular expression", 2),
        ("roots = ['schemas']\nversioned = ['^(?P<name>.+)\\.avsc$']\n",
         "has no named group (?P<version>...)", 2),
        ('versioned = "{name}.v{version}.avsc"\n', "versioned", 1),
        ('version = 2\n', "version: 1 was expected", 1),
        ('roots = ["a", 1]\n', "roots.1: 1 is not of type 'string'", 1),
        ('[[topics]]\nkind = "event"\n', "topics.0: 'match' is a required property", 1),
        ('[docs]\nmin-length = 0\n', "docs.min-length: 0 is less than the minimum of 1", 2),
        ('[[allow-breaking]]\nsubject = "a"\nschema = "sha256:%s"\nreason = "r"\n'
         'expires = "2027-02-30"\n' % ("ab" * 32),
         "allow-breaking.0.expires: '2027-02-30' is not a date", 5),
        # Every unknown key named, the line of the first one.
        ('[registry]\nurl-env = "X"\nfoo = 1\nbar = 2\n', "registry: unknown key foo, bar", 3),
        # A value of the wrong shape is reported before a well-shaped one that names nothing.
        ('[lint]\nselect = ["NOPE"]\n\n[docs]\nmin-length = 0\n', "docs.min-length", 5),
    ],
)
def test_bad_config_names_file_and_line(tmp_path: Path, text: str, message: str,
                                        line: int) -> None:
    path = write(tmp_path, "schemalint.toml", text)
    with pytest.raises(ConfigError) as raised:
        parse_config(path)
    assert message in raised.value.message
    assert raised.value.line == line
    assert str(raised.value).startswith(f"{path}:{line}")


@pytest.mark.parametrize(("text", "message", "line"), [
    ('[project]\nname = "x"\n\n[tool.schemalint]\nfail-on = "fatal"\n',
     'fail-on: "fatal" is not one of error, warning, info', 5),
    ('[project]\nname = "x"\n\n[tool]\nschemalint = 1\n', "1 is not of type 'object'", 5),
])
def test_pyproject_errors_point_into_the_tool_table(tmp_path: Path, text: str, message: str,
                                                    line: int) -> None:
    path = write(tmp_path, "pyproject.toml", text)
    with pytest.raises(ConfigError) as raised:
        parse_config(path)
    assert (raised.value.message, raised.value.line) == (message, line)


def test_locate_key_inside_inline_tables() -> None:
    text = '[lint]\nseverity = { EVT001 = "off", EVT002 = "fatal" }\n'
    assert locate_key(text, ["lint", "severity", "EVT002"]) == 2


def test_versioned_layouts_replace_the_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, "schemalint.toml",
                 "versioned = ['^(?P<name>.+)-(?P<version>[0-9]+)\\.avsc$']\n")
    patterns = [p.regex.pattern for p in parse_config(path).versioned]
    assert patterns == [r"^(?P<name>.+)-(?P<version>[0-9]+)\.avsc$"]
    assert len(Config(root=tmp_path).versioned) == len(DEFAULT_VERSIONED)
