"""What the apps that send mail read: the edited text of a notification, rendered, or None.

`compose` is the one call a sender makes. None means nobody edited the notification in this language, and
the sender writes its mail from its template files as it always did (so mail does not change until edited).
"""

from dataclasses import dataclass

from django.utils import translation

from . import registry, rendering
from .models import NotificationTemplate


@dataclass(frozen=True)
class Composed:
    subject: str
    text: str
    html: str  # the text, escaped, in paragraphs: for the mails that have an HTML part


def compose(key, values, language=None):
    """The mail `key` written from its edited template in `language` (the active language by default),
    with the placeholders' `values`; None when that template is not customised."""
    notification = registry.get(key)
    language = (language or translation.get_language() or "kk")[:2]
    if notification is None or language not in registry.LANGUAGES:
        return None
    template = NotificationTemplate.objects.filter(key=key, language=language).first()
    if template is None or not template.is_customised:
        return None
    subject, body = template.effective_text()
    allowed = {name: values.get(name, "") for name in notification.placeholders}
    return Composed(
        subject=" ".join(rendering.render(subject, allowed).split()),
        text=rendering.render(body, allowed),
        html=rendering.render(body, allowed, html=True),
    )


def templates():
    return NotificationTemplate.objects.order_by("key", "language")
