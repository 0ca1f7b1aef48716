from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "workflows.appeals"
    label = "appeals"
    verbose_name = "Appeals"
