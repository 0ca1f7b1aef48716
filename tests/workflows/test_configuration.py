"""Site contacts and the public notice (issue 20, item 1) and the configuration history (item 8): the defaults
are today's texts; an administrator's edit shows on the public pages at once (the page cache is purged) and in
the mails; a notice shows only between its start and its end; every change is listed with who, when, before
and after, for the authority viewer too."""

from datetime import datetime

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.menu import admin_menu
from wagtail.models import Site

from cms.home.demo import load_demo_pages
from tests.factories import UserFactory
from workflows.configuration import registry
from workflows.configuration.models import SiteContacts

pytestmark = pytest.mark.django_db


def at(*args):
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def pages(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo_pages()
    return Site.objects.get(is_default_site=True)


def settings_form(**changes):
    values = {
        "line_1414": "1414",
        "line_8800": "8 800 080 7777",
        "support_email": "support@goscorp.kz",
        "footer_kk": "",
        "footer_ru": "",
        "footer_en": "",
        "notice_kk": "",
        "notice_ru": "",
        "notice_en": "",
        "notice_starts_at": "",
        "notice_ends_at": "",
    }
    values.update(changes)
    return values


def edit_url():
    return reverse("wagtailsettings:edit", args=["configuration", "sitecontacts", 1]).replace(
        "/1/", f"/{Site.objects.get(is_default_site=True).pk}/"
    )


def test_the_public_pages_show_todays_contacts_until_they_are_edited(client, pages):
    page = client.get("/ru/").content.decode()
    assert '<a href="tel:1414">1414</a>' in page
    assert '<a href="tel:+78000807777">8 800 080 7777</a>' in page
    assert '<a href="mailto:support@goscorp.kz">support@goscorp.kz</a>' in page
    assert "site-notice" not in page


def test_an_edit_in_the_admin_shows_on_the_cached_public_page(
    client, settings, pages, django_capture_on_commit_callbacks
):
    settings.UCC_PAGE_CACHE_SECONDS = 300
    cache.clear()
    assert client.get("/kk/")["X-Page-Cache"] == "miss"
    assert client.get("/kk/")["X-Page-Cache"] == "hit"

    editor = UserFactory(username="senior", roles=["Senior operator"])
    editor_client = type(client)(HTTP_ACCEPT_LANGUAGE="en")
    editor_client.force_login(editor)
    form = settings_form(
        line_8800="8 800 080 1414",
        support_email="help@1414.kz",
        footer_kk="Тәулік бойы жұмыс істейміз.",
        footer_ru="Работаем круглосуточно.",
        footer_en="We work round the clock.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(edit_url(), form)
    assert response.status_code == 302, response.content.decode()[:2000]

    response = client.get("/kk/")
    page = response.content.decode()
    assert response["X-Page-Cache"] == "miss"
    assert '<a href="tel:+78000801414">8 800 080 1414</a>' in page
    assert "help@1414.kz" in page and "support@goscorp.kz" not in page
    assert "Тәулік бойы жұмыс істейміз." in page
    cache.clear()


def test_a_notice_shows_only_between_its_start_and_its_end():
    contacts = SiteContacts(
        notice_kk="Жұмыс уақыты өзгерді",
        notice_ru="Изменился режим работы",
        notice_en="Working hours changed",
        notice_starts_at=at(2026, 12, 31, 18, 0),
        notice_ends_at=at(2027, 1, 3, 9, 0),
    )
    assert contacts.notice("ru", now=at(2026, 12, 31, 17, 59)) == ""
    assert contacts.notice("ru", now=at(2026, 12, 31, 18, 0)) == "Изменился режим работы"
    assert contacts.notice("kk", now=at(2027, 1, 3, 8, 59)) == "Жұмыс уақыты өзгерді"
    assert contacts.notice("en", now=at(2027, 1, 3, 9, 0)) == ""


def test_a_notice_shown_now_is_on_every_public_page_in_its_language(client, pages):
    now = timezone.now()
    contacts = SiteContacts.for_site(pages)
    contacts.notice_kk, contacts.notice_ru, contacts.notice_en = "Ескерту", "Объявление", "Notice"
    contacts.notice_starts_at, contacts.notice_ends_at = (
        now - timezone.timedelta(hours=1),
        now + timezone.timedelta(hours=1),
    )
    contacts.full_clean()
    contacts.save()
    assert 'class="notice site-notice"' in client.get("/kk/").content.decode()
    assert "Объявление" in client.get("/ru/").content.decode()


def test_a_notice_needs_every_language_a_start_and_an_end_after_it():
    contacts = SiteContacts(site=Site.objects.first(), notice_ru="Объявление", notice_starts_at=at(2027, 1, 3, 9, 0))
    with pytest.raises(ValidationError) as refused:
        contacts.full_clean()
    assert set(refused.value.message_dict) >= {"notice_kk", "notice_en", "notice_ends_at"}
    contacts.notice_kk, contacts.notice_en, contacts.notice_ends_at = "Ескерту", "Notice", at(2027, 1, 3, 8, 0)
    with pytest.raises(ValidationError) as refused:
        contacts.full_clean()
    assert list(refused.value.message_dict) == ["notice_ends_at"]


def test_the_mails_sign_with_the_edited_lines_and_address(pages):
    contacts = SiteContacts.for_site(pages)
    contacts.line_1414, contacts.support_email = "1414 (24/7)", "help@1414.kz"
    contacts.save()
    text = render_to_string("appeals/mail/step.txt", {"appeal": None})
    assert "1414 (24/7)" in text and "help@1414.kz" in text and "support@goscorp.kz" not in text
    assert not mail.outbox


def test_every_configuration_change_is_in_the_history_with_before_and_after(client, pages):
    supervisor = UserFactory(username="senior", roles=["Senior operator"])
    client.force_login(supervisor)
    assert client.post(edit_url(), settings_form(support_email="help@1414.kz")).status_code == 302
    entry = LogEntry.objects.get_for_model(SiteContacts).latest("timestamp")
    assert entry.actor == supervisor
    assert entry.changes_dict["support_email"][1] == "help@1414.kz"

    client.force_login(UserFactory(username="inspector", roles=["Authority viewer"]))
    page = client.get(reverse("configuration_history")).content.decode()
    assert "help@1414.kz" in page and "senior" in page
    assert client.post(edit_url(), settings_form(support_email="x@example.kz")).status_code in (302, 403)
    assert SiteContacts.for_site(pages).support_email == "help@1414.kz"


@pytest.mark.parametrize(
    "role, history",
    [("Senior operator", 200), ("Authority viewer", 200), ("Operator", 403), ("Onboarding coordinator", 403)],
)
def test_who_reads_the_configuration_history(client, role, history):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(reverse("configuration_history")).status_code == history


def test_registering_a_configuration_model_twice_changes_nothing():
    before = registry.registered_models()
    registry.register(SiteContacts)
    assert registry.registered_models() == before
    assert SiteContacts in before


def test_the_configuration_menu_in_kazakh_for_a_supervisor_and_not_for_an_operator(rf):
    from django.utils import translation

    def menu(user):
        request = rf.get("/admin/")
        request.user = user
        return request, {str(item.name): item for item in admin_menu.menu_items_for_request(request)}

    with translation.override("kk"):
        request, items = menu(UserFactory(roles=["Senior operator"]))
        submenu = items["configuration"]
        assert str(submenu.label) != "Configuration"
        labels = [str(item.label) for item in submenu.menu.menu_items_for_request(request)]
        assert len(labels) == 3 and "Configuration history" not in labels
        _, items = menu(UserFactory(roles=["Operator"]))
        assert "configuration" not in items


def test_the_demo_has_the_site_contacts_an_ended_notice_and_a_scheduled_term_once(pages):
    from workflows.calendar.models import Term
    from workflows.configuration.demo import load_demo_configuration

    assert load_demo_configuration() == 2
    assert load_demo_configuration() == 0
    contacts = SiteContacts.for_site(pages)
    assert contacts.line_1414 == "1414" and contacts.notice_ru and contacts.notice("ru") == ""  # ended
    assert Term.objects.get().key == "onboarding_information"


def test_the_other_configuration_of_issue_20_is_in_the_same_history(client):
    """Item 8 for items 3-7: the reference lists, routing rules, answer and mail templates, ICT terms, form
    pages and webhook endpoints are registered as configuration; a routing rule's change reads in the history."""
    from django.contrib.auth.models import Group

    from workflows.appeals.models import AnswerTemplate, RoutingRule
    from workflows.ict.models import IctTerm
    from workflows.lists.models import ListEntry
    from workflows.notifications.models import NotificationTemplate
    from workflows.webforms.models import FormField, PublicFormPage
    from workflows.webhooks.models import Endpoint

    expected = {ListEntry, RoutingRule, AnswerTemplate, NotificationTemplate, IctTerm, PublicFormPage, FormField}
    assert expected | {Endpoint} <= set(registry.registered_models())
    RoutingRule.objects.create(name="Шағымдар кезегі", queue=Group.objects.create(name="Шағымдар"), sort_order=1)
    client.force_login(UserFactory(username="inspector-2", roles=["Authority viewer"]))
    page = client.get(reverse("configuration_history")).content.decode()
    assert "Шағымдар кезегі" in page
