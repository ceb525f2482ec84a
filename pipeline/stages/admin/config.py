"""Decap CMS's ``config.yml``, generated from the JSON Schemas of ``almanac schema`` and the charter.

Each front-matter key of the post, topic and campaign schemas becomes a form
field: its type gives the widget (string, number, boolean, list, select for an
enum, a date picker for ``format: date``, an object for a nested model), its
description the hint under it, ``required`` what the form insists on. The charter
turns channels and pillars into select lists, and a few keys get a better widget
than their type says (:data:`_SPECIAL`): the publication time, the relation of a
post to a topic or a campaign, the image of a visual. Keys the form leaves to git
(:data:`LEFT_TO_GIT`) are kept as they are when the CMS saves a file.

What the CMS writes must be what ``almanac check`` accepts:

- ``format: yaml-frontmatter``: ``---`` YAML ``---`` then the text, as Almanac reads;
- ``publish_at`` is written with its offset (``2026-12-01T10:00+01:00``, the
  offset of the editor's computer on that day), so the instant is unambiguous
  even in the repeated autumn hour;
- a new post's file is ``content/posts/<year>/<month>/<publish day>-<title slug>.md``
  (year and month of the day it is written: Decap fills ``{{year}}`` from the
  clock unless the date field is called ``date``; Almanac takes the id from the
  file name without its date, and any sub-folder).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pipeline.commands.schema import SCHEMAS, SchemaSpec, schema_for
from pipeline.model.charter import Charter
from pipeline.model.content import STATUSES
from pipeline.stages.admin.words import LABELS, is_french, say

POSTS_FOLDER = "content/posts"
TOPICS_FOLDER = "calendar/seasonal"
CAMPAIGNS_FOLDER = "calendar/campaigns"
MEDIA_FOLDER = "assets/images"

PUBLISH_AT_FORMAT = "YYYY-MM-DDTHH:mmZ"
"""dayjs format of ``publish_at``: ``2026-12-01T10:00+01:00``."""
DAY_FORMAT = "YYYY-MM-DD"

LEFT_TO_GIT: dict[str, frozenset[str]] = {
    # id: the file name gives it; ignore: silencing a rule needs a reason a reviewer reads in the diff.
    "post": frozenset({"id", "ignore"}),
    # overrides: a mapping of years to days, which Decap's widgets cannot edit.
    "topic": frozenset({"overrides"}),
    "campaign": frozenset(),
}
"""Front-matter keys the form does not show, by schema name (the CMS keeps them when it saves)."""
# `layout` (plain or accent card) too: the editor's visual widget offers an image or a card, not both.
NESTED_LEFT_TO_GIT = frozenset({"focus", "layout"})
VISUAL_WIDGET = "almanac-visual"
"""Decap's object widget with Almanac's rule for a visual (``almanac-visual.js``): optional, but once
there, exactly one of an image or a card, and an alternative text."""
PATTERN_MESSAGES = {"date": "Write the day as MM-DD, e.g. 02-14"}
"""What the form says when a value does not match its schema's pattern, by key."""
"""Keys of nested models left to git: a visual's focal point (two fractions), a card's layout."""


def _schemas() -> dict[str, dict[str, Any]]:
    by_name: dict[str, SchemaSpec] = {spec.name: spec for spec in SCHEMAS}
    return {name: schema_for(by_name[name]) for name in ("post", "topic", "campaign")}


