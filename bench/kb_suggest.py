"""The KB suggestions of the appeal screen (issue 19, item 3; para 9): ≤ 50 ms server time for the endpoint,
against the existing KB search selector (`cms.knowledge.selectors.knowledge_articles`, Wagtail's database
search) measured in the same run on the same articles.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ucc python bench/kb_suggest.py [--articles 200] [--filler 20000]

- `--articles` real Knowledge Base article pages per language (kk, ru), each with a section, a question and
  answer and a step list, published and indexed as an editor's are;
- `--filler` more Knowledge Base documents bulk-inserted into the index (no pages: they weigh on the search,
  the way a large KB does, and are dropped when the pages are read);
- `--queries` appeal contents (8–15 words of the KB's vocabulary with the endings citizens type), kk and ru.
Measured: baseline = `knowledge_articles(<the content>, language=…)`; ours = `knowledge_suggestions(<the
content>)`; endpoint = GET /admin/appeals/kb-suggestions/?text=… by a signed-in operator, through every
middleware, parts and JSON included. Runs on a throw-away database (bench_kb_<name>), dropped at the end.
PostgreSQL is the scale path; on SQLite the figures are indicative only.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))  # bench/calendar.py shadows the standard library's calendar
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != HERE]
sys.path.insert(0, os.path.dirname(HERE))

import argparse  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucc_site.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

WORDS = {
    "kk": (
        "мектеп құжат паспорт бала жәрдемақы зейнетақы куәлік тіркеу өтініш анықтама қызмет портал азамат отбасы "
        "кезек тұрғын үй жер көлік салық неке туу мүгедектік жұмыс оқу ауыл қала облыс мекенжай төлем мерзім"
    ).split(),
    "ru": (
        "школа документ паспорт ребенок пособие пенсия удостоверение регистрация заявление справка услуга портал "
        "гражданин семья очередь жилье земля транспорт налог брак рождение инвалидность работа обучение село"
    ).split(),
}
ENDINGS = {"kk": ["", "", "ға", "ды", "ның", "лар", "мен"], "ru": ["", "", "а", "ы", "ов", "ом", "и"]}


def sentence(rng, language, low, high):
    return " ".join(rng.choice(WORDS[language]) + rng.choice(ENDINGS[language]) for _ in range(rng.randint(low, high)))


def build(articles, filler, rng):
    from cms.home.demo import load_demo_pages
    from cms.home.models import HomePage
    from cms.knowledge.models import KnowledgeArticlePage, KnowledgeBaseIndexPage
    from cms.search.models import SearchDocument
    from cms.search.services import add_terms, analysed, index_page

    load_demo_pages()
    for language in WORDS:
        home = HomePage.objects.get(locale__language_code=language)
        kb = home.add_child(instance=KnowledgeBaseIndexPage(title=f"KB {language}", slug="kb"))
        kb.save_revision().publish()
        for number in range(articles):
            body = [
                ("heading", sentence(rng, language, 2, 4)),
                ("paragraph", f"<p>{sentence(rng, language, 20, 40)}</p>"),
                (
                    "question_answer",
                    {"question": sentence(rng, language, 4, 8), "answer": sentence(rng, language, 10, 20)},
                ),
                ("steps", {"title": "", "steps": [sentence(rng, language, 4, 8) for _ in range(3)]}),
            ]
            page = kb.add_child(
                instance=KnowledgeArticlePage(title=sentence(rng, language, 2, 5), slug=f"a{number}", body=body)
            )
            page.save_revision().publish()
            index_page(page_id=page.pk)
    batch = []
    for number in range(filler):
        language = "kk" if number % 2 else "ru"
        fields = {
            "language": language,
            "kind": "knowledge.knowledgearticlepage",
            "is_public": False,
            "title": sentence(rng, language, 2, 5),
            "body_text": sentence(rng, language, 40, 80),
        }
        batch.append(SearchDocument(**analysed(fields)))
        if len(batch) == 2000:
            SearchDocument.objects.bulk_create(batch)
            add_terms(*(f"{d.title_terms} {d.body_terms}" for d in batch))
            batch = []
    SearchDocument.objects.bulk_create(batch)
    add_terms(*(f"{d.title_terms} {d.body_terms}" for d in batch))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")


def timed(func):
    start = time.perf_counter()
    func()
    return (time.perf_counter() - start) * 1000


def p95(samples):
    return statistics.quantiles(samples, n=20)[18]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--filler", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    setup_test_environment()
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "bench_kb_" + connection.settings_dict["NAME"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.test import Client
        from django.urls import reverse

        from cms.knowledge.selectors import knowledge_articles
        from cms.search.selectors import knowledge_suggestions
        from tests.factories import UserFactory

        rng = random.Random(1414)
        started = time.perf_counter()
        build(args.articles, args.filler, rng)
        print(
            f"built {2 * args.articles} articles + {args.filler} KB documents in {time.perf_counter() - started:.0f} s"
        )
        client = Client()
        client.force_login(UserFactory(roles=["Operator"]))
        url = reverse("appeals_kb_suggestions")
        contents = [(lang, sentence(rng, lang, 8, 15)) for lang in ("kk", "ru") for _ in range(args.queries // 2)]
        for language, text in contents[:20]:  # warm the caches (synonyms, vocabulary, connection)
            knowledge_suggestions(text, language=language)
        rows = {
            "baseline: knowledge_articles": lambda lang, text: knowledge_articles(text, language=lang, limit=5),
            "ours: knowledge_suggestions": lambda lang, text: knowledge_suggestions(text, language=lang),
            "endpoint: GET kb-suggestions": lambda lang, text: client.get(url, {"text": text, "language": lang}),
        }
        print(f"\n{connection.vendor}, {len(contents)} queries\n{'':<32} {'p50':>8} {'p95':>8}")
        for name, run in rows.items():
            samples = [timed(lambda lang=lang, text=text, run=run: run(lang, text)) for lang, text in contents]
            print(f"{name:<32} {statistics.median(samples):>6.1f}ms {p95(samples):>6.1f}ms")
        print("target: endpoint p95 ≤ 50 ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
