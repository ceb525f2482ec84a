"""The preview site in the brand's colours and fonts, from the charter alone.

The charter's fonts (``visual.fonts``, in ``assets/brand/``) are copied into the
site (:func:`pipeline.output.layout.brand_font`) and declared with ``@font-face``
by a URL relative to the stylesheet, so the site loads nothing from another host
and works from ``file://``. The palette becomes CSS variables (``--brand-0`` …);
the header takes the palette's first colour, links the accent — each only when it
keeps the WCAG 2.x ratio of 4.5:1 on its background, since the site must stay
readable whatever the palette (otherwise the site's own colour stays).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.model.charter import Charter
from pipeline.output import layout
from pipeline.output.publish import Artifact
from pipeline.stages.load.assets import asset_problem
from pipeline.stages.visuals.limits import RGB, accent_colour, contrast, hex_to_rgb

FONT_FORMATS = {"ttf": "truetype", "otf": "opentype", "woff": "woff", "woff2": "woff2"}
"""Font files the site can serve, and their ``format()`` hint in ``@font-face``."""
_WEIGHTS = (("thin", 100), ("extralight", 200), ("light", 300), ("medium", 500), ("semibold", 600))
_WEIGHTS_BOLD = (("extrabold", 800), ("black", 900), ("heavy", 900), ("bold", 700))
_PAGE = ((255, 255, 255), (246, 247, 249))  # the site's card and page backgrounds (style.css)
_FALLBACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif'


@dataclass(frozen=True)
class Face:
    """One ``@font-face``: the family and style read from the font file, and where the site serves it."""

    family: str
    weight: int
    italic: bool
    path: str


def _names(path: Path) -> tuple[str, str] | None:
    from PIL import ImageFont  # only builds with brand fonts pay for it

    try:
        family, style = ImageFont.truetype(str(path), 12).getname()
    except (OSError, ValueError):
        return None  # not a font: `almanac check` reports it (asset.unreadable)
    return family or "", style or ""


def _weight(style: str) -> int:
    words = style.lower().replace("-", "").replace(" ", "")
    for name, weight in (*_WEIGHTS_BOLD, *_WEIGHTS):
        if name in words:
            return weight
    return 400


def _face(root: Path, src: str, role: str) -> Face | None:
    if asset_problem(root, src) is not None:
        return None
    path = (root / src).resolve()
    ext = path.suffix.lower().lstrip(".")
    names = _names(path) if ext in FONT_FORMATS else None
    if names is None:
        return None
    # A family name from a user's file goes into CSS between quotes: letters, digits, spaces only.
    family = re.sub(r"[^\w .-]", "", names[0]).strip() or f"Brand {role}"
    return Face(family, _weight(names[1]), "italic" in names[1].lower(), layout.brand_font(path.name))


def faces(root: Path, charter: Charter) -> tuple[Face | None, Face | None]:
    """The title and body faces (the body falls back to the title font, as on the cards)."""
    fonts = charter.visual.fonts
    if fonts is None:
        return None, None
    title = _face(root, fonts.title, "title")
    body = _face(root, fonts.body, "body") if fonts.body else title
    if title is not None and body is not None and body != title and body.path == title.path:
        # Two different files of the same name (in two folders): both must reach the site.
        stem, _, ext = body.path.rpartition(".")
        body = replace(body, path=f"{stem}-body.{ext}")
    return title, body


def _readable(colour: RGB, on: tuple[RGB, ...]) -> bool:
    return all(contrast(colour, bg) >= 4.5 for bg in on)


def _hex(colour: RGB) -> str:
    return "#{:02X}{:02X}{:02X}".format(*colour)


def _link_colour(charter: Charter) -> RGB | None:
    """The accent when readable on the page, else the palette's most contrasting colour that is."""
    visual = charter.visual
    if not visual.palette:
        return None
    accent = accent_colour(visual.palette, visual.accent)
    if _readable(accent, _PAGE):
        return accent
    readable = [c for c in (hex_to_rgb(p) for p in visual.palette) if _readable(c, _PAGE)]
    # Among readable palette colours, the closest in hue to the accent would be nicer; the most
    # saturated is what the accent itself is chosen by, so it is the same rule one step down.
    return (
        accent_colour([_hex(c) for c in readable], None) if len(readable) > 1 else next(iter(readable), None)
    )


def _family(face: Face) -> str:
    return f'"{face.family}", {_FALLBACK}'


def brand_css(root: Path, charter: Charter) -> str:
    """The CSS appended to the site's stylesheet: font faces, palette variables, header and links."""
    title, body = faces(root, charter)
    lines = ["", "/* The brand, from charter.yaml: palette and self-hosted fonts (assets/brand/). */"]
    for face in dict.fromkeys(f for f in (title, body) if f is not None):
        ext = face.path.rsplit(".", 1)[-1]
        url = layout.link(face.path, layout.stylesheet())
        style = "italic" if face.italic else "normal"
        lines.append(
            f'@font-face {{ font-family: "{face.family}"; src: url("{url}") format("{FONT_FORMATS[ext]}"); '
            f"font-weight: {face.weight}; font-style: {style}; font-display: swap; }}"
        )
    palette = [hex_to_rgb(c) for c in charter.visual.palette]
    variables = [f"--brand-{i}: {_hex(c)};" for i, c in enumerate(palette)]
    if palette:
        variables.append(
            f"--brand-accent: {_hex(accent_colour(charter.visual.palette, charter.visual.accent))};"
        )
    link = _link_colour(charter)
    if link is not None:
        variables.append(f"--accent: {_hex(link)};")
    if body is not None:
        variables.append(f"font-family: {_family(body)};")
    if variables:
        lines.append(":root { " + " ".join(variables) + " }")
    if title is not None:
        lines.append(
            f"h1, h2, h3, .brandname {{ font-family: {_family(title)}; font-weight: {title.weight}; }}"
        )
    if palette:
        head = palette[0]
        # The brand's own colour for the header text when one reads well, else white or ink.
        ink = max(palette[1:] or [head], key=lambda c: contrast(head, c))
        if contrast(head, ink) < 4.5:
            ink = max([(255, 255, 255), (29, 35, 48)], key=lambda c: contrast(head, c))
        if contrast(head, ink) >= 4.5:
            lines.append(f".top {{ background: {_hex(head)}; color: {_hex(ink)}; }}")
            lines.append(f".top nav a, .tagline {{ color: {_hex(ink)}; }}")
    return "\n".join(lines) + "\n"


def brand_files(root: Path, charter: Charter) -> dict[str, Artifact]:
    """The font files the brand CSS names, copied from the brand repository into the site."""
    out: dict[str, Artifact] = {}
    title, body = faces(root, charter)
    fonts = charter.visual.fonts
    for face, src in (
        (title, fonts.title if fonts else None),
        (body, (fonts.body or fonts.title) if fonts else None),
    ):
        if face is not None and src is not None:
            out[face.path] = Artifact.of_bytes((root / src).resolve().read_bytes())
    return out
