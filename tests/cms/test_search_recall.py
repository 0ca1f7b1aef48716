"""Recall set (tests/data/search_recall.json): Kazakh and Russian queries as people type them must find their
article among the first five results, on SQLite and on PostgreSQL alike. Recall@5 is printed."""

import json
from pathlib import Path

import pytest
from django.db import connection

from cms.search.backends import Filters
from cms.search.selectors import search
from cms.search.services import add_document

pytestmark = pytest.mark.django_db

RECALL_SET = json.loads((Path(__file__).parent.parent / "data" / "search_recall.json").read_text(encoding="utf-8"))


@pytest.fixture
def recall_index():
    documents = {}
    for article in RECALL_SET["articles"]:
        number = article.get("register_number")
        documents[article["slug"]] = add_document(
            language=article["language"],
            title=article["title"],
            body_text=article["body"],
            register_numbers=f" {number} " if number else "",
            service_names=article.get("service_name", ""),
            url=f"/{article['language']}/{article['slug']}/",
        )
    return {document.pk: slug for slug, document in documents.items()}


def test_recall_at_5_is_at_least_0_9_in_kazakh_and_in_russian(recall_index, capsys):
    found = {"kk": [], "ru": []}
    misses = []
    for pair in RECALL_SET["pairs"]:
        results = search(pair["query"], filters=Filters(public_only=False), per_page=5)
        slugs = [recall_index[hit.document.pk] for hit in results.hits]
        hit = pair["expected"] in slugs
        found[pair["language"]].append(hit)
        if not hit:
            misses.append(f"{pair['query']!r} → {slugs} (expected {pair['expected']}: {pair['why']})")
    recall = {language: sum(hits) / len(hits) for language, hits in found.items()}
    total = sum(map(sum, found.values())) / sum(map(len, found.values()))
    with capsys.disabled():
        print(
            f"\n[search recall@5 on {connection.vendor}] all {total:.3f} · kk {recall['kk']:.3f} "
            f"({len(found['kk'])} pairs) · ru {recall['ru']:.3f} ({len(found['ru'])} pairs)"
        )
        for miss in misses:
            print("  miss:", miss)
    assert len(found["kk"]) >= 30 and len(found["ru"]) >= 30
    assert recall["kk"] >= 0.9 and recall["ru"] >= 0.9
