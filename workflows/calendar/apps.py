from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "workflows.calendar"
    label = "calendar"
    verbose_name = "Working-day calendar"

    def ready(self):
        from . import signals  # noqa: F401  (invalidates the cached calendar on every edit)
