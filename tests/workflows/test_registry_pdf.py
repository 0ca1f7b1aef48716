"""Annex 1 ("Information about the public service") as a PDF: Kazakh letters embedded and extractable."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from pypdf import PdfReader

from workflows.directory.models import StateBody
from workflows.registry import pdf
from workflows.registry.models import PublicService
from workflows.registry.pdf import font_path, render_annex1_pdf

pytestmark = pytest.mark.django_db

KAZAKH_LETTERS = "әғқңөұүһі"
NAME_KK = "Әлеуметтік көмек тағайындау (ғ, қ, ң, ө, ұ, ү, һ, і)"
NAME_RU = "Назначение социальной помощи"
PROVIDER_KK = "Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрлігі"
PROVIDER_RU = "Министерство труда и социальной защиты населения Республики Казахстан"
STANDARD_14 = {
    "/Courier", "/Courier-Bold", "/Courier-Oblique", "/Courier-BoldOblique",
    "/Helvetica", "/Helvetica-Bold", "/Helvetica-Oblique", "/Helvetica-BoldOblique",
    "/Times-Roman", "/Times-Bold", "/Times-Italic", "/Times-BoldItalic", "/Symbol", "/ZapfDingbats",
}  # fmt: skip


@pytest.fixture
def service():
    body = StateBody.objects.create(
        code="mtszn", kind="central_body", name_kk=PROVIDER_KK, name_ru=PROVIDER_RU,
        name_en="Ministry of Labour and Social Protection of the Population of the Republic of Kazakhstan",
    )  # fmt: skip
    service = PublicService.objects.create(
        register_number="00101001",
        name_kk=NAME_KK,
        name_ru=NAME_RU,
        name_en="Granting social assistance",
        bylaw_title="Мемлекеттік көрсетілетін қызмет стандартын бекіту туралы бұйрық",
        bylaw_number="158",
        bylaw_date=datetime.date(2020, 4, 30),
        bylaw_url="https://adilet.zan.kz/kaz/docs/V2000020498",
        changes_info="2023 жылғы өзгерістер енгізілді",
        web_resource="https://egov.kz/cms/kk/services/social_assistance",
        responsible_person_text="Иванов Иван Иванович, бас сарапшы",
        responsible_contacts_text="+7 7172 00 00 00, ivanov@enbek.gov.kz",
    )
    service.providers.add(body)
    return service


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _compact(text: str) -> str:
    """The extracted text without line breaks and spaces: cells wrap wherever the column width says."""
    return "".join(text.split())


def _font_names(data: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


@pytest.fixture(params=["default", "dejavu"])
def font(request, settings):
    """Every font source that is present: whatever `font_path` picks, and Debian's DejaVu Sans."""
    if request.param == "dejavu":
        if not pdf.DEJAVU_SANS.is_file():
            pytest.skip("fonts-dejavu-core is not installed")
        settings.UCC_PDF_FONT = str(pdf.DEJAVU_SANS)
    return font_path()


def test_kazakh_pdf_embeds_the_kazakh_letters(service, font):
    data = render_annex1_pdf(service, "kk")
    assert data.startswith(b"%PDF")
    text = _text(data)
    for letter in KAZAKH_LETTERS:
        assert letter in text, letter
    compact = _compact(text)
    assert _compact(NAME_KK) in compact
    assert "00101001" in text
    assert _compact(PROVIDER_KK) in compact
    assert "30.04.2020" in text
    assert _compact("Мемлекеттік көрсетілетін қызмет туралы ақпарат") in compact
    assert _compact("Жауапты орындаушының Т.А.Ә.") in compact
    assert _font_names(data) - STANDARD_14, "the text must be set in the embedded font"


def test_capital_kazakh_letters(service, font):
    service.name_kk = NAME_KK.upper()  # some bodies submit names in capitals
    text = _text(render_annex1_pdf(service, "kk"))
    for letter in KAZAKH_LETTERS.upper():
        assert letter in text, letter
    assert _compact(NAME_KK.upper()) in _compact(text)


def test_russian_pdf_has_russian_name_and_headers(service, font):
    data = render_annex1_pdf(service, language="ru")
    assert data.startswith(b"%PDF")
    compact = _compact(_text(data))
    assert _compact(NAME_RU) in compact
    assert _compact(NAME_KK) not in compact
    assert "00101001" in compact
    for header in (
        "Информация о государственной услуге",
        "№ п/п",
        "№ государственной услуги в реестре",
        "Наименование государственной услуги",
        "Сведения об изменениях в нормативных правовых актах",
        "Фамилия, имя, отчество ответственного исполнителя",
    ):
        assert _compact(header) in compact, header
    assert _compact(PROVIDER_RU) in compact
    assert _compact("от 30.04.2020 № 158") in compact


def test_column_numbers_are_shown(service):
    text = _text(render_annex1_pdf(service))
    lines = {line.strip() for line in text.splitlines()}
    assert "1 2 3 4 5 6 7 8" in lines or all(str(n) in text for n in range(1, 9))


def test_language_does_not_follow_the_active_one(service):
    with translation.override("ru"):
        compact = _compact(_text(render_annex1_pdf(service, "kk")))
    assert _compact("Мемлекеттік көрсетілетін қызметтің атауы") in compact
    assert _compact("Наименование государственной услуги") not in compact


def test_pisa_errors_are_raised(service, monkeypatch):
    class Failed:
        err = 1
        log = [("error", 1, "broken", "")]

    monkeypatch.setattr(pdf.pisa, "CreatePDF", lambda *args, **kwargs: Failed())
    with pytest.raises(RuntimeError, match="broken"):
        render_annex1_pdf(service)


def test_unsupported_language_is_refused(service):
    with pytest.raises(ValueError):
        render_annex1_pdf(service, "en")


def test_service_without_optional_fields(service):
    bare = PublicService.objects.create(register_number="007", name_kk="Қызмет", name_ru="Услуга")
    assert render_annex1_pdf(bare, "kk").startswith(b"%PDF")
    assert "007" in _text(render_annex1_pdf(bare, "ru"))


def test_font_setting_pointing_nowhere_is_a_configuration_error(settings, tmp_path):
    settings.UCC_PDF_FONT = str(tmp_path / "missing.ttf")
    with pytest.raises(ImproperlyConfigured):
        font_path()


def test_no_font_at_all_is_a_configuration_error(settings, monkeypatch):
    settings.UCC_PDF_FONT = None
    monkeypatch.setattr(pdf, "NOTO_SANS_FILE", "no-such-font.ttf")
    monkeypatch.setattr(pdf, "DEJAVU_SANS", Path("/nonexistent/DejaVuSans.ttf"))
    with pytest.raises(ImproperlyConfigured, match="UCC_PDF_FONT"):
        font_path()


def test_the_services_listing_offers_the_annex_1_pdf_for_download(client):
    from django.urls import reverse

    from tests.factories import UserFactory

    service = PublicService.objects.create(register_number="00101001", name_kk="Қызмет", name_ru="Услуга")
    client.force_login(UserFactory(roles=["Onboarding coordinator"]))
    listing = client.get(reverse("wagtailsnippets_registry_publicservice:list")).content.decode()
    url = reverse("registry_annex1_pdf", args=[service.pk, "kk"])
    assert url in listing
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="annex1-00101001-kk.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    client.force_login(UserFactory())
    assert client.get(url).status_code in (302, 403)
