"""The branded cards' second and third layouts, rendered for real with Pillow.

*Accent* cards take the charter's accent colour; *photo* cards put the card text on a
scrim over the post's photo, which must bring the text to the WCAG 2.x ratio of 4.5:1
(WCAG 2.2, success criterion 1.4.3, with its relative-luminance formula — recomputed
here pixel by pixel with the plain formula, not the renderer's percentile helper).
The logo of a 9:16 story stays inside the story's safe zone: Meta's guidance for
Stories keeps the top 14 % (250 px of 1920: profile, timestamp) and the bottom 20 %
(340 px: reply bar, call-to-action) free of logos and text.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.model.channels import BUILTIN_PROFILES, VisualFormat
from pipeline.stages.visuals.cards import CardStyle, draw_card
from pipeline.stages.visuals.limits import accent_colour, contrast, hex_to_rgb
from pipeline.stages.visuals.logo import LogoSpec
from pipeline.stages.visuals.render import OutputJob, RenderTask, cache_file, render_task
from tests.checks_support import BASE_CHARTER, check, make_brand, post_text

REPO = Path(__file__).resolve().parents[1]
LATO_BOLD = REPO / "assets" / "brand" / "Lato-Bold.ttf"
PALETTE = ("#1F2A44", "#F4EBD9", "#C9A227", "#A04A32", "#A3B18A")  # the demo charter's
NUIT, CREME = hex_to_rgb("#1F2A44"), hex_to_rgb("#F4EBD9")
MAGENTA = (255, 0, 255)
TEXT = "Les soldes d’hiver commencent mercredi"


def story() -> VisualFormat:
    """Instagram's story format from the built-in profiles (1080×1920, safe zones 14 % and 20 %)."""
    [fmt] = [f for f in BUILTIN_PROFILES["instagram"].formats if f.name == "story"]
    return fmt.model_copy(update={"type": "png"})  # lossless, so pixels can be measured


def bright_photo(path: Path, size: tuple[int, int]) -> Path:
    """A bright, busy photo (seeded noise between 185 and 255): crème text is unreadable on it."""
    rng = np.random.default_rng(7)
    pixels = rng.integers(185, 256, size=(size[1], size[0], 3), dtype=np.uint8)
    Image.fromarray(pixels, "RGB").save(path)
    return path


def render(tmp_path: Path, fmt: VisualFormat, **task: object) -> Image.Image:
    job = OutputJob(("c" if "card" in task else "b") * 64, fmt)
    [done] = render_task(RenderTask(outputs=(job,), cache_dir=tmp_path / "cache", **task))  # type: ignore[arg-type]
    assert done.sha256 is not None, done.problems
    with Image.open(cache_file(tmp_path / "cache", job.key, fmt)) as image:
        return image.convert("RGB")


def wcag(pixels: np.ndarray, text: tuple[int, int, int]) -> np.ndarray:
    """The WCAG 2.x contrast of ``text`` against each pixel, from the formula (no shared helper)."""
    c = pixels.astype(np.float64) / 255.0
    lin = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    lum = 0.2126 * lin[..., 0] + 0.7152 * lin[..., 1] + 0.0722 * lin[..., 2]
    t = np.array(text, dtype=np.float64) / 255.0
    tl = np.where(t <= 0.03928, t / 12.92, ((t + 0.055) / 1.055) ** 2.4)
    text_lum = 0.2126 * tl[0] + 0.7152 * tl[1] + 0.0722 * tl[2]
    return np.asarray((np.maximum(lum, text_lum) + 0.05) / (np.minimum(lum, text_lum) + 0.05))


def test_photo_card_text_sits_on_a_scrim_of_at_least_4_5_on_a_bright_photo(tmp_path: Path) -> None:
    fmt = story()
    source = bright_photo(tmp_path / "bright.png", (fmt.width, fmt.height))
    style = CardStyle(PALETTE, LATO_BOLD, None, None, 4.5)
    bare = np.asarray(render(tmp_path / "bare", fmt, source=source))
    out = np.asarray(render(tmp_path / "card", fmt, source=source, card=TEXT, style=style))
    changed_rows = np.flatnonzero((bare != out).any(axis=(1, 2)))
    assert changed_rows.size, "no scrim and no text drawn"
    top, bottom = int(changed_rows.min()), int(changed_rows.max())
    # The band is a caption: below the middle, above the story's bottom safe zone.
    assert top > fmt.height * 0.5 and bottom < fmt.height * (1 - fmt.safe_bottom)
    # Left of the text (inside the 8 % margin) the band is scrim only, over the same kind of photo.
    margin = int(fmt.width * 0.08) - 2
    scrim = out[top : bottom + 1, :margin].reshape(-1, 3)
    photo = bare[top : bottom + 1, :margin].reshape(-1, 3)
    assert float(np.percentile(wcag(photo, CREME), 5)) < 4.5  # without the scrim the text fails
    assert float(np.percentile(wcag(scrim, CREME), 5)) >= 4.5
    assert scrim.std() > 1.0  # not a flat box: the photo still shows through the scrim
    # Outside the band, the photo is untouched.
    assert (out[:top] == bare[:top]).all() and (out[bottom + 1 :] == bare[bottom + 1 :]).all()
    # The text is drawn in the plain card's text colour.
    band = out[top : bottom + 1].reshape(-1, 3)
    assert (np.abs(band.astype(int) - CREME).max(axis=1) <= 6).sum() > 500


