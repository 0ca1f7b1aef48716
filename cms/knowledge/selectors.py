"""Reading the Knowledge Base: what is internal (and so what the public may see), the articles workflows
look up, and why an article needs a review."""

import re
from html import unescape

from django.utils.html import strip_tags
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


def article_parts(article):
    """Para 9: what of `article` an operator may insert into an answer with one click, in the article's order.

    Each question-and-answer pair and each step list is a part; so is each section (a heading and the
    paragraphs and callouts under it, up to the next heading). Text is plain: an answer is a mail or what is
    read aloud, never HTML. A list of {"kind", "label", "text"}.
    """
    parts, section = [], None
    for block in article.body:
        kind, value = block.block_type, block.value
        if kind == "heading":
            section = {"kind": "section", "label": str(value), "text": str(value)}
            parts.append(section)
        elif kind == "question_answer":
            answer = _plain(value["answer"])
            parts.append({"kind": "question_answer", "label": value["question"], "text": answer})
        elif kind == "steps":
            steps = "\n".join(f"{number}. {step}" for number, step in enumerate(value["steps"], 1))
            title = value["title"] or ""
            parts.append({"kind": "steps", "label": title or steps.split("\n")[0], "text": steps})
        elif kind in ("paragraph", "callout") and section is not None:
            text = _plain(value if kind == "paragraph" else value["text"])
            section["text"] = f"{section['text']}\n{text}" if text else section["text"]
    return parts


def _plain(rich_text):
    """Rich text as the text a citizen reads: paragraphs on their own lines, no tags."""
    html = str(getattr(rich_text, "source", rich_text))
    html = re.sub(r"</p>|<br\s*/?>|</li>", "\n", html)
    return "\n".join(line.strip() for line in unescape(strip_tags(html)).splitlines() if line.strip())
