"""Trainings (paras 15, 17, 21, 30), the quality authority's written request for one (para 30), visits to a
provider (para 25, second part), and the appeal screen's "you have not been trained on this service".

Dates: the authority's letter of Monday 6 April 2026; training scheduled for Wednesday 15 April, held then.
"""

from datetime import date

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from wagtail import hooks
from wagtail.admin.menu import admin_menu
from wagtail.users.models import UserProfile

from tests.factories import (
    AppealFactory,
    BodyMembershipFactory,
    OnboardingProtocolFactory,
    OnboardingServiceFactory,
    StateBodyFactory,
    UserFactory,
)
from workflows.authorities.models import AuthorityEvent, Training, TrainingRequest, Visit
from workflows.authorities.selectors.trainings import trained_service_ids
from workflows.authorities.services.common import TransitionRefused
from workflows.authorities.services.trainings import (
    cancel_visit,
    decline_training_request,
    mark_visit_held,
    record_training,
    record_visit,
    register_training_request,
    schedule_training_request,
)
from workflows.directory.models import StateBody

pytestmark = pytest.mark.django_db
State = TrainingRequest.State
Kind = Training.Kind


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def authority():
    return StateBodyFactory(kind=StateBody.Kind.QUALITY_AUTHORITY, name_en="Agency for Civil Service Affairs")


@pytest.fixture
def ministry():
    return StateBodyFactory(name_en="Ministry of Labour")


@pytest.fixture
def coordinator():
    return UserFactory(username="coord", roles=["Onboarding coordinator"])


@pytest.fixture
def operator():
    return UserFactory(username="aigul", roles=["Operator"])


@pytest.fixture
def pensions(ministry):
    service = OnboardingServiceFactory(register_number="00202002", name_ru="Назначение пенсии")
    service.providers.add(ministry)
    return service


@pytest.fixture
def letter(authority, coordinator):
    return register_training_request(
        authority=authority,
        letter_reference="№ 02-17/88 of 06.04.2026",
        topic="How the UCC exchanges information with the providers",
        received_on=date(2026, 4, 6),
        user=coordinator,
    )


# Para 30: the request and its states


def test_the_authority_asks_the_ucc_schedules_and_the_training_held_marks_it_held(letter, authority, coordinator):
    assert letter.state == State.RECEIVED
    schedule_training_request(request=letter, on=date(2026, 4, 15), user=coordinator)
    letter.refresh_from_db()
    assert (letter.state, letter.scheduled_for) == (State.SCHEDULED, date(2026, 4, 15))

    training = record_training(
        kind=Kind.FOR_AUTHORITY,
        topic=letter.topic,
        held_on=date(2026, 4, 15),
        trainer="Senior operator A. Seitkali",
        attendees="12 employees of the Agency",
        request=letter,
        user=coordinator,
    )
    letter.refresh_from_db()
    assert letter.state == State.HELD
    assert training.body == authority  # the trained body is the requesting authority
    verbs = list(AuthorityEvent.objects.filter(body=authority).order_by("pk").values_list("verb", flat=True))
    assert verbs == ["registered", "schedule", "recorded", "mark_held"]


def test_a_declined_request_cannot_be_held(letter, coordinator):
    decline_training_request(request=letter, note="The topic is outside the UCC's remit", user=coordinator)
    letter.refresh_from_db()
    assert letter.state == State.DECLINED
    with pytest.raises(TransitionRefused):
        record_training(kind=Kind.FOR_AUTHORITY, topic="…", held_on=date(2026, 4, 15), request=letter, user=coordinator)
    assert not Training.objects.exists()  # nothing written when the request refuses


def test_only_the_quality_authority_requests_a_training(ministry, coordinator):
    with pytest.raises(TransitionRefused):
        register_training_request(
            authority=ministry, letter_reference="№ 1", topic="…", received_on=date(2026, 4, 6), user=coordinator
        )


def test_the_authority_viewer_cannot_schedule(letter):
    with pytest.raises(TransitionRefused):
        schedule_training_request(request=letter, on=date(2026, 4, 15), user=UserFactory(roles=["Authority viewer"]))


# Para 21: the body's responsible person trains UCC staff, the onboarding protocol's training step


