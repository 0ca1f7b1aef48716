"""The site's contacts and public notice, per site, in Kazakh, Russian and English (issue 20, item 1).

Para 7's channels: the lines 1414 and 8 800 080 7777 and the support e-mail, as the public pages, the mails
and the PDFs write them. The defaults are the texts the templates carried, so nothing changes until an
administrator edits them. A public notice banner shows on every public page between its start and its end.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

LANGUAGES = ("kk", "ru", "en")


@register_setting(icon="mail")
class SiteContacts(BaseSiteSetting):
    line_1414 = models.CharField(_("short line"), max_length=32, default="1414")
    line_8800 = models.CharField(_("free long-distance line"), max_length=32, default="8 800 080 7777")
    support_email = models.EmailField(_("support e-mail"), default="support@goscorp.kz")
    footer_kk = models.TextField(_("footer text (Kazakh)"), blank=True, help_text=_("Empty: the shipped text."))
    footer_ru = models.TextField(_("footer text (Russian)"), blank=True, help_text=_("Empty: the shipped text."))
    footer_en = models.TextField(_("footer text (English)"), blank=True, help_text=_("Empty: the shipped text."))
    notice_kk = models.TextField(_("notice (Kazakh)"), blank=True)
    notice_ru = models.TextField(_("notice (Russian)"), blank=True)
    notice_en = models.TextField(_("notice (English)"), blank=True)
    notice_starts_at = models.DateTimeField(_("notice shown from"), null=True, blank=True)
    notice_ends_at = models.DateTimeField(_("notice shown until"), null=True, blank=True)

    panels = [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("line_1414"), FieldPanel("line_8800")]), FieldPanel("support_email")],
            heading=_("Channels (para 7)"),
        ),
        MultiFieldPanel(
            [FieldPanel("footer_kk"), FieldPanel("footer_ru"), FieldPanel("footer_en")], heading=_("Footer")
        ),
        MultiFieldPanel(
            [
                FieldPanel("notice_kk"),
                FieldPanel("notice_ru"),
                FieldPanel("notice_en"),
                FieldRowPanel([FieldPanel("notice_starts_at"), FieldPanel("notice_ends_at")]),
            ],
            heading=_("Public notice banner"),
        ),
    ]

    class Meta:
        verbose_name = _("site contacts and notice")
        verbose_name_plural = _("site contacts and notices")

    def __str__(self):
        return str(self._meta.verbose_name)

    def clean(self):
        super().clean()
        texts = [getattr(self, f"notice_{code}").strip() for code in LANGUAGES]
        if not any(texts) and not (self.notice_starts_at or self.notice_ends_at):
            return
        errors = {}
        for code, text in zip(LANGUAGES, texts, strict=True):
            if not text:
                errors[f"notice_{code}"] = _("The notice is shown in every language: write it in this one too.")
        if self.notice_starts_at is None:
            errors["notice_starts_at"] = _("A notice needs the moment it is shown from.")
        if self.notice_ends_at is None:
            errors["notice_ends_at"] = _("A notice needs the moment it is taken down.")
        elif self.notice_starts_at and self.notice_ends_at <= self.notice_starts_at:
            errors["notice_ends_at"] = _("The notice must end after it starts.")
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def tel(line):
        """The tel: address of a line as written ("8 800 080 7777" → "+78000807777", "1414" → "1414")."""
        digits = "".join(ch for ch in line if ch.isdigit())
        if len(digits) == 11 and digits.startswith("8"):
            return "+7" + digits[1:]
        return ("+" if line.strip().startswith("+") else "") + digits

    def footer(self, language):
        return getattr(self, f"footer_{language}", "") if language in LANGUAGES else ""

    def notice(self, language, now=None):
        """The notice text in `language` while it is shown (between its start and its end), else ''."""
        if not (self.notice_starts_at and self.notice_ends_at):
            return ""
        now = now or timezone.now()
        if not (self.notice_starts_at <= now < self.notice_ends_at):
            return ""
        return getattr(self, f"notice_{language if language in LANGUAGES else 'ru'}", "")
