"""pydantic's own error messages, as templates the catalogue translates.

pydantic words its errors in English (``Input should be a valid integer``); the
common ones are written here again, in the same words, by error type, with the values
pydantic puts in the error's ``ctx``, so a ``schema.type`` finding can be said in the
user's language. An error type not listed keeps pydantic's English.
"""

from __future__ import annotations

from collections.abc import Mapping

from pipeline.text.messages import N_, msg, wrap

_TEMPLATES: dict[str, str] = {
    # pydantic-core's own wording (its ErrorType messages), so English reads as it always did.
    "string_type": N_("Input should be a valid string"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be a valid dictionary"),
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "string_too_short": N_("String should have at least {min_length} characters"),
    "string_too_long": N_("String should have at most {max_length} characters"),
    "too_short": N_("List should have at least {min_length} items after validation, not {actual_length}"),
    "too_long": N_("List should have at most {max_length} items after validation, not {actual_length}"),
    "string_pattern_mismatch": N_("String should match pattern '{pattern}'"),
    "finite_number": N_("Input should be a finite number"),
}
_SINGULAR: dict[str, str] = {
    "string_too_short": N_("String should have at least 1 character"),
    "string_too_long": N_("String should have at most 1 character"),
    "too_short": N_("List should have at least 1 item after validation, not {actual_length}"),
    "too_long": N_("List should have at most 1 item after validation, not {actual_length}"),
}


def pydantic_message(kind: str, ctx: Mapping[str, object] | None) -> str | None:
    """The translatable message of a pydantic error type, or None when it is not one of ours."""
    values = dict(ctx or {})
    if kind in ("literal_error", "enum") and " or " in str(values.get("expected", "")):
        # pydantic joins the choices with an English "or": the join is a message of its own.
        choices, last = str(values["expected"]).rsplit(" or ", 1)
        return wrap("Input should be {problem}", msg("{choices} or {last}", choices=choices, last=last))
    template = _TEMPLATES.get(kind)
    if template is None:
        return None
    if values.get("min_length", values.get("max_length")) == 1:
        template = _SINGULAR.get(kind, template)  # pydantic says "1 item", "1 character"
    try:
        return msg(template, **values)
    except (KeyError, IndexError, ValueError):
        return None


__all__ = ["pydantic_message"]
