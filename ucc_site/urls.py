from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog, set_language
from django.views.static import serve as serve_file
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.admin.localization import get_localized_response
from wagtail.documents import urls as wagtaildocs_urls

from cms.knowledge.views import page_usefulness
from cms.search.views import public_search
from cms.services import routes as service_routes
from workflows.accounts.account import AccountView
from workflows.appeals.citizen_views import appeal_form, appeal_registered
from workflows.reports.citizen_views import acknowledge_report
from workflows.stages.api import push as push_stages
from workflows.telephony.citizen_views import rate_appeal

from .api import api_router
from .health import healthz


def admin_js_catalog(package):
    """Wagtail's JS catalogues read only their own package's locale, which has no Kazakh: add ours."""
    view = JavaScriptCatalog.as_view(packages=[package, "ucc_site.wagtail_kk"])
    return lambda request: get_localized_response(view, request)  # in the editor's admin language, as Wagtail's


def _superusers_only(request):
    """Django's own admin is a developer's tool here: everyone else works in Wagtail's, with its roles."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # answered by ucc_site.health.HealthCheckMiddleware; named here
    path("django-admin/", admin.site.urls),
    path("admin/jsi18n/", admin_js_catalog("wagtail.admin")),  # same URLs as Wagtail's, matched first
    path("admin/localize/jsi18n/", admin_js_catalog("wagtail_localize")),
    # names optional (accounts); gated as Wagtail gates its own admin URLs (anonymous: to the login, not a 500)
    path("admin/account/", require_admin_access(AccountView.as_view()), name="wagtailadmin_account"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("", include("workflows.telephony.urls")),  # the phone system's API, api/telephony/v1/
    path("api/stages/", push_stages, name="stages_push"),  # para 29: the monitoring system pushes stages
    path("i18n/setlang/", set_language, name="set_language"),
    # paras 9, 17: "Was this page useful?" on service pages and KB articles (cms/knowledge/views.py)
    path("page-feedback/<int:page_id>/", page_usefulness, name="page_usefulness"),
    # paras 31, 39: a recipient confirms a report through the signed link of its mail (Kazakh and Russian at once)
    path("reports/acknowledge/<str:token>/", acknowledge_report, name="reports_acknowledge"),
]

if getattr(settings, "UCC_SERVE_MEDIA", False):  # make run (settings.dev); static files come from whitenoise
    urlpatterns.append(
        # never `private/`: appeals' attachments are served only by their view, which checks the reader
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?!private/)(?P<path>.*)$",
            serve_file,
            {"document_root": settings.MEDIA_ROOT},
        )
    )

# Citizens' pages live under /kk/, /ru/ and /en/; Wagtail serves whatever the routes above leave.
urlpatterns += i18n_patterns(
    path("appeal/", appeal_form, name="appeal_form"),  # the public appeal form (paras 7, 8)
    path("appeal/registered/", appeal_registered, name="appeal_registered"),  # its receipt
    path("search/", public_search, name="search"),  # public content only (cms/search)
    path("rate/<str:token>/", rate_appeal, name="telephony_rate"),  # para 13: rating link of a written appeal
    path("", include(service_routes)),  # Wagtail's URLs; service pages routed from the cache (cms/services/routes.py)
    prefix_default_language=True,
)
