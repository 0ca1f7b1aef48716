"""The listing's filters: the operator's views (my queue, all open, due soon, overdue) and the fields."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from workflows.directory.models import Region
from workflows.registry.models import PublicService

from . import selectors
from .models import Appeal

VIEWS = {
    "mine": (_("My queue"), lambda request: selectors.my_queue(request.user)),
    "open": (_("All open"), lambda request: selectors.open_appeals()),
    "due_soon": (_("Due soon"), lambda request: selectors.due_soon()),
    "overdue": (_("Overdue"), lambda request: selectors.overdue()),
    "unassigned": (_("Waiting without an operator"), lambda request: selectors.unassigned_too_long()),
}


class AppealFilterSet(WagtailFilterSet):
    view = django_filters.ChoiceFilter(
        label=_("List"), choices=[(key, label) for key, (label, _query) in VIEWS.items()], method="filter_view"
    )
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all(), label=_("Region"))
    service = django_filters.ModelChoiceFilter(queryset=PublicService.objects.all(), label=_("Public service"))

    class Meta:
        model = Appeal
        fields = ["view", "state", "channel", "region", "service", "topic", "is_complaint", "operator", "queue"]

    def filter_view(self, queryset, name, value):
        return queryset & VIEWS[value][1](self.request) if value in VIEWS else queryset


def filtered_appeals(request):
    """The listing's rows for `request` (its filters and search), as the CSV export needs them."""
    filters = AppealFilterSet(data=request.GET, queryset=selectors.appeals(), request=request)
    queryset = filters.qs if filters.is_valid() else selectors.appeals()
    query = request.GET.get("q", "").strip()
    return selectors.search(queryset, query) if query else queryset
