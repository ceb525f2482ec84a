"""Printing an :class:`~pipeline.commands.agenda.Agenda`: a rich table on a terminal, plain text otherwise.

Both say the same things in the same order; plain text is for pipes, logs and
``NO_COLOR``, JSON (``Agenda.as_json``) for scripts. Both speak the user's language
(``words``, from ``--lang`` or the locale); JSON keys and values stay as they are.
"""

from __future__ import annotations

from datetime import date

from rich import box
from rich.console import Console
from rich.table import Table

from pipeline.commands.agenda import Agenda, AgendaBestTime, AgendaDate, AgendaDay, AgendaGap, AgendaPost
from pipeline.text.i18n import Translator, translator

_STATUS_STYLE = {"approved": "green", "review": "cyan", "draft": "yellow", "idea": "dim"}


def _day(day: date, agenda: Agenda, words: Translator) -> str:
    """Babel's weekday, day and month (« mar. 1 déc. », "Tue, Dec 1"), the year when not today's."""
    return words.short_day(day, year=day.year != agenda.today.year)


def _status(status: str, words: Translator) -> str:
    _ = words.gettext
    names = {"idea": _("idea"), "draft": _("draft"), "review": _("review"), "approved": _("approved")}
    return names.get(status, status)


def _shown(agenda: Agenda) -> list[AgendaDay]:
    return [d for d in agenda.days if d.posts or d.seasonal or d.freeze]


def _findings(post: AgendaPost, words: Translator) -> str:
    if not post.findings:
        return words.gettext("ok")
    errors = words.ngettext("{count} error", "{count} errors", post.errors)
    return f"{post.findings} ({errors})"


def _coverage(topic: AgendaDate, words: Translator) -> str:
    counts = {
        "approved": words.ngettext("{count} approved", "{count} approved", topic.approved),
        "planned": words.ngettext("{count} planned", "{count} planned", topic.planned),
    }
    if topic.must_cover:
        return words.gettext("must cover: {approved} / {planned}", **counts)
    return words.gettext("optional: {approved} / {planned}", **counts)


def _titles(agenda: Agenda) -> dict[str, str]:
    return {s.slug: s.title for s in agenda.seasonal}


def as_plain(agenda: Agenda, words: Translator | None = None) -> str:
    """The agenda as plain text, one line per item (English unless ``words`` says otherwise)."""
    words = words or translator("en")
    _ = words.gettext
    titles = _titles(agenda)
    out = [
        _(
            "Agenda {first} to {last} (today {today})",
            first=_day(agenda.first, agenda, words),
            last=_day(agenda.last, agenda, words),
            today=_day(agenda.today, agenda, words),
        )
    ]
    out.append("")
    shown = _shown(agenda)
    if not shown:
        out.append(_("Nothing planned."))
    for day in shown:
        notes = [_("seasonal: {title}", title=titles.get(s, s)) for s in day.seasonal]
        notes += [_("freeze: {reason}", reason=day.freeze)] if day.freeze else []
        out.append(_day(day.date, agenda, words) + (f"  [{words.listed(notes)}]" if notes else ""))
        for post in day.posts:
            details = _(
                "({status}, {pillar}; findings: {findings})",
                status=_status(post.status, words),
                pillar=post.pillar,
                findings=_findings(post, words),
            )
            out.append(f"  {post.time}  {', '.join(post.channels)}  {post.title}  {details}")
    if agenda.seasonal:
        out += ["", _("Seasonal dates")]
        for topic in agenda.seasonal:
            lead = _("lead from {day}", day=_day(topic.lead_start, agenda, words))
            out.append(f"  {_dates(topic, agenda, words)}  {topic.title}  {lead}  {_coverage(topic, words)}")
    if agenda.freezes:
        out += ["", _("Freezes")]
        out += [f"  {_span(f.start, f.end, agenda, words)}  {f.reason}" for f in agenda.freezes]
    if agenda.gaps:
        out += ["", _("Weeks short of the cadence")]
        out += [f"  {_gap(g, agenda, words)}" for g in agenda.gaps]
    if agenda.best_times:
        out += ["", _("Best times, from your results")]
        out += [_best(b, words) for b in agenda.best_times]
    return "\n".join(out) + "\n"


