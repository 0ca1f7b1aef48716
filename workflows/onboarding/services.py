"""Operations on onboarding protocols (paras 20-23, 33): starting one, moving it step by step, starting
consultations on the day para 23 gives, cancelling or withdrawing; the reminders of the deadlines of paras
20-21, and the protocol's PDF.

Transitions run through the registry's `run_transition` (row re-read under `select_for_update`, the FSM
state checked, the permission checked, `TransitionRefused` when not possible — nothing written then). The
public service's UCC status follows the protocol in the same transaction.
"""

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.calendar.clocks import local_date
from workflows.directory.models import StateBody
from workflows.registry.models import PublicService
from workflows.registry.pdf import PdfFile
from workflows.registry.services import TransitionRefused, run_transition

from . import reminders, selectors
from .models import OnboardingProtocol, OnboardingReminder
from .pdf import render_protocol_pdf

Status = PublicService.UccStatus
State = OnboardingProtocol.State
Kind = OnboardingReminder.Kind

__all__ = [
    "TransitionRefused",
    "cancel_protocol",
    "hold_training",
    "protocol_pdf",
    "receive_information",
    "schedule_training",
    "send_reminder",
    "send_reminders",
    "sign_protocol",
    "start_consultations",
    "start_due_consultations",
    "start_onboarding",
    "withdraw_protocol",
]


def _subject_kind(body):
    if body.kind == StateBody.Kind.E_SERVICE_SUBJECT:
        return OnboardingProtocol.SubjectKind.E_SERVICE_SUBJECT  # para 33
    return OnboardingProtocol.SubjectKind.CENTRAL_BODY


def _set_service_status(service_id, status, consulted_since=None):
    """Saved (not `update()`d) so that the audit trail shows the status change and who or what made it."""
    service = PublicService.objects.select_for_update().get(pk=service_id)
    service.ucc_status = status
    if consulted_since is not None:
        service.consulted_since = consulted_since
    service.save(update_fields=["ucc_status", "consulted_since", "updated_at"])


@transaction.atomic
def start_onboarding(*, service, body, bylaw_reference, bylaw_approved_on, coordinator=None, subject_kind=None):
    """Para 20: a by-law determining how `service` is provided was approved on `bylaw_approved_on`; the body
    has three working days to appoint a responsible person and send the Annex 1 information.

    Refused when the service already has a live protocol with this body.
    """
    live = OnboardingProtocol.objects.filter(service=service, body=body).exclude(
        state__in=[State.CANCELLED, State.WITHDRAWN]
    )
    if live.exists():
        raise TransitionRefused(
            _("%(service)s already has an onboarding protocol with %(body)s") % {"service": service, "body": body}
        )
    protocol = OnboardingProtocol(
        service=service,
        body=body,
        subject_kind=subject_kind or _subject_kind(body),
        bylaw_reference=bylaw_reference,
        bylaw_approved_on=bylaw_approved_on,
        coordinator=coordinator,
    )
    protocol.full_clean(exclude=["state", "information_due"])  # the deadline comes from the calendar on save
    protocol.save()
    if service.ucc_status in (Status.NOT_ACCEPTED, Status.WITHDRAWN):
        _set_service_status(service.pk, Status.ONBOARDING)
    return protocol


def _not_before(day, earlier, message):
    if earlier and day < earlier:
        raise TransitionRefused(message)


def receive_information(*, protocol, received_on, responsible_person=None, user=None):
    """Para 20: the responsible person is appointed and the Annex 1 information received (late after 3 wd)."""
    _not_before(received_on, protocol.bylaw_approved_on, _("the information cannot come before the by-law"))
    if responsible_person is not None and responsible_person.body_id != protocol.body_id:
        raise TransitionRefused(_("the responsible person must belong to the body of the protocol"))
    return run_transition(
        obj=protocol,
        name="receive_information",
        user=user,
        received_on=received_on,
        responsible_person=responsible_person,
    )


def schedule_training(*, protocol, training_on, user=None):
    """Para 21: the date of the training of the UCC's responsible employee."""
    _not_before(training_on, protocol.information_received_on, _("the training cannot come before the information"))
    return run_transition(obj=protocol, name="schedule_training", user=user, training_on=training_on)


def hold_training(*, protocol, held_on, user=None):
    """Para 21: the training was held (late after ten working days from the information)."""
    _not_before(held_on, protocol.information_received_on, _("the training cannot come before the information"))
    return run_transition(obj=protocol, name="hold_training", user=user, held_on=held_on)


def sign_protocol(*, protocol, signed_on, ucc_signatory, body_signatory, signed_scan=None, user=None):
    """Para 22: signed by both sides; para 23 gives the day consultations start."""
    _not_before(signed_on, protocol.training_held_on, _("the protocol is signed at the end of the training"))
    if not (ucc_signatory.strip() and body_signatory.strip()):
        raise TransitionRefused(_("both signatories are required (para 22)"))
    return run_transition(
        obj=protocol,
        name="sign",
        user=user,
        signed_on=signed_on,
        ucc_signatory=ucc_signatory.strip(),
        body_signatory=body_signatory.strip(),
        signed_scan=signed_scan,
    )


