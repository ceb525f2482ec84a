"""The brand charter (``charter.yaml``): voice, visuals, channels, cadence, publishing.

Every section but ``brand`` is optional and every field has a default where
one makes sense. Unknown keys are errors (``extra="forbid"``). The keys are the
contract with users: rename none without a migration message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, tzinfo
from functools import cached_property
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pipeline.model.bounds import FilePath, Hours, PlanDate, PlanInstant, Share
from pipeline.model.channels import ChannelOverride, ChannelProfile, resolve_profiles
from pipeline.model.compliance import CompliancePack
from pipeline.model.editor import Editor
from pipeline.model.findings import Level
from pipeline.text.messages import msg

_FROZEN = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WINDOW = re.compile(
    r"^(?P<d1>mon|tue|wed|thu|fri|sat|sun)(?:-(?P<d2>mon|tue|wed|thu|fri|sat|sun))?"
    r"\s+(?P<t1>\d{2}:\d{2})-(?P<t2>\d{2}:\d{2})$"
)
Scheduler = Literal["hootsuite", "sprout", "metricool", "buffer", "postiz"]
SCHEDULERS: tuple[Scheduler, ...] = ("hootsuite", "sprout", "metricool", "buffer", "postiz")


def check_timezone(name: str) -> str:
    """Validate an IANA zone name, returning it unchanged."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            msg("unknown time zone {name}; use an IANA name such as Europe/Paris", name=repr(name))
        ) from exc
    return name