def _best(b: AgendaBestTime, words: Translator) -> str:
    return words.gettext(
        "  {channel}: {time} ({rate} engagement, {posts} of {of} posts)",
        channel=b.channel,
        time=b.time,
        rate=words.percent(b.rate),
        posts=b.posts,
        of=b.of,
    )


def _span(first: date, last: date, agenda: Agenda, words: Translator) -> str:
    return words.gettext(
        "{first} to {last}", first=_day(first, agenda, words), last=_day(last, agenda, words)
    )


def _dates(topic: AgendaDate, agenda: Agenda, words: Translator) -> str:
    if topic.end == topic.start:
        return _day(topic.start, agenda, words)
    return _span(topic.start, topic.end, agenda, words)


def _gap(gap: AgendaGap, agenda: Agenda, words: Translator) -> str:
    return words.gettext(
        "{week} (week of {monday})  {channel}: {posts} of at least {least}",
        week=gap.week,
        monday=_day(gap.monday, agenda, words),
        channel=gap.channel,
        posts=gap.posts,
        least=gap.minimum,
    )


def print_rich(agenda: Agenda, console: Console, words: Translator | None = None) -> None:
    """The agenda as rich tables, for a terminal (English unless ``words`` says otherwise)."""
    words = words or translator("en")
    _ = words.gettext
    titles = _titles(agenda)
    posts = Table(
        title=_(
            "Agenda {first} to {last}",
            first=_day(agenda.first, agenda, words),
            last=_day(agenda.last, agenda, words),
        ),
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    posts.add_column(_("Day"), no_wrap=True)
    posts.add_column(_("Time"), no_wrap=True)
    posts.add_column(_("Channels"), no_wrap=True)
    posts.add_column(_("Title"), ratio=1, min_width=16)
    for name in (_("Status"), _("Pillar"), _("Findings")):
        posts.add_column(name, no_wrap=True)
    for day in _shown(agenda):
        notes = [f"🗓 {titles.get(s, s)}" for s in day.seasonal] + ([f"❄ {day.freeze}"] if day.freeze else [])
        if not day.posts:
            note = "[italic]" + words.listed(notes)
            posts.add_row(_day(day.date, agenda, words), "", "", note, "", "", "", end_section=True)
        for index, post in enumerate(day.posts):
            label = _day(day.date, agenda, words) if index == 0 else ""
            title = post.title + (f"  [italic]({words.listed(notes)})" if index == 0 and notes else "")
            style = _STATUS_STYLE.get(post.status, "")
            found = f"[red]{_findings(post, words)}" if post.errors else _findings(post, words)
            last = index == len(day.posts) - 1
            posts.add_row(
                label,
                post.time,
                "\n".join(post.channels),
                title,
                f"[{style}]{_status(post.status, words)}",
                post.pillar,
                found,
                end_section=last,
            )
    console.print(posts)
    if agenda.seasonal:
        dates = Table(title=_("Seasonal dates"), box=box.SIMPLE_HEAD, title_justify="left")
        for name in (_("Date"), _("Topic"), _("Lead from"), _("Coverage")):
            dates.add_column(name)
        for topic in agenda.seasonal:
            coverage = f"[red]{_coverage(topic, words)}" if topic.uncovered else _coverage(topic, words)
            dates.add_row(
                _dates(topic, agenda, words), topic.title, _day(topic.lead_start, agenda, words), coverage
            )
        console.print(dates)
    if agenda.freezes:
        console.print(f"[bold]{_('Freezes')}[/bold]")
        for freeze in agenda.freezes:
            line = f"  {_span(freeze.start, freeze.end, agenda, words)}  {freeze.reason}"
            console.print(line, markup=False, highlight=False)
    if agenda.gaps:
        console.print(f"[bold]{_('Weeks short of the cadence')}[/bold]")
        for gap in agenda.gaps:
            console.print(f"  {_gap(gap, agenda, words)}", markup=False, highlight=False)
    if agenda.best_times:
        console.print(f"[bold]{_('Best times, from your results')}[/bold]")
        for b in agenda.best_times:
            console.print(_best(b, words), markup=False, highlight=False)
