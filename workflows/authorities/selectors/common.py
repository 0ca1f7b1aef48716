"""Who sees which records, and a record's timeline."""

from django.contrib.contenttypes.models import ContentType

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


def timeline(record):
    """The events of `record`, oldest first, with the alerts sent about it."""
    content_type = ContentType.objects.get_for_model(record)
    events = AuthorityEvent.objects.filter(content_type=content_type, object_id=record.pk).select_related("actor")
    alerts = AuthorityAlert.objects.filter(content_type=content_type, object_id=record.pk)
    return list(events), list(alerts)
