"""``almanac new``: write a new post or seasonal topic, filled from the charter.

A new post is a draft that ``almanac check`` accepts: its channels, topic,
campaign and pillar are checked against the project before anything is
written, it carries the charter's first required hashtag, a generated card when
a channel needs a visual, and a ``## <channel>`` section for each channel whose
limit is too short for the default text. The front matter is rendered by hand
(so it reads like the examples in the README) and then parsed back and
validated with the same models ``almanac check`` uses, so a rendering mistake
can never reach the disk.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from slugify import slugify

from pipeline.commands.suggest import suggested_time
from pipeline.errors import UsageError
from pipeline.model.channels import ChannelProfile
from pipeline.model.content import PostMeta, TopicMeta, is_month_day
from pipeline.model.project import POSTS_DIR, SEASONAL_DIR, Project
from pipeline.model.walltime import resolve_wall_time
from pipeline.stages.load.frontmatter import FrontMatterError, parse_yaml, split
from pipeline.stages.load.names import post_id_from_path
from pipeline.text.messages import N_, msg, wrap
from pipeline.text.oserrors import with_reason
from pipeline.text.placeholders import scaffold_words

LONG_TEXT = 1000
"""Length the default text of a new post is meant for; shorter channels get their own section."""
DEFAULT_TIME = time(10, 0)
T = TypeVar("T")
_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#\[\]{},]*(?<!\s)$")
_YAML_WORDS = re.compile(r"^(?:true|false|yes|no|on|off|null|~|[-+.\d][\d.eE_:+-]*)$", re.IGNORECASE)


@dataclass(frozen=True)
class PostRequest:
    """What the user asked for with ``almanac new post``."""

    title: str
    day: date
    at: time | None = None
    channels: tuple[str, ...] = ()
    topic: str | None = None
    campaign: str | None = None
    pillar: str | None = None


@dataclass(frozen=True)
class TopicRequest:
    """What the user asked for with ``almanac new topic``."""

    title: str
    date: str | None = None
    rrule: str | None = None
    easter: int | None = None
    lead_days: int = 14
    must_cover: bool = False
    channels: tuple[str, ...] = ()
    pillar: str | None = None


def parse_channels(value: str | None) -> tuple[str, ...]:
    """``"instagram, x"`` → ``("instagram", "x")``, lower-cased, duplicates dropped."""
    if not value:
        return ()
    names = [part.strip().lower() for part in value.split(",")]
    return tuple(dict.fromkeys(name for name in names if name))


def parse_date(value: str) -> date:
    """``"2027-01-25"`` → a date, or a UsageError."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(msg("--date {value} is not a date like 2027-01-25", value=repr(value))) from None


def parse_month_day(value: str) -> str:
    """``"02-14"`` (a topic's ``--date``) as given, or a UsageError."""
    if not is_month_day(value):
        raise UsageError(msg("--date {value} is not a day of the year like 02-14", value=repr(value)))
    return value


def parse_easter(value: str) -> int:
    """``"49"`` (a topic's ``--easter``, days after Easter Sunday) → 49, or a UsageError."""
    try:
        return int(value)
    except ValueError:
        raise UsageError(
            msg("--easter {value} is not a number of days like 49 or -2", value=repr(value))
        ) from None


def parse_time(value: str) -> time:
    """``"16:00"`` → a time, or a UsageError."""
    if not re.fullmatch(r"\d{1,2}:\d{2}", value.strip()):
        raise UsageError(msg("--time {value} is not a time like 16:00", value=repr(value)))
    hours, minutes = (int(x) for x in value.strip().split(":"))
    if hours > 23 or minutes > 59:
        raise UsageError(msg("--time {value} is not a time of day", value=repr(value)))
    return time(hours, minutes)


