from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "workflows.directory"
    label = "directory"
    verbose_name = "Directory of participants"
