"""Appeals (paras 7-11): registration numbers, the two-working-day answer (para 8), the operator's steps and
who may take them, and the outcomes the applicant is told of (paras 10, 11).

Dates are read off the 2026 calendar: 8 March (Sunday) moves its day off to Monday 9 March; Nauryz makes
21-25 March days off, so the two working days after Friday 20 March are Thursday 26 and Friday 27 March.
"""

from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone, translation

from tests.factories import AppealFactory, StateBodyFactory, UserFactory
from workflows.appeals import selectors, services
from workflows.appeals.models import Appeal, AppealEvent, YearCounter
from workflows.directory.models import StateBody

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(settings):
    """The messages are checked in English; kk/ru are the translators' (the admin defaults to kk)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


ROLES = [
    "Operator",
    "Senior operator",
    "KB editor",
    "KB reviewer",
    "Onboarding coordinator",
    "Body responsible person",
    "Authority viewer",
]
MAY_WORK = {"Operator", "Senior operator"}


def local(*args):
    return timezone.make_aware(datetime(*args))


def due_day(appeal):
    return timezone.localtime(appeal.due_at).date()


@pytest.fixture
def ministry():
    return StateBodyFactory(
        name_ru="Министерство юстиции Республики Казахстан",
        name_en="Ministry of Justice of the Republic of Kazakhstan",
        phone="+7 7172 58 00 58",
        email="kense@adilet.gov.kz",
        website="https://www.gov.kz/memleket/entities/adilet",
    )


@pytest.fixture
def ici_operator():
    return StateBodyFactory(kind=StateBody.Kind.ICI_OPERATOR, name_en="National Information Technologies JSC")


def in_progress(operator, **kwargs):
    return services.take(appeal=AppealFactory(**kwargs), user=operator)


# --- registration numbers -----------------------------------------------------------------------


def test_numbers_run_per_year_without_gaps():
    first = AppealFactory(received_at=local(2026, 1, 5, 9, 0))
    second = AppealFactory(received_at=local(2026, 1, 5, 9, 1))
    next_year = AppealFactory(received_at=local(2027, 1, 4, 9, 0))
    assert [first.number, second.number, next_year.number] == ["UCC-2026-000001", "UCC-2026-000002", "UCC-2027-000001"]


def test_a_rolled_back_registration_gives_its_number_back():
    AppealFactory(received_at=local(2026, 2, 2, 10, 0))
    with pytest.raises(Exception):  # noqa: B017 (any validation error will do)
        services.register_appeal(channel="email", content="", received_at=local(2026, 2, 2, 10, 5))
    assert AppealFactory(received_at=local(2026, 2, 2, 10, 10)).number == "UCC-2026-000002"
    assert YearCounter.objects.get(year=2026).last_number == 2


def test_the_year_of_the_number_is_the_local_year_in_almaty():
    # 31 December 2026 20:00 UTC is already 1 January 2027 in Almaty (UTC+5).
    appeal = AppealFactory(received_at=datetime(2026, 12, 31, 20, 0, tzinfo=UTC))
    assert appeal.number == "UCC-2027-000001"


def test_registration_records_the_first_line_of_the_timeline():
    appeal = AppealFactory()
    assert list(appeal.events.values_list("action", "to_state")) == [("register", "registered")]
    assert appeal.queue == Group.objects.get(name="Operator")


def test_appeals_registered_together_are_numbered_in_order_after_the_ones_before():
    """The e-mail intake registers a batch at once: the same numbers, deadlines and timeline as one by one."""
    AppealFactory(received_at=local(2026, 3, 20, 9, 0))
    batch = services.register_appeals(
        [
            {"channel": "email", "content": "Справка о несудимости", "received_at": local(2026, 3, 20, 17, 45)},
            {"channel": "email", "content": "Жеке куәлік", "received_at": local(2026, 3, 6, 12, 0)},
            {"channel": "web", "content": "Next year", "received_at": local(2027, 1, 4, 9, 0)},
        ]
    )
    assert [a.number for a in batch] == ["UCC-2026-000002", "UCC-2026-000003", "UCC-2027-000001"]
    assert [due_day(Appeal.objects.get(pk=a.pk)) for a in batch[:2]] == [date(2026, 3, 27), date(2026, 3, 11)]
    for appeal in batch:
        assert list(appeal.events.values_list("action", "to_state")) == [("register", "registered")]
        assert appeal.queue == Group.objects.get(name="Operator")
    assert AppealFactory(received_at=local(2026, 3, 23, 9, 0)).number == "UCC-2026-000004"


def test_a_batch_with_one_invalid_appeal_registers_none():
    with pytest.raises(Exception):  # noqa: B017 (the validation error of the empty content)
        services.register_appeals(
            [
                {"channel": "email", "content": "ok", "received_at": local(2026, 2, 2, 10, 0)},
                {"channel": "email", "content": ""},
            ]
        )
    assert not Appeal.objects.exists()
    assert not YearCounter.objects.filter(last_number__gt=0).exists()


# --- para 8: two working days --------------------------------------------------------------------


@pytest.mark.parametrize(
    "received, due",
    [
        # Friday before Nauryz: 21-25 March are days off; Thursday 26 and Friday 27 count.
        (local(2026, 3, 20, 17, 45), date(2026, 3, 27)),
        # Friday before 8 March: Monday 9 March is its day off; Tuesday 10 and Wednesday 11 count.
        (local(2026, 3, 6, 12, 0), date(2026, 3, 11)),
        # Saturday: Monday and Tuesday.
        (local(2026, 3, 14, 9, 0), date(2026, 3, 17)),
        # Late on a Wednesday evening: Thursday and Friday.
        (local(2026, 4, 15, 23, 30), date(2026, 4, 17)),
        # Before the May holidays: 1 May (Friday) is off, then Monday 4 and Tuesday 5.
        (local(2026, 4, 30, 10, 0), date(2026, 5, 5)),
    ],
)
def test_para_8_an_email_appeal_is_answered_within_two_working_days(received, due):
    appeal = AppealFactory(channel=Appeal.Channel.EMAIL, received_at=received)
    assert due_day(appeal) == due
    assert timezone.localtime(appeal.due_at).time().hour == 23  # the close of the due day


def test_web_and_api_appeals_keep_the_same_term_and_calls_have_none():
    web = AppealFactory(channel=Appeal.Channel.WEB, received_at=local(2026, 3, 20, 10, 0))
    call = AppealFactory(channel=Appeal.Channel.PHONE_1414, received_at=local(2026, 3, 20, 10, 0))
    assert due_day(web) == date(2026, 3, 27)
    assert call.due_at is None


def test_overdue_and_due_soon_lists():
    late = AppealFactory(received_at=local(2026, 3, 20, 10, 0))  # due 27 March
    soon = AppealFactory(received_at=local(2026, 3, 26, 10, 0))  # due 30 March
    later = AppealFactory(received_at=local(2026, 3, 30, 10, 0))  # due 1 April
    now = local(2026, 3, 28, 12, 0)  # Saturday
    assert list(selectors.overdue(now)) == [late]
    assert list(selectors.due_soon(now)) == [soon]
    assert later not in selectors.due_soon(now)


def test_an_answered_appeal_is_no_longer_overdue(operator):
    appeal = in_progress(operator, received_at=local(2026, 3, 20, 10, 0))
    services.give_answer(appeal=appeal, user=operator, answer="Справка выдаётся на egov.kz.")
    assert not selectors.overdue(local(2026, 4, 1, 9, 0)).exists()


# --- the steps and who may take them -------------------------------------------------------------


def prepared(step, user, supervisor, ministry):
    """An appeal in the state from which `step` starts, in `user`'s hands where the step needs that."""
    appeal = AppealFactory()
    if step in ("take", "assign"):
        return appeal
    appeal = services.assign(appeal=appeal, user=supervisor, operator=user)
    if step == "receive_clarification":
        appeal = services.forward(appeal=appeal, user=supervisor, body=ministry, reason="Уточнить срок")
    if step == "close":
        appeal = services.give_answer(appeal=appeal, user=supervisor, answer="Ответ")
    return appeal


