"""``almanac check --fix``: the deterministic fixes, applied to the files in place.

Only rules whose fix cannot change the meaning are fixed: French typography
(``typography.fr``: spacing, ``…``, « », ordinals, hours, units), a term the
charter gives a replacement for (``voice.term`` with ``use``) and the case of
hashtags (``voice.hashtag-case``). Every other byte of the file is kept: edits
are splices into the original text (ruamel.yaml's round-trip parser only
finds where a front-matter hashtag is), and the file's line endings and
byte-order mark are restored on writing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import OutputError
from pipeline.model.charter import Charter
from pipeline.model.content import Post
from pipeline.model.project import Project
from pipeline.output.atomic import write_atomic
from pipeline.stages.check.rules.hashtags import expected_case
from pipeline.stages.check.rules.texts import Edit, apply_edits
from pipeline.stages.check.rules.typography import Positions, typography_edits
from pipeline.stages.check.rules.voice import term_edits
from pipeline.stages.load.frontmatter import FrontMatterError, split
from pipeline.stages.load.positions import locate
from pipeline.text.hashtags import hashtags_in
from pipeline.text.messages import N_, wrap
from pipeline.text.oserrors import with_reason

FIXABLE = ("typography.fr", "voice.term", "voice.hashtag-case")


@dataclass
class FileFix:
    """One file's text before and after its fixes, and a line per change."""

    path: str
    before: str
    after: str
    changes: list[str] = field(default_factory=list)
    crlf: bool = False
    bom: bool = False
    endings: list[str] = field(default_factory=list)
    """Each line's own ending in the file (``\r\n`` or ``\n``): a file that mixes them keeps them."""


def plan_fixes(project: Project, *, only: frozenset[str] | None = None) -> list[FileFix]:
    """The fixes the project's posts need (only in ``only`` files when given); nothing is written."""
    charter = project.charter
    enabled = {rule for rule in FIXABLE if charter.rules.get(rule) != "off"}
    fixes = []
    for post in project.posts:
        if only is not None and post.path not in only:
            continue
        rules = {r for r in enabled if not post.meta.ignore.get(r, "").strip()}
        if rules:
            fix = _fix_post(project.root, post, charter, rules)
            if fix is not None:
                fixes.append(fix)
    return fixes


def _fix_post(root: Path, post: Post, charter: Charter, rules: set[str]) -> FileFix | None:
    try:
        raw = (root / post.path).read_bytes().decode("utf-8")
        bom, text = raw.startswith("\ufeff"), raw.removeprefix("\ufeff")
        crlf = "\r\n" in text
        endings = ["\r\n" if line.endswith("\r") else "\n" for line in text.split("\n")[:-1]]
        text = text.replace("\r\n", "\n")
        parts = split(text)
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return None  # the loader already reported it
    body_at = _offset_of_line(text, parts.body_line)
    fix = FileFix(post.path, text, text, crlf=crlf, bom=bom, endings=endings)
    edits = _front_matter_edits(text, post, charter) if "voice.hashtag-case" in rules else []
    body = text[body_at:]
    first: list[Edit] = []
    if "voice.term" in rules:
        first += [edit for edit, _term in term_edits(body, charter, fixable_only=True)]
    if "voice.hashtag-case" in rules and "#" in body:
        for start, end, tag in hashtags_in(body):
            wanted = expected_case(tag, charter)
            if wanted is not None:
                first.append(Edit(start + 1, end, wanted, f"#{tag} → #{wanted}"))
    _record(fix, body, parts.body_line, first, "voice")
    body = apply_edits(body, first)
    if "typography.fr" in rules and charter.voice.typography == "fr":
        # A fix can reveal the next one ("Super"! becomes « Super »! then « Super »!):
        # a few rounds settle it, each recorded against the text it applies to.
        for _ in range(3):
            spacing = typography_edits(body)
            if not spacing:
                break
            _record(fix, body, parts.body_line, spacing, "typography.fr")
            body = apply_edits(body, spacing)
    for line, column, message in edits:
        fix.changes.insert(0, f"{post.path}:{line}:{column}: {message}")
    fix.after = _apply_front(text[:body_at], edits) + body
    return fix if fix.after != fix.before else None


def _offset_of_line(text: str, line: int) -> int:
    offset = 0
    for _ in range(line - 1):
        found = text.find("\n", offset)
        if found < 0:
            return len(text)
        offset = found + 1
    return offset


def _record(fix: FileFix, body: str, body_line: int, edits: list[Edit], family: str) -> None:
    where = Positions(body, body_line)
    for edit in sorted(edits, key=lambda e: e.start):
        line, column = where(edit.start)
        place = f"{fix.path}:{line}:{column}"
        if family == "typography.fr":  # the rule's message, said in the user's language when printed
            fix.changes.append(wrap("{place}: {problem}", edit.message, place=place))
        else:
            fix.changes.append(f"{place}: “{body[edit.start : edit.end]}” → “{edit.replacement}”")


def _front_matter_edits(text: str, post: Post, charter: Charter) -> list[tuple[int, int, str]]:
    """``(line, column, message)`` of each front-matter hashtag whose case changes."""
    found = []
    for index, tag in enumerate(post.meta.hashtags):
        wanted = expected_case(tag.lstrip("#"), charter)
        if wanted is not None:
            line, column = locate(post.front_matter, 2, ("hashtags", index))
            found.append((line, column, f"{tag} → {'#' if tag.startswith('#') else ''}{wanted}"))
    return found


def _apply_front(head: str, edits: list[tuple[int, int, str]]) -> str:
    lines = head.split("\n")
    for line, column, message in edits:
        old, new = message.split(" → ")
        row = lines[line - 1]
        at = row.find(old, column - 1)
        if at >= 0:
            lines[line - 1] = row[:at] + new + row[at + len(old) :]
    return "\n".join(lines)


def unified_diff(fixes: list[FileFix]) -> str:
    """A unified diff of every planned fix (what ``--fix --dry-run`` prints)."""
    chunks: list[str] = []
    for fix in fixes:
        chunks.extend(
            difflib.unified_diff(
                fix.before.splitlines(keepends=True),
                fix.after.splitlines(keepends=True),
                fromfile=f"a/{fix.path}",
                tofile=f"b/{fix.path}",
            )
        )
    return "".join(chunks)


def _with_endings(fix: FileFix) -> str:
    """The fixed text with each line's original ending (fixes never add or remove lines)."""
    if not fix.crlf:
        return fix.after
    lines = fix.after.split("\n")
    if len(lines) - 1 != len(fix.endings):
        return fix.after.replace("\n", "\r\n")
    out = [line + ending for line, ending in zip(lines, fix.endings, strict=False)]
    out.append(lines[-1])
    return "".join(out)


def apply_fixes(root: Path, fixes: list[FileFix]) -> None:
    """Write each fixed file atomically, with its own line endings and byte-order mark."""
    for fix in fixes:
        text = _with_endings(fix)
        data = (("\ufeff" if fix.bom else "") + text).encode("utf-8")
        target = root / fix.path
        try:
            # A user's own file: flushed to the disk before it replaces the old one.
            write_atomic(target, data, mode=target.stat().st_mode & 0o7777, durable=True)
        except OSError as exc:
            raise OutputError(with_reason(N_("cannot write the fix: {error}"), exc), file=fix.path) from None