class Brand(BaseModel):
    """Who the brand is and where its site lives."""

    model_config = _FROZEN
    name: str = Field(min_length=1, description="Brand name, shown on the site and in feeds.")
    language: str = Field(default="fr-FR", description="BCP 47 language of the posts.")
    timezone: str = Field(default="Europe/Paris", description="IANA zone; naive post times are in it.")
    site_url: str = Field(default="https://example.com/", description="Where the preview site is published.")

    _tz = field_validator("timezone")(check_timezone)

    @field_validator("site_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        if not re.match(r"^https?://", value):
            raise ValueError(msg("site_url must start with https:// (or http://)"))
        return value if value.endswith("/") else value + "/"


class Term(BaseModel):
    """A vocabulary rule: a wording to avoid, with the preferred one when there is one."""

    model_config = _FROZEN
    avoid: str = Field(min_length=1, description="Word or phrase to avoid (a regex when `regex` is true).")
    use: str | None = Field(default=None, description="Preferred wording, offered as the fix.")
    level: Level = Field(default=Level.WARNING, description="error | warning | info")
    regex: bool = Field(default=False, description="Treat `avoid` as a regular expression.")
    case_sensitive: bool = Field(default=False, description="Match case exactly.")


class HashtagPolicy(BaseModel):
    """Hashtags every post needs, those it may not use, and their case."""

    model_config = _FROZEN
    required: list[str] = Field(default_factory=list, description="At least one of these on every post.")
    banned: list[str] = Field(default_factory=list, description="Never use these.")
    case: Literal["pascal", "lower", "camel", "any"] = Field(
        default="any", description="Case hashtags are written in: PascalCase, lowercase, camelCase or any."
    )


class EmojiPolicy(BaseModel):
    """How many emoji a post may carry."""

    model_config = _FROZEN
    max: int | None = Field(default=None, ge=0, description="Most emoji per published text.")


class LinkPolicy(BaseModel):
    """What links must look like."""

    model_config = _FROZEN
    https: bool = Field(default=True, description="Links must use https.")
    utm: bool = Field(default=False, description="Links must carry utm_source (added to `link` on export).")


class Voice(BaseModel):
    """The editorial charter."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, allow_inf_nan=False)
    # `register` is a BaseModel attribute name, so the field goes by an alias.
    address: Literal["vous", "tu", "any"] = Field(
        default="any", alias="register", description="Formal (vous) or familiar (tu) address."
    )
    typography: Literal["fr", "none"] = Field(default="none", description="French spacing and quotes.")
    terms: list[Term] = Field(default_factory=list, description="Vocabulary rules, Vale-like.")
    hashtags: HashtagPolicy = Field(default_factory=HashtagPolicy, description="Required, banned hashtags.")
    emoji: EmojiPolicy = Field(default_factory=EmojiPolicy, description="How many emoji a text may carry.")
    links: LinkPolicy = Field(default_factory=LinkPolicy, description="What links must look like.")
    dictionary: list[str] = Field(
        default_factory=list,
        description="Brand words the spelling check accepts: names, products, places.",
    )


class Logo(BaseModel):
    """Where the logo goes on every visual."""

    model_config = _FROZEN
    src: FilePath = Field(description="Path of the logo image, relative to the root.")
    corner: Literal["top-left", "top-right", "bottom-left", "bottom-right"] = Field(
        default="bottom-right", description="Corner of the visual the logo sits in."
    )
    margin: float = Field(default=0.04, ge=0, le=0.3, description="Margin as a share of the width.")
    width: float = Field(default=0.18, gt=0, le=1, description="Logo width as a share of the width.")


class Fonts(BaseModel):
    """The brand's fonts, for generated cards."""

    model_config = _FROZEN
    title: FilePath = Field(description="Title font file (TTF/OTF), relative to the root.")
    body: FilePath | None = Field(default=None, description="Body font file; the title font when absent.")


HEX_COLOUR = r"^#[0-9A-Fa-f]{6}$"


class VisualCharter(BaseModel):
    """The graphic charter."""

    model_config = _FROZEN
    palette: list[str] = Field(
        default_factory=list,
        description="Brand colours as #RRGGBB.",
        json_schema_extra={"items": {"type": "string", "pattern": HEX_COLOUR}},
    )
    palette_tolerance: float = Field(
        default=10.0, gt=0, le=100, description="CIEDE2000 distance still on-palette."
    )
    palette_min_share: float = Field(
        default=0.9, gt=0, le=1, description="Share of on-palette pixels a graphic needs."
    )
    logo: Logo | None = Field(default=None, description="The logo stamped on every rendered visual.")
    fonts: Fonts | None = Field(default=None, description="Fonts of generated cards.")
    accent: str | None = Field(
        default=None,
        pattern=HEX_COLOUR,
        description="Accent colour (#RRGGBB) of accent cards and of the site; "
        "else the palette's most saturated colour after the first.",
    )
    card_layout: Literal["plain", "accent"] = Field(
        default="plain",
        description="Cards without a photo: plain (the palette's first colour) or accent (the accent).",
    )
    min_contrast: float = Field(default=4.5, ge=1, le=21, description="WCAG ratio for text on visuals.")
    max_upscale: float = Field(
        default=1.0, ge=1, le=100, description="Largest enlargement of a source allowed."
    )

    @field_validator("palette")
    @classmethod
    def _hex(cls, value: list[str]) -> list[str]:
        for colour in value:
            if not re.match(HEX_COLOUR, colour):
                raise ValueError(msg("{colour} is not a colour of the form #RRGGBB", colour=repr(colour)))
        return value


@dataclass(frozen=True)
class Window:
    """A posting window: a set of weekdays (0 = Monday) and a time range."""

    days: frozenset[int]
    start: time
    end: time

    def contains(self, weekday: int, at: time) -> bool:
        """True when a wall time on that weekday falls inside the window (end included)."""
        return weekday in self.days and self.start <= at <= self.end


def parse_window(spec: str) -> Window:
    """Parse ``"mon-fri 08:00-20:00"`` (or ``"sat 10:00-13:00"``)."""
    match = _WINDOW.match(spec.strip().lower())
    if not match:
        raise ValueError(msg("{spec} is not a window like 'mon-fri 08:00-20:00'", spec=repr(spec)))
    d1 = DAYS.index(match["d1"])
    d2 = DAYS.index(match["d2"]) if match["d2"] else d1
    days = frozenset(range(d1, d2 + 1)) if d1 <= d2 else frozenset([*range(d1, 7), *range(d2 + 1)])
    try:
        start, end = time.fromisoformat(match["t1"]), time.fromisoformat(match["t2"])
    except ValueError as exc:
        raise ValueError(msg("{spec} has an impossible time", spec=repr(spec))) from exc
    if end <= start:
        raise ValueError(msg("{spec} ends before it starts", spec=repr(spec)))
    return Window(days, start, end)


class Mix(BaseModel):
    """Bounds on each pillar's share of the posts in a rolling window."""

    model_config = _FROZEN
    window_days: int = Field(default=28, gt=0, le=366, description="Length of the rolling window, in days.")
    max_share: dict[str, Share] = Field(default_factory=dict, description="pillar: largest share (0-1).")
    min_share: dict[str, Share] = Field(default_factory=dict, description="pillar: smallest share (0-1).")


class Freeze(BaseModel):
    """A period when nothing may be published (days included)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, allow_inf_nan=False)
    start: PlanDate = Field(alias="from", description="First frozen day.")
    end: PlanDate = Field(alias="to", description="Last frozen day (included).")
    reason: str = Field(min_length=1, description="Why, shown wherever the freeze is.")
    since: PlanInstant | None = Field(
        default=None,
        description="A crisis pause (written by `almanac pause`): the instant it began, with its offset; "
        "posts of its first day before it are not frozen.",
    )
    ended: PlanInstant | None = Field(
        default=None,
        description="The instant `almanac resume` ended the pause; posts of its last day after it go out.",
    )

    @model_validator(mode="after")
    def _ordered(self) -> Freeze:
        if self.end < self.start:
            raise ValueError(msg("a freeze must end on or after the day it starts"))
        if self.ended is not None and self.since is not None and self.ended < self.since:
            raise ValueError(msg("a pause must end (`ended`) after it began (`since`)"))
        return self

    def covers(self, moment: datetime, tz: tzinfo) -> bool:
        """Whether nothing may go out at ``moment``: its day (in ``tz``) inside, within a pause's instants."""
        return (
            self.start <= moment.astimezone(tz).date() <= self.end
            and (self.since is None or moment >= self.since)
            and (self.ended is None or moment < self.ended)
        )


class Cadence(BaseModel):
    """When and how often the brand publishes."""

    model_config = _FROZEN
    timezone: str | None = Field(
        default=None, description="Zone of windows and weeks; the brand's when absent."
    )
    windows: dict[str, list[str]] = Field(default_factory=dict, description="channel or 'default': windows.")
    per_week: dict[str, tuple[int, int]] = Field(default_factory=dict, description="channel: [min, max].")
    min_gap_hours: dict[str, Hours] = Field(default_factory=dict, description="channel or 'default': hours.")
    mix: Mix | None = Field(default=None, description="Bounds on each pillar's share of the posts.")
    freezes: list[Freeze] = Field(default_factory=list, description="Periods when nothing may be published.")

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str | None) -> str | None:
        return None if value is None else check_timezone(value)

    @field_validator("windows")
    @classmethod
    def _windows(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for specs in value.values():
            for spec in specs:
                parse_window(spec)
        return value

    def windows_for(self, channel: str) -> list[Window]:
        """The windows of a channel, or the default ones; empty means any time."""
        specs = self.windows.get(channel, self.windows.get("default", []))
        return [parse_window(spec) for spec in specs]


class BundleSettings(BaseModel):
    """What the scheduling bundle exports."""

    model_config = _FROZEN
    schedulers: list[Scheduler] = Field(
        default_factory=lambda: list(SCHEDULERS), description="Schedulers to export for; all by default."
    )


class Publish(BaseModel):
    """How far ahead feeds and bundles reach."""

    model_config = _FROZEN
    horizon_days: int = Field(default=120, gt=0, le=3660, description="Days ahead feeds and bundles reach.")
    event_minutes: int = Field(default=15, gt=0, le=1440, description="Length of a post's event in feeds.")
    feed_years: int = Field(default=3, ge=1, le=20, description="Years of seasonal dates feeds carry ahead.")
    feed_past_days: int | None = Field(
        default=None, ge=0, description="Leave posts older than this many days out of feeds; all when absent."
    )
    reminder_minutes: int = Field(
        default=60, ge=0, le=40320, description="How long before a post the reminders feed alerts."
    )
    bundle: BundleSettings = Field(default_factory=BundleSettings)


RuleSetting = Literal["error", "warning", "info", "off"]


class Charter(BaseModel):
    """The whole ``charter.yaml``."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", ignored_types=(cached_property,), allow_inf_nan=False
    )

    brand: Brand = Field(description="Who the brand is (the only required section).")
    voice: Voice = Field(default_factory=Voice, description="The editorial charter.")
    visual: VisualCharter = Field(default_factory=VisualCharter, description="The graphic charter.")
    channels: dict[str, ChannelOverride] | None = Field(
        default=None, description="The brand's channels; every built-in one when absent."
    )
    pillars: list[str] | None = Field(default=None, description="Allowed pillars; any when absent.")
    cadence: Cadence = Field(default_factory=Cadence, description="When and how often the brand publishes.")
    publish: Publish = Field(default_factory=Publish, description="How far ahead feeds and bundles reach.")
    rules: dict[str, RuleSetting] = Field(default_factory=dict, description="rule id: level or off.")
    compliance: list[CompliancePack] = Field(
        default_factory=list, description="Rule packs to turn on: evin (alcohol), contest (games)."
    )
    editor: Editor | None = Field(default=None, description="The web editor under the site's admin/.")

    @cached_property
    def profiles(self) -> dict[str, ChannelProfile]:
        """Resolved channel profiles, by channel name."""
        return resolve_profiles(self.channels)

    @property
    def tz(self) -> ZoneInfo:
        """The brand's time zone."""
        return ZoneInfo(self.brand.timezone)

    @property
    def cadence_tz(self) -> ZoneInfo:
        """The zone cadence windows and ISO weeks are counted in."""
        return ZoneInfo(self.cadence.timezone or self.brand.timezone)
