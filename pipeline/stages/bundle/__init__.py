"""The scheduling bundle: manifest, media and one import file per scheduler, in one zip."""

from pipeline.stages.bundle.make import Bundle, BundleOutcome, make_bundle, read_artifacts
from pipeline.stages.bundle.manifest import Manifest, manifest_schema

__all__ = ["Bundle", "BundleOutcome", "Manifest", "make_bundle", "manifest_schema", "read_artifacts"]
