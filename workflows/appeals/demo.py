"""Demo appeals: every channel (both phone lines, e-mail, the web form, the API), the web form in each of its
three languages, and at least one appeal in every state, so every operator's screen has something to show."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from workflows.directory.models import Region, StateBody

from . import merging, services
from .models import AnswerTemplate, Appeal, RoutingRule

DEMO_MARK = "[demo]"


@dataclass(frozen=True)
class DemoAppeal:
    channel: str
    question: str
    name: str
    phone: str = ""
    language: str = ""
    steps: tuple = ()  # what the operator did, in order: take, answer, close, refer, forward, redirect, merge


DEMO_APPEALS = (
    DemoAppeal("email", "Как получить справку о несудимости через egov.kz?", "Жумабаева Асель", "+7 701 555 12 34"),
    DemoAppeal(
        "phone_1414",
        "Не приходит SMS-код при входе на портал.",
        "Касымов Дамир",
        "+7 777 321 00 11",
        steps=("take", "answer", "close"),
    ),
    DemoAppeal(
        "web",
        "Сколько рассматривается заявление на пособие по рождению ребёнка?",
        "Иванова Ольга",
        language="ru",
        steps=("take",),
    ),
    DemoAppeal(
        "phone_8800",
        "Куда обратиться по вопросу нотариального заверения?",
        "Омаров Ерлан",
        "+7 705 000 22 33",
        steps=("take", "refer"),
    ),
    DemoAppeal(
        "email", "ЭЦП не работает на eGov, что делать?", "Ким Сергей", "+7 702 444 55 66", steps=("take", "forward")
    ),
    DemoAppeal("api", "Статус заявления на регистрацию ИП.", "Сулейменова Мадина", "+7 708 111 22 33", steps=("take",)),
    DemoAppeal(
        "web",
        "Жеке куәлікті қалай ауыстыруға болады? Ескі куәліктің мерзімі өтіп кетті.",
        "Серікбаев Нұрлан",
        "+7 747 200 30 40",
        language="kk",
    ),
    DemoAppeal(
        "web",
        "How do I register my child's birth online?",
        "Anna Petrova",
        language="en",
        steps=("take", "answer"),
    ),
    DemoAppeal(
        "phone_1414",
        "Балабақшаға кезекке тұру туралы сұрақ: құжаттар қандай?",
        "Ахметова Гүлнар",
        "+7 700 123 45 60",
        language="kk",
        steps=("take", "redirect"),
    ),
    # The caller of the second appeal, eleven days earlier, the number written otherwise: the applicant's history.
    DemoAppeal(
        "phone_1414",
        "Порталға кіре алмаймын: SMS-код келмейді.",
        "Касымов Дамир",
        "8 (777) 321-00-11",
        language="kk",
        steps=("take", "answer", "close"),
    ),
    # The first appeal's applicant writing again twelve days earlier: merged into it (issue 19, item 6).
    DemoAppeal(
        "email",
        "Справка о несудимости через egov.kz — как получить? Пишу повторно.",
        "Жумабаева Асель",
        "+7 701 555 12 34",
        steps=("merge",),
    ),
)


DEMO_TEMPLATES = (
    (
        "kk",
        "Жауап: eGov арқылы",
        "Құрметті {applicant_name}! {number} өтініші бойынша: қызметті eGov порталы арқылы алуға болады.",
    ),
    ("kk", "Құзыретті органға жіберу", "Сұрағыңыз {body} құзыретіне жатады: {body_phone}, {body_email}."),
    (
        "ru",
        "Ответ: через eGov",
        "Уважаемый(ая) {applicant_name}! По обращению {number}: услугу можно получить на портале eGov.",
    ),
    (
        "ru",
        "Направление в компетентный орган",
        "Ваш вопрос относится к компетенции {body}: {body_phone}, {body_email}.",
    ),
    (
        "en",
        "Answer: through eGov",
        "Dear {applicant_name}, about appeal {number}: the service is available on the eGov portal.",
    ),
)


# Issue 20, item 5: a few routing rules before the seeded default queue, one of them switched off.
DEMO_RULES = (
    ("Complaints to the senior operators", 10, True, "Senior operator", {"is_complaint": True}),
    ("8 800 line, e-government", 20, True, "Operator", {"line": "phone_8800", "topic": "e_government"}),
    ("Kazakh-language e-mail (switched off)", 30, False, "Senior operator", {"channel": "email", "language": "kk"}),
)


def load_demo_routing_rules():
    """Create each demo rule once (recognised by its name); returns how many were created."""
    created = 0
    for name, order, active, queue, conditions in DEMO_RULES:
        group = Group.objects.filter(name=queue).first()
        if group is None or RoutingRule.objects.filter(name=name).exists():
            continue
        RoutingRule.objects.create(name=name, sort_order=order, is_active=active, queue=group, **conditions)
        created += 1
    return created


def load_demo_templates():
    """Issue 19: answer templates in each language (the supervisors' text modules), once each."""
    for language, title, text in DEMO_TEMPLATES:
        AnswerTemplate.objects.get_or_create(title=title, defaults={"language": language, "text": text})


@transaction.atomic
def load_demo_appeals(now=None):
    """Create each demo appeal once (recognised by its marked content); returns how many were created."""
    operator = get_user_model().objects.filter(username="operator").first()
    senior = get_user_model().objects.filter(username="supervisor").first() or operator
    regions = list(Region.objects.order_by("kato_code"))  # spread over the country, as the reports will be
    body = StateBody.objects.filter(kind=StateBody.Kind.CENTRAL_BODY).order_by("code").first()
    ici = StateBody.objects.filter(kind=StateBody.Kind.ICI_OPERATOR).first() or body
    now = now or timezone.now()
    load_demo_templates()
    created = 0
    for n, demo in enumerate(DEMO_APPEALS):
        content = f"{DEMO_MARK} {demo.question}"
        if Appeal.objects.filter(content=content).exists():
            continue
        appeal = services.register_appeal(
            channel=demo.channel,
            content=content,
            received_at=now - timedelta(hours=30 * n),
            applicant_name=demo.name,
            applicant_phone=demo.phone,
            applicant_email="" if demo.channel.startswith("phone") else f"demo{n}@example.invalid",
            language=demo.language,
            region=regions[(5 * n) % len(regions)] if regions else None,
        )
        created += 1
        if operator is not None and body is not None:
            _work(appeal, demo.steps, operator=operator, other=senior, body=body, ici=ici)
    return created


def _work(appeal, steps, *, operator, other, body, ici):
    for step in steps:
        if step == "take":
            appeal = services.take(appeal=appeal, user=operator)
        elif step == "answer":
            appeal = services.give_answer(appeal=appeal, user=operator, answer=_ANSWER, measures_taken=_MEASURES)
        elif step == "close":
            appeal = services.close(appeal=appeal, user=operator)
        elif step == "refer":
            appeal = services.refer(appeal=appeal, user=operator, body=body, reason="Вне компетенции ЕКЦ (п. 10)")
        elif step == "forward":
            appeal = services.forward(appeal=appeal, user=operator, body=ici, reason="Сбой ЭЦП")
        elif step == "redirect":
            appeal = services.redirect(appeal=appeal, user=operator, operator=other, reason="Нужен старший оператор")
        elif step == "merge":
            first = Appeal.objects.get(content=f"{DEMO_MARK} {DEMO_APPEALS[0].question}")
            appeal = merging.merge(appeal=appeal, into=first, user=operator)
    return appeal


_ANSWER = "Проверьте номер телефона в профиле eGov и повторите вход."
_MEASURES = "Дана консультация по базе знаний."
