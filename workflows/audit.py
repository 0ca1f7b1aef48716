"""django-auditlog entries for rows a bulk path creates without `save()` (so without auditlog's signals).

`bulk_create` sends no `post_save`; the e-mail intake registers a Maildir batch of appeals at once and
must still leave the same "created" entry per row that a single save would (masked fields masked, the
correlation id kept), written in one INSERT instead of an INSERT and a SELECT per row.
"""

from auditlog.cid import get_cid
from auditlog.diff import model_instance_diff
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.encoding import smart_str


def log_created(instances):
    """One CREATE entry per registered instance (saved, with its pk), as auditlog's `post_save` would write."""
    from auditlog.models import LogEntry

    entries, cid = [], get_cid()
    for instance in instances:
        if not auditlog.contains(instance.__class__):
            continue
        changes = model_instance_diff(None, instance, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES)
        pk = instance.pk
        entries.append(
            LogEntry(
                content_type=ContentType.objects.get_for_model(instance),
                object_pk=str(pk),
                object_id=pk if isinstance(pk, int) else None,
                object_repr=smart_str(instance),
                serialized_data=LogEntry.objects._get_serialized_data_or_none(instance),
                action=LogEntry.Action.CREATE,
                changes=changes,
                cid=cid,
            )
        )
    return LogEntry.objects.bulk_create(entries)
