from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebformsConfig(AppConfig):
    """Forms without code (issue 20, item 6): Wagtail form pages an editor builds, whose submissions become
    appeals (workflows/appeals) or ICT requests (workflows/ict). It sits above both, so it may call their
    services; the public site (cms) only names its page type as a string in the home page's subpage types."""

    name = "workflows.webforms"
    label = "webforms"
    verbose_name = _("Forms without code")
