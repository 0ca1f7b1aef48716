"""The demo's notification templates: every declared mail in each of its languages, none edited (the shipped
default). Idempotent: a second run creates nothing."""

from .services import sync_templates


def load_demo_notifications():
    return sync_templates()
