"""The registry of configuration models (issue 20, item 8): every change audited, readable by the authorities.

An app whose model is configuration an administrator changes in the admin (site settings, process terms,
notification templates, reference lists, routing rules, webhooks) registers it once, in its `apps.py`
`ready()` or below its model:

    from workflows.configuration.registry import register
    register(RoutingRule)                       # django-auditlog's register(), plus the configuration history
    register(Webhook, exclude_fields=["secret_hash"])   # auditlog's keyword arguments pass through

The model is then audited by django-auditlog (who, when, the fields before and after), listed on the
"Configuration history" screen (auditlog.view_logentry: administrators, supervisors, the authority viewer),
and each save or delete sends `signals.configuration_changed` (the page cache is purged).
An app below this one (the calendar imports no app) is registered from this app's `apps.py`.
"""

from auditlog.registry import auditlog
from django.db.models.signals import post_delete, post_save

from .signals import configuration_changed

_MODELS = []


def register(model, **auditlog_kwargs):
    """Audit `model` as configuration; idempotent (a second call changes nothing)."""
    if model in _MODELS:
        return model
    if not auditlog.contains(model):
        auditlog.register(model, **auditlog_kwargs)
    _MODELS.append(model)
    post_save.connect(_announce, sender=model, dispatch_uid=f"configuration.saved.{model._meta.label}")
    post_delete.connect(_announce, sender=model, dispatch_uid=f"configuration.deleted.{model._meta.label}")
    return model


def registered_models():
    """The configuration models, in the order they were registered."""
    return tuple(_MODELS)


def _announce(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    configuration_changed.send(sender=sender, instance=instance)
