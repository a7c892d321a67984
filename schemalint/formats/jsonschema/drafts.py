"""Which JSON Schema draft a document is written in, and its meta-schema check."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from schemalint.formats.jsonschema.build import DRAFT4, DRAFT6, DRAFT7, DRAFT2019, DRAFT2020
from schemalint.formats.jsonschema.metacheck import surely_valid

if TYPE_CHECKING:
    import referencing

DRAFTS = (DRAFT4, DRAFT6, DRAFT7, DRAFT2019, DRAFT2020)
DEFAULT_DRAFT = DRAFT7

_ALIASES = {
    "4": DRAFT4, "draft4": DRAFT4, "draft-04": DRAFT4, "draft-4": DRAFT4,
    "6": DRAFT6, "draft6": DRAFT6, "draft-06": DRAFT6, "draft-6": DRAFT6,
    "7": DRAFT7, "draft7": DRAFT7, "draft-07": DRAFT7, "draft-7": DRAFT7,
    "2019-09": DRAFT2019, "draft2019-09": DRAFT2019, "draft-2019-09": DRAFT2019,
    "2020-12": DRAFT2020, "draft2020-12": DRAFT2020, "draft-2020-12": DRAFT2020,
}

# By name: jsonschema and referencing load only when a document needs them (a meta-schema
# check the quick one cannot decide, a ``$ref`` to another file), since together they cost a
# hook's run on a plain schema a fifth of its time.
_VALIDATORS = {
    DRAFT4: "Draft4Validator",
    DRAFT6: "Draft6Validator",
    DRAFT7: "Draft7Validator",
    DRAFT2019: "Draft201909Validator",
    DRAFT2020: "Draft202012Validator",
}

_SPECIFICATIONS = {
    DRAFT4: "DRAFT4",
    DRAFT6: "DRAFT6",
    DRAFT7: "DRAFT7",
    DRAFT2019: "DRAFT201909",
    DRAFT2020: "DRAFT202012",
}


def parse_draft(name: str) -> str:
    """A configured draft name (``7``, ``draft-07``, ``2020-12`` …) as one of ``DRAFTS``."""
    key = name.strip().lower().replace("_", "-")
    if key.startswith("http"):
        found = draft_of_url(key)
        if found is not None:
            return found
    if key not in _ALIASES:
        raise ValueError(f"unknown JSON Schema draft {name!r}; expected one of "
                         "4, 6, 7, 2019-09, 2020-12")
    return _ALIASES[key]


def draft_of_url(url: str) -> str | None:
    """The draft a ``$schema`` URL names, or None for a URL this tool does not know."""
    if "draft-04" in url:
        return DRAFT4
    if "draft-06" in url:
        return DRAFT6
    if "draft-07" in url:
        return DRAFT7
    if "2019-09" in url:
        return DRAFT2019
    if "2020-12" in url:
        return DRAFT2020
    return None


def draft_of(document: Any, default: str = DEFAULT_DRAFT) -> str:
    if isinstance(document, dict):
        declared = document.get("$schema")
        if isinstance(declared, str):
            found = draft_of_url(declared)
            if found is not None:
                return found
    return default


def specification(draft: str) -> referencing.Specification[Any]:
    import referencing.jsonschema

    found: referencing.Specification[Any] = getattr(referencing.jsonschema,
                                                    _SPECIFICATIONS[draft])
    return found


def validator_class(draft: str) -> Any:
    """``jsonschema``'s validator class for the draft."""
    import jsonschema

    return getattr(jsonschema, _VALIDATORS[draft])


@cache
def _meta_validator(draft: str) -> Any:
    cls = validator_class(draft)
    return cls(cls.META_SCHEMA)


def meta_schema_error(document: Any, draft: str,
                      plain: list[bool] | None = None) -> tuple[str, str] | None:
    """The most relevant violation of the draft's meta-schema: (message, JSON pointer).

    ``plain`` is filled as ``metacheck.surely_valid`` fills it, when the quick check decides.
    """
    if surely_valid(document, draft, plain):
        return None
    import jsonschema.exceptions

    validator = _meta_validator(draft)
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is None:
        return None
    pointer = "".join(
        "/" + str(token).replace("~", "~0").replace("/", "~1") for token in error.absolute_path
    )
    return error.message, pointer
