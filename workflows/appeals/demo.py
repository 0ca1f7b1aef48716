"""A handful of demo appeals, one in each state, so the operators' screens have something to show."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from workflows.directory.models import Region, StateBody

from . import services
from .models import Appeal

DEMO_MARK = "[demo]"
QUESTIONS = [
    ("email", "Как получить справку о несудимости через egov.kz?", "Жумабаева Асель", "+7 701 555 12 34"),
    ("phone_1414", "Не приходит SMS-код при входе на портал.", "Касымов Дамир", "+7 777 321 00 11"),
    ("web", "Сколько рассматривается заявление на пособие по рождению ребёнка?", "Иванова Ольга", ""),
    ("phone_8800", "Куда обратиться по вопросу нотариального заверения?", "Омаров Ерлан", "+7 705 000 22 33"),
    ("email", "ЭЦП не работает на eGov, что делать?", "Ким Сергей", "+7 702 444 55 66"),
    ("api", "Статус заявления на регистрацию ИП.", "Сулейменова Мадина", "+7 708 111 22 33"),
]


@transaction.atomic
def load_demo_appeals():
    """Create the demo appeals once (recognised by their mark); returns how many were created."""
    if Appeal.objects.filter(content__startswith=DEMO_MARK).exists():
        return 0
    operator = get_user_model().objects.filter(username="operator").first()
    region = Region.objects.order_by("kato_code").first()
    body = StateBody.objects.filter(kind=StateBody.Kind.CENTRAL_BODY).order_by("code").first()
    ici = StateBody.objects.filter(kind=StateBody.Kind.ICI_OPERATOR).first() or body
    now = timezone.now()
    appeals = []
    for n, (channel, question, name, phone) in enumerate(QUESTIONS):
        appeals.append(
            services.register_appeal(
                channel=channel,
                content=f"{DEMO_MARK} {question}",
                received_at=now - timedelta(hours=30 * n),
                applicant_name=name,
                applicant_phone=phone,
                applicant_email=f"demo{n}@example.invalid" if channel != "phone_1414" else "",
                region=region,
            )
        )
    if operator is None or body is None:
        return len(appeals)
    taken = [services.take(appeal=appeal, user=operator) for appeal in appeals[1:]]
    services.give_answer(appeal=taken[0], user=operator, answer="Проверьте номер телефона в профиле eGov.")
    services.close(appeal=taken[0], user=operator)
    services.refer(appeal=taken[2], user=operator, body=body, reason="Вне компетенции ЕКЦ (п. 10)")
    services.forward(appeal=taken[3], user=operator, body=ici, reason="Сбой ЭЦП")
    return len(appeals)
