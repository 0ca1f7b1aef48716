"""The reminder e-mails about the deadlines of paras 20 and 21: who is told (the responsible person and the
coordinator) and what the mail says. Sending them, once each, is `services.send_reminders`.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from workflows.accounts.roles import COORDINATOR, RESPONSIBLE_PERSON
from workflows.calendar.clocks import local_date
from workflows.notifications.selectors import compose

from .models import OnboardingReminder
from .notification_templates import reminder_key

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


def message(protocol, step, kind):
    """(subject, body) of the reminder of `step` of `protocol`: due soon or overdue, with the protocol's link."""
    due = local_date(step.due).strftime("%d.%m.%Y")
    values = {"service": protocol.service, "step": step.label, "due": due, "body": protocol.body}
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("onboarding_protocol", args=[protocol.pk])
    edited = compose(reminder_key("overdue" if kind == Kind.OVERDUE else "due_soon"), {**values, "link": link})
    if edited is not None:  # issue 20, item 3: the administrators' text
        return edited.subject[:200], edited.text
    if kind == Kind.OVERDUE:
        subject = _("UCC 1414: overdue since %(due)s — %(step)s, %(service)s") % values
    else:
        subject = _("UCC 1414: due by %(due)s — %(step)s, %(service)s") % values
    body = "\n".join(
        [
            _("Onboarding of the public service %(service)s for consultation by the UCC (%(body)s).") % values,
            _("Step: %(step)s. Deadline: %(due)s (working days, Rules paras 20-21).") % values,
            "",
            link,
        ]
    )
    return subject[:200], body
