"""The site's Jinja environment and the safe text filters its templates use.

Autoescape is on for every template and undefined names raise (StrictUndefined),
so a typo in a template fails the tests instead of printing nothing. Text from
posts reaches the HTML only through :func:`markdown` (raw HTML escaped, images
off so no page ever loads a remote file) or :func:`social_text` (escaped piece
by piece).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import cache, lru_cache
from importlib import resources
from types import BuiltinFunctionType, FunctionType, MethodWrapperType
from typing import Any, Final

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context, Macro
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from pipeline.output import layout
from pipeline.text.i18n import Translator, translator
from pipeline.text.urls import safe_url

STYLESHEET = "style.css"
"""The stylesheet's name among the templates (where it is published: :func:`layout.stylesheet`)."""
SCRIPT = "clock.js"
"""The script's name among the templates (where it is published: :func:`layout.script`)."""

# A URL or a hashtag, as networks highlight them in a post's text.
_TOKEN = re.compile(r"(?P<url>https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]])|(?P<tag>(?<![\w#&])#\w+)")


@cache
def _markdown() -> MarkdownIt:
    # "image" is off: a Markdown image would make the page fetch a remote file.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")


@lru_cache(maxsize=16384)
def markdown(text: str) -> Markup:
    """A post or topic body as HTML: Markdown rendered, any raw HTML shown as text.

    Kept for the texts last rendered: a post's body is on its week's page and on its own.
    """
    if _NOT_PLAIN.search(text) is None:
        return Markup(_plain_paragraphs(text))
    return Markup(_markdown().render(text))


# What makes a text more than plain paragraphs for CommonMark: inline syntax (emphasis, code,
# links, autolinks, entities, escapes), tabs and control characters, a line that could open
# another block (indented, a list, a quote, a heading, a setext underline) and whitespace
# ending a line (a hard break, or stripped). Most posts have none of it: 0.1 ms a text saved
# on 20,000 texts a site. tests/test_site_markdown.py holds both ways to the same HTML.
_NOT_PLAIN: Final = re.compile(
    r"[\\`*_\[\]<>&~|\x00-\x09\x0b-\x1f\x7f]"
    r"|^(?:[^\S\n]|[-+=>]|#+(?:[ \t]|$)|\d+[.)])"
    r"|[^\S\n]$",
    re.MULTILINE,
)


def _plain_paragraphs(text: str) -> str:
    """What markdown-it renders for text without any syntax: lines into paragraphs at blank lines."""
    paragraphs = [block.replace('"', "&quot;") for block in re.split(r"\n\n+", text.strip("\n")) if block]
    return "".join(f"<p>{block}</p>\n" for block in paragraphs)


def social_text(text: str) -> Markup:
    """Plain post text as a network shows it: escaped, links and hashtags highlighted, line breaks kept."""
    out: list[str] = []
    last = 0
    for match in _TOKEN.finditer(text):
        out.append(str(escape(text[last : match.start()])))
        token = str(escape(match.group()))
        if match.group("url"):
            href = escape(safe_url(match.group()))
            out.append(f'<a class="link" href="{href}" rel="noopener noreferrer">{token}</a>')
        else:
            out.append(f'<span class="hashtag">{token}</span>')
        last = match.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out).replace("\n", "<br>\n"))


@pass_context
def link(context: Context, target: str) -> str:
    """A link from the page being rendered (its output path is ``here``) to the output path ``target``."""
    return layout.link(target, context["here"])


_NEVER_PASSED = frozenset({BuiltinFunctionType, MethodWrapperType, Macro})
"""Callables that cannot carry Jinja's ``pass_context`` mark (builtins, bound slots, macros)."""
_MARKED_ALONE = frozenset({FunctionType, type(cache(len))})
"""Callables whose own attribute is the only place the mark can be (their ``__call__`` is a slot)."""


