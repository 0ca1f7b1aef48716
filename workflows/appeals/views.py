"""The operator's screens in the Wagtail admin: one appeal (its steps, the Knowledge Base beside it), a new
appeal from a call, "take next", and the CSV export. Thin: they check permissions, call `services` or
`selectors`, and report the outcome as a message.
"""

import csv

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseForbidden, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from wagtail.admin import messages

from cms.knowledge.selectors import article_parts, knowledge_articles
from cms.search.selectors import knowledge_suggestions
from workflows.accounts.client import client_ip
from workflows.accounts.personal_data import mask_personal_data
from workflows.accounts.roles import role_label
from workflows.replica import replica_rows

from . import duplicates, merging, routing, selectors, services
from .filters import filtered_appeals
from .forms import STEP_FORMS, CallForm, RoutingTryForm
from .models import Appeal, AppealAttachment, may_work
from .personal_data import (
    appeal_texts,
    applicant,
    masked_applicant,
    masked_text,
    may_see_applicant,
    record_access,
)

# The steps in the order an operator looks for them: the one that moves the appeal on comes first.
STEP_LABELS = {
    "take": gettext_lazy("Take"),
    "give_answer": gettext_lazy("Answer"),
    "receive_clarification": gettext_lazy("Clarification received"),
    "close": gettext_lazy("Close"),
    "assign": gettext_lazy("Assign"),
    "redirect": gettext_lazy("Redirect (para 11)"),
    "refer": gettext_lazy("Refer to the competent body (para 10)"),
    "forward": gettext_lazy("Forward for clarification"),
}
# A timeline line names what happened in the reader's language: the steps, and the two events that are not.
EVENT_LABELS = {
    **STEP_LABELS,
    "register": gettext_lazy("Registered"),
    "link_article": gettext_lazy("Knowledge Base article used"),
    "record_application": gettext_lazy("Application recorded"),
    "merge": gettext_lazy("Merged into another appeal"),
    "merged_here": gettext_lazy("An appeal merged into this one"),
    "link_appeal": gettext_lazy("Related appeal linked"),
    "unlink_appeal": gettext_lazy("Related appeal unlinked"),
}
STEP_SERVICES = {
    "take": lambda appeal, user, data: services.take(appeal=appeal, user=user),
    "assign": lambda appeal, user, data: services.assign(appeal=appeal, user=user, **data),
    "give_answer": lambda appeal, user, data: services.give_answer(appeal=appeal, user=user, **data),
    "redirect": lambda appeal, user, data: services.redirect(appeal=appeal, user=user, **data),
    "refer": lambda appeal, user, data: services.refer(appeal=appeal, user=user, **data),
    "forward": lambda appeal, user, data: services.forward(appeal=appeal, user=user, **data),
    "receive_clarification": lambda appeal, user, data: services.receive_clarification(
        appeal=appeal, user=user, **data
    ),
    "close": lambda appeal, user, data: services.close(appeal=appeal, user=user, **data),
}


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def allowed_steps(appeal, user):
    """The steps `user` may take on `appeal` now: only these are shown as buttons."""
    available = {transition.name for transition in appeal.get_available_user_state_transitions(user)}
    return [name for name in STEP_LABELS if name in available]


# The steps whose text an answer template may fill (issue 19, item 4): the answer, a referral's message.
TEMPLATE_STEPS = ("give_answer", "refer", "forward", "redirect")


def work(request, pk):
    """One appeal: its deadline, applicant (audited), timeline, the allowed steps and the Knowledge Base."""
    _require(request, "appeals.view_appeal")
    appeal = get_object_or_404(selectors.appeals(), pk=pk)
    query = request.GET.get("kb", "").strip()
    steps = _steps(appeal, request.user, opened=request.GET.get("step", ""))
    trained = selectors.trained_service_ids(request.user) if request.user.has_perm("appeals.work_appeal") else None
    seen = applicant(appeal, request.user, remote_addr=client_ip(request))  # a full view is audited
    open_step = next((step for step in steps if step["open"]), None)
    history = not seen["masked"]  # the applicant's other appeals and calls: only to those who see them
    return TemplateResponse(
        request,
        "appeals/work.html",
        {
            "appeal": appeal,
            "applicant": seen,
            "show_history": history,
            "history": selectors.applicant_history(appeal) if history else [],
            "calls": selectors.applicant_calls(appeal) if history else [],
            "texts": appeal_texts(appeal, request.user),
            "events": _timeline(appeal, request.user),
            "steps": steps,
            "open_step": open_step,
            "answer_templates": (
                selectors.answer_templates_for(appeal, applicant_name=seen["name"])
                if open_step and open_step["name"] in TEMPLATE_STEPS
                else []
            ),
            "kb_query": query,
            "kb_articles": knowledge_articles(query, language=appeal.language or None, service=appeal.service),
            "articles_used": appeal.articles_used.all(),
            "may_link": may_work(appeal, request.user),
            "works_on_appeals": request.user.has_perm("appeals.work_appeal"),
            "index_url": reverse("appeals:index"),
            "now": timezone.now(),
            "not_trained": selectors.not_trained_on(trained, appeal.service_id),
            "screen_links": selectors.appeal_screen_links(appeal, request.user),
            "duplicates": duplicates.possible_duplicates(appeal) if history and appeal.is_open else [],
            "related": duplicates.related_appeals(appeal),
            "merged_appeals": appeal.merged_appeals.all(),
            "may_merge": appeal.is_open and request.user.has_perm("appeals.work_appeal"),
            "attachments": appeal.attachments.all(),
            "documents": appeal.documents.all(),
        },
    )


