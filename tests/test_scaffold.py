"""``almanac new post|topic``: files in place that ``almanac check`` accepts, or a one-line refusal."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from pipeline.stages.load.frontmatter import parse_yaml, split

CREPES = "content/posts/2027/01/2027-01-25-crepes-de-la-chandeleur.md"


def _front(path: Path) -> dict[str, object]:
    parts = split(path.read_text(encoding="utf-8"))
    return parse_yaml(parts.yaml_text, parts.yaml_line)


def _errors_about(result: Result, rel: str) -> list[dict[str, object]]:
    report = json.loads(result.output)
    return [f for f in report["findings"] if f["file"] == rel and f["level"] == "error"]


def test_new_post_passes_check_on_the_minimal_brand(
    brand: Callable[[str], Path], run: Callable[..., Result]
) -> None:
    root = brand("minimal")
    made = run(
        [
            "new",
            "post",
            "Crêpes de la Chandeleur",
            "--root",
            str(root),
            "--date",
            "2026-12-10",
            "--time",
            "16:00",
            "--channels",
            "instagram,linkedin",
            "--topic",
            "noel",
            "--campaign",
            "hiver",
        ]
    )
    assert made.exit_code == 0, made.output
    rel = "content/posts/2026/12/2026-12-10-crepes-de-la-chandeleur.md"
    assert made.output == rel + "\n"
    meta = _front(root / rel)
    assert meta == {
        "title": "Crêpes de la Chandeleur",
        "publish_at": "2026-12-10 16:00",
        "channels": ["instagram", "linkedin"],
        "pillar": "community",  # the topic's pillar
        "topic": "noel",
        "campaign": "hiver",
        "status": "draft",
        "visual": {
            "card": "Crêpes de la Chandeleur",
            "alt": "Crêpes de la Chandeleur",
        },  # instagram needs one
    }
    checked = run(["check", "--root", str(root), "--format", "json", "--today", "2026-12-01"])
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.output)["counts"]["error"] == 0


def test_short_channels_get_their_own_section_and_the_required_hashtag(
    brand: Callable[[str], Path], run: Callable[..., Result]
) -> None:
    root = brand("minimal")
    charter = root / "charter.yaml"
    charter.write_text(
        charter.read_text().replace("  linkedin: {}\n", "  linkedin: {}\n  x: {}\n  bluesky: {}\n")
        + "voice:\n  hashtags: {required: [AtelierMinimal, Atelier]}\n"
        + "cadence:\n  windows: {default: ['mon-fri 09:30-18:00']}\n"
    )
    made = run(
        [
            "new",
            "post",
            "Soldes: -30 %",
            "--root",
            str(root),
            "--date",
            "2026-12-09",
            "--channels",
            "linkedin,x,bluesky",
        ]
    )
    assert made.exit_code == 0, made.output
    path = root / made.output.strip()
    assert path.name == "2026-12-09-soldes-30.md"
    text = path.read_text(encoding="utf-8")
    meta = _front(path)
    assert meta["title"] == "Soldes: -30 %"  # quoted, so the colon reads back as text
    assert meta["publish_at"] == "2026-12-09 09:30"  # the first posting window of a Wednesday
    assert meta["hashtags"] == ["AtelierMinimal"]
    assert "visual" not in meta  # none of these channels requires one
    # LinkedIn's 3000 characters take the default text; X (280) and Bluesky (300) need a shorter one.
    assert "\n## x\n" in text and "\n## bluesky\n" in text and "## linkedin" not in text
    checked = run(["check", "--root", str(root), "--format", "json", "--today", "2026-12-01"])
    assert checked.exit_code == 0, checked.output


def test_same_title_another_day_gets_a_unique_id_and_never_overwrites(
    brand: Callable[[str], Path], run: Callable[..., Result]
) -> None:
    root = brand("minimal")
    args = ["new", "post", "Bonjour", "--root", str(root), "--channels", "linkedin"]
    again = run([*args, "--date", "2026-12-01"])  # the fixture's own 2026-12-01-bonjour.md
    assert again.exit_code == 2
    assert again.output.count("\n") == 1 and "already exists" in again.output
    assert "status: approved" in (root / "content/posts/2026/12/2026-12-01-bonjour.md").read_text()
    other = run([*args, "--date", "2026-12-03"])
    assert other.output.strip() == "content/posts/2026/12/2026-12-03-bonjour-2.md"
    checked = run(["check", "--root", str(root), "--format", "json", "--today", "2026-12-01"])
    assert checked.exit_code == 0, checked.output  # post.duplicate-id would be an error


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--channels", "instagrm"], "unknown channel 'instagrm': did you mean 'instagram'?"),
        (["--channels", "x"], "unknown channel 'x'"),  # built in, but not one of this brand's
        (["--topic", "noell"], "unknown topic 'noell': did you mean 'noel'?"),
        (["--campaign", "ete"], "unknown campaign 'ete'"),
        (["--date", "2026-02-30"], "--date '2026-02-30' is not a date"),
        (["--time", "25:00"], "--time '25:00' is not a time of day"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    brand: Callable[[str], Path], run: Callable[..., Result], extra: list[str], message: str
) -> None:
    root = brand("minimal")
    before = sorted(root.glob("c*/**/*.md"))
    args = ["new", "post", "Essai", "--root", str(root), "--date", "2026-12-10", "--channels", "linkedin"]
    result = run([*args, *extra])
    assert result.exit_code == 2
    assert result.output.startswith("almanac: ") and result.output.count("\n") == 1
    assert message in result.output
    assert sorted(root.glob("c*/**/*.md")) == before  # nothing written


@pytest.mark.parametrize(
    ("args", "recurrence"),
    [
        (["--date", "02-14"], {"date": "02-14"}),
        (["--rrule", "FREQ=YEARLY;BYMONTH=5;BYDAY=-1SU"], {"rrule": "FREQ=YEARLY;BYMONTH=5;BYDAY=-1SU"}),
        (["--easter", "49"], {"easter": 49}),
    ],
)
def test_new_topic_each_recurrence(
    brand: Callable[[str], Path], run: Callable[..., Result], args: list[str], recurrence: dict[str, object]
) -> None:
    root = brand("minimal")
    made = run(
        [
            "new",
            "topic",
            "Fête des mères",
            "--root",
            str(root),
            *args,
            "--must-cover",
            "--lead-days",
            "21",
            "--channels",
            "instagram",
        ]
    )
    assert made.exit_code == 0, made.output
    assert made.output == "calendar/seasonal/fete-des-meres.md\n"
    assert _front(root / "calendar/seasonal/fete-des-meres.md") == {
        "title": "Fête des mères",
        "recurrence": recurrence,
        "lead_days": 21,
        "must_cover": True,
        "channels": ["instagram"],
    }
    # The loader reads it, and a post can now refer to it.
    post = run(
        [
            "new",
            "post",
            "Bonne fête",
            "--root",
            str(root),
            "--date",
            "2026-12-10",
            "--topic",
            "fete-des-meres",
        ]
    )
    assert post.exit_code == 0, post.output
    assert _front(root / post.output.strip())["channels"] == ["instagram"]  # the topic's channels


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "02-30"], "--date '02-30' is not a day of the year"),
        (["--date", "02-14", "--easter", "1"], "exactly one of --date MM-DD, --rrule RULE or --easter N"),
        ([], "exactly one of"),
        (["--rrule", "FREQ=MONTHLY;BYMONTHDAY=1"], "FREQ=YEARLY"),
        (["--easter", "soon"], "--easter 'soon' is not a number"),
        (["--date", "12-25"], "calendar/seasonal/noel.md already exists"),
    ],
)
def test_new_topic_refusals(
    brand: Callable[[str], Path], run: Callable[..., Result], args: list[str], message: str
) -> None:
    root = brand("minimal")
    result = run(["new", "topic", "Noël", "--root", str(root), *args])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and message in result.output, result.output


def test_new_post_passes_check_on_the_demo_brand(
    brand: Callable[[str], Path], run: Callable[..., Result]
) -> None:
    root = brand("demo")
    made = run(
        [
            "new",
            "post",
            "Crêpes de la Chandeleur",
            "--root",
            str(root),
            "--date",
            "2027-01-25",
            "--time",
            "16:00",
            "--channels",
            "instagram,facebook",
            "--topic",
            "chandeleur",
        ]
    )
    assert made.exit_code == 0, made.output
    rel = made.output.strip()
    assert rel == "content/posts/2027/01/2027-01-25-crepes-de-la-chandeleur.md"
    assert _front(root / rel)["hashtags"] == ["MaisonLumiere"]
    checked = run(["check", "--root", str(root), "--format", "json", "--today", "2026-12-01"])
    assert _errors_about(checked, rel) == []
    assert checked.exit_code == 0, checked.output
