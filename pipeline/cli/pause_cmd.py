"""``almanac pause`` and ``almanac resume``: the crisis pause, from the command line."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from pipeline.cli.common import (
    current_words,
    echo,
    parse_day,
    reports_errors,
    root_option,
    said,
    speaks_option,
    today_option,
)
from pipeline.commands.pause import pause
from pipeline.commands.resume import ResumeRun, resume
from pipeline.text.i18n import Translator, translator
from pipeline.text.messages import N_

WRITTEN = N_("charter.yaml: pause written; commit it. List for the schedulers: {path}")
NOT_EXACT = N_("note: charter.yaml's layout could not be kept exactly; review the diff before committing")
PLAN_HEAD = N_("Pause since {since} ({reason}) ends at {ended}.")
MOVE = N_("  {post}: {old} -> {new}")
NO_SLOT = N_("  {post}: {old} -> no slot within the horizon; plan it by hand")
NOTHING = N_("No post to move: the pause held back nothing that is now past.")
DRY = N_("Dry run: nothing written. Run again with --apply to end the pause and move the posts.")
APPLIED = N_("Written: {files}. Commit them, then import the new bundle into the schedulers.")


@click.command("pause")
@root_option
@click.option("--reason", required=True, help="Why publishing stops; shown on the site and in the feeds.")
@click.option("--until", callback=parse_day, metavar="DATE", help="Last paused day (default: the horizon).")
@today_option
@speaks_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder holding the bundles (default: ROOT/dist).",
)
@reports_errors
def pause_command(root: Path, reason: str, until: date | None, today: date | None, out: Path | None) -> None:
    """Stop publishing now: a freeze from this instant in charter.yaml, and what to suspend in schedulers."""
    _, user = said(), current_words()
    run = pause(root, reason=reason, until=until, today=today, out=out, words=user)
    since = run.pause.since
    words = user or translator("en")  # English dates still need Babel's English
    lines = [
        words.ngettext(
            "{count} post held back by the pause (check flags it; the feeds cancel it):",
            "{count} posts held back by the pause (check flags them; the feeds cancel them):",
            len(run.held),
        )
    ]
    for post in run.held:
        when = post.when.astimezone(since.tzinfo if since else None)
        lines.append(f"  {_when(when, since or when, words)}  {post.id}  [{', '.join(post.meta.channels)}]")
    echo("\n".join(lines) + "\n\n" + run.notice + "\n")
    click.echo(_(WRITTEN, path=run.notice_path))
    if not run.exact:
        click.echo(_(NOT_EXACT), err=True)


@click.command("resume")
@root_option
@click.option(
    "--apply", is_flag=True, help="End the pause in charter.yaml and rewrite the posts' publish_at."
)
@today_option
@speaks_option
@reports_errors
def resume_command(root: Path, apply: bool, today: date | None) -> None:
    """End the crisis pause and propose new slots for the posts it held back (a dry run without --apply)."""
    run = resume(root, today=today, apply=apply)
    echo(plan_text(run))
    if not run.exact:
        click.echo(said()(NOT_EXACT), err=True)


def _when(moment: datetime, now: datetime, words: Translator) -> str:
    """A moment as the user's language writes it, with its year when it is not this year's."""
    return words.moment(moment, year=moment.year != now.year)


def plan_text(run: ResumeRun) -> str:
    """The plan as printed, in the user's language."""
    words = current_words() or translator("en")  # English dates still need Babel's English
    _ = words.gettext
    tz, ended, since = run.ended.tzinfo, run.ended, run.pause.since
    lines = [
        _(
            PLAN_HEAD,
            since=_when(since.astimezone(tz), ended, words) if since else "?",
            reason=run.pause.reason,
            ended=_when(ended, ended, words),
        )
    ]
    for move in run.moves:
        old = _when(move.old.astimezone(tz), ended, words)
        if move.new is None:
            lines.append(_(NO_SLOT, post=move.post.id, old=old))
        else:
            lines.append(
                _(MOVE, post=move.post.id, old=old, new=_when(move.new.astimezone(tz), ended, words))
            )
    if not run.moves:
        lines.append(_(NOTHING))
    lines.append(_(APPLIED, files=", ".join(run.written)) if run.applied else _(DRY))
    return "\n".join(lines) + "\n"
