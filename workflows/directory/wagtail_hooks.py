"""The directory in the Wagtail admin. A body's responsible person sees only their own body."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from workflows.accounts.roles import is_restricted_to_own_body, own_body_ids

from .models import Region, StateBody

NAME_PANELS = MultiFieldPanel([FieldPanel("name_kk"), FieldPanel("name_ru"), FieldPanel("name_en")], heading="Name")


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    menu_label = _("Regions")
    list_display = ["name_ru", "name_kk", "kato_code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name_kk", "name_ru", "name_en", "kato_code"]
    panels = [FieldRowPanel([FieldPanel("kato_code"), FieldPanel("kind")]), NAME_PANELS]


class StateBodyViewSet(SnippetViewSet):
    model = StateBody
    icon = "group"
    menu_label = _("State bodies")
    list_display = ["name_ru", "short_name", "kind", "region", "phone", "email"]
    list_filter = ["kind", "region", "is_active"]
    search_fields = ["name_kk", "name_ru", "name_en", "short_name", "code"]
    list_per_page = 50
    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("kind"), FieldPanel("is_active")]),
        NAME_PANELS,
        FieldPanel("short_name"),
        FieldPanel("region"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")]),
    ]

    def get_queryset(self, request):
        """A body's responsible person lists only their own body (para 20: each body answers for its services)."""
        queryset = StateBody.objects.select_related("region")
        if is_restricted_to_own_body(request.user):
            queryset = queryset.filter(pk__in=own_body_ids(request.user))
        return queryset


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "group"
    menu_order = 700
    items = (StateBodyViewSet, RegionViewSet)


register_snippet(DirectoryViewSetGroup)
