"""Forms without code (issue 20, item 6): a form page an editor builds in the page tree, whose submissions
become appeals or ICT requests with the channel, topic and queue the page names.

Why here and not in `cms`: the page must register an appeal or an ICT request, which only the processes'
services do, and the public site may read the processes only through their selectors and signals. So the
page type lives in this app, above appeals and ICT; `cms.home` names it in its `subpage_types` as a string
(no import), and the submission is served by `views.serve_form` through Wagtail's `before_serve_page` hook
(a model imports no service). No Wagtail `FormSubmission` is stored: the appeal or request is the record,
and the applicant's personal data is kept once, where the roles that need it can see it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.fields import RichTextField

from cms.languages import LanguageLinksMixin
from workflows.appeals.models import Appeal
from workflows.configuration.registry import register as register_configuration
from workflows.ict.models import IctRequest, Priority, RequestType

from .choices import MapsTo, Target
from .forms import PublicFormBuilder

WRITTEN_CHANNELS = [(value, label) for value, label in Appeal.Channel.choices if value in Appeal.WRITTEN_CHANNELS]


class FormField(AbstractFormField):
    page = ParentalKey("PublicFormPage", on_delete=models.CASCADE, related_name="form_fields")
    maps_to = models.CharField(_("fills in"), max_length=16, choices=MapsTo.choices, blank=True, default="")

    panels = AbstractFormField.panels + [FieldPanel("maps_to")]


class PublicFormPageForm(WagtailAdminFormPageForm):
    """The editor is told on save what a form cannot do without: where the receipt goes and what is asked."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("form_fields")
        if formset is None or not hasattr(formset, "cleaned_data"):
            return cleaned
        rows = [row for row in formset.cleaned_data if row and not row.get("DELETE")]
        mapped = [row.get("maps_to") for row in rows]
        for needed, message in (
            (MapsTo.EMAIL, _("One field must fill in the applicant's e-mail (the receipt is sent there).")),
            (MapsTo.TEXT, _("One field must fill in the text of the question.")),
        ):
            if needed not in mapped:
                self.add_error(None, message)
        for kind in (MapsTo.NAME, MapsTo.EMAIL, MapsTo.PHONE, MapsTo.SUBJECT, MapsTo.TEXT):
            if mapped.count(kind) > 1:
                self.add_error(None, _("Only one field may fill in %(what)s.") % {"what": MapsTo(kind).label})
        if cleaned.get("target") == Target.ICT_REQUEST and MapsTo.SUBJECT not in mapped:
            self.add_error(None, _("An ICT request form needs a field that fills in the subject."))
        return cleaned


class PublicFormPage(LanguageLinksMixin, AbstractForm):
    """A form on the public site; what the visitor sends is registered as the page's `target`."""

    intro = RichTextField(_("introduction"), blank=True)
    thank_you_text = RichTextField(_("text above the receipt"), blank=True)
    target = models.CharField(_("a submission becomes"), max_length=16, choices=Target.choices, default=Target.APPEAL)
    channel = models.CharField(
        _("appeal channel"),
        max_length=16,
        choices=WRITTEN_CHANNELS,
        default=Appeal.Channel.WEB,
        help_text=_("Para 8: a written appeal is answered within two working days."),
    )
    topic = models.CharField(
        _("appeal topic"), max_length=16, choices=Appeal.Topic.choices, default=Appeal.Topic.PUBLIC_SERVICE
    )
    applicant_kind = models.CharField(
        _("applicants are"),
        max_length=16,
        choices=Appeal.ApplicantKind.choices,
        default=Appeal.ApplicantKind.INDIVIDUAL,
    )
    queue = models.ForeignKey(
        "auth.Group",
        verbose_name=_("appeal queue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The group whose operators take these appeals; empty: the default queue."),
    )
    ict_channel = models.CharField(
        _("ICT request channel"), max_length=16, choices=IctRequest.Channel.choices, default=IctRequest.Channel.FORM
    )
    ict_request_type = models.CharField(
        _("ICT request type"), max_length=16, choices=RequestType.choices, default=RequestType.CONSULTATION
    )
    ict_priority = models.CharField(
        _("ICT request priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )

    base_form_class = PublicFormPageForm
    content_panels = AbstractForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldPanel("target"),
                FieldRowPanel([FieldPanel("channel"), FieldPanel("topic")]),
                FieldRowPanel([FieldPanel("applicant_kind"), FieldPanel("queue")]),
                FieldRowPanel([FieldPanel("ict_channel"), FieldPanel("ict_request_type"), FieldPanel("ict_priority")]),
            ],
            heading=_("What a submission becomes"),
        ),
    ]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []
    template = "webforms/form_page.html"
    landing_page_template = "webforms/form_page_received.html"

    class Meta:
        verbose_name = _("form page")
        verbose_name_plural = _("form pages")

    def clean(self):
        super().clean()
        if self.target == Target.ICT_REQUEST and self.queue_id:
            raise ValidationError({"queue": _("An ICT request joins the ICT desk, not an appeal queue.")})

    def get_form_class(self):
        return PublicFormBuilder(self.get_form_fields(), target=self.target).get_form_class()


# Issue 20, item 8: what a form does is configuration, audited (Wagtail's page history keeps the rest).
register_configuration(
    PublicFormPage,
    include_fields=[
        "title",
        "target",
        "channel",
        "topic",
        "applicant_kind",
        "queue",
        "ict_channel",
        "ict_request_type",
        "ict_priority",
    ],
)
register_configuration(FormField, exclude_fields=["page"])
