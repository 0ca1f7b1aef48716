"""The demo registry: the public services of `fixtures/demo/registry.csv`, imported the way a coordinator's
file is (checked, all or nothing, audited), so the registry, the service pages and onboarding have services."""

from pathlib import Path

from django.conf import settings

from .bulk_import import import_registry

DEMO_REGISTRY = Path(settings.BASE_DIR) / "fixtures" / "demo" / "registry.csv"


def load_demo_registry(path=DEMO_REGISTRY):
    """Import the demo file (an upsert by register number, so a second run changes nothing); returns the report."""
    path = Path(path)
    return import_registry(path.read_bytes(), "csv", file_name=path.name)