def _steps(appeal, user, *, opened):
    """The allowed steps as buttons, the first one primary. A step that asks for input opens its form below
    the buttons: the one asked for (`?step=`), else the first step when it is the one that needs input."""
    steps = []
    for name in allowed_steps(appeal, user):
        form = STEP_FORMS[name](initial={"state": appeal.state}, prefix=name)
        steps.append(
            {
                "name": name,
                "label": STEP_LABELS[name],
                "form": form,
                "needs_input": any(not field.is_hidden for field in form),
                "open": False,
            }
        )
    chosen = [step for step in steps if step["name"] == opened and step["needs_input"]]
    if not chosen and steps and steps[0]["needs_input"] and not opened:
        chosen = steps[:1]
    for step in chosen:
        step["open"] = True
    return steps


def _timeline(appeal, user):
    """The events with what happened and the state reached in the reader's language, free text masked for
    readers who may not see personal data."""
    events = list(duplicates.timeline_events(appeal).select_related("actor", "body", "operator", "queue"))
    for event in events:
        event.from_other = event.appeal_id != appeal.pk  # an event of an appeal merged into this one
        event.action_label = EVENT_LABELS.get(event.action, event.action)
        event.to_state_label = Appeal.State(event.to_state).label if event.to_state in Appeal.State.values else ""
        event.reason_shown = masked_text(event.reason, user)
        event.queue_label = role_label(event.queue) if event.queue else ""
    return events


@require_POST
def step(request, pk, name):
    """Run one step (POST only); a stale screen or a second operator's race gets a clear message."""
    _require(request, "appeals.view_appeal")
    appeal = get_object_or_404(Appeal, pk=pk)
    if name not in STEP_SERVICES:
        raise PermissionDenied
    form = STEP_FORMS[name](request.POST, request.FILES, prefix=name)
    back = reverse("appeals_work", args=[appeal.pk])
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[f].label if f in form.fields else ''} {' '.join(e)}" for f, e in form.errors.items()
        )
        messages.error(request, _("Appeal %(number)s: %(errors)s") % {"number": appeal.number, "errors": errors})
        return redirect(back)
    if form.cleaned_data["state"] != appeal.state:
        _refused(request, services.changed_meanwhile(appeal).message)
        return redirect(back)
    try:
        STEP_SERVICES[name](appeal, request.user, form.arguments())
    except services.TransitionRefused as refusal:
        _refused(request, refusal.message)
    else:
        messages.success(
            request, _("Appeal %(number)s: %(step)s — done.") % {"number": appeal.number, "step": STEP_LABELS[name]}
        )
    return redirect(back)


def _refused(request, reason):
    messages.error(request, _("This step could not be taken: %(reason)s. Nothing was changed.") % {"reason": reason})


@require_POST
def link_article(request, pk, article_id):
    """Para 9: keep the Knowledge Base article the answer came from with the appeal."""
    appeal = get_object_or_404(Appeal, pk=pk)
    found = knowledge_articles(pk=article_id)
    if not found:
        raise Http404
    article = found[0]
    try:
        services.link_article(appeal=appeal, user=request.user, article=article)
    except services.TransitionRefused as refusal:
        _refused(request, refusal.message)
    else:
        messages.success(
            request,
            _("“%(article)s” linked to appeal %(number)s.") % {"article": article.title, "number": appeal.number},
        )
    return redirect(reverse("appeals_work", args=[appeal.pk]))


def _other_appeal(request):
    """The appeal named by the form's registration number; None (and a message) when there is none."""
    number = request.POST.get("number", "").strip().upper()
    other = Appeal.objects.filter(number=number).first() if number else None
    if other is None:
        messages.error(request, _("There is no appeal %(number)s. Nothing was changed.") % {"number": number or "—"})
    return other


