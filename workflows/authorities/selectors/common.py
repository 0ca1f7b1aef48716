"""Who sees which records, and a record's timeline."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from workflows.accounts.roles import is_restricted_to_own_body, own_body_ids

from ..models import AuthorityAlert, AuthorityEvent


def visible_to(user, queryset, *body_fields):
    """`queryset` cut to what `user` may see: a body's responsible person only records of their own bodies
    (through any of `body_fields`); everyone else with the view permission, all of them."""
    if not is_restricted_to_own_body(user):
        return queryset
    from django.db.models import Q

    bodies = own_body_ids(user)
    condition = Q(pk__in=[])
    for field in body_fields:
        condition |= Q(**{f"{field}__in": bodies})
    return queryset.filter(condition)


# What the timeline says for each verb: `services.common.step` writes the transition's name, the services a few
# words of their own ("registered", "drafted" …). A screen may say more precisely what a verb means for its kind.
VERBS = {
    "registered": _("registered"),
    "drafted": _("drafted"),
    "start_search": _("search started"),
    "provide": _("record provided"),
    "report_not_found": _("record not found"),
    "send": _("sent"),
    "record_answer": _("answer received"),
    "articles_flagged": _("Knowledge Base articles flagged for review"),
    "record_refusal": _("refused"),
    "refusal_joined": _("a further refusal joined"),
    "acknowledge": _("acknowledged"),
    "explain": _("explanation drafted"),
    "schedule": _("training scheduled"),
    "mark_held": _("held"),
    "decline": _("declined"),
    "recorded": _("training recorded"),
    "planned": _("visit planned"),
    "held": _("visit held"),
    "cancelled": _("visit cancelled"),
}


def event_label(verb):
    return VERBS.get(verb, verb.replace("_", " "))


def timeline(record):
    """The events of `record`, oldest first, each with its `label`, and the alerts sent about it."""
    content_type = ContentType.objects.get_for_model(record)
    events = list(AuthorityEvent.objects.filter(content_type=content_type, object_id=record.pk).select_related("actor"))
    for event in events:
        event.label = event_label(event.verb)
    alerts = AuthorityAlert.objects.filter(content_type=content_type, object_id=record.pk)
    return events, list(alerts)
