"""EVT002: queries, replies and XRequested/XResponded pairs: request/reply over the log."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from schemalint.lint.name_classifier import split_words
from schemalint.lint.rule_model import Hit, ProjectContext, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.naming import (
    NameSource,
    Origin,
    _allowed,
    _describe,
    _verdicts,
    message_names,
    one_per_schema,
)
from schemalint.model import Severity


def check_request_reply(ctx: SchemaContext) -> Iterator[Hit]:
    found = one_per_schema(_verdicts(ctx), ("query", "reply"))
    if found is None:
        return
    (source, verdict), also = found
    same = "".join(f" The {_describe(other)} '{other.text}' says the same." for other in also)
    if verdict.kind == "query":
        yield Hit(source.pointer, (
            f"The {_describe(source)} '{source.text}' asks a question (\"{' '.join(verdict.words)}"
            "\"): request/reply over the log adds a round trip of latency, ties the asker to "
            "one answerer and leaves unanswered questions in every replay. Read the owner's "
            f"API or a materialised view instead, and publish the facts that change the "
            f"answer.{same}"
        ), f"{source.origin}:{source.text}")
    else:
        yield Hit(source.pointer, (
            f"The {_describe(source)} '{source.text}' is a reply: the log is then carrying "
            "request/response with extra latency and a consumer that must correlate "
            "answers. Publish what happened as a fact (for example "
            f"'BalanceChecked', 'CreditReserved') that any consumer can use.{same}"
        ), f"{source.origin}:{source.text}")


_REQUESTED = "requested"
_ANSWERS = ("responded", "replied", "answered", "response", "reply", "responses", "replies")


def _core_words(name: str) -> tuple[str, ...]:
    words = split_words(name.rsplit(".", 1)[-1])
    while words and (words[-1] in ("event", "message") or words[-1][-1:].isdigit()):
        words.pop()
    return tuple(words)


def check_request_reply_pairs(ctx: ProjectContext) -> Iterator[tuple[int, Hit]]:
    requests: dict[tuple[str, ...], list[tuple[int, NameSource]]] = {}
    answers: dict[tuple[str, ...], tuple[int, NameSource]] = {}
    for index, entry in enumerate(ctx.entries):
        names = (message_names(entry.schema, entry.topic) if entry.names is None
                 else [NameSource(text, pointer, cast(Origin, origin))
                       for text, pointer, origin in entry.names])
        for source in names:
            if source.origin == "topic" or _allowed(source.text, ctx.settings):
                continue
            words = _core_words(source.text)
            if len(words) > 1 and words[-1] == _REQUESTED:
                requests.setdefault(words[:-1], []).append((index, source))
            elif len(words) > 1 and words[-1] in _ANSWERS:
                answers.setdefault(words[:-1], (index, source))
    for stem, found in requests.items():
        answer = answers.get(stem)
        if answer is None:
            continue
        for index, source in found:
            yield index, Hit(source.pointer, (
                f"'{source.text}' is answered by '{answer[1].text}': together they are "
                "request/reply over the log, with the latency of two round trips through "
                "the broker and a requester that must correlate answers. Call the owner "
                "directly, or publish the outcome as a fact that needs no request."
            ), f"pair:{source.text}")


EVT002 = Rule(
    code="EVT002", name="request-reply-over-log", default=Severity.WARNING,
    summary="Queries, replies and XRequested/XResponded pairs: request/reply over the log.",
    check_schema=check_request_reply, check_project=check_request_reply_pairs,
    doc=RuleDoc(
        what=("Query-shaped names (`GetBalance`, `FetchUserQuery`), replies (`…Response`, "
              "`…Reply`, `…Result`, a `….response` topic), and within the project a pair "
              "such as `PaymentRequested` with `PaymentResponded` or `PaymentReply`. A lone "
              "`RefundRequested` is a fact and is not reported."),
        why=("Request/reply through a broker costs two trips through the log, couples the "
             "asker to one answerer, and leaves questions nobody will answer in every replay; "
             "a synchronous call or a materialised view does the same job better."),
        bad='{"type": "record", "name": "GetBalanceRequest", ...}',
        good='{"type": "record", "name": "BalanceChanged", ...}',
        fix=("Read the data from the owner's API or from a view built from events; publish "
             "the facts that change the answer. If request/reply over the log is deliberate, "
             "ignore the rule for those topics with per-file ignores."),
    ),
)
