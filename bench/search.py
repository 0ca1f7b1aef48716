"""Search over 100,000 generated Kazakh, Russian and English articles on PostgreSQL, against Wagtail's stock
database search backend on the same articles, measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ucc python bench/search.py [--n 100000] [--repeat 15]

What is compared, exactly:
- ours: `cms.search.selectors.search()` end to end, as the public page and the API call it (query parsing
  with the vocabulary look-ups and synonyms, the total count shown to the user, the first 10 results in
  order, their highlighted titles and snippets), over the `search_searchdocument` table with its stored
  tsvector and GIN index. The articles are bulk-inserted into that table (not created as Wagtail pages, which
  would take hours), each analysed by the same code that indexes a page.
- stock: Wagtail's database backend (modelsearch's PostgreSQL backend, `wagtailsearch_indexentry`) given the
  same 100,000 rows (title boosted, body) through its own `add_bulk`, searched with
  `backend.search(word, queryset)`: the first 10 results and `.count()`, no snippets.
Words: "rare" appear in 20-100 articles, "mid" in 1,000-5,000, "common" in most articles.
Runs on a throw-away database (bench_search_<name>), dropped at the end.
"""

import os
import sys

# bench/calendar.py is named like the standard library's `calendar`: keep this folder off the import path.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != HERE]
sys.path.insert(0, os.path.dirname(HERE))

import argparse  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from itertools import accumulate  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucc_site.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

KK_WORDS = (
    "мектеп құжат паспорт бала жәрдемақы зейнетақы куәлік тіркеу өтініш анықтама қызмет портал азамат отбасы "
    "кезек тұрғын үй жер көлік салық неке туу мүгедектік жұмыс оқу ауыл қала облыс мекенжай төлем мерзім "
    "орталық қолтаңба кәсіпкер лицензия рұқсат сот полиция әскер денсаулық емхана дәрігер сақтандыру банк"
).split()
KK_ENDINGS = ["", "", "", "тар", "тер", "ға", "ге", "да", "де", "ды", "ді", "ның", "нің", "ын", "ін", "лар", "мен"]
RU_WORDS = (
    "школа документ паспорт ребенок пособие пенсия удостоверение регистрация заявление справка услуга портал "
    "гражданин семья очередь жилье земля транспорт налог брак рождение инвалидность работа обучение село город "
    "область адрес оплата срок центр подпись предприниматель лицензия разрешение суд полиция армия здоровье "
    "поликлиника врач страхование банк"
).split()
RU_ENDINGS = ["", "", "", "а", "ы", "ов", "ам", "ами", "ах", "е", "у", "ом", "и"]
EN_WORDS = (
    "school document passport child benefit pension certificate registration application service portal citizen "
    "family queue housing land vehicle tax marriage birth disability work education village city region address "
    "payment term centre signature entrepreneur licence permit court police army health clinic doctor insurance"
).split()
SYLLABLES = (
    "ка ба та ла ма на ра са да жа қа ке бе те ле ме не ре се де же кі бі ті лі мі ні ри си ди жи ко бо то".split()
)
LATIN_SYLLABLES = "ka ba ta la ma na ra sa da ke be te le me ne re se de ki bi ti li mi ni ri si di ko bo to".split()
LANGUAGES = (("kk", 0.4), ("ru", 0.4), ("en", 0.2))


def pseudo_words(rng, syllables, count):
    words = set()
    while len(words) < count:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(3, 4))))
    return sorted(words)


class Generator:
    """Articles whose words follow a long-tailed (Zipf-like) frequency, like real text."""

    def __init__(self, seed=1414, tail=20_000):
        self.rng = random.Random(seed)
        self.tails = {
            "kk": pseudo_words(self.rng, SYLLABLES, tail),
            "ru": pseudo_words(self.rng, [s.replace("қ", "к").replace("і", "и") for s in SYLLABLES], tail),
            "en": pseudo_words(self.rng, LATIN_SYLLABLES, tail),
        }
        self.cum_weights = list(accumulate(1 / (rank + 10) for rank in range(tail)))

    def word(self, language):
        rng = self.rng
        if rng.random() < 0.35:
            if language == "kk":
                return rng.choice(KK_WORDS) + rng.choice(KK_ENDINGS)
            if language == "ru":
                return rng.choice(RU_WORDS) + rng.choice(RU_ENDINGS)
            return rng.choice(EN_WORDS)
        return rng.choices(self.tails[language], cum_weights=self.cum_weights)[0]

    def article(self, number):
        rng = self.rng
        language = rng.choices([code for code, _ in LANGUAGES], weights=[w for _, w in LANGUAGES])[0]
        title = " ".join(self.word(language) for _ in range(rng.randint(3, 7)))
        body = [self.word(language) for _ in range(rng.randint(40, 100))]
        if rng.random() < 0.8:
            body.insert(rng.randrange(len(body)), "egov")  # the word in most articles
        return {
            "language": language,
            "title": title.capitalize(),
            "body_text": " ".join(body) + ".",
            "url": f"/a/{number}/",
        }


