"""What the registry and the directory announce to cms (issue 15: cms listens to their signals, not to their
models): a saved service, a change of who provides it, an import that wrote services, a changed state body."""

from contextlib import contextmanager

import pytest

from tests.factories import StateBodyFactory
from tests.workflows.registry_files import csv_bytes
from workflows.directory.signals import body_changed
from workflows.registry.bulk_import import import_registry
from workflows.registry.models import PublicService
from workflows.registry.signals import providers_changed, service_saved, services_imported

pytestmark = pytest.mark.django_db


@contextmanager
def heard(signal):
    """The keyword arguments of every send of `signal` inside the block."""
    sent = []

    def listener(sender, **kwargs):
        sent.append(kwargs)

    signal.connect(listener, weak=False)
    try:
        yield sent
    finally:
        signal.disconnect(listener)


def test_a_saved_service_is_announced_with_whether_it_is_new():
    with heard(service_saved) as sent:
        service = PublicService.objects.create(register_number="00201005", name_kk="Паспорт беру")
        service.name_kk = "Паспорт ресімдеу"
        service.save()
    assert [(kwargs["service"], kwargs["created"]) for kwargs in sent] == [(service, True), (service, False)]


def test_a_change_of_providers_is_announced_from_either_side():
    service = PublicService.objects.create(register_number="00201005", name_kk="Паспорт беру")
    body = StateBodyFactory()
    with heard(providers_changed) as sent:
        service.providers.add(body)
        body.services.remove(service)
        service.providers.clear()
    assert [(kwargs["instance"], kwargs["action"]) for kwargs in sent] == [
        (service, "post_add"),
        (body, "post_remove"),
        (service, "post_clear"),
    ]


def test_an_import_is_announced_once_it_has_changed_services():
    """New services are not what cms needs to hear of (no page names them yet); renamed ones are."""
    headers = ["register_number", "name_kk", "name_ru"]
    row = {"register_number": "00201005", "name_kk": "Паспорт беру", "name_ru": "Выдача паспорта"}
    with heard(services_imported) as sent:
        import_registry(csv_bytes([row], headers), "csv")
    assert sent == []
    renamed = {**row, "name_kk": "Паспорт ресімдеу"}
    with heard(services_imported) as sent:
        report = import_registry(csv_bytes([renamed], headers), "csv")
    assert [kwargs["registry_import"].updated for kwargs in sent] == [1], report.summary()


def test_a_saved_or_deleted_state_body_is_announced():
    with heard(body_changed) as sent:
        body = StateBodyFactory()
        body.phone = "+7 7172 00 00 02"
        body.save()
        body.delete()
    assert len(sent) == 3 and all(kwargs["body"].code == body.code for kwargs in sent)