@require_POST
def merge(request, pk):
    """Issue 19, item 6: close this appeal as merged into the one named by its number."""
    _require(request, "appeals.work_appeal")
    appeal = get_object_or_404(Appeal, pk=pk)
    back = redirect(reverse("appeals_work", args=[appeal.pk]))
    into = _other_appeal(request)
    if into is None:
        return back
    if request.POST.get("state", appeal.state) != appeal.state:
        _refused(request, services.changed_meanwhile(appeal).message)
        return back
    try:
        merging.merge(appeal=appeal, into=into, user=request.user, reason=request.POST.get("reason", ""))
    except services.TransitionRefused as refusal:
        _refused(request, refusal.message)
        return back
    text = _("Appeal %(number)s is merged into %(into)s.") % {"number": appeal.number, "into": into.number}
    messages.success(request, text)
    return redirect(reverse("appeals_work", args=[into.pk]))


@require_POST
def link_appeal(request, pk):
    """Issue 19, item 6: two related appeals, linked both ways."""
    _require(request, "appeals.work_appeal")
    appeal = get_object_or_404(Appeal, pk=pk)
    other = _other_appeal(request)
    if other is not None:
        try:
            merging.link(appeal=appeal, other=other, user=request.user)
        except services.TransitionRefused as refusal:
            _refused(request, refusal.message)
        else:
            messages.success(
                request,
                _("Appeals %(number)s and %(other)s are related.") % {"number": appeal.number, "other": other.number},
            )
    return redirect(reverse("appeals_work", args=[appeal.pk]))


@require_POST
def unlink_appeal(request, pk, other_id):
    _require(request, "appeals.work_appeal")
    appeal = get_object_or_404(Appeal, pk=pk)
    other = get_object_or_404(Appeal, pk=other_id)
    try:
        merging.unlink(appeal=appeal, other=other, user=request.user)
    except services.TransitionRefused as refusal:
        _refused(request, refusal.message)
    else:
        text = _("Appeals %(number)s and %(other)s are no longer related.")
        messages.success(request, text % {"number": appeal.number, "other": other.number})
    return redirect(reverse("appeals_work", args=[appeal.pk]))


def may_open_files(request, appeal):
    """Issue 19, item 7: the files come from the applicant or go to them, so only the roles that see the
    appeal and its applicant open them, and each opening is audited (the admin's login turns anonymous
    readers away before this)."""
    if not (request.user.has_perm("appeals.view_appeal") and may_see_applicant(request.user)):
        return False
    record_access(appeal, request.user, remote_addr=client_ip(request))
    return True


def attachment(request, pk):
    """One attachment, as a download under its safe name (never from a /media/ URL)."""
    file = get_object_or_404(AppealAttachment.objects.select_related("appeal"), pk=pk)
    if not may_open_files(request, file.appeal):
        return HttpResponseForbidden()
    return FileResponse(file.file.open("rb"), as_attachment=True, filename=file.name, content_type=file.content_type)


def mail_document(request, pk, document_id):
    """A file of an e-mail appeal, kept by the mail intake as a document of its restricted collection."""
    appeal = get_object_or_404(Appeal, pk=pk)
    document = get_object_or_404(appeal.documents.all(), pk=document_id)
    if not may_open_files(request, appeal):
        return HttpResponseForbidden()
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)


# The text a suggestion reads: an appeal's first words say what it is about (the search reads 500 characters).
SUGGESTION_TEXT_CHARACTERS = 2000


@require_GET
def kb_suggestions(request):
    """Issue 19, item 3 (para 9): the five best Knowledge Base articles for an appeal's content, as JSON, with
    the parts an operator may insert. `?appeal=<pk>` reads the appeal's own content and language (an e-mail
    appeal as it opens); `?text=` is what the operator is typing on the new-appeal form. Nothing of the text
    comes back: only the articles."""
    _require(request, "appeals.view_appeal")
    text, language = request.GET.get("text", ""), request.GET.get("language", "")
    if request.GET.get("appeal", "").isdigit():
        appeal = get_object_or_404(selectors.appeals(), pk=request.GET["appeal"])
        text, language = appeal.content, appeal.language
    articles = knowledge_suggestions(text[:SUGGESTION_TEXT_CHARACTERS], language=language)
    return JsonResponse({"articles": [_suggestion(article) for article in articles]})


def _suggestion(article):
    return {"id": article.pk, "title": article.title, "url": article.url, "parts": article_parts(article)}


@require_POST
def use_article(request, pk, article_id):
    """A part of an article inserted into the answer: the article is kept as used (para 9), as JSON."""
    appeal = get_object_or_404(Appeal, pk=pk)
    found = knowledge_articles(pk=article_id)
    if not found:
        raise Http404
    try:
        services.link_article(appeal=appeal, user=request.user, article=found[0])
    except services.TransitionRefused as refusal:
        return JsonResponse({"used": False, "error": refusal.message}, status=403)
    return JsonResponse({"used": True})


