"""The registry in the Wagtail admin: lists, search, filters, and the state buttons (paras 20, 26, 27)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import BodyMembershipFactory, RegionFactory, StateBodyFactory, UserFactory
from workflows.registry import services
from workflows.registry.models import PublicService, RegistryImport, ResponsiblePerson, ServiceChange
from workflows.registry.signals import service_changed

pytestmark = pytest.mark.django_db

SERVICES = "wagtailsnippets_registry_publicservice"
PERSONS = "wagtailsnippets_registry_responsibleperson"
CHANGES = "wagtailsnippets_registry_servicechange"
IMPORTS = "wagtailsnippets_registry_registryimport"


def login(client, *role_names):
    user = UserFactory(roles=role_names)
    client.force_login(user)
    return user


def transition_url(obj, name):
    opts = obj._meta
    return reverse("registry_transition", args=[opts.app_label, opts.model_name, obj.pk, name])


@pytest.fixture
def justice():
    return StateBodyFactory(name_ru="Министерство юстиции", region=RegionFactory(name_ru="город Астана"))


@pytest.fixture
def labour():
    return StateBodyFactory(name_ru="Министерство труда")


@pytest.fixture
def births(justice):
    births = PublicService.objects.create(
        register_number="00101001",
        name_kk="Баланың тууын тіркеу",
        name_ru="Регистрация рождения ребенка",
        name_en="Registration of a child's birth",
        category="Семья",
        ucc_status=PublicService.UccStatus.CONSULTED,
        consulted_since=date(2025, 9, 1),
    )
    births.providers.add(justice)
    return births


@pytest.fixture
def pensions(labour):
    pensions = PublicService.objects.create(
        register_number="00202002",
        name_kk="Зейнетақы төлемдерін тағайындау",
        name_ru="Назначение пенсионных выплат",
        category="Пенсии",
    )
    pensions.providers.add(labour)
    return pensions


@pytest.fixture
def aigerim(justice, births):
    return services.appoint_responsible_person(
        body=justice, full_name="Сейткали Айгерим", appointed_on=date(2026, 1, 15), services=[births]
    )


@pytest.fixture
def bolat(labour, pensions):
    return services.appoint_responsible_person(
        body=labour, full_name="Жумабаев Болат", appointed_on=date(2026, 1, 20), services=[pensions]
    )


# Services: list, search, filters


def test_coordinator_lists_the_services(client, births, pensions):
    login(client, "Onboarding coordinator")
    response = client.get(reverse(f"{SERVICES}:list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "00101001" in content and "00202002" in content
    assert "Регистрация рождения ребенка" in content


def test_search_finds_a_service_by_its_register_number_with_leading_zeros(client, births, pensions):
    login(client, "Onboarding coordinator")
    content = client.get(reverse(f"{SERVICES}:list"), {"q": "00101001"}).content.decode()
    assert "Регистрация рождения ребенка" in content
    assert "Назначение пенсионных выплат" not in content


def test_search_finds_a_service_by_its_kazakh_name(client, births, pensions):
    login(client, "Onboarding coordinator")
    content = client.get(reverse(f"{SERVICES}:list"), {"q": "Зейнетақы"}).content.decode()
    assert "Назначение пенсионных выплат" in content
    assert "Регистрация рождения ребенка" not in content


def test_search_finds_a_service_by_its_english_name(client, births, pensions):
    login(client, "Operator")
    content = client.get(reverse(f"{SERVICES}:list"), {"q": "birth"}).content.decode()
    assert "Регистрация рождения ребенка" in content
    assert "Назначение пенсионных выплат" not in content


@pytest.mark.parametrize(
    "query",
    [
        {"ucc_status": "consulted"},
        {"category": "Семья"},
        {"providers": "JUSTICE"},
        {"providers__region": "REGION"},
    ],
    ids=["status", "category", "provider", "region"],
)
def test_filters_narrow_the_services(client, births, pensions, justice, query):
    login(client, "Onboarding coordinator")
    values = {
        key: {"JUSTICE": justice.pk, "REGION": justice.region_id}.get(value, value) for key, value in query.items()
    }
    content = client.get(reverse(f"{SERVICES}:list"), values).content.decode()
    assert "Регистрация рождения ребенка" in content
    assert "Назначение пенсионных выплат" not in content


# Responsible persons: state buttons


def test_the_listing_offers_the_available_steps_as_post_forms(client, aigerim):
    login(client, "Onboarding coordinator")
    content = client.get(reverse(f"{PERSONS}:list")).content.decode()
    assert f'action="{transition_url(aigerim, "activate")}"' in content
    assert 'method="post"' in content and "csrfmiddlewaretoken" in content
    assert transition_url(aigerim, "archive") not in content  # not possible while appointed
    assert reverse("registry_replace_person", args=[aigerim.pk]) in content


def test_a_button_post_activates_a_person(client, aigerim):
    login(client, "Onboarding coordinator")
    response = client.post(transition_url(aigerim, "activate"), {"state": "appointed"}, follow=True)
    aigerim.refresh_from_db()
    assert aigerim.state == ResponsiblePerson.State.ACTIVE
    assert response.redirect_chain[-1][0] == reverse(f"{PERSONS}:list")
    assert "Activate — done" in response.content.decode()


def test_a_second_conflicting_post_shows_the_error_and_changes_nothing(client, aigerim):
    login(client, "Onboarding coordinator")
    client.post(transition_url(aigerim, "activate"))

    response = client.post(transition_url(aigerim, "activate"), follow=True)

    aigerim.refresh_from_db()
    assert aigerim.state == ResponsiblePerson.State.ACTIVE
    assert "This change could not be made" in response.content.decode()
    assert "nothing was changed" in response.content.decode()


def test_archiving_an_appointed_person_is_refused(client, aigerim):
    login(client, "Onboarding coordinator")
    response = client.post(transition_url(aigerim, "archive"), follow=True)
    aigerim.refresh_from_db()
    assert aigerim.state == ResponsiblePerson.State.APPOINTED
    assert "This change could not be made" in response.content.decode()


def test_a_button_shown_before_someone_else_acted_is_refused(client, aigerim):
    login(client, "Onboarding coordinator")
    services.run_transition(obj=aigerim, name="activate", user=None)

    response = client.post(transition_url(aigerim, "archive"), {"state": "appointed"}, follow=True)

    assert "changed by someone else meanwhile" in response.content.decode()
    aigerim.refresh_from_db()
    assert aigerim.state == ResponsiblePerson.State.ACTIVE


def test_a_get_to_the_transition_url_is_refused(client, aigerim):
    login(client, "Onboarding coordinator")
    assert client.get(transition_url(aigerim, "activate")).status_code == 405
    aigerim.refresh_from_db()
    assert aigerim.state == ResponsiblePerson.State.APPOINTED


def test_a_post_without_the_csrf_token_is_refused(aigerim):
    client = Client(enforce_csrf_checks=True)
    login(client, "Onboarding coordinator")
    assert client.post(transition_url(aigerim, "activate")).status_code == 403
    aigerim.refresh_from_db()
    assert aigerim.state == ResponsiblePerson.State.APPOINTED


def test_an_operator_cannot_run_a_step(client, aigerim):
    login(client, "Operator")
    response = client.post(transition_url(aigerim, "activate"))
    assert response.status_code in (302, 403)
    aigerim.refresh_from_db()
    assert aigerim.state == ResponsiblePerson.State.APPOINTED


def test_an_unknown_step_is_not_found(client, aigerim):
    login(client, "Onboarding coordinator")
    # 404; the site's LocaleMiddleware may first redirect a 404 to its /kk/ twin
    assert client.post(transition_url(aigerim, "delete")).status_code in (302, 404)
    assert ResponsiblePerson.objects.filter(pk=aigerim.pk).exists()


def test_a_body_responsible_person_sees_only_their_own_body_people(client, justice, aigerim, bolat):
    user = login(client, "Body responsible person")
    BodyMembershipFactory(user=user, body=justice)

    content = client.get(reverse(f"{PERSONS}:list")).content.decode()

    assert "Сейткали Айгерим" in content
    assert "Жумабаев Болат" not in content
    assert client.get(reverse(f"{PERSONS}:edit", args=[bolat.pk])).status_code in (302, 403)
    assert client.get(reverse(f"{PERSONS}:history", args=[bolat.pk])).status_code in (302, 403)
    assert client.get(reverse(f"{PERSONS}:edit", args=[aigerim.pk])).status_code == 200
    assert client.get(reverse(f"{PERSONS}:history", args=[aigerim.pk])).status_code == 200
    assert client.post(transition_url(bolat, "activate")).status_code in (302, 404)
    bolat.refresh_from_db()
    assert bolat.state == ResponsiblePerson.State.APPOINTED


def test_coordinator_replaces_a_person_through_the_form(client, justice, aigerim, births):
    login(client, "Onboarding coordinator")
    url = reverse("registry_replace_person", args=[aigerim.pk])
    assert "00101001" in client.get(url).content.decode()  # the services handed over

    response = client.post(
        url,
        {"successor_full_name": "Ахметов Нурлан", "replaced_on": "2026-03-20", "notified_on": "2026-04-02"},
        follow=True,
    )

    aigerim.refresh_from_db()
    successor = ResponsiblePerson.objects.get(full_name="Ахметов Нурлан")
    assert (aigerim.state, aigerim.replaced_by, aigerim.notified_late) == ("replaced", successor, True)
    assert successor.body == justice
    assert list(successor.services.all()) == [births]
    assert "01.04.2026" in response.content.decode()


def test_the_replacement_form_needs_one_successor(client, aigerim):
    login(client, "Onboarding coordinator")
    response = client.post(reverse("registry_replace_person", args=[aigerim.pk]), {"replaced_on": "2026-03-20"})
    assert response.status_code == 200
    assert "one of the two" in response.content.decode()
    aigerim.refresh_from_db()
    assert aigerim.state == ResponsiblePerson.State.APPOINTED


# By-law changes (para 26)


def test_adding_a_change_in_the_admin_reports_it(client, births, django_capture_on_commit_callbacks):
    login(client, "Onboarding coordinator")
    received = []
    service_changed.connect(lambda sender, **kwargs: received.append(kwargs["change"]), weak=False, dispatch_uid="t")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse(f"{CHANGES}:add"),
                {
                    "service": births.pk,
                    "what_changed": "Новый перечень документов",
                    "act_title": "",
                    "act_number": "",
                    "act_date": "",
                    "changed_on": "2026-03-20",
                },
            )
    finally:
        service_changed.disconnect(dispatch_uid="t")
    assert response.status_code == 302, response.content[:2000]
    change = ServiceChange.objects.get(service=births)
    assert timezone.localtime(change.update_due).date() == date(2026, 4, 1)
    assert received == [change]


def test_the_overdue_filter_lists_changes_past_their_five_working_days(client, births, pensions):
    login(client, "Onboarding coordinator")
    services.report_service_change(service=births, what_changed="a", changed_on=date(2026, 3, 20))
    services.report_service_change(service=pensions, what_changed="b", changed_on=date(2099, 3, 20))

    content = client.get(reverse(f"{CHANGES}:list"), {"overdue": "true"}).content.decode()

    assert "00101001" in content
    assert "00202002" not in content


def test_a_change_is_marked_updated_and_confirmed_by_buttons(client, births):
    change = services.report_service_change(service=births, what_changed="a", changed_on=date(2026, 3, 20))
    login(client, "Onboarding coordinator")
    assert transition_url(change, "mark_information_updated") in client.get(reverse(f"{CHANGES}:list")).content.decode()

    client.post(transition_url(change, "mark_information_updated"))
    client.post(transition_url(change, "confirm"))

    change.refresh_from_db()
    assert change.state == ServiceChange.State.CONFIRMED
    assert change.confirmed_by is not None


# Imports: read-only


def test_imports_are_listed_and_inspected_but_not_added_or_edited_by_hand(client):
    batch = RegistryImport.objects.create(file_name="registry-2026.xlsx", file_format="xlsx", sha256="0" * 64)
    login(client, "Onboarding coordinator")
    assert "registry-2026.xlsx" in client.get(reverse(f"{IMPORTS}:list")).content.decode()
    assert client.get(reverse(f"{IMPORTS}:inspect", args=[batch.pk])).status_code == 200
    assert client.get(reverse(f"{IMPORTS}:add")).status_code in (302, 403)
    assert client.get(reverse(f"{IMPORTS}:edit", args=[batch.pk])).status_code in (302, 403)


# Editing through the snippet forms


def test_coordinator_adds_a_service_with_its_register_number_kept_as_typed(client, justice):
    login(client, "Onboarding coordinator")
    response = client.post(
        reverse(f"{SERVICES}:add"),
        {
            "register_number": "00303003",
            "category": "",
            "name_kk": "Мекенжай анықтамасын беру",
            "name_ru": "Выдача адресной справки",
            "name_en": "",
            "bylaw_title": "",
            "bylaw_number": "",
            "bylaw_date": "",
            "bylaw_url": "",
            "changes_info": "",
            "web_resource": "",
            "providers": [justice.pk],
            "responsible_person_text": "",
            "responsible_contacts_text": "",
            "ucc_status": "onboarding",
            "consulted_since": "",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert list(PublicService.objects.get(register_number="00303003").providers.all()) == [justice]


def services_covered(person):
    """The "services covered" inline of the person's edit form, as it stands."""
    data = {
        "responsibilities-TOTAL_FORMS": str(person.responsibilities.count()),
        "responsibilities-INITIAL_FORMS": str(person.responsibilities.count()),
        "responsibilities-MIN_NUM_FORMS": "0",
        "responsibilities-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(person.responsibilities.all()):
        data.update(
            {
                f"responsibilities-{index}-id": item.pk,
                f"responsibilities-{index}-service": item.service_id,
                f"responsibilities-{index}-start_date": item.start_date.isoformat(),
                f"responsibilities-{index}-end_date": item.end_date.isoformat() if item.end_date else "",
                f"responsibilities-{index}-ORDER": str(index + 1),
            }
        )
    return data


def test_a_body_responsible_person_edits_their_own_person_within_their_body(client, justice, labour, aigerim):
    user = login(client, "Body responsible person")
    BodyMembershipFactory(user=user, body=justice)
    url = reverse(f"{PERSONS}:edit", args=[aigerim.pk])
    form = {
        "full_name": aigerim.full_name,
        "position": "",
        "phone": "+7 7172 00 00 00",
        "email": "",
        **services_covered(aigerim),
    }

    moved = client.post(url, {**form, "body": labour.pk, "appointed_on": "2026-01-15"})
    assert moved.status_code == 200  # another body is not a choice
    client.post(url, {**form, "body": justice.pk, "appointed_on": "2026-01-15"})

    aigerim.refresh_from_db()
    assert (aigerim.body, aigerim.phone, aigerim.state) == (justice, "+7 7172 00 00 00", "appointed")


def test_editing_the_date_of_a_change_moves_its_deadline(client, births):
    change = services.report_service_change(service=births, what_changed="a", changed_on=date(2026, 3, 20))
    login(client, "Onboarding coordinator")
    response = client.post(
        reverse(f"{CHANGES}:edit", args=[change.pk]),
        {
            "service": births.pk,
            "what_changed": "a",
            "act_title": "",
            "act_number": "",
            "act_date": "",
            "changed_on": "2026-04-01",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    change.refresh_from_db()
    assert timezone.localtime(change.update_due).date() == date(2026, 4, 8)


def test_coordinator_records_the_services_a_person_covers(client):
    """Annex 1 and para 20: the responsible person, and the services they answer for, from a date."""
    from datetime import date

    from tests.factories import StateBodyFactory, UserFactory
    from workflows.registry.models import PublicService, ResponsiblePerson
    from workflows.registry.selectors import responsible_on

    body = StateBodyFactory()
    service = PublicService.objects.create(register_number="00101001", name_kk="Қызмет", name_ru="Услуга")
    client.force_login(UserFactory(roles=["Onboarding coordinator"]))
    response = client.post(
        reverse("wagtailsnippets_registry_responsibleperson:add"),
        {
            "full_name": "Сейткали Айгерим Нурлановна",
            "position": "главный эксперт",
            "phone": "+7 7172 74 00 00",
            "email": "a.seitkali@example.kz",
            "body": body.pk,
            "appointed_on": "2026-03-20",
            "responsibilities-TOTAL_FORMS": "1",
            "responsibilities-INITIAL_FORMS": "0",
            "responsibilities-MIN_NUM_FORMS": "0",
            "responsibilities-MAX_NUM_FORMS": "1000",
            "responsibilities-0-service": service.pk,
            "responsibilities-0-start_date": "2026-03-20",
            "responsibilities-0-end_date": "",
            "responsibilities-0-id": "",
            "responsibilities-0-ORDER": "1",
            "responsibilities-0-DELETE": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = ResponsiblePerson.objects.get(full_name="Сейткали Айгерим Нурлановна")
    assert list(person.services.all()) == [service]
    assert list(responsible_on(service, date(2026, 4, 1))) == [person]
