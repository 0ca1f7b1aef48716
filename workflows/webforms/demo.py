"""The demo's form pages (issue 20, item 6): a complaint form and a feedback form that become appeals, and a
form for state bodies' ICT requests, each in Kazakh, Russian and English under the language's home page.
Idempotent: a page or a field list already as described is left as it is."""

from django.conf import settings
from django.db import transaction

from cms.home.demo import ensure_locales, ensure_translated_page
from cms.home.models import HomePage

from .choices import MapsTo, Target
from .models import FormField, PublicFormPage

NAME = {"kk": "Аты-жөніңіз", "ru": "Ваше ФИО", "en": "Your full name"}
EMAIL = {"kk": "Электрондық пошта", "ru": "Электронная почта", "en": "E-mail"}
PHONE = {"kk": "Телефон", "ru": "Телефон", "en": "Phone"}

FORMS = [
    {
        "slug": "complaint",
        "settings": {"target": Target.APPEAL, "channel": "web", "topic": "public_service"},
        "title": {"kk": "Шағым беру", "ru": "Подать жалобу", "en": "Make a complaint"},
        "intro": {
            "kk": "<p>Мемлекеттік қызмет сапасына шағымыңызды жазыңыз. Екі жұмыс күні ішінде жауап беріледі.</p>",
            "ru": "<p>Опишите жалобу на качество государственной услуги. Ответ — в течение двух рабочих дней.</p>",
            "en": "<p>Describe your complaint about a public service. You are answered within two working days.</p>",
        },
        "fields": [
            (NAME, "singleline", True, MapsTo.NAME),
            (EMAIL, "email", True, MapsTo.EMAIL),
            (PHONE, "singleline", False, MapsTo.PHONE),
            ({"kk": "Қызмет атауы", "ru": "Название услуги", "en": "The service"}, "singleline", True, MapsTo.NOTHING),
            ({"kk": "Шағымыңыз", "ru": "Суть жалобы", "en": "Your complaint"}, "multiline", True, MapsTo.TEXT),
        ],
    },
    {
        "slug": "service-feedback",
        "settings": {"target": Target.APPEAL, "channel": "web", "topic": "e_government"},
        "title": {"kk": "Қызмет туралы пікір", "ru": "Отзыв об услуге", "en": "Feedback on a service"},
        "intro": {
            "kk": "<p>Қызметті қалай алғаныңыз туралы айтып беріңіз.</p>",
            "ru": "<p>Расскажите, как вы получили услугу.</p>",
            "en": "<p>Tell us how you received the service.</p>",
        },
        "fields": [
            (NAME, "singleline", False, MapsTo.NAME),
            (EMAIL, "email", True, MapsTo.EMAIL),
            (
                {"kk": "Бағаңыз", "ru": "Ваша оценка", "en": "Your rating"},
                "dropdown",
                True,
                MapsTo.NOTHING,
                "5\n4\n3\n2\n1",
            ),
            ({"kk": "Пікіріңіз", "ru": "Ваш отзыв", "en": "Your feedback"}, "multiline", True, MapsTo.TEXT),
        ],
    },
    {
        "slug": "ict-request",
        "settings": {"target": Target.ICT_REQUEST, "ict_channel": "form", "ict_request_type": "incident"},
        "title": {
            "kk": "Мемлекеттік органның АКТ өтінімі",
            "ru": "ИКТ-заявка государственного органа",
            "en": "A state body's ICT request",
        },
        "intro": {
            "kk": "<p>Мемлекеттік органдар қызметкерлеріне: ақпараттық жүйенің ақауы немесе қол жеткізу сұрағы.</p>",
            "ru": "<p>Для сотрудников государственных органов: сбой информационной системы или вопрос доступа.</p>",
            "en": "<p>For state bodies' staff: an information system's failure or an access question.</p>",
        },
        "fields": [
            (NAME, "singleline", True, MapsTo.NAME),
            (EMAIL, "email", True, MapsTo.EMAIL),
            (PHONE, "singleline", False, MapsTo.PHONE),
            ({"kk": "Тақырып", "ru": "Тема", "en": "Subject"}, "singleline", True, MapsTo.SUBJECT),
            ({"kk": "Сипаттама", "ru": "Описание", "en": "Description"}, "multiline", True, MapsTo.TEXT),
        ],
    },
]


def _fields(spec, code):
    rows = []
    for labels, kind, required, maps_to, *choices in spec["fields"]:
        rows.append(
            {
                "label": labels[code],
                "field_type": kind,
                "required": required,
                "maps_to": maps_to,
                "choices": choices[0] if choices else "",
            }
        )
    return rows


def _current(page):
    keys = ("label", "field_type", "required", "maps_to", "choices")
    return [{key: getattr(field, key) for key in keys} for field in page.form_fields.all()]


@transaction.atomic
def load_demo_forms():
    """Create or refresh the demo form pages; returns how many were (re)published."""
    locales = ensure_locales()
    home = HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    published = 0
    for spec in FORMS:
        values = {
            code: {"title": spec["title"][code], "intro": spec["intro"][code], **spec["settings"]} for code in locales
        }
        original, count = ensure_translated_page(home, PublicFormPage, spec["slug"], values, locales)
        published += count
        for page in [original.specific, *(p.specific for p in original.get_translations())]:
            wanted = _fields(spec, page.locale.language_code)
            if _current(page) != wanted:
                page.form_fields = [FormField(sort_order=n, **row) for n, row in enumerate(wanted)]
                page.save_revision().publish()
                published += 1
    return published
