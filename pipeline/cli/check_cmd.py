"""``almanac check``: the charter checks alone, fast enough for every pull request."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from pipeline.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    echo,
    lang_option,
    reports_errors,
    root_option,
    shown,
    today_option,
    user_words,
)
from pipeline.model.inputs import CACHE_DIR, CALENDAR_INDEX_FILE, PARSE_CACHE_FILE, posts_at_least
from pipeline.text.i18n import gettext_of, ngettext_of


@click.command("check")
@root_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github", "sarif"]),
    default="text",
    show_default=True,
    help="How to print findings.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--since",
    metavar="REF",
    help="Pull-request mode: only findings about files changed since the merge base of REF and HEAD.",
)
@click.option("--fix", is_flag=True, help="Apply the safe fixes (French spacing, terms, hashtag case).")
@click.option("--dry-run", is_flag=True, help="With --fix: print the diff, change nothing.")
@click.option(
    "--watch",
    is_flag=True,
    help="Stay up and check again after every change to the brand's files (Ctrl-C to stop).",
)
@click.option("--interval", type=click.FloatRange(min=0.05), default=0.5, show_default=True, hidden=True)
@today_option
@lang_option
@reports_errors
def check_command(
    root: Path,
    fmt: str,
    strict: bool,
    since: str | None,
    fix: bool,
    dry_run: bool,
    watch: bool,
    interval: float,
    today: date | None,
    lang: str | None,
) -> None:
    """Check posts and topics against the brand charter."""
    words = user_words(lang)
    _ = gettext_of(words)
    if dry_run and not fix:
        raise click.UsageError(_("--dry-run only goes with --fix"))
    if watch:
        if since or fix or fmt not in ("text", "json"):
            raise click.UsageError(_("--watch goes with --format text or json, without --since or --fix"))
        from pipeline.cli.check_watch import watch_and_print

        sys.exit(watch_and_print(root, fmt=fmt, strict=strict, today=today, interval=interval, words=words))
    if not (root / CACHE_DIR / (CALENDAR_INDEX_FILE if since and not fix else PARSE_CACHE_FILE)).exists():
        from pipeline.stages.fanout import MIN_ITEMS, warm_up

        if posts_at_least(root, MIN_ITEMS):
            warm_up()  # nothing cached: every post is parsed, on every core (see warm_up)
    ahead = None
    if since:
        from pipeline.stages.check.since import ChangesAhead

        ahead = ChangesAhead(root, since)  # git lists the changes while the rest is imported
    # Imported only now, for the reason above.
    from pipeline.build.runs import check
    from pipeline.model.findings import has_failures
    from pipeline.stages.check.localize import localized
    from pipeline.stages.check.report import as_github, as_json, as_markdown, as_text
    from pipeline.stages.check.rules import ALL_RULES
    from pipeline.stages.check.sarif import as_sarif

    run = check(root, today=today, since=since, fix=fix, dry_run=dry_run, ahead=ahead)
    if run.diff is not None:
        echo(run.diff)
        sys.exit(EXIT_OK)
    if fix:
        for item in run.fixes:
            for change in item.changes:
                click.echo(_("fixed {change}", change=shown(change)), err=True)
        ngettext = ngettext_of(words)
        click.echo(ngettext("{count} file fixed", "{count} files fixed", len(run.fixes)), err=True)
    # Messages in the user's language; rule ids, levels in data and JSON keys stay English.
    findings = localized(run.findings, words) if words else run.findings
    if fmt == "json":
        echo(as_json(findings))
    elif fmt == "sarif":
        echo(as_sarif(findings, [(r.id, r.level, r.rationale) for r in ALL_RULES]))
    elif fmt == "github":
        echo(as_github(findings, words))
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with Path(summary).open("a", encoding="utf-8") as handle:
                handle.write(as_markdown(findings, words))
    else:
        echo(as_text(findings, words))
    sys.exit(EXIT_FINDINGS if has_failures(findings, strict=strict) else EXIT_OK)
