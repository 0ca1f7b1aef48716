"""The Knowledge Base operators answer from (Rules paras 3.4 and 9): stored, replenished, updated,
searched — and never shown to the public.

Two guards keep it internal. The index page carries a "login" PageViewRestriction
(`ensure_login_restriction`), which Wagtail's serve and its v2 API honour: the API's
`get_public_pages_queryset` drops restricted pages and their descendants for anonymous callers.
On top of that both page types' `serve()` answer 404 to anyone who cannot use the admin, so a
signed-in citizen account gets nothing either.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from cms.languages import LanguageLinksMixin, reference_list_form
from workflows.lists import selectors as lists
from workflows.lists.fields import ReferenceCodeField

from .blocks import ARTICLE_BLOCKS

ADMIN_ACCESS = "wagtailadmin.access_admin"


def is_staff_reader(user):
    """Operators, editors and everyone else with admin access may read the Knowledge Base."""
    return user.is_authenticated and user.has_perm(ADMIN_ACCESS)


class InternalPageMixin:
    """Serve only to admin users: the Knowledge Base is an internal tool, never a public page."""

    def serve(self, request, *args, **kwargs):
        if not is_staff_reader(request.user):
            raise Http404
        return super().serve(request, *args, **kwargs)


class KnowledgeBaseIndexPage(InternalPageMixin, LanguageLinksMixin, Page):
    """The root of a language's Knowledge Base; lists its articles, those needing review first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["knowledge.KnowledgeArticlePage"]
    max_count_per_parent = 1
    articles_per_page = 50

    class Meta:
        verbose_name = _("knowledge base")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        ensure_login_restriction(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = KnowledgeArticlePage.objects.child_of(self).live().order_by("-needs_review", "review_due", "title")
        context["articles"] = Paginator(articles, self.articles_per_page).get_page(request.GET.get("page"))
        return context


def ensure_login_restriction(page):
    """Give `page` (and so all its descendants) a "login" view restriction, once (a translation's copy may
    bring its source's restriction along, so look before adding)."""
    restrictions = PageViewRestriction.objects.filter(page=page, restriction_type=PageViewRestriction.LOGIN)
    if not restrictions.exists():
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


class KnowledgeArticlePage(InternalPageMixin, LanguageLinksMixin, Page):
    """One article: how to answer about a service or topic, verified on a date and due for review on another."""

    asks_usefulness = True  # "Was this page useful?" (paras 9, 17: cms/knowledge/views.py)
    base_form_class = reference_list_form(audience=lists.ListName.KB_AUDIENCE, topic=lists.ListName.KB_TOPIC)

    class Audience(models.TextChoices):
        CITIZENS = "citizens", _("citizens")
        LEGAL_ENTITIES = "legal_entities", _("legal entities")
        STATE_BODIES = "state_bodies", _("state bodies")

    class Topic(models.TextChoices):
        PUBLIC_SERVICES = "public_services", _("public services")
        ICT_SERVICES = "ict_services", _("ICT services")
        E_GOVERNMENT = "e_government", _("e-government")

    body = StreamField(ARTICLE_BLOCKS, blank=True, use_json_field=True, verbose_name=_("body"))
    services = ParentalManyToManyField(
        "registry.PublicService", blank=True, related_name="knowledge_articles", verbose_name=_("public services")
    )
    audience = ReferenceCodeField(
        _("audience"), max_length=20, choices=lists.kb_audiences, default=Audience.CITIZENS, db_index=True
    )
    topic = ReferenceCodeField(
        _("topic"), max_length=20, choices=lists.kb_topics, default=Topic.PUBLIC_SERVICES, db_index=True
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    review_due = models.DateField(_("review due"), null=True, blank=True, db_index=True)
    # Set by the platform (services.flag_articles_for_review), not by editors.
    needs_review = models.BooleanField(_("needs review"), default=False, editable=False, db_index=True)
    review_reason = models.TextField(_("why a review is needed"), blank=True, editable=False)
    review_notified_at = models.DateTimeField(_("editors notified at"), null=True, blank=True, editable=False)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("topic"), FieldPanel("services")], heading=_("What it is about")
        ),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("verified_on"), FieldPanel("review_due")], heading=_("Verification")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("body"),
        index.FilterField("audience"),
        index.FilterField("topic"),
        index.FilterField("needs_review"),
        index.RelatedFields(
            "services",
            [
                index.SearchField("register_number"),
                index.SearchField("name_kk"),
                index.SearchField("name_ru"),
                index.SearchField("name_en"),
            ],
        ),
    ]
    api_fields = [
        APIField("body"),
        APIField("audience"),
        APIField("topic"),
        APIField("services"),
        APIField("verified_on"),
        APIField("review_due"),
        APIField("needs_review"),
        APIField("review_reason"),
    ]
    parent_page_types = ["knowledge.KnowledgeBaseIndexPage"]
    subpage_types = []
    REVIEW_FLAG_FIELDS = ("needs_review", "review_reason", "review_notified_at")
    exclude_fields_in_copy = list(REVIEW_FLAG_FIELDS)  # a copy or translation starts unflagged

    class Meta:
        verbose_name = _("knowledge base article")
        verbose_name_plural = _("knowledge base articles")

    def with_content_json(self, content):
        """The review flag belongs to the page, not to a revision: publishing a draft must not bring back an
        old flag or drop a new one."""
        obj = super().with_content_json(content)
        stored = KnowledgeArticlePage.objects.filter(pk=self.pk).values(*self.REVIEW_FLAG_FIELDS).first()
        for name, value in (stored or {}).items():  # read afresh: `self` may be an instance cached before the flag
            setattr(obj, name, value)
        return obj


