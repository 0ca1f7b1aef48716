"""The blocks of a service page: the list of documents a citizen brings."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

DOCUMENT_BLOCKS = [
    ("document", blocks.TextBlock(label=_("Document"), help_text=_("One document, as the by-law names it."))),
]
