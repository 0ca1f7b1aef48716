"""The little world the reports' tests read (November 2026, Almaty time), computed by hand:

| № | registered (local)  | channel    | region    | service (provider)     | state     | answered after |
|---|---------------------|------------|-----------|------------------------|-----------|----------------|
| 1 | Mon 2 Nov 10:00     | 1414       | Astana    | criminal record (MoJ)  | answered  | 2 h            |
| 2 | Tue 10 Nov 09:00    | e-mail     | Karaganda | criminal record (MoJ)  | answered  | 26 h, complaint|
| 3 | Sun 15 Nov 12:00    | web form   | Karaganda | —                      | registered| —              |
| 4 | Mon 30 Nov 23:30    | 8 800      | Astana    | land plot (akimat)     | referred  | —              |

and two outside the month: Sat 31 Oct 23:50 and Tue 1 Dec 00:10 (local time). The quality authority receives
rows 1-4; the Ministry of Justice 1-2 (its service); the Karaganda akimat 2-4 (its region and its service);
the Ministry of Health, which provides no service, none.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.factories import AppealFactory, RegionFactory, StateBodyFactory
from workflows.appeals.models import Appeal
from workflows.directory.models import StateBody
from workflows.registry.models import PublicService
from workflows.reports.selectors import Period

ALMATY = ZoneInfo("Asia/Almaty")
NOVEMBER = Period.month(2026, 11)
XSS = '<script>alert("1414")</script> <img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example/","Басыңыз")'


def at(*parts):
    return datetime(*parts, tzinfo=ALMATY)


class World:
    pass


@pytest.fixture
def world(db):
    w = World()
    w.astana = RegionFactory(kato_code="710000000", kind="city", name_kk="Астана", name_ru="Астана")
    w.karaganda = RegionFactory(kato_code="351010000", name_kk="Қарағанды облысы", name_ru="Карагандинская область")
    kind = StateBody.Kind
    w.quality = StateBodyFactory(
        code="t-quality", kind=kind.QUALITY_AUTHORITY, name_kk="Сапа агенттігі", name_ru="Агентство по качеству",
        email="quality@gov.kz",
    )  # fmt: skip
    w.informatization = StateBodyFactory(code="t-mcdiai", kind=kind.INFORMATIZATION_AUTHORITY, email="mc@gov.kz")
    w.ici = StateBodyFactory(code="t-ici", kind=kind.ICI_OPERATOR, email="ici@nitec.kz")
    w.justice = StateBodyFactory(
        code="t-justice", kind=kind.CENTRAL_BODY, name_kk="Әділет министрлігі", name_ru="Министерство юстиции",
        email="justice@gov.kz",
    )  # fmt: skip
    w.health = StateBodyFactory(code="t-health", kind=kind.CENTRAL_BODY, email="health@gov.kz")
    w.akimat = StateBodyFactory(
        code="t-akimat-krg", kind=kind.LOCAL_EXECUTIVE_BODY, region=w.karaganda, name_kk="Қарағанды облысының әкімдігі",
        name_ru="Акимат Карагандинской области", email="akimat@krg.gov.kz",
    )  # fmt: skip
    w.record = PublicService.objects.create(
        register_number="00101001", name_kk="Сотталғандығы туралы анықтама", name_ru="Справка о судимости"
    )
    w.record.providers.add(w.justice)
    w.land = PublicService.objects.create(register_number="00303003", name_kk="Жер телімі", name_ru="Земельный участок")
    w.land.providers.add(w.akimat)

    def appeal(when, channel, region, service, **fields):
        return AppealFactory(channel=channel, received_at=when, region=region, service=service, **fields)

    w.a1 = appeal(
        at(2026, 11, 2, 10), "phone_1414", w.astana, w.record,
        applicant_name="Сейткали Айгерим Нурлановна", content="Сотталғандығы туралы анықтаманы қалай аламын?",
    )  # fmt: skip
    w.a2 = appeal(
        at(2026, 11, 10, 9), "email", w.karaganda, w.record, is_complaint=True,
        applicant_name="Жұмабаев Ерғали Қуанышұлы", content="Анықтама мерзімінде берілмеді, шағымданамын.",
    )  # fmt: skip
    w.a3 = appeal(
        at(2026, 11, 15, 12), "web", w.karaganda, None,
        applicant_name="Өмірзақова Гүлнұр Әбілқызы", content=f"{FORMULA} {XSS}",
    )  # fmt: skip
    w.a4 = appeal(
        at(2026, 11, 30, 23, 30), "phone_8800", w.astana, w.land,
        applicant_name="Иванов Пётр Сергеевич", content="Жер телімін қалай рәсімдеуге болады?",
    )  # fmt: skip
    w.before = appeal(at(2026, 10, 31, 23, 50), "phone_1414", w.astana, w.record, content="Қазан айы")
    w.after = appeal(at(2026, 12, 1, 0, 10), "phone_1414", w.astana, w.record, content="Желтоқсан айы")
    done = Appeal.objects.filter
    done(pk=w.a1.pk).update(
        state="answered", answered_at=w.a1.received_at + timedelta(hours=2), measures_taken="Кеңес берілді"
    )
    done(pk=w.a2.pk).update(
        state="answered",
        answered_at=w.a2.received_at + timedelta(hours=26),
        measures_taken="Әділет министрлігіне жіберілді",
    )
    done(pk=w.a4.pk).update(state="referred", referred_to=w.akimat)
    for name in ("a1", "a2", "a3", "a4"):
        setattr(w, name, Appeal.objects.get(pk=getattr(w, name).pk))
    return w