def generate(n):
    from cms.search.models import SearchDocument, SearchTerm
    from cms.search.services import analysed

    generator = Generator()
    frequency = Counter()
    began = time.perf_counter()
    batch, terms = [], set()
    for number in range(n):
        fields = analysed({"kind": "bench", "is_public": True, "register_numbers": "", **generator.article(number)})
        words = set(fields["title"].lower().split()) | set(fields["body_text"].rstrip(".").split())
        frequency.update(words)
        terms.update(fields["title_terms"].split())
        terms.update(fields["body_terms"].split())
        batch.append(SearchDocument(**fields))
        if len(batch) == 5000:
            SearchDocument.objects.bulk_create(batch)
            batch = []
    SearchDocument.objects.bulk_create(batch)
    from cms.search import kazakh

    SearchTerm.objects.bulk_create(
        [SearchTerm(term=t, folded=kazakh.fold(t)) for t in terms if len(t) <= 64],
        batch_size=5000,
        ignore_conflicts=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE search_searchdocument")
        cursor.execute("VACUUM ANALYZE search_searchterm")
    print(f"generated and indexed {n:,} articles ({len(terms):,} terms) in {time.perf_counter() - began:.0f} s (ours)")
    return frequency


def pick_words(frequency, n, rng):
    """Surface words by how many articles contain them."""
    scale = n / 100_000

    def band(low, high):
        words = [w for w, c in frequency.items() if low * scale <= c <= high * scale and w.isalpha() and len(w) > 3]
        return rng.sample(sorted(words), min(12, len(words)))

    common = [w for w, c in frequency.most_common(5) if w.isalpha()][:3]
    return {"rare": band(20, 100), "mid": band(1000, 5000), "common": common}


def stock_index(n):
    from wagtail.search import index
    from wagtail.search.backends import get_search_backend

    from cms.search.models import SearchDocument

    class BenchArticle(index.Indexed, SearchDocument):
        search_fields = [index.SearchField("title", boost=2), index.SearchField("body_text")]

        class Meta:
            proxy = True
            app_label = "search"

    from modelsearch.abstract_models import TextIDGenericRelation
    from wagtail.search.models import IndexEntry

    TextIDGenericRelation(IndexEntry).contribute_to_class(BenchArticle, "index_entries")
    backend = get_search_backend()
    began = time.perf_counter()
    queryset = BenchArticle.objects.order_by("pk")
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last)[:10000])
        if not chunk:
            break
        backend.add_bulk(BenchArticle, chunk)
        last = chunk[-1].pk
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE wagtailsearch_indexentry")
    print(
        f"indexed the same {n:,} articles with Wagtail's stock database backend in {time.perf_counter() - began:.0f} s"
    )
    return backend, BenchArticle


def timed(func, repeat):
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        func()
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def p95(samples):
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep the bench database (bench_search_<name>)")
    parser.add_argument("--no-stock", action="store_true", help="skip Wagtail's stock backend (no ratio)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("bench/search.py measures PostgreSQL: set DATABASE_URL=postgres://… (skipped on SQLite)")
        return

    setup_test_environment()
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "bench_search_" + connection.settings_dict["NAME"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keep)
    try:
        from cms.search.backends import Filters
        from cms.search.models import SearchDocument
        from cms.search.selectors import search

        if SearchDocument.objects.count() != args.n:
            SearchDocument.objects.all().delete()
            frequency = generate(args.n)
        else:
            frequency = Counter()
            for title, body in SearchDocument.objects.values_list("title", "body_text").iterator():
                frequency.update(set(title.lower().split()) | set(body.rstrip(".").split()))
        words = pick_words(frequency, args.n, random.Random(7))
        backend, model = (None, None) if args.no_stock else stock_index(args.n)
        header = ("words", "n", "ours p50", "ours p95", "stock p50", "stock p95", "ratio p95")
        print("\n{:<8} {:>3}  {:>9} {:>9}  {:>9} {:>9}  {:>9}  target".format(*header))
        for band, target in (("rare", 30), ("mid", 30), ("common", 60)):
            ours, stock, counts = [], [], []
            for word in words[band]:
                counts.append(search(word, filters=Filters(public_only=True)).count)
                ours += timed(lambda w=word: search(w, filters=Filters(public_only=True)), args.repeat)

                def stock_query(w=word):
                    results = backend.search(w, model.objects.all())
                    list(results[:10])
                    results.count()

                if backend is not None:
                    stock += timed(stock_query, max(3, args.repeat // 3))
            stock = stock or [float("nan")]
            verdict = "ok" if p95(ours) <= target else "MISSED"
            print(
                f"{band:<8} {len(words[band]):>3}  {statistics.median(ours):>7.1f}ms {p95(ours):>7.1f}ms  "
                f"{statistics.median(stock):>7.1f}ms {p95(stock):>7.1f}ms  {p95(stock) / p95(ours):>8.1f}×  "
                f"p95 ≤ {target} ms: {verdict}  (matches: {min(counts):,}–{max(counts):,})"
            )
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
