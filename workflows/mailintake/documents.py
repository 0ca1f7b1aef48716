"""Attachments of e-mail appeals kept as Wagtail documents, in a collection only the appeal handlers may open.

The stored file name is generated (`parsing.safe_name`) under a folder of the message's hash; the
sender's own file name is only the document's title.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

COLLECTION_NAME = "E-mail attachments"


def attachments_collection():
    """The restricted collection (created on first use): not served, not in the API, to anyone else."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=COLLECTION_NAME)
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(Group.objects.filter(name__in=settings.UCC_MAIL_ATTACHMENT_GROUPS))
    return collection


def store_attachments(parsed, *, folder):
    """A document per attachment within the size cap; the ones over it (and empty ones, e.g. cut off in
    a truncated message) stay only in the raw message."""
    documents = []
    kept = [attachment for attachment in parsed.attachments if not attachment.over_cap and attachment.size]
    if not kept:
        return documents
    collection = attachments_collection()
    Document = get_document_model()
    for attachment in kept:
        document = Document(title=attachment.filename[:255], collection=collection)
        document.file.save(f"mail/{folder}/{attachment.storage_name}", ContentFile(attachment.content), save=False)
        document.save()
        documents.append(document)
    return documents
