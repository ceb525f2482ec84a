"""Stable JSON bytes for the JSON exports."""

from __future__ import annotations

import json
from datetime import UTC, datetime


def dumps(value: object) -> bytes:
    """UTF-8 JSON, keys in a fixed order as given, two-space indent, a final newline."""
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def utc_millis(moment: datetime) -> str:
    """``2026-12-01T09:00:00.000Z``, the form Buffer's and Postiz's examples use."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
