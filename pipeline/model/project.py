"""The loaded project: everything read from one brand repository, and where its inputs live."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from pipeline.model.charter import Charter
from pipeline.model.content import Campaign, Post, SeasonalTopic
from pipeline.model.findings import Finding
from pipeline.model.inputs import CACHE_DIR as CACHE_DIR
from pipeline.model.inputs import CAMPAIGNS_DIR as CAMPAIGNS_DIR
from pipeline.model.inputs import CHARTER_FILE as CHARTER_FILE
from pipeline.model.inputs import POSTS_DIR as POSTS_DIR
from pipeline.model.inputs import SEASONAL_DIR as SEASONAL_DIR


class Project(BaseModel):
    """Everything loaded from one brand repository."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    root: Path
    charter: Charter
    charter_text: str
    posts: tuple[Post, ...]
    topics: tuple[SeasonalTopic, ...]
    campaigns: tuple[Campaign, ...]
    findings: tuple[Finding, ...]
    """Problems found while loading (syntax, schema, unreadable files)."""
