"""The coordinators' registry import screens: upload, check, preview, confirm, follow, audit — and export."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import StateBodyFactory, UserFactory
from tests.workflows.registry_files import csv_bytes as registry_csv
from tests.workflows.registry_files import row
from workflows.registry import import_progress, services, tasks
from workflows.registry.bulk_import import import_registry
from workflows.registry.models import PublicService, RegistryImport

pytestmark = pytest.mark.django_db

HEADERS = ["No", "register_number", "name_kk", "name_ru", "provider", "category"]
UPLOAD = "/admin/registry/import/"


def csv_bytes(rows):
    return registry_csv(rows, HEADERS)


def upload(client, content, name="registry.csv", valid_rows_only=False):
    data = {"file": SimpleUploadedFile(name, content)}
    if valid_rows_only:
        data["valid_rows_only"] = "on"
    return client.post(UPLOAD, data)


def url(name, batch):
    return reverse(f"registry_import:{name}", kwargs={"pk": batch.pk})


@pytest.fixture
def minjust():
    return StateBodyFactory(code="minjust", name_ru="Министерство юстиции Республики Казахстан")


@pytest.fixture
def coordinator(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


@pytest.fixture
def confirm(client, django_capture_on_commit_callbacks):
    """POST the Confirm button; the queued task runs inline (Q_CLUSTER sync) once the request commits."""

    def post(batch):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url("confirm", batch))

    return post


def test_a_good_file_is_previewed_confirmed_written_and_audited(client, coordinator, minjust, confirm):
    import_registry(csv_bytes([row("00101001")]), "csv")
    content = csv_bytes([row("00101001", category="Рождение ребёнка"), row("00101002")])

    response = upload(client, content)
    batch = RegistryImport.objects.get(status=RegistryImport.Status.PREVIEWED)
    assert response.status_code == 302 and response["Location"] == url("preview", batch)
    assert (batch.user, batch.file_format, batch.total_rows) == (coordinator, "csv", 2)
    assert (batch.created, batch.updated, bytes(batch.content)) == (1, 1, content)

    preview = client.get(url("preview", batch)).content.decode()
    assert "New services" in preview and "Changed services" in preview
    assert "<del>Семья</del>" in preview and "<ins>Рождение ребёнка</ins>" in preview
    assert url("confirm", batch) in preview
    assert PublicService.objects.get(register_number="00101001").category == "Семья"  # nothing written yet

    response = confirm(batch)
    assert response["Location"] == url("status", batch)
    batch.refresh_from_db()
    assert (batch.status, batch.created, batch.updated, batch.content) == (RegistryImport.Status.DONE, 1, 1, None)
    assert PublicService.objects.get(register_number="00101001").category == "Рождение ребёнка"
    assert list(PublicService.objects.get(register_number="00101002").providers.all()) == [minjust]

    status = client.get(url("status", batch)).content.decode()
    assert "Imported." in status and 'http-equiv="refresh"' not in status
    assert url("changes", batch) in status
    changes = client.get(url("changes", batch)).content.decode()
    assert "00101002" in changes and "row 3" in changes


def test_a_bad_row_is_listed_with_its_error_and_nothing_can_be_written(client, coordinator, minjust, confirm):
    upload(client, csv_bytes([row("00101001"), row("12ab")]))
    batch = RegistryImport.objects.get()
    assert batch.error_rows == 1

    preview = client.get(url("preview", batch)).content.decode()
    assert "row 3" in preview and "«12ab» is not 3 to 16 digits" in preview
    assert "Nothing will be written while rows have errors" in preview
    assert url("confirm", batch) not in preview

    confirm(batch)
    batch.refresh_from_db()
    assert batch.status == RegistryImport.Status.PREVIEWED
    assert not PublicService.objects.exists()


def test_a_long_list_of_errors_is_cut_short_on_the_screen(client, coordinator, minjust):
    upload(client, csv_bytes([row(f"bad{n}") for n in range(105)]))
    preview = client.get(url("preview", RegistryImport.objects.get())).content.decode()
    assert "row 101" in preview and "row 102" not in preview
    assert "…and 5 more rows with errors." in preview


def test_every_error_can_be_downloaded_for_correction(client, coordinator, minjust):
    upload(client, csv_bytes([row("00101001"), row("12ab"), row("00101001")]))
    batch = RegistryImport.objects.get()
    response = client.get(url("errors_csv", batch))
    assert response["Content-Disposition"].startswith("attachment;")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [line[:2] for line in lines[1:]] == [["3", "12ab"], ["4", "00101001"]]


def test_with_valid_rows_only_the_good_rows_are_written(client, coordinator, minjust, confirm):
    upload(client, csv_bytes([row("00101001"), row("12ab"), row("00101003")]), valid_rows_only=True)
    batch = RegistryImport.objects.get()

    preview = client.get(url("preview", batch)).content.decode()
    assert "row 3" in preview and "will be skipped" in preview
    assert url("confirm", batch) in preview

    confirm(batch)
    batch.refresh_from_db()
    assert (batch.status, batch.created, batch.error_rows) == (RegistryImport.Status.DONE, 2, 1)
    assert sorted(PublicService.objects.values_list("register_number", flat=True)) == ["00101001", "00101003"]


def test_a_file_that_is_not_csv_or_xlsx_is_refused_on_the_form(client, coordinator):
    response = upload(client, b"just some notes", name="registry.txt")
    assert response.status_code == 200
    assert "«registry.txt» is not a CSV or XLSX file" in response.content.decode()
    assert not RegistryImport.objects.exists()


def test_an_unreadable_file_is_explained_on_the_form_and_not_kept(client, coordinator):
    response = upload(client, b"colour,size\nred,big\n")
    assert "Unknown column headers" in response.content.decode()
    assert not RegistryImport.objects.exists()


def test_uploading_the_registry_as_it_is_says_nothing_would_change(client, coordinator, minjust):
    content = csv_bytes([row("00101001"), row("00101002")])
    import_registry(content, "csv")
    upload(client, content)
    batch = RegistryImport.objects.get(status=RegistryImport.Status.PREVIEWED)
    preview = client.get(url("preview", batch)).content.decode()
    assert "Nothing would change" in preview
    assert url("confirm", batch) not in preview


def test_confirm_is_a_post_only(client, coordinator, minjust):
    upload(client, csv_bytes([row("00101001")]))
    assert client.get(url("confirm", RegistryImport.objects.get())).status_code == 405


def test_confirming_twice_imports_once(client, coordinator, minjust, confirm):
    upload(client, csv_bytes([row("00101001"), row("00101002")]))
    batch = RegistryImport.objects.get()
    confirm(batch)
    confirm(batch)
    assert tasks.run_registry_import(batch.pk) is None

    batch.refresh_from_db()
    assert (batch.status, batch.created) == (RegistryImport.Status.DONE, 2)
    assert batch.changes.count() == 2
    assert RegistryImport.objects.count() == 1


def test_cancel_discards_the_previewed_file(client, coordinator, minjust):
    upload(client, csv_bytes([row("00101001")]))
    batch = RegistryImport.objects.get()
    assert client.get(url("cancel", batch)).status_code == 405
    assert client.post(url("cancel", batch))["Location"] == UPLOAD
    assert not RegistryImport.objects.exists() and not PublicService.objects.exists()


def test_the_import_services_keep_confirm_and_discard_a_batch_once(minjust, django_capture_on_commit_callbacks):
    """What the screens call: a batch is confirmed once, its write queued once it commits, and it can no
    longer be discarded; a batch with bad rows is refused unless it writes the valid rows only."""
    content = csv_bytes([row("00101001")])
    report = import_registry(content, "csv", dry_run=True)
    checked = {"file_name": "r.csv", "file_format": "csv", "content": content, "valid_rows_only": False}
    batch = services.keep_checked_import(user=None, report=report, **checked)
    assert batch.status == RegistryImport.Status.PREVIEWED and batch.total_rows == 1
    with django_capture_on_commit_callbacks() as queued:
        assert services.confirm_import(batch=batch) is True
        assert services.confirm_import(batch=batch) is False
    assert len(queued) == 1
    assert services.discard_import(batch=batch) is False
    assert RegistryImport.objects.get().status == RegistryImport.Status.QUEUED

    bad = RegistryImport.objects.create(file_name="b.csv", file_format="csv", sha256="0", error_rows=1)
    with pytest.raises(services.TransitionRefused):
        services.confirm_import(batch=bad)
    assert services.discard_import(batch=bad) is True


def test_the_status_page_follows_a_running_import(client, coordinator):
    batch = RegistryImport.objects.create(
        file_name="registry.csv", file_format="csv", sha256="0", status=RegistryImport.Status.QUEUED, total_rows=20000
    )
    assert "Waiting for the background worker" in client.get(url("status", batch)).content.decode()

    RegistryImport.objects.filter(pk=batch.pk).update(status=RegistryImport.Status.RUNNING, processed_rows=5000)
    page = client.get(url("status", batch)).content.decode()
    assert 'http-equiv="refresh" content="2"' in page and 'role="status"' in page
    assert re.search(r"Checked 5\W?000 of 20\W?000 rows \(25%\)", page) and 'value="25"' in page

    RegistryImport.objects.filter(pk=batch.pk).update(processed_rows=20000)
    assert "writing to the registry" in client.get(url("status", batch)).content.decode()


def test_the_task_records_its_progress_and_an_unexpected_failure(monkeypatch, minjust):
    batch = RegistryImport.objects.create(
        file_name="registry.csv",
        file_format="csv",
        sha256="0",
        content=csv_bytes([row("00101001")]),
        status=RegistryImport.Status.QUEUED,
    )

    def broken_import(content, file_format, *, progress, **kwargs):
        progress(5000, 10000)
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "import_registry", broken_import)
    with pytest.raises(RuntimeError):
        tasks.run_registry_import(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.processed_rows, batch.total_rows) == (RegistryImport.Status.FAILED, 5000, 10000)
    assert "disk full" in batch.message and batch.content is None


def test_progress_is_saved_at_most_every_second_or_every_5000_rows(minjust):
    batch = RegistryImport.objects.create(file_name="r.csv", file_format="csv", sha256="0", total_rows=20000)
    record = import_progress.ProgressRecorder(batch.pk, interval=3600)
    for done in (1000, 4000, 6000, 9000):
        record(done, 20000)
    assert import_progress.read_progress(batch) == (6000, 20000)  # saved at 1000, then 5,000 rows later; 4000, 9000 not
    record(20000, 20000, phase="writing")
    assert import_progress.read_progress(batch) == (20000, 20000)


def test_an_operator_may_not_import(client, minjust):
    upload_by_coordinator = RegistryImport.objects.create(file_name="r.csv", file_format="csv", sha256="0")
    client.force_login(UserFactory(roles=["Operator"]))
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, csv_bytes([row("00101001")])).status_code == 403
    assert client.get(url("preview", upload_by_coordinator)).status_code == 403
    assert client.post(url("confirm", upload_by_coordinator)).status_code == 403
    assert not RegistryImport.objects.exclude(pk=upload_by_coordinator.pk).exists()
    assert "Import registry" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_export_needs_the_permission_to_view_the_registry(client):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/registry/export/csv/").status_code == 403


def test_the_menu_offers_the_import_to_a_coordinator(client, coordinator):
    assert UPLOAD in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_registry_downloads_as_csv_with_its_russian_headers(client, coordinator, minjust):
    import_registry(csv_bytes([row("00101001")]), "csv")
    response = client.get(reverse("registry_import:export", kwargs={"file_format": "csv"}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="registry-20')
    assert response["Content-Disposition"].endswith('.csv"')
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][:2] == ["№ п/п", "Номер государственной услуги в реестре"]
    assert lines[1][1] == "00101001"


def test_the_registry_downloads_as_xlsx(client, coordinator, minjust):
    response = client.get(reverse("registry_import:export", kwargs={"file_format": "xlsx"}))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"
    assert client.get("/admin/registry/export/pdf/", follow=True).status_code == 404


def test_a_file_without_some_columns_keeps_those_fields_and_the_preview_says_so(client, coordinator, minjust, confirm):
    """Issue 14, defect 13: a file without `category` or `provider` cleared both (struck through in the preview)."""
    import_registry(csv_bytes([row("00101001", provider="minjust")]), "csv")
    narrow = registry_csv([row("00101001", name_ru="Новое название")], ["register_number", "name_kk", "name_ru"])
    upload(client, narrow)
    batch = RegistryImport.objects.get(status=RegistryImport.Status.PREVIEWED)
    preview = client.get(url("preview", batch)).content.decode()
    assert "so they stay as they are in every service" in preview
    kept = preview.split("stay as they are in every service:")[1].split(".")[0]
    assert "Category" in kept and "Service providers" in kept and "Name (russian)" not in kept.casefold()
    assert "<del>Семья</del>" not in preview
    confirm(batch)
    service = PublicService.objects.get()
    assert (service.name_ru, service.category) == ("Новое название", "Семья")
    assert list(service.providers.values_list("code", flat=True)) == ["minjust"]


def test_the_column_help_speaks_the_admins_language_and_quotes_the_headers(client, coordinator):
    """Issue 14, defect 8: the English admin showed the column help in Kazakh and Russian."""
    page = client.get(UPLOAD).content.decode()
    table = page.split("Accepted columns")[1].split("</table>")[0]
    labels = re.findall(r'<th scope="row">([^<]+)</th>', table)
    assert "Number in the register" in labels and "Category" in labels and "Service providers" in labels
    assert not [label for label in labels if re.search("[А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]", label)]
    assert "<code>санат</code>" in page  # the Kazakh header a file may use, quoted as data
