"""Documents that belong to the internal Knowledge Base (issue 14, defect 17).

Wagtail serves every document to anyone unless its collection carries a view restriction; a file attached to
an internal article (paras 3.4, 9: the KB is for operators) was one URL away from any visitor. A document that
an internal page uses, as Wagtail's reference index records it, is served only to people with admin access;
the headless API leaves it out.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex

from .selectors import public_pages


def _internal_page_ids():
    return Page.objects.exclude(pk__in=public_pages().values("pk")).values_list("pk", flat=True)


def internal_document_ids():
    """Ids of the documents that at least one internal page (a KB page, a restricted or unpublished page) uses."""
    page_type = ContentType.objects.get_for_model(Page)
    document_type = ContentType.objects.get_for_model(get_document_model())
    references = ReferenceIndex.objects.filter(base_content_type=page_type, to_content_type=document_type)
    internal = {str(pk) for pk in _internal_page_ids()}
    return {
        int(document_id)
        for document_id, page_id in references.values_list("to_object_id", "object_id")
        if page_id in internal
    }


def is_internal_document(document) -> bool:
    page_ids = [
        int(page_id)
        for page_id in ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    ]
    return bool(page_ids) and Page.objects.filter(pk__in=page_ids).exclude(pk__in=public_pages().values("pk")).exists()
