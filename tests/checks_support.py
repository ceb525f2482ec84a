"""Tiny brands written by the checks tests: a charter and a few posts in tmp_path."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipeline.model.findings import Finding
from pipeline.stages.check.engine import run_checks
from pipeline.stages.load.loader import load_project

TODAY = date(2026, 11, 20)
BASE_CHARTER = """brand:
  name: Test
  timezone: Europe/Paris
"""


def post_text(
    body: str,
    *,
    when: str = "2026-12-01 10:00",
    channels: str = "[linkedin]",
    status: str = "approved",
    extra: str = "",
    pillar: str = "community",
) -> str:
    """A post file with the given body and front matter pieces."""
    return (
        f"---\ntitle: Essai\npublish_at: {when}\nchannels: {channels}\npillar: {pillar}\n"
        f"status: {status}\n{extra}---\n{body}\n"
    )


def make_brand(root: Path, charter: str, posts: dict[str, str], topics: dict[str, str] | None = None) -> Path:
    """Write a brand: ``charter.yaml`` (after a minimal ``brand:``), posts and seasonal topics."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "charter.yaml").write_text(BASE_CHARTER + charter, encoding="utf-8")
    for name, text in posts.items():
        path = root / "content" / "posts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name, text in (topics or {}).items():
        path = root / "calendar" / "seasonal" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def check(root: Path, *, rule: str | None = None, today: date = TODAY) -> list[Finding]:
    """Findings of a brand (of one rule when given)."""
    found = run_checks(load_project(root, use_cache=False), today=today)
    return [f for f in found if rule is None or f.rule == rule]


def one_post(tmp_path: Path, charter: str, body: str, rule: str, **kwargs: str) -> list[Finding]:
    """Findings of one rule on a brand with a single post."""
    root = make_brand(tmp_path / "brand", charter, {"2026-12-01-essai.md": post_text(body, **kwargs)})
    return check(root, rule=rule)
