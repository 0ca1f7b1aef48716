"""Annex 1 of the UCC Rules, "Information about the public service", as a PDF for one service.

Rendered with xhtml2pdf in Kazakh or Russian. The labels are kept here rather than in gettext so that the
form comes out in the language asked for whatever language the request happens to be in. The text is set
in an embedded TrueType font that has the whole Kazakh Cyrillic alphabet (ә ғ қ ң ө ұ ү һ і), so the
letters render and can be copied out of the PDF; see `font_path` for where that font comes from.
"""

import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

LANGUAGES = ("kk", "ru")
TEMPLATE = "registry/annex1.html"
NOTO_SANS_FILE = "NotoSans[wdth,wght].ttf"  # in the fontpkg-noto-sans wheel, under files/
DEJAVU_SANS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian's fonts-dejavu-core

# What the template's @font-face rules ask for; `_link_callback` swaps them for the real files.
FONT_URI = "ucc-annex1-regular.ttf"
BOLD_FONT_URI = "ucc-annex1-bold.ttf"

LABELS = {
    "kk": {
        "annex": (
            "Бірыңғай байланыс орталығы қызметінің және Бірыңғай байланыс орталығының орталық мемлекеттік "
            "органдармен, облыстардың, республикалық маңызы бар қалалардың, астананың жергілікті атқарушы "
            "органдарымен, сондай-ақ көрсетілетін қызметті берушілермен өзара іс-қимыл қағидаларына 1-қосымша"
        ),
        "form": "Нысан",
        "title": "Мемлекеттік көрсетілетін қызмет туралы ақпарат",
        "columns": (
            "Р/с №",
            "Мемлекеттік көрсетілетін қызметтің тізілімдегі №",
            "Мемлекеттік көрсетілетін қызметтің атауы",
            "Мемлекеттік көрсетілетін қызмет мемлекеттік қызмет көрсету тәртібін айқындайтын заңға тәуелді "
            "нормативтік құқықтық актілер (оның деректемелерін көрсете отырып)",
            "Нормативтік құқықтық актілердің өзгерістері туралы мәлімет",
            "Мемлекеттік көрсетілетін қызмет туралы ақпарат орналасқан интернет-ресурс",
            "Жауапты тұлғаның және көрсетілетін қызметті берушінің тегі, аты, әкесінің аты, лауазымы",
            "Мемлекеттік органның жауапты тұлғасының және көрсетілетін қызметті берушінің байланыс телефондары, "
            "электрондық пошта мекенжайы",
        ),
        "providers": "Көрсетілетін қызметті беруші",
        "act_date": "{date} ж.",
        "executor": "Жауапты орындаушының Т.А.Ә.",
        "date": "Күні: 20____ жылғы «____» ________________",
    },
    "ru": {
        "annex": (
            "Приложение 1 к Правилам деятельности Единого контакт-центра и взаимодействия Единого "
            "контакт-центра с центральными государственными органами, местными исполнительными органами "
            "областей, городов республиканского значения, столицы, а также услугодателями"
        ),
        "form": "Форма",
        "title": "Информация о государственной услуге",
        "columns": (
            "№ п/п",
            "№ государственной услуги в реестре",
            "Наименование государственной услуги",
            "Подзаконный нормативный правовой акт, определяющий порядок оказания государственной услуги "
            "(с указанием его реквизитов)",
            "Сведения об изменениях в нормативных правовых актах",
            "Интернет-ресурс, на котором размещена информация о государственной услуге",
            "Фамилия, имя, отчество, должность ответственного лица и (или) услугодателя",
            "Контактные телефоны, адрес электронной почты ответственного лица государственного органа "
            "и (или) услугодателя",
        ),
        "providers": "Услугодатель",
        "act_date": "от {date}",
        "executor": "Фамилия, имя, отчество ответственного исполнителя",
        "date": "Дата: «____» ________________ 20____ года",
    },
}


@dataclass(frozen=True)
class PdfFile:
    """A rendered PDF and the file name it is downloaded under."""

    name: str
    content: bytes


# Relative widths (per cent) of columns 1-8 on landscape A4.
COLUMN_WIDTHS = (4, 9, 16, 17, 14, 12, 14, 14)


