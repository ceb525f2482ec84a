"""The visuals stage: posts × channels × formats → cached files, artifacts, records and problems.

Posts whose status is ``idea`` are not rendered (an idea rarely has its
visual yet). Drafts are: the preview site is where the team reviews a draft,
its visual included, and the cache makes it cheap. A post whose source has a
path problem (missing, outside the root) is skipped here: the checks report it.

This module does no image work itself when every output is already cached: a
no-op rebuild costs one ``stat`` per source and charter asset and one per
cached output.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.model.channels import VisualFormat
from pipeline.model.content import Post
from pipeline.model.hits import Hit, StageHit
from pipeline.model.inputs import VISUALS_CACHE_DIR
from pipeline.model.project import CACHE_DIR, Project
from pipeline.model.records import VisualRecord
from pipeline.output import layout
from pipeline.output.publish import Artifact
from pipeline.stages.load.assets import asset_problem
from pipeline.stages.load.positions import locate
from pipeline.stages.visuals.cache import VisualCache, output_key
from pipeline.stages.visuals.cards import CardStyle
from pipeline.stages.visuals.logo import LogoSpec
from pipeline.stages.visuals.pool import run_tasks
from pipeline.stages.visuals.render import OutputJob, Rendered, RenderTask, cache_file
from pipeline.text.disclosure import visual_mention
from pipeline.text.messages import wrap

# The renderer also meets too small sources and low-contrast cards, but the checks decide those
# with the same arithmetic (stages/visuals/limits.py) and report them: only these are the stage's.
RENDER_ONLY = frozenset({"visual.weight", "asset.unreadable"})


@dataclass(frozen=True)
class VisualProgress:
    """Progress of the outputs rendered this run (cached ones are not counted)."""

    done: int
    total: int
    label: str


ProgressFn = Callable[[VisualProgress], None]


@dataclass(frozen=True)
class VisualsResult:
    """What the stage hands back: dist artifacts, records for site and bundle, and problems."""

    artifacts: dict[str, Artifact]
    records: list[VisualRecord]
    hits: list[StageHit]
    """What only rendering can know (a file over its network's weight, a source or logo that
    inspection passed but that does not decode), at the rule's default level: the check
    engine's ``settle`` applies the charter's policy."""
    rendered: int
    hashed: int


@dataclass(frozen=True)
class _Wanted:
    post: Post
    channel: str
    fmt: VisualFormat
    key: str
    group: tuple[Any, ...]


class _Planner:
    def __init__(self, project: Project, cache: VisualCache, unusable: frozenset[str]) -> None:
        self.project, self.cache, self.unusable = project, cache, unusable
        visual = project.charter.visual
        root = project.root
        self.logo: LogoSpec | None = None
        parts: dict[str, Any] = {"visual": visual.model_dump(mode="json")}
        if visual.logo is not None and asset_problem(root, visual.logo.src) is None:
            path = (root / visual.logo.src).resolve()
            parts["logo"] = cache.digest(path)
            logo = visual.logo
            self.logo = LogoSpec(path, logo.corner, logo.margin, logo.width)
        self.font: Path | None = None
        if visual.fonts is not None and asset_problem(root, visual.fonts.title) is None:
            self.font = (root / visual.fonts.title).resolve()
            parts["font"] = cache.digest(self.font)
        # The band's font: the body font, else the title font (its digest keys banded outputs only).
        self.body_font: Path | None = self.font
        if visual.fonts is not None and visual.fonts.body and asset_problem(root, visual.fonts.body) is None:
            self.body_font = (root / visual.fonts.body).resolve()
        self.brand = parts
        self.templates: dict[tuple[Any, ...], RenderTask] = {}
        self.sources: set[str] = {str(p) for p in (self.font, self.logo and self.logo.path) if p}
        # Thousands of posts share a few sources and formats: each path is checked and resolved,
        # and each output key hashed, once (they were a third of a cached build's visuals stage).
        self._resolved: dict[str, Path | None] = {}
        self._keys: dict[tuple[Any, ...], str] = {}
        self._formats: dict[int, tuple[VisualFormat, dict[str, Any]]] = {}
        """Each format's JSON, by the format's id (the format is held so that its id stays its own)."""

    def _source(self, src: str) -> Path | None:
        """The resolved path of a source as written, None when the checks report it."""
        if src not in self._resolved:
            root = self.project.root
            self._resolved[src] = None if asset_problem(root, src) is not None else (root / src).resolve()
        return self._resolved[src]

    def _key(self, task_group: tuple[Any, ...], made: dict[str, Any], fmt: VisualFormat) -> str:
        """:func:`output_key` of an output; ``task_group`` names ``made`` (the same group, the same parts)."""
        memo = (task_group, id(fmt))
        if memo not in self._keys:
            dumped = self._formats.setdefault(id(fmt), (fmt, fmt.model_dump(mode="json")))[1]
            self._keys[memo] = output_key({**self.brand, **made, "format": dumped})
        return self._keys[memo]

    def wanted(self) -> list[_Wanted]:
        out: list[_Wanted] = []
        for post in sorted(self.project.posts, key=lambda p: (p.id, p.path)):
            visual = post.meta.visual
            if post.meta.status == "idea" or visual is None or post.id in self.unusable:
                continue
            if visual.src is not None:
                path = self._source(visual.src)
                if path is None:
                    continue
                self.sources.add(str(path))
                made_of: dict[str, Any] = {"src": self.cache.digest(path), "focus": visual.focus}
                group: tuple[Any, ...] = ("src", str(path), visual.focus)
                if visual.card is not None:
                    # The card text on the photo (cards.draw_on_photo).
                    made_of["card"] = visual.card
                    group = (*group, visual.card)
                self.templates.setdefault(group, self._source_task(path, visual.focus, visual.card))
            else:
                layout = visual.layout or self.project.charter.visual.card_layout
                made_of = {"card": visual.card, "layout": layout}
                group = ("card", visual.card, layout)
                self.templates.setdefault(group, self._card_task(visual.card or "", layout))
            mention = visual_mention(post)
            for channel in post.meta.channels:
                profile = self.project.charter.profiles.get(channel)
                # Image networks get the legal mention on the image itself (loi n° 2023-451, art. 5).
                band = mention if profile is not None and profile.visual_required else None
                made = {**made_of, "band": band, "band_font": self._band_font_digest()} if band else made_of
                task_group = (*group, band) if band else group
                if band:
                    base = self.templates[group]
                    self.templates.setdefault(task_group, replace(base, band=band, band_font=self.body_font))
                for fmt in profile.formats if profile else ():
                    out.append(_Wanted(post, channel, fmt, self._key(task_group, made, fmt), task_group))
        return out

    def _band_font_digest(self) -> str:
        return self.cache.digest(self.body_font) if self.body_font is not None else ""

    def _source_task(self, path: Path, focus: tuple[float, float] | None, card: str | None) -> RenderTask:
        return RenderTask(
            card=card,
            style=self._style("plain") if card is not None else None,
            outputs=(),
            cache_dir=self.cache.folder,
            source=path,
            focus=focus,
            max_upscale=self.project.charter.visual.max_upscale,
            logo=self.logo,
            logo_digest=str(self.brand.get("logo", "")),
        )

    def _style(self, layout: str) -> CardStyle:
        visual = self.project.charter.visual
        return CardStyle(
            tuple(visual.palette), self.font, self.logo, None, visual.min_contrast, layout, visual.accent
        )

    def _card_task(self, text: str, layout: str) -> RenderTask:
        style = self._style(layout)
        return RenderTask(
            outputs=(),
            cache_dir=self.cache.folder,
            card=text,
            logo=self.logo,
            logo_digest=str(self.brand.get("logo", "")),
            style=style,
        )


def render_visuals(
    project: Project,
    *,
    jobs: int | None = None,
    progress: ProgressFn | None = None,
    unusable: Collection[str] = (),
) -> VisualsResult:
    """Render (or find in the cache) every visual of every post that is not an idea.

    ``unusable`` names posts whose source the checks already found unreadable:
    rendering them would only fail again, so they are left out.
    """
    cache = VisualCache.open(project.root / CACHE_DIR / VISUALS_CACHE_DIR)
    planner = _Planner(project, cache, frozenset(unusable))
    wanted = planner.wanted()
    results: dict[str, Rendered] = {}
    todo: dict[tuple[Any, ...], dict[str, OutputJob]] = {}
    for item in wanted:
        if item.key in results or item.key in todo.get(item.group, {}):
            continue
        cached = cache.lookup(item.key, cache_file(cache.folder, item.key, item.fmt))
        if cached is not None:
            results[item.key] = cached
        else:
            todo.setdefault(item.group, {})[item.key] = OutputJob(item.key, item.fmt)
    tasks = [
        replace(planner.templates[group], outputs=tuple(jobs_.values())) for group, jobs_ in todo.items()
    ]
    total = sum(len(t.outputs) for t in tasks)
    done = 0

    def finished(task: RenderTask, rendered: list[Rendered]) -> None:
        nonlocal done
        for result in rendered:
            results[result.key] = result
            cache.remember(result)
        done += len(rendered)
        if progress is not None:
            label = task.source.name if task.source is not None else "card"
            progress(VisualProgress(done, total, label))

    if tasks:
        if progress is not None:
            progress(VisualProgress(0, total, ""))
        run_tasks(tasks, jobs, finished)
    result = _collect(wanted, results, cache.folder)
    cache.prune({w.key for w in wanted}, planner.sources)
    cache.save()
    return VisualsResult(*result, rendered=total, hashed=cache.hashed)


def _collect(
    wanted: list[_Wanted], results: dict[str, Rendered], folder: Path
) -> tuple[dict[str, Artifact], list[VisualRecord], list[StageHit]]:
    artifacts: dict[str, Artifact] = {}
    records: list[VisualRecord] = []
    hits: list[StageHit] = []
    places: dict[str, tuple[int, int]] = {}
    files: dict[str, Path] = {}
    for item in wanted:
        done = results[item.key]
        visual = item.post.meta.visual
        assert visual is not None
        problems = [(rule, message) for rule, message in done.problems if rule in RENDER_ONLY]
        if problems:
            # Locating re-parses the front matter: only when there is something to report, once a post.
            key = ("visual", "src" if visual.src else "card")
            if item.post.id not in places:
                places[item.post.id] = locate(item.post.front_matter, 2, key)
            line, column = places[item.post.id]
        for rule, message in problems:
            text = (
                message
                if rule != "visual.weight"
                else wrap("{channel} {problem}", message, channel=item.channel)
            )
            hits.append(StageHit(rule, Hit(text, line=line, column=column, post=item.post)))
        if done.sha256 is None:
            continue
        out = layout.visual(item.post.id, item.channel, item.fmt.name, item.fmt.extension)
        if item.key not in files:
            files[item.key] = cache_file(folder, item.key, item.fmt)
        artifacts[out] = Artifact.of_file(files[item.key], done.sha256)
        records.append(
            VisualRecord(
                post=item.post.id,
                channel=item.channel,
                format=item.fmt.name,
                path=layout.site_path(out),
                width=done.width,
                height=done.height,
                bytes=done.bytes,
                sha256=done.sha256,
                alt=visual.alt or "",
            )
        )
    return artifacts, records, hits
