"""The charter's ``editor`` section: the web editor (Decap CMS) under the site's ``admin/``.

Without this section no ``admin/`` is published: a public page that asks for a
GitHub login is something a brand turns on, not something it finds on its site.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.text.messages import msg

_REPO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")


class Editor(BaseModel):
    """Where the web editor saves: a GitHub repository, through pull requests (editorial workflow)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
    repo: str = Field(description="The brand repository on GitHub, as owner/name.")
    branch: str = Field(default="main", min_length=1, description="The branch pull requests go to.")
    base_url: str | None = Field(
        default=None,
        description="Address of the OAuth proxy that logs people in to GitHub (https://...).",
    )
    auth_endpoint: str | None = Field(
        default=None, description="Path of the login on that proxy, when it is not /auth."
    )
    local_port: int = Field(
        default=8081, ge=1, le=65535, description="Port of decap-server, the local backend, on this computer."
    )

    @field_validator("repo")
    @classmethod
    def _owner_name(cls, value: str) -> str:
        if not _REPO.match(value):
            raise ValueError(
                msg("{value} is not a GitHub repository of the form owner/name", value=repr(value))
            )
        return value

    @field_validator("base_url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("https://"):
            raise ValueError(msg("base_url must start with https://: the login passes a GitHub token"))
        return value