def new_from_call(request):
    """One screen for the phone operator: the caller's number, the line and the call come pre-filled by GET."""
    _require(request, "appeals.add_appeal")
    if request.method == "POST":
        form = CallForm(request.POST)
        if form.is_valid():
            data = {field: form.cleaned_data[field] for field in CallForm.Meta.fields}
            call_id = form.cleaned_data["call_id"]
            appeal, linked = services.register_call_appeal(user=request.user, call_id=call_id, **data)
            messages.success(request, _("Appeal %(number)s registered.") % {"number": appeal.number})
            if call_id and not linked:
                text = _("Call %(call_id)s was not linked to it: it is not known, or it has another appeal.")
                messages.warning(request, text % {"call_id": call_id})
            return redirect(reverse("appeals_work", args=[appeal.pk]))
    else:
        form = CallForm(initial=CallForm.initial_from_call(request.GET))
    trained = selectors.trained_service_ids(request.user)
    context = {
        "form": form,
        "index_url": reverse("appeals:index"),
        "not_trained": selectors.not_trained_on(trained, _chosen_service_id(form)),
        # The service select warns as soon as it changes (appeals/new_from_call.html); absent with no hook.
        "trained_ids": sorted(trained) if trained is not None else None,
    }
    return TemplateResponse(request, "appeals/new_from_call.html", context)


def _chosen_service_id(form):
    """The service the form shows as chosen: the one sent back, or the one it starts with."""
    value = form["service"].value()
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


@require_POST
def take_next(request):
    """The operator takes the next appeal of their queues; two operators never get the same one."""
    _require(request, "appeals.work_appeal")
    appeal = services.take_next(user=request.user)
    if appeal is None:
        messages.info(request, _("Your queues are empty."))
        return redirect(reverse("appeals:index"))
    messages.success(request, _("Appeal %(number)s is yours now.") % {"number": appeal.number})
    return redirect(reverse("appeals_work", args=[appeal.pk]))


class _Echo:
    def write(self, value):
        return value


EXPORT_COLUMNS = (
    ("number", gettext_lazy("Registration number")),
    ("received_at", gettext_lazy("Received at")),
    ("channel", gettext_lazy("Channel")),
    ("state", gettext_lazy("State")),
    ("due_at", gettext_lazy("Answer due by")),
    ("applicant_name", gettext_lazy("Applicant")),
    ("applicant_phone", gettext_lazy("Phone")),
    ("applicant_email", gettext_lazy("E-mail")),
    ("region", gettext_lazy("Region")),
    ("content", gettext_lazy("Content")),
    ("measures_taken", gettext_lazy("Measures taken")),
)


def export_rows(queryset, user):
    """The export's rows: personal data in full only for the roles that may see it (each appeal's view
    audited), masked for everyone else; a cell a spreadsheet would run as a formula is quoted."""
    full = may_see_applicant(user)
    yield [str(label) for _name, label in EXPORT_COLUMNS]
    for appeal in queryset.iterator(chunk_size=500):
        shown = applicant(appeal, user) if full else masked_applicant(appeal)
        values = {
            "number": appeal.number,
            "received_at": appeal.received_at.isoformat(),
            "channel": appeal.get_channel_display(),
            "state": appeal.get_state_display(),
            "due_at": appeal.due_at.isoformat() if appeal.due_at else "",
            "applicant_name": shown["name"],
            "applicant_phone": shown["phone"],
            "applicant_email": shown["email"],
            "region": str(appeal.region or ""),
            "content": appeal.content if full else mask_personal_data(appeal.content),
            "measures_taken": appeal.measures_taken if full else mask_personal_data(appeal.measures_taken),
        }
        yield [_inert(str(values[name])) for name, _label in EXPORT_COLUMNS]


def _inert(value):
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


def export_csv(request):
    """The listing as CSV, with its filters (at most 10,000 rows)."""
    _require(request, "appeals.view_appeal")
    queryset = filtered_appeals(request)[:10_000]
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in replica_rows(export_rows(queryset, request.user))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="appeals.csv"'
    return response


# --- issue 20, item 5: the "test this rule" box of the routing rules ---------------------------------


def routing_try_context(data):
    """The box's form and, when it was sent valid, the rule a sample appeal would meet and its queue."""
    form = RoutingTryForm(data or None, initial={"channel": Appeal.Channel.EMAIL})
    context = {"try_form": form, "tried": False, "rule": None, "queue_label": ""}
    if data and form.is_valid():
        rule = routing.try_rules(**form.cleaned_data)
        context.update(tried=True, rule=rule, queue_label=role_label(rule.queue) if rule else "")
    return context


def routing_try(request):
    """Which queue a sample appeal would join, and by which rule (nothing is registered)."""
    _require(request, "appeals.view_routingrule")
    return TemplateResponse(request, "appeals/routing/try.html", routing_try_context(request.GET))
