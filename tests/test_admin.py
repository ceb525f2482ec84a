"""The web editor's files: Decap CMS's config.yml from the JSON Schemas and the charter, the page, the bundle.

Decap's configuration options are those of its documentation
(https://decapcms.org/docs/configuration-options/, https://decapcms.org/docs/widgets/,
https://decapcms.org/docs/editorial-workflows/); the browser test
(``tests/test_admin_browser.py``) shows the CMS accepting the generated file and
writing what ``almanac check`` reads.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from pydantic import ValidationError
from ruamel.yaml import YAML

from pipeline.commands.schema import SCHEMAS, schema_for
from pipeline.model.charter import Charter
from pipeline.stages.admin import ENTRY_SCRIPT, WIDGETS_SCRIPT, recorded_sums, vendor_folder
from pipeline.stages.admin.config import LEFT_TO_GIT, decap_config
from tests.conftest import REPO

Run = Callable[..., Result]

TODAY = "2026-11-24"


def _charter(**extra: Any) -> Charter:
    data: dict[str, Any] = {"brand": {"name": "Maison Test"}, "editor": {"repo": "maison/calendrier"}}
    data.update(extra)
    return Charter.model_validate(data)


def _collection(config: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [c for c in config["collections"] if c["name"] == name]
    assert isinstance(found, dict)
    return found


def _field(fields: list[dict[str, Any]], name: str) -> dict[str, Any]:
    (found,) = [f for f in fields if f["name"] == name]
    return found


@pytest.mark.parametrize(
    ("collection", "schema"), [("posts", "post"), ("topics", "topic"), ("campaigns", "campaign")]
)
def test_every_key_of_the_schema_is_in_the_form_or_left_to_git(collection: str, schema: str) -> None:
    (spec,) = [s for s in SCHEMAS if s.name == schema]
    keys = set(schema_for(spec)["properties"])
    fields = {f["name"] for f in _collection(decap_config(_charter()), collection)["fields"]}
    assert fields - {"body"} == keys - LEFT_TO_GIT[schema]
    assert "body" in fields  # the text after the front matter


def test_the_form_follows_the_schema_and_the_charter() -> None:
    charter = _charter(channels={"instagram": {}, "linkedin": {}}, pillars=["promo", "event"])
    config = decap_config(charter)
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"] == {"name": "github", "repo": "maison/calendrier", "branch": "main"}
    assert config["local_backend"] is True
    assert config["locale"] == "fr"
    posts = _collection(config, "posts")
    assert posts["folder"] == "content/posts" and posts["format"] == "yaml-frontmatter"
    # Media of the posts at the repository root, written as paths relative to it (as `src` is).
    assert (posts["media_folder"], posts["public_folder"]) == ("/assets/images", "assets/images")
    fields = posts["fields"]
    channels = _field(fields, "channels")
    assert channels["widget"] == "select" and channels["multiple"] is True and channels["min"] == 1
    assert [o["value"] for o in channels["options"]] == list(charter.profiles)
    assert [o["value"] for o in _field(fields, "pillar")["options"]] == ["promo", "event"]
    status = _field(fields, "status")
    assert [o["value"] for o in status["options"]] == ["idea", "draft", "review", "approved"]
    assert _field(fields, "publish_at")["widget"] == "datetime"
    assert _field(fields, "publish_at")["required"] is True
    assert _field(fields, "title") == {
        "label": "Titre",
        "name": "title",
        "widget": "string",
        "required": True,
        "hint": "Titre de travail, affiché dans le calendrier.",
    }
    visual = _field(fields, "visual")
    # Optional, but once there it needs an image or a card, and its alt text: almanac-visual.js says so.
    assert visual["widget"] == "almanac-visual" and visual["required"] is False
    assert visual["alt_message"] == "Décrivez le visuel dans son texte alternatif."
    assert {f["name"] for f in visual["fields"]} == {"src", "card", "alt", "kind", "retouched", "generated"}
    assert _field(visual["fields"], "src")["widget"] == "image"
    assert _field(fields, "topic")["collection"] == "topics"
    assert _field(fields, "campaign")["collection"] == "campaigns"
    topics = _collection(config, "topics")
    assert topics["folder"] == "calendar/seasonal"
    recurrence = _field(topics["fields"], "recurrence")
    day = _field(recurrence["fields"], "date")
    assert re.fullmatch(day["pattern"][0], "02-14") and not re.fullmatch(day["pattern"][0], "2-14")
    lead = _field(topics["fields"], "lead_days")
    assert (lead["widget"], lead["value_type"], lead["min"], lead["max"]) == ("number", "int", 0, 366)
    campaigns = _collection(config, "campaigns")
    assert campaigns["folder"] == "calendar/campaigns"
    assert _field(campaigns["fields"], "from")["format"] == "YYYY-MM-DD"


def test_an_english_brand_gets_an_english_form_and_any_pillar_is_free_text() -> None:
    charter = _charter(brand={"name": "Test & Co", "language": "en-GB"})
    config = decap_config(charter)
    assert config["locale"] == "en"
    fields = _collection(config, "posts")["fields"]
    assert _field(fields, "title")["label"] == "Title"
    assert _field(fields, "pillar")["widget"] == "string"  # no pillars in the charter: any is allowed


def test_a_local_backend_on_another_port_is_spelt_out() -> None:
    charter = _charter(
        editor={"repo": "maison/calendrier", "local_port": 18081, "base_url": "https://o.example"}
    )
    config = decap_config(charter)
    assert config["local_backend"] == {"url": "http://localhost:18081/api/v1"}
    assert config["backend"]["base_url"] == "https://o.example"


@pytest.mark.parametrize(
    "editor",
    [{"repo": "calendrier"}, {"repo": "a/b", "base_url": "http://oauth.example"}, {"repo": "a/b", "typo": 1}],
)
def test_a_wrong_editor_section_is_refused(editor: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        _charter(editor=editor)


def test_the_vendored_bundle_is_the_one_recorded_and_pinned() -> None:
    sums = recorded_sums()
    assert ENTRY_SCRIPT in sums and "LICENSE" in sums and "THIRD-PARTY-NOTICES.txt" in sums
    assert len([n for n in sums if n.endswith(".decap-cms.js")]) > 50  # the lazily loaded chunks
    for name, digest in sums.items():
        assert hashlib.sha256(vendor_folder().joinpath(name).read_bytes()).hexdigest() == digest, name
    script = (REPO / "tools" / "vendor-decap.sh").read_text(encoding="utf-8")
    pinned = re.search(r"^DECAP_VERSION=(\S+)", script, re.MULTILINE)
    assert pinned is not None
    assert (
        vendor_folder().joinpath("VERSION").read_text(encoding="utf-8").startswith(f"decap-cms {pinned[1]}\n")
    )
    assert "MIT License" in vendor_folder().joinpath("LICENSE").read_text(encoding="utf-8")


def test_the_build_publishes_the_editor_only_when_the_charter_asks(
    run: Run, brand: Callable[[str], Path], tmp_path: Path
) -> None:
    root = brand("minimal")
    out = tmp_path / "out"
    done = run(["build", "--root", str(root), "--out", str(out), "--today", TODAY])
    assert done.exit_code == 0, done.output
    assert not (out / "site" / "admin").exists()

    with (root / "charter.yaml").open("a", encoding="utf-8") as charter:
        charter.write("\neditor:\n  repo: maison/calendrier\n")
    done = run(["build", "--root", str(root), "--out", str(out), "--today", TODAY])
    assert done.exit_code == 0, done.output
    admin = out / "site" / "admin"
    assert {p.name for p in admin.iterdir()} == {*recorded_sums(), "index.html", "config.yml", WIDGETS_SCRIPT}
    assert (admin / ENTRY_SCRIPT).read_bytes() == vendor_folder().joinpath(ENTRY_SCRIPT).read_bytes()
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<script src="../admin/decap-cms.js"></script>' in page
    assert page.index("decap-cms.js") < page.index(WIDGETS_SCRIPT)  # the widget registers with the CMS
    assert 'href="../admin/config.yml" type="text/yaml" rel="cms-config-url"' in page
    assert "https://" not in page  # nothing from a CDN
    config = YAML(typ="safe").load((admin / "config.yml").read_text(encoding="utf-8"))
    from pipeline.stages.load.loader import load_project

    assert config == decap_config(load_project(root).charter)
