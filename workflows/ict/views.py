"""Admin views of the ICT desk (paras 35-37): the list (overdue, due soon, filters), the register form (UCC
operators, and a body's user for their own body), one request with its timeline and step forms.

Thin: every request is looked up through `selectors.visible_requests(user)`; steps go through `services`.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from workflows.accounts.admin_views import refusing_with
from workflows.appeals.personal_data import mask_email, mask_name, mask_phone
from workflows.lists import selectors as lists
from workflows.lists.selectors import ListName

from . import selectors, services
from .forms import STEP_FORMS, KnowledgeBaseForm, RegisterForm
from .models import HANDLE, REGISTER_OWN, IctOutgoingMail, IctRequest, IctService
from .services import TransitionRefused

VIEW = "ict.view_ictrequest"
refusing = refusing_with("ict/forbidden.html")


def require(request, *permissions):
    if not any(request.user.has_perm(permission) for permission in permissions):
        raise PermissionDenied


def _record(request, pk):
    require(request, VIEW)
    record = selectors.visible_requests(request.user).filter(pk=pk).select_related("body", "service").first()
    if record is None:
        raise PermissionDenied  # another body's, or none at all: the same answer either way
    return record


def _steps(record, user):
    allowed = {transition.name for transition in record.get_available_user_state_transitions(user)}
    return [(name, label) for name, (_form, label) in STEP_FORMS.items() if name in allowed]


def _requester(record, user):
    """The requester's contacts: in full to the UCC's handlers and the body's own users, masked otherwise."""
    if user.has_perm(HANDLE) or user.has_perm(REGISTER_OWN):
        return record.requester_name, record.requester_phone, record.requester_email
    return mask_name(record.requester_name), mask_phone(record.requester_phone), mask_email(record.requester_email)


def _mails(record, user):
    """The desk's mails about the request; a requester's address is masked as their contacts are."""
    in_full = user.has_perm(HANDLE) or user.has_perm(REGISTER_OWN)
    mails = list(record.outgoing_mails.all())
    for mail in mails:
        mail.shown_to = mail.to if in_full or mail.kind == mail.Kind.FORWARD else mask_email(mail.to)
    return mails


@refusing
def index(request):
    require(request, VIEW)
    visible = selectors.visible_requests(request.user).select_related("body", "service")
    now = timezone.now()
    filtered = visible
    for field in ("state", "request_type", "service", "body"):
        value = request.GET.get(field)
        if value:
            filtered = filtered.filter(**{field: value})
    context = {
        "page_title": _("ICT requests"),
        "header_icon": "cog",
        "overdue": selectors.overdue(queryset=visible, now=now)[:50],
        "due_soon": selectors.due_soon(queryset=visible, now=now)[:50],
        "page": Paginator(filtered, 50).get_page(request.GET.get("p")),
        "states": IctRequest.State.choices,
        "types": lists.all_choices(ListName.ICT_REQUEST_TYPE),  # the administrator's names and order
        "services": IctService.objects.filter(is_active=True),
        "chosen": request.GET,
        "now": now,
        "may_add": request.user.has_perm(HANDLE) or request.user.has_perm(REGISTER_OWN),
    }
    return TemplateResponse(request, "ict/requests.html", context)


@refusing
def add(request):
    require(request, HANDLE, REGISTER_OWN)
    form = RegisterForm(request.POST or None, user=request.user)
    if form.is_bound and form.is_valid():
        record = form.run()
        from wagtail.admin import messages

        messages.success(request, _("ICT request %(number)s registered.") % {"number": record.number})
        return redirect("ict_request", pk=record.pk)
    context = {
        "page_title": _("Register an ICT request"),
        "header_icon": "cog",
        "form": form,
        "back_url": reverse("ict_requests"),
    }
    return TemplateResponse(request, "ict/form.html", context)


@refusing
def detail(request, pk):
    record = _record(request, pk)
    events, alerts = selectors.timeline(record)
    name, phone, email = _requester(record, request.user)
    context = {
        "page_title": str(record),
        "header_icon": "cog",
        "record": record,
        "requester": {"name": name, "phone": phone, "email": email},
        "events": events,
        "alerts": alerts,
        "articles": record.articles.all(),
        "mails": _mails(record, request.user),
        "may_send_again": request.user.has_perm(HANDLE),
        "actions": _steps(record, request.user),
        "now": timezone.now(),
    }
    return TemplateResponse(request, "ict/request.html", context)


@refusing
def step(request, pk, name):
    record = _record(request, pk)
    if name not in STEP_FORMS:
        raise Http404
    if name not in dict(_steps(record, request.user)):
        raise PermissionDenied
    form_class, label = STEP_FORMS[name]
    kwargs, kb_query = {}, None
    if issubclass(form_class, KnowledgeBaseForm):
        kb_query = request.GET.get("kb", record.service.name if record.service else record.subject).strip()
        kwargs["articles"] = selectors.articles_to_choose(record, kb_query, language=get_language())
    form = form_class(request.POST or None, record=record, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            form.run(request.user)
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            from wagtail.admin import messages

            messages.success(request, _("“%(record)s”: %(step)s — done.") % {"record": record, "step": label})
            return redirect("ict_request", pk=record.pk)
    context = {
        "page_title": str(label).rstrip("…"),
        "header_icon": "cog",
        "record": record,
        "form": form,
        "kb_query": kb_query,
        "back_url": reverse("ict_request", args=[record.pk]),
    }
    return TemplateResponse(request, "ict/form.html", context)


@refusing
def send_mail_again(request, pk, mail_pk):
    """POST: a handler sends a failed mail of the request again."""
    record = _record(request, pk)
    require(request, HANDLE)
    mail = record.outgoing_mails.filter(pk=mail_pk, status=IctOutgoingMail.Status.FAILED).first()
    if request.method != "POST" or mail is None:
        raise PermissionDenied
    from wagtail.admin import messages

    sent, error = services.send_again(mail, user=request.user)
    if sent:
        messages.success(request, _("The mail to %(to)s was sent.") % {"to": mail.to})
    else:
        messages.error(request, _("The mail to %(to)s was refused again: %(error)s") % {"to": mail.to, "error": error})
    return redirect("ict_request", pk=record.pk)


urlpatterns = [
    path("ict/requests/", index, name="ict_requests"),
    path("ict/requests/add/", add, name="ict_request_add"),
    path("ict/requests/<int:pk>/", detail, name="ict_request"),
    path("ict/requests/<int:pk>/step/<str:name>/", step, name="ict_request_step"),
    path("ict/requests/<int:pk>/mails/<int:mail_pk>/send-again/", send_mail_again, name="ict_mail_send_again"),
]
menu_entries = [(gettext_lazy("ICT requests"), "ict_requests", "cog", VIEW)]
