"""Every rule schemalint has, in the order they are documented."""

from __future__ import annotations

from collections.abc import Iterable

from schemalint.rules.base import Rule
from schemalint.rules.cdc import CDC001, CDC002
from schemalint.rules.cloudevents import CE001, CE002
from schemalint.rules.config_rules import CFG001
from schemalint.rules.documentation import DOC001
from schemalint.rules.enums import ENM001, UNI001
from schemalint.rules.evolution import EVO001, EVO002, EVO003, EVO004, EVO005, EVO006, EVO007
from schemalint.rules.examples import EXM001
from schemalint.rules.fields import FLD001, FLD002, FLD003
from schemalint.rules.flavor import FLV001, FLV002
from schemalint.rules.keys import KEY001
from schemalint.rules.metadata import MET001, MET002, MET003
from schemalint.rules.naming import EVT001, EVT002, EVT003
from schemalint.rules.ordering import ORD001
from schemalint.rules.orphans import ORP001
from schemalint.rules.ownership import OWN001
from schemalint.rules.pii import PII001
from schemalint.rules.reserved import EVO008, EVO009
from schemalint.rules.subjects_rule import SUB001
from schemalint.rules.suppression_rules import SUP001, SUP002
from schemalint.rules.topics import TOP001, TOP002, TOP003
from schemalint.rules.versioning import VER001

RULES: tuple[Rule, ...] = (
    EVT001, EVT002, EVT003,
    KEY001,
    CDC001, CDC002,
    MET001, MET002, MET003,
    EVO001, EVO002, EVO003, EVO004, EVO005, EVO006, EVO007, EVO008, EVO009,
    FLV001, FLV002,
    CFG001,
    SUP001, SUP002,
    TOP001, TOP002, TOP003,
    OWN001,
    DOC001,
    FLD001, FLD002, FLD003,
    ENM001, UNI001,
    ORD001,
    VER001,
    SUB001,
    PII001,
    CE001, CE002,
    EXM001,
    ORP001,
)

RULES_BY_CODE: dict[str, Rule] = {
    **{alias: rule for rule in RULES for alias in rule.aliases},
    **{rule.code: rule for rule in RULES},
}


def get_rule(code: str) -> Rule | None:
    return RULES_BY_CODE.get(code.strip().upper())


def unknown_selectors(codes: Iterable[str], exact: bool = False) -> list[str]:
    """The codes in ``codes`` that name no rule: neither ``ALL``, a code or alias, nor (unless
    ``exact``) the prefix of one. A typo there would select or silence nothing, unseen."""
    unknown = []
    for code in codes:
        wanted = code.strip().upper()
        if exact:
            known = wanted in RULES_BY_CODE
        else:
            known = wanted == "ALL" or any(name.startswith(wanted) for name in RULES_BY_CODE)
        if not known or not wanted:
            unknown.append(code)
    return unknown
