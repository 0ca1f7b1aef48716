"""Where the phone system's API is mounted: included by ucc_site/urls.py, and resolved on its own by
`middleware.TelephonyAPIMiddleware` (the site's other routes need not be tried for it)."""

from django.urls import include, path

from . import api

MOUNT = "api/telephony/v1/"

urlpatterns = [path(MOUNT, include(api))]
