"""The words of the report files, Kazakh then Russian, kept here rather than in gettext: a report is one document
in both languages whatever the language of the person who generates it. Annex 2's headers are the form's own
(the Kazakh text of the Rules, and its Russian original)."""

from workflows.appeals.models import Appeal

PAGE = "Бет / Страница"

MONTHS_KK = (
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
    "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
)  # fmt: skip
MONTHS_RU = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip

ANNEX2_COLUMNS = (
    ("Р/с №", "№ п/п", 4),
    ("Өтініштің (шағымның) №", "Номер обращения (жалобы)", 11),
    ("Өтінішті (шағымды) тіркеу күні", "Дата регистрации обращения (жалобы)", 9),
    ("Аймақ", "Регион", 12),
    ("Өтініш берушінің тегі, аты", "Фамилия, имя, отчество заявителя", 14),
    ("Өтініштің (шағымдардың) мазмұны", "Содержание обращения (жалобы)", 28),
    ("Қабылданған шаралар", "Принятые меры", 22),
)

ANNEX2 = {
    "annex": "Бірыңғай байланыс орталығы қызметінің қағидаларына 2-қосымша / Приложение 2 к Правилам деятельности "
    "Единого контакт-центра",
    "form": "Нысан / Форма",
    "recipient": "Алушы / Получатель",
    "everyone": "Барлық өтініштер (уәкілетті орган) / Все обращения (уполномоченный орган)",
    "generated": "Жасалған күні / Дата формирования",
    "version": "Нұсқа / Версия",
    "empty": "Есептік кезеңде өтініштер (шағымдар) түскен жоқ. / В отчётном периоде обращений (жалоб) не поступало.",
    "complaint": "шағым / жалоба",
    "summary": "Кезең бойынша жиынтық / Итоги за период",
    "total": "Барлық өтініштер / Всего обращений",
    "complaints": "Оның ішінде шағымдар / В том числе жалоб",
    "answered": "Жауап берілгені / Дан ответ",
    "average": "Жауап берудің орташа уақыты / Среднее время ответа",
    "by_channel": "Арналар бойынша / По каналам",
    "by_region": "Аймақтар бойынша / По регионам",
    "by_service": "Мемлекеттік көрсетілетін қызметтер бойынша / По государственным услугам",
    "by_outcome": "Нәтижесі бойынша / По результатам",
    "count": "Саны / Количество",
    "none": "көрсетілмеген / не указано",
    "sheet": "2-қосымша",
    "summary_sheet": "Жиынтық",
}

CHANNELS = {
    Appeal.Channel.PHONE_1414: "1414 телефоны / телефон 1414",
    Appeal.Channel.PHONE_8800: "8 800 080 7777 телефоны / телефон 8 800 080 7777",
    Appeal.Channel.EMAIL: "электрондық пошта / электронная почта",
    Appeal.Channel.WEB: "веб-нысан / веб-форма",
    Appeal.Channel.API: "API",
}
OUTCOMES = {
    Appeal.State.REGISTERED: "тіркелді / зарегистрировано",
    Appeal.State.IN_PROGRESS: "жұмыста / в работе",
    Appeal.State.REDIRECTED: "басқа операторға бағытталды / перенаправлено",
    Appeal.State.FORWARDED: "нақтылауға жіберілді / направлено на уточнение",
    Appeal.State.ANSWERED: "жауап берілді / дан ответ",
    Appeal.State.REFERRED: "құзыретті органға жіберілді / направлено в компетентный орган",
    Appeal.State.CLOSED: "жабылды / закрыто",
    Appeal.State.MERGED: "басқа өтінішке біріктірілді / объединено с другим обращением",
}

