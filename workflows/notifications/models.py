"""An administrator's text of one notification in one language.

A row with an empty subject (or body) sends the shipped default of that part; a row whose subject and body
are both empty is not customised at all, and the mail goes out from the app's template files exactly as
before. Resetting a template empties it (`services.reset`).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import PreviewableMixin

from workflows.configuration.registry import register as register_configuration

from . import registry, rendering

LANGUAGE_CHOICES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]


class NotificationTemplate(PreviewableMixin, models.Model):
    key = models.CharField(_("notification"), max_length=100, editable=False)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, editable=False)
    subject = models.CharField(
        _("subject"), max_length=300, blank=True, help_text=_("Empty: the shipped default subject.")
    )
    body = models.TextField(_("text"), blank=True, help_text=_("Empty: the shipped default text."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification template")
        verbose_name_plural = _("notification templates")
        ordering = ["key", "language"]
        constraints = [models.UniqueConstraint(fields=["key", "language"], name="notification_template_key_language")]

    def __str__(self):
        return f"{self.label} ({self.get_language_display()})"

    @property
    def notification(self):
        return registry.get(self.key)

    @property
    def label(self):
        notification = self.notification
        return str(notification.label) if notification else self.key

    @property
    def is_customised(self):
        return bool(self.subject.strip() or self.body.strip())

    def default_text(self):
        """(subject, body) as shipped, in the safe language."""
        notification = self.notification
        return notification.default(self.language) if notification else ("", "")

    def effective_text(self):
        """(subject, body) the next mail is written from: the edited part, or the shipped default of it."""
        default_subject, default_body = self.default_text()
        return (self.subject.strip() or default_subject, self.body.strip() or default_body)

    def clean(self):
        notification = self.notification
        if notification is None:
            raise ValidationError(_("No application declares the notification %(key)s.") % {"key": self.key})
        errors = {}
        for name in ("subject", "body"):
            try:
                rendering.check(getattr(self, name), list(notification.placeholders))
            except ValidationError as error:
                errors[name] = error.messages
        missing = [
            name for name in notification.required_in_subject if name not in rendering.placeholders_in(self.subject)
        ]
        if self.subject.strip() and missing:
            errors.setdefault("subject", []).append(
                _("The subject must keep %(names)s: replies find their record by it.")
                % {"names": ", ".join(map(rendering.placeholder, missing))}
            )
        if "\n" in self.subject:
            errors.setdefault("subject", []).append(_("A subject is one line."))
        if errors:
            raise ValidationError(errors)

    # The preview (Wagtail's preview panel): the mail as the sample record would receive it.
    def get_preview_template(self, request, mode_name):
        return "notifications/preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        subject, body = self.effective_text()
        sample = dict(self.notification.sample) if self.notification else {}
        context.update(
            subject=rendering.render(subject, sample),
            text=rendering.render(body, sample),
            sample=sample,
        )
        return context


register_configuration(NotificationTemplate)
