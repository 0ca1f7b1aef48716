"""Building the demo Knowledge Base: articles operators answer from, in kk, ru and en (internal only)."""

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from cms.home.models import HomePage
from cms.home.services import ensure_locales, ensure_translated_page, stream
from workflows.registry.models import PublicService

from .models import KnowledgeArticlePage, KnowledgeBaseIndexPage

DEMO_KNOWLEDGE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "knowledge.json"


def _article_values(item, texts):
    return {
        "title": texts["title"],
        "body": stream(texts["body"]),
        "services": list(PublicService.objects.filter(register_number__in=item["services"])),
        "audience": item["audience"],
        "topic": item["topic"],
        "verified_on": date.fromisoformat(item["verified_on"]),
        "review_due": date.fromisoformat(item["review_due"]),
    }


@transaction.atomic
def load_demo_knowledge(path=None):
    """Create or refresh the Knowledge Base and its articles in every language; returns how many pages
    were (re)published. Idempotent; needs the demo home pages and registry."""
    with open(path or DEMO_KNOWLEDGE, encoding="utf-8") as handle:
        data = json.load(handle)
    locales = ensure_locales()
    home = HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    index_values = {code: data["index"][code] for code in locales}
    index, published = ensure_translated_page(
        home, KnowledgeBaseIndexPage, data["index"]["slug"], index_values, locales
    )
    for item in data["articles"]:
        values = {code: _article_values(item, item[code]) for code in locales}
        published += ensure_translated_page(index, KnowledgeArticlePage, item["slug"], values, locales)[1]
    return published
