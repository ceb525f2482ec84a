"""Channel profiles: each network's text limit, counting unit, hashtag cap and visual formats.

The figures come from the networks' own guidelines and help pages (Instagram's
five-hashtag cap dates from its December 2025 announcement). A charter overrides any field of a
built-in profile (``channels: {linkedin: {max_length: 2500}}``) or declares a
channel of its own.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

LengthUnit = Literal["chars", "twitter", "graphemes", "mastodon", "utf16"]
ImageType = Literal["jpeg", "png", "webp"]

MB = 1_000_000


class VisualFormat(BaseModel):
    """One visual shape a channel takes: name, exact size, file type and byte limit."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Format name, used in file names.")
    width: int = Field(gt=0, le=8192, description="Output width in pixels.")
    height: int = Field(gt=0, le=8192, description="Output height in pixels.")
    type: ImageType = Field(default="jpeg", description="Output file type.")
    max_bytes: int = Field(default=5 * MB, gt=0, description="Largest file the network accepts.")
    safe_top: float = Field(
        default=0.0, ge=0, lt=0.5, description="Share of the height kept clear at the top (stories)."
    )
    safe_bottom: float = Field(
        default=0.0, ge=0, lt=0.5, description="Share of the height kept clear at the bottom."
    )

    @property
    def extension(self) -> str:
        """File extension for this format's type."""
        return {"jpeg": "jpg", "png": "png", "webp": "webp"}[self.type]


class ChannelProfile(BaseModel):
    """Everything Almanac knows about publishing on one network."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    name: str
    label: str = Field(description="Name shown to people (Instagram, LinkedIn, X).")
    max_length: int | None = Field(default=None, gt=0, description="Text limit, in `length_unit`.")
    length_unit: LengthUnit = Field(default="chars", description="How the network counts text.")
    max_hashtags: int | None = Field(default=None, ge=0, description="Most hashtags a post may carry.")
    visual_required: bool = Field(default=False, description="The network refuses a post with no visual.")
    link_in_text: bool = Field(default=True, description="Links are appended to the text (not on Instagram).")
    formats: tuple[VisualFormat, ...] = Field(
        default=(), description="Visual formats rendered for the channel."
    )
    board: str | None = Field(
        default=None, description="Pinterest board the bundle's pins go to (the scheduler's board id)."
    )


class ChannelOverride(BaseModel):
    """A charter's changes to a built-in profile, field by field; every field is optional."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    label: str | None = Field(default=None, description="Name shown to people.")
    max_length: int | None = Field(default=None, gt=0, description="Text limit, in `length_unit`.")
    length_unit: LengthUnit | None = Field(default=None, description="How the network counts text.")
    max_hashtags: int | None = Field(default=None, ge=0, description="Most hashtags a post may carry.")
    visual_required: bool | None = Field(default=None, description="The network needs a visual.")
    link_in_text: bool | None = Field(default=None, description="Links are appended to the text.")
    formats: tuple[VisualFormat, ...] | None = Field(
        default=None, description="Visual formats rendered for the channel (replaces the built-in ones)."
    )
    board: str | None = Field(
        default=None,
        min_length=1,
        description="Pinterest board the bundle's pins go to: its id in the scheduler (Buffer's "
        "boardServiceId, Postiz's board, Metricool's Pinterest Board).",
    )

    def apply_to(self, base: ChannelProfile) -> ChannelProfile:
        """The base profile with every field this override sets replaced."""
        changes = self.model_dump(exclude_none=True, exclude={"formats"})
        if self.formats is not None:
            changes["formats"] = self.formats
        return base.model_copy(update=changes)


def _fmt(name: str, width: int, height: int, max_bytes: int, **extra: float) -> VisualFormat:
    return VisualFormat(name=name, width=width, height=height, max_bytes=max_bytes, **extra)


_STORY_SAFE = {"safe_top": 0.14, "safe_bottom": 0.20}

BUILTIN_PROFILES: dict[str, ChannelProfile] = {
    p.name: p
    for p in (
        ChannelProfile(
            name="x",
            label="X",
            max_length=280,
            length_unit="twitter",
            formats=(_fmt("landscape", 1600, 900, 5 * MB),),
        ),
        ChannelProfile(
            name="instagram",
            label="Instagram",
            max_length=2200,
            max_hashtags=5,
            visual_required=True,
            link_in_text=False,
            formats=(
                _fmt("feed", 1080, 1350, 8 * MB),
                _fmt("square", 1080, 1080, 8 * MB),
                _fmt("story", 1080, 1920, 8 * MB, **_STORY_SAFE),
            ),
        ),
        ChannelProfile(
            name="facebook",
            label="Facebook",
            max_length=63206,
            formats=(_fmt("feed", 1200, 630, 10 * MB),),
        ),
        ChannelProfile(
            name="linkedin",
            label="LinkedIn",
            max_length=3000,
            formats=(_fmt("feed", 1200, 627, 5 * MB),),
        ),
        ChannelProfile(
            name="threads",
            label="Threads",
            max_length=500,
            formats=(_fmt("feed", 1080, 1350, 8 * MB),),
        ),
        ChannelProfile(
            name="bluesky",
            label="Bluesky",
            max_length=300,
            length_unit="graphemes",
            formats=(_fmt("feed", 1600, 900, 1 * MB),),
        ),
        ChannelProfile(
            name="mastodon",
            label="Mastodon",
            max_length=500,
            length_unit="mastodon",
            formats=(_fmt("feed", 1600, 900, 16 * MB),),
        ),
        ChannelProfile(
            name="pinterest",
            label="Pinterest",
            max_length=500,
            visual_required=True,
            link_in_text=False,
            formats=(_fmt("pin", 1000, 1500, 20 * MB),),
        ),
        ChannelProfile(
            name="tiktok",
            label="TikTok",
            max_length=2200,
            visual_required=True,
            link_in_text=False,
            formats=(_fmt("photo", 1080, 1920, 5 * MB, **_STORY_SAFE),),
        ),
        ChannelProfile(
            name="youtube",
            label="YouTube",
            max_length=5000,
            visual_required=True,
            formats=(_fmt("thumbnail", 1280, 720, 2 * MB),),
        ),
    )
}


def resolve_profiles(overrides: dict[str, ChannelOverride] | None) -> dict[str, ChannelProfile]:
    """The brand's channels: every built-in one when the charter names none, else those it names."""
    if overrides is None:
        return dict(BUILTIN_PROFILES)
    profiles: dict[str, ChannelProfile] = {}
    for name, override in overrides.items():
        base = BUILTIN_PROFILES.get(name) or ChannelProfile(name=name, label=name.capitalize())
        profiles[name] = override.apply_to(base)
    return profiles