ICT = {
    "title_kk": "Ақпараттық-коммуникациялық көрсетілетін қызметтер туралы есеп",
    "title_ru": "Отчёт об оказании информационно-коммуникационных услуг",
    "form": "",
    "annex": "Бірыңғай байланыс орталығы қызметінің қағидаларының 39-тармағы / пункт 39 Правил деятельности "
    "Единого контакт-центра",
    "recipient": ANNEX2["recipient"],
    "everyone": "Барлық сұраулар / Все запросы",
    "generated": ANNEX2["generated"],
    "version": ANNEX2["version"],
    "empty": "Есептік кезеңде сұраулар түскен жоқ. / В отчётном периоде запросов не поступало.",
    "columns": (
        ("Р/с №", "№ п/п"),
        ("Сұрау №", "Номер запроса"),
        ("Тіркеу күні", "Дата регистрации"),
        ("Мемлекеттік орган", "Государственный орган"),
        ("Көрсетілетін қызмет", "Услуга"),
        ("Тақырыбы", "Тема"),
        ("АКИ операторына жіберілді", "Направлено оператору ИКИ ЭП"),
        ("Бірінші жауап", "Первый ответ"),
        ("Шешім", "Решение"),
    ),
    "summary": ANNEX2["summary"],
    "total": "Барлық сұраулар / Всего запросов",
    "forwarded": "АКИ операторына жіберілгені / Направлено оператору ИКИ ЭП",
    "by_body": "Мемлекеттік органдар бойынша / По государственным органам",
    "by_service": "Көрсетілетін қызметтер бойынша / По услугам",
    "first_answer": "Бірінші жауап мерзімі / Срок первого ответа",
    "resolution": "Шешім мерзімі / Срок решения",
    "count": ANNEX2["count"],
    "yes": "иә / да",
    "no": "жоқ / нет",
    "sheet": "АКҚ есебі",
    "summary_sheet": "Жиынтық",
}
# Para 38 in the ICT report: the planned interruptions and whether their notices came 24 hours ahead.
INTERRUPTIONS = {
    "heading": "Жоспарлы үзілістер туралы хабарламалар (38-тармақ) / Уведомления о плановых перерывах (пункт 38)",
    "columns": (
        ("Р/с №", "№ п/п"),
        ("Хабарлама №", "Номер уведомления"),
        ("Үзілістің басталуы", "Начало перерыва"),
        ("Үзілістің аяқталуы", "Окончание перерыва"),
        ("Үзіліс түрі", "Вид перерыва"),
        ("Көрсетілетін қызметтер", "Услуги"),
        ("Хабарланған уақыты", "Время уведомления"),
        ("24 сағат бұрын", "За 24 часа"),
        ("Кешігу себебі", "Причина опоздания"),
    ),
    "empty": "Есептік кезеңде жоспарлы үзілістер болған жоқ. / В отчётном периоде плановых перерывов не было.",
    "notified": "Хабарланған жоспарлы үзілістер / Уведомлено о плановых перерывах",
    "in_time": "Оның ішінде 24 сағат бұрын / Из них не позднее чем за 24 часа",
    "late": "Кешіктіріліп хабарланғаны / Уведомлено с опозданием",
    "on_time_text": "мерзімінде / в срок",
    "late_text": "кешіктірілді / с опозданием",
    "cancelled": "күшін жойды / отменён",
    "sheet": "Үзілістер",
}
SCOPES = {"full": "толық / полный", "partial": "ішінара / частичный"}

TERMS = {
    "in_time": "мерзімінде / в срок",
    "late": "мерзімі өткен / с нарушением срока",
    "open_late": "мерзімі өтті, ашық / срок истёк, открыт",
    "open": "ашық / открыт",
}


def pdf_date(value):
    return value.strftime("%d.%m.%Y") if value else ""


def annex2_columns():
    return [
        {"number": number, "kk": kk, "ru": ru, "width": width}
        for number, (kk, ru, width) in enumerate(ANNEX2_COLUMNS, start=1)
    ]


def period_titles(period):
    """The form's title words for a month (para 31) or a quarter (the form's own title)."""
    year = period.start.year
    if period.is_quarter:
        return f"{year} жылғы {period.quarter_number}-тоқсанда", f"за {period.quarter_number} квартал {year} года"
    month = period.start.month - 1
    return f"{year} жылғы {MONTHS_KK[month]} айында", f"за {MONTHS_RU[month]} {year} года"