def test_a_para_21_training_names_the_protocol_and_its_service(ministry, pensions, coordinator, operator):
    protocol = OnboardingProtocolFactory(service=pensions, body=ministry, bylaw_approved_on=date(2026, 3, 20))
    training = record_training(
        kind=Kind.BY_BODY,
        topic="Assigning a pension",
        held_on=date(2026, 4, 8),
        body=ministry,
        trainer="Responsible person of the Ministry",
        trainees=[operator],
        protocol=protocol,
        user=coordinator,
    )
    assert list(training.services.all()) == [pensions]  # the protocol's service, when none is named
    assert training.protocol == protocol
    assert trained_service_ids(operator) == {pensions.pk}


def test_the_training_held_is_the_protocols_training_step(ministry, pensions, coordinator, operator):
    """Para 21: information received Thursday 26 March 2026 (after Nauryz), training due within ten working
    days; the training recorded on 8 April is the protocol's step, in time."""
    from workflows.onboarding import services as onboarding

    protocol = OnboardingProtocolFactory(service=pensions, body=ministry, bylaw_approved_on=date(2026, 3, 20))
    onboarding.receive_information(protocol=protocol, received_on=date(2026, 3, 26))
    protocol.refresh_from_db()
    record_training(
        kind=Kind.BY_BODY,
        topic="Assigning a pension",
        held_on=date(2026, 4, 8),
        body=ministry,
        trainees=[operator],
        protocol=protocol,
        user=UserFactory(roles=["Senior operator"]),
    )
    protocol.refresh_from_db()
    assert (protocol.state, protocol.training_held_on, protocol.training_late) == (
        "training_held",
        date(2026, 4, 8),
        False,
    )


def test_the_protocol_of_another_body_or_service_is_refused(ministry, pensions, coordinator):
    protocol = OnboardingProtocolFactory(service=pensions, body=ministry, bylaw_approved_on=date(2026, 3, 20))
    other_body = StateBodyFactory()
    other_service = OnboardingServiceFactory()
    with pytest.raises(TransitionRefused):
        record_training(
            kind=Kind.BY_BODY, topic="…", held_on=date(2026, 4, 8), body=other_body, protocol=protocol, user=coordinator
        )
    with pytest.raises(TransitionRefused):
        record_training(
            kind=Kind.BY_BODY,
            topic="…",
            held_on=date(2026, 4, 8),
            body=ministry,
            services=[other_service],
            protocol=protocol,
            user=coordinator,
        )
    with pytest.raises(TransitionRefused):
        record_training(
            kind=Kind.BY_UCC, topic="…", held_on=date(2026, 4, 8), body=ministry, protocol=protocol, user=coordinator
        )
    assert not Training.objects.exists()


def test_para_17_the_ici_operator_trains(coordinator, operator, pensions):
    ici = StateBodyFactory(kind=StateBody.Kind.ICI_OPERATOR)
    record_training(
        kind=Kind.BY_ICI_OPERATOR,
        topic="egov.kz services",
        held_on=date(2026, 4, 9),
        body=ici,
        services=[pensions],
        trainees=[operator],
        user=coordinator,
    )
    with pytest.raises(TransitionRefused):
        record_training(
            kind=Kind.BY_ICI_OPERATOR, topic="…", held_on=date(2026, 4, 9), body=StateBodyFactory(), user=coordinator
        )


# Para 25: visits


def test_a_visit_planned_then_held_once(ministry, coordinator):
    visit = record_visit(body=ministry, agreed_with="Deputy director", visit_on=date(2026, 4, 20), user=coordinator)
    mark_visit_held(visit=visit, notes="Saw the front office", user=coordinator)
    assert visit.state == Visit.State.HELD and "front office" in visit.notes
    with pytest.raises(TransitionRefused):
        cancel_visit(visit=visit, reason="…", user=coordinator)


def test_a_visit_cancelled(ministry, coordinator):
    visit = record_visit(body=ministry, agreed_with="Deputy director", visit_on=date(2026, 4, 20), user=coordinator)
    cancel_visit(visit=visit, reason="The body asked to postpone", user=coordinator)
    assert visit.state == Visit.State.CANCELLED
    with pytest.raises(TransitionRefused):
        mark_visit_held(visit=visit, user=UserFactory(roles=["Authority viewer"]))


# "You have not been trained on this service" on the appeal screens


@pytest.fixture
def trained_on_pensions(ministry, pensions, coordinator, operator):
    record_training(
        kind=Kind.BY_BODY,
        topic="Pensions",
        held_on=date(2026, 4, 8),
        body=ministry,
        services=[pensions],
        trainees=[operator],
        user=coordinator,
    )
    return pensions


