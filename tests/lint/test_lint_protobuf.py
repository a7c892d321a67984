"""The lint rules on Protobuf: real .proto texts compiled by protoc, flagged and not flagged."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from lint_helpers import make_schema

from schemalint.api import parse_schema
from schemalint.formats.protobuf.locations import SourceInfo
from schemalint.lint.engine import lint_project, lint_schema
from schemalint.lint.rule_model import LintEntry
from schemalint.lint.settings import LintSettings, TopicSettings
from schemalint.model import Finding, Schema

FIXTURES = Path(__file__).parent / "fixtures" / "protobuf"
HEAD = 'syntax = "proto3";\npackage acme.orders;\n'
TIMESTAMP = 'import "google/protobuf/timestamp.proto";\n'
WRAPPERS = 'import "google/protobuf/wrappers.proto";\n'
META = 'import "confluent/meta.proto";\n'


@cache
def proto(text: str, path: str = "schemas/orders/value.proto") -> Schema:
    return parse_schema(text, "PROTOBUF", path=path)


def fixture(name: str) -> Schema:
    path = FIXTURES / name
    return proto(path.read_text(encoding="utf-8"), str(path))


def run(text: str, code: str, *, topic: str | None = "orders",
        subject: str | None = "orders-value", previous: str | None = None,
        settings: LintSettings | None = None) -> list[Finding]:
    chosen = settings or LintSettings(select=(code,))
    before = proto(previous) if previous is not None else None
    found = lint_schema(proto(text), subject=subject, topic=topic, settings=chosen,
                        previous=before)
    return [finding for finding in found if finding.code == code]


def pointers(findings: list[Finding]) -> list[str]:
    return [finding.pointer for finding in findings]


COMMAND_TOPIC = LintSettings(select=("EVT003",),
                             topics=(TopicSettings(match="billing.*", kind="command"),))

# (code, .proto text, pointers of the findings, settings, topic)
NAMING = [
    ("EVT001", HEAD + "message SendEmail { string to = 1; }", ["/SendEmail"], None, "mail"),
    ("EVT001", HEAD + "message EmailSent { string to = 1; }", [], None, "mail"),
    # Only the first message is the event; later ones are parts of it.
    ("EVT001", HEAD + "message EmailSent { SendRetry retry = 1; }\nmessage SendRetry {}", [],
     None, "mail"),
    ("EVT001", 'syntax = "proto3";\npackage acme.commands;\nmessage Email { string to = 1; }',
     ["/Email"], None, "mail"),
    ("EVT002", HEAD + "message GetBalanceRequest { string account_id = 1; }",
     ["/GetBalanceRequest"], None, "balances"),
    ("EVT002", HEAD + "message BalanceChanged { string account_id = 1; }", [], None,
     "balances"),
    ("EVT003", HEAD + "message InvoiceIssued { string id = 1; }", ["/InvoiceIssued"],
     COMMAND_TOPIC, "billing.commands"),
    ("EVT003", HEAD + "message IssueInvoice { string id = 1; }", [], COMMAND_TOPIC,
     "billing.commands"),
]


@pytest.mark.parametrize(("code", "text", "expected", "settings", "topic"), NAMING)
def test_naming_rules_read_the_first_message(code: str, text: str, expected: list[str],
                                             settings: LintSettings | None,
                                             topic: str) -> None:
    findings = run(text, code, topic=topic, subject=f"{topic}-value", settings=settings)
    assert pointers(findings) == expected
    for finding in findings:
        assert (finding.line, finding.column) == (3, 1)


def test_evt001_names_the_message_and_proposes_a_fact_in_its_package() -> None:
    [finding] = run(HEAD + "message SendEmail { string to = 1; }", "EVT001", topic="mail")
    assert "message name 'acme.orders.SendEmail'" in finding.message
    assert "'acme.orders.EmailSent'" in finding.message


def test_evt002_pairs_requests_and_replies_across_protobuf_subjects() -> None:
    request = proto(HEAD + "message PaymentRequested { string payment_id = 1; }")
    reply = proto(HEAD + "message PaymentResponded { string payment_id = 1; }")
    findings = lint_project([LintEntry(request, "payments-value", "payments"),
                             LintEntry(reply, "payment-replies-value", "payment-replies")],
                            LintSettings(select=("EVT002",)))
    assert [(f.code, f.path, f.pointer) for f in findings] == [
        ("EVT002", "schemas/orders/value.proto", "/PaymentRequested")]


# CDC -------------------------------------------------------------------------------------

ROW = HEAD + """message customers {
  int32 id = 1;
  string name = 2;
  string __op = 3;
  string __deleted = 4;
}"""
PRICE_CHANGED = HEAD + """message PriceChanged {
  string sku = 1;
  Money old_price = 2;
  Money new_price = 3;
}
message Money { int64 units = 1; string currency = 2; }"""
# A value object named "before" in a domain event, without op or source.
VALUE_OBJECT = HEAD + """message ScheduleMoved {
  Slot before = 1;
  Slot after = 2;
}
message Slot { int64 start_minute = 1; }"""


@pytest.mark.parametrize(("code", "text", "topic", "expected"), [
    ("CDC002", ROW, "customers", ["/customers/3"]),
    ("CDC002", ROW, "dbserver1.inventory.customers", []),
    ("CDC001", PRICE_CHANGED, "prices", []),
    ("CDC001", VALUE_OBJECT, "schedules", []),
    ("CDC002", PRICE_CHANGED, "prices", []),
])
def test_cdc_rules_on_protobuf_messages(code: str, text: str, topic: str,
                                        expected: list[str]) -> None:
    settings = LintSettings(select=(code,),
                            topics=(TopicSettings(match="dbserver1.*", kind="cdc"),))
    assert pointers(run(text, code, topic=topic, subject=f"{topic}-value",
                        settings=settings)) == expected


def test_cdc001_finds_the_debezium_envelope_of_the_protobuf_converter() -> None:
    schema = fixture("debezium_envelope.proto")
    cdc = LintSettings(select=("CDC001",),
                       topics=(TopicSettings(match="dbserver1.*", kind="cdc"),))
    [finding] = lint_schema(schema, topic="customers", settings=cdc)
    assert (finding.code, finding.pointer, finding.line) == ("CDC001", "/Envelope", 6)
    assert "Debezium change-event envelope" in finding.message
    assert lint_schema(schema, topic="dbserver1.inventory.customers", settings=cdc) == []


# Metadata --------------------------------------------------------------------------------

BARE = HEAD + "message OrderPlaced { string order_id = 1; }"
WITH_METADATA = HEAD + TIMESTAMP + """message OrderPlaced {
  string order_id = 1;
  Metadata metadata = 2;
}
message Metadata {
  string event_id = 1;
  google.protobuf.Timestamp occurred_at = 2;
  string correlation_id = 3;
}"""
TIMESTAMPED = HEAD + TIMESTAMP + """message OrderPlaced {
  optional string event_id = 1;
  google.protobuf.Timestamp timestamp = 2;
}"""
# The nested message lacks metadata, but only the top-level event needs it.
NESTED_WITHOUT = HEAD + TIMESTAMP + """message OrderPlaced {
  string event_id = 1;
  google.protobuf.Timestamp placed_at = 2;
  string correlation_id = 3;
  Line line = 4;
  message Line { string sku = 1; }
}"""


@pytest.mark.parametrize(("code", "text", "subject", "expected"), [
    ("MET001", BARE, "orders-value", ["/OrderPlaced"]),
    ("MET001", BARE, "orders-key", []),
    ("MET001", WITH_METADATA, "orders-value", []),
    ("MET001", TIMESTAMPED, "orders-value", []),
    ("MET001", NESTED_WITHOUT, "orders-value", []),
    ("MET002", BARE, "orders-value", ["/OrderPlaced"]),
    ("MET002", WITH_METADATA, "orders-value", []),
    ("MET002", TIMESTAMPED, "orders-value", []),
    ("MET002", NESTED_WITHOUT, "orders-value", []),
    ("MET003", BARE, "orders-value", ["/OrderPlaced"]),
    ("MET003", WITH_METADATA, "orders-value", []),
    ("MET003", NESTED_WITHOUT, "orders-value", []),
])
def test_metadata_rules_read_the_top_level_message(code: str, text: str, subject: str,
                                                   expected: list[str]) -> None:
    assert pointers(run(text, code, subject=subject)) == expected


def test_a_well_designed_event_passes_every_schema_rule() -> None:
    schema = fixture("order_placed.proto")
    settings = LintSettings(select=("ALL",), topics=(
        TopicSettings(match="orders", owner="team-checkout", audience="internal",
                      key_fields=("order_id",)),))
    assert lint_schema(schema, topic="orders", subject="orders-value", settings=settings) == []


# Documentation, field names, enums, personal data ---------------------------------------

DOCUMENTED = HEAD + """// A customer placed an order.
message OrderPlaced {
  // The order.
  string order_id = 1;
  string sku = 2; // Stock keeping unit.
  /* Where the order stands. */
  enum Status { STATUS_UNSPECIFIED = 0; }
}"""
UNDOCUMENTED = HEAD + """message OrderPlaced {
  string order_id = 1;
  Line line = 2;
  message Line { string sku = 1; }
}"""


def test_doc001_reads_leading_and_trailing_comments() -> None:
    assert run(DOCUMENTED, "DOC001") == []
    [finding] = run(UNDOCUMENTED, "DOC001")
    assert finding.pointer == "/OrderPlaced"
    assert (finding.line, finding.column) == (3, 1)
    assert ("2 of 2 messages and 3 of 3 fields have no comment: 'OrderPlaced', "
            "'OrderPlaced.order_id'") in finding.message


def test_doc001_honours_exempt_and_is_silent_without_source_info() -> None:
    exempt = LintSettings(select=("DOC001",), docs_exempt=("OrderPlaced*",))
    assert run(UNDOCUMENTED, "DOC001", settings=exempt) == []
    stripped = parse_schema(UNDOCUMENTED, "PROTOBUF", path="schemas/orders/value.proto")
    stripped.parsed.source_info = SourceInfo(b"")
    assert lint_schema(stripped, settings=LintSettings(select=("DOC001",))) == []


CASES = HEAD + """message OrderPlaced {
  string order_id = 1;
  string customerId = 2;
  string placed_by = 3;
  string Region = 4;
}"""


@pytest.mark.parametrize(("case", "expected"), [
    (None, ["/OrderPlaced/2", "/OrderPlaced/4"]),
    ("camel", ["/OrderPlaced/1", "/OrderPlaced/3", "/OrderPlaced/4"]),
])
def test_fld001_field_case_in_protobuf(case: str | None, expected: list[str]) -> None:
    settings = LintSettings(select=("FLD001",), field_case=case)  # type: ignore[arg-type]
    findings = run(CASES, "FLD001", settings=settings)
    assert pointers(findings) == expected
    assert "field number keeps binary data readable" in findings[0].message


TIMES = HEAD + TIMESTAMP + WRAPPERS + """message OrderShipped {
  google.protobuf.Timestamp shipped_at = 1;
  google.protobuf.Timestamp created = 2;
  int64 paid_at = 3;
  optional string packed_at = 4;
  google.protobuf.Int64Value billed_at = 5;
}"""


def test_fld002_knows_the_well_known_timestamp_and_wrappers() -> None:
    assert pointers(run(TIMES, "FLD002")) == ["/OrderShipped/2", "/OrderShipped/3",
                                              "/OrderShipped/4", "/OrderShipped/5"]


def test_fld003_compares_protobuf_types_with_avro_ones_by_family() -> None:
    wrapped = proto(HEAD + WRAPPERS + "message OrderPlaced { "
                    "google.protobuf.StringValue customer_id = 1; }")
    plain = proto(HEAD + "message OrderShipped { string customer_id = 1; }")
    numeric = proto(HEAD + "message OrderPaid { int64 customer_id = 1; }")
    avro = make_schema({"type": "record", "name": "OrderRefunded", "namespace": "acme",
                        "fields": [{"name": "customer_id", "type": "string"}]})
    settings = LintSettings(select=("FLD003",))
    entries = [LintEntry(schema, f"t{index}-value", f"t{index}")
               for index, schema in enumerate((wrapped, plain, numeric, avro))]
    findings = lint_project(entries, settings)
    assert [(f.pointer, f.subject) for f in findings] == [("/OrderPaid/1", "t2-value")]


ENUMS = [
    (HEAD + "message A { enum Status { OPEN = 0; closed = 1; } }", ["/A/Status/1"],
     "not in UPPER_SNAKE_CASE"),
    (HEAD + "message A { enum Status { OPEN = 0; CLOSED = 1; } }", ["/A/Status/0"],
     "without the prefix 'STATUS_'"),
    (HEAD + "enum OrderStatus { ORDER_STATUS_UNSPECIFIED = 0; ORDER_STATUS_OPEN = 1; }", [],
     ""),
    (HEAD + "enum HTTPStatus { HTTP_STATUS_UNSPECIFIED = 0; HTTP_STATUS_OK = 1; }", [], ""),
    (HEAD + "enum OrderStatus { ORDER_STATUS_UNSPECIFIED = 0; STATUS_OPEN = 1; }",
     ["/OrderStatus/1"], "'STATUS_OPEN'"),
]


@pytest.mark.parametrize(("text", "expected", "said"), ENUMS)
def test_enm001_wants_upper_snake_values_with_the_enum_prefix(text: str, expected: list[str],
                                                              said: str) -> None:
    findings = run(text, "ENM001")
    assert pointers(findings) == expected
    assert all(said in finding.message for finding in findings)


@pytest.mark.parametrize(("field", "flagged"), [
    ("string email = 1;", True),
    ('string email = 1 [(confluent.field_meta).tags = "PII"];', False),
    ('string email = 1 [(confluent.field_meta) = { tags: ["PII", "PRIVATE"] }];', False),
    ('string email = 1 [(confluent.field_meta).doc = "the address"];', True),
    ("// The customer's email; PII.\n  string email = 1;", False),
    ("optional bool email_verified = 1;", False),
    ("google.protobuf.BoolValue email_verified = 1;", False),
    ("google.protobuf.StringValue phone_number = 1;", True),
])
def test_pii001_reads_confluent_field_tags_and_comments(field: str, flagged: bool) -> None:
    text = HEAD + META + WRAPPERS + f"message CustomerRegistered {{\n  {field}\n}}"
    findings = run(text, "PII001")
    assert pointers(findings) == (["/CustomerRegistered/1"] if flagged else [])
    if flagged:
        assert "(confluent.field_meta).tags" in findings[0].message


def test_cloudevents_rules_leave_protobuf_messages_alone() -> None:
    text = HEAD + ("message CloudEvent { string id = 1; string source = 2; "
                   "string specversion = 3; string event_type = 4; bytes data = 5; }")
    assert run(text, "CE001") == []


def test_topic_rules_judge_the_topic_of_a_protobuf_subject() -> None:
    findings = run(BARE, "TOP001", topic="orders/eu", subject="orders/eu-value")
    assert [f.code for f in findings] == ["TOP001"]


# Evolution -------------------------------------------------------------------------------

V1 = HEAD + """message Customer {
  string customer_id = 1;
  string email = 2;
  string coupon = 3;
  Address address = 4;
  message Address { string street = 1; string city = 2; }
}"""


def version(body: str, nested: str = "string street = 1; string city = 2;") -> str:
    return HEAD + (f"message Customer {{\n  string customer_id = 1;\n{body}\n"
                   f"  Address address = 4;\n  message Address {{ {nested} }}\n}}")


EVO008 = [
    (version("  string email = 2;"), ["/Customer"], "number (3) and name ('coupon')"),
    (version('  string email = 2;\n  reserved 3;\n  reserved "coupon";'), [], ""),
    (version("  string email = 2;\n  reserved 3;"), ["/Customer"], "name ('coupon')"),
    (version('  string email = 2;\n  reserved 3, 5 to 7;\n  reserved "coupon";'), [], ""),
    # Renumbered: the name is still in use, only the number is freed.
    (version('  string email = 2;\n  string coupon = 5;'), ["/Customer"], "its number (3)"),
    (version("  string email = 2;\n  string coupon = 3;", "string street = 1;"),
     ["/Customer/Address"], "'city'"),
    (V1, [], ""),
]


@pytest.mark.parametrize(("text", "expected", "said"), EVO008)
def test_evo008_removed_fields_must_be_reserved(text: str, expected: list[str],
                                                said: str) -> None:
    findings = run(text, "EVO008", previous=V1)
    assert pointers(findings) == expected
    assert all(said in finding.message for finding in findings)
    assert all(finding.severity.value == "warning" for finding in findings)


EVO009 = [
    # Another name and another type, wire-compatible: the registry accepts it.
    (version("  string email = 2;\n  bytes avatar = 3;"), ["/Customer/3"],
     "was 'string coupon = 3' and is now 'bytes avatar = 3'"),
    # The old name lives on elsewhere: the number now means something else.
    (version("  string coupon = 2;\n  string email = 3;"), ["/Customer/2", "/Customer/3"],
     "lives on as number"),
    # The old name is reserved: the author removed it and reused its number.
    (version('  string email = 2;\n  reserved "coupon";\n  string voucher = 3;'),
     ["/Customer/3"], "reserves the name 'coupon'"),
    # A rename alone, and a type change alone, are not reuse.
    (version("  string email = 2;\n  string voucher_code = 3;"), [], ""),
    (version("  string email = 2;\n  bytes coupon = 3;"), [], ""),
    (version("  string email = 2;\n  repeated string coupons = 3;"), ["/Customer/3"],
     "repeated string coupons = 3"),
    (V1, [], ""),
]


@pytest.mark.parametrize(("text", "expected", "said"), EVO009)
def test_evo009_field_numbers_are_never_reused(text: str, expected: list[str],
                                               said: str) -> None:
    findings = run(text, "EVO009", previous=V1)
    assert pointers(findings) == expected
    assert all(said in finding.message for finding in findings)
    assert all(finding.severity.value == "error" for finding in findings)


def test_evo009_a_number_reserved_before_must_stay_free() -> None:
    before = HEAD + 'message Customer { string customer_id = 1; reserved 2; reserved "email"; }'
    after = HEAD + "message Customer { string customer_id = 1; string nickname = 2; }"
    findings = run(after, "EVO009", previous=before)
    assert pointers(findings) == ["/Customer/2"]
    assert "which the previous version reserved" in findings[0].message
    assert (findings[0].line, findings[0].column) == (3, 44)


def test_evolution_rules_need_a_protobuf_previous_version() -> None:
    assert run(version("  string email = 2;"), "EVO008") == []
    avro = make_schema({"type": "record", "name": "Customer", "namespace": "acme.orders",
                        "fields": [{"name": "coupon", "type": "string"}]})
    found = lint_schema(proto(version("  string email = 2;")), previous=avro,
                        settings=LintSettings(select=("EVO008", "EVO009")))
    assert found == []


@pytest.mark.parametrize(("text", "flagged"), [
    ('syntax = "proto3";\nmessage OrderPlaced { string order_id = 1; }', True),
    (BARE, False),
])
def test_evo005_wants_a_package(text: str, flagged: bool) -> None:
    findings = run(text, "EVO005")
    assert [(f.pointer, f.line) for f in findings] == ([("", 1)] if flagged else [])
