"""The notifications each app declares: their key, placeholders, sample values and shipped default text.

An app that sends mail declares its notifications in its `AppConfig.ready` (its `notifications.py`
module calls `register`), so this low app knows every mail without importing any app above it.
The shipped default is today's text of the app's template files, written with the placeholders; a mail
is sent from its template file until someone edits it (see `selectors.compose`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

LANGUAGES = ("kk", "ru", "en")


@dataclass(frozen=True)
class Notification:
    key: str  # "appeals.give_answer": the app's label, a dot, the mail's name
    label: str  # lazily translated: what the administrator reads in the listing
    placeholders: dict  # name -> what it holds (lazily translated), in the order offered
    sample: dict  # name -> the sample record's value, for the preview
    default: Callable[[str], tuple]  # language -> (subject, body), the shipped text in the safe language
    paragraph: str = ""  # the paragraph of the Rules the mail serves
    # The languages the mail is written in: a mail sent "Kazakh, then Russian" to bodies has no English text.
    languages: tuple = field(default=LANGUAGES)
    # Placeholders an edited subject must keep (a reply threads back to its record by the number in it).
    required_in_subject: tuple = ()


_NOTIFICATIONS = {}


def register(notification):
    """Declare a notification (idempotent: the same key declared again replaces the first)."""
    _NOTIFICATIONS[notification.key] = notification
    return notification


def get(key):
    return _NOTIFICATIONS.get(key)


def all_notifications():
    return sorted(_NOTIFICATIONS.values(), key=lambda notification: notification.key)
