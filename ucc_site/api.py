"""Wagtail's headless API (v2): public pages, images, documents and the registry, read-only."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.home.selectors import public_pages
from cms.search.views import SearchAPIEndpoint
from workflows.registry.api import ServicesAPIViewSet


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Only published public content: never a draft, a Knowledge Base page or a restricted page,
    whoever is signed in (the admin has its own, permission-checked views)."""

    def get_base_queryset(self):
        return public_pages(super().get_base_queryset())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("services", ServicesAPIViewSet)
api_router.register_endpoint("search", SearchAPIEndpoint)  # /api/v2/search/?q=&lang= (public content)