WARNING = "You have not been trained on this service."


def test_the_appeal_screen_warns_on_an_untrained_service_only(client, operator, trained_on_pensions):
    births = OnboardingServiceFactory(register_number="00101001")
    untrained = AppealFactory(service=births)
    trained = AppealFactory(service=trained_on_pensions)
    no_service = AppealFactory()
    client.force_login(operator)
    assert WARNING in client.get(reverse("appeals_work", args=[untrained.pk])).content.decode()
    assert WARNING not in client.get(reverse("appeals_work", args=[trained.pk])).content.decode()
    assert WARNING not in client.get(reverse("appeals_work", args=[no_service.pk])).content.decode()


def test_the_new_appeal_screen_carries_the_trained_services_for_the_select(client, operator, trained_on_pensions):
    births = OnboardingServiceFactory(register_number="00101001")
    client.force_login(operator)
    page = client.get(reverse("appeals_new_from_call")).content.decode()
    assert f'id="trained-service-ids" type="application/json">[{trained_on_pensions.pk}]' in page
    assert 'id="not-trained-warning" class="help-block help-warning" role="status" hidden' in page  # none chosen
    assert "appeals/not_trained.js" in page
    sent_back = client.post(reverse("appeals_new_from_call"), {"service": births.pk}).content.decode()  # invalid form
    assert 'role="status" hidden' not in sent_back and WARNING in sent_back
    sent_back = client.post(reverse("appeals_new_from_call"), {"service": trained_on_pensions.pk}).content.decode()
    assert 'role="status" hidden' in sent_back


def test_with_no_app_answering_the_hook_appeals_warn_nobody(client, operator, monkeypatch):
    monkeypatch.setitem(hooks._hooks, "trained_service_ids", [])
    appeal = AppealFactory(service=OnboardingServiceFactory())
    client.force_login(operator)
    assert WARNING not in client.get(reverse("appeals_work", args=[appeal.pk])).content.decode()
    page = client.get(reverse("appeals_new_from_call")).content.decode()
    assert WARNING not in page and "trained-service-ids" not in page


# The screens, as each role


