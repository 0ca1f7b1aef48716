"""The operators' search screen and the editable list of synonyms, in the Wagtail admin."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SynonymGroup
from .views import admin_search


@hooks.register("register_admin_urls")
def register_search_url():
    return [path("ucc-search/", admin_search, name="ucc_search")]


@hooks.register("register_admin_menu_item")
def register_search_menu_item():
    return MenuItem(_("Search the Knowledge Base"), reverse("ucc_search"), icon_name="search", order=150)


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "list-ul"
    menu_label = _("Search synonyms")
    menu_order = 900
    add_to_admin_menu = False
    list_display = ["__str__", "note"]


register_snippet(SynonymGroupViewSet)
