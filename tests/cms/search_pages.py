"""Pages for the search and page-cache tests and for bench/pages.py: a Kazakh site with a standard page, a
service page and internal Knowledge Base articles, each published the way an editor publishes (index tasks run
on commit)."""

from contextlib import nullcontext
from datetime import date

from cms.home.demo import load_demo_pages
from cms.home.models import HomePage, StandardPage
from cms.knowledge.models import KnowledgeArticlePage, KnowledgeBaseIndexPage
from cms.services.models import ServiceCatalogueIndexPage, ServicePage
from workflows.registry.models import PublicService

CENTRES_PARAGRAPH = "<p>Құжаттарды ХҚКО-да тапсыруға болады. Паспорт қызметінің нөмірі 00201005.</p>"


def publish(page, capture=None):
    """Publish as the editor does; the index and the cache purge run after the commit (django-q sync). In a
    test, `capture` is pytest-django's django_capture_on_commit_callbacks; outside one (bench/pages.py) every
    statement commits at once."""
    with capture(execute=True) if capture else nullcontext():
        page.save_revision().publish()
    return page


def build_site(capture=None, *, paragraphs=1):
    """The pages, their services and the home page; the standard page's body has `paragraphs` paragraphs (the
    benchmark's page weighs about as much as its bare baseline)."""
    with capture(execute=True) if capture else nullcontext():
        load_demo_pages()
    home = HomePage.objects.get(locale__language_code="kk")
    service = PublicService.objects.create(
        register_number="00201005", name_kk="Паспорт беру", name_ru="Выдача паспорта", name_en="Issue of a passport"
    )
    other = PublicService.objects.create(
        register_number="00301010", name_kk="Жәрдемақы тағайындау", name_ru="Назначение пособия"
    )
    centres = home.add_child(
        instance=StandardPage(
            title="Халыққа қызмет көрсету орталықтары",
            slug="centres",
            summary="ХҚКО мекенжайлары",
            body=[
                (
                    "paragraph",
                    "<p>Құжаттарды ХҚКО-да тапсыруға болады. Паспорт қызметінің нөмірі 00201005.</p>" * paragraphs,
                )
            ],
        )
    )
    publish(centres, capture)
    catalogue = home.add_child(instance=ServiceCatalogueIndexPage(title="Қызметтер", slug="services"))
    publish(catalogue, capture)
    passport = catalogue.add_child(
        instance=ServicePage(
            title="Паспорт алу",
            slug="passport",
            service=service,
            who_can_apply="<p>Қазақстан Республикасының азаматтары.</p>",
            term="15 жұмыс күні",
            cost="Мемлекеттік баж",
            result="<p>Шетелге шығуға арналған паспорт.</p>",
            required_documents=[("document", "Жеке куәлік"), ("document", "Баж төленгені туралы түбіртек")],
            information_checked_on=date(2026, 3, 2),
        )
    )
    publish(passport, capture)
    knowledge_base = home.add_child(instance=KnowledgeBaseIndexPage(title="Білім базасы", slug="kb"))
    publish(knowledge_base, capture)
    article = knowledge_base.add_child(
        instance=KnowledgeArticlePage(
            title="Паспорт: операторға жауап",
            slug="passport-answer",
            topic=KnowledgeArticlePage.Topic.E_GOVERNMENT,
            audience=KnowledgeArticlePage.Audience.CITIZENS,
            body=[("paragraph", "<p>Азамат паспортты ХҚКО-да немесе порталда ЭЦҚ арқылы ала алады.</p>")],
        )
    )
    article.services.set([service])
    publish(article, capture)
    benefit = knowledge_base.add_child(
        instance=KnowledgeArticlePage(
            title="Жәрдемақы: заңды тұлғаларға",
            slug="benefit-answer",
            topic=KnowledgeArticlePage.Topic.PUBLIC_SERVICES,
            audience=KnowledgeArticlePage.Audience.LEGAL_ENTITIES,
            body=[("paragraph", "<p>Жәрдемақы паспорт көрсетілгеннен кейін тағайындалады.</p>")],
        )
    )
    benefit.services.set([other])
    publish(benefit, capture)
    return {
        "home": home,
        "centres": centres,
        "passport": passport,
        "article": article,
        "benefit": benefit,
        "service": service,
        "other": other,
    }
