"""The advocacy pack as an Atom feed (RFC 4287), so staff can follow it in a feed reader.

Every element RFC 4287 requires is there: the feed's ``id``, ``title``,
``updated`` and ``author`` (section 4.1.1), each entry's ``id``, ``title`` and
``updated`` and, since the feed is not a summary of documents elsewhere, its
``content`` (section 4.1.2). Ids are ``urn:uuid:`` names derived from the site's
address and the post id (RFC 4122 version 5): they never change while the post
keeps its id, so a reader shows an edited post as updated, not as new. Dates are
RFC 3339 in UTC and come from git (the post's last commit, the build's commit),
so the same commit gives the same bytes. Links are absolute, from the charter's
``site_url``: a feed is read away from the site.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from markupsafe import escape

from pipeline.model.charter import Charter
from pipeline.output import layout
from pipeline.stages.site.share import ShareItem

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def rfc3339(moment: datetime) -> str:
    """An instant as Atom writes it (RFC 3339, in UTC): ``2026-11-24T17:30:00Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_id(site_url: str, post_id: str) -> str:
    """A post's permanent Atom id: a name-based UUID of the pack's address and the post id."""
    page = layout.public_url(site_url, layout.share_page()).removesuffix("index.html")
    return uuid.uuid5(uuid.NAMESPACE_URL, page + "#" + post_id).urn


# Characters XML 1.0 does not allow (C0 controls but tab and line ends, lone surrogates,
# U+FFFE and U+FFFF): ElementTree writes them as they are, and a reader refuses the whole feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text that XML 1.0 can carry: each character it forbids becomes a space."""
    return _NOT_XML.sub(" ", text)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_text(v) for k, v in attrs.items()})
    element.text = None if text is None else xml_text(text)
    return element


def _content(item: ShareItem, when: str, _: Callable[[str], str]) -> str:
    """The entry's body as HTML (escaped into the feed): the share time, then each network's text."""
    parts = [f"<p>{escape(when)}</p>"]
    for text in item.texts:
        body = str(escape(text.text)).replace("\n", "<br>")
        parts.append(f"<h3>{escape(text.label)}</h3><p>{body}</p>")
    if item.link:
        link = escape(item.link)
        parts.append(f'<p>{escape(_("Tracked link"))}: <a href="{link}">{link}</a></p>')
    return "".join(parts)


def atom_feed(
    charter: Charter,
    items: Sequence[ShareItem],
    stamp: datetime,
    when: Callable[[ShareItem], str],
    _: Callable[[str], str],
) -> bytes:
    """The feed's bytes. ``when`` says when a post may be shared; ``_`` translates the feed's words."""
    ET.register_namespace("", ATOM)
    site_url = charter.brand.site_url
    page = layout.public_url(site_url, layout.share_page()).removesuffix("index.html")
    feed = ET.Element(
        f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": charter.brand.language}
    )
    _add(feed, "id", uuid.uuid5(uuid.NAMESPACE_URL, page).urn)
    _add(feed, "title", _("{brand}: posts to share").format(brand=charter.brand.name))
    _add(feed, "subtitle", _("The brand's approved posts, ready to share from your own accounts."))
    _add(feed, "updated", rfc3339(stamp))
    author = _add(feed, "author")
    _add(author, "name", charter.brand.name)
    _add(
        feed,
        "link",
        rel="self",
        type="application/atom+xml",
        href=layout.public_url(site_url, layout.share_feed()),
    )
    _add(feed, "link", rel="alternate", type="text/html", href=page)
    _add(feed, "generator", "Almanac")
    for item in items:
        entry = _add(feed, "entry")
        _add(entry, "id", entry_id(site_url, item.post.id))
        _add(entry, "title", item.post.meta.title)
        _add(entry, "updated", rfc3339(item.updated))
        _add(entry, "link", rel="alternate", type="text/html", href=f"{page}#{item.post.id}")
        visual = item.visual
        if visual is not None:
            ext = visual.path.rsplit(".", 1)[-1]
            _add(
                entry,
                "link",
                rel="enclosure",
                type=MEDIA_TYPES.get(ext, "application/octet-stream"),
                length=str(visual.bytes),
                href=layout.public_url(site_url, layout.in_site(visual.path)),
            )
        for text in item.texts:
            _add(entry, "category", term=text.channel, label=text.label)
        _add(entry, "content", _content(item, when(item), _), type="html")
    ET.indent(feed)
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