def test_accent_layout_takes_its_colours_from_the_charter() -> None:
    fmt = story()
    # Without `visual.accent`, the palette's most saturated colour after the first: laiton.
    assert accent_colour(list(PALETTE)) == hex_to_rgb("#C9A227")
    for accent, background in ((None, "#C9A227"), ("#A04A32", "#A04A32")):
        style = CardStyle(PALETTE, LATO_BOLD, None, None, 4.5, "accent", accent)
        card, ratio = draw_card(TEXT, fmt, style)
        pixels = np.asarray(card).reshape(-1, 3)
        colours, counts = np.unique(pixels, axis=0, return_counts=True)
        ranked = [(int(c[0]), int(c[1]), int(c[2])) for c in colours[np.argsort(-counts)]]
        # The background is the accent; the text is the palette colour contrasting most with it.
        assert ranked[0] == hex_to_rgb(background)
        text = max((hex_to_rgb(c) for c in PALETTE if c != background), key=lambda c: contrast(c, ranked[0]))
        assert text in ranked[1:3]
        assert ratio == pytest.approx(contrast(text, hex_to_rgb(background)), rel=1e-6) and ratio >= 4.5
    plain, _ = draw_card(TEXT, fmt, CardStyle(PALETTE, LATO_BOLD, None, None))
    assert plain.getpixel((0, 0)) == NUIT  # the plain layout is unchanged: the palette's first colour


@pytest.mark.parametrize("corner", ["top-left", "top-right", "bottom-left", "bottom-right"])
def test_story_logo_stays_in_the_safe_zone_and_clear_of_the_text(tmp_path: Path, corner: str) -> None:
    fmt = story()
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (300, 120), (*MAGENTA, 255)).save(logo)
    spec = LogoSpec(logo, corner, 0.04, 0.18)
    source = bright_photo(tmp_path / "bright.png", (fmt.width, fmt.height))
    style = CardStyle(PALETTE, LATO_BOLD, spec, None, 4.5)
    out = np.asarray(render(tmp_path, fmt, source=source, card=TEXT, style=style, logo=spec, logo_digest="l"))
    ys, xs = np.nonzero((np.abs(out.astype(int) - MAGENTA) <= 8).all(axis=2))
    assert ys.size > 1000, "logo not drawn"
    # Inside the safe zone, in the corner a person expects it (the margin from the side it hugs).
    assert ys.min() >= fmt.height * fmt.safe_top and ys.max() < fmt.height * (1 - fmt.safe_bottom)
    margin = round(fmt.width * 0.04)
    if corner.endswith("left"):
        assert xs.min() == margin
    else:
        assert xs.max() == fmt.width - margin - 1
    if corner.startswith("top"):
        assert ys.min() <= fmt.height * fmt.safe_top + margin + 1
    else:
        assert ys.max() >= fmt.height * (1 - fmt.safe_bottom) - margin - 2
    # No card text over the logo: no crème pixel inside the logo's box.
    box = out[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].reshape(-1, 3)
    assert not (np.abs(box.astype(int) - CREME).max(axis=1) <= 6).any()


def test_check_holds_each_layout_to_its_own_colours(tmp_path: Path) -> None:
    # White on navy reads (plain cards); on the mid-grey accent neither navy nor white does.
    charter = 'visual: {palette: ["#1F2A44", "#FFFFFF"], accent: "#7A7F8C", min_contrast: 4.5}\n'
    card = "visual: {card: Les soldes commencent, alt: Les soldes commencent%s}\n"
    posts = {
        "2026-12-01-plain.md": post_text("Texte.", extra=card % ""),
        "2026-12-02-accent.md": post_text("Texte.", extra=card % ", layout: accent"),
    }
    root = make_brand(tmp_path / "b", charter, posts)
    assert [f.post for f in check(root, rule="visual.contrast")] == ["accent"]
    (root / "charter.yaml").write_text(BASE_CHARTER + charter.replace("}", ", card_layout: accent}"), "utf-8")
    (root / "content/posts/2026-12-01-plain.md").write_text(post_text("Texte.", extra=card % ""), "utf-8")
    assert sorted(f.post or "" for f in check(root, rule="visual.contrast")) == ["accent", "plain"]
    photo = "visual: {src: assets/p.png, card: Les soldes, alt: Un salon, layout: accent}\n"
    (root / "assets").mkdir()
    Image.new("RGB", (1200, 1200), "white").save(root / "assets" / "p.png")
    (root / "content/posts/2026-12-03-photo.md").write_text(post_text("Texte.", extra=photo), "utf-8")
    [bad] = [f for f in check(root, rule="schema.type") if f.file.endswith("photo.md")]
    assert "scrim" in bad.message
