"""The citizens' catalogue of public services: how to get a service, read next to the registry's facts.

A service page holds only what the citizen needs to act (who can apply, documents, terms, how to apply).
The facts of the registry — register number, name, providers, by-law, UCC status — are read from
`registry.PublicService` when the page is shown, so they are never out of step with the registry.
"""

from itertools import groupby

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from cms.languages import LanguageLinksMixin, language_links, reference_list_form
from cms.search import page_cache
from workflows.lists import selectors as lists
from workflows.lists.fields import ReferenceCodeField
from workflows.lists.selectors import ListName

from .blocks import DOCUMENT_BLOCKS

PAGE_SIZE = 50


class LifeSituation(models.TextChoices):
    """The events in a citizen's life the catalogue is browsed by (as on www.gov.kz): the shipped codes; the
    list offered is the reference list `life_situation` (workflows/lists), which an administrator edits."""

    BIRTH = "birth", _("birth of a child")
    MARRIAGE = "marriage", _("marriage")
    HOUSING = "housing", _("housing")
    EDUCATION = "education", _("education")
    EMPLOYMENT = "employment", _("employment")
    PENSION = "pension", _("pension and social support")
    BUSINESS = "business", _("business")
    DOCUMENTS = "documents", _("documents")


class ServiceCatalogueIndexPage(LanguageLinksMixin, Page):
    """The list of service pages, grouped by the registry's category, filtered by category or life situation."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["services.ServicePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("service catalogue")

    def route(self, request, path_components):
        """A service page is read in one query together with what it shows (its registry service, its locale);
        Wagtail's own route reads the page, then its specific fields, then the service and the locale when the
        template first asks for them: four queries on the busiest page of the site."""
        if len(path_components) == 1:
            found = (
                ServicePage.objects.filter(path__startswith=self.path, depth=self.depth + 1, slug=path_components[0])
                .select_related("service", "locale")
                .order_by()[:1]  # a slug is unique among siblings; sorting the one row costs the ORM a millisecond
            )
            page = next(iter(found), None)
            if page is not None:
                page._cached_parent_obj = self  # the breadcrumb reads it, as after Wagtail's own route
                return page.route(request, [])
        return super().route(request, path_components)

    def service_pages(self):
        return (
            ServicePage.objects.live().child_of(self).select_related("service").order_by("service__category", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages = self.service_pages()
        categories = sorted({category for category in pages.values_list("service__category", flat=True) if category})
        category = request.GET.get("category", "")
        life_situation = request.GET.get("life_situation", "")
        if category:
            pages = pages.filter(service__category=category)
        known = [code for code, _name in lists.all_choices(ListName.LIFE_SITUATION)]
        if life_situation in known:
            pages = pages.filter(life_situation=life_situation)
        else:
            life_situation = ""
        paginated = Paginator(pages, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            categories=categories,
            life_situations=lists.choices(ListName.LIFE_SITUATION, current=life_situation),
            selected_category=category,
            selected_life_situation=life_situation,
            is_filtered=bool(category or life_situation),
            service_pages=paginated,
            groups=[
                (name, list(group)) for name, group in groupby(paginated.object_list, lambda p: p.service.category)
            ],
        )
        return context


class ServicePage(LanguageLinksMixin, Page):
    """How a citizen gets one public service; the registry's facts come from `service`."""

    asks_usefulness = True  # "Was this page useful?" (paras 9, 17: cms/knowledge/views.py)
    base_form_class = reference_list_form(life_situation=ListName.LIFE_SITUATION)

    service = models.ForeignKey(
        "registry.PublicService",
        verbose_name=_("public service"),
        on_delete=models.PROTECT,
        related_name="service_pages",
    )
    life_situation = ReferenceCodeField(_("life situation"), max_length=16, choices=lists.life_situations, blank=True)
    who_can_apply = RichTextField(_("who can apply"))
    term = models.CharField(_("term of provision"), max_length=255)
    cost = models.CharField(_("cost"), max_length=255)
    result = RichTextField(_("result"))
    required_documents = StreamField(DOCUMENT_BLOCKS, verbose_name=_("required documents"), blank=True)
    grounds_for_refusal = RichTextField(_("grounds for refusal"), blank=True)
    apply_online = RichTextField(_("how to apply online"), blank=True)
    online_term = models.CharField(
        _("online application takes"), max_length=255, blank=True, help_text=_("For example: 5 working days.")
    )
    apply_in_person = RichTextField(_("how to apply in person"), blank=True)
    contacts = RichTextField(_("contacts"), blank=True)
    information_checked_on = models.DateField(
        _("information checked on"), help_text=_("The date the information was last checked.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("service"),
        FieldPanel("life_situation"),
        FieldPanel("who_can_apply"),
        MultiFieldPanel([FieldPanel("term"), FieldPanel("cost")], heading=_("Term and cost")),
        FieldPanel("result"),
        FieldPanel("required_documents"),
        FieldPanel("grounds_for_refusal"),
        MultiFieldPanel([FieldPanel("apply_online"), FieldPanel("online_term")], heading=_("Online")),
        FieldPanel("apply_in_person"),
        FieldPanel("contacts"),
        FieldPanel("information_checked_on"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("who_can_apply"),
        index.SearchField("result"),
        index.SearchField("required_documents"),
        index.SearchField("apply_online"),
        index.SearchField("apply_in_person"),
        index.FilterField("life_situation"),
        index.RelatedFields(
            "service",
            [
                index.SearchField("register_number"),
                index.SearchField("name_kk"),
                index.SearchField("name_ru"),
                index.SearchField("name_en"),
                index.FilterField("category"),
            ],
        ),
    ]
    api_fields = [
        APIField("register_number"),
        APIField("service_name"),
        APIField("category"),
        APIField("life_situation"),
        APIField("who_can_apply"),
        APIField("term"),
        APIField("cost"),
        APIField("result"),
        APIField("required_documents"),
        APIField("grounds_for_refusal"),
        APIField("apply_online"),
        APIField("online_term"),
        APIField("apply_in_person"),
        APIField("contacts"),
        APIField("information_checked_on"),
    ]
    parent_page_types = ["services.ServiceCatalogueIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("service page")

    def language_links(self, request):
        """The switcher and the hreflang links change only when a page is published, moved or deleted: kept in
        the cache until then (not for a preview, whose page may be unsaved), so the busiest page of the site
        does not read its translations on every view."""
        if self.pk is None or getattr(request, "is_preview", False):
            return language_links(self)
        return page_cache.fragment(f"language-links:{self.pk}:{get_language()}", lambda: language_links(self))

    def get_context(self, request, *args, **kwargs):
        """The service's providers, kept in the cache until the directory or the registry changes
        (cms/services/receivers.py): a query less on every view."""
        context = super().get_context(request, *args, **kwargs)
        context["providers"] = page_cache.fragment(
            f"service-providers:{self.service_id}", lambda: list(self.service.providers.all())
        )
        return context

    def get_view_restrictions(self):
        """The privacy set on this page or an ancestor, in one query on the tree path instead of Wagtail's two
        (the ancestors, then their restrictions). As in Wagtail, an alias on the path brings its source's
        restrictions (a restriction on the alias itself, which Wagtail's admin does not offer, counts too)."""
        if getattr(self, "no_view_restrictions", False):
            return PageViewRestriction.objects.none()  # known from the cached route (cms/services/routes.py)
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        return PageViewRestriction.objects.filter(Q(page__path__in=paths) | Q(page__aliases__path__in=paths)).distinct()

    @property
    def register_number(self):
        """The registry's number as a string, leading zeros kept."""
        return self.service.register_number

    @property
    def service_name(self):
        return self.service.name

    @property
    def category(self):
        return self.service.category