def start_consultations(*, protocol, on, user=None):
    """Para 23: from `on` the UCC consults on the service; the service's status says so from the day para 23
    gives (`consultation_start_date`), even when the schedule ran late."""
    with transaction.atomic():
        run_transition(obj=protocol, name="start_consultations", user=user, on=on)
        service = protocol.service
        since = service.consulted_since if service.ucc_status == Status.CONSULTED else None
        _set_service_status(service.pk, Status.CONSULTED, since or protocol.consultation_start_date)
    return protocol


def start_due_consultations(*, today=None):
    """The schedule's daily run: every signed protocol whose start date has come starts consultations.

    Never before the date; a protocol started meanwhile by someone else is skipped, so running this twice
    on a day has the effect of running it once. Returns the protocols started.
    """
    today = today or local_date(timezone.now())
    started = []
    due = OnboardingProtocol.objects.filter(state=State.SIGNED, consultation_start_date__lte=today)
    for protocol in due.select_related("service"):
        try:
            started.append(start_consultations(protocol=protocol, on=today))
        except TransitionRefused:
            continue
    return started


def cancel_protocol(*, protocol, reason, on=None, user=None):
    """Onboarding stopped before consultations: the service is no longer "being onboarded" unless another
    live protocol onboards it."""
    if not reason.strip():
        raise TransitionRefused(_("a reason is required"))
    with transaction.atomic():
        run_transition(obj=protocol, name="cancel", user=user, on=on or local_date(timezone.now()), reason=reason)
        others = OnboardingProtocol.objects.filter(service_id=protocol.service_id, state__in=protocol.OPEN_STATES)
        service = PublicService.objects.get(pk=protocol.service_id)
        if service.ucc_status == Status.ONBOARDING and not others.exists():
            _set_service_status(service.pk, Status.NOT_ACCEPTED)
    return protocol


def withdraw_protocol(*, protocol, reason, on=None, user=None):
    """The UCC stops consulting on the service (unless another protocol still has it consulted)."""
    if not reason.strip():
        raise TransitionRefused(_("a reason is required"))
    with transaction.atomic():
        run_transition(obj=protocol, name="withdraw", user=user, on=on or local_date(timezone.now()), reason=reason)
        others = OnboardingProtocol.objects.filter(service_id=protocol.service_id, state=State.CONSULTING)
        if not others.exists():
            _set_service_status(protocol.service_id, Status.WITHDRAWN)
    return protocol


def send_reminder(*, protocol, step, kind, to=None):
    """Paras 20-21: remind of `step` of `protocol` (due soon or overdue) unless it was done before; True when
    this call sent it.

    Sent once: the `OnboardingReminder` row is inserted and the mail sent in one transaction. A second run — or
    a second cluster at the same moment — hits the unique constraint and sends nothing; a mail server that
    fails rolls the row back, so the next run tries again. (This is the one place where mail is sent inside
    the transaction rather than after commit: the row is the proof that the mail went.)
    """
    to = reminders.recipients(protocol) if to is None else to
    if not to:
        return False  # nobody to tell yet; a later run sends it once an address is known
    subject, body = reminders.message(protocol, step, kind)
    try:
        with transaction.atomic():
            OnboardingReminder.objects.create(
                protocol=protocol, step=step.name, kind=kind, due=step.due, recipients=", ".join(to)
            )
            send_mail(subject, body, None, to)
    except IntegrityError:
        return False
    return True


def send_reminders(*, now=None):
    """Remind about every pending step that is overdue or due soon; returns how many e-mails went out.

    Reminders already recorded are skipped before anything is looked up (the unique row still decides
    when two runs overlap)."""
    now = now or timezone.now()
    addresses = reminders.Recipients()
    sent = 0
    for kind, protocols in (
        (Kind.OVERDUE, selectors.overdue_protocols(now)),
        (Kind.DUE_SOON, selectors.due_soon_protocols(now)),
    ):
        recorded = OnboardingReminder.objects.filter(kind=kind, protocol__in=protocols)
        done = set(recorded.values_list("protocol_id", "step", "due"))
        for protocol in protocols.select_related("service", "body", "responsible_person", "coordinator"):
            step = protocol.pending_step()
            if (protocol.pk, step.name, step.due) not in done:
                sent += send_reminder(protocol=protocol, step=step, kind=kind, to=addresses(protocol))
    return sent


def protocol_pdf(*, protocol, language):
    """Para 22: the acceptance protocol of `protocol` in Kazakh ("kk") or Russian ("ru"), ready for signature,
    with the name it is saved under."""
    content = render_protocol_pdf(protocol, language)
    return PdfFile(name=f"protocol-{protocol.service.register_number}-{language}.pdf", content=content)
