"""The reports in the Wagtail admin: the *Reports* menu (the reports, the report contacts) and its URLs."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from workflows.accounts.admin_menu import PermittedMenuItem

from . import citations, compliance, views
from .models import MANAGE, VIEW, ReportContact


class ReportContactViewSet(SnippetViewSet):
    """Paras 31, 39: the addresses each body's reports go to, kept by the UCC's supervisors and coordinators."""

    model = ReportContact
    icon = "mail"
    menu_label = gettext_lazy("Report contacts")
    add_to_admin_menu = False
    list_display = ["body", "email", "name"]
    search_fields = ["email", "name"]
    list_filter = ["body__kind"]


register_snippet(ReportContactViewSet)


@hooks.register("register_admin_urls")
def register_reports_urls():
    return views.urlpatterns


@hooks.register("register_reports_menu_item")
def register_statutory_reports_item():
    """Into Wagtail's own *Reports* menu, where an authority's user looks for reports."""
    return PermittedMenuItem(
        gettext_lazy("Statutory reports"), reverse("reports_index"), icon_name="doc-full", order=10, permission=VIEW
    )


@hooks.register("register_reports_menu_item")
def register_report_contacts_item():
    return PermittedMenuItem(
        gettext_lazy("Report contacts"),
        reverse("wagtailsnippets_reports_reportcontact:list"),
        icon_name="mail",
        order=20,
        permission=MANAGE,
    )


@hooks.register("discrepancy_report_choices")
def discrepancy_report_choices(discrepancy):
    """Para 32: the delivered reports a discrepancy's explanation may cite (read by workflows.authorities)."""
    return citations.report_choices(discrepancy)


@hooks.register("discrepancy_report_rows")
def discrepancy_report_rows(discrepancy, report_id, rows):
    """Para 32: the cited rows as the delivered report printed them; `citations.RowsRefused` when unknown."""
    return citations.cite_rows(discrepancy, report_id, rows)


@hooks.register("register_admin_menu_item")
def register_compliance_dashboard_item():
    """Beside the telephony dashboard (order 160): the clocks of every process (issue 18, item 7)."""
    return PermittedMenuItem(
        gettext_lazy("Compliance dashboard"),
        reverse("reports_compliance"),
        icon_name="tasks",
        order=161,
        permission=compliance.PERMISSION,
    )
