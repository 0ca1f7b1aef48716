"""The citizens' home page and plain content pages, one tree per language (kk, ru, en)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

BODY_BLOCKS = [
    ("heading", blocks.CharBlock(form_classname="title", label=_("Heading"))),
    ("paragraph", blocks.RichTextBlock(label=_("Paragraph"))),
]


class LanguageLinksMixin:
    """Gives templates `page_languages`: for each language, this page's translation, or the
    home page of that language when this page is not translated yet."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_languages"] = language_links(self)
        return context


def language_links(page):
    from django.conf import settings

    translations = {
        p.locale.language_code: p for p in page.get_translations(inclusive=True).live().select_related("locale")
    }
    links = []
    for code, name in settings.LANGUAGES:
        target = translations.get(code)
        if target is None:
            target = HomePage.objects.live().filter(locale__language_code=code).first()
        links.append(
            {
                "code": code,
                "name": name,
                "url": target.url if target else f"/{code}/",
                "current": code == page.locale.language_code,
            }
        )
    return links


class HomePage(LanguageLinksMixin, Page):
    """The root of a language tree: the UCC contacts (para 7) and what citizens come for."""

    intro = RichTextField(_("introduction"), blank=True)
    body = StreamField(BODY_BLOCKS, blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("body")]
    subpage_types = ["home.StandardPage", "services.ServiceCatalogueIndexPage", "knowledge.KnowledgeBaseIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(LanguageLinksMixin, Page):
    """A plain page of the public site (about the UCC, contacts, accessibility statement)."""

    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = StreamField(BODY_BLOCKS, blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    api_fields = [APIField("summary"), APIField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
