"""A fuzzer for hostile input: front matter, charters and odd files never crash, hang or mis-report.

Hypothesis generates front matter (types, nesting, tags, aliases, unicode
classes, control characters, sizes), charter values and file-system shapes;
``almanac check`` runs on each, in process for speed (plus a few subprocess runs
to catch signals). Every run must end with exit 0 or 1, valid JSON, every
finding positioned (file, line ≥ 1, column ≥ 1), no traceback and within a time
budget. Profiles (registered in ``tests/conftest.py``): ``ci``, the default, and
``long`` (``--hypothesis-profile=long``), twenty times as many examples.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from pipeline.cli import cli

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
REPO = Path(__file__).parent.parent
TODAY = "2026-11-20"
BUDGET_S = 10.0


_CONTROL = st.sampled_from(
    ["\x00", "\x0b", "\x0c", "\u2028", "\u0085", "\x1b", "\ufeff", "\u202e", "\t", "\r"]
)
_TEXT = st.text(st.one_of(st.characters(codec="utf-8"), _CONTROL), max_size=40)
_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    _TEXT,
    st.sampled_from(
        [
            "0001-01-01T00:30:00+05:00",
            "9999-12-31T23:59:59-05:00",
            "2026-02-30",
            "2026-12-03 10:00",
            "2026-03-29 02:30",
            "javascript:alert(document.domain)//",
            "https://[x",
            "https://example.org:99999/",
            "data:text/html,<script>alert(1)</script>",
            ".inf",
            "1e308",
            "a\x00b.png",
            "../../etc/passwd",
            "assets/images/carre.png",
        ]
    ),
)
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)),
    max_leaves=12,
)
_KEYS = st.sampled_from(
    [
        "title",
        "publish_at",
        "channels",
        "pillar",
        "status",
        "link",
        "hashtags",
        "visual",
        "topic",
        "campaign",
        "ignore",
        "id",
        "other",
    ]
)
_RAW_YAML = st.sampled_from(
    [
        "a: " + "[" * 30000,
        "a: " + "[" * 400 + "]" * 400,
        "a: " + "{x: " * 200 + "1" + "}" * 200,
        "".join(f"k{i}: &a{i} [{'*a' + str(i - 1) if i else 1}]\n" for i in range(60)),
        "a: &a [*a]",
        "a: !!omap [{x: 1}]",
        "a: !!set {x}",
        "a: !!binary aGVsbG8=",
        "a: !!python/object:os.system 1",
        "? [a]\n: 1",
        "a: &x 1\nb: &x 2",
        "a: *nothing",
        "a: 1e3\nb: 0o17\nc: 012",
        "\tkey: tab",
        "- " * 60 + "x",
        "".join(" " * i + "k:\n" for i in range(60)),
        "t: |\n" + "".join(" " * i + "x\n" for i in range(1, 60)),
        "a: 'unterminated",
        "a: [b, c",
        "%YAML 1.1\n---\na: 1",
    ]
)


def _dump(value: object) -> str:
    """Front matter text: JSON is YAML, so every generated value has an exact form."""
    return (
        json.dumps(value, ensure_ascii=False, allow_nan=True)
        .replace("NaN", ".nan")
        .replace("Infinity", ".inf")
    )


def _brand(tmp: Path) -> Path:
    root = tmp / "brand"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".almanac"))
    return root


def _check(root: Path) -> list[dict[str, object]]:
    """Run ``almanac check --format json`` in process and assert everything the fuzzer promises."""
    started = time.monotonic()
    result = CliRunner().invoke(
        cli, ["check", "--root", str(root), "--format", "json", "--today", TODAY], catch_exceptions=True
    )
    elapsed = time.monotonic() - started
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), result.output
    assert elapsed < BUDGET_S, f"check took {elapsed:.1f} s"
    report = json.loads(result.stdout)
    findings: list[dict[str, object]] = report["findings"]
    for finding in findings:
        assert finding["file"], finding
        assert isinstance(finding["line"], int) and finding["line"] >= 1, finding
        assert isinstance(finding["column"], int) and finding["column"] >= 1, finding
        assert "Traceback" not in str(finding["message"]), finding
    return findings


def _post(root: Path, text: str, name: str = "fuzz.md") -> Path:
    path = root / "content" / "posts" / "2026" / "12" / name
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


@given(st.dictionaries(_KEYS, _VALUE, max_size=8), _TEXT)
def test_generated_front_matter_never_crashes(tmp_path: Path, data: dict[str, object], body: str) -> None:
    root = _brand(tmp_path)
    _post(root, f"---\n{_dump(data)}\n---\n{body}\n")
    _check(root)


@given(
    st.fixed_dictionaries(
        {
            "title": st.one_of(_TEXT, st.just("Titre")),
            "publish_at": st.one_of(_SCALAR, st.just("2026-12-03 10:00")),
            "channels": st.one_of(st.just(["instagram", "linkedin"]), _VALUE),
            "pillar": st.just("community"),
            "status": st.sampled_from(["draft", "review", "approved", "bogus"]),
            "link": _SCALAR,
        }
    ),
    _TEXT,
)
def test_nearly_valid_posts_never_crash(tmp_path: Path, data: dict[str, object], body: str) -> None:
    root = _brand(tmp_path)
    _post(root, f"---\n{_dump(data)}\n---\n{body}\n")
    _check(root)


@given(_RAW_YAML, st.booleans())
def test_hostile_yaml_shapes_become_findings(tmp_path: Path, raw: str, in_charter: bool) -> None:
    root = _brand(tmp_path)
    if in_charter:
        charter = root / "charter.yaml"
        charter.write_text(charter.read_text(encoding="utf-8") + "\n" + raw + "\n", encoding="utf-8")
        result = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json", "--today", TODAY])
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.exit_code in (0, 1, 2), result.output
        return
    _post(root, f"---\ntitle: T\n{raw}\n---\nTexte.\n")
    findings = _check(root)
    assert any(f["file"] == "content/posts/2026/12/fuzz.md" for f in findings)


_CHARTER_VALUES = st.one_of(
    _SCALAR, st.sampled_from([1e308, float("inf"), float("nan"), -1, 0, 10**20, "(a+)+$", "(a|aa)+$", "["])
)


@given(
    st.sampled_from(
        [
            ("visual", "palette_tolerance"),
            ("visual", "max_upscale"),
            ("visual", "min_contrast"),
            ("publish", "horizon_days"),
            ("publish", "event_minutes"),
            ("cadence", "min_gap_hours", "default"),
            ("cadence", "mix", "max_share", "community"),
            ("voice", "terms", 0, "avoid"),
        ]
    ),
    _CHARTER_VALUES,
)
def test_charter_values_never_crash(tmp_path: Path, where: tuple[object, ...], value: object) -> None:
    root = _brand(tmp_path)
    node: object = value
    for key in reversed(where):
        if key == 0:
            node = [{"avoid": node, "regex": True}] if where[-1] == "avoid" else [node]
        elif key != "avoid":
            node = {key: node}
    charter = root / "charter.yaml"
    charter.write_text(charter.read_text(encoding="utf-8") + _dump(node)[1:-1].join(["\n", "\n"]))
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json", "--today", TODAY])
    assert time.monotonic() - started < BUDGET_S
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code != 2:
        json.loads(result.stdout)


_FILES = st.sampled_from(
    ["fifo", "symlink-fifo", "dangling", "directory", "not-utf8-name", "empty", "huge", "loop"]
)


@given(st.lists(_FILES, min_size=1, max_size=3, unique=True))
def test_odd_files_never_hang_or_crash(tmp_path: Path, shapes: list[str]) -> None:
    root = _brand(tmp_path)
    folder = root / "content" / "posts" / "2026" / "12"
    for shape in shapes:
        if shape == "fifo":
            os.mkfifo(folder / "pipe.md")
        elif shape == "symlink-fifo":
            os.mkfifo(folder / ".hidden-pipe")
            (folder / "to-pipe.md").symlink_to(".hidden-pipe")
        elif shape == "dangling":
            (folder / "gone.md").symlink_to("nowhere.md")
        elif shape == "directory":
            (folder / "dir.md").mkdir()
        elif shape == "not-utf8-name":
            (Path(os.fsdecode(bytes(folder) + b"/caf\xe9.md"))).write_text("---\ntitle: x\n---\n")
        elif shape == "empty":
            (folder / "empty.md").write_bytes(b"")
        elif shape == "huge":
            with (folder / "huge.md").open("wb") as handle:
                handle.truncate(3 * 1024 * 1024)
        elif shape == "loop":
            (folder / "loop.md").symlink_to("loop.md")
    _check(root)


@pytest.mark.parametrize(
    "front",
    [
        "a: " + "[" * 30000,
        "a: " + "{" * 30000,
        "title: T\nchannels: [instagram]\npublish_at: 2026-12-03 10:00\n" + "x: " + "- " * 20000 + "1",
    ],
)
def test_no_signal_in_a_real_process(tmp_path: Path, front: str) -> None:
    """SIGSEGV inside ruamel's C composer only shows in a real process."""
    root = _brand(tmp_path)
    _post(root, f"---\n{front}\n---\nTexte.\n")
    env = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1795000000"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "check",
            "--root",
            str(root),
            "--format",
            "json",
            "--today",
            TODAY,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads(done.stdout)["findings"]


