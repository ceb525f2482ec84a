"""The preview site in the brand's palette and self-hosted fonts (``stages/site/brand.py``).

CSS ``@font-face`` (CSS Fonts Module Level 4, §4): ``src: url(...) format("truetype")``
with a URL relative to the stylesheet that holds it; the browser test
(``test_site_brand_browser.py``) has Chromium load the faces for real.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.model.project import Project
from pipeline.stages.load.loader import load_project
from pipeline.stages.site.brand import brand_css, brand_files
from pipeline.stages.visuals.limits import contrast, hex_to_rgb
from tests.conftest import REPO
from tests.site_build import BRAND_FONTS, build_site, make_brand

FACE = re.compile(r"@font-face\s*\{([^}]*)\}")
URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


def declarations(block: str) -> dict[str, str]:
    return {k.strip(): v.strip() for k, _, v in (d.partition(":") for d in block.split(";")) if v.strip()}


def root_variables(css: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for block in re.findall(r":root\s*\{([^}]*)\}", css):
        found.update(declarations(block))
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("brand"))[0]


def test_stylesheet_carries_the_charter_palette(site: Path) -> None:
    charter = load_project(site.parents[1] / "brand", use_cache=False).charter
    css = (site / "style.css").read_text(encoding="utf-8")
    variables = root_variables(css)
    for i, colour in enumerate(charter.visual.palette):
        assert variables[f"--brand-{i}"].upper() == colour.upper()
    # Links in the accent only if it reads on the page; laiton does not (2.4:1), terracotta does.
    link = variables["--accent"]
    assert link.upper() in {c.upper() for c in charter.visual.palette}
    assert contrast(hex_to_rgb(link), (255, 255, 255)) >= 4.5
    assert contrast(hex_to_rgb(link), (246, 247, 249)) >= 4.5
    # The brand's rules close the stylesheet: the last `.top` rule is the header's colours.
    heads = re.findall(r"(?m)^\.top\s*\{([^}]*)\}", css)
    assert heads, "the header is not in the brand's colours"
    colours = declarations(heads[-1])
    assert colours["background"].upper() == charter.visual.palette[0].upper()
    assert contrast(hex_to_rgb(colours["background"]), hex_to_rgb(colours["color"])) >= 4.5


def test_font_faces_point_at_font_files_inside_the_built_site(site: Path) -> None:
    css = (site / "style.css").read_text(encoding="utf-8")
    faces = [declarations(block) for block in FACE.findall(css)]
    assert {(f["font-family"], f["font-weight"]) for f in faces} == {('"Lato"', "700"), ('"Lato"', "400")}
    served = set()
    for face in faces:
        [url] = URL.findall(face["src"])
        assert "//" not in url and not url.startswith("/"), url  # relative: no other host, any sub-path
        font = (site / url).resolve()
        assert font.is_relative_to(site.resolve()) and font.is_file(), url
        assert 'format("truetype")' in face["src"]
        served.add(font.read_bytes())
    assert served == {(REPO / "assets" / "brand" / name).read_bytes() for name in BRAND_FONTS}
    # The body text and the titles are set in them.
    assert root_variables(css)["font-family"].startswith('"Lato"')
    assert every_url_is_local(css)


def every_url_is_local(css: str) -> bool:
    return all("//" not in url and not url.startswith("data:") for url in URL.findall(css))


def _project(tmp_path: Path, visual: str) -> Project:
    root = make_brand(tmp_path)
    text = (root / "charter.yaml").read_text(encoding="utf-8")
    (root / "charter.yaml").write_text(text.split("\nvisual:")[0] + visual, encoding="utf-8")
    return load_project(root, use_cache=False)


def test_an_unreadable_palette_or_a_broken_font_leaves_the_site_readable(tmp_path: Path) -> None:
    # Pale colours only: neither link nor header may take them.
    pale = _project(tmp_path / "pale", '\nvisual: {palette: ["#FFF4E0", "#FFE9B0"]}\n')
    css = brand_css(pale.root, pale.charter)
    assert "--brand-0: #FFF4E0" in css and "--accent" not in root_variables(css)
    head = re.search(r"\.top\s*\{([^}]*)\}", css)
    assert head is not None
    colours = declarations(head.group(1))
    assert contrast(hex_to_rgb(colours["background"]), hex_to_rgb(colours["color"])) >= 4.5
    # A "font" that is not one: no @font-face, no copied file, no crash (check reports it).
    broken = tmp_path / "broken"
    project = _project(
        broken, '\nvisual: {palette: ["#1F2A44"], fonts: {title: assets/brand/Lato-Bold.ttf}}\n'
    )
    (project.root / "assets" / "brand" / "Lato-Bold.ttf").write_bytes(b"not a font at all")
    assert "@font-face" not in brand_css(project.root, project.charter)
    assert brand_files(project.root, project.charter) == {}
