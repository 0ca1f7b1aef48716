"""Forms without code (issue 20, item 6): an editor builds a form page in the admin — which fields, and what a
submission becomes (an appeal with its channel, topic and queue, or a state body's ICT request) — and a visitor's
submission is registered as that, behind the public appeal form's bot protection, rate limit and receipt."""

import time

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.home.demo import ensure_locales
from cms.home.models import HomePage
from tests.factories import StateBodyFactory, UserFactory
from workflows.appeals.forms import TIMESTAMP_SALT
from workflows.appeals.models import Appeal
from workflows.ict.models import IctRequest
from workflows.webforms.models import FormField, PublicFormPage

pytestmark = pytest.mark.django_db

COMPLAINT_FIELDS = [
    {"label": "Аты-жөніңіз", "field_type": "singleline", "required": "on", "maps_to": "name"},
    {"label": "E-mail", "field_type": "email", "required": "on", "maps_to": "email"},
    {"label": "Қызмет атауы", "field_type": "singleline", "required": "on", "maps_to": ""},
    {"label": "Шағымыңыз", "field_type": "multiline", "required": "on", "maps_to": "text"},
]


@pytest.fixture
def home():
    """The Kazakh home page as the site's root (the demo's tree, without its pages: kept small)."""
    locales = ensure_locales()
    Page.objects.filter(depth=2).delete()
    home = Page.get_first_root_node().add_child(instance=HomePage(title="1414", slug="home", locale=locales["kk"]))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "site_name": "1414"}
    )
    return home


@pytest.fixture
def complaints_queue():
    return Group.objects.create(name="Complaints desk")


def started(seconds_ago=30):
    return signing.dumps(time.time() - seconds_ago, salt=TIMESTAMP_SALT)


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("webforms", "publicformpage", parent.pk))


def page_post(title, slug, fields, **settings_of_page):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": rich_text("<p>Шағымыңызды жазыңыз.</p>"),
            "thank_you_text": rich_text(""),
            "form_fields": inline_formset(fields),
            "target": "appeal",
            "channel": "web",
            "topic": "public_service",
            "applicant_kind": "individual",
            "queue": "",
            "ict_channel": "form",
            "ict_request_type": "consultation",
            "ict_priority": "normal",
            "action-publish": "publish",
            **settings_of_page,
        }
    )


def make_page(home, *, slug="complaint", fields=COMPLAINT_FIELDS, **values):
    page = PublicFormPage(title="Шағым", slug=slug, **values)
    page.form_fields = [FormField(**{**field, "required": bool(field.get("required"))}) for field in fields]
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def filled(page, **overrides):
    values = {
        "atyzhoniniz": "Сейткали Айгерим",
        "e_mail": "aigerim@mail.kz",
        "qyzmet_atauy": "Мекенжай анықтамасы",
        "shagymynyz": "Анықтаманы үш күн бойы бере алмады.",
    }
    names = [field.clean_name for field in page.get_form_fields()]
    data = dict(zip(names, values.values(), strict=False))
    return {**data, "website": "", "started": started(), **overrides}


# --- the editor builds the form in the admin ------------------------------------------------------------------


