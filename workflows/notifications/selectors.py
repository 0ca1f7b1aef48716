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
    if notification is None or language not in notification.languages:
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


def compose_in_languages(key, values_for, *, subject_separator=" / ", text_separator="\n\n----------\n\n"):
    """A mail written in several languages one after the other (Kazakh, then Russian) from its edited
    templates: None when none of its languages is edited (the sender then writes it from its files); else
    (subject, text), each language from its edited template or, where not edited, its shipped default.
    `values_for(language)` gives the placeholders' values in that language."""
    notification = registry.get(key)
    if notification is None:
        return None
    rows = {row.language: row for row in NotificationTemplate.objects.filter(key=key)}
    if not any(row.is_customised for row in rows.values()):
        return None
    subjects, texts = [], []
    for language in notification.languages:
        row = rows.get(language) or NotificationTemplate(key=key, language=language)
        subject, body = row.effective_text()
        values = values_for(language)
        allowed = {name: values.get(name, "") for name in notification.placeholders}
        subjects.append(" ".join(rendering.render(subject, allowed).split()))
        texts.append(rendering.render(body, allowed))
    return subject_separator.join(subjects), text_separator.join(texts)
