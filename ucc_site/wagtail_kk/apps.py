from django.apps import AppConfig


class WagtailKazakhConfig(AppConfig):
    """Only a catalogue: the Kazakh translation of the Wagtail admin, which Wagtail does not ship.

    It has no strings of its own, so `makemessages` never writes into its locale directory; listed before
    the Wagtail apps in INSTALLED_APPS, so its translations win over theirs (the project's own catalogue
    in LOCALE_PATHS still wins over both)."""

    name = "ucc_site.wagtail_kk"
    label = "wagtail_kk"
    verbose_name = "Wagtail admin in Kazakh"
