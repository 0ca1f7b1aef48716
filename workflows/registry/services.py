"""Operations on the registry that change state: appointing and replacing responsible persons (paras 20,
27), reporting and following up by-law changes (para 26), the runner behind the admin's buttons, the
steps of a bulk import (keep, confirm, discard, write) and the Annex 1 PDF.

Each operation runs in one transaction and re-reads the row it moves under `select_for_update`, so two
people pressing buttons on the same record at once cannot both win; the loser gets `TransitionRefused`
and nothing is written. An import's steps move its batch with one conditional UPDATE or DELETE instead:
of two clicks at once, one finds the batch still previewed, the other finds nothing to do.
"""

import hashlib
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, FSMFieldMixin, can_proceed, has_transition_perm
from django_q.tasks import async_task

from .bulk_import import import_registry
from .import_progress import ProgressRecorder, forget_progress, read_progress
from .models import RegistryImport, Responsibility, ResponsiblePerson, ServiceChange
from .pdf import PdfFile, render_annex1_pdf
from .signals import service_changed

ImportStatus = RegistryImport.Status


class TransitionRefused(Exception):
    """A step was not allowed now, not allowed to this user, or the record changed meanwhile.

    Raised before anything is written, or from inside the transaction that is then rolled back.
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _states(obj):
    return {
        field.attname: field.value_from_object(obj)
        for field in obj._meta.concrete_fields
        if isinstance(field, FSMFieldMixin)
    }


def _locked(obj):
    """The row of `obj`, re-read and locked; refused when its state moved since `obj` was read."""
    fresh = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if _states(fresh) != _states(obj):
        raise TransitionRefused(_("“%(object)s” was changed by someone else meanwhile") % {"object": obj})
    return fresh


def _transition(obj, name):
    method = getattr(obj, name, None)
    if method is None or not hasattr(method, "_django_fsm"):
        raise TransitionRefused(
            _("“%(name)s” is not a step of a %(model)s") % {"name": name, "model": obj._meta.verbose_name}
        )
    return method


def _check(method, user):
    """`user=None` is the platform acting on its own (an import, a task): no permission to check."""
    name, obj = method.__name__, method.__self__
    if not can_proceed(method):
        raise TransitionRefused(
            _("“%(name)s” is not possible while “%(object)s” is %(state)s")
            % {"name": name, "object": obj, "state": obj.get_state_display()}
        )
    if user is not None and not has_transition_perm(method, user):
        raise TransitionRefused(_("you are not allowed to do “%(name)s”") % {"name": name})


def run_transition(*, obj, name, user, **kwargs):
    """Run the FSM transition `name` on `obj` as `user`, with `kwargs`, and save it.

    Returns `obj`, refreshed from the database. Raises `TransitionRefused` when the transition is not
    possible from the current state, the user lacks its permission, or another request changed the
    record since `obj` was read; in each case nothing is written.
    """
    _transition(obj, name)
    try:
        with transaction.atomic():
            fresh = _locked(obj)
            method = _transition(fresh, name)
            _check(method, user)
            method(**kwargs)
            fresh.save()
    except ConcurrentTransition as error:
        raise TransitionRefused(_("“%(object)s” was changed by someone else meanwhile") % {"object": obj}) from error
    obj.refresh_from_db()
    return obj


@transaction.atomic
def appoint_responsible_person(*, body, full_name, appointed_on, position="", phone="", email="", services=()):
    """Para 20: a body appoints the person responsible for the information about its services.

    The person starts in the state "appointed" and answers for `services` from `appointed_on`.
    """
    person = ResponsiblePerson(
        body=body, full_name=full_name, position=position, phone=phone, email=email, appointed_on=appointed_on
    )
    person.full_clean(exclude=["state"])  # a protected FSM field: it moves by transitions only
    person.save()
    for service in services:
        Responsibility.objects.create(person=person, service=service, start_date=appointed_on)
    return person


def _check_successor(person, successor, replaced_on):
    if successor.pk == person.pk:
        raise TransitionRefused(_("a person cannot succeed themselves"))
    if successor.body_id != person.body_id:
        raise TransitionRefused(_("the successor must belong to the same state body"))
    if successor.state not in (ResponsiblePerson.State.APPOINTED, ResponsiblePerson.State.ACTIVE):
        raise TransitionRefused(
            _("the successor “%(successor)s” is %(state)s")
            % {"successor": successor, "state": successor.get_state_display()}
        )
    if replaced_on < person.appointed_on:
        raise TransitionRefused(_("the replacement date is before the person was appointed"))


def replace_responsible_person(*, person, successor, replaced_on, notified_on=None, user=None):
    """Para 27: `successor` takes over `person`'s services from `replaced_on`.

    The body must notify the UCC within five working days; the model's transition stores that
    deadline (and whether `notified_on` missed it) on `person`. The person's open responsibilities end
    on `replaced_on` (the first day they no longer answer) and the same services open for the
    successor from that day, so the history tells who answered for a service on any date.
    """
    try:
        with transaction.atomic():
            fresh = _locked(person)
            successor = ResponsiblePerson.objects.select_for_update().get(pk=successor.pk)
            _check(fresh.replace, user)
            _check_successor(fresh, successor, replaced_on)
            fresh.replace(successor=successor, replaced_on=replaced_on, notified_on=notified_on)
            fresh.save()
            _hand_over(fresh, successor, replaced_on)
    except ConcurrentTransition as error:
        raise TransitionRefused(_("“%(object)s” was changed by someone else meanwhile") % {"object": person}) from error
    person.refresh_from_db()
    return person


@transaction.atomic
def replace_by_new_person(
    *, person, full_name, replaced_on, position="", phone="", email="", notified_on=None, user=None
):
    """Para 27 with a successor not registered yet: appointed from `replaced_on`, then put in `person`'s
    place (as `replace_responsible_person`) — both or neither."""
    successor = appoint_responsible_person(
        body=person.body, full_name=full_name, position=position, phone=phone, email=email, appointed_on=replaced_on
    )
    return replace_responsible_person(
        person=person, successor=successor, replaced_on=replaced_on, notified_on=notified_on, user=user
    )


def _hand_over(person, successor, day):
    already = set(successor.responsibilities.filter(end_date__isnull=True).values_list("service_id", flat=True))
    for responsibility in person.responsibilities.filter(end_date__isnull=True).select_related("service"):
        responsibility.end_date = max(day, responsibility.start_date)
        responsibility.save()
        if responsibility.service_id not in already:
            Responsibility.objects.create(person=successor, service=responsibility.service, start_date=day)


def report_service_change(*, service, what_changed, changed_on, act_title="", act_number="", act_date=None):
    """Para 26: a by-law of `service` changed on `changed_on`; the information is due in five working days.

    Once committed, `signals.service_changed` tells the Knowledge Base to flag the linked articles.
    """
    with transaction.atomic():
        change = ServiceChange(
            service=service,
            what_changed=what_changed,
            changed_on=changed_on,
            act_title=act_title,
            act_number=act_number,
            act_date=act_date,
        )
        change.full_clean(exclude=["state", "update_due"])  # the deadline is computed on save, from the calendar
        change.save()
        transaction.on_commit(lambda: service_changed.send(sender=ServiceChange, service=service, change=change))
    return change


def mark_change_updated(*, change, at=None, user=None):
    """Para 26: the responsible person has updated the information (late if after `update_due`)."""
    return run_transition(obj=change, name="mark_information_updated", user=user, at=at or timezone.now())


def confirm_change(*, change, user, at=None):
    """The UCC confirms that the updated information is reflected."""
    return run_transition(obj=change, name="confirm", user=user, by=user, at=at or timezone.now())


def annex1_pdf(*, service, language):
    """Annex 1 filled in for `service`, in Kazakh ("kk") or Russian ("ru"), with the name it is saved under."""
    content = render_annex1_pdf(service, language)
    return PdfFile(name=f"annex1-{service.register_number}-{language}.pdf", content=content)


def keep_checked_import(*, user, file_name, file_format, content, valid_rows_only, report):
    """Keep a file that has been through its dry run (`report`) as a PREVIEWED batch, until someone confirms
    or discards it."""
    return RegistryImport.objects.create(
        user=user,
        file_name=file_name[:255],
        file_format=file_format,
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        valid_rows_only=valid_rows_only,
        status=ImportStatus.PREVIEWED,
        total_rows=report.total_rows,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        error_rows=len(report.error_rows),
        message=report.summary(),
    )


@transaction.atomic
def confirm_import(*, batch):
    """Queue a previewed import for the worker (`tasks.run_registry_import`, once this commits).

    False when the batch was no longer previewed (confirmed or discarded meanwhile), so a second click queues
    nothing; refused while rows have errors, unless the batch writes the valid rows only.
    """
    if batch.error_rows and not batch.valid_rows_only:
        raise TransitionRefused(_("Nothing will be written while rows have errors."))
    previewed = RegistryImport.objects.filter(pk=batch.pk, status=ImportStatus.PREVIEWED)
    queued = previewed.update(status=ImportStatus.QUEUED)
    if queued:
        transaction.on_commit(
            partial(async_task, "workflows.registry.tasks.run_registry_import", batch.pk, group="registry-import")
        )
    return bool(queued)


@transaction.atomic
def discard_import(*, batch):
    """Delete a previewed import (nothing of it was written); False once it was confirmed: it then stays."""
    deleted, _counts = RegistryImport.objects.filter(pk=batch.pk, status=ImportStatus.PREVIEWED).delete()
    return bool(deleted)


def write_confirmed_import(*, batch_id):
    """Write a confirmed (QUEUED) import, all or nothing, and return its report; None when the batch is in any
    other state (written, running or discarded), so that a second run does nothing.

    Not one transaction: the import writes in its own, and an unexpected error must still leave the batch
    FAILED, its file dropped, for the status page to say so.
    """
    claimed = RegistryImport.objects.filter(pk=batch_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, processed_rows=0
    )
    if not claimed:
        return None
    batch = RegistryImport.objects.get(pk=batch_id)
    try:
        return import_registry(
            bytes(batch.content or b""),
            batch.file_format,
            file_name=batch.file_name,
            user=batch.user,
            valid_rows_only=batch.valid_rows_only,
            batch=batch,
            progress=ProgressRecorder(batch_id),
        )
    except Exception as exc:
        _import_failed(batch, exc)
        raise
    finally:
        forget_progress(batch_id)


def _import_failed(batch, error):
    done, total = read_progress(batch)
    RegistryImport.objects.filter(pk=batch.pk).update(
        processed_rows=done,
        total_rows=total,
        status=ImportStatus.FAILED,
        message=_("Nothing imported: the import stopped on an unexpected error (%(error)s).") % {"error": error},
        content=None,
        finished_at=timezone.now(),
    )
