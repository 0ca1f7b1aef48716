"""Admin views of para 38's notices: the list (coming, active, past), the form, one notice with its deliveries,
timeline and steps. Thin: lookups through `selectors.notices`, changes through `services.notices`."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from workflows.accounts.admin_views import refusing_with
from workflows.registry.services import TransitionRefused

from ..forms import STEP_FORMS, NoticeForm
from ..models import MANAGE, VIEW, InterruptionNotice
from ..selectors import notices as selectors
from ..services import notices as services

refusing = refusing_with("interruptions/forbidden.html")


def require(request, *permissions):
    if not any(request.user.has_perm(permission) for permission in permissions):
        raise PermissionDenied


def _notice(request, pk):
    require(request, VIEW)
    notice = selectors.notices_for(request.user).filter(pk=pk).first()
    if notice is None:
        raise PermissionDenied
    return notice


@refusing
def index(request):
    require(request, VIEW)
    coming, active, past = selectors.grouped(selectors.notices_for(request.user))
    context = {
        "page_title": _("Planned interruptions"),
        "header_icon": "warning",
        "coming": coming[:100],
        "active": active[:100],
        "past": past[:100],
        "may_add": request.user.has_perm(MANAGE),
    }
    return TemplateResponse(request, "interruptions/index.html", context)


@refusing
def edit(request, pk=None):
    require(request, MANAGE)
    notice = _notice(request, pk) if pk else None
    if notice is not None and notice.state != InterruptionNotice.State.DRAFTED:
        messages.error(request, _("A notified interruption changes by postponing, extending or cancelling it."))
        return redirect("interruptions_notice", pk=notice.pk)
    form = NoticeForm(request.POST or None, instance=notice)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if notice is None:
            services_ = data.pop("services")
            notice = services.enter_notice(services=services_, user=request.user, **data)
        else:
            form.save()
        messages.success(request, _("Interruption notice № %(number)s saved.") % {"number": notice.pk})
        return redirect("interruptions_notice", pk=notice.pk)
    context = {
        "page_title": _("Planned interruption") if notice is None else str(notice),
        "header_icon": "warning",
        "form": form,
        "notice": notice,
    }
    return TemplateResponse(request, "interruptions/form.html", context)


def _steps(notice, user):
    allowed = {transition.name for transition in notice.get_available_user_state_transitions(user)}
    return [(name, label, form()) for name, (form, label) in STEP_FORMS.items() if name in allowed]


@refusing
def detail(request, pk):
    notice = _notice(request, pk)
    context = {
        "page_title": str(notice),
        "header_icon": "warning",
        "notice": notice,
        "now": timezone.now(),
        "deliveries": selectors.deliveries_of(notice),
        "events": selectors.timeline(notice),
        "steps": _steps(notice, request.user),
        "may_edit": request.user.has_perm(MANAGE) and notice.state == InterruptionNotice.State.DRAFTED,
    }
    return TemplateResponse(request, "interruptions/detail.html", context)


STEP_SERVICES = {
    "notify": services.notify,
    "postpone": services.postpone,
    "extend": services.extend,
    "cancel": services.cancel,
}


@refusing
@require_POST
def step(request, pk, name):
    require(request, MANAGE)
    notice = _notice(request, pk)
    if name not in STEP_FORMS:
        raise PermissionDenied
    form = STEP_FORMS[name][0](request.POST)
    if not form.is_valid():
        messages.error(request, _("The step needs every field filled in."))
        return redirect("interruptions_notice", pk=notice.pk)
    try:
        STEP_SERVICES[name](notice, user=request.user, **form.cleaned_data)
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Done: the bodies concerned are being notified."))
    return redirect("interruptions_notice", pk=notice.pk)


urlpatterns = [
    path("interruptions/", index, name="interruptions_index"),
    path("interruptions/add/", edit, name="interruptions_add"),
    path("interruptions/<int:pk>/", detail, name="interruptions_notice"),
    path("interruptions/<int:pk>/edit/", edit, name="interruptions_edit"),
    path("interruptions/<int:pk>/<str:name>/", step, name="interruptions_step"),
]

menu_entries = [(gettext_lazy("Planned interruptions"), "interruptions_index", "warning", VIEW)]
