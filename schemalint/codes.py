"""What every finding code means: the catalogue behind `explain`, SARIF rules and docs/codes.md.

Lint rules document themselves (``schemalint.lint``); each format documents its compatibility
types (``formats/<format>/codes.py``); this module holds the codes of the project's own
checks (``schemalint.finding_codes``) and answers for all of them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from schemalint.contracts.codes import CONTRACT_CODES
from schemalint.errors import UsageError
from schemalint.finding_codes import (
    ALLOW_BREAKING_EXPIRED,
    ALLOW_BREAKING_STALE,
    INVALID_DEFAULT,
    INVALID_SCHEMA,
    PROJECT_CODES,
    SCHEMA_TYPE_CHANGED,
    SUBJECT_CONFLICT,
    SUBJECT_REMOVED,
    VERSION_EDITED,
)
from schemalint.model import CodeDoc, CodeInfo, Severity
from schemalint.replay.codes import REPLAY_CODES

HEADINGS = ("What it means", "Why it breaks, and whom", "Bad", "Good", "How to fix")
_SANCTION = ("Or sanction it with an [[allow-breaking]] entry once every consumer can read "
             "both sides.")

CATALOGUE: dict[str, CodeInfo] = {info.code: info for info in (
    CodeInfo(INVALID_SCHEMA, "invalid-schema",
             "The file cannot be read as a schema of its format.",
             "The registry would refuse it (42201) and nothing can be checked. Fix the error at "
             "the line shown.",
             doc=CodeDoc(
                 what="A schema file that does not parse: broken JSON, an unknown Avro type, "
                      "a Protobuf file protoc rejects, a $ref or import that cannot be found.",
                 why="The registry refuses to register it (error 42201), so no producer can "
                     "use it; and nothing about it can be checked. The run exits 2.",
                 bad='orders/value.avsc: {"type": "record", "name": "Order", "fields": '
                     '[{"name": "id", "type": "strin"}]}',
                 good='orders/value.avsc: {"type": "record", "name": "Order", "fields": '
                      '[{"name": "id", "type": "string"}]}',
                 fix="Fix the error at the file and line shown.")),
    CodeInfo(INVALID_DEFAULT, "invalid-default",
             "A default value does not match its field's type.",
             "Avro's Java parser rejects such defaults when it validates them, as new Confluent "
             "versions do; a reader that needs the default fails. Use a value of the field's "
             "type; for a union, of its first branch.",
             doc=CodeDoc(
                 what="An Avro field whose \"default\" is not a value of its type (for a "
                      "union, of its first branch).",
                 why="Avro's Java parser rejects such defaults when it validates them, as "
                     "newer Confluent versions do; and a consumer that reads old events with "
                     "this schema fills the field from the default, and fails.",
                 bad='{"name": "coupon_code", "type": ["null", "string"], "default": ""}',
                 good='{"name": "coupon_code", "type": ["null", "string"], "default": null}',
                 fix="Use a value of the field's type; for a union, of its first branch (put "
                     "\"null\" first for a null default).")),
    CodeInfo(SCHEMA_TYPE_CHANGED, "schema-type-changed",
             "The schema's format changed (Avro, JSON Schema, Protobuf).",
             "No reader can read across formats. Publish the new format under a new subject.",
             doc=CodeDoc(
                 what="A subject's schema moved from one format to another: an .avsc replaced "
                      "by a .proto or a .json under the same subject.",
                 why="Every consumer of the subject deserializes with the old format; no "
                     "reader reads across formats, whatever the level.",
                 bad="orders/value.avsc (Avro) → orders/value.proto (Protobuf), one subject "
                     "orders-value",
                 good="orders/value.avsc kept; orders-v2/value.proto under a new subject, "
                      "orders-v2-value",
                 fix="Publish the new format under a new subject (a new file name or "
                     "[[subjects]] entry), and move consumers over.")),
    CodeInfo(SUBJECT_REMOVED, "subject-removed",
             "A schema file was removed or renamed away, but its subject stays in the registry.",
             "Consumers still read the subject's events from the log. Restore the file, or mark "
             "the subject retired = true in [[subjects]] once no producer writes it.",
             doc=CodeDoc(
                 what="A schema file that the compared version had is gone (deleted, or "
                      "renamed so that it maps to another subject), while its subject stays "
                      "in the registry.",
                 why="Events of that subject stay on the log and consumers still read them; "
                     "with the file gone nothing guards the subject's next version, and a "
                     "rename starts a new subject with no history.",
                 bad="git rm orders/value.avsc   (subject orders-value still registered)",
                 good='[[subjects]]\nsubject = "orders-value"\nretired = true',
                 fix="Restore the file; or, once no producer writes the subject, mark it "
                     "retired = true in its [[subjects]] entry; for a rename, keep the "
                     "subject with a [[subjects]] entry naming the new file.")),
    CodeInfo(SUBJECT_CONFLICT, "subject-conflict",
             "Two schema files map to one subject, so neither is checked or registered.",
             "A subject holds one schema's history; two files of one subject (one file name "
             "in two folders, one Avro full name with two contents) leave it undecided which "
             "is the subject. Give each file its own subject with a [[subjects]] entry, or lay "
             "the files out, or choose a strategy, that names them apart. The run exits 2.",
             doc=CodeDoc(
                 what="Two schema files that the layout or the subject naming strategy maps "
                      "to the same subject.",
                 why="A subject holds one schema's history: with two files it is undecided "
                     "which one it is, so neither is checked or registered, and the run "
                     "exits 2.",
                 bad="payments/Order.avsc and shipping/Order.avsc, both record com.acme.Order, "
                     "with the RecordNameStrategy",
                 good='[[subjects]]\nsubject = "shipping-order-value"\n'
                      'file = "shipping/Order.avsc"',
                 fix="Give each file its own subject with a [[subjects]] entry, or lay the "
                     "files out, or choose a strategy, that names them apart.")),
    CodeInfo(VERSION_EDITED, "version-edited",
             "A published versioned file (name.vN) was edited.",
             "That version is already registered and its data is on the log. Put the change "
             "in a new file with the next version number.",
             doc=CodeDoc(
                 what="A versioned file (orders.v2.avsc) whose version is already published "
                      "(in the compared ref or the registry) now has other content.",
                 why="That version is registered and events written with it are on the log; "
                     "editing it rewrites history consumers rely on, and the registry keeps "
                     "the old text anyway.",
                 bad="orders.v2.avsc edited after v2 was published",
                 good="orders.v2.avsc unchanged; the change in a new orders.v3.avsc",
                 fix="Restore the published text and put the change in a new file with the "
                     "next version number.")),
    CodeInfo(ALLOW_BREAKING_EXPIRED, "allow-breaking-expired",
             "An [[allow-breaking]] entry is past its expiry date.",
             "Its breaking change is reported again. Land it before the date, or review it and "
             "extend the date.", Severity.WARNING,
             doc=CodeDoc(
                 what="An [[allow-breaking]] entry whose expires date has passed.",
                 why="The sanction lapses: its breaking change is reported again, so a change "
                     "that waited too long fails the run.",
                 bad='[[allow-breaking]]\nsubject = "orders-value"\nschema = "sha256:…"\n'
                     'reason = "drop legacy field"\nexpires = 2024-01-31',
                 good='[[allow-breaking]]\nsubject = "orders-value"\nschema = "sha256:…"\n'
                      'reason = "drop legacy field"\nexpires = 2030-01-31',
                 fix="Land the change before the date, or review it and extend the date.")),
    CodeInfo(ALLOW_BREAKING_STALE, "allow-breaking-stale",
             "An [[allow-breaking]] entry names a schema the subject no longer has.",
             "The schema changed since the entry was written, so it no longer applies. Remove "
             "it.", Severity.WARNING,
             doc=CodeDoc(
                 what="An [[allow-breaking]] entry whose schema hash is not the subject's "
                      "current schema.",
                 why="An entry sanctions one exact schema; after any further edit it matches "
                     "nothing, and a new breaking change would need its own review.",
                 bad='[[allow-breaking]]\nsubject = "orders-value"\n'
                     'schema = "sha256:<an older version>"',
                 good='[[allow-breaking]]\nsubject = "orders-value"\n'
                      'schema = "sha256:<the current schema, as check prints it>"',
                 fix="Remove the entry, or replace its hash with the one check prints for "
                     "the current schema.")),
    *REPLAY_CODES,
    *CONTRACT_CODES,
)}

# The format sections of docs/codes.md: (title, format package).
_FORMATS = (
    ("Avro compatibility", "schemalint.formats.avro.codes"),
    ("JSON Schema compatibility", "schemalint.formats.jsonschema.codes"),
    ("Protobuf compatibility", "schemalint.formats.protobuf.codes"),
)


@functools.cache
def format_catalogues() -> tuple[tuple[str, dict[str, CodeInfo]], ...]:
    """Each format's compatibility types, documented: (section title, code → info)."""
    import importlib

    sections = []
    for title, module_name in _FORMATS:
        documented = importlib.import_module(module_name).docs()
        sections.append((title, {code: _info(code, summary, doc)
                                 for code, (summary, doc) in documented.items()}))
    return tuple(sections)


