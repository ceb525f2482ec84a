"""Bundle stage: project + visuals → one deterministic zip (manifest, media, exports).

Typed values in, typed values out: the caller (``almanac build`` or
``almanac bundle``) decides where the bytes go. No network call is ever made.

Two times, never mixed: ``built_at`` (the commit's, see ``history.build_time``)
dates the zip and the manifest, so a commit gives the same bytes; ``now``
(the command's one clock reading, or ``--today``) is what the bundle exports
from: nothing before it is shipped, and schedulers' slots start after it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property, partial
from zoneinfo import ZoneInfo

from pipeline.errors import OutputError
from pipeline.model.charter import Charter
from pipeline.model.content import Post
from pipeline.model.findings import Finding, Level
from pipeline.model.hits import StageHit
from pipeline.model.project import Project
from pipeline.model.records import VisualRecord, default_bundle_range
from pipeline.output import layout
from pipeline.output.publish import Artifact, Writer, in_memory, written_bytes
from pipeline.stages.bundle.archive import Layered, write_zip_to
from pipeline.stages.bundle.collect import entries_for, media_files, select_posts
from pipeline.stages.bundle.csvsafe import excel_copy
from pipeline.stages.bundle.exports import EXPORTS_DIR, ExportContext, all_exporters
from pipeline.stages.bundle.gate import gate_hits, lead_warnings
from pipeline.stages.bundle.manifest import Brand, DateRange, Manifest, Source
from pipeline.stages.bundle.readme import readme
from pipeline.stages.check.engine import settle
from pipeline.stages.history import History
from pipeline.text.messages import N_, from_json, msg, wrap
from pipeline.text.oserrors import with_reason

MANIFEST_NAME = "manifest.json"
VisualReader = Callable[[VisualRecord], bytes]


@dataclass(frozen=True)
class Bundle:
    """A made bundle: its file name, its zip (written when asked), manifest, and what exporters changed."""

    name: str
    write: Writer
    """Writes the zip into a binary file: the build writes it straight into its spool."""
    manifest: Manifest
    left_out: tuple[str, ...] = ()
    """Posts of the range left out because they were due before the bundle was made (also warnings)."""
    warnings: tuple[str, ...] = ()
    """The manifest's ``warnings`` (English there: an interface), still translatable (see ``msg()``)."""

    @cached_property
    def data(self) -> bytes:
        """The zip's bytes, made the first time they are asked for (``almanac bundle`` writes them)."""
        return written_bytes(self.write)


@dataclass(frozen=True)
class BundleOutcome:
    """A bundle, or the error findings that refused it (``bundle`` is None then)."""

    bundle: Bundle | None
    blocking: tuple[Finding, ...]
    raised: tuple[StageHit, ...] = ()
    """The bundle's own problems (media, scheduler limits) as hits, for the build to settle."""


def read_artifacts(files: Mapping[str, Artifact]) -> VisualReader:
    """A reader over artifacts keyed by their output path (``site/visuals/...``)."""

    def read(record: VisualRecord) -> bytes:
        art = files.get(layout.in_site(record.path))
        if art is None:
            raise OutputError(msg("visual {path} was recorded but not rendered", path=record.path))
        if art.data is not None:
            return art.data
        if art.source is None:
            raise OutputError(msg("visual {path} has no bytes", path=record.path))
        try:
            return art.source.read_bytes()
        except OSError as exc:
            raise OutputError(
                with_reason(N_("cannot read visual {path}: {error}"), exc, path=art.source)
            ) from exc

    return read


