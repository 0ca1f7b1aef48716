"""The read-only registry endpoint of the headless API: `/api/v2/services/?register_number=&provider=`.

Partners (egov.kz, akimats' sites) look a service up by its register number or list a provider's
services; the answer carries the registry's facts only — never the responsible persons' contacts.
"""

from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend
from wagtail.api import APIField
from wagtail.api.v2.filters import OrderingFilter
from wagtail.api.v2.views import BaseAPIViewSet

from .models import PublicService


class ProviderSerializer(serializers.Field):
    def to_representation(self, providers):
        return [{"code": body.code, "name_kk": body.name_kk, "name_ru": body.name_ru} for body in providers.all()]


class RegistryFilter(BaseFilterBackend):
    """`register_number` matches exactly (leading zeros count); `provider` is a state body's code."""

    def filter_queryset(self, request, queryset, view):
        number = request.GET.get("register_number", "").strip()
        provider = request.GET.get("provider", "").strip()
        if number:
            queryset = queryset.filter(register_number=number)
        if provider:
            queryset = queryset.filter(providers__code=provider).distinct()
        return queryset


class ServicesAPIViewSet(BaseAPIViewSet):
    name = "services"
    model = PublicService
    filter_backends = [RegistryFilter, OrderingFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters | {"register_number", "provider"}
    body_fields = BaseAPIViewSet.body_fields + [
        "register_number",
        "name_kk",
        "name_ru",
        "name_en",
        "category",
        "ucc_status",
        "consulted_since",
        "bylaw_title",
        "bylaw_number",
        "bylaw_date",
        "bylaw_url",
        "web_resource",
        APIField("providers", serializer=ProviderSerializer()),
    ]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + [
        "register_number",
        "name_kk",
        "name_ru",
        "name_en",
        "ucc_status",
        "providers",
    ]

    def get_queryset(self):
        return PublicService.objects.prefetch_related("providers").order_by("register_number")
