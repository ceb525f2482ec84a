"""Content models: posts, seasonal topics and campaigns.

Each comes in two parts: the front matter as the user writes it (``PostMeta``,
``TopicMeta``, ``CampaignMeta``: the schema of the YAML, ``extra="forbid"``) and
the loaded value (``Post``, ``SeasonalTopic``, ``Campaign``) that adds what the
loader derives: id, path, body, per-channel variants and positions.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from calendar import monthrange
from collections.abc import Iterable
from datetime import date, datetime
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pipeline.model.bounds import FilePath, PlanDate, PlanDatetime, check_year
from pipeline.model.compliance import Contest
from pipeline.text.messages import N_, msg, nest

_FROZEN = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
SLUG = r"^[a-z0-9][a-z0-9-]*$"
Status = Literal["idea", "draft", "review", "approved"]
STATUSES: tuple[Status, ...] = ("idea", "draft", "review", "approved")


_MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
"""Month names, each translatable: a French reader is told « février 2026 », not « le mois 2/2026 »."""
_WRITTEN_DAY = re.compile(r"\s*(\d{1,4})-(\d{1,2})-(\d{1,2})(?!\d)")
_WRITTEN_TIME = re.compile(r"[T ](\d{1,2}):(\d{1,2})(?!\d)")


def explain_written_date(value: object) -> object:
    """A date or date-time as written, unchanged, or a ValueError that says what to write.

    pydantic's own messages ("unexpected extra characters", "day value is outside
    expected range") do not tell a new user what is wrong with ``2027-01-06 9:00``
    or ``2027-02-30``; these do. Anything not recognised is left to pydantic.
    """
    if not isinstance(value, str):
        return value
    try:
        datetime.fromisoformat(value)
    except ValueError:
        pass
    else:
        return value  # well formed, every part in range: nothing to explain (most posts, at C speed)
    day = _WRITTEN_DAY.match(value)
    if day is None:
        return value
    year, month, number = (int(part) for part in day.groups())
    if not 1 <= month <= 12:
        raise ValueError(msg("there is no month {month}: write the date as YYYY-MM-DD", month=month))
    days = monthrange(year, month)[1] if year >= 1 else 31
    if not 1 <= number <= days:
        raise ValueError(
            nest(
                N_("{month_name} {year} has {days} days"),
                {"month_name": msg(_MONTHS[month - 1])},
                year=year,
                days=days,
            )
        )
    if any(len(part) != size for part, size in zip(day.groups(), (4, 2, 2), strict=True)):
        raise ValueError(msg("write the date as {date}", date=f"{year:04d}-{month:02d}-{number:02d}"))
    at = _WRITTEN_TIME.match(value, day.end())
    if at is not None:
        hours, minutes = (int(part) for part in at.groups())
        if hours > 23 or minutes > 59:
            raise ValueError(msg("{time} is not a time of day", time=f"{hours}:{minutes:02d}"))
        if len(at.group(1)) != 2 or len(at.group(2)) != 2:
            raise ValueError(msg("write the time as {time}", time=f"{hours:02d}:{minutes:02d}"))
    return value


class VisualRef(BaseModel):
    """A post's visual: a source image (``src``) or a generated card (``card``)."""

    model_config = _FROZEN
    src: FilePath | None = Field(default=None, description="Image path, relative to the root.")
    card: str | None = Field(
        default=None,
        description="Text of a generated branded card; with `src`, drawn on the photo over a scrim.",
    )
    layout: Literal["plain", "accent"] | None = Field(
        default=None,
        description="A card without photo: plain or accent; the charter's `visual.card_layout` when absent.",
    )
    alt: str | None = Field(default=None, description="Alternative text, for people who cannot see it.")
    focus: tuple[float, float] | None = Field(
        default=None, description="Focal point as fractions of width and height."
    )
    kind: Literal["photo", "graphic"] = Field(
        default="photo", description="Graphics are held to the palette."
    )
    retouched: bool = Field(
        default=False, description="A body or face retouched: the post says « Images retouchées »."
    )
    generated: bool = Field(
        default=False, description="Made by generative AI: the post says « Images virtuelles »."
    )

    @field_validator("focus")
    @classmethod
    def _fractions(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        if value is not None and not all(0.0 <= v <= 1.0 for v in value):
            raise ValueError(msg("focus takes two fractions between 0 and 1, e.g. [0.6, 0.4]"))
        return value

    @model_validator(mode="after")
    def _one_source(self) -> VisualRef:
        if self.src is None and self.card is None:
            raise ValueError(
                msg("a visual needs `src` (an image), `card` (a text), or both (the text on the photo)")
            )
        if self.src is not None and self.layout is not None:
            raise ValueError(
                msg("`layout` is for a card without photo: a card on a photo is drawn on a scrim")
            )
        return self


class PostMeta(BaseModel):
    """A post's front matter."""

    model_config = _FROZEN
    id: str | None = Field(default=None, pattern=SLUG, description="Stable id; the file name by default.")
    title: str = Field(min_length=1, description="Working title, shown in the calendar.")
    publish_at: PlanDatetime = Field(description="Wall time in the charter's zone, or with an offset.")
    channels: list[str] = Field(min_length=1, description="Channels the post goes out on.")
    pillar: str = Field(min_length=1, description="Kind of content (promo, engagement, ...).")
    topic: str | None = Field(default=None, description="Slug of a seasonal topic.")
    campaign: str | None = Field(default=None, description="Slug of a campaign.")
    status: Status = Field(default="draft", description="idea | draft | review | approved")
    visual: VisualRef | None = Field(default=None, description="A source image (`src`) or a card (`card`).")
    link: str | None = Field(default=None, description="Link posted with the text.")
    partner: str | None = Field(
        default=None, min_length=1, description="Commercial partner: the post says « Publicité »."
    )
    contest: Contest | None = Field(default=None, description="A contest the post announces, with its rules.")
    hashtags: list[str] = Field(default_factory=list, description="Hashtags, without '#'.")
    ignore: dict[str, str] = Field(default_factory=dict, description="rule id: why it is silenced here.")

    _publish_at_written = field_validator("publish_at", mode="before")(explain_written_date)

    @field_validator("hashtags")
    @classmethod
    def _one_hash(cls, tags: list[str]) -> list[str]:
        # "#Noel" is how people write a hashtag; publishing adds the '#', so "##Noel" went out.
        return [tag.removeprefix("#") for tag in tags]


DUPLICATE_DAYS = 30
"""The same text twice on a channel within this many days is a duplicate (``cadence.duplicate``)."""
TextKey = tuple[str, int]
"""A text as duplicates compare it: a digest of :func:`normalised` text, and the text's first line."""


def normalised(text: str) -> str:
    """Text compared for duplicates: case-folded, every kind of space collapsed, NFKC when not ASCII."""
    folded = " ".join(text.casefold().split())
    return folded if folded.isascii() else unicodedata.normalize("NFKC", folded)


def text_key(text: str, line: int) -> TextKey | None:
    """The key of a text starting at ``line``: equal digests, equal normalised texts; None when empty."""
    folded = normalised(text)
    if not folded:
        return None
    # surrogatepass: a file decoded with surrogateescape keeps its stray bytes, and one text one digest.
    return hashlib.blake2b(folded.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest(), line


def texts_keys(
    body: str, body_line: int, variants: Iterable[tuple[str, str, int]]
) -> dict[str | None, TextKey | None]:
    """:attr:`Post.text_keys` of a body and its variants (channel, text, first line)."""
    keys: dict[str | None, TextKey | None] = {None: text_key(body, body_line)}
    keys.update((channel, text_key(text, line)) for channel, text, line in variants)
    return keys


class Variant(BaseModel):
    """A channel's own text, from a ``## <channel>`` heading."""

    model_config = _FROZEN
    text: str
    line: int = Field(description="Line of the first line of text, in the file.")
    heading_line: int


class Post(BaseModel):
    """A loaded post."""

    model_config = _FROZEN
    id: str
    path: str = Field(description="Path relative to the root, with / separators.")
    meta: PostMeta
    when: datetime = Field(description="The publish instant, time-zone aware.")
    time_issue: Literal["nonexistent", "ambiguous"] | None = None
    body: str = Field(description="Default text, for channels with no variant.")
    body_line: int
    variants: dict[str, Variant] = Field(default_factory=dict)
    front_matter: str = Field(description="Raw YAML, for positions.")
    key_lines: dict[str, int] = Field(default_factory=dict, description="Top-level key: line.")
    digest: str = Field(default="", description="sha256 of the file's bytes (keys the check cache).")

    def text_for(self, channel: str) -> tuple[str, int]:
        """The text a channel publishes before hashtags and link, and its first line."""
        variant = self.variants.get(channel)
        return (variant.text, variant.line) if variant else (self.body, self.body_line)

    def line_of(self, key: str) -> int:
        """Line of a top-level front-matter key (the opening ``---`` when absent)."""
        return self.key_lines.get(key, 1)

    @cached_property
    def text_keys(self) -> dict[str | None, TextKey | None]:
        """The key of each text (None: the default one; else a variant's channel), as duplicates compare.

        Computed from the texts once; a post from pull-request mode's calendar index holds it
        without its texts, so that comparing does not read 10,000 files again.
        """
        return texts_keys(
            self.body, self.body_line, ((ch, v.text, v.line) for ch, v in self.variants.items())
        )

    def text_key_for(self, channel: str) -> TextKey | None:
        """The key of the text a channel publishes (:func:`text_key`); None when it is empty."""
        keys = self.text_keys
        return keys[channel] if channel in keys else keys[None]


class Recurrence(BaseModel):
    """How a seasonal topic recurs: a fixed day, an RRULE, or an offset from Easter."""

    model_config = _FROZEN
    date: str | None = Field(default=None, pattern=r"^\d{2}-\d{2}$", description="MM-DD every year.")
    rrule: str | None = Field(
        default=None, description="RFC 5545 rule, e.g. FREQ=YEARLY;BYMONTH=5;BYDAY=-1SU"
    )
    easter: int | None = Field(default=None, ge=-366, le=366, description="Days after Easter Sunday.")

    @model_validator(mode="after")
    def _exactly_one(self) -> Recurrence:
        given = [v for v in (self.date, self.rrule, self.easter) if v is not None]
        if len(given) != 1:
            raise ValueError(msg("recurrence takes exactly one of `date`, `rrule` or `easter`"))
        if self.date is not None and not is_month_day(self.date):
            raise ValueError(msg("{date} is not a day of the year", date=self.date))
        if self.rrule is not None:
            _check_rrule(self.rrule)
        return self


def is_month_day(value: str) -> bool:
    """Whether ``MM-DD`` names a day of the year (02-29 included: it comes in leap years)."""
    if not re.fullmatch(r"\d{2}-\d{2}", value):
        return False
    try:
        date.fromisoformat(f"2024-{value}")  # a leap year, so 02-29 is a day of the year
    except ValueError:
        return False
    return True


def _check_rrule(rule: str) -> None:
    from dateutil.rrule import rrulestr

    if not re.search(r"FREQ=YEARLY", rule, re.IGNORECASE):
        raise ValueError(msg("a seasonal rrule must be FREQ=YEARLY"))
    try:
        rrulestr(rule, dtstart=datetime(2000, 1, 1))  # noqa: DTZ001 - a pure calendar rule
    except (ValueError, TypeError) as exc:
        raise ValueError(msg("invalid rrule: {error}", error=exc)) from exc


class TopicMeta(BaseModel):
    """A seasonal topic's front matter."""

    model_config = _FROZEN
    title: str = Field(min_length=1, description="Name of the date, shown in the calendar.")
    recurrence: Recurrence = Field(description="One of {date: MM-DD}, {rrule: RULE} or {easter: N}.")
    overrides: dict[int, PlanDate] = Field(default_factory=dict, description="year: the real date that year.")
    duration_days: int = Field(default=1, ge=1, le=366, description="How many days it lasts.")
    lead_days: int = Field(
        default=14, ge=0, le=366, description="Posts about it belong in these days before."
    )
    must_cover: bool = Field(default=False, description="The brand must post about it every year.")
    channels: list[str] = Field(default_factory=list, description="Channels it suits.")
    pillar: str | None = Field(default=None, description="Kind of content it calls for.")

    @field_validator("overrides")
    @classmethod
    def _override_years(cls, value: dict[int, date]) -> dict[int, date]:
        for year in value:
            check_year(year)
        return value


class SeasonalTopic(BaseModel):
    """A loaded seasonal topic (*marronnier*)."""

    model_config = _FROZEN
    slug: str
    path: str
    meta: TopicMeta
    body: str
    front_matter: str
    key_lines: dict[str, int] = Field(default_factory=dict)


class CampaignMeta(BaseModel):
    """A campaign's front matter."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
    title: str = Field(min_length=1, description="Name of the campaign.")
    start: PlanDate = Field(alias="from", description="First day.")
    end: PlanDate = Field(alias="to", description="Last day (included).")
    goal: str | None = Field(default=None, description="What the campaign is for.")
    channels: list[str] = Field(default_factory=list, description="Channels it runs on.")

    _days_written = field_validator("start", "end", mode="before")(explain_written_date)

    @model_validator(mode="after")
    def _ordered(self) -> CampaignMeta:
        if self.end < self.start:
            raise ValueError(msg("a campaign must end on or after the day it starts"))
        return self


class Campaign(BaseModel):
    """A loaded campaign."""

    model_config = _FROZEN
    slug: str
    path: str
    meta: CampaignMeta
    body: str
    front_matter: str
    key_lines: dict[str, int] = Field(default_factory=dict)
