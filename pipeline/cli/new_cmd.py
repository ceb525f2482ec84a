"""``almanac new post|topic TITLE``: write a new draft post or seasonal topic, filled from the charter."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli.common import reports_errors, root_option, speaks_option
from pipeline.commands.scaffold import (
    PostRequest,
    TopicRequest,
    new_post,
    new_topic,
    parse_channels,
    parse_date,
    parse_easter,
    parse_month_day,
    parse_time,
)
from pipeline.stages.load.loader import load_project


@click.group("new")
def new_command() -> None:
    """Write a new post or seasonal topic, ready for `almanac check`."""


@new_command.command("post")
@click.argument("title")
@root_option
@click.option("--date", "day", required=True, metavar="DATE", help="Day, e.g. 2027-01-25.")
@click.option(
    "--time",
    "at",
    metavar="HH:MM",
    help="Wall time (default: best hour in results/, first window, 10:00).",
)
@click.option("--channels", metavar="A,B", help="Comma-separated (default: topic's, charter's).")
@click.option("--topic", metavar="SLUG", help="Seasonal topic the post is about.")
@click.option("--campaign", metavar="SLUG", help="Campaign the post belongs to.")
@click.option("--pillar", help="Kind of content (default: the topic's, or the charter's first).")
@speaks_option
@reports_errors
def new_post_command(
    title: str,
    root: Path,
    day: str,
    at: str | None,
    channels: str | None,
    topic: str | None,
    campaign: str | None,
    pillar: str | None,
) -> None:
    """Write content/posts/YYYY/MM/YYYY-MM-DD-<slug>.md as a draft and print its path."""
    request = PostRequest(
        title=title.strip(),
        day=parse_date(day),
        at=parse_time(at) if at else None,
        channels=parse_channels(channels),
        topic=topic,
        campaign=campaign,
        pillar=pillar,
    )
    project = load_project(root)
    click.echo(new_post(project, request).relative_to(project.root).as_posix())


@new_command.command("topic")
@click.argument("title")
@root_option
@click.option("--date", "day", metavar="MM-DD", help="Same day every year, e.g. 02-14.")
@click.option("--rrule", metavar="RULE", help="Yearly RFC 5545 rule, e.g. FREQ=YEARLY;BYMONTH=5;BYDAY=-1SU.")
@click.option("--easter", metavar="N", help="Days after Easter Sunday (49: Pentecost).")
@click.option("--lead-days", type=click.IntRange(0, 366), default=14, show_default=True, help="Days of lead.")
@click.option("--must-cover", is_flag=True, help="The brand must post about it every year.")
@click.option("--channels", metavar="A,B", help="Comma-separated channels it suits.")
@click.option("--pillar", help="Kind of content it calls for.")
@speaks_option
@reports_errors
def new_topic_command(
    title: str,
    root: Path,
    day: str | None,
    rrule: str | None,
    easter: str | None,
    lead_days: int,
    must_cover: bool,
    channels: str | None,
    pillar: str | None,
) -> None:
    """Write calendar/seasonal/<slug>.md and print its path."""
    request = TopicRequest(
        title=title.strip(),
        date=parse_month_day(day) if day is not None else None,
        rrule=rrule,
        easter=parse_easter(easter) if easter is not None else None,
        lead_days=lead_days,
        must_cover=must_cover,
        channels=parse_channels(channels),
        pillar=pillar,
    )
    project = load_project(root)
    click.echo(new_topic(project, request).relative_to(project.root).as_posix())
