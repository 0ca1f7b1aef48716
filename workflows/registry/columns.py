"""The registry file's columns: the 8 columns of Annex 1 plus kk/ru/en names, provider and category.

Headers are matched in English, Russian or Kazakh, ignoring case, punctuation and spacing; the
official Annex 1 headers are accepted word for word.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    key: str  # model field, or a pseudo-field (row_no, name, providers)
    header_ru: str
    aliases: tuple = field(default=())
    max_length: int | None = None
    required: bool = False


COLUMNS = (
    Column("row_no", "№ п/п", ("№", "no", "n", "#", "р/с №", "р/с", "row"), None),
    Column(
        "register_number",
        "Номер государственной услуги в реестре",
        (
            "register_number",
            "register number",
            "state service number in the register",
            "№ в реестре",
            "номер в реестре",
            "мемлекеттік көрсетілетін қызметтің тізілімдегі №",
            "тізілімдегі №",
        ),
        16,
        True,
    ),
    Column(
        "name",
        "Наименование государственной услуги",
        ("name", "name of the public service", "мемлекеттік көрсетілетін қызметтің атауы", "наименование"),
        1000,
    ),
    Column("name_kk", "Наименование (на казахском)", ("name_kk", "name (kazakh)", "атауы (қазақша)", "атауы"), 1000),
    Column("name_ru", "Наименование (на русском)", ("name_ru", "name (russian)", "атауы (орысша)"), 1000),
    Column("name_en", "Наименование (на английском)", ("name_en", "name (english)", "атауы (ағылшынша)"), 1000),
    Column(
        "bylaw_title",
        "Подзаконный нормативный правовой акт, определяющий порядок оказания государственной услуги",
        (
            "bylaw",
            "by-law act",
            "bylaw_title",
            "by-law normative legal act that determines the procedure for the provision of public services",
            "подзаконный нпа",
            "мемлекеттік көрсетілетін қызмет мемлекеттік қызмет көрсету тәртібін айқындайтын заңға тәуелді "
            "нормативтік құқықтық актілер",
            "заңға тәуелді нқа",
        ),
        1000,
    ),
    Column("bylaw_number", "Номер акта", ("bylaw_number", "act number", "акт нөмірі"), 100),
    Column("bylaw_date", "Дата акта", ("bylaw_date", "act date", "акт күні"), None),
    Column("bylaw_url", "Ссылка на акт", ("bylaw_url", "act link", "актіге сілтеме"), 500),
    Column(
        "changes_info",
        "Сведения об изменениях нормативных правовых актов",
        (
            "changes_info",
            "changes",
            "information about changes in regulatory legal acts",
            "нормативтік құқықтық актілердің өзгерістері туралы мәлімет",
        ),
        5000,
    ),
    Column(
        "web_resource",
        "Интернет-ресурс, содержащий информацию о государственной услуге",
        (
            "web_resource",
            "web resource",
            "internet resource that contains information about the public service",
            "мемлекеттік көрсетілетін қызмет туралы ақпарат орналасқан интернет-ресурс",
        ),
        500,
    ),
    Column(
        "responsible_person_text",
        "Фамилия, имя, отчество, должность ответственного лица и (или) услугодателя",
        (
            "responsible_person",
            "responsible person",
            "surname, name, patronymic, position of the responsible person and/or service provider",
            "жауапты тұлғаның және көрсетілетін қызметті берушінің тегі, аты, әкесінің аты, лауазымы",
        ),
        1000,
    ),
    Column(
        "responsible_contacts_text",
        "Контактные телефоны, адрес электронной почты ответственного лица и (или) услугодателя",
        (
            "contacts",
            "responsible_contacts",
            "contact numbers, e-mail address of the responsible person of the state body, and/or service provider",
            "мемлекеттік органның жауапты тұлғасының және көрсетілетін қызметті берушінің байланыс телефондары, "
            "электрондық пошта мекенжайы",
        ),
        1000,
    ),
    Column(
        "providers", "Услугодатель", ("provider", "providers", "service provider", "көрсетілетін қызметті беруші"), 2000
    ),
    Column("category", "Категория", ("category", "санат"), 255),
)
BY_KEY = {column.key: column for column in COLUMNS}
# Columns written by the export, in this order (the pseudo-column "name" is only read).
EXPORT_KEYS = [column.key for column in COLUMNS if column.key != "name"]
MODEL_FIELDS = [key for key in EXPORT_KEYS if key not in {"row_no", "providers"}]  # written straight to PublicService
# What a column holds, in the admin's language (the headers above are what a file may say, in any language).
_PSEUDO_LABELS = {
    "row_no": _("Row number in the file (not stored)"),
    "name": _("Name (taken as the Russian name when that column is absent)"),
    "providers": _("Service providers"),
}


def column_label(key):
    """The label of a column's field, translated: the model field's verbose name, or the pseudo-field's."""
    if key in _PSEUDO_LABELS:
        return _PSEUDO_LABELS[key]
    from .models import PublicService

    return PublicService._meta.get_field(key).verbose_name


_PUNCTUATION = re.compile(r"[\s:;,.()\"'«»*_-]+")


def normalize(header):
    return _PUNCTUATION.sub(" ", str(header or "")).strip().casefold()


_ALIASES = {}
for _column in COLUMNS:
    for _alias in (_column.key, _column.header_ru, *_column.aliases):
        _ALIASES[normalize(_alias)] = _column.key


def match_header(header):
    """The column key a header names, or None."""
    return _ALIASES.get(normalize(header))
