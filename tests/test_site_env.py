"""The site environment's own ``_()`` and formats give what Jinja's i18n and the translator give."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from jinja2 import Environment, StrictUndefined, UndefinedError, pass_context
from jinja2.runtime import Context

from pipeline.stages.site.env import Formats, environment, markdown
from pipeline.text.i18n import translator

TEXT = (
    '{{ _("Month") }}|{{ _("%(day)s, %(time)s", day="<i>lundi</i>", time=t.number(1234)) }}'
    '|{{ _("(date gone by)") }}|{{ t.day(d) }}|{{ t.day(d, year=False) }}|{{ 0.2 | percent }}'
)


def test_underscore_and_formats_render_as_jinja_and_the_translator_do() -> None:
    for language in ("fr", "en"):
        words = translator(language)
        plain = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
        plain.install_gettext_translations(words.messages, newstyle=True)  # type: ignore[attr-defined]
        plain.globals["t"] = words
        plain.filters["percent"] = words.percent
        day = date(2026, 12, 1)
        ours = environment(language).from_string(TEXT).render(d=day)
        assert ours == plain.from_string(TEXT).render(d=day)
        assert "&lt;i&gt;lundi" in ours  # values still escaped as they go into the sentence
        formats = environment(language).globals["t"]
        assert isinstance(formats, Formats) and formats.gettext("Month") == words.gettext("Month")


def test_markdown_kept_is_the_same_markup() -> None:
    first = markdown("Un *mot* <script>")
    assert markdown("Un *mot* <script>") is first
    assert first == "<p>Un <em>mot</em> &lt;script&gt;</p>\n"


def test_times_of_one_instant_in_two_zones_are_written_apart() -> None:
    """Equal aware datetimes hash alike: the kept times must not mix 10:00 Paris and 09:00 UTC."""
    words = translator("fr")
    formats = environment("fr").globals["t"]
    assert isinstance(formats, Formats)
    paris = datetime(2026, 1, 5, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    utc = paris.astimezone(UTC)
    summer = datetime(2026, 7, 6, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert paris == utc
    for moment in (paris, utc, summer, paris, utc):
        assert formats.time(moment) == words.time(moment)
    assert formats.time(paris) != formats.time(utc)


@pass_context
def _here(context: Context, suffix: str) -> str:
    return str(context["here"]) + suffix


def _stop() -> None:
    raise StopIteration


CALLS = (
    "{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m(1) }}|{{ d.isoformat() }}|{{ f(2, b=3) }}"
    "|{{ kept(4) }}|{{ here_with('!') }}|{% for i in [1, 2] %}{{ here_with(i|string) }}{{ m(i) }}{% endfor %}"
    "|{{ p(5) }}|{{ 'a,b'.split(',') }}|{{ html('<b>%s</b>') | format('<i>') }}"
)


def test_template_calls_are_those_jinja_makes() -> None:
    """The environment's short way through ``Context.call`` gives what Jinja's own call gives."""
    values: dict[str, Any] = {
        "d": date(2026, 12, 1),
        "f": lambda a, b: a + b,
        "kept": functools.cache(lambda a: a * 2),
        "here_with": _here,
        "p": functools.partial(lambda a, b: a - b, 10),
        "here": "site/posts/x/index.html",
    }
    ours = environment("fr").from_string(CALLS)
    plain = Environment(autoescape=True, undefined=StrictUndefined)
    plain.globals["html"] = environment("fr").globals["html"]
    expected = plain.from_string(CALLS).render(**values)
    assert ours.render(**values) == expected
    assert "site/posts/x/index.html!" in expected and "[2]" in expected
    for env in (environment("fr"), plain):  # a StopIteration is an undefined value, as in Jinja
        with pytest.raises(UndefinedError, match="StopIteration"):
            env.from_string("{{ stop() }}").render(stop=_stop)