def test_a_form_built_in_the_admin_creates_an_appeal_in_the_queue_it_names(
    admin_client, client, home, complaints_queue, django_capture_on_commit_callbacks
):
    response = admin_client.post(
        add_url(home), page_post("Шағым", "complaint", COMPLAINT_FIELDS, queue=str(complaints_queue.pk))
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = PublicFormPage.objects.get(slug="complaint")
    assert page.live and [field.maps_to for field in page.get_form_fields()] == ["name", "email", "", "text"]

    form = client.get("/kk/complaint/").content.decode()
    assert 'name="website"' in form and 'name="started"' in form and "Шағымыңыз" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/kk/complaint/", filled(page), follow=True)
    appeal = Appeal.objects.get()
    assert response.redirect_chain == [("/kk/appeal/registered/", 302)]
    assert appeal.number in response.content.decode()  # the built-in form's receipt
    assert (appeal.channel, appeal.topic, appeal.queue, appeal.language) == (
        "web",
        "public_service",
        complaints_queue,
        "kk",
    )
    assert appeal.applicant_name == "Сейткали Айгерим" and appeal.applicant_email == "aigerim@mail.kz"
    assert "Қызмет атауы: Мекенжай анықтамасы" in appeal.content
    assert appeal.content.startswith("Анықтаманы үш күн бойы бере алмады.")
    (receipt,) = mail.outbox
    assert receipt.to == ["aigerim@mail.kz"] and appeal.number in receipt.subject


def test_a_form_without_an_email_field_or_a_text_field_is_refused_on_save(admin_client, home):
    editor = admin_client.get(add_url(home)).content.decode()
    assert "What a submission becomes" in editor and "Fills in" in editor
    fields = [{"label": "Аты-жөніңіз", "field_type": "singleline", "required": "on", "maps_to": "name"}]
    response = admin_client.post(add_url(home), page_post("Шағым", "complaint", fields))
    assert response.status_code == 200
    page = response.content.decode()
    assert "One field must fill in the applicant" in page and "One field must fill in the text" in page
    assert not PublicFormPage.objects.exists()


@pytest.mark.parametrize("role", ["Operator", "Senior operator", "Authority viewer", "Body responsible person"])
def test_only_page_editors_build_forms(client, home, role):
    client.force_login(UserFactory(roles=[role]))
    response = client.post(add_url(home), page_post("Шағым", "complaint", COMPLAINT_FIELDS))
    assert response.status_code in (302, 403)
    assert not PublicFormPage.objects.exists()


# --- the visitor sends it: the same protection as the built-in public form ----------------------------------


def test_a_form_page_is_never_kept_in_the_anonymous_page_cache(client, home):
    make_page(home)
    response = client.get("/kk/complaint/")
    assert response.status_code == 200 and "private" in response["Cache-Control"]  # its start time is its own


def test_a_bot_filling_the_hidden_field_or_sending_too_fast_registers_nothing(client, home):
    page = make_page(home)
    trapped = client.post("/kk/complaint/", filled(page, website="http://spam.example"))
    quick = client.post("/kk/complaint/", filled(page, started=started(seconds_ago=0)))
    forged = client.post("/kk/complaint/", filled(page, started="forged"))
    assert trapped.status_code == quick.status_code == forged.status_code == 200
    assert not Appeal.objects.exists()


def test_the_form_pages_share_the_public_forms_rate_limit(client, home):
    page = make_page(home)
    for n in range(settings.UCC_APPEAL_RATE_LIMIT):
        assert client.post("/kk/complaint/", filled(page)).status_code == 302, n
    refused = client.post("/kk/complaint/", filled(page))
    assert refused.status_code == 429 and Appeal.objects.count() == settings.UCC_APPEAL_RATE_LIMIT
    assert client.post(reverse("appeal_form"), {}).status_code == 429  # the built-in form counts them too


def test_an_empty_required_field_is_shown_again_and_nothing_is_written(client, home):
    page = make_page(home)
    (text,) = [field.clean_name for field in page.get_form_fields() if field.maps_to == "text"]
    response = client.post("/kk/complaint/", filled(page, **{text: ""}))
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not Appeal.objects.exists()


def test_an_ict_request_form_registers_the_bodys_request_with_its_receipt(client, home):
    body = StateBodyFactory()
    fields = [
        {"label": "Name", "field_type": "singleline", "required": "on", "maps_to": "name"},
        {"label": "Email", "field_type": "email", "required": "on", "maps_to": "email"},
        {"label": "Subject", "field_type": "singleline", "required": "on", "maps_to": "subject"},
        {"label": "Description", "field_type": "multiline", "required": "on", "maps_to": "text"},
    ]
    make_page(home, slug="ict", fields=fields, target="ict_request", ict_request_type="incident", ict_priority="high")
    data = {
        "name": "Нурланов Ерлан",
        "email": "it@minzdrav.gov.kz",
        "subject": "Не работает e-Otinish",
        "description": "С утра сервис возвращает ошибку 502.",
        "body": str(body.pk),
        "website": "",
        "started": started(),
    }
    response = client.post("/kk/ict/", data, follow=True)
    request = IctRequest.objects.get()
    assert response.redirect_chain == [("/kk/ict/?received=1", 302)]
    assert request.number in response.content.decode()
    assert (request.body, request.subject, request.request_type, request.priority) == (
        body,
        "Не работает e-Otinish",
        "incident",
        "high",
    )
    assert request.requester_email == "it@minzdrav.gov.kz" and request.channel == "form"
    assert not Appeal.objects.exists()


def test_the_page_type_lives_under_the_home_page_of_each_language(home):
    assert PublicFormPage in HomePage.allowed_subpage_models()
    assert Page.objects.type(PublicFormPage).count() == 0


def test_the_demo_has_each_kind_of_form_in_each_language_and_a_second_run_changes_nothing(client):
    from cms.home.demo import load_demo_pages
    from workflows.webforms.demo import load_demo_forms

    load_demo_pages()
    assert load_demo_forms() > 0
    assert load_demo_forms() == 0
    pages = PublicFormPage.objects.live()
    assert sorted(pages.values_list("locale__language_code", flat=True)) == ["en"] * 3 + ["kk"] * 3 + ["ru"] * 3
    for language, label in (("kk", "Шағымыңыз"), ("ru", "Суть жалобы"), ("en", "Your complaint")):
        page = client.get(f"/{language}/complaint/").content.decode()
        assert label in page and 'name="website"' in page
    assert "Your organisation" in client.get("/en/ict-request/").content.decode()
