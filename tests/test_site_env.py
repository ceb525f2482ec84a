"""The site environment's own ``_()`` and formats give what Jinja's i18n and the translator give."""

from __future__ import annotations

from datetime import date

from jinja2 import Environment

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
