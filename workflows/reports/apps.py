from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The statutory monthly reports: Annex 2 on appeals (para 31) and the ICT report (para 39)."""

    name = "workflows.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from .notification_templates import register_notifications

        register_notifications()
