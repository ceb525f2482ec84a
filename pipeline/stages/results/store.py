"""``results/<yyyy>/<mm>.csv``: the figures per post and channel, plain enough to review in a pull request.

UTF-8 without BOM, comma-separated, one line per post and channel, sorted by
publish time; the month is the one of the publish time in the brand's zone.
An import merges into the files it touches: a row for the same post and
channel replaces the old one (figures grow for weeks after a post), others stay.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from pipeline.model.results import RESULT_FIELDS, ResultRow
from pipeline.output.atomic import write_atomic
from pipeline.stages.results.sheet import SheetError
from pipeline.text.messages import N_, msg

RESULTS_DIR = "results"
BAD_HEADER = N_("the header must be {header}")
BAD_ROW = "{problem}"


def month_file(root: Path, year: int, month: int) -> Path:
    """``<root>/results/<yyyy>/<mm>.csv``."""
    return root / RESULTS_DIR / f"{year:04d}" / f"{month:02d}.csv"


def read_month(path: Path, rel: str | None = None) -> list[ResultRow]:
    """The rows of one results file (a :class:`SheetError` naming ``rel`` and the line when one is wrong)."""
    rel = rel or path.as_posix()
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    header = next(reader, None)
    if header is None:
        return []
    if tuple(header) != RESULT_FIELDS:
        raise SheetError(msg(BAD_HEADER, header=",".join(RESULT_FIELDS)), file=rel, line=1)
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(cells):
            continue
        values = dict(zip(RESULT_FIELDS, cells, strict=False))
        data = {k: (v if v != "" or k in ("permalink",) else None) for k, v in values.items()}
        try:
            rows.append(ResultRow.model_validate(data))
        except ValidationError as exc:
            problem = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise SheetError(BAD_ROW.format(problem=problem), file=rel, line=line) from None
    return rows


def read_all(root: Path) -> list[ResultRow]:
    """Every results file of the brand, in file order."""
    folder = root / RESULTS_DIR
    if not folder.is_dir():
        return []
    rows: list[ResultRow] = []
    for path in sorted(folder.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9].csv")):
        rows.extend(read_month(path, path.relative_to(root).as_posix()))
    return rows


def render(rows: Iterable[ResultRow]) -> str:
    """The text of a results file."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RESULT_FIELDS)
    for r in sorted(rows, key=lambda r: (r.published_at, r.post_id, r.channel)):
        writer.writerow(
            [
                r.post_id,
                r.channel,
                r.published_at.isoformat(),
                r.permalink,
                *("" if v is None else str(v) for v in (r.impressions, r.reach, r.engagements, r.clicks)),
                r.source,
                r.matched_by,
            ]
        )
    return out.getvalue()


def merge(root: Path, new: Sequence[ResultRow], zone: ZoneInfo) -> list[Path]:
    """Write ``new`` into the month files (replacing rows of the same post and channel); the files written."""
    by_month: dict[tuple[int, int], list[ResultRow]] = defaultdict(list)
    for row in new:
        local = row.published_at.astimezone(zone)
        by_month[(local.year, local.month)].append(row)
    written = []
    for (year, month), rows in sorted(by_month.items()):
        path = month_file(root, year, month)
        kept = {(r.post_id, r.channel): r for r in (read_month(path) if path.exists() else [])}
        kept.update({(r.post_id, r.channel): r for r in rows})
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, render(kept.values()).encode("utf-8"), mode=0o644, durable=True)
        written.append(path)
    return written
