"""SARIF 2.1.0 output of findings, for GitHub code scanning and other SARIF viewers.

One run, one rule entry per rule id (with its rationale and default level), one
result per finding. Rule ids are Almanac's stable ids, so alerts survive across
runs. Like the other writers, this only formats.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from pipeline import __version__
from pipeline.model.findings import Finding, Level

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "note"}


def as_sarif(findings: Sequence[Finding], rules: Sequence[tuple[str, Level, str]]) -> str:
    """A SARIF log of ``findings``; ``rules`` lists ``(id, default level, rationale)`` of every rule."""
    catalogue: dict[str, tuple[Level, str]] = {}
    for rule_id, level, rationale in rules:
        catalogue.setdefault(rule_id, (level, rationale))
    for finding in findings:
        catalogue.setdefault(finding.rule, (finding.level, f"Almanac rule {finding.rule}."))
    ids = sorted(catalogue)
    index = {rule_id: i for i, rule_id in enumerate(ids)}
    descriptors = [
        {
            "id": rule_id,
            "name": rule_id,
            "shortDescription": {"text": catalogue[rule_id][1]},
            "defaultConfiguration": {"level": _SARIF_LEVEL[catalogue[rule_id][0]]},
        }
        for rule_id in ids
    ]
    results = [_result(f, index[f.rule]) for f in findings]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "almanac",
                        "version": __version__,
                        "rules": descriptors,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _result(finding: Finding, rule_index: int) -> dict[str, object]:
    text = finding.message + (f" (fix: {finding.fix})" if finding.fix else "")
    return {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVEL[finding.level],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": finding.file, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                }
            }
        ],
    }