def report_meta(kind, period, recipient, *, version=1, generated_at=None):
    """Title, period, recipient and version as the files print them."""
    when_kk, when_ru = period_titles(period)
    if kind == "ict":
        title_kk, title_ru = f"{ICT['title_kk']} ({when_kk})", f"{ICT['title_ru']} {when_ru}"
    else:
        title_kk = f"Бірыңғай байланыс орталығына {when_kk} келіп түскен өтініштер (шағымдар) туралы есеп"
        title_ru = f"Отчёт об обращениях (жалобах), поступивших в Единый контакт-центр {when_ru}"
    recipient_name = (
        " / ".join(dict.fromkeys(filter(None, (recipient.name_kk, recipient.name_ru)))) if recipient else ""
    )
    return {
        "kind": kind,
        "title_kk": title_kk,
        "title_ru": title_ru,
        "period": f"{pdf_date(period.start)} – {pdf_date(period.end)}",
        "recipient": recipient_name,
        "version": version,
        "generated_at": generated_at.strftime("%d.%m.%Y %H:%M") if generated_at else "",
    }


def _duration(value):
    if value is None:
        return "—"
    hours, rest = divmod(int(value.total_seconds()), 3600)
    days, hours = divmod(hours, 24)
    return f"{days} күн / дн. {hours:02d}:{rest // 60:02d}" if days else f"{hours:02d}:{rest // 60:02d}"


def annex2_summary(totals):
    """The totals with their labels: [(heading, [(label, count)])] and the single figures."""
    none = ANNEX2["none"]
    return {
        "figures": [
            (ANNEX2["total"], totals["total"]),
            (ANNEX2["complaints"], totals["complaints"]),
            (ANNEX2["answered"], totals["answered"]),
            (ANNEX2["average"], _duration(totals["average_answer"])),
        ],
        "groups": [
            (ANNEX2["by_channel"], [(CHANNELS.get(key, key), n) for key, n in totals["by_channel"]]),
            (ANNEX2["by_region"], [(key or none, n) for key, n in totals["by_region"]]),
            (ANNEX2["by_service"], [(key or none, n) for key, n in totals["by_service"]]),
            (ANNEX2["by_outcome"], [(OUTCOMES.get(key, key), n) for key, n in totals["by_outcome"]]),
        ],
    }


def ict_display(rows):
    return [
        {
            **row,
            "registered": pdf_date(row["registered_on"]),
            "forwarded_text": ICT["yes"] if row["forwarded"] else ICT["no"],
            "first_answer_text": TERMS[row["first_answer"]],
            "resolution_text": TERMS[row["resolution"]],
        }
        for row in rows
    ]


def _moment(value):
    return value.strftime("%d.%m.%Y %H:%M") if value else ""


def interruptions_display(rows):
    """Para 38's rows as the files print them: local times, the scope and the 24-hour term in both languages."""
    return [
        {
            **row,
            "starts": _moment(row["starts_at"]),
            "ends": _moment(row["ends_at"]),
            "scope_text": SCOPES.get(row["scope"], row["scope"])
            + (f" ({INTERRUPTIONS['cancelled']})" if row["state"] == "cancelled" else ""),
            "notified": _moment(row["notified_at"]),
            "term_text": INTERRUPTIONS["late_text"] if row["late"] else INTERRUPTIONS["on_time_text"],
            "reason": row["late_reason"] if row["late"] else "",
        }
        for row in rows
    ]


def ict_summary(totals):
    interruptions = totals.get("interruptions") or {"notified": 0, "in_time": 0, "late": 0}
    return {
        "figures": [
            (ICT["total"], totals["total"]),
            (ICT["forwarded"], totals["forwarded"]),
            (INTERRUPTIONS["notified"], interruptions["notified"]),
            (INTERRUPTIONS["in_time"], interruptions["in_time"]),
            (INTERRUPTIONS["late"], interruptions["late"]),
        ],
        "groups": [
            (ICT["by_body"], [(key or ANNEX2["none"], n) for key, n in totals["by_body"]]),
            (ICT["by_service"], [(key or ANNEX2["none"], n) for key, n in totals["by_service"]]),
            (ICT["first_answer"], [(TERMS[key], n) for key, n in sorted(totals["first_answer"].items())]),
            (ICT["resolution"], [(TERMS[key], n) for key, n in sorted(totals["resolution"].items())]),
        ],
    }
