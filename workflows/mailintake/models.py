"""E-mail appeals as they arrived (para 8): every message read from the mailbox, whatever became of it.

`InboundMessage` keeps the raw bytes of each message in the database (`BinaryField`), in the same
transaction as its status and its appeal: when the mailbox is told the message is done, the raw copy
is already committed — a file written beside the row could be lost or orphaned by a crash between the
two. `OutboundMessage` is our mail in the thread (acknowledgement, answer) with the Message-ID we
generated, so a citizen's reply (`In-Reply-To`) finds its appeal.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InboundMessage(models.Model):
    """One message received by e-mail; `raw_sha256` makes reading the same bytes twice a no-op."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered as an appeal")
        ATTACHED = "attached_to_thread", _("attached to its appeal's thread")
        DUPLICATE = "duplicate", _("duplicate (same Message-ID)")
        AUTO_REPLY = "auto_reply_ignored", _("auto-reply, bounce or list mail: ignored")
        QUARANTINED = "quarantined", _("quarantined: could not be read")
        OTHER_DESK = "other_desk", _("taken by another desk (an ICT request)")

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True, null=True, blank=True)
    raw_sha256 = models.CharField(_("SHA-256 of the raw message"), max_length=64, unique=True, editable=False)
    raw = models.BinaryField(_("raw message (.eml)"))
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    source = models.CharField(_("read from"), max_length=500, blank=True)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    processed_at = models.DateTimeField(_("processed at"), auto_now=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    sender = models.CharField(_("sender"), max_length=320, blank=True)
    subject = models.TextField(_("subject"), blank=True)
    text = models.TextField(_("text"), blank=True)
    in_reply_to = models.TextField(_("In-Reply-To / References"), blank=True)
    auto_reason = models.CharField(_("why no acknowledgement"), max_length=200, blank=True)
    appeal = models.ForeignKey(
        "appeals.Appeal",
        verbose_name=_("appeal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inbound_messages",
    )
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("duplicate of"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    error = models.TextField(_("error"), blank=True)

    wagtail_reference_index_ignore = True  # nothing here links content; indexing it would only cost time

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("received e-mail")
        verbose_name_plural = _("received e-mails")
        permissions = [("reprocess_inboundmessage", "Can reprocess quarantined e-mail")]

    def __str__(self):
        return f"{self.sender or '?'}: {self.subject[:60] or self.message_id or self.raw_sha256[:12]}"

    @property
    def raw_bytes(self):
        return bytes(self.raw or b"")

    @property
    def raw_headers(self):
        """The header block as text (for the supervisor's screen; always shown escaped)."""
        head = self.raw_bytes.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
        return head[: 64 * 1024].decode("utf-8", errors="replace")


class QuarantineManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(status=InboundMessage.Status.QUARANTINED)


class QuarantinedMessage(InboundMessage):
    """Para 8's safety net: the messages that could not be read, kept whole for a supervisor to reprocess."""

    objects = QuarantineManager()

    class Meta:
        proxy = True
        verbose_name = _("quarantined e-mail")
        verbose_name_plural = _("e-mail quarantine")


class OutboundMessage(models.Model):
    """Our mail in an appeal's thread, sent once; its Message-ID threads the citizen's replies."""

    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = "acknowledgement", _("acknowledgement of registration")
        ANSWER = "answer", _("answer")

    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.CASCADE, related_name="outbound_messages")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    in_reply_to = models.CharField(_("in reply to"), max_length=255, blank=True)
    to = models.CharField(_("to"), max_length=320)
    subject = models.CharField(_("subject"), max_length=500)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("e-mail sent")
        verbose_name_plural = _("e-mails sent")
        constraints = [models.UniqueConstraint(fields=["appeal", "kind"], name="mail_once_per_appeal_and_kind")]

    def __str__(self):
        return f"{self.appeal} {self.kind}"
