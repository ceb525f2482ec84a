"""``almanac schema``: JSON Schemas (draft 2020-12) of the files users write, from the pydantic models.

The models are the single source of truth: titles and descriptions come from
their docstrings and field descriptions, ``extra="forbid"`` becomes
``additionalProperties: false``, and aliases (``register``, ``from``, ``to``) are
the keys the schemas name. Two things are adapted for editors, which validate
the YAML as their YAML 1.2 parser reads it (timestamps are strings there):

- ``publish_at`` accepts what Almanac accepts, ``2026-11-24 18:30`` as well as
  RFC 3339 with an offset, as a pattern instead of ``format: date-time``;
- integer-keyed mappings (a topic's ``overrides``) say their keys are years.

Adding a schema is one line in :data:`SCHEMAS`.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from pipeline.errors import OutputError
from pipeline.output.atomic import write_atomic
from pipeline.text.messages import N_
from pipeline.text.oserrors import with_reason

DIALECT = "https://json-schema.org/draft/2020-12/schema"
DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"


@dataclass(frozen=True)
class SchemaSpec:
    """One schema to write: file stem, the model (``module:Class``, imported when needed) and its title."""

    name: str
    model: str
    title: str

    def load(self) -> type[BaseModel]:
        """The pydantic model class."""
        module, _, name = self.model.partition(":")
        model = getattr(importlib.import_module(module), name)
        assert isinstance(model, type) and issubclass(model, BaseModel)
        return model

    @property
    def filename(self) -> str:
        """``<name>.schema.json``."""
        return f"{self.name}.schema.json"


SCHEMAS: tuple[SchemaSpec, ...] = (
    SchemaSpec("charter", "pipeline.model.charter:Charter", "Almanac brand charter (charter.yaml)"),
    SchemaSpec("post", "pipeline.model.content:PostMeta", "Almanac post (content/posts/**/*.md)"),
    SchemaSpec(
        "topic", "pipeline.model.content:TopicMeta", "Almanac seasonal topic (calendar/seasonal/*.md)"
    ),
    SchemaSpec(
        "campaign", "pipeline.model.content:CampaignMeta", "Almanac campaign (calendar/campaigns/*.md)"
    ),
    SchemaSpec(
        "manifest", "pipeline.stages.bundle.manifest:Manifest", "Almanac bundle manifest (manifest.json)"
    ),
)


class _Generator(GenerateJsonSchema):
    """pydantic's generator, with the editor-friendly adaptations of the module docstring."""

    def datetime_schema(self, schema: core_schema.DatetimeSchema) -> JsonSchemaValue:
        """A wall time with or without an offset, as Almanac reads it."""
        return {"type": "string", "pattern": DATETIME_PATTERN, "examples": ["2026-11-24 18:30"]}

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        """Mappings; integer keys (years) get a pattern, as JSON keys are strings."""
        result = super().dict_schema(schema)
        keys = schema.get("keys_schema")
        if keys is not None and keys.get("type") == "int":
            result["propertyNames"] = {"pattern": r"^-?\d+$"}
        return result


def schema_for(spec: SchemaSpec) -> dict[str, Any]:
    """The JSON Schema of one model, with ``$schema`` and a title."""
    generated = spec.load().model_json_schema(by_alias=True, mode="validation", schema_generator=_Generator)
    return {"$schema": DIALECT, **generated, "title": spec.title}


def render(spec: SchemaSpec) -> str:
    """The schema file's text: stable key order, two-space indent, final newline."""
    return json.dumps(schema_for(spec), indent=2, ensure_ascii=False) + "\n"


def write_schemas(out: Path, specs: tuple[SchemaSpec, ...] = SCHEMAS) -> list[tuple[Path, bool]]:
    """Write every schema into ``out``: each path, and whether it changed (unchanged ones are kept)."""
    written: list[tuple[Path, bool]] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for spec in specs:
            path = out / spec.filename
            text = render(spec)
            changed = not path.is_file() or path.read_text(encoding="utf-8") != text
            if changed:
                # An editor watching the schema must never read half of it.
                mode = path.stat().st_mode & 0o7777 if path.is_file() else 0o644
                write_atomic(path, text, mode=mode)
            written.append((path, changed))
    except OSError as exc:
        raise OutputError(with_reason(N_("cannot write schemas: {error}"), exc), file=exc.filename) from None
    return written
