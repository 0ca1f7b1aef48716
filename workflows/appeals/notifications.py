"""Mail to the applicant: the registration number and deadline, and each step they must be told of.

Sent only after the step's transaction commits (a rolled-back step tells nobody anything). Every text the
applicant wrote reaches the mail as data: the plain-text part is inert, the HTML part escapes it.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from workflows.notifications.selectors import compose

from . import signals
from .models import Appeal, AppealEvent
from .notification_templates import MERGED_LANGUAGES, STEP_SUBJECTS, composed_step, html_document

# The steps whose outcome the applicant must learn (paras 8-11), with the subject line of the mail.
TOLD_STEPS = STEP_SUBJECTS


def after_commit(send, appeal, *args):
    transaction.on_commit(lambda: send(Appeal.objects.get(pk=appeal.pk), *args))


def tell_applicant(appeal, step):
    """How the applicant learns of `step`: by e-mail for written appeals (sent after commit), by the
    operator in the call for phone appeals; "" when there is no way to tell them."""
    if appeal.channel in Appeal.PHONE_CHANNELS:
        return AppealEvent.Told.IN_THE_CALL
    if appeal.applicant_email:
        after_commit(send_step, appeal, step)
        return AppealEvent.Told.BY_EMAIL
    return AppealEvent.Told.NOT_TOLD


def registered(appeal):
    send_step(appeal, "register")


def _answer_extras(appeal):
    """Para 13: what the apps above add to the answer mail (telephony: the rating link), through
    `signals.answer_mail_composed`; the rating link is "" when nobody adds it."""
    context = {"rating_link": ""}
    for _receiver, extra in signals.answer_mail_composed.send(sender=Appeal, appeal=appeal):
        context.update(extra or {})
    return context


def send_step(appeal, step):
    """One mail to the applicant about `step`, in the language they wrote in: from its edited notification
    template if an administrator edited it (issue 20, item 3), else from the template files."""
    language = appeal.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"appeal": appeal, "step": step, "body": appeal.referred_to or appeal.forwarded_to}
        context.update(_answer_extras(appeal) if step == "give_answer" else {"rating_link": ""})
        edited = composed_step(appeal, step, rating_link=context["rating_link"], body=context["body"])
        if edited is not None:
            message = EmailMultiAlternatives(subject=edited.subject, body=edited.text, to=[appeal.applicant_email])
            message.attach_alternative(html_document(edited.html, language), "text/html")
        else:
            subject = _(TOLD_STEPS[step]) % {"number": appeal.number}
            message = EmailMultiAlternatives(
                subject=subject,
                body=render_to_string("appeals/mail/step.txt", context),
                to=[appeal.applicant_email],
            )
            message.attach_alternative(render_to_string("appeals/mail/step.html", context), "text/html")
    if step == "give_answer":
        _attach_answer_files(message, appeal)
    message.send()


def _attach_answer_files(message, appeal):
    """Issue 19, item 7: the files the operator sent with the answer travel with its mail."""
    for attachment in appeal.attachments.filter(origin="answer"):
        with attachment.file.open("rb") as stored:
            message.attach(attachment.name, stored.read(), attachment.content_type)


def send_merged(appeal):
    """Issue 19, item 6: the applicant learns once that their appeal joins the one that answers both."""
    subjects, texts = [], []
    for code in MERGED_LANGUAGES:
        with translation.override(code):
            values = {"number": appeal.number, "into": appeal.merged_into.number}
            edited = compose("appeals.merged", {"registration_number": values["number"], "joined_to": values["into"]})
            if edited is not None:
                subjects.append(edited.subject)
                texts.append(edited.text)
                continue
            subjects.append(_("Your appeal %(number)s is joined to appeal %(into)s") % values)
            texts.append(render_to_string("appeals/mail/merged.txt", {"appeal": appeal, **values}))
    EmailMultiAlternatives(
        subject=" / ".join(subjects), body="\n\n----------\n\n".join(texts), to=[appeal.applicant_email]
    ).send()