def emitted_codes() -> list[str]:
    """Every code the engines, the lint rules and the commands can emit."""
    from schemalint.formats.avro.compat import CODES as AVRO_CODES
    from schemalint.formats.jsonschema.difference import REPORTED_TYPES as JSON_TYPES
    from schemalint.formats.protobuf.difference import ALL_TYPES as PROTOBUF_TYPES
    from schemalint.lint.registry import RULES

    return sorted({*PROJECT_CODES, *AVRO_CODES, *JSON_TYPES, *PROTOBUF_TYPES,
                   *(info.code for info in (*REPLAY_CODES, *CONTRACT_CODES)),
                   *(rule.code for rule in RULES)})


def describe_code(code: str) -> CodeInfo:
    """What ``code`` means, from the catalogue, the lint rules, or a generic description."""
    known = CATALOGUE.get(code) or _lint_rule(code) or _format_code(code)
    if known is not None:
        return known
    return CodeInfo(code, code.lower().replace("_", "-"),
                    f"An incompatible change of type {code}, as Confluent Schema Registry "
                    "classifies it.",
                    "Consumers on one side of the change cannot read the other side's data. "
                    "Undo the change, publish it under a new subject, or sanction it with "
                    "[[allow-breaking]].")


def _format_code(code: str) -> CodeInfo | None:
    """A compatibility type's entry, documenting that one code only (a SARIF report asks for
    a few, and the JSON Schema entries run their examples)."""
    from schemalint.formats.avro.compat import CODES as AVRO_CODES

    if code in AVRO_CODES:
        from schemalint.formats.avro.codes import DOCS

        return _info(code, *DOCS[code])
    from schemalint.formats.jsonschema.difference import REPORTED_TYPES

    if code in REPORTED_TYPES:
        from schemalint.formats.jsonschema.codes import doc, summary

        return _info(code, summary(code), doc(code))
    from schemalint.formats.protobuf.difference import ALL_TYPES

    if code in ALL_TYPES:
        from schemalint.formats.protobuf.codes import docs

        return _info(code, *docs()[code])
    return None


