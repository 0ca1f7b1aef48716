"""The notification templates in the Wagtail admin: a snippet per notification and language, edited with a
live preview on the notification's sample record, and "Reset to the shipped default" under the form."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.action_menu import ActionMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from workflows.accounts.admin_menu import PermittedMenuItem

from . import services
from .models import NotificationTemplate
from .rendering import placeholder

RESET_ACTION = "action-reset"


class TemplatesPermissionPolicy(ModelPermissionPolicy):
    """The rows come from the apps' declarations: edited and reset, never added or deleted by hand."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)


register_permission_policy(NotificationTemplate, TemplatesPermissionPolicy(NotificationTemplate))


class NotificationTemplateForm(WagtailAdminModelForm):
    """Shows the shipped default where the template is not edited, names the placeholders offered, and stores
    a part left equal to its default as empty (it then follows the shipped text)."""

    subject = forms.CharField(label=gettext_lazy("subject"), max_length=300, required=False)
    body = forms.CharField(label=gettext_lazy("text"), required=False, widget=forms.Textarea(attrs={"rows": 18}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        notification = instance.notification
        default_subject, default_body = instance.default_text()
        self.initial["subject"] = instance.subject or default_subject
        self.initial["body"] = instance.body or default_body
        if notification is not None:
            offered = "; ".join(
                f"{placeholder(name)} — {description}" for name, description in notification.placeholders.items()
            )
            self.fields["body"].help_text = _(
                "Placeholders offered: %(offered)s. A line whose placeholders are all empty is left out."
            ) % {"offered": offered}
            self.fields["subject"].help_text = _("The same placeholders as the text.")

    def clean(self):
        cleaned = super().clean()
        subject, body = services.unless_default(self.instance, cleaned.get("subject"), cleaned.get("body"))
        cleaned["subject"], cleaned["body"] = subject, body
        return cleaned


class ResetMenuItem(ActionMenuItem):
    label = gettext_lazy("Reset to the shipped default")
    name = RESET_ACTION
    icon_name = "undo"

    def is_shown(self, context):
        instance = context.get("instance")
        return (
            context.get("view") == "edit"
            and isinstance(instance, NotificationTemplate)
            and instance.is_customised
            and context["request"].user.has_perm("notifications.change_notificationtemplate")
        )


class NotificationTemplateEditView(EditView):
    def post(self, request, *args, **kwargs):
        if RESET_ACTION in request.POST:
            services.reset(self.object)
            messages.success(request, _("“%(template)s” is reset to the shipped default.") % {"template": self.object})
            return redirect(self.get_edit_url())
        return super().post(request, *args, **kwargs)


class NotificationTemplateViewSet(SnippetViewSet):
    model = NotificationTemplate
    icon = "mail"
    menu_label = gettext_lazy("Notification templates")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_view_class = NotificationTemplateEditView
    list_display = [
        Column("label", label=capfirst(gettext_lazy("notification"))),
        "key",
        "language",
        BooleanColumn("is_customised", label=gettext_lazy("edited")),
        "updated_at",
    ]
    list_filter = ["language"]
    search_fields = ["key", "subject", "body"]
    search_backend_name = None
    edit_handler = ObjectList([FieldPanel("subject"), FieldPanel("body")], base_form_class=NotificationTemplateForm)

    def get_queryset(self, request):
        services.sync_templates()  # a notification declared since the last migrate is listed too
        return NotificationTemplate.objects.order_by("key", "language")


register_snippet(NotificationTemplateViewSet)


@hooks.register("register_snippet_action_menu_item")
def reset_menu_item(model):
    return ResetMenuItem(order=5) if model is NotificationTemplate else None


@hooks.register("register_settings_menu_item")
def notification_templates_menu_item():
    return PermittedMenuItem(
        gettext_lazy("Notification templates"),
        reverse(NotificationTemplate.snippet_viewset.get_url_name("list")),
        icon_name="mail",
        order=450,
        permission="notifications.change_notificationtemplate",
    )
