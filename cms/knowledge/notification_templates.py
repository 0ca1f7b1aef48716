"""The KB editors' "review needed" mail (paras 3.4, 9) as an editable notification template (issue 20,
item 3); its shipped default is `knowledge/email/review_needed.txt` with the placeholders (today in English)."""

from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy

from workflows.notifications.registry import Notification, register
from workflows.notifications.rendering import placeholder

KEY = "knowledge.review_needed"
PLACEHOLDERS = {
    "article_title": gettext_lazy("the article's title"),
    "reason": gettext_lazy("why it needs a review"),
    "edit_url": gettext_lazy("the link to edit the article"),
}
SAMPLE = {
    "article_title": "Как получить справку о несудимости",
    "reason": "Срок проверки статьи истёк 01.12.2026.",
    "edit_url": "https://ucc.example.kz/admin/pages/42/edit/",
}


def _default(language):
    context = {
        "article": SimpleNamespace(title=placeholder("article_title")),
        "reason": placeholder("reason"),
        "edit_url": placeholder("edit_url"),
    }
    text = render_to_string("knowledge/email/review_needed.txt", context).strip()
    return f"Knowledge Base: review needed — {placeholder('article_title')}", text


def register_notifications():
    register(
        Notification(
            key=KEY,
            label=gettext_lazy("Knowledge Base article needs a review (paras 3.4, 9)"),
            placeholders=PLACEHOLDERS,
            sample=SAMPLE,
            default=_default,
            paragraph="3.4, 9",
        )
    )
