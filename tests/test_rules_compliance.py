"""Disclosure and compliance rules — true cases and near misses — and the mention burnt into visuals.

The mentions are those of loi n° 2023-451, art. 5 as published on Légifrance (« Publicité »,
« Collaboration commerciale », « Images retouchées », « Images virtuelles »); the health message
that of art. L3323-4 of the code de la santé publique; the contest release that of Instagram's
Promotion Guidelines ("in no way sponsored, endorsed or administered by, or associated with,
Instagram").
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from PIL import Image

from pipeline.model.channels import VisualFormat
from pipeline.stages.check.rules import rule_info
from pipeline.stages.check.sarif import as_sarif
from pipeline.stages.load.loader import load_project
from pipeline.stages.visuals.band import band_box, draw_band, text_size
from pipeline.stages.visuals.stage import render_visuals
from tests.checks_support import check, make_brand, one_post, post_text

INSTA = "channels:\n  instagram: {visual_required: false}\n  linkedin: {}\n"
PARTNER = "partner: Cirerie des Canuts\n"


def test_a_partner_post_needs_the_mention_on_each_channel(tmp_path: Path) -> None:
    body = "Nos bougies, coulées à Lyon.\n\n## linkedin\nCollaboration commerciale avec la Cirerie."
    found = one_post(
        tmp_path, INSTA, body, "voice.disclosure", channels="[instagram, linkedin]", extra=PARTNER
    )
    assert [f.message.split(":")[0] for f in found] == ["Instagram"]  # LinkedIn's variant says it
    assert found[0].line == 7  # the `partner` key


def test_either_mention_and_any_case_or_apostrophe_pass(tmp_path: Path) -> None:
    for i, text in enumerate(["PUBLICITÉ pour la Cirerie.", "#Publicité", "collaboration commerciale"]):
        assert one_post(tmp_path / str(i), "", text, "voice.disclosure", extra=PARTNER) == []
    # Near misses: "publicitaire" and "collaboration" alone are not the mention.
    near = one_post(
        tmp_path / "near",
        "",
        "Un partenariat publicitaire, une collaboration.",
        "voice.disclosure",
        extra=PARTNER,
    )
    assert len(near) == 1


def test_retouched_and_generated_visuals(tmp_path: Path) -> None:
    visual = "visual:\n  card: Une lampe\n  alt: Une carte\n  retouched: true\n  generated: true\n"
    found = one_post(tmp_path, "", "Une lampe.", "voice.disclosure", extra=visual)
    assert sorted(f.message for f in found) == [
        "LinkedIn: a generated-image post must say « Images virtuelles » in its text",
        "LinkedIn: a retouched-image post must say « Images retouchées » in its text",
    ]
    ok = one_post(
        tmp_path / "ok", "", "Image retouchée. Images virtuelles.", "voice.disclosure", extra=visual
    )
    assert ok == []


EVIN = "compliance: [evin]\n"
HEALTH = "L’abus d’alcool est dangereux pour la santé, à consommer avec modération."


def test_evin_health_message_minors_and_sport(tmp_path: Path) -> None:
    assert (
        one_post(
            tmp_path / "ok",
            EVIN,
            f"Un rouge de Loire, 12,5 % vol., notes de cerise. {HEALTH}",
            "compliance.evin",
        )
        == []
    )
    missing = one_post(tmp_path / "missing", EVIN, "Un rouge de Loire.", "compliance.evin")
    assert [f.message for f in missing] == [
        "LinkedIn: alcohol advertising must carry « L'abus d'alcool est dangereux pour la santé »"
    ]
    bad = one_post(
        tmp_path / "bad", EVIN, f"Le vin des étudiants, pour fêter la victoire. {HEALTH}", "compliance.evin"
    )
    assert [(f.column, f.message.split("“")[1].split("”")[0]) for f in bad] == [
        (12, "étudiants"),
        (37, "victoire"),
    ]
    # Without the pack, nothing is judged; near misses are not flagged.
    assert one_post(tmp_path / "off", "", "Le vin des étudiants.", "compliance.evin") == []
    near = one_post(tmp_path / "near", EVIN, f"Un vin jeune, médaille d'or. {HEALTH}", "compliance.evin")
    assert near == []


CONTEST_CHARTER = INSTA + "compliance: [contest]\n"
CONTEST = "contest:\n  rules: https://example.org/reglement\n"


def test_contest_rules_free_entry_and_instagram_release(tmp_path: Path) -> None:
    good = (
        "À gagner : une lampe. Participation gratuite, règlement sur https://example.org/reglement. "
        "Ce jeu n’est ni organisé, ni parrainé par Instagram."
    )
    assert (
        one_post(
            tmp_path / "ok",
            CONTEST_CHARTER,
            good,
            "compliance.contest",
            channels="[instagram, linkedin]",
            extra=CONTEST,
        )
        == []
    )
    bare = one_post(
        tmp_path / "bare",
        CONTEST_CHARTER,
        "À gagner : une lampe sur Instagram.",
        "compliance.contest",
        channels="[instagram, linkedin]",
        extra=CONTEST,
    )
    kinds = {"link to its rules": "rules", "entry is free": "free", "neither sponsors": "release"}
    said = sorted(
        (f.message.split(":")[0], kind) for f in bare for words, kind in kinds.items() if words in f.message
    )
    assert said == [
        ("Instagram", "free"),
        ("Instagram", "release"),
        ("Instagram", "rules"),
        ("LinkedIn", "free"),
        ("LinkedIn", "rules"),
    ]
    # Naming Instagram without a negation is no release; LinkedIn needs none.
    praise = good.replace(
        "Ce jeu n’est ni organisé, ni parrainé par Instagram.", "Merci Instagram, organisé par nous."
    )
    found = one_post(
        tmp_path / "praise",
        CONTEST_CHARTER,
        praise,
        "compliance.contest",
        channels="[instagram, linkedin]",
        extra=CONTEST,
    )
    assert [f.message.split(":")[0] for f in found] == ["Instagram"]


def test_rules_name_their_legal_source_in_sarif(tmp_path: Path) -> None:
    sources = {
        "voice.disclosure": "2023-451",
        "compliance.evin": "L3323-4",
        "compliance.contest": "Promotion Guidelines",
    }
    root = make_brand(
        tmp_path / "b",
        "compliance: [evin, contest]\n",
        {"2026-12-01-a.md": post_text("Un vin.", extra=PARTNER + CONTEST)},
    )
    findings = check(root)
    rules = [(r, info.level, info.rationale) for r in sources if (info := rule_info(r)) is not None]
    log = json.loads(as_sarif(findings, rules))
    described = {r["id"]: r["shortDescription"]["text"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
    for rule, source in sources.items():
        assert source in described[rule]
    assert {f.rule for f in findings} >= set(sources)


def test_the_band_is_legible_and_inside_the_safe_zones() -> None:
    story = VisualFormat(name="story", width=1080, height=1920, safe_top=0.14, safe_bottom=0.2)
    size = text_size(story)
    assert size >= 34
    left, top, right, bottom = band_box(story, at_bottom=False, size=size)
    assert (left, right) == (0, 1080) and top >= 0.14 * 1920 and bottom - top > size
    low = band_box(story, at_bottom=True, size=size)
    assert low[3] <= 1920 * (1 - 0.2)
    canvas = Image.new("RGB", (1080, 1920), (250, 250, 250))
    draw_band(canvas, "Publicité", story, None, at_bottom=False)
    band = canvas.crop((left, top, right, bottom))
    extrema = band.convert("L").getextrema()
    assert isinstance(extrema, tuple) and isinstance(extrema[0], int) and isinstance(extrema[1], int)
    dark, light = extrema
    assert dark < 48 and light > 235  # a near-black band (90 % opaque), white letters on it: over 14:1
    assert canvas.getpixel((540, 10)) == (250, 250, 250)  # nothing drawn above the safe zone


def test_the_build_burns_the_mention_into_image_networks_only(tmp_path: Path) -> None:
    card = "visual:\n  card: Une bougie\n  alt: Une carte\n"
    posts = {
        "2026-12-01-avec.md": post_text(
            "Publicité pour la Cirerie.", channels="[instagram, linkedin]", extra=card + PARTNER
        ),
        "2026-12-02-sans.md": post_text("Une bougie.", channels="[instagram, linkedin]", extra=card),
    }
    root = make_brand(tmp_path / "b", "visual: {palette: ['#F4EBD9', '#1F2A44']}\n", posts)
    result = render_visuals(load_project(root, use_cache=False), jobs=1)

    def image(post: str, name: str) -> Image.Image:
        art = result.artifacts[f"site/visuals/{post}/{name}.jpg"]
        assert art.source is not None or art.data is not None
        return Image.open(art.source or io.BytesIO(art.data or b"")).convert("L")

    for name in ("instagram-feed", "instagram-story"):
        fmt = next(
            f
            for f in load_project(root, use_cache=False).charter.profiles["instagram"].formats
            if f.name in name
        )
        left, top, right, bottom = band_box(fmt, at_bottom=False, size=text_size(fmt))
        banded = image("avec", name).crop((left, top, right, bottom))
        plain = image("sans", name).crop((left, top, right, bottom))
        # The dark band is there, and not on the card without a partner (cream there).
        assert _darkest(banded) < 60 < _darkest(plain)
    # No band on LinkedIn, which is not an image network.
    assert image("avec", "linkedin-feed").tobytes() == image("sans", "linkedin-feed").tobytes()


def _darkest(image: Image.Image) -> int:
    low = image.getextrema()[0]
    assert isinstance(low, int)
    return low
