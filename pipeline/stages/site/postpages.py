"""The post pages, one per post: most of the site, shared between this process and a worker.

A page is made from a :class:`PostInput` (the post, its own visual records and
findings, its last author and the ledger's word on it) and the build's
:class:`~pipeline.stages.site.common.PageValues`, nothing else, so a worker
process receives only what the chunk's pages show: pickling the whole project
would cost about what rendering it does. Whoever renders a page hands its bytes
to ``keep`` at once (the build's spool, which writes them to disk), so neither
process holds the pages; what comes back is the artifact, a digest and a path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from pipeline.model.content import Post
from pipeline.model.findings import Finding
from pipeline.model.records import VisualRecord
from pipeline.output import layout
from pipeline.output.publish import Artifact
from pipeline.stages.site import calendar
from pipeline.stages.site.cards import cards_for, index_visuals
from pipeline.stages.site.common import PageValues, page_context
from pipeline.stages.site.env import environment
from pipeline.stages.site.ledger import WentOut
from pipeline.stages.site.pagecache import digest, records_digest

if TYPE_CHECKING:
    from pipeline.stages.site.pages import _Site

TEMPLATE = "post.html"

Keep = Callable[[bytes], Artifact]


@dataclass(frozen=True)
class PostInput:
    """Everything one post page shows besides the build's shared values."""

    path: str
    """The page's output path."""
    post: Post
    visuals: tuple[VisualRecord, ...]
    """The post's visual records on its channels."""
    findings: tuple[Finding, ...]
    author: str
    changed: datetime | None
    went_out: tuple[WentOut, ...]


def post_inputs(site: _Site) -> list[tuple[str, PostInput]]:
    """The page key and input of each post page to render; a page whose key is unchanged is reused."""
    todo = []
    for post in site.posts:
        author, changed = site.author(post.path)
        findings = site.by_post.get(post.id, [])
        mine = [v for ch in post.meta.channels for v in site.visuals.get((post.id, ch), ())]
        went_out = site.went_out[post.id]
        key = digest(
            site.post_keys[post.id], records_digest(findings, mine, author, str(changed)), repr(went_out)
        )
        path = layout.post_page(post.id)
        if site.reuse(path, TEMPLATE, key):
            continue
        own = tuple(dict.fromkeys(mine))  # a channel named twice gives its records once
        todo.append((key, PostInput(path, post, own, tuple(findings), author, changed, went_out)))
    return todo


def render_posts(shared: tuple[PageValues, Keep], items: list[PostInput]) -> list[Artifact]:
    """Each item's page, kept by ``keep`` as it is made (run here or in a worker: the same bytes)."""
    values, keep = shared
    charter = values.charter
    common = page_context(values)
    template = environment(charter.brand.language).get_template(TEMPLATE)
    made = []
    for item in items:
        post = item.post
        local = post.when.astimezone(charter.tz)
        html = template.render(
            **common,
            here=item.path,
            post=post,
            local=local,
            month_key=calendar.month_key(local.date()),
            week_key=calendar.week_key(local.date()),
            cards=cards_for(post, charter, index_visuals(item.visuals)),
            author=item.author,
            changed=item.changed,
            findings=list(item.findings),
            slot=values.slots[post.meta.pillar],
            went_out=item.went_out,
        )
        made.append(keep(html.encode("utf-8")))
    return made
