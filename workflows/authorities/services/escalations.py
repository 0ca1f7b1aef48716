"""Para 28: a provider's repeated unlawful refusal within a month is reported to the quality-assessment
authority within three working days, with the supporting documents in one PDF.

"Within a month" as the calendar reads it (`same_day_next_month`): a later refusal on or before the same day
of the month after an earlier one — 15 March and 15 April are within a month, 15 March and 16 April are not;
31 January reaches to 28 February (29 in a leap year). Only unlawful refusals count (para 25's secrets are
lawful). A refusal already reported starts no new window; a third refusal within the window of an
escalation joins it, so a window has one escalation (the unique (provider, window_start) backs that).
"""

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from workflows.calendar.clocks import local_date, same_day_next_month
from workflows.directory.models import StateBody
from workflows.registry.pdf import PdfFile

from ..models import Escalation, InformationRequest
from ..notification_templates import edited, escalation_text
from ..pdf import render_escalation_pdf
from .common import TransitionRefused, record_event, step

__all__ = ["acknowledge_escalation", "consider_refusal", "escalation_pdf", "quality_authority", "send_escalation"]


def quality_authority():
    """The authorized body for the quality of public services (the directory's active one)."""
    return StateBody.objects.filter(kind=StateBody.Kind.QUALITY_AUTHORITY, is_active=True).order_by("pk").first()


def within_a_month(earlier, later):
    return earlier <= later <= same_day_next_month(earlier)


def _unlawful_refusals(provider_id):
    return InformationRequest.objects.filter(
        body_id=provider_id, state=InformationRequest.State.REFUSED, refusal_ground=InformationRequest.Ground.UNLAWFUL
    )


def _open_window(refusal):
    """The escalation whose window holds `refusal`'s day, if there is one."""
    day = refusal.refused_on
    for escalation in Escalation.objects.filter(provider_id=refusal.body_id, window_start__lte=day):
        if within_a_month(escalation.window_start, day):
            return escalation
    return None


def _pair(refusal):
    """(window_start, repeated_on, the other refusal) when another unreported unlawful refusal of the
    provider lies within a month of `refusal` (before it, or — recorded late — after it); else None."""
    day = refusal.refused_on
    others = list(
        _unlawful_refusals(refusal.body_id)
        .exclude(pk=refusal.pk)
        .filter(escalations__isnull=True)
        .order_by("refused_on")
    )
    earlier = [other for other in others if within_a_month(other.refused_on, day)]
    if earlier:
        return earlier[0].refused_on, day, earlier[0]
    later = [other for other in others if within_a_month(day, other.refused_on)]
    if later:
        return day, later[0].refused_on, later[0]
    return None


def _join(escalation, refusal, user):
    if not escalation.refusals.filter(pk=refusal.pk).exists():
        escalation.refusals.add(refusal)
        record_event(escalation, "refusal_joined", text=str(refusal), actor=user)
    return escalation


def consider_refusal(refusal, *, user=None):
    """Para 28 for one unlawful refusal: join the escalation of its window, or open one when it repeats
    another within a month; the escalation, or None. The provider's row is locked meanwhile, so two
    refusals recorded at once are weighed one after the other."""
    if not refusal.unlawfully_refused:
        return None
    with transaction.atomic():
        StateBody.objects.select_for_update().filter(pk=refusal.body_id).first()
        escalation = _open_window(refusal)
        if escalation is not None:
            return _join(escalation, refusal, user)
        pair = _pair(refusal)
        if pair is None:
            return None
        window_start, repeated_on, other = pair
        try:
            with transaction.atomic():
                escalation = Escalation.objects.create(
                    provider_id=refusal.body_id,
                    authority=quality_authority(),
                    window_start=window_start,
                    repeated_on=repeated_on,
                    created_by=user if getattr(user, "pk", None) else None,
                )
        except IntegrityError:
            escalation = Escalation.objects.get(provider_id=refusal.body_id, window_start=window_start)
            return _join(escalation, refusal, user)
        escalation.refusals.add(other, refusal)
        record_event(escalation, "drafted", actor=user)
    return escalation


def escalation_pdf(escalation, language):
    """The supporting documents of `escalation` (para 28) in one PDF, in Kazakh ("kk") or Russian ("ru")."""
    content = render_escalation_pdf(escalation, language)
    return PdfFile(name=f"escalation-{escalation.pk}-{language}.pdf", content=content)


def _escalation_mail(escalation):
    values = {
        "provider": escalation.provider,
        "repeated_on": f"{escalation.repeated_on:%d.%m.%Y}",
        "count": escalation.refusals.count(),
    }
    subject, body = edited("authorities.escalation", values) or escalation_text(values)  # issue 20, item 3
    return subject[:200], body


def send_escalation(escalation, user, *, at=None):
    """Para 28: the authority is informed by e-mail with the PDF attached (late after three working days).

    The step and the mail go in one transaction: a mail server that fails leaves it drafted."""
    authority = escalation.authority or quality_authority()
    if authority is None or not authority.email:
        raise TransitionRefused(_("the quality-assessment authority has no e-mail address in the directory"))
    to = [authority.email]
    with transaction.atomic():
        if escalation.authority_id is None:
            Escalation.objects.filter(pk=escalation.pk).update(authority=authority)
        step(escalation, "send", user=user, event_text=", ".join(to), to=to, at=at)
        subject, body = _escalation_mail(escalation)
        message = EmailMessage(subject, body, None, to)
        for language in ("kk", "ru"):
            document = escalation_pdf(escalation, language)
            message.attach(document.name, document.content, "application/pdf")
        message.send()
    return escalation


def acknowledge_escalation(escalation, on, user):
    """The authority confirmed it received the escalation."""
    if escalation.sent_at and on < local_date(escalation.sent_at):
        raise TransitionRefused(_("the authority cannot acknowledge before the escalation was sent"))
    return step(escalation, "acknowledge", user=user, on=on)
