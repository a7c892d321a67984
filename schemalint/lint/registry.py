"""Every rule schemalint has, in the order they are documented.

Each code is a module, ``schemalint.lint.rules.<family>.<CODE>``, imported here by name: a rule
runs, is documented and is selectable once it is listed in ``RULES``.
"""

from __future__ import annotations

from collections.abc import Iterable

from schemalint.lint.rule_model import Rule
from schemalint.lint.rules.cdc.CDC001 import CDC001
from schemalint.lint.rules.cdc.CDC002 import CDC002
from schemalint.lint.rules.cloudevents.CE001 import CE001
from schemalint.lint.rules.cloudevents.CE002 import CE002
from schemalint.lint.rules.config.CFG001 import CFG001
from schemalint.lint.rules.documentation.DOC001 import DOC001
from schemalint.lint.rules.enums.ENM001 import ENM001
from schemalint.lint.rules.evolution.EVO001 import EVO001
from schemalint.lint.rules.evolution.EVO002 import EVO002
from schemalint.lint.rules.evolution.EVO003 import EVO003
from schemalint.lint.rules.evolution.EVO004 import EVO004
from schemalint.lint.rules.evolution.EVO005 import EVO005
from schemalint.lint.rules.evolution.EVO006 import EVO006
from schemalint.lint.rules.evolution.EVO007 import EVO007
from schemalint.lint.rules.evolution.EVO008 import EVO008
from schemalint.lint.rules.evolution.EVO009 import EVO009
from schemalint.lint.rules.evolution.EVO010 import EVO010
from schemalint.lint.rules.examples.EXM001 import EXM001
from schemalint.lint.rules.fields.FLD001 import FLD001
from schemalint.lint.rules.fields.FLD002 import FLD002
from schemalint.lint.rules.fields.FLD003 import FLD003
from schemalint.lint.rules.flavor.FLV001 import FLV001
from schemalint.lint.rules.flavor.FLV002 import FLV002
from schemalint.lint.rules.keys.KEY001 import KEY001
from schemalint.lint.rules.metadata.MET001 import MET001
from schemalint.lint.rules.metadata.MET002 import MET002
from schemalint.lint.rules.metadata.MET003 import MET003
from schemalint.lint.rules.naming.EVT001 import EVT001
from schemalint.lint.rules.naming.EVT002 import EVT002
from schemalint.lint.rules.naming.EVT003 import EVT003
from schemalint.lint.rules.ordering.ORD001 import ORD001
from schemalint.lint.rules.orphans.ORP001 import ORP001
from schemalint.lint.rules.ownership.OWN001 import OWN001
from schemalint.lint.rules.privacy.PII001 import PII001
from schemalint.lint.rules.subjects.SUB001 import SUB001
from schemalint.lint.rules.suppressions.SUP001 import SUP001
from schemalint.lint.rules.suppressions.SUP002 import SUP002
from schemalint.lint.rules.topics.TOP001 import TOP001
from schemalint.lint.rules.topics.TOP002 import TOP002
from schemalint.lint.rules.topics.TOP003 import TOP003
from schemalint.lint.rules.unions.UNI001 import UNI001
from schemalint.lint.rules.versioning.VER001 import VER001

RULES: tuple[Rule, ...] = (
    EVT001, EVT002, EVT003,
    KEY001,
    CDC001, CDC002,
    MET001, MET002, MET003,
    EVO001, EVO002, EVO003, EVO004, EVO005, EVO006, EVO007, EVO008, EVO009,
    EVO010,
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
