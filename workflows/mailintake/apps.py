from django.apps import AppConfig


class MailIntakeConfig(AppConfig):
    name = "workflows.mailintake"
    label = "mailintake"
    verbose_name = "E-mail intake"
