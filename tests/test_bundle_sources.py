"""Each export read back against the rules of its scheduler's own public description.

Sources, one per scheduler:

- Buffer: developers.buffer.com/types — ``CreatePostInput``, ``AssetInput``,
  ``ImageAssetInput``, ``ImageMetadataInput`` (``altText: String!``),
  ``PostInputMetaData``, ``InstagramPostMetadataInput`` (``type``,
  ``shouldShareToFeed`` non-null), ``PinterestPostMetadataInput`` (``boardServiceId``
  "Required on create"), transcribed as GraphQL SDL in ``tests/data/buffer_create_post.graphql``
  and applied with graphql-core's input coercion;
- Postiz: gitroomhq/postiz-app ``create.post.dto.ts``, ``media.dto.ts``, ``x.dto.ts``,
  ``pinterest.dto.ts`` (as JSON Schema in ``tests/data/postiz_create_post.schema.json``),
  ``posts.service.ts`` ``validatePosts`` (X: ``max(weightedLength, length) <= 280``), and
  docs.postiz.com's public API introduction (30 requests an hour);
- Sprout Social: support.sproutsocial.com/hc/en-us/articles/115005864203 (headers
  ``date``, ``time_24hr``, ``message_text``, case-sensitive; ``dd/mm/yyyy``; up to 350
  messages per import; at least 10 minutes after the upload and apart);
- Metricool: the public exporters' "2026-05" header (97 columns);
- Hootsuite: user write-ups of the Bulk Composer (three positional fields, no media).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from graphql import GraphQLInputObjectType, GraphQLInputType, build_schema
from graphql.utilities import coerce_input_value

from pipeline.stages.bundle.exports import ExportContext, postiz
from pipeline.stages.bundle.exports.metricool_templates import TEMPLATES
from pipeline.stages.bundle.manifest import Entry
from pipeline.text.metrics import utf16_length, x_weighted_length
from tests.bundlekit import BOARD, PIN, bundle_of, entry, pinterest_brand, unzip, write_brand

DATA = Path(__file__).parent / "data"
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def pinned(tmp_path: Path, git_repo: Callable[[Path], Path]) -> dict[str, bytes]:
    outcome = bundle_of(git_repo(pinterest_brand(tmp_path / "brand", BOARD)), PIN, excel=True)
    assert outcome.bundle is not None, outcome.blocking
    return unzip(outcome.bundle.data)


def _coerce(value: Any, kind: GraphQLInputType) -> list[str]:
    errors: list[str] = []
    coerce_input_value(value, kind, lambda path, _v, err: errors.append(f"{path}: {err.message}"))
    return errors


def test_buffer_inputs_are_valid_create_post_inputs(pinned: dict[str, bytes]) -> None:
    schema = build_schema((DATA / "buffer_create_post.graphql").read_text())
    kind = schema.get_type("CreatePostInput")
    assert isinstance(kind, GraphQLInputObjectType)
    doc = json.loads(pinned["exports/buffer.json"])
    for item in doc["inputs"]:
        assert _coerce(item, kind) == []
        assert all(len(asset) == 1 for asset in item["assets"])  # "exactly one variant"
    assert _coerce({"channelId": "c", "schedulingType": "automatic", "mode": "soon"}, kind)  # the SDL bites
    by_channel = {
        p["channel"]: i for p, i in zip(doc["posts"], doc["inputs"], strict=True) if p["post"] == "epingle"
    }
    pin = by_channel["pinterest"]
    pinterest = pin["metadata"]["pinterest"]
    assert (pinterest["boardServiceId"], pinterest["title"]) == (BOARD, "Épingle")
    assert pinterest["url"].startswith("https://example.org/suspension?utm_source=pinterest&")
    assert pin["assets"] == [
        {
            "image": {
                "url": "https://example.org/atelier/visuals/epingle/pinterest-pin.jpg",
                "metadata": {"altText": "Une suspension en laiton"},
            }
        }
    ]
    assert by_channel["instagram"]["metadata"] == {"instagram": {"type": "post", "shouldShareToFeed": True}}


def test_without_a_board_buffer_gets_a_placeholder_and_the_bundle_asks_for_it(
    tmp_path: Path, git_repo: Callable[[Path], Path]
) -> None:
    outcome = bundle_of(git_repo(pinterest_brand(tmp_path / "brand", None)), PIN)
    assert outcome.bundle is not None
    doc = json.loads(unzip(outcome.bundle.data)["exports/buffer.json"])
    boards = [
        i["metadata"]["pinterest"]["boardServiceId"]
        for i in doc["inputs"]
        if "pinterest" in i.get("metadata", {})
    ]
    assert boards == ["BUFFER_PINTEREST_BOARD_ID:pinterest"]
    asked = [w for w in outcome.bundle.manifest.warnings if "no Pinterest board" in w]
    assert [w.split(":")[0] for w in asked] == ["metricool", "buffer", "postiz"]
    assert all("channels.pinterest.board" in w for w in asked)


def test_postiz_bodies_pass_its_dtos_and_its_x_length_rule(pinned: dict[str, bytes]) -> None:
    schema = json.loads((DATA / "postiz_create_post.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    doc = json.loads(pinned["exports/postiz.json"])
    for body in doc["bodies"]:
        assert [e.message for e in validator.iter_errors(body["body"])] == []
        for item in body["body"]["posts"]:
            if item["settings"]["__type"] == "x":
                text = item["value"][0]["content"]
                assert max(x_weighted_length(text), utf16_length(text)) <= 280
    pin = next(p for b in doc["bodies"] for p in b["body"]["posts"] if p["settings"]["__type"] == "pinterest")
    assert pin["settings"]["board"] == BOARD
    bad = dict(doc["bodies"][0]["body"], type="later")
    assert not validator.is_valid(bad)


def _entry(post: str, when: datetime) -> Entry:
    return entry(post, when, channel="linkedin", text=f"Texte {post}")


def test_postiz_bodies_come_in_batches_within_its_rate_limit() -> None:
    now = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    late = [_entry(f"p{i:02d}", now + timedelta(hours=3, minutes=i)) for i in range(45)]
    soon = _entry("tot", now + timedelta(minutes=20))  # in the first batch: it can be sent in time
    out = postiz.export(ExportContext((soon, *late), now, PARIS, "fr-FR"))
    doc = json.loads(out.files["exports/postiz.json"])
    batches = doc["batches"]
    assert [len(b["posts"]) for b in batches] == [30, 16] and doc["rate_limit"] == {
        "requests": 30,
        "per": "hour",
    }
    assert [b["send_from"] for b in batches] == ["2026-12-01T08:00:00.000Z", "2026-12-01T09:00:00.000Z"]
    assert out.warnings == []
    crowded = [_entry(f"q{i:02d}", now + timedelta(minutes=20 + i)) for i in range(31)]
    flagged = postiz.export(ExportContext(tuple(crowded), now, PARIS, "fr-FR")).warnings
    assert len(flagged) == 1 and flagged[0].startswith("postiz: batch 2 can only be sent from 10:00")


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_sprout_files_follow_its_header_and_time_rules(pinned: dict[str, bytes]) -> None:
    upload = datetime(2026, 11, 20, tzinfo=PARIS)  # bundle_of's moment of export
    files = {n: d for n, d in pinned.items() if n.startswith("exports/sprout/")}
    assert files
    for data in files.values():
        table = _rows(data)
        assert table[0][:3] == ["date", "time_24hr", "message_text"]  # exact, case-sensitive
        assert 1 <= len(table) - 1 <= 350
        times = [
            datetime.strptime(f"{r[0]} {r[1]}", "%d/%m/%Y %H:%M").replace(tzinfo=PARIS) for r in table[1:]
        ]
        assert all(t >= upload + timedelta(minutes=10) for t in times)
        assert all(b - a >= timedelta(minutes=10) for a, b in itertools.pairwise(times))


def test_metricool_header_has_97_columns_and_pins_carry_their_board(pinned: dict[str, bytes]) -> None:
    header = TEMPLATES["2026-05"]
    assert len(header) == len(set(header)) == 97
    table = _rows(pinned["exports/metricool.csv"])
    assert tuple(table[0]) == header and all(len(r) == 97 for r in table)
    pins = [
        dict(zip(header, r, strict=True))
        for r in table[1:]
        if dict(zip(header, r, strict=True))["Pinterest"] == "TRUE"
    ]
    assert [(p["Pinterest Board"], p["Pinterest Pin Title"]) for p in pins] == [(BOARD, "Épingle")]
    assert pins[0]["Pinterest Pin Link"].startswith("https://example.org/suspension?utm_source=pinterest&")


def test_hootsuite_rows_needing_an_image_are_listed_in_the_readme(pinned: dict[str, bytes]) -> None:
    readme = pinned["README.txt"].decode()
    instagram = _rows(pinned["exports/hootsuite/instagram.csv"])
    assert all(len(r) == 3 for r in instagram)  # date, message, link: no media column
    assert "Images à ajouter à la main après l’import dans Hootsuite\u00a0:" in readme  # a French brand
    assert (
        f"- exports/hootsuite/instagram.csv ligne 1 (tricky, {instagram[0][0]})\u00a0: "
        "ajouter media/tricky/instagram-feed.jpg" in readme
    )
    assert "exports/hootsuite/pinterest.csv ligne 1 (epingle" in readme
    assert "exports/hootsuite/linkedin.csv ligne 2" not in readme  # "second" has no visual


def test_excel_copies_have_a_bom_semicolons_and_the_same_cells(pinned: dict[str, bytes]) -> None:
    copies = sorted(n for n in pinned if n.startswith("exports/excel/"))
    originals = sorted(
        n for n in pinned if n.startswith("exports/") and n.endswith(".csv") and "/excel/" not in n
    )
    assert copies == [n.replace("exports/", "exports/excel/", 1) for n in originals]
    for name in originals:
        copy = pinned[name.replace("exports/", "exports/excel/", 1)]
        assert copy.startswith("\ufeff".encode()) and not pinned[name].startswith(b"\xef\xbb\xbf")
        cells = list(csv.reader(io.StringIO(copy.decode("utf-8-sig"), newline=""), delimiter=";"))
        assert cells == _rows(pinned[name])
    assert "exports/excel/" in pinned["README.txt"].decode()


def test_without_a_site_url_media_ship_in_the_zip_only(
    tmp_path: Path, git_repo: Callable[[Path], Path]
) -> None:
    root = write_brand(tmp_path / "brand")
    charter = root / "charter.yaml"
    charter.write_text(charter.read_text().replace("  site_url: https://example.org/atelier/\n", ""))
    outcome = bundle_of(git_repo(root))
    assert outcome.bundle is not None
    files = unzip(outcome.bundle.data)
    manifest = json.loads(files["manifest.json"])
    assert manifest["base_url"] is None
    assert any(w.startswith("brand.site_url is not set") for w in manifest["warnings"])
    media = [m for e in manifest["entries"] for m in e["media"]]
    assert media and all(m["url"] is None and m["path"] in files for m in media)
    everything = b"".join(files[n] for n in files if n.startswith("exports/"))
    assert b"example.com" not in everything and b"https://" not in everything.replace(
        b"https://example.org/offre", b""
    )
