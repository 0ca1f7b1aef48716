"""django-q entry points of the e-mail intake (para 8): thin and idempotent."""

from django.conf import settings

from . import mail
from .mailbox import configured_reader


def fetch_mail():
    """Every minute: read up to `UCC_MAIL_BATCH` messages and retry acknowledgements the mail server refused."""
    report = configured_reader().run(limit=settings.UCC_MAIL_BATCH)
    resent = mail.send_pending()
    return {"read": report.read, **report.statuses, "mail_resent": resent}