def _info(code: str, summary: str, doc: CodeDoc) -> CodeInfo:
    return CodeInfo(code, code.lower().replace("_", "-"), summary,
                    f"{doc.why} How to fix: {doc.fix}", doc=doc)


def _lint_rule(code: str) -> CodeInfo | None:
    from schemalint.lint.registry import get_rule

    rule = get_rule(code)
    if rule is None:
        return None
    return CodeInfo(rule.code, rule.name, rule.summary,
                    f"{rule.doc.why} How to fix: {rule.doc.fix}", rule.severity_when_selected)


def describe_codes(codes: Iterable[str]) -> dict[str, CodeInfo]:
    """What each code means, as data for a reporter that describes its rules (SARIF)."""
    return {code: describe_code(code) for code in sorted(set(codes))}


def explain(code: str) -> str:
    """Markdown for one code: a lint rule, a compatibility type or a check's own code.

    Raises UsageError naming the closest known codes for an unknown one.
    """
    from schemalint.lint.docs import explain as explain_rule
    from schemalint.lint.registry import get_rule

    wanted = code.strip().upper()
    if get_rule(wanted) is not None:
        return explain_rule(wanted)
    info = CATALOGUE.get(wanted) or _format_code(wanted)
    if info is None or info.doc is None:
        import difflib

        close = difflib.get_close_matches(wanted, emitted_codes(), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UsageError(f"unknown code {code!r}{hint} (`schemalint rules` lists the lint "
                         "rules; docs/codes.md every other code)")
    return _code_markdown(info, level="#")


def _block(text: str) -> list[str]:
    return ["```", text, "```"]


def _code_markdown(info: CodeInfo, *, level: str) -> str:
    doc = info.doc
    assert doc is not None
    lines = [f"{level} {info.code}", "", info.summary, ""]
    for heading, text in zip(HEADINGS, doc, strict=True):
        lines += [f"{level}# {heading}", ""]
        lines += (_block(text) if heading in ("Bad", "Good") and not text.startswith("None:")
                  else [text])
        lines.append("")
    return "\n".join(lines)


def render_codes_markdown() -> str:
    """The whole of docs/codes.md."""
    parts = [
        "# Finding codes",
        "",
        "<!-- Generated by schemalint.codes.render_codes_markdown(); do not edit. -->",
        "",
        "Every code schemalint reports besides the lint rules (those are in "
        "[rules.md](rules.md)): the project's own checks, and each format's compatibility "
        "types, named as Confluent Schema Registry names them. `schemalint explain CODE` "
        "prints one entry. An example's old and new schema are checked BACKWARD: the bad one "
        "is refused, the good one accepted.",
        "",
    ]
    sections = (("Checks of the project", CATALOGUE), *format_catalogues())
    for title, codes in sections:
        parts += [f"## {title}", "", "| code | summary |", "|---|---|"]
        parts += [f"| [{code}](#{code.lower()}) | {info.summary} |"
                  for code, info in sorted(codes.items())]
        parts.append("")
        for _, info in sorted(codes.items()):
            parts.append(_code_markdown(info, level="###"))
    return "\n".join(parts).rstrip("\n") + "\n"
