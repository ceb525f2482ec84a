"""The rule registry: every charter rule, in one place, in the order they run.

A rule family lives in its own module and exports a ``RULES`` tuple; this
module only concatenates them. Adding a rule means adding it to its family's
tuple — there is no plugin mechanism.
"""

from __future__ import annotations

from pipeline.stages.check.rules import (
    bundle,
    cadence,
    channel,
    charter_rules,
    compliance,
    feeds,
    files,
    hashtags,
    ledger,
    past,
    placeholder,
    seasonal,
    spelling,
    timerules,
    typography,
    visual,
    voice,
    yaml_values,
)
from pipeline.stages.check.rules.base import CheckContext, Hit, Rule

ALL_RULES: tuple[Rule, ...] = (
    *files.RULES,
    *timerules.RULES,
    *past.RULES,
    *ledger.RULES,
    *charter_rules.RULES,
    *channel.RULES,
    *voice.RULES,
    *compliance.RULES,
    *spelling.RULES,
    *hashtags.RULES,
    *yaml_values.RULES,
    *typography.RULES,
    *placeholder.RULES,
    *visual.RULES,
    *cadence.RULES,
    *seasonal.RULES,
    *feeds.RULES,
    *bundle.RULES,
)


def rule_ids() -> list[str]:
    """Every rule id, sorted and unique."""
    return sorted({rule.id for rule in ALL_RULES})


def rule_info(rule_id: str) -> Rule | None:
    """The first registered rule with that id (its default level and rationale)."""
    return next((rule for rule in ALL_RULES if rule.id == rule_id), None)


__all__ = ["ALL_RULES", "CheckContext", "Hit", "Rule", "rule_ids", "rule_info"]
