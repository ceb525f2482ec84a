"""Output writers for findings: text, JSON, GitHub workflow commands, Markdown summary.

They only format; they never decide what is wrong. Each returns a string.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from pipeline.model.findings import Finding, Level, count_levels
from pipeline.stages.check.localize import message_of, summary
from pipeline.text.i18n import Translator, gettext_of, ngettext_of

REPORT_VERSION = 1
GITHUB_CAP = 10
"""GitHub shows at most 10 error and 10 warning annotations per step."""


def as_text(findings: Sequence[Finding], words: Translator | None = None) -> str:
    """``file:line:col: level [rule] message`` lines and a closing count, in ``words``' language.

    Without ``words``, English. The level word is translated; the rule id never is.
    """
    if words is None:
        lines = [
            f"{f.file}:{f.line}:{f.column}: {f.level.value} [{f.rule}] {f.message}"
            + (f" (fix: {f.fix})" if f.fix else "")
            for f in findings
        ]
        lines.append(summary(count_levels(findings), None))
        return "\n".join(lines) + "\n"
    levels = level_names(words)
    lines = [
        f"{f.file}:{f.line}:{f.column}: {levels[f.level.value]} [{f.rule}] {message_of(f, words)}"
        + (" " + words.gettext("(fix: {fix})", fix=f.fix) if f.fix else "")
        for f in findings
    ]
    lines.append(summary(count_levels(findings), words))
    return "\n".join(lines) + "\n"


def level_names(words: Translator) -> dict[str, str]:
    """Finding levels as a person reads them in ``words``' language."""
    return {
        "error": words.gettext("error"),
        "warning": words.gettext("warning"),
        "info": words.gettext("info"),
    }


def as_json(findings: Sequence[Finding], indent: int | None = 2) -> str:
    """The JSON report (``--format json``): version, findings, counts; on one line with ``indent=None``."""
    payload = {
        "version": REPORT_VERSION,
        "findings": [f.as_json() for f in findings],
        "counts": count_levels(findings),
    }
    return json.dumps(payload, ensure_ascii=False, indent=indent) + "\n"


def _escape_data(value: str) -> str:
    # The same escaping as @actions/core's escapeData.
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    # The same escaping as @actions/core's escapeProperty.
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def as_github(findings: Sequence[Finding], words: Translator | None = None) -> str:
    """Workflow-command annotations, errors first, capped per level as GitHub shows them.

    Infos become ``::notice``. What the cap leaves out is named in a last notice;
    the job summary (``as_markdown``) lists everything. The texts are in ``words``'
    language (English without); the findings' messages are already translated.
    """
    _ = gettext_of(words)
    command = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "notice"}
    ranked = sorted(findings, key=lambda f: (f.level.rank, *f.sort_key()))
    shown: dict[Level, int] = dict.fromkeys(Level, 0)
    lines = []
    for f in ranked:
        if shown[f.level] >= GITHUB_CAP:
            continue
        shown[f.level] += 1
        props = ",".join(
            f"{k}={_escape_property(v)}"
            for k, v in (("file", f.file), ("line", str(f.line)), ("col", str(f.column)), ("title", f.rule))
        )
        message = f.message + (" " + _("(fix: {fix})", fix=f.fix) if f.fix else "")
        lines.append(f"::{command[f.level]} {props}::{_escape_data(message)}")
    hidden = len(findings) - sum(shown.values())
    if hidden:
        ngettext = ngettext_of(words)
        more = ngettext(
            "{count} more finding is listed in the job summary",
            "{count} more findings are listed in the job summary",
            hidden,
        )
        lines.append(f"::notice title=almanac::{_escape_data(more)}")
    return "\n".join(lines) + ("\n" if lines else "")


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def as_markdown(findings: Sequence[Finding], words: Translator | None = None) -> str:
    """A Markdown summary table of every finding (for ``$GITHUB_STEP_SUMMARY``), in ``words``' language."""
    counts = count_levels(findings)
    if words is None:
        head = f"### Almanac charter check\n\n{summary(counts, None)}\n"
    else:
        title = words.gettext("Almanac charter check")
        head = f"### {title}\n\n{summary(counts, words)}\n"
    _ = gettext_of(words)
    if not findings:
        return head + "\n" + _("No finding: the calendar follows the charter.") + "\n"
    titles = " | ".join((_("level"), _("rule"), _("where"), _("message")))
    rows = ["", f"| {titles} |", "|---|---|---|---|"]
    levels = level_names(words) if words is not None else {}
    ranked = sorted(findings, key=lambda f: (f.level.rank, *f.sort_key()))
    for f in ranked:
        level = levels.get(f.level.value, f.level.value)
        rows.append(f"| {level} | `{f.rule}` | `{_cell(f.file)}:{f.line}` | {_cell(f.message)} |")
    return head + "\n".join(rows) + "\n"