class UpdateRequest(ConcurrentTransitionMixin, models.Model):
    """Paras 9, 17: a page of the Knowledge Base or of the public site needs an update — an operator marked
    an article outdated, wrong or missing something, or a visitor answered "no" to "Was this page useful?".

    The KB editors' queue (`wagtail_hooks.UpdateRequestViewSet`): open until an editor marks it done or
    dismisses it. Nothing personal is kept: a visitor's address is never stored and every comment is masked
    and capped when it is written (`services`).
    """

    class Reason(models.TextChoices):
        OUTDATED = "outdated", _("outdated")
        WRONG = "wrong", _("wrong")
        MISSING = "missing", _("something is missing")
        NOT_USEFUL = "not_useful", _("not useful (a visitor)")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        DISMISSED = "dismissed", _("dismissed")

    COMMENT_CHARACTERS = 500
    HANDLE = "knowledge.change_updaterequest"

    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    comment = models.TextField(_("comment"), max_length=COMMENT_CHARACTERS, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )  # an operator; empty for a visitor of the public site
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True, db_index=True)
    state = FSMField(_("state"), default=State.OPEN, choices=State.choices, protected=True, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("KB update request")
        verbose_name_plural = _("KB update requests")
        ordering = ["-raised_at"]

    def __str__(self):
        return f"{self.page.title}: {self.get_reason_display()}"

    @transition(field=state, source=State.OPEN, target=State.DONE, permission=HANDLE)
    def mark_done(self):
        """Para 9: the editor updated the page (or the article was written)."""

    @transition(field=state, source=State.OPEN, target=State.DISMISSED, permission=HANDLE)
    def dismiss(self):
        """The editor found nothing to change."""


class PageUsefulness(models.Model):
    """Para 17: how many visitors found a page useful and how many did not — two counters, no visitor."""

    page = models.OneToOneField(
        "wagtailcore.Page", verbose_name=_("page"), primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    yes = models.PositiveIntegerField(_("useful"), default=0)
    no = models.PositiveIntegerField(_("not useful"), default=0)

    class Meta:
        verbose_name = _("page usefulness")
        verbose_name_plural = _("page usefulness")

    def __str__(self):
        return f"{self.page_id}: {self.yes} / {self.no}"