def make_bundle(
    project: Project,
    history: History,
    findings: Iterable[Finding],
    visuals: Iterable[VisualRecord],
    read_visual: VisualReader,
    *,
    first: date,
    last: date,
    built_at: datetime,
    now: datetime,
    base_url: str | None = None,
    allow_drafts: bool = False,
    excel: bool = False,
) -> BundleOutcome:
    """Make the bundle of [first, last] from ``now`` on, or refuse it when error findings concern it."""
    selection = select_posts(project, findings, first, last, allow_drafts=allow_drafts, now=now)
    if selection.blocking:
        return BundleOutcome(None, selection.blocking)
    charter = project.charter
    base = public_base(charter, base_url)
    records = sorted(visuals, key=lambda r: r.path)
    entries = entries_for(selection.posts, charter, records, base)
    schedulers = list(dict.fromkeys(charter.publish.bundle.schedulers))
    raised = tuple(gate_hits(entries, {p.id: p for p in selection.posts}, charter, schedulers))
    settled = settle(project, raised)
    refused = tuple(f for f in settled if f.level is Level.ERROR)
    if refused:
        return BundleOutcome(None, refused, raised)
    # Slots are fitted after the moment of export, not the commit's: a commit days old
    # would otherwise leave times in the past that importers reject.
    boards = {name: p.board for name, p in charter.profiles.items() if p.board}
    ctx = ExportContext(tuple(entries), now, charter.tz, charter.brand.language, boards, excel)
    media = media_files(entries, records, read_visual)
    files: dict[str, bytes] = {}
    left_out = tuple(_left_out(post, now, charter.tz) for post in selection.past)
    warnings = list(left_out)
    warnings += [_settled(f) for f in settled]
    if base is None:
        warnings.append(msg(NO_SITE_URL))
    warnings += lead_warnings(entries, now, charter.tz, schedulers)
    exporters = all_exporters()
    by_hand: list[str] = []
    for name in schedulers:
        result = exporters[name](ctx)
        files.update(result.files)
        warnings.extend(result.warnings)
        by_hand.extend(result.readme)
    if excel:
        files.update(excel_files(files))
    manifest = Manifest(
        brand=Brand(
            name=charter.brand.name,
            timezone=charter.brand.timezone,
            language=charter.brand.language,
            site_url=charter.brand.site_url,
        ),
        range=DateRange(first=first, last=last),
        source=Source(commit=history.head, dirty=history.dirty, built_at=built_at),
        base_url=base,
        schedulers=schedulers,
        entries=entries,
        exports=sorted(n for n in files if n.startswith("exports/")),
        warnings=list(dict.fromkeys(warnings)),
    )
    said = tuple({str(w): w for w in warnings}.values())
    files[MANIFEST_NAME] = manifest.to_json()
    files["README.txt"] = readme(manifest, by_hand, said).encode("utf-8")
    # Each medium is checked against its recorded sha256 as the zip reads it: the checksums reuse them.
    known = {m.path: m.sha256 for e in entries for m in e.media}
    write = partial(write_zip_to, files=Layered(files, media), stamp=built_at, known=known)
    return BundleOutcome(Bundle(layout.bundle_name(first, last), write, manifest, left_out, said), (), raised)


def excel_files(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """``exports/excel/…``: every CSV of ``exports/`` again, for Excel (see :func:`excel_copy`)."""
    prefix = f"{EXPORTS_DIR}/"
    return {
        f"{EXPORTS_DIR}/excel/{name.removeprefix(prefix)}": excel_copy(data)
        for name, data in sorted(files.items())
        if name.startswith(prefix) and name.endswith(".csv")
    }


NO_SITE_URL = N_(
    "brand.site_url is not set in charter.yaml: the exports carry no media URL, the visuals are in "
    "the zip's media/ folder only (upload them by hand, or set brand.site_url or --base-url)"
)


def public_base(charter: Charter, base_url: str | None) -> str | None:
    """Where the visuals are served: ``--base-url``, else the charter's own ``brand.site_url``.

    The charter's default site URL is a placeholder host: media URLs never point at
    it, so without a site URL of the brand's own the exports carry none.
    """
    if base_url is None and "site_url" not in charter.brand.model_fields_set:
        return None
    base = base_url or charter.brand.site_url
    return base if base.endswith("/") else base + "/"


def _left_out(post: Post, now: datetime, tz: ZoneInfo) -> str:
    return msg(
        LEFT_OUT,
        post=post.id,
        due=f"{post.when.astimezone(tz):%Y-%m-%d %H:%M}",
        now=f"{now.astimezone(tz):%Y-%m-%d %H:%M}",
    )


LEFT_OUT = N_("{post} left out: due {due}, before the bundle was made ({now})")


def _settled(finding: Finding) -> str:
    # The finding's own message stays translatable inside the line (its template and values).
    said = finding.message
    if finding.template is not None:
        said = from_json([finding.template, [list(pair) for pair in finding.args]])
    return wrap(
        "{file}:{line}: {problem} [{rule}]", said, file=finding.file, line=finding.line, rule=finding.rule
    )


def build_outputs(
    project: Project,
    history: History,
    findings: Iterable[Finding],
    visuals: Iterable[VisualRecord],
    visual_files: Mapping[str, Artifact],
    built_at: datetime,
    *,
    now: datetime,
    keep: Callable[[Writer], Artifact] = in_memory,
) -> tuple[dict[str, Artifact], Bundle | None, tuple[StageHit, ...]]:
    """The build's bundle, as :func:`layout.bundle_zip` and :func:`layout.download` artifacts, the bundle
    and its own problems (hits the build settles: an error there fails the build).

    ``visual_files`` are the visuals stage's outputs keyed by output path. The range is
    the default one: [today, + horizon], from ``now`` on. Empty when error findings
    refuse the bundle (the build fails on them anyway). ``keep`` makes the zip's artifact from its
    writer (the build's spool writes the zip into a file of its own: it is never whole in memory).
    """
    first, last = default_bundle_range(
        now.astimezone(project.charter.tz).date(), project.charter.publish.horizon_days
    )
    outcome = make_bundle(
        project,
        history,
        findings,
        visuals,
        read_artifacts(visual_files),
        first=first,
        last=last,
        built_at=built_at,
        now=now,
    )
    if outcome.bundle is None:
        return {}, None, outcome.raised
    art = keep(outcome.bundle.write)
    return {layout.bundle_zip(first, last): art, layout.download(): art}, outcome.bundle, outcome.raised
