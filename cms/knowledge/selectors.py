"""Reading the Knowledge Base: what is internal (and so what the public may see), the articles workflows
look up, and why an article needs a review."""

from wagtail.models import Locale, Page

from workflows.registry.selectors import reported_changes

from .models import KnowledgeArticlePage, KnowledgeBaseIndexPage


def internal_page_models():
    """Page types that are never public, whoever asks (the Knowledge Base: paras 3.4 and 9)."""
    return (KnowledgeBaseIndexPage, KnowledgeArticlePage)


def public_pages(queryset=None):
    """What the public may see: one definition used by the site's listings, the headless API and search.

    Live pages with no view restriction on them or an ancestor, and no internal page type. Wagtail's own API
    lets a signed-in user through a "login" restriction; the public API must not (a citizen's account is
    signed in too), so any restriction excludes a page here.
    """
    queryset = Page.objects.all() if queryset is None else queryset
    return queryset.live().public().not_type(*internal_page_models())


def knowledge_articles(query="", *, language=None, service=None, pk=None, limit=10, operator=None):
    """Para 9: the Knowledge Base as workflows read it, the one function they call (issue 15).

    The live articles that answer `query` (in `language` when given); without a query, those linked to
    `service` (the appeal's). With `pk`, that article alone, live or not (an appeal keeps the article its
    answer came from). `operator="or"` finds the articles with any of the words, best first (a service's
    name as the first search). A list, empty when nothing matches.
    """
    if pk is not None:
        return list(KnowledgeArticlePage.objects.filter(pk=pk))
    articles = KnowledgeArticlePage.objects.live()
    if language:
        # The search backends filter on indexed fields only: `locale` is one, `locale__language_code` is not.
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None:
            return []
        articles = articles.filter(locale=locale)
    if query:
        return list(articles.search(query, operator=operator)[:limit])
    if service is not None:  # nothing asked yet: the articles linked to the service
        return list(articles.filter(services=service)[:limit])
    return []


def review_reasons(article, today):
    """Why `article` needs a review on `today`, one sentence per reason (empty when it does not)."""
    reasons = []
    if article.review_due and article.review_due < today:
        reasons.append(f"The review was due on {article.review_due:%d.%m.%Y}.")
    for change in reported_changes(services=article.services.all()):
        reasons.append(
            f"Para 26: the by-law of service {change.service.register_number} changed on "
            f"{change.changed_on:%d.%m.%Y} ({change.what_changed}); the information is being updated."
        )
    return reasons
