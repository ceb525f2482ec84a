"""Printing an :class:`~pipeline.commands.agenda.Agenda`: a rich table on a terminal, plain text otherwise.

Both say the same things in the same order; plain text is for pipes, logs and
``NO_COLOR``, JSON (``Agenda.as_json``) for scripts.
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table

from pipeline.commands.agenda import Agenda, AgendaBestTime, AgendaDate, AgendaDay, AgendaPost

_STATUS_STYLE = {"approved": "green", "review": "cyan", "draft": "yellow", "idea": "dim"}


def _day_label(day: AgendaDay) -> str:
    return f"{day.date:%a %d %b}"


def _shown(agenda: Agenda) -> list[AgendaDay]:
    return [d for d in agenda.days if d.posts or d.seasonal or d.freeze]


def _findings(post: AgendaPost) -> str:
    if not post.findings:
        return "ok"
    return f"{post.findings} ({post.errors} error{'s' if post.errors != 1 else ''})"


def _coverage(date: AgendaDate) -> str:
    need = "must cover" if date.must_cover else "optional"
    return f"{need}: {date.approved} approved / {date.planned} planned"


def _titles(agenda: Agenda) -> dict[str, str]:
    return {s.slug: s.title for s in agenda.seasonal}


def as_plain(agenda: Agenda) -> str:
    """The agenda as plain text, one line per item."""
    titles = _titles(agenda)
    out = [f"Agenda {agenda.first} to {agenda.last} (today {agenda.today})", ""]
    shown = _shown(agenda)
    if not shown:
        out.append("Nothing planned.")
    for day in shown:
        notes = [f"seasonal: {titles.get(s, s)}" for s in day.seasonal]
        notes += [f"freeze: {day.freeze}"] if day.freeze else []
        out.append(_day_label(day) + (f"  [{'; '.join(notes)}]" if notes else ""))
        for post in day.posts:
            out.append(
                f"  {post.time}  {', '.join(post.channels)}  {post.title}  "
                f"({post.status}, {post.pillar}; findings: {_findings(post)})"
            )
    if agenda.seasonal:
        out += ["", "Seasonal dates"]
        for date in agenda.seasonal:
            span = date.start.isoformat() if date.end == date.start else f"{date.start} to {date.end}"
            out.append(f"  {span}  {date.title}  lead from {date.lead_start}  {_coverage(date)}")
    if agenda.freezes:
        out += ["", "Freezes"]
        out += [f"  {f.start} to {f.end}  {f.reason}" for f in agenda.freezes]
    if agenda.gaps:
        out += ["", "Weeks short of the cadence"]
        out += [
            f"  {g.week} (week of {g.monday})  {g.channel}: {g.posts} of at least {g.minimum}"
            for g in agenda.gaps
        ]
    if agenda.best_times:
        out += ["", BEST_TIMES]
        out += [_best(b) for b in agenda.best_times]
    return "\n".join(out) + "\n"


BEST_TIMES = "Best times, from your results"
BEST_LINE = "  {channel}: {time} ({rate} engagement, {posts} of {of} posts)"


def _best(b: AgendaBestTime) -> str:
    rate = f"{b.rate * 100:.1f} %"
    return BEST_LINE.format(channel=b.channel, time=b.time, rate=rate, posts=b.posts, of=b.of)


def print_rich(agenda: Agenda, console: Console) -> None:
    """The agenda as rich tables, for a terminal."""
    titles = _titles(agenda)
    posts = Table(title=f"Agenda {agenda.first} to {agenda.last}", box=box.SIMPLE_HEAD, title_justify="left")
    posts.add_column("Day", no_wrap=True)
    posts.add_column("Time", no_wrap=True)
    posts.add_column("Channels", no_wrap=True)
    posts.add_column("Title", ratio=1, min_width=16)
    for name in ("Status", "Pillar", "Findings"):
        posts.add_column(name, no_wrap=True)
    for day in _shown(agenda):
        notes = [f"🗓 {titles.get(s, s)}" for s in day.seasonal] + ([f"❄ {day.freeze}"] if day.freeze else [])
        if not day.posts:
            note = "[italic]" + "; ".join(notes)
            posts.add_row(_day_label(day), "", "", note, "", "", "", end_section=True)
        for index, post in enumerate(day.posts):
            label = _day_label(day) if index == 0 else ""
            title = post.title + (f"  [italic]({'; '.join(notes)})" if index == 0 and notes else "")
            style = _STATUS_STYLE.get(post.status, "")
            found = f"[red]{_findings(post)}" if post.errors else _findings(post)
            last = index == len(day.posts) - 1
            posts.add_row(
                label,
                post.time,
                "\n".join(post.channels),
                title,
                f"[{style}]{post.status}",
                post.pillar,
                found,
                end_section=last,
            )
    console.print(posts)
    if agenda.seasonal:
        dates = Table(title="Seasonal dates", box=box.SIMPLE_HEAD, title_justify="left")
        for name in ("Date", "Topic", "Lead from", "Coverage"):
            dates.add_column(name)
        for date in agenda.seasonal:
            coverage = f"[red]{_coverage(date)}" if date.uncovered else _coverage(date)
            dates.add_row(date.start.isoformat(), date.title, date.lead_start.isoformat(), coverage)
        console.print(dates)
    if agenda.freezes:
        console.print("[bold]Freezes[/bold]")
        for freeze in agenda.freezes:
            console.print(f"  {freeze.start} to {freeze.end}  {freeze.reason}", markup=False, highlight=False)
    if agenda.gaps:
        console.print("[bold]Weeks short of the cadence[/bold]")
        for gap in agenda.gaps:
            console.print(
                f"  {gap.week} (week of {gap.monday})  {gap.channel}: {gap.posts} of at least {gap.minimum}",
                markup=False,
                highlight=False,
            )
    if agenda.best_times:
        console.print(f"[bold]{BEST_TIMES}[/bold]")
        for b in agenda.best_times:
            console.print(_best(b), markup=False, highlight=False)