def font_path() -> Path:
    """The TrueType font the PDF embeds: one that covers Kazakh Cyrillic.

    In this order: the `UCC_PDF_FONT` setting; Noto Sans from the `fontpkg-noto-sans` package (a variable
    font, embedded at its default instance, Regular); Debian's DejaVu Sans.
    """
    configured = getattr(settings, "UCC_PDF_FONT", None)
    if configured:
        path = Path(configured).expanduser()
        if not path.is_file():
            raise ImproperlyConfigured(f"UCC_PDF_FONT is set to {str(configured)!r}, which is not a font file.")
        return path.resolve()
    try:
        import fontpkg_noto_sans
    except ImportError:
        pass
    else:
        root = Path(getattr(fontpkg_noto_sans, "ROOT", Path(fontpkg_noto_sans.__file__).parent))
        path = root / "files" / NOTO_SANS_FILE
        if path.is_file():
            return path.resolve()
    if DEJAVU_SANS.is_file():
        return DEJAVU_SANS
    raise ImproperlyConfigured(
        "No font with Kazakh Cyrillic letters for the Annex 1 PDF: set UCC_PDF_FONT to the path of a TTF file, "
        "install the fontpkg-noto-sans package, or install Debian's fonts-dejavu-core "
        f"({DEJAVU_SANS})."
    )


def _bold_font_path(regular: Path) -> Path | None:
    """A bold face beside the regular one (DejaVuSans.ttf → DejaVuSans-Bold.ttf), if there is one."""
    candidate = regular.with_name(f"{regular.stem}-Bold{regular.suffix}")
    return candidate if candidate.is_file() else None


def pdf_date(value) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _bylaw_details(service, labels) -> str:
    """Column 4's requisites: "от 30.04.2020 № 158" / "30.04.2020 ж. № 158"."""
    parts = []
    if service.bylaw_date:
        parts.append(labels["act_date"].format(date=pdf_date(service.bylaw_date)))
    if service.bylaw_number:
        parts.append(f"№ {service.bylaw_number}")
    return " ".join(parts)


def localized_name(obj, language) -> str:
    """The Kazakh or Russian name of a service or body, falling back to the other language."""
    other = "ru" if language == "kk" else "kk"
    return getattr(obj, f"name_{language}", "") or getattr(obj, f"name_{other}", "") or ""


def _context(service, language) -> dict:
    labels = LABELS[language]
    providers = [localized_name(body, language) for body in service.providers.all()]
    return {
        "language": language,
        "labels": labels,
        "columns": [
            {"number": number, "header": header, "width": width}
            for number, (header, width) in enumerate(zip(labels["columns"], COLUMN_WIDTHS, strict=True), start=1)
        ],
        "service": service,
        "name": localized_name(service, language),
        "bylaw_details": _bylaw_details(service, labels),
        "providers": [name for name in providers if name],
    }


def render_pdf(template, context, *, what) -> bytes:
    """`template` rendered with `context` to PDF bytes in the embedded font. The template's @font-face rules
    read `font_uri` and `bold_font_uri` (None when there is no bold face), which this adds to the context;
    `what` names the document in the error raised when xhtml2pdf fails."""
    regular = font_path()
    bold = _bold_font_path(regular)
    fonts = {FONT_URI: regular, BOLD_FONT_URI: bold or regular}

    def link_callback(uri, rel):
        # xhtml2pdf reads @font-face sources as files; hand it the absolute paths. Nothing else is fetched.
        path = fonts.get(str(uri))
        return str(path) if path else None

    # Local reads only from the font directories; no network (the template links to nothing it must fetch).
    policy = ResourceAccessPolicy.server(
        base_dir=regular.parent,
        extra_roots=tuple({path.parent for path in fonts.values()}),
        allow_remote=False,
        max_local_bytes=None,  # a font set by UCC_PDF_FONT may be large (CJK-sized); it is ours, not the document's
    )
    html = render_to_string(
        template, {**context, "font_uri": FONT_URI, "bold_font_uri": BOLD_FONT_URI if bold else None}
    )
    buffer = io.BytesIO()
    result = pisa.CreatePDF(html, dest=buffer, encoding="utf-8", link_callback=link_callback, resource_policy=policy)
    if result.err:
        messages = "; ".join(str(entry[2]) for entry in getattr(result, "log", []) if entry[0] == "error")
        raise RuntimeError(f"xhtml2pdf could not render {what}: {messages}")
    return buffer.getvalue()


def render_annex1_pdf(service, language: str = "kk") -> bytes:
    """Annex 1 filled in for `service`, in Kazakh ("kk") or Russian ("ru"), as PDF bytes."""
    if language not in LANGUAGES:
        raise ValueError(f"The Annex 1 PDF is made in Kazakh or Russian ('kk' or 'ru'), not {language!r}.")
    return render_pdf(TEMPLATE, _context(service, language), what=f"Annex 1 for {service.register_number}")