def _image_bytes(kind: str) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.linear_gradient("L").resize((96, 64)).convert("RGB").save(buffer, kind)
    return buffer.getvalue()


_IMAGES = {kind: _image_bytes(kind) for kind in ("JPEG", "PNG")}


@given(
    st.sampled_from(sorted(_IMAGES)),
    st.lists(st.tuples(st.integers(min_value=0, max_value=4000), st.binary(max_size=8)), max_size=4),
    st.one_of(st.none(), st.integers(min_value=0, max_value=4000)),
    st.booleans(),
)
def test_damaged_images_never_crash(
    tmp_path: Path, kind: str, patches: list[tuple[int, bytes]], cut: int | None, close: bool
) -> None:
    root = _brand(tmp_path)
    data = bytearray(_IMAGES[kind])
    for offset, patch in patches:
        start = offset % len(data)
        data[start : start + len(patch)] = patch
    if cut is not None:
        data = data[: cut % len(data)]
    if close:
        data += b"\xff\xd9"
    suffix = ".jpg" if kind == "JPEG" else ".png"
    (root / "assets" / "images" / f"abime{suffix}").write_bytes(bytes(data))
    _post(
        root,
        "---\ntitle: T\npublish_at: 2026-12-03 10:00\nchannels: [instagram]\npillar: community\n"
        f"status: approved\nvisual: {{src: assets/images/abime{suffix}, alt: Une image abîmée}}\n"
        "---\nTexte.\n",
    )
    _check(root)
