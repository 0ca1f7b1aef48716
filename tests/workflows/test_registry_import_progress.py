"""A running import's progress reaches its status page through the shared cache: the rows themselves
are written in one transaction that other connections cannot see until it commits."""

import pytest
from django.urls import reverse

from workflows.registry.import_progress import ProgressRecorder, read_progress
from workflows.registry.models import RegistryImport

pytestmark = pytest.mark.django_db


def test_progress_of_a_running_import_is_shown(admin_client):
    batch = RegistryImport.objects.create(
        file_name="registry.csv",
        file_format="csv",
        sha256="0" * 64,
        status=RegistryImport.Status.RUNNING,
        total_rows=100_000,
    )
    ProgressRecorder(batch.pk)(45_000, 100_000)
    assert read_progress(batch) == (45_000, 100_000)
    page = admin_client.get(reverse("registry_import:status", kwargs={"pk": batch.pk})).content.decode()
    assert "(45%)" in page
