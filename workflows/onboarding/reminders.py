"""Reminder e-mails about the deadlines of paras 20 and 21, to the responsible person and the coordinator.

Each reminder (protocol, step, kind, deadline) is sent once: its `OnboardingReminder` row is inserted and the
mail sent in one transaction. A second run — or a second cluster at the same moment — hits the unique
constraint and sends nothing; a mail server that fails rolls the row back, so the next run tries again.
(This is the one place where mail is sent inside the transaction rather than after commit: the row is the
proof that the mail went.)
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.accounts.roles import COORDINATOR, RESPONSIBLE_PERSON
from workflows.calendar.clocks import local_date

from . import selectors
from .models import OnboardingReminder

Kind = OnboardingReminder.Kind


def _emails(users):
    return [email for email in users.filter(is_active=True).exclude(email="").values_list("email", flat=True)]


def _current(person, hops=10):
    """Para 27: a replaced responsible person's successor (and theirs, if replaced in turn) is told instead."""
    while person is not None and person.replaced_by_id and hops:
        person, hops = person.replaced_by, hops - 1
    return person


class Recipients:
    """Who is told about a protocol: the responsible person (or, before one is named, the body's
    responsible-person users, or the body's own address) and the protocol's coordinator (or, when none is
    named, every onboarding coordinator). Addresses are looked up once per run."""

    def __init__(self):
        self.users = get_user_model().objects
        self._coordinators = None
        self._bodies = {}

    def coordinators(self):
        if self._coordinators is None:
            self._coordinators = _emails(self.users.filter(groups__name=COORDINATOR.name))
        return self._coordinators

    def body_side(self, body):
        if body.pk not in self._bodies:
            members = self.users.filter(body_memberships__body=body, groups__name=RESPONSIBLE_PERSON.name)
            self._bodies[body.pk] = _emails(members) or ([body.email] if body.email else [])
        return self._bodies[body.pk]

    def __call__(self, protocol):
        person = _current(protocol.responsible_person)
        body_side = [person.email] if person and person.email else self.body_side(protocol.body)
        coordinator = protocol.coordinator
        ucc_side = [coordinator.email] if coordinator and coordinator.email else self.coordinators()
        return list(dict.fromkeys([*body_side, *ucc_side]))


def recipients(protocol):
    return Recipients()(protocol)


def _message(protocol, step, kind):
    due = local_date(step.due).strftime("%d.%m.%Y")
    values = {"service": protocol.service, "step": step.label, "due": due, "body": protocol.body}
    if kind == Kind.OVERDUE:
        subject = _("UCC 1414: overdue since %(due)s — %(step)s, %(service)s") % values
    else:
        subject = _("UCC 1414: due by %(due)s — %(step)s, %(service)s") % values
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("onboarding_protocol", args=[protocol.pk])
    body = "\n".join(
        [
            _("Onboarding of the public service %(service)s for consultation by the UCC (%(body)s).") % values,
            _("Step: %(step)s. Deadline: %(due)s (working days, Rules paras 20-21).") % values,
            "",
            link,
        ]
    )
    return subject[:200], body


def send_once(protocol, step, kind, *, to=None):
    """Send one reminder unless it was sent before; True when this call sent it."""
    to = recipients(protocol) if to is None else to
    if not to:
        return False  # nobody to tell yet; a later run sends it once an address is known
    subject, body = _message(protocol, step, kind)
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
    addresses = Recipients()
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
                sent += send_once(protocol, step, kind, to=addresses(protocol))
    return sent
