"""The registry upload form: a CSV or XLSX file, checked in a dry run before anything is kept."""

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .bulk_import import import_registry
from .columns import COLUMNS, column_label
from .import_rows import MAX_FILE_BYTES

FILE_FORMATS = ("csv", "xlsx")
ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REQUIRED_COLUMNS = {"register_number", "name_kk", "name_ru"}


def accepted_columns():
    """The columns a file may have, for the help text: (what it holds in the admin's language, the headers a
    file may use for it, required). The headers are data in Russian, Kazakh or English; the label is not."""
    return [
        (column_label(column.key), (column.header_ru, *column.aliases), column.key in REQUIRED_COLUMNS)
        for column in COLUMNS
    ]


class RegistryUploadForm(forms.Form):
    """Checks the whole file (a dry run of the import) in clean(); the view has it kept, waiting for
    confirmation (`services.keep_checked_import`)."""

    file = forms.FileField(
        label=_("Registry file"),
        help_text=_("CSV (UTF-8) or Excel (.xlsx), at most %(mb)s MB. The first row holds the column headers.")
        % {"mb": MAX_FILE_BYTES // 2**20},
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
    valid_rows_only = forms.BooleanField(
        label=_("Import valid rows only (rows with errors are skipped)"),
        help_text=_("Leave unticked to import all or nothing: nothing is written while any row has an error."),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        file_format = Path(upload.name).suffix.lower().lstrip(".")
        if file_format not in FILE_FORMATS:
            raise ValidationError(
                _("«%(name)s» is not a CSV or XLSX file. Save the spreadsheet as .csv (UTF-8) or .xlsx and upload it.")
                % {"name": upload.name},
                code="file_format",
            )
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("The file is larger than %(mb)s MB: split it into smaller files.") % {"mb": MAX_FILE_BYTES // 2**20},
                code="file_size",
            )
        self.file_format = file_format
        return upload

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if upload is None:
            return cleaned_data
        self.content = upload.read()
        self.report = import_registry(
            self.content,
            self.file_format,
            file_name=upload.name,
            dry_run=True,
            valid_rows_only=cleaned_data.get("valid_rows_only", False),
        )
        if self.report.file_error:
            self.add_error("file", self.report.file_error)
        return cleaned_data

    def checked_file(self):
        """The checked file and its dry run, as `services.keep_checked_import` keeps them."""
        return {
            "file_name": self.cleaned_data["file"].name,
            "file_format": self.file_format,
            "content": self.content,
            "valid_rows_only": self.cleaned_data["valid_rows_only"],
            "report": self.report,
        }
