"""The one allow-list of URL schemes Almanac ever writes into a page, a feed or an export.

A post's ``link`` is text from a content file, which Almanac does not trust: a
``javascript:`` or ``data:`` URL in an ``href`` runs script in the preview site,
and a scheduler would publish it. Only ``https://`` links (and ``http://`` ones,
which the ``voice.link`` rule reports when the charter asks for https) with a
host name are let through; anything else is dropped wherever it would be written,
whatever the checks said.
"""

from __future__ import annotations

from urllib.parse import urlsplit

SAFE_SCHEMES = ("https", "http")
"""Schemes a link from a post may have in any output."""


def link_problem(url: str, *, allow_http: bool = True) -> str | None:
    """Why ``url`` may not be published as a link, or None when it may."""
    if any(ord(char) < 0x21 or ord(char) == 0x7F for char in url):
        # Browsers drop tabs and newlines inside a URL: "java\tscript:" is javascript:.
        return "holds spaces or control characters"
    scheme, colon, _rest = url.partition(":")
    scheme = scheme.lower()
    if not colon or scheme not in SAFE_SCHEMES:
        return "is not an https:// link"
    if scheme == "http" and not allow_http:
        return "is not https"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - a port out of range raises here, as it would later
    except ValueError:
        return "is not a valid URL"
    if not url.lower().startswith(f"{scheme}://") or not host:
        return "has no host name"
    return None


def is_safe_link(url: str | None) -> bool:
    """True when ``url`` may be written into a page, feed or export."""
    return url is not None and link_problem(url) is None


def safe_url(url: object) -> str:
    """``url`` when its scheme is allowed, else ``#``: the site's filter for every href from user data."""
    if isinstance(url, str) and link_problem(url) is None:
        return url
    return "#"