def run(step, appeal, user, ministry, other):
    steps = {
        "take": lambda: services.take(appeal=appeal, user=user),
        "assign": lambda: services.assign(appeal=appeal, user=user, operator=other),
        "give_answer": lambda: services.give_answer(appeal=appeal, user=user, answer="Ответ из базы знаний"),
        "redirect": lambda: services.redirect(appeal=appeal, user=user, reason="Вопрос по ИС", operator=other),
        "refer": lambda: services.refer(appeal=appeal, user=user, body=ministry),
        "forward": lambda: services.forward(appeal=appeal, user=user, body=ministry, reason="Уточнить"),
        "receive_clarification": lambda: services.receive_clarification(appeal=appeal, user=user, clarification="Ок"),
        "close": lambda: services.close(appeal=appeal, user=user),
    }
    return steps[step]()


STEPS = {
    "take": ("registered", "in_progress", MAY_WORK),
    "assign": ("registered", "in_progress", {"Senior operator"}),
    "give_answer": ("in_progress", "answered", MAY_WORK),
    "redirect": ("in_progress", "redirected", MAY_WORK),
    "refer": ("in_progress", "referred", MAY_WORK),
    "forward": ("in_progress", "forwarded", MAY_WORK),
    "receive_clarification": ("forwarded", "in_progress", MAY_WORK),
    "close": ("answered", "closed", MAY_WORK),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", list(STEPS))
def test_each_step_is_open_to_the_roles_that_work_on_appeals_only(step, role, supervisor, ministry, other_operator):
    source, target, allowed = STEPS[step]
    user = UserFactory(roles=[role])
    appeal = prepared(step, user, supervisor, ministry)
    assert appeal.state == source
    events = appeal.events.count()
    if role in allowed:
        appeal = run(step, appeal, user, ministry, other_operator)
        assert appeal.state == target
        event = appeal.events.last()
        assert (event.action, event.actor, event.from_state, event.to_state) == (step, user, source, target)
    else:
        with pytest.raises(services.TransitionRefused, match="not allowed"):
            run(step, appeal, user, ministry, other_operator)
        appeal.refresh_from_db()
        assert (appeal.state, appeal.events.count()) == (source, events)


def test_an_operator_cannot_answer_an_appeal_in_another_operators_hands(operator, other_operator):
    appeal = in_progress(operator)
    with pytest.raises(services.TransitionRefused, match="not allowed"):
        services.give_answer(appeal=appeal, user=other_operator, answer="Ответ")
    assert Appeal.objects.get(pk=appeal.pk).state == "in_progress"


def test_a_step_not_possible_from_the_state_is_refused_with_the_state_named(operator):
    appeal = AppealFactory()
    with pytest.raises(services.TransitionRefused, match="registered"):
        services.close(appeal=appeal, user=operator)


def test_a_second_operator_working_from_a_stale_screen_changes_nothing(operator, other_operator):
    appeal = AppealFactory()
    seen_by_second = Appeal.objects.get(pk=appeal.pk)  # both screens show "registered"
    services.take(appeal=appeal, user=operator)
    with pytest.raises(services.TransitionRefused, match="changed by another operator"):
        services.take(appeal=seen_by_second, user=other_operator)
    appeal.refresh_from_db()
    assert appeal.operator == operator
    assert appeal.events.filter(action="take").count() == 1


def test_the_answer_is_required(operator):
    appeal = in_progress(operator)
    with pytest.raises(services.TransitionRefused, match="answer"):
        services.give_answer(appeal=appeal, user=operator, answer="  ")


# --- the outcomes the applicant is told of (paras 8-11) -------------------------------------------


def test_registration_mails_the_number_and_the_deadline(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = AppealFactory(applicant_email="aigerim@mail.kz", received_at=local(2026, 3, 20, 10, 0))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["aigerim@mail.kz"]
    assert appeal.number in message.subject
    assert "27.03.2026" in message.body


def test_no_mail_leaves_before_the_commit(operator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        AppealFactory(applicant_email="aigerim@mail.kz")
    assert mail.outbox == [] and len(callbacks) == 1


def test_the_answer_reaches_the_applicant_by_email(operator, django_capture_on_commit_callbacks):
    appeal = in_progress(operator, applicant_email="aigerim@mail.kz")
    with django_capture_on_commit_callbacks(execute=True):
        appeal = services.give_answer(appeal=appeal, user=operator, answer="Справку выдаёт ЦОН или egov.kz.")
    assert "Справку выдаёт ЦОН или egov.kz." in mail.outbox[-1].body
    assert appeal.events.last().applicant_told == AppealEvent.Told.BY_EMAIL


def test_para_10_referral_tells_the_applicant_the_competent_body_and_its_contacts(
    operator, ministry, django_capture_on_commit_callbacks
):
    appeal = in_progress(operator, applicant_email="aigerim@mail.kz", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        appeal = services.refer(appeal=appeal, user=operator, body=ministry, reason="Вопрос о нотариате")
    assert (appeal.state, appeal.referred_to) == ("referred", ministry)
    body = mail.outbox[-1].body
    assert "Ministry of Justice of the Republic of Kazakhstan" in body
    assert "+7 7172 58 00 58" in body and "kense@adilet.gov.kz" in body
    event = appeal.events.last()
    assert (event.body, event.applicant_told, event.reason) == (ministry, "email", "Вопрос о нотариате")


def test_para_11_redirect_to_another_operator_is_recorded_and_the_caller_told_in_the_call(operator, other_operator):
    appeal = in_progress(operator, channel=Appeal.Channel.PHONE_1414)
    appeal = services.redirect(appeal=appeal, user=operator, reason="Вопрос по ЭЦП", operator=other_operator)
    assert (appeal.state, appeal.operator) == ("redirected", other_operator)
    event = appeal.events.last()
    assert (event.operator, event.applicant_told, event.reason) == (other_operator, "call", "Вопрос по ЭЦП")
    assert mail.outbox == []
    # the operator it went to takes it; the first one no longer can
    with pytest.raises(services.TransitionRefused):
        services.take(appeal=appeal, user=operator)
    assert services.take(appeal=appeal, user=other_operator).state == "in_progress"


def test_para_11_redirect_to_a_group_puts_it_in_that_groups_queue(
    operator, other_operator, django_capture_on_commit_callbacks
):
    ict_line = Group.objects.create(name="ICT line")
    other_operator.groups.add(ict_line)
    appeal = in_progress(operator, applicant_email="aigerim@mail.kz")
    with django_capture_on_commit_callbacks(execute=True):
        appeal = services.redirect(appeal=appeal, user=operator, reason="ИС", queue=ict_line)
    assert (appeal.state, appeal.operator, appeal.queue) == ("redirected", None, ict_line)
    assert "another specialist" in mail.outbox[-1].body
    assert appeal in selectors.my_queue(other_operator)
    assert appeal not in selectors.my_queue(operator)


def test_forwarding_for_clarification_and_back(operator, ici_operator, django_capture_on_commit_callbacks):
    appeal = in_progress(operator, applicant_email="aigerim@mail.kz", topic=Appeal.Topic.ICT_SERVICE)
    with django_capture_on_commit_callbacks(execute=True):
        appeal = services.forward(appeal=appeal, user=operator, body=ici_operator, reason="Сбой ЭЦП на egov.kz")
    assert (appeal.state, appeal.forwarded_to) == ("forwarded", ici_operator)
    assert (
        "National Information Technologies JSC" in mail.outbox[-1].body or "for clarification" in mail.outbox[-1].body
    )
    appeal = services.receive_clarification(appeal=appeal, user=operator, clarification="Сбой устранён 20.03")
    assert appeal.state == "in_progress"
    assert "Сбой устранён 20.03" in appeal.measures_taken
    assert [e.action for e in appeal.events.all()] == ["register", "take", "forward", "receive_clarification"]


# --- assignment ----------------------------------------------------------------------------------


def test_take_next_gives_the_earliest_due_appeal_of_the_operators_queues(operator, other_operator):
    later = AppealFactory(received_at=local(2026, 3, 26, 10, 0))
    earlier = AppealFactory(received_at=local(2026, 3, 20, 10, 0))
    assert services.take_next(user=operator) == earlier
    assert services.take_next(user=other_operator) == later
    assert services.take_next(user=operator) is None
    assert Appeal.objects.get(pk=earlier.pk).operator == operator


def test_take_next_leaves_other_groups_queues_alone(operator):
    ict_line = Group.objects.create(name="ICT line")
    AppealFactory(queue=ict_line)
    assert services.take_next(user=operator) is None


def test_a_supervisor_reassigns_an_appeal(operator, other_operator, supervisor):
    appeal = in_progress(operator)
    appeal = services.assign(appeal=appeal, user=supervisor, operator=other_operator, reason="отпуск")
    assert appeal.operator == other_operator
    assert appeal in selectors.my_queue(other_operator) and appeal not in selectors.my_queue(operator)


# --- search --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["UCC-2026-000001", "ucc-2026-1", "87011234567", "+7 (701) 123-45-67", "4567", "Айгерим", "несудимости"]
)
def test_search_by_number_phone_name_and_text(query):
    appeal = AppealFactory(received_at=local(2026, 3, 2, 10, 0))
    AppealFactory(
        received_at=local(2026, 3, 2, 11, 0),
        applicant_name="Ахметов Болат",
        applicant_phone="+7 777 000 11 22",
        content="Вопрос о пенсии",
    )
    assert list(selectors.search(Appeal.objects.all(), query)) == [appeal]


def test_the_demo_appeals_load_once(django_user_model):
    from workflows.appeals.demo import DEMO_APPEALS, load_demo_appeals
    from workflows.directory.services import load_directory

    load_directory()
    UserFactory(username="operator", roles=["Operator"])
    load_demo_appeals()
    load_demo_appeals()
    states = set(Appeal.objects.values_list("state", flat=True))

    assert Appeal.objects.count() == len(DEMO_APPEALS) == 11
    assert states == set(Appeal.State.values)
    returning = Appeal.objects.filter(applicant_name="Касымов Дамир").order_by("-received_at").first()
    from workflows.appeals.selectors import applicant_history

    assert len(applicant_history(returning)) == 1  # the demo holds an applicant with a history
