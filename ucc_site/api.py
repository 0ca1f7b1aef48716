"""Wagtail's headless API (v2): public pages, images, documents and the registry, read-only."""

from urllib.parse import urlsplit

from django.conf import settings
from rest_framework.fields import SkipField
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentDownloadUrlField, DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.knowledge.documents import internal_document_ids
from cms.knowledge.selectors import public_pages
from cms.search.views import SearchAPIEndpoint
from workflows.registry.api import ServicesAPIViewSet


def site_address(request) -> str:
    """Where a partner reaches us: `WAGTAILAPI_BASE_URL` when set (production, behind the proxy), else the
    scheme and host the request came to. Wagtail's default is the Site record's hostname, `localhost` in
    every fresh install, so every URL the API gave pointed at the reader's own machine (issue 14, defect 10).
    The host is one ALLOWED_HOSTS admits: `get_host()` refuses any other."""
    configured = getattr(settings, "WAGTAILAPI_BASE_URL", None)
    if configured:
        parts = urlsplit(configured)
        return f"{parts.scheme}://{parts.netloc}"
    return f"{request.scheme}://{request.get_host()}"


def _absolute(request, url: str | None) -> str | None:
    if not url or url.startswith(("http://", "https://")):
        return url
    return site_address(request) + url


class DetailUrlField(wagtail_serializers.DetailUrlField):
    def get_attribute(self, instance):
        path = self.context["router"].get_object_detail_urlpath(type(instance), instance.pk)
        if not path:
            raise SkipField  # no endpoint for that model, as Wagtail's
        return _absolute(self.context["request"], path)


class PageHtmlUrlField(wagtail_serializers.PageHtmlUrlField):
    def to_representation(self, page):
        request = self.context["request"]
        return _absolute(request, page.get_url(request=request))


class PageParentField(wagtail_serializers.PageParentField):
    """Wagtail's builds the parent's serializer from its own PageSerializer, with its own URLs."""

    def to_representation(self, value):
        serializer_class = wagtail_serializers.get_serializer_class(
            value.__class__,
            ["id", "type", "detail_url", "html_url", "title"],
            meta_fields=["type", "detail_url", "html_url"],
            base=PageSerializer,
        )
        return serializer_class(context=self.context).to_representation(value)


class PageSerializer(wagtail_serializers.PageSerializer):
    detail_url = DetailUrlField(read_only=True)
    html_url = PageHtmlUrlField(read_only=True)
    parent = PageParentField(read_only=True)


class AddressedSerializer(wagtail_serializers.BaseSerializer):
    detail_url = DetailUrlField(read_only=True)


class AddressedDocumentSerializer(DocumentSerializer):
    class DownloadUrlField(DocumentDownloadUrlField):
        def to_representation(self, document):
            return _absolute(self.context["request"], document.url)

    detail_url = DetailUrlField(read_only=True)
    download_url = DownloadUrlField(read_only=True)


class AddressedImageSerializer(ImageSerializer):
    detail_url = DetailUrlField(read_only=True)


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Only published public content: never a draft, a Knowledge Base page or a restricted page,
    whoever is signed in (the admin has its own, permission-checked views)."""

    base_serializer_class = PageSerializer

    def get_base_queryset(self):
        return public_pages(super().get_base_queryset())


class AddressedDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Documents outside restricted collections (Wagtail's filter) and not used by an internal page."""

    base_serializer_class = AddressedDocumentSerializer

    def get_queryset(self):
        return super().get_queryset().exclude(pk__in=internal_document_ids())


class AddressedImagesAPIViewSet(ImagesAPIViewSet):
    base_serializer_class = AddressedImageSerializer


class AddressedServicesAPIViewSet(ServicesAPIViewSet):
    base_serializer_class = AddressedSerializer


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", AddressedImagesAPIViewSet)
api_router.register_endpoint("documents", AddressedDocumentsAPIViewSet)
api_router.register_endpoint("services", AddressedServicesAPIViewSet)
api_router.register_endpoint("search", SearchAPIEndpoint)  # /api/v2/search/?q=&lang= (public content)
