"""django-import-export resources of the registry: the export in the import's own format, and the
stock (row-by-row) resource the benchmark compares the bulk import with."""

from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV, XLSX

from workflows.directory.models import StateBody

from .columns import BY_KEY, EXPORT_KEYS
from .models import PublicService


class ProvidersWidget(widgets.ManyToManyWidget):
    """Providers by their Russian names, separated by "; " (the import also accepts codes and kk/en names)."""

    def render(self, value, obj=None, **kwargs):
        return "; ".join(body.name_ru for body in value.all()) if value is not None else ""


class RegistryExportResource(resources.ModelResource):
    """The registry as the import reads it: the Annex 1 columns with their Russian headers."""

    row_no = fields.Field(column_name=BY_KEY["row_no"].header_ru, readonly=True)
    providers = fields.Field(
        attribute="providers", column_name=BY_KEY["providers"].header_ru, widget=ProvidersWidget(model=None)
    )

    class Meta:
        model = PublicService
        fields = EXPORT_KEYS
        export_order = EXPORT_KEYS
        import_id_fields = ["register_number"]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._row = 0
        for key in EXPORT_KEYS:
            if key in self.fields and key not in {"row_no", "providers"}:
                self.fields[key].column_name = BY_KEY[key].header_ru

    def dehydrate_row_no(self, obj):
        self._row += 1
        return self._row

    def get_export_queryset(self, request=None):
        return PublicService.objects.order_by("register_number").prefetch_related("providers")

    def dehydrate_bylaw_date(self, obj):
        return obj.bylaw_date.isoformat() if obj.bylaw_date else ""


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(cell):
    """A cell a spreadsheet would evaluate (=, +, -, @ first) gets a leading apostrophe; the import
    takes that apostrophe off again, so the round trip keeps "+7 701 …" as it was."""
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS) else cell


def export_registry(file_format="csv", queryset=None):
    """The registry (or `queryset`) as CSV or XLSX bytes, every formula-like cell escaped."""
    dataset = RegistryExportResource().export(queryset=queryset)
    escaped = dataset.__class__(headers=dataset.headers)
    for row in dataset:
        escaped.append([escape_formula(cell) for cell in row])
    data = {"csv": CSV, "xlsx": XLSX}[file_format]().export_data(escaped)
    return data.encode("utf-8") if isinstance(data, str) else data


class StockPublicServiceResource(resources.ModelResource):
    """django-import-export's default configuration (row by row), for the benchmark's baseline only."""

    providers = fields.Field(
        attribute="providers", column_name="providers", widget=widgets.ManyToManyWidget(StateBody, field="code")
    )

    class Meta:
        model = PublicService
        import_id_fields = ["register_number"]
        fields = [
            "register_number",
            "name_kk",
            "name_ru",
            "name_en",
            "bylaw_title",
            "changes_info",
            "web_resource",
            "responsible_person_text",
            "responsible_contacts_text",
            "providers",
            "category",
        ]