def _unwrap(prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """The property without its ``null`` alternative, with a ``$ref`` resolved (keeping the outer keys)."""
    alternatives = [p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"]
    inner = dict(alternatives[0]) if len(alternatives) == 1 else dict(prop)
    if "$ref" in inner:
        inner = dict(defs[inner.pop("$ref").rsplit("/", 1)[-1]])
    outer = {k: v for k, v in prop.items() if k in {"description", "default"}}
    return {**inner, **outer}


class _Form:
    """Turns schema properties into Decap fields, in the brand's language, with the charter's options."""

    def __init__(self, charter: Charter) -> None:
        self.charter = charter
        self.language = charter.brand.language

    def say(self, text: str) -> str:
        return say(text, self.language)

    def fields(self, schema: dict[str, Any], left_out: frozenset[str]) -> list[dict[str, Any]]:
        defs = schema.get("$defs", {})
        required = set(schema.get("required", []))
        return [
            self.field(name, _unwrap(prop, defs), name in required, defs)
            for name, prop in schema["properties"].items()
            if name not in left_out
        ]

    def field(self, name: str, prop: dict[str, Any], required: bool, defs: dict[str, Any]) -> dict[str, Any]:
        label = LABELS.get(name, prop.get("title", name))
        out: dict[str, Any] = {"label": self.say(label), "name": name}
        out.update(self.widget(name, prop, defs))
        out["required"] = required
        if out.get("widget") == "object" and not required:
            # Decap validates an object's required fields even when the optional object is left
            # empty, which would refuse every post without a contest: the schema still checks them.
            out["fields"] = [{**child, "required": False} for child in out["fields"]]
        if "description" in prop:
            out.setdefault("hint", self.say(prop["description"]))
        return out

    def widget(self, name: str, prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
        special = _SPECIAL.get(name)
        if special is not None:
            return special(self, prop)
        kind = prop.get("type")
        if "enum" in prop:
            return {"widget": "select", "options": self.options(prop["enum"])}
        if kind == "object":
            nested = [
                self.field(key, _unwrap(sub, defs), key in set(prop.get("required", [])), defs)
                for key, sub in prop.get("properties", {}).items()
                if key not in NESTED_LEFT_TO_GIT
            ]
            if name == "visual":
                return {
                    "widget": VISUAL_WIDGET,
                    "collapsed": False,
                    "fields": nested,
                    **self.visual_messages(),
                }
            return {"widget": "object", "collapsed": False, "fields": nested}
        if kind in {"integer", "number"}:
            out: dict[str, Any] = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
            if "minimum" in prop:
                out["min"] = prop["minimum"]
            if "maximum" in prop:
                out["max"] = prop["maximum"]
            return out
        if kind == "boolean":
            return {"widget": "boolean"}
        if kind == "array":
            return {"widget": "list"}
        if prop.get("format") == "date":
            return _day_picker()
        out = {"widget": "string"}
        if "pattern" in prop:
            message = PATTERN_MESSAGES.get(name, "This value is not in the expected form.")
            out["pattern"] = [prop["pattern"], self.say(message)]
        return out

    def visual_messages(self) -> dict[str, str]:
        """What the visual widget says when its alt text or its source is missing."""
        return {
            "alt_message": self.say("Describe the visual in its alternative text."),
            "source_message": self.say("A visual is an image or a card text: choose one of them."),
        }

    def options(self, values: list[str]) -> list[dict[str, str]]:
        return [{"label": self.say(value), "value": value} for value in values]

    def channels(self, prop: dict[str, Any]) -> dict[str, Any]:
        names = list(self.charter.profiles)
        out: dict[str, Any] = {
            "widget": "select",
            "multiple": True,
            "options": [{"label": self.charter.profiles[n].label, "value": n} for n in names],
        }
        if prop.get("minItems"):
            out["min"] = prop["minItems"]
        return out

    def pillar(self, _prop: dict[str, Any]) -> dict[str, Any]:
        pillars = self.charter.pillars
        if not pillars:  # the charter allows any pillar
            return {"widget": "string"}
        return {"widget": "select", "options": [{"label": p, "value": p} for p in pillars]}


_Widget = Callable[[_Form, dict[str, Any]], dict[str, Any]]
"""Makes a field's widget settings from the form and the key's schema."""


def _day_picker() -> dict[str, Any]:
    return {"widget": "datetime", "format": DAY_FORMAT, "date_format": DAY_FORMAT, "time_format": False}


def _publish_at(form: _Form, _prop: dict[str, Any]) -> dict[str, Any]:
    return {
        "widget": "datetime",
        "format": PUBLISH_AT_FORMAT,
        "picker_utc": False,
        "hint": form.say("In your computer's time zone; the file keeps its offset from UTC."),
    }


def _relation(collection: str) -> _Widget:
    def make(_form: _Form, _prop: dict[str, Any]) -> dict[str, Any]:
        return {
            "widget": "relation",
            "collection": collection,
            "value_field": "{{slug}}",
            "search_fields": ["title"],
            "display_fields": ["title"],
        }

    return make


def _status(form: _Form, _prop: dict[str, Any]) -> dict[str, Any]:
    return {"widget": "select", "options": form.options(list(STATUSES)), "default": "draft"}


def _image(_form: _Form, _prop: dict[str, Any]) -> dict[str, Any]:
    return {"widget": "image", "choose_url": False}


def _link(form: _Form, _prop: dict[str, Any]) -> dict[str, Any]:
    return {"widget": "string", "pattern": ["^https://", form.say("The link must start with https://")]}


_SPECIAL: dict[str, _Widget] = {
    "publish_at": _publish_at,
    "channels": _Form.channels,
    "pillar": _Form.pillar,
    "topic": _relation("topics"),
    "campaign": _relation("campaigns"),
    "status": _status,
    "src": _image,
    "link": _link,
}
"""Keys whose widget is not the one their JSON type gives."""


def _body(form: _Form, hint: str | None = None) -> dict[str, Any]:
    # A plain text area: the Markdown editor would escape '#' in hashtags and rewrite the text.
    out: dict[str, Any] = {"label": form.say("Text"), "name": "body", "widget": "text", "required": False}
    if hint:
        out["hint"] = form.say(hint)
    return out


def decap_config(charter: Charter) -> dict[str, Any]:
    """Decap CMS's configuration for a brand, as a mapping ready to be written as YAML."""
    editor = charter.editor
    if editor is None:
        raise ValueError("the charter has no editor section")
    schemas = _schemas()
    form = _Form(charter)
    backend: dict[str, Any] = {"name": "github", "repo": editor.repo, "branch": editor.branch}
    if editor.base_url:
        backend["base_url"] = editor.base_url
    if editor.auth_endpoint:
        backend["auth_endpoint"] = editor.auth_endpoint
    local: bool | dict[str, str] = True
    if editor.local_port != 8081:  # Decap's own default; anything else is spelt out
        local = {"url": f"http://localhost:{editor.local_port}/api/v1"}

    def common() -> dict[str, Any]:
        # A fresh mapping per collection: a shared one would be written as a YAML anchor and alias.
        return {"create": True, "extension": "md", "format": "yaml-frontmatter", "editor": {"preview": False}}

    post_hint = "Text for every channel. A line `## instagram` starts the text of that channel only."
    return {
        "backend": backend,
        "local_backend": local,
        "publish_mode": "editorial_workflow",
        "locale": "fr" if is_french(charter.brand.language) else "en",
        "site_url": charter.brand.site_url,
        "display_url": charter.brand.site_url,
        "media_folder": MEDIA_FOLDER,
        "public_folder": MEDIA_FOLDER,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            {
                "name": "posts",
                "label": form.say("Posts"),
                "label_singular": form.say("Post"),
                "folder": POSTS_FOLDER,
                **common(),
                "path": "{{year}}/{{month}}/{{slug}}",
                # With a `path`, Decap puts media beside the entry unless the collection says where:
                # a leading "/" is the repository root; the value written stays relative to it.
                "media_folder": "/" + MEDIA_FOLDER,
                "public_folder": MEDIA_FOLDER,
                "slug": "{{publish_at | date('YYYY-MM-DD')}}-{{slug}}",
                "summary": "{{publish_at | date('YYYY-MM-DD HH:mm')}} · {{title}}",
                "sortable_fields": ["publish_at", "title"],
                "fields": [*form.fields(schemas["post"], LEFT_TO_GIT["post"]), _body(form, post_hint)],
            },
            {
                "name": "topics",
                "label": form.say("Seasonal topics"),
                "label_singular": form.say("Seasonal topic"),
                "folder": TOPICS_FOLDER,
                **common(),
                "slug": "{{slug}}",
                "fields": [*form.fields(schemas["topic"], LEFT_TO_GIT["topic"]), _body(form)],
            },
            {
                "name": "campaigns",
                "label": form.say("Campaigns"),
                "label_singular": form.say("Campaign"),
                "folder": CAMPAIGNS_FOLDER,
                **common(),
                "slug": "{{slug}}",
                "fields": [*form.fields(schemas["campaign"], LEFT_TO_GIT["campaign"]), _body(form)],
            },
        ],
    }
