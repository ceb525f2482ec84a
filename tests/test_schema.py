"""``almanac schema``: draft 2020-12 schemas that agree with the models; the committed copies are current."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from jsonschema import Draft202012Validator

from pipeline.commands.schema import SCHEMAS
from pipeline.stages.load.frontmatter import FrontMatterError, decode, parse_yaml, split
from tests.conftest import FIXTURES, REPO

COMMITTED = REPO / ".vscode" / "schemas"
KINDS = {"content/posts": "post", "calendar/seasonal": "topic", "calendar/campaigns": "campaign"}


def _as_json(data: Any) -> Any:
    """What an editor's YAML 1.2 parser hands the schema: timestamps are text, mapping keys are strings."""
    return json.loads(json.dumps(data))


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((COMMITTED / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _documents(root: Path) -> Iterator[tuple[str, str, Any]]:
    """(file, schema name, data) of a brand's charter and every content file."""
    yield "charter.yaml", "charter", parse_yaml((root / "charter.yaml").read_text(encoding="utf-8"), 1)
    for folder, kind in KINDS.items():
        for path in sorted((root / folder).rglob("*.md")):
            parts = split(path.read_text(encoding="utf-8"))
            yield path.relative_to(root).as_posix(), kind, parse_yaml(parts.yaml_text, parts.yaml_line)


def test_committed_schemas_are_what_almanac_schema_writes(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run(["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(spec.filename for spec in SCHEMAS)
    for name in written:
        assert (COMMITTED / name).read_text(encoding="utf-8") == (tmp_path / name).read_text(
            encoding="utf-8"
        ), f"{name} is stale: run `almanac schema` at the repository root and commit .vscode/schemas/"
    again = run(["schema", "--out", str(tmp_path)])
    assert again.output.count("(unchanged)") == len(SCHEMAS)


def test_vscode_points_the_yaml_extension_at_the_charter_schema() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    targets = {k.removeprefix("./"): v for k, v in settings["yaml.schemas"].items()}
    assert "charter.yaml" in targets[".vscode/schemas/charter.schema.json"]
    assert (REPO / ".vscode/schemas/charter.schema.json").is_file()


def test_schemas_carry_docs_aliases_and_closed_objects() -> None:
    charter = json.loads((COMMITTED / "charter.schema.json").read_text(encoding="utf-8"))
    assert charter["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert charter["additionalProperties"] is False
    defs = charter["$defs"]
    assert all(d.get("additionalProperties") is False for d in defs.values() if d.get("type") == "object")
    assert "register" in defs["Voice"]["properties"] and "address" not in defs["Voice"]["properties"]
    assert set(defs["Freeze"]["required"]) == {"from", "to", "reason"}
    undocumented = [
        f"{name}.{key}"
        for name, d in [("Charter", charter), *defs.items()]
        for key, prop in d.get("properties", {}).items()
        if not (
            prop.get("description")
            or defs.get(prop.get("$ref", "").rpartition("/")[2], {}).get("description")
        )
    ]
    assert undocumented == []
    assert defs["Brand"]["properties"]["timezone"]["description"].startswith("IANA zone")


@pytest.mark.parametrize("name", ["minimal", "demo"])
def test_every_brand_file_is_valid(brand: Callable[[str], Path], name: str) -> None:
    documents = list(_documents(brand(name)))
    assert len(documents) >= 5
    for file, kind, data in documents:
        errors = [e.message for e in _validator(kind).iter_errors(_as_json(data))]
        assert errors == [], f"{file}: {errors}"


def test_the_loader_and_the_schemas_agree_on_the_invalid_fixture() -> None:
    """Every front matter the models accept, the schema accepts; the typos and wrong types it rejects."""
    posts = _validator("post")
    root = FIXTURES / "invalid"
    rejected = {
        "2026-12-04-channels-string.md",  # channels: instagram
        "2026-12-05-typo-key.md",  # an unknown key
        "2026-12-21-no-title.md",  # a required key missing
    }
    seen = set()
    for path in sorted((root / "content/posts").glob("*.md")):
        try:
            parts = split(decode(path.read_bytes()))
            data = parse_yaml(parts.yaml_text, parts.yaml_line)
        except FrontMatterError:  # not YAML at all: nothing for a schema to say
            continue
        valid = posts.is_valid(_as_json(data))
        seen.add(path.name)
        assert valid == (path.name not in rejected), path.name
    assert rejected <= seen


def test_rejects_unknown_charter_key_and_string_channels() -> None:
    charter = _validator("charter")
    good = {"brand": {"name": "Atelier"}, "voice": {"register": "vous"}}
    assert charter.is_valid(good)
    typo = {"brand": {"name": "Atelier"}, "voise": {"register": "vous"}}
    (error,) = charter.iter_errors(typo)
    assert error.validator == "additionalProperties" and "voise" in error.message
    assert not charter.is_valid({"brand": {"name": "Atelier", "colour": "red"}})
    assert not charter.is_valid(
        {"brand": {"name": "A"}, "voice": {"address": "vous"}}
    )  # the alias is the key
    assert not charter.is_valid({"brand": {"name": "A"}, "cadence": {"per_week": {"x": [1, 2, 3]}}})
    assert not charter.is_valid({"brand": {"name": "A"}, "visual": {"palette": ["red"]}})

    post = _validator("post")
    base = {"title": "T", "publish_at": "2026-11-24 18:30", "channels": ["instagram"], "pillar": "promo"}
    assert post.is_valid(base)
    assert post.is_valid({**base, "publish_at": "2026-11-24T18:30:00+01:00"})
    assert not post.is_valid({**base, "publish_at": "24/11/2026"})
    (error,) = post.iter_errors({**base, "channels": "instagram"})
    assert error.validator == "type" and list(error.absolute_path) == ["channels"]

    topic = _validator("topic")
    assert topic.is_valid(
        {"title": "Fête", "recurrence": {"date": "02-14"}, "overrides": {"2027": "2027-02-15"}}
    )
    assert not topic.is_valid(
        {"title": "Fête", "recurrence": {"date": "02-14"}, "overrides": {"l'an": "2027-02-15"}}
    )


def test_a_real_bundle_manifest_is_valid(brand: Callable[[str], Path], run: Callable[..., Result]) -> None:
    root = brand("minimal")
    built = run(["build", "--root", str(root), "--today", "2026-11-20"])  # the visuals the bundle ships
    assert built.exit_code == 0, built.output
    made = run(
        ["bundle", "--root", str(root), "--from", "2026-12-01", "--to", "2026-12-31", "--today", "2026-11-20"]
    )
    assert made.exit_code == 0, made.output
    archive = root / "dist" / "bundle" / "almanac-2026-12-01--2026-12-31.zip"
    with zipfile.ZipFile(archive) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
    validator = _validator("manifest")
    assert [e.message for e in validator.iter_errors(manifest)] == []
    assert not validator.is_valid({**manifest, "surprise": True})
