"""The acceptance protocol (para 22) as a PDF, in Kazakh and in Russian, with the font embedded."""

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import BodyMembershipFactory, OnboardingServiceFactory, StateBodyFactory, UserFactory
from workflows.onboarding import services
from workflows.onboarding.pdf import render_protocol_pdf

pytestmark = pytest.mark.django_db

NAME_KK = "Әлеуметтік көмек тағайындау (ғ, қ, ң, ө, ұ, ү, һ, і)"
NAME_RU = "Назначение социальной помощи"
BODY_KK = "Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрлігі"


def _compact(data):
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return "".join(text.split())


@pytest.fixture
def protocol():
    body = StateBodyFactory(name_kk=BODY_KK, name_ru="Министерство труда и социальной защиты населения")
    service = OnboardingServiceFactory(register_number="00101001", name_kk=NAME_KK, name_ru=NAME_RU)
    protocol = services.start_onboarding(
        service=service, body=body, bylaw_reference="Приказ № 158", bylaw_approved_on=date(2026, 3, 20)
    )
    services.receive_information(protocol=protocol, received_on=date(2026, 3, 26))
    return services.hold_training(protocol=protocol, held_on=date(2026, 4, 3))


def test_the_kazakh_protocol_has_the_kazakh_name_of_the_service(protocol):
    data = render_protocol_pdf(protocol, "kk")
    assert data.startswith(b"%PDF")
    text = _compact(data)
    assert _compact_text(NAME_KK) in text
    assert _compact_text(BODY_KK) in text
    assert "00101001" in text
    assert _compact_text("мемлекеттік көрсетілетін қызметті қабылдау хаттамасы") in text
    assert "03.04.2026" in text  # the training


def test_the_russian_protocol_after_signing_names_the_signatories_and_the_start_date(protocol):
    services.sign_protocol(
        protocol=protocol, signed_on=date(2026, 5, 6), ucc_signatory="Омаров Ерлан", body_signatory="Сейткали Айгерим"
    )
    protocol.refresh_from_db()
    text = _compact(render_protocol_pdf(protocol, "ru"))
    assert _compact_text(NAME_RU) in text
    assert _compact_text("Протокол приема Единым контакт-центром") in text
    assert "ОмаровЕрлан" in text and "СейткалиАйгерим" in text
    assert "06.05.2026" in text and "16.05.2026" in text  # signed; consultations from (para 23)


def test_only_kazakh_or_russian(protocol):
    with pytest.raises(ValueError):
        render_protocol_pdf(protocol, "en")


def test_the_pdf_service_names_the_file_after_the_service_and_language(protocol):
    document = services.protocol_pdf(protocol=protocol, language="ru")
    assert document.name == "protocol-00101001-ru.pdf"
    assert NAME_RU.replace(" ", "") in _compact(document.content)


def test_the_pdf_is_downloaded_by_those_who_see_the_protocol(client, protocol):
    url = reverse("onboarding_pdf", args=[protocol.pk, "kk"])
    member = UserFactory(roles=["Body responsible person"])
    BodyMembershipFactory(user=member, body=protocol.body)
    client.force_login(member)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="protocol-00101001-kk.pdf"' in response["Content-Disposition"]
    outsider = UserFactory(roles=["Body responsible person"])
    BodyMembershipFactory(user=outsider, body=StateBodyFactory())
    client.force_login(outsider)
    assert client.get(url).status_code == 403


def _compact_text(text):
    return "".join(text.split())
