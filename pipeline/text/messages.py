"""Finding messages that can be said again in another language.

A rule writes its message as an English template with named ``str.format``
placeholders, ``msg("{network}: {size}/{limit}", network=..., size=..., limit=...)``:
the result is the English text (a ``str``, so every consumer keeps working), carrying
its template and values. The check engine keeps both in the :class:`Finding`, the
check cache stores them, and whoever shows the finding — the command line in the
user's locale, the site in the brand's language — translates the template through
the catalogue (:func:`pipeline.text.i18n.Translator.gettext`) and fills it again.
Cached findings therefore do not depend on the language.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

NESTED = "@problem"
"""The argument that carries a nested message (its template and values, as JSON) for ``{problem}``."""
PLURAL = "#plural"
"""The argument that carries a message's plural template (see :func:`msgn`)."""


class Msg(str):
    """English text that remembers its template and values."""

    template: str
    args: tuple[tuple[str, str], ...]

    def __new__(cls, template: str, **args: object) -> Msg:
        """Fill ``template`` with ``args`` (each kept as its text)."""
        values = {k: str(v) for k, v in args.items()}
        made = super().__new__(cls, template.format(**values))
        made.template = template
        made.args = tuple(sorted(values.items()))
        return made

    def __reduce__(self) -> tuple[object, ...]:
        # Messages cross to the rendering workers: remade from the template, not from the text.
        return (_remade, (self.template, self.args))


def _remade(template: str, args: tuple[tuple[str, str], ...]) -> Msg:
    values = dict(args)
    many = values.get(PLURAL)
    made = Msg(template if many is None or values.get("count") == "1" else many, **values)
    made.template, made.args = template, args
    return made


def msg(template: str, **args: object) -> str:
    """A finding message: ``template`` filled with ``args``, translatable later (see :class:`Msg`)."""
    return Msg(template, **args)


def msgn(one: str, many: str, count: int, **args: object) -> str:
    """A finding message that agrees with ``count``: ``one`` or ``many``, filled with ``args`` and ``count``.

    Translated later through the catalogue's plural forms, by the language's own rule (French
    takes the singular for 0 and 1, English for 1 only).
    """
    values = {**{k: str(v) for k, v in args.items()}, "count": str(count), PLURAL: many}
    return _remade(one, tuple(sorted(values.items())))


def wrap(template: str, problem: str, **args: object) -> str:
    """``template`` with ``{problem}`` filled by another message, each translatable on its own.

    For a sentence that frames a message made elsewhere, such as pydantic's error for a
    value our validator rejected: "`publish_at`: February 2026 has 28 days".
    """
    return nest(template, {"problem": problem}, **args)


def nest(template: str, inner: Mapping[str, str], **args: object) -> str:
    """``template`` with each named placeholder of ``inner`` filled by a message translatable on its own.

    A nested message is kept as the argument ``@<name>`` (its template and values, as JSON);
    :func:`wrap` is the case of one, named ``problem``.
    """
    made = Msg(template, **inner, **args)
    for name, message in inner.items():
        kept, values = parts(message)
        if kept is not None:
            made.args = (*made.args, ("@" + name, json.dumps([kept, dict(values)], ensure_ascii=False)))
    return made


def joined(messages: Sequence[str], separator: str = "\n") -> str:
    """Messages one after the other (a listing), each translatable on its own."""
    names = [f"m{i}" for i in range(len(messages))]
    template = separator.replace("{", "{{").replace("}", "}}").join("{" + n + "}" for n in names)
    return nest(template, dict(zip(names, messages, strict=True)))


def N_(template: str) -> str:
    """``template`` as it is, marked for the catalogue: a template kept aside, filled by :func:`msg`."""
    return template


def to_json(message: str) -> str | list[object]:
    """A message as JSON can keep it: its template and values, or its text when it has none."""
    template, args = parts(message)
    return message if template is None else [template, [list(pair) for pair in args]]


def from_json(kept: object) -> str:
    """The message :func:`to_json` kept, translatable again."""
    if isinstance(kept, list) and len(kept) == 2:
        return _remade(str(kept[0]), tuple((str(k), str(v)) for k, v in kept[1]))
    return str(kept)


def parts(message: str) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """The template and values of a message made by :func:`msg`; ``(None, ())`` for plain text."""
    if isinstance(message, Msg):
        return message.template, message.args
    return None, ()


__all__ = [
    "NESTED",
    "N_",
    "PLURAL",
    "Msg",
    "from_json",
    "joined",
    "msg",
    "msgn",
    "nest",
    "parts",
    "to_json",
    "wrap",
]