def signed_in(client, user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return user


@pytest.fixture
def records(letter, ministry, coordinator):
    other = StateBodyFactory(name_en="Ministry of Justice")
    return {
        "own_training": record_training(
            kind=Kind.BY_BODY, topic="Own", held_on=date(2026, 4, 8), body=ministry, user=coordinator
        ),
        "other_training": record_training(
            kind=Kind.BY_BODY, topic="Other", held_on=date(2026, 4, 8), body=other, user=coordinator
        ),
        "own_visit": record_visit(body=ministry, agreed_with="Director", visit_on=date(2026, 4, 20), user=coordinator),
        "other_visit": record_visit(body=other, agreed_with="Director", visit_on=date(2026, 4, 21), user=coordinator),
        "request": letter,
    }


def user_as(role, ministry):
    user = UserFactory(roles=[role])
    if role == "Body responsible person":
        BodyMembershipFactory(user=user, body=ministry)
    return user


LISTS = ("authorities_trainings", "authorities_training_requests", "authorities_visits")
ADDS = ("authorities_training_add", "authorities_training_request_add", "authorities_visit_add")


@pytest.mark.parametrize(
    "role, lists, adds, sees",
    [
        (
            "Onboarding coordinator",
            (200, 200, 200),
            200,
            {"own_training", "other_training", "own_visit", "other_visit", "request"},
        ),
        (
            "Senior operator",
            (200, 200, 200),
            200,
            {"own_training", "other_training", "own_visit", "other_visit", "request"},
        ),
        (
            "Authority viewer",
            (200, 200, 200),
            403,
            {"own_training", "other_training", "own_visit", "other_visit", "request"},
        ),
        ("Body responsible person", (200, 403, 200), 403, {"own_training", "own_visit"}),
        ("Operator", (403, 403, 403), 403, set()),
    ],
)
def test_the_screens_as_each_role(client, records, ministry, role, lists, adds, sees):
    signed_in(client, user_as(role, ministry))
    assert tuple(client.get(reverse(name)).status_code for name in LISTS) == lists
    assert {client.get(reverse(name)).status_code for name in ADDS} == {adds}
    details = {
        "own_training": "authorities_training",
        "other_training": "authorities_training",
        "own_visit": "authorities_visit",
        "other_visit": "authorities_visit",
        "request": "authorities_training_request",
    }
    seen = {
        key for key, name in details.items() if client.get(reverse(name, args=[records[key].pk])).status_code == 200
    }
    assert seen == sees


def test_the_viewer_sees_no_step_buttons_and_the_coordinator_does(client, records, coordinator):
    request_url = reverse("authorities_training_request", args=[records["request"].pk])
    visit_url = reverse("authorities_visit", args=[records["own_visit"].pk])
    schedule = reverse("authorities_training_request_step", args=[records["request"].pk, "schedule"])
    held = reverse("authorities_visit_step", args=[records["own_visit"].pk, "held"])
    signed_in(client, UserFactory(roles=["Authority viewer"]))
    assert schedule not in client.get(request_url).content.decode()
    assert held not in client.get(visit_url).content.decode()
    assert client.post(schedule, {"on": "2026-04-15"}).status_code == 403
    assert client.post(held, {"notes": "…"}).status_code == 403
    signed_in(client, coordinator)
    assert schedule in client.get(request_url).content.decode()
    assert held in client.get(visit_url).content.decode()
    assert client.post(schedule, {"on": "2026-04-15"}).status_code == 302
    assert client.post(held, {"notes": "Seen"}).status_code == 302
    records["request"].refresh_from_db()
    assert records["request"].state == State.SCHEDULED
    assert Visit.objects.get(pk=records["own_visit"].pk).state == Visit.State.HELD


def test_record_a_training_for_the_request_through_the_screen(client, records, coordinator, operator, pensions):
    signed_in(client, coordinator)
    letter = records["request"]
    form = client.get(reverse("authorities_training_add"), {"request": letter.pk})
    assert form.status_code == 200 and form.context["form"].initial["kind"] == Kind.FOR_AUTHORITY
    response = client.post(
        reverse("authorities_training_add"),
        {
            "kind": Kind.FOR_AUTHORITY,
            "topic": letter.topic,
            "held_on": "2026-04-15",
            "request": letter.pk,
            "trainees": [operator.pk],
            "services": [pensions.pk],
        },
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.state == State.HELD
    training = Training.objects.get(request=letter)
    detail = client.get(reverse("authorities_training", args=[training.pk])).content.decode()
    assert "Training recorded" in detail and "aigul" in detail


def menu_labels(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    menu = {str(item.label): item for item in admin_menu.menu_items_for_request(request)}
    submenu = menu.get("Bodies and authorities")
    return [str(item.label) for item in submenu.menu.menu_items_for_request(request)] if submenu else []


@pytest.mark.parametrize(
    "role, shown",
    [
        ("Onboarding coordinator", {"Discrepancies", "Trainings", "Training requests", "Visits"}),
        ("Authority viewer", {"Discrepancies", "Trainings", "Training requests", "Visits"}),
        ("Body responsible person", {"Trainings", "Visits"}),
        ("Operator", set()),
    ],
)
def test_the_menu_entries_as_each_role(role, shown):
    mine = {"Discrepancies", "Trainings", "Training requests", "Visits"}
    assert set(menu_labels(UserFactory(roles=[role]))) & mine == shown


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_warning_follows_the_service_select_in_a_real_browser(live_server, browser_page, django_user_model):
    from django.contrib.auth.models import Group

    ministry = StateBodyFactory()
    coordinator = UserFactory(username="coord", roles=["Onboarding coordinator"])
    trained, untrained = OnboardingServiceFactory(), OnboardingServiceFactory()
    user = django_user_model.objects.create_user("aigerim", password="a-long-pass-1414")
    user.groups.add(Group.objects.get(name="Operator"))
    record_training(
        kind=Kind.BY_BODY,
        topic="…",
        held_on=date(2026, 4, 8),
        body=ministry,
        services=[trained],
        trainees=[user],
        user=coordinator,
    )
    page = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "aigerim")
    page.fill("input[name=password]", "a-long-pass-1414")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}{reverse('appeals_new_from_call')}")
    warning = page.locator("#not-trained-warning")
    assert warning.is_hidden()
    page.select_option("#id_service", str(untrained.pk))
    assert warning.is_visible()
    page.select_option("#id_service", str(trained.pk))
    assert warning.is_hidden()