def new_post(project: Project, request: PostRequest) -> Path:
    """Write a new draft post and return its path; nothing is written when an argument is wrong."""
    charter = project.charter
    slug = _slug(request.title)
    topic = _known("topic", request.topic, {t.slug: t for t in project.topics})
    _known("campaign", request.campaign, {c.slug: c for c in project.campaigns})
    channels = request.channels or tuple(topic.meta.channels if topic else ()) or _declared(project)
    profiles = [_channel(project, name) for name in channels]
    pillar = request.pillar or (topic.meta.pillar if topic else None) or _first(charter.pillars)
    if charter.pillars is not None and pillar not in charter.pillars:
        raise UsageError(_unknown("pillar", pillar, charter.pillars))
    at = (
        request.at
        or suggested_time(project, channels, request.day)
        or _first_window(project, channels, request.day)
    )
    _, issue = resolve_wall_time(datetime.combine(request.day, at), charter.tz)
    if issue == "nonexistent":
        # Refused rather than shifted: which hour the author meant is theirs to say.
        raise UsageError(
            msg(
                "{day} {time} does not exist in {zone}: "
                "the clocks go forward that night; choose another time (e.g. one hour later)",
                day=request.day.isoformat(),
                time=f"{at:%H:%M}",
                zone=charter.brand.timezone,
            )
        )
    folder = project.root / POSTS_DIR / f"{request.day:%Y}" / f"{request.day:%m}"
    path = folder / f"{request.day.isoformat()}-{slug}.md"
    if path.exists():
        raise UsageError(
            msg("{path} already exists; edit it, or choose another title or date", path=_rel(project, path))
        )
    taken = _post_ids(project)
    if slug in taken:
        slug = next(f"{slug}-{n}" for n in range(2, 10_000) if f"{slug}-{n}" not in taken)
        path = folder / f"{request.day.isoformat()}-{slug}.md"
    lines = [
        ("title", _scalar(request.title)),
        ("publish_at", f"{request.day.isoformat()} {at:%H:%M}"),
        ("channels", _flow(channels)),
        ("pillar", _scalar(pillar)),
        ("topic", _scalar(request.topic) if request.topic else None),
        ("campaign", _scalar(request.campaign) if request.campaign else None),
        ("status", "draft"),
    ]
    if any(p.visual_required for p in profiles):
        lines.append(("visual", f"{{card: {_scalar(request.title)}, alt: {_scalar(request.title)}}}"))
    required = charter.voice.hashtags.required
    if required:
        lines.append(("hashtags", _flow(required[:1])))
    text = _document(lines, _post_body(profiles, charter.brand.language))
    _validated(text, PostMeta, _rel(project, path))
    return _write(path, text, project)


def new_topic(project: Project, request: TopicRequest) -> Path:
    """Write a new seasonal topic and return its path."""
    given = {"date": request.date, "rrule": request.rrule, "easter": request.easter}
    chosen = {key: value for key, value in given.items() if value is not None}
    if len(chosen) != 1:
        raise UsageError(msg("give exactly one of --date MM-DD, --rrule RULE or --easter N"))
    slug = _slug(request.title)
    path = project.root / SEASONAL_DIR / f"{slug}.md"
    ((key, value),) = chosen.items()
    for name in request.channels:
        _channel(project, name)
    pillars = project.charter.pillars
    if request.pillar and pillars is not None and request.pillar not in pillars:
        raise UsageError(_unknown("pillar", request.pillar, pillars))
    recurrence = str(value) if key == "easter" else _scalar(str(value), force_quotes=True)
    lines = [
        ("title", _scalar(request.title)),
        ("recurrence", f"{{{key}: {recurrence}}}"),
        ("lead_days", str(request.lead_days)),
        ("must_cover", "true" if request.must_cover else "false"),
        ("channels", _flow(request.channels) if request.channels else None),
        ("pillar", _scalar(request.pillar) if request.pillar else None),
    ]
    body = scaffold_words(project.charter.brand.language).topic_notes + "\n"
    text = _document(lines, body)
    _validated(text, TopicMeta, _rel(project, path))
    if path.exists() or slug in {t.slug for t in project.topics}:
        raise UsageError(
            msg("{path} already exists; edit it, or choose another title", path=f"{SEASONAL_DIR}/{slug}.md")
        )
    return _write(path, text, project)


def _slug(title: str) -> str:
    slug = slugify(title, max_length=60, word_boundary=True)
    if not slug:
        raise UsageError(
            msg("the title {title} gives an empty file name; use letters or digits", title=repr(title))
        )
    return slug


def _known(kind: str, name: str | None, known: dict[str, T]) -> T | None:
    if name is None:
        return None
    if name not in known:
        raise UsageError(_unknown(kind, name, known))
    return known[name]


def _channel(project: Project, name: str) -> ChannelProfile:
    profiles = project.charter.profiles
    if name not in profiles:
        raise UsageError(_unknown("channel", name, profiles))
    return profiles[name]


def _declared(project: Project) -> tuple[str, ...]:
    if project.charter.channels:
        return tuple(project.charter.channels)
    raise UsageError(
        msg(
            "--channels is required (one or more of {channels})", channels=", ".join(project.charter.profiles)
        )
    )


