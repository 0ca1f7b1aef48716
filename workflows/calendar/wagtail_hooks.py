"""The calendar in the Wagtail admin: coordinators edit holidays and decreed transfers."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Holiday, Source, WorkdayTransfer


class ManualEditForm(WagtailAdminModelForm):
    """Whatever a person saves here is theirs: re-seeding from the package will not overwrite it."""

    def clean(self):
        cleaned_data = super().clean()
        self.instance.source = Source.MANUAL
        return cleaned_data


class HolidayViewSet(SnippetViewSet):
    model = Holiday
    icon = "date"
    menu_label = _("Public holidays")
    list_display = [
        "date",
        "name_kk",
        "name_ru",
        "name_en",
        BooleanColumn("is_day_off", label=Holiday._meta.get_field("is_day_off").verbose_name),  # a tick, not "True"
        "source",
    ]
    list_filter = ["is_day_off", "source"]
    search_fields = ["name_kk", "name_ru", "name_en"]
    ordering = ["-date"]
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldPanel("date"),
            MultiFieldPanel([FieldPanel("name_kk"), FieldPanel("name_ru"), FieldPanel("name_en")], heading="Name"),
            FieldPanel("is_day_off"),
        ],
        base_form_class=ManualEditForm,
    )


class WorkdayTransferViewSet(SnippetViewSet):
    model = WorkdayTransfer
    icon = "calendar-alt"
    menu_label = _("Transfers of days off")
    list_display = ["date", "kind", "paired_date", "decree_reference", "source"]
    list_filter = ["kind", "source"]
    search_fields = ["decree_reference"]
    ordering = ["-date"]
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("date"), FieldPanel("kind"), FieldPanel("paired_date")]),
            FieldPanel("decree_reference"),
        ],
        base_form_class=ManualEditForm,
    )


class CalendarViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Working-day calendar")
    menu_icon = "date"
    menu_order = 800
    items = (HolidayViewSet, WorkdayTransferViewSet)


register_snippet(CalendarViewSetGroup)
