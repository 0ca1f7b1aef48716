"""The citizens' home page and plain content pages, one tree per language (kk, ru, en)."""

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.languages import LanguageLinksMixin

from .selectors import most_asked_service_links, planned_interruptions

BODY_BLOCKS = [
    ("heading", blocks.CharBlock(form_classname="title", label=_("Heading"))),
    ("paragraph", blocks.RichTextBlock(label=_("Paragraph"))),
]


def _route_below(home, request, path_components):
    """Wagtail's Page.route from `home`, except that a page the path only passes through (the service
    catalogue on the way to a service page) is taken in its own class without reading its own fields: only
    its route() is needed, and Wagtail would spend a query on them."""
    if len(path_components) < 2:
        return Page.route(home, request, path_components)
    try:
        child = home.get_children().get(slug=path_components[0])
    except Page.DoesNotExist as missing:
        raise Http404 from missing
    child._cached_parent_obj = home  # as in Page.route: the breadcrumb of the page below reads it
    return child.specific_deferred.route(request, path_components[1:])


class HomePage(LanguageLinksMixin, Page):
    """The root of a language tree: the UCC contacts (para 7), a search box and the most asked services."""

    intro = RichTextField(_("introduction"), blank=True)
    body = StreamField(BODY_BLOCKS, blank=True, use_json_field=True, verbose_name=_("body"))
    most_asked_services = ParentalManyToManyField(
        "registry.PublicService",
        blank=True,
        related_name="+",
        verbose_name=_("most asked services"),
        help_text=_("Shown first on the home page; the services most asked about in appeals follow."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("most_asked_services"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("body")]
    subpage_types = [
        "home.StandardPage",
        "home.PlannedInterruptionsPage",
        "services.ServiceCatalogueIndexPage",
        "knowledge.KnowledgeBaseIndexPage",
        "webforms.PublicFormPage",  # issue 20, item 6: named, not imported (the page type lives in workflows)
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """A page not translated into this language yet is found in another language's tree (the
        default language first) and served there, with a notice, instead of a dead end."""
        try:
            return _route_below(self, request, path_components)
        except Http404:
            for home in self._other_language_homes():
                try:
                    return _route_below(home, request, path_components)
                except Http404:
                    continue
            raise

    def _other_language_homes(self):
        others = HomePage.objects.live().exclude(pk=self.pk).select_related("locale")
        return sorted(others, key=lambda home: home.locale.language_code != settings.LANGUAGE_CODE)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["most_asked"] = most_asked_service_links(self)
        return context


class StandardPage(LanguageLinksMixin, Page):
    """A plain page of the public site (about the UCC, contacts, accessibility statement)."""

    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = StreamField(BODY_BLOCKS, blank=True, use_json_field=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    api_fields = [APIField("summary"), APIField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class PlannedInterruptionsPage(LanguageLinksMixin, Page):
    """Planned interruptions of ICT services and e-government resources announced to the UCC (paras 34-38),
    so citizens and operators see them before they call. The list itself comes from the ICT-services
    workflow (`selectors.planned_interruptions`); with none announced the page shows its intro and the empty state."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["interruptions"] = planned_interruptions(self.locale.language_code)
        return context

    class Meta:
        verbose_name = _("planned interruptions page")