_UNKNOWN = {
    # One sentence per kind and case, so that each is translated whole.
    "pillar": (
        N_("unknown pillar {name}: did you mean {close}?"),
        N_("unknown pillar {name} (known: {known})"),
        N_("unknown pillar {name} (none is defined)"),
    ),
    "channel": (
        N_("unknown channel {name}: did you mean {close}?"),
        N_("unknown channel {name} (known: {known})"),
        N_("unknown channel {name} (none is defined)"),
    ),
    "topic": (
        N_("unknown topic {name}: did you mean {close}?"),
        N_("unknown topic {name} (known: {known})"),
        N_("unknown topic {name} (none is defined)"),
    ),
    "campaign": (
        N_("unknown campaign {name}: did you mean {close}?"),
        N_("unknown campaign {name} (known: {known})"),
        N_("unknown campaign {name} (none is defined)"),
    ),
}


def _unknown(kind: str, name: str, known: Iterable[str]) -> str:
    """``unknown pillar 'x': did you mean 'y'?``, or the names there are."""
    close_one, listed, none = _UNKNOWN.get(kind, _UNKNOWN["topic"])
    options = sorted(known)
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    if close:
        return msg(close_one, name=repr(name), close=repr(close[0]))
    if options:
        return msg(listed, name=repr(name), known=", ".join(options))
    return msg(none, name=repr(name))


def _first(values: Sequence[str] | None) -> str:
    return values[0] if values else "community"


def _first_window(project: Project, channels: Sequence[str], day: date) -> time:
    """The earliest time of day that is inside the windows of every channel, else 10:00."""
    cadence = project.charter.cadence
    windows = [w for name in channels for w in cadence.windows_for(name) if day.weekday() in w.days]
    starts = sorted({w.start for w in windows})
    for start in starts:
        if all(
            any(w.contains(day.weekday(), start) for w in cadence.windows_for(name))
            or not cadence.windows_for(name)
            for name in channels
        ):
            return start
    return DEFAULT_TIME


def _post_ids(project: Project) -> set[str]:
    # Files that failed to load still hold their id: count them too.
    ids = {post.id for post in project.posts}
    base = project.root / POSTS_DIR
    if base.is_dir():
        ids.update(post_id_from_path(p.as_posix()) for p in base.rglob("*.md"))
    return ids


def _post_body(profiles: Sequence[ChannelProfile], language: str) -> str:
    # The default text is written for the most generous channel, up to LONG_TEXT. The sentences
    # are in the brand's language and are what ``post.placeholder`` finds if they are left in.
    words = scaffold_words(language)
    limits = [p.max_length or LONG_TEXT for p in profiles]
    budget = min(LONG_TEXT, max(limits, default=LONG_TEXT))
    parts = [words.body + "\n"]
    for profile in profiles:
        if profile.max_length is not None and profile.max_length < budget:
            shorter = words.shorter.format(label=profile.label, limit=profile.max_length)
            parts.append(f"\n## {profile.name}\n{shorter}\n")
    return "".join(parts)


def _scalar(value: str, *, force_quotes: bool = False) -> str:
    """A YAML scalar for a string: plain when that reads back unchanged, else JSON-quoted."""
    if not force_quotes and _PLAIN.match(value) and not _YAML_WORDS.match(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _flow(values: Iterable[str]) -> str:
    return "[" + ", ".join(_scalar(v) for v in values) + "]"


def _document(lines: Sequence[tuple[str, str | None]], body: str) -> str:
    yaml = "".join(f"{key}: {value}\n" for key, value in lines if value is not None)
    return f"---\n{yaml}---\n{body}"


def _validated(text: str, model: type[BaseModel], rel: str) -> None:
    """Parse the rendered file back and validate it, so only a file ``check`` accepts is written."""
    parts = split(text)
    try:
        data = parse_yaml(parts.yaml_text, parts.yaml_line)
        model.model_validate(data)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(p) for p in problem["loc"])
        raise UsageError(f"{rel}: {where}: {problem['msg']}") from None  # a rendering bug, in English
    except FrontMatterError as exc:  # a rendering bug, never the user's input
        raise UsageError(
            wrap("{path}: could not render the front matter ({problem})", exc.message, path=rel)
        ) from None


def _write(path: Path, text: str, project: Project) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError(
            msg("{path} already exists; it was left as it was", path=_rel(project, path))
        ) from None
    except OSError as exc:
        raise UsageError(
            with_reason(N_("cannot write {path}: {error}"), exc, path=_rel(project, path))
        ) from None
    return path


def _rel(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()


__all__ = [
    "PostRequest",
    "TopicRequest",
    "new_post",
    "new_topic",
    "parse_channels",
    "parse_date",
    "parse_time",
]
