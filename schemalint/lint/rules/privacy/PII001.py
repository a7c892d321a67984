"""PII001: personal data without a classification."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

from schemalint.lint.name_classifier import split_words
from schemalint.lint.reading import normalise
from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.model import SchemaType, Severity
from schemalint.regexes import lazy_compile
from schemalint.view import Element

TAGS_KEY = "confluent:tags"
# Field attributes that classify data, as data-catalogue tools write them.
_CLASSIFYING_KEYS = (TAGS_KEY, "pii", "x-pii", "sensitive", "x-sensitive", "classification",
                     "x-classification", "x-data-classification", "confidential")
_DOC_MARKER = lazy_compile(
    r"(\bPII\b|@pii|\bpersonal data\b|\bpersonally identifiable\b|\bsensitive\b|\bGDPR\b|"
    r"\bconfidential\b|\bclassification\b|\bclassified\b)", re.IGNORECASE)
_PLAIN = lazy_compile(r"^[A-Za-z0-9 _-]+$")


@lru_cache(maxsize=64)
def _texts(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """The patterns as they are searched: plain words folded as names are."""
    return tuple(normalise(text).replace(" ", "") if _PLAIN.match(text) else text
                 for text in (pattern.strip() for pattern in patterns))


@lru_cache(maxsize=256)
def _compiled(text: str) -> re.Pattern[str] | None:
    """One pattern, compiled when first needed; None for one that is not a regular
    expression (a glob)."""
    try:
        return re.compile(text, re.IGNORECASE)
    except re.error:
        return None


_UNSAFE_TO_JOIN = lazy_compile(r"\\[1-9]|\(\?P=|\(\?[aiLmsux]")


@lru_cache(maxsize=64)
def _any_of(texts: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regular expression matching where any of the patterns does; None when they cannot
    be joined (a glob, a back-reference or inline flags).

    Compiled alone, it spares each run compiling every pattern (two dozen by default): those
    are compiled only for a name the joined one matches."""
    if not texts or any(_UNSAFE_TO_JOIN.search(text) for text in texts):
        return None
    try:
        joined = re.compile("|".join(f"(?:{text})" for text in texts), re.IGNORECASE)
    except re.error:
        return None  # one of them is a glob
    return joined


def matching_pattern(name: str, patterns: Sequence[str]) -> str | None:
    """The first ``[pii] patterns`` entry that ``name`` matches.

    Each pattern is searched in the name folded to lower case without separators
    (``cardnumber``) and in its words joined by ``_`` (``card_number``), so short words can
    be anchored to word boundaries: ``(^|_)ssn(_|$)`` leaves ``business_name`` alone.
    """
    folded = normalise(name)
    words = "_".join(split_words(name))
    texts = _texts(tuple(patterns))
    anything = _any_of(texts)
    # One search for "none of them" (most names), then the patterns in order for the first.
    if anything is not None and not (anything.search(folded) or anything.search(words)):
        return None
    for text in texts:
        regex = _compiled(text)
        if regex is not None and (regex.search(folded) or regex.search(words)):
            return text
        if regex is None and any(fnmatch.fnmatchcase(form, text.lower())
                                 for form in (folded, words)):
            return text.lower()
    return None


@lru_cache(maxsize=65536)
def _first_match(name: str, patterns: tuple[str, ...]) -> str | None:
    """``matching_pattern``, kept for the process: a project's schemas share most of their
    field names (Mozilla's 1,053 telemetry schemas: 88,000 names a schema, 4,100 in all)."""
    return matching_pattern(name, patterns)


# Patterns made only of letters, separators, groups, anchors and letter classes cannot match a
# digit: digits only part a name, so every run of them can stand for any other. Names that
# differ only in their numbers (``line_1`` … ``line_900``) are then matched once.
_DIGIT_BLIND = lazy_compile(
    r"(?:[A-Za-z_ |()?*+^$-]|\(\?:|\[(?:[a-z]-[a-z]|[A-Z]-[A-Z]|[A-Za-z_])+\])*\Z")
_DIGITS = lazy_compile(r"[0-9]+")


@lru_cache(maxsize=64)
def _digit_blind(patterns: tuple[str, ...]) -> bool:
    # Joined, they compile only when each is a regular expression (no glob among them).
    texts = _texts(patterns)
    return _any_of(texts) is not None and all(_DIGIT_BLIND.match(text) for text in texts)


def _tagged(node: Any) -> bool:
    if not isinstance(node, Mapping):
        return False
    for key in _CLASSIFYING_KEYS:
        value = node.get(key)
        if value not in (None, "", [], {}, False):
            return True
    return False


def _classified(item: Element, ctx: SchemaContext) -> bool:
    if _tagged(item.declaration):
        return True
    # Avro: tags may sit on the field's type; JSON Schema: on a referenced definition.
    branches = item.type_node if isinstance(item.type_node, list) else [item.type_node]
    if any(_tagged(branch) for branch in branches):
        return True
    if item.doc and _DOC_MARKER.search(item.doc):
        return True
    candidates = (item.name, item.name_path, item.full_name)
    return any(fnmatch.fnmatchcase(candidate.lower(), glob.lower())
               for glob in ctx.settings.pii_classified for candidate in candidates)


