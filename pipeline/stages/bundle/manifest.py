"""The bundle's ``manifest.json``: what is in the zip, post by post and channel by channel.

The manifest is the one source every exporter reads, so the CSV and JSON files
of ``exports/`` say the same thing as the manifest. Its JSON Schema is public
(:func:`manifest_schema`, emitted by ``almanac schema``).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

FORMAT_VERSION: Literal[1] = 1
_FROZEN = ConfigDict(frozen=True, extra="forbid")


class MediaItem(BaseModel):
    """One visual shipped in the zip, and where the published site serves it."""

    model_config = _FROZEN
    path: str = Field(description="Path inside the zip, e.g. media/teaser/instagram-feed.jpg.")
    url: str | None = Field(
        description="Public URL: the base URL + the visual's path in the site; null without a site URL."
    )
    format: str = Field(description="The channel's visual format (feed, story, ...).")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    width: int = Field(gt=0)
    height: int = Field(gt=0)
    bytes: int = Field(ge=0)
    alt: str = Field(description="Alternative text.")


class Entry(BaseModel):
    """One post on one channel."""

    model_config = _FROZEN
    post: str = Field(description="Post id.")
    channel: str
    title: str
    status: Literal["approved", "review"]
    draft: bool = Field(description="True for review posts added by --allow-drafts: not to publish as is.")
    publish_at: AwareDatetime = Field(description="Publish time, ISO 8601 with the brand's offset.")
    publish_at_utc: AwareDatetime = Field(description="The same instant in UTC.")
    text: str = Field(description="The whole published text (variant, link, hashtags).")
    hashtags: list[str] = Field(description="The post's hashtags, without '#'.")
    link: str | None = Field(description="The link, with UTM parameters when the charter asks for them.")
    media: list[MediaItem] = Field(description="Visuals, the channel's first format first.")
    pillar: str
    topic: str | None
    campaign: str | None
    source: str = Field(description="The post's file, relative to the brand root.")


class Brand(BaseModel):
    """The brand the bundle is for."""

    model_config = _FROZEN
    name: str
    timezone: str
    language: str
    site_url: str


class DateRange(BaseModel):
    """The days bundled, both included, in the brand's time zone."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
    first: date = Field(alias="from")
    last: date = Field(alias="to")


class Source(BaseModel):
    """The commit the bundle was made from."""

    model_config = _FROZEN
    commit: str | None = Field(description="HEAD commit, or null outside git.")
    dirty: bool = Field(description="True when the working tree had uncommitted changes.")
    built_at: AwareDatetime = Field(description="SOURCE_DATE_EPOCH, else the commit time (UTC).")


class Manifest(BaseModel):
    """The whole ``manifest.json``."""

    model_config = _FROZEN
    format_version: Literal[1] = FORMAT_VERSION
    brand: Brand
    range: DateRange
    source: Source
    base_url: str | None = Field(
        description="Where the published visuals are served from; null when the brand has no site URL."
    )
    schedulers: list[str]
    entries: list[Entry]
    exports: list[str] = Field(description="Export files in the zip, sorted.")
    warnings: list[str] = Field(
        description="Every warning the command printed: posts left out, exporters' changes, placeholders."
    )

    def to_json(self) -> bytes:
        """Stable JSON bytes: aliases, two-space indent, a final newline."""
        return (self.model_dump_json(by_alias=True, indent=2) + "\n").encode("utf-8")


def manifest_schema() -> dict[str, Any]:
    """The JSON Schema of ``manifest.json`` (for ``almanac schema``)."""
    schema = Manifest.model_json_schema(by_alias=True, mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
