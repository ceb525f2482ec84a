"""Findings said in a language: their messages through the catalogue, everything else as it was.

Rule ids, levels, files and JSON keys stay English (they are an interface); only the
message and the summary a person reads change. A finding whose rule wrote plain text
(no template, see :mod:`pipeline.text.messages`) keeps its English message.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from pipeline.model.findings import Finding
from pipeline.text.i18n import Translator, ngettext_of
from pipeline.text.messages import PLURAL, parts


def message_of(finding: Finding, words: Translator) -> str:
    """The finding's message in ``words``' language."""
    if finding.template is None:
        return finding.message
    try:
        return _said(finding.template, dict(finding.args), words)
    except (KeyError, IndexError, ValueError, TypeError):
        # A translation naming a placeholder the template does not have: English beats a crash.
        return finding.message


def say(message: str, words: Translator) -> str:
    """Any message in ``words``' language: translated when written with ``msg()``, else as it is."""
    template, args = parts(message)
    if template is None:
        return message
    try:
        return _said(template, dict(args), words)
    except (KeyError, IndexError, ValueError, TypeError):
        return message


def _said(template: str, values: dict[str, str], words: Translator) -> str:
    """A template in ``words``' language, its nested messages (``@name``: ``{name}``) first, at any depth."""
    for key in [k for k in values if k.startswith("@")]:
        inner, inner_values = json.loads(values.pop(key))
        values[key[1:]] = _said(inner, dict(inner_values), words)
    many = values.pop(PLURAL, None)
    if many is not None:
        count = values.pop("count")
        return words.ngettext(template, many, int(count), **values)
    return words.gettext(template, **values)


def localized(findings: Sequence[Finding], words: Translator) -> list[Finding]:
    """The same findings, in the same order, with their messages in ``words``' language."""
    if words.language == "en":
        return list(findings)
    return [f.model_copy(update={"message": message_of(f, words)}) for f in findings]


def summary(counts: dict[str, int], words: Translator | None) -> str:
    """``2 erreurs, 1 avertissement, 0 info``: the text report's last line (English without ``words``)."""
    # Named ngettext: the extraction finds the messages by that name.
    ngettext = ngettext_of(words)
    return ", ".join(
        [
            ngettext("{count} error", "{count} errors", counts["error"]),
            ngettext("{count} warning", "{count} warnings", counts["warning"]),
            ngettext("{count} info", "{count} info", counts["info"]),
        ]
    )


__all__ = ["localized", "message_of", "say", "summary"]