# Context in which a name that matches says something else than a person's data.
_NUMERIC = frozenset({"int", "long", "float", "double", "null"})
# A machine's address: profiles, stack traces and loaded modules (OpenTelemetry's
# ``Location.address``, a crash report's ``baseAddress``).
_MACHINE_WORDS = frozenset({
    "stack", "stacks", "frame", "frames", "crash", "module", "modules", "memory", "register",
    "registers", "symbol", "symbols", "pointer", "heap", "instruction", "base", "load",
    "mapping", "mappings", "binary", "library",
})
# A measurement about something named, not the thing (``email_count``, a use counter in a
# ``histograms`` object).
_MEASUREMENT_WORDS = frozenset({
    "count", "counts", "counter", "counters", "total", "histogram", "histograms", "metric",
    "metrics", "scalars", "ratio", "rate",
})
_PERSON_NAMES = frozenset({"firstname", "lastname", "fullname", "surname", "maidenname"})
# Words that make a qualified name a person's (``customer_full_name``).
_PERSON_WORDS = frozenset({
    "customer", "user", "person", "contact", "client", "holder", "cardholder", "owner",
    "recipient", "sender", "billing", "shipping", "employee", "patient", "member", "account",
    "buyer", "seller", "guest", "passenger", "driver", "author", "applicant", "student",
    "parent", "spouse", "beneficiary", "payer", "payee", "subscriber", "legal", "given",
    "family", "middle", "maiden", "my",
})


def _not_personal(item: Element, pattern: str) -> bool:
    """Whether the field's context says the matching name is no person's data: a numeric or
    machine-level address, a measurement, or the name of a thing (``study_state_fullname``)."""
    path = [word for step in item.name_path.split(".") for word in split_words(step)]
    own = split_words(item.name)
    if _MEASUREMENT_WORDS & set(path) or (own and own[-1] in _MEASUREMENT_WORDS):
        return True
    numeric = bool(item.kinds) and item.kinds <= _NUMERIC
    if "address" in pattern and (numeric or _MACHINE_WORDS & set(path)):
        return True
    if pattern in _PERSON_NAMES:
        start = next((index for index in range(len(own))
                      if "".join(own[index:]).startswith(pattern)), 0)
        qualifiers = set(own[:start])
        return bool(qualifiers) and not qualifiers & _PERSON_WORDS
    return False


def check_pii(ctx: SchemaContext) -> Iterator[Hit]:
    proto = ctx.schema.schema_type is SchemaType.PROTOBUF
    tag = '[(confluent.field_meta).tags = "PII"]' if proto else '"confluent:tags": ["PII"]'
    patterns = tuple(ctx.settings.pii_patterns)
    blind = _digit_blind(patterns)
    matched: dict[str, str | None] = {}
    for item in ctx.schema.view.fields:
        if "boolean" in item.kinds and not (item.kinds - {"boolean", "null"}):
            continue  # "email_verified" says something about an email, but holds none
        key = _DIGITS.sub("0", item.name) if blind else item.name
        if key in matched:
            pattern = matched[key]
        else:
            # Where the patterns are blind to digits, the key matches as the name does.
            pattern = matched[key] = _first_match(key, patterns)
        if pattern is None or _classified(item, ctx) or _not_personal(item, pattern):
            continue
        yield Hit(item.pointer, (
            f"Field '{item.name_path}' looks like personal data (matches '{pattern}') but is "
            "not classified: nobody downstream knows to mask, encrypt or delete it, and "
            f"copies spread into sinks and logs. Tag it ({tag}), list it in [pii] classified, "
            f"or say so in its {'comment' if proto else 'doc'}."
        ), f"{item.name_path}:pii")


PII001 = Rule(
    code="PII001", name="unclassified-personal-data", default=Severity.WARNING,
    summary="A field that looks like personal data without a classification.",
    check_schema=check_pii,
    doc=RuleDoc(
        what=("Fields whose names match `[pii] patterns` (regular expressions over the name "
              "folded to lower case without `_` and `-`; default: email, phone, ssn, "
              "national and tax ids, passport, iban, card number, cvv, address, date of "
              "birth, first/last/full name, ip address) and that carry no classification: "
              "a `confluent:tags` entry on the field or its type (or `pii`, `sensitive`, "
              "`classification` attributes), a name, name path or glob in "
              "`[pii] classified`, or a doc that says PII, personal data, sensitive or "
              "confidential. Protobuf fields are classified by Confluent's field option "
              "(`[(confluent.field_meta).tags = \"PII\"]`, or `{tags: [...]}`) or a comment "
              "that says so. Boolean fields pass, and so do names the context gives another "
              "meaning: an address that is a number or sits in a stack trace, profile or "
              "loaded module (a memory address); a field that counts or measures (under "
              "`histograms`, `metrics`, or named `…_count`); a first, last or full name "
              "qualified by a word that is no person (`study_state_fullname`, where "
              "`customer_full_name` is a person's)."),
        why=("Personal data in events is copied into every consumer, sink and log; without "
             "a classification nobody knows to mask, encrypt or delete it when a customer "
             "asks (GDPR art. 17)."),
        bad='{"name": "email", "type": "string"}',
        good='{"name": "email", "type": "string", "confluent:tags": ["PII"]}',
        fix=("Tag the field with `confluent:tags` (Confluent's data contracts and field-level "
             "encryption read them), list it in `[pii] classified`, or mark its doc."),
    ),
)
