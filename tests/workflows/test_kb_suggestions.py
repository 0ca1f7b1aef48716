"""Issue 19, item 3 (para 9): the Knowledge Base answers from the appeal's content itself. The five best
articles in the appeal's language, their insertable parts (question-and-answer pairs, step lists, sections),
the article recorded as used when a part is inserted; staff only, and nothing personal comes back."""

import pytest
from django.urls import reverse

from cms.home.demo import load_demo_pages
from cms.home.models import HomePage
from cms.knowledge.models import KnowledgeArticlePage, KnowledgeBaseIndexPage
from cms.knowledge.selectors import article_parts
from cms.search.selectors import guess_language
from tests.factories import AppealFactory, UserFactory
from workflows.appeals import services

pytestmark = pytest.mark.django_db

SUGGEST = "appeals_kb_suggestions"


def publish(page, capture):
    with capture(execute=True):  # the index is written after the commit, as for an editor
        page.save_revision().publish()
    return page


def add_article(kb, capture, title, slug, body):
    return publish(kb.add_child(instance=KnowledgeArticlePage(title=title, slug=slug, body=body)), capture)


@pytest.fixture
def kb(django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    with capture(execute=True):
        load_demo_pages()
    bases = {}
    for code, title in (("kk", "Білім базасы"), ("ru", "База знаний")):
        home = HomePage.objects.get(locale__language_code=code)
        bases[code] = publish(home.add_child(instance=KnowledgeBaseIndexPage(title=title, slug="kb")), capture)
    return {
        "kk_pension": add_article(
            bases["kk"],
            capture,
            "Зейнетақы жинағын тексеру",
            "pension",
            [
                ("heading", "Жинақты қалай көруге болады"),
                ("paragraph", "<p>Үзінді көшірмені eGov порталынан алуға болады.</p>"),
                (
                    "question_answer",
                    {"question": "Зейнетақы жинағын қайдан білемін?", "answer": "<p>БЖЗҚ сайтында немесе eGov.</p>"},
                ),
                ("steps", {"title": "Үзінді алу", "steps": ["eGov-қа кіріңіз", "ЭЦҚ-мен қол қойыңыз"]}),
            ],
        ),
        "kk_passport": add_article(
            bases["kk"], capture, "Паспорт алу", "passport", [("paragraph", "<p>Паспортты ХҚКО береді.</p>")]
        ),
        "ru_certificate": add_article(
            bases["ru"],
            capture,
            "Справка о несудимости",
            "certificate",
            [
                (
                    "question_answer",
                    {
                        "question": "Как получить справку о несудимости?",
                        "answer": "<p>Справку выдаёт портал eGov за один час.</p>",
                    },
                )
            ],
        ),
        "ru_pension": add_article(
            bases["ru"],
            capture,
            "Пенсионные накопления",
            "pension",
            [("paragraph", "<p>Накопления видны на сайте ЕНПФ.</p>")],
        ),
    }


def suggested(client, **params):
    response = client.get(reverse(SUGGEST), params)
    assert response.status_code == 200
    return response.json()["articles"]


def test_a_kazakh_content_brings_the_kazakh_article_first(client, operator, kb):
    client.force_login(operator)
    articles = suggested(client, text="Сәлеметсіз бе, зейнетақы жинағымды қалай тексеремін?")
    assert articles[0]["title"] == "Зейнетақы жинағын тексеру"
    assert all(article["title"] != "Пенсионные накопления" for article in articles)  # the appeal's language only


def test_a_russian_content_brings_the_russian_article_first(client, operator, kb):
    client.force_login(operator)
    articles = suggested(client, text="Здравствуйте! Подскажите, как получить справку о несудимости для работы")
    assert articles[0]["title"] == "Справка о несудимости"
    assert len(articles) <= 5


def test_an_email_appeal_is_read_as_it_opens_in_its_own_language(client, operator, kb):
    appeal = AppealFactory(content="Как получить справку о несудимости?", language="ru")
    client.force_login(operator)
    assert suggested(client, appeal=appeal.pk)[0]["title"] == "Справка о несудимости"


def test_the_parts_are_the_articles_own_blocks(client, operator, kb):
    client.force_login(operator)
    article = suggested(client, text="зейнетақы жинағы", language="kk")[0]
    assert article["parts"] == [
        {
            "kind": "section",
            "label": "Жинақты қалай көруге болады",
            "text": "Жинақты қалай көруге болады\nҮзінді көшірмені eGov порталынан алуға болады.",
        },
        {"kind": "question_answer", "label": "Зейнетақы жинағын қайдан білемін?", "text": "БЖЗҚ сайтында немесе eGov."},
        {"kind": "steps", "label": "Үзінді алу", "text": "1. eGov-қа кіріңіз\n2. ЭЦҚ-мен қол қойыңыз"},
    ]
    assert article_parts(kb["kk_passport"]) == []  # a paragraph outside any section is no part


def test_inserting_a_part_records_the_article_as_used_once(client, operator, kb):
    appeal = services.take(appeal=AppealFactory(), user=operator)
    article = kb["ru_certificate"]
    client.force_login(operator)
    url = reverse("appeals_use_article", args=[appeal.pk, article.pk])
    assert client.post(url).json() == {"used": True}
    assert client.post(url).json() == {"used": True}  # a second part of the same article
    assert list(appeal.articles_used.all()) == [article.page_ptr.specific]
    assert appeal.events.filter(action="link_article").count() == 1


def test_an_operator_who_may_not_work_the_appeal_records_nothing(client, operator, other_operator, kb):
    appeal = services.take(appeal=AppealFactory(), user=other_operator)
    client.force_login(operator)
    response = client.post(reverse("appeals_use_article", args=[appeal.pk, kb["ru_certificate"].pk]))
    assert response.status_code == 403
    assert not appeal.articles_used.exists()


def test_nothing_personal_comes_back_and_nothing_personal_is_searched(client, operator, kb):
    client.force_login(operator)
    text = "Меня зовут Айгерим, +7 701 123 45 67, aigerim@mail.kz, ИИН 900101300123: справка о несудимости"
    response = client.get(reverse(SUGGEST), {"text": text})
    body = response.content.decode()
    for personal in ("Айгерим", "701", "aigerim", "900101300123"):
        assert personal not in body
    assert response.json()["articles"][0]["title"] == "Справка о несудимости"


def test_the_endpoint_is_for_staff_only(client, kb):
    assert client.get(reverse(SUGGEST), {"text": "справка"}).status_code == 302  # to the admin's sign-in
    client.force_login(UserFactory())  # an account without admin access
    assert client.get(reverse(SUGGEST), {"text": "справка"}).status_code in (302, 403)
    assert client.post(reverse(SUGGEST), {"text": "справка"}).status_code in (302, 405)


def test_the_language_is_read_from_the_letters_when_the_appeal_has_none():
    assert guess_language("Зейнетақы қайда?") == "kk"
    assert guess_language("Где пенсия?") == "ru"
    assert guess_language("Where is my pension?") == "en"
    assert guess_language("+7 701") == "en" and guess_language("") == ""
