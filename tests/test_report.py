"""Output writers: JSON shape, GitHub annotations (escaping, caps), Markdown summary."""

from __future__ import annotations

import json

from pipeline.model.findings import Finding, Level
from pipeline.stages.check.report import as_github, as_json, as_markdown, as_text


def _finding(
    level: Level = Level.ERROR, message: str = "m", rule: str = "voice.term", line: int = 12
) -> Finding:
    return Finding(rule=rule, level=level, message=message, file="content/posts/a.md", line=line, column=5)


def test_json_is_the_documented_shape() -> None:
    f = _finding(message="“pas cher” is off-charter").model_copy(update={"fix": "petit prix"})
    data = json.loads(as_json([f, _finding(Level.WARNING)]))
    assert data["version"] == 1
    assert data["counts"] == {"error": 1, "warning": 1, "info": 0}
    assert data["findings"][0] == {
        "rule": "voice.term",
        "level": "error",
        "file": "content/posts/a.md",
        "line": 12,
        "column": 5,
        "message": "“pas cher” is off-charter",
        "fix": "petit prix",
    }
    assert "fix" not in data["findings"][1]


def test_github_escapes_like_the_actions_toolkit() -> None:
    f = Finding(
        rule="x.y", level=Level.ERROR, message="100% sûr\nligne 2\r", file="a,b:c.md", line=3, column=1
    )
    line = as_github([f]).strip()
    assert line == "::error file=a%2Cb%3Ac.md,line=3,col=1,title=x.y::100%25 sûr%0Aligne 2%0D"


def test_github_ranks_errors_first_and_caps_each_level() -> None:
    findings = [_finding(Level.WARNING, line=i) for i in range(1, 13)] + [
        _finding(Level.ERROR, line=i) for i in range(1, 13)
    ]
    lines = as_github(findings).strip().splitlines()
    assert all(x.startswith("::error") for x in lines[:10])
    assert all(x.startswith("::warning") for x in lines[10:20])
    assert lines[20] == "::notice title=almanac::4 more findings are listed in the job summary"


def test_markdown_lists_everything() -> None:
    findings = [_finding(line=i, message=f"a | b {i}") for i in range(1, 31)]
    summary = as_markdown(findings)
    assert summary.count("| error |") == 30
    assert "a \\| b 7" in summary
    assert "No finding" in as_markdown([])


def test_text_counts() -> None:
    assert as_text([]).strip() == "0 errors, 0 warnings, 0 info"
    assert as_text([_finding()]).startswith("content/posts/a.md:12:5: error [voice.term] m")