class _Context(Context):
    """Jinja's context, with a short way through for the calls a template makes most.

    ``Context.call`` looks for a ``pass_context`` mark on each callable and on its
    ``__call__`` before calling it: about a microsecond, on a million calls a site. The
    callables of the kinds above are called at once, exactly as there; any other goes
    through Jinja's own path.
    """

    def call(self, obj: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        kind = type(obj)
        if kind in _NEVER_PASSED or (kind in _MARKED_ALONE and not hasattr(obj, "jinja_pass_arg")):
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return obj(*args, **kwargs)
            except StopIteration:
                return self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        return super().call(obj, *args, **kwargs)


@pass_context
def part(context: Context, name: str) -> Markup:
    """The template ``name`` rendered with the page's context, once per section and depth in a build.

    The header, navigation, pause banner and footer (``top.html``, ``foot.html``) show the
    same build-wide values on every page: only the page's section and how deep it sits
    (its relative links) change them. Rendering them for each of 10,000 pages was a
    quarter of a page's time; the build's ``parts`` (a dict in the common context, made
    afresh for each build) keeps each variant once made.
    """
    here: str = context["here"]
    key = (name, context.get("section"), here.count("/"))
    parts: dict[tuple[str, object, int], Markup] | None = context.get("parts")
    found = parts.get(key) if parts is not None else None
    if found is None:
        found = Markup(context.environment.get_template(name).render(context.get_all()))
        if parts is not None:
            parts[key] = found
    return found


@cache
def environment(language: str = "en") -> Environment:
    """The site's Jinja environment in one language (a BCP 47 tag), made once per language.

    Templates write their text as English msgids (``{{ _("Month") }}``, ``{% trans %}``);
    Jinja's i18n extension takes the translations from the brand language's catalogue,
    and ``t`` formats dates and numbers with Babel's locale data (:mod:`pipeline.text.i18n`).
    """
    words = translator(language)
    env = Environment(
        extensions=["jinja2.ext.i18n"],
        loader=PackageLoader("pipeline.stages.site", "templates"),
        autoescape=select_autoescape(["html", "svg"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates ship with the package: no stat of every template per page
    )
    env.context_class = _Context
    env.filters["markdown"] = markdown
    env.filters["social"] = social_text
    env.install_gettext_translations(words.messages, newstyle=True)  # type: ignore[attr-defined]
    env.globals["_"] = _underscore(words)
    formats = Formats(words)
    env.filters["percent"] = formats.percent
    env.globals["t"] = formats
    # Markup with its %-arguments escaped: how a translated sentence takes a <time> or <code>.
    env.globals["html"] = Markup
    # Templates name files only through the layout, and link to them only relative to the page.
    env.globals["layout"] = layout
    env.globals["link"] = link
    env.globals["part"] = part
    # Every href or src built from a post's data goes through it: only https/http links leave.
    env.filters["safe_url"] = safe_url
    return env


def _underscore(words: Translator) -> Callable[..., Markup]:
    """``_()`` as Jinja's newstyle gettext does it under autoescape, each message looked up once.

    Jinja's own goes through two context calls per message, tens of times per page on
    thousands of pages; every site template autoescapes, so the translation is Markup
    and its ``%(name)s`` values are escaped as they go in, exactly as there.
    """

    @cache
    def marked(message: str) -> Markup:
        return Markup(words.messages.gettext(message))

    @cache
    def alone(message: str) -> Markup:
        # Most calls have no values: the formatted message (``%%`` made ``%``) is kept too,
        # which spares Markup's ``%`` machinery (8 µs a call, forty calls a page).
        return marked(message) % {}

    def underscore(message: str, **variables: Any) -> Markup:
        return marked(message) % variables if variables else alone(message)

    return underscore


class Formats:
    """A translator's dates and numbers for the templates, each value formatted once per process.

    Babel reads its CLDR pattern on every call, and the site writes the same few
    hundred days and numbers on thousands of pages. Anything else is the translator's.
    """

    CACHED = (
        "day",
        "short_day",
        "day_month",
        "month",
        "month_year_short",
        "month_short",
        "number",
        "percent",
    )

    def __init__(self, words: Translator) -> None:
        self.words = words
        for name in self.CACHED:
            setattr(self, name, lru_cache(maxsize=4096)(getattr(words, name)))
        self._times: dict[tuple[object, ...], str] = {}

    def time(self, moment: datetime) -> str:
        """The translator's wall time, formatted once per time of day, offset and zone.

        Only the wall time and the zone can show in a time pattern, and 10,000 posts go
        out at a few dozen times of day. (An aware datetime's own hash would not do:
        10:00+01:00 and 09:00Z are equal and hash alike, but are written differently.)
        """
        key = (moment.time(), moment.tzinfo, moment.utcoffset(), moment.tzname())
        found = self._times.get(key)
        if found is None:
            found = self._times[key] = self.words.time(moment)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self.words, name)


def stylesheet() -> bytes:
    """The site's one stylesheet, shipped with the package."""
    return resources.files("pipeline.stages.site").joinpath("templates", STYLESHEET).read_bytes()


def script() -> bytes:
    """The site's one script, shipped with the package (see ``templates/clock.js``)."""
    return resources.files("pipeline.stages.site").joinpath("templates", SCRIPT).read_bytes()
