"""Round-trip edits of ``charter.yaml``: a pause added to ``cadence.freezes``, a pause ended.

The charter is an ordinary reviewed file, so an edit keeps everything else as it
was: comments, key order, quotes, flow or block style. ruamel.yaml's round-trip
mode does that once it indents sequences as the file does; the indentation is
taken from the candidates that give the file back unchanged when nothing is
edited. A file no candidate reproduces is still edited, with ruamel's closest
layout, and the caller is told (``exact`` false) so it can say so.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from pipeline.errors import CharterError
from pipeline.model.project import CHARTER_FILE
from pipeline.text.messages import msg

# (mapping, sequence, offset) indents people write YAML with; the demo's is the first.
_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 3, 1))


@dataclass(frozen=True)
class Edited:
    """The charter's new text, and whether everything not edited was kept byte for byte."""

    text: str
    exact: bool


def _yaml(indent: tuple[int, int, int]) -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long reason or comment onto a second line
    mapping, sequence, offset = indent
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _load(text: str) -> tuple[YAML, Any, bool]:
    """The YAML instance that reproduces ``text`` (or the first one), the document, and whether one did."""
    for indent in _INDENTS:
        yaml = _yaml(indent)
        try:
            data = yaml.load(text)
        except YAMLError as exc:
            raise CharterError(msg("cannot edit: {error}", error=exc), file=CHARTER_FILE) from None
        if _dump(yaml, data) == text:
            return yaml, data, True
    yaml = _yaml(_INDENTS[0])
    return yaml, yaml.load(text), False


def _freezes(data: Any) -> CommentedSeq:
    """``cadence.freezes`` of the document, made (in flow style, as the demo writes them) when absent."""
    if not isinstance(data, CommentedMap):
        raise CharterError(msg("is not a mapping of sections"), file=CHARTER_FILE)
    cadence = data.get("cadence")
    if cadence is None:
        cadence = data["cadence"] = CommentedMap()
    if not isinstance(cadence, CommentedMap):
        raise CharterError(msg("cadence is not a mapping"), file=CHARTER_FILE)
    freezes = cadence.get("freezes")
    if freezes is None:
        freezes = cadence["freezes"] = CommentedSeq()
    if not isinstance(freezes, CommentedSeq):
        raise CharterError(msg("cadence.freezes is not a list"), file=CHARTER_FILE)
    return freezes


def _instant(moment: datetime) -> str:
    # Written as text with its offset: the charter keeps the instant the team lived, whatever the zone.
    return moment.replace(microsecond=0).isoformat()


def _written_empty(text: str) -> bool:
    return re.search(r"^\s+freezes:\s*\[\s*\]", text, re.MULTILINE) is not None


def add_pause(text: str, *, since: datetime, until: date, reason: str) -> Edited:
    """The charter with a pause ``since`` .. ``until`` (days included) appended to ``cadence.freezes``."""
    yaml, data, exact = _load(text)
    freezes = _freezes(data)
    item = CommentedMap(
        [("from", since.date()), ("to", until), ("reason", reason), ("since", _instant(since))]
    )
    # One line per freeze, like the ones the brand wrote (or the demo's, for a new list).
    if not freezes or all(isinstance(f, CommentedMap) and f.fa.flow_style() for f in freezes):
        item.fa.set_flow_style()
    if not freezes and "freezes" in data["cadence"] and _written_empty(text):
        # `freezes: []` stays one flow list on its line, so its comment stays beside it.
        freezes.fa.set_flow_style()
    freezes.append(item)
    return Edited(_dump(yaml, data), exact)


def end_pause(text: str, index: int, *, ended: datetime) -> Edited:
    """The charter with the freeze at ``index`` of ``cadence.freezes`` ended at ``ended``.

    Its last day becomes the day it ended (never before its first day, never after its planned last) and the
    instant is kept in ``ended``: the pause stays in the charter as the record
    of what happened, and the feeds count on it (see ``model.pause.sequence_bump``).
    """
    yaml, data, exact = _load(text)
    freezes = _freezes(data)
    item = freezes[index]
    if not isinstance(item, CommentedMap):
        raise CharterError(
            msg("cadence.freezes item {number} is not a mapping", number=index + 1), file=CHARTER_FILE
        )
    first, last = date.fromisoformat(str(item["from"])), date.fromisoformat(str(item["to"]))
    item["to"] = min(last, max(first, ended.date()))
    item["ended"] = _instant(ended)
    return Edited(_dump(yaml, data), exact)


__all__ = ["Edited", "add_pause", "end_pause"]
