"""The phone lines of the UCC (para 7) and the citizens' ratings (para 13).

`Integration` is a phone system allowed to post call events (a bearer token, kept only as its SHA-256).
`Call` is one call on the free lines 1414 or 8 800 080 7777, keyed by the phone system's own call id, so
the same event posted twice is recognised. `Rating` is the five-point score of para 13: from the IVR right
after a call, or from the signed link in the answer to an e-mail or web appeal.
"""

import hashlib
import secrets

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.appeals.models import Appeal

TOKEN_PREFIX = "ucc_tel_"
# Para 7: the average wait for an answer on the line is thirty seconds from the moment the person calls.


def hash_token(token):
    """Tokens are 256-bit random strings: one SHA-256 is enough to keep a database leak from revealing them,
    and cheap enough to check on every one of hundreds of events a second."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Integration(models.Model):
    """A phone system (PBX, IVR, call-log exporter) allowed to use the telephony API with its own token."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_hint = models.CharField(_("token starts with"), max_length=16, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    requests_per_minute = models.PositiveIntegerField(
        _("requests per minute"), default=60_000, help_text=_("Requests over this number in a minute get 429.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("phone system integration")
        verbose_name_plural = _("phone system integrations")

    def __str__(self):
        return self.name

    def issue_token(self):
        """A new token (the old one stops working); returned once and never stored in clear."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.token_hint = token[: len(TOKEN_PREFIX) + 4]
        return token


class Call(models.Model):
    """One call on a free line (para 7), as the phone system reported it."""

    class Line(models.TextChoices):
        LINE_1414 = Appeal.Channel.PHONE_1414.value, _("1414")
        LINE_8800 = Appeal.Channel.PHONE_8800.value, _("8 800 080 7777")

    call_id = models.CharField(_("call id in the phone system"), max_length=100, unique=True)
    integration = models.ForeignKey(
        Integration, verbose_name=_("reported by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    line = models.CharField(_("line"), max_length=16, choices=Line.choices)
    caller_number = models.CharField(_("caller's number"), max_length=50, blank=True)
    started_at = models.DateTimeField(_("started at"))
    wait_seconds = models.PositiveIntegerField(_("waiting time on the line, s"))
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("operator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    talk_seconds = models.PositiveIntegerField(_("talk time, s"), null=True, blank=True)
    recording_reference = models.CharField(_("recording"), max_length=255, blank=True)
    appeal = models.ForeignKey(
        Appeal, verbose_name=_("appeal"), null=True, blank=True, on_delete=models.SET_NULL, related_name="calls"
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        indexes = [
            models.Index(fields=["started_at"], name="call_started"),
            models.Index(fields=["operator", "started_at"], name="call_operator_started"),
        ]
        permissions = [("view_dashboard", "Can see the supervisor dashboard (calls, waiting time, ratings)")]

    def __str__(self):
        return self.call_id

    @property
    def is_open(self):
        return self.closed_at is None


class Rating(models.Model):
    """Para 13: the citizen's score of the consultation, 1 to 5, given once per call or per written appeal."""

    SCORES = range(1, 6)

    call = models.OneToOneField(
        Call, verbose_name=_("call"), null=True, blank=True, on_delete=models.CASCADE, related_name="rating"
    )
    appeal = models.OneToOneField(
        Appeal, verbose_name=_("appeal"), null=True, blank=True, on_delete=models.CASCADE, related_name="rating"
    )
    score = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    channel = models.CharField(_("channel"), max_length=16, choices=Appeal.Channel.choices)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("operator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ratings",
    )
    service = models.ForeignKey(
        "registry.PublicService",
        verbose_name=_("public service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ratings",
    )
    created_at = models.DateTimeField(_("rated at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_one_to_five"),
            models.CheckConstraint(
                condition=models.Q(call__isnull=False, appeal__isnull=True)
                | models.Q(call__isnull=True, appeal__isnull=False),
                name="rating_of_a_call_or_an_appeal",
            ),
        ]

    def __str__(self):
        return f"{self.call or self.appeal}: {self.score}"


class CallLogImport(models.Model):
    """One call-log file from the phone system: kept from its preview until it is imported."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("previewed, waiting for confirmation")
        IMPORTED = "imported", _("imported")

    file_name = models.CharField(_("file"), max_length=255)
    content = models.BinaryField(_("content"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PREVIEWED)
    totals = models.JSONField(_("rows"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("call-log import")
        verbose_name_plural = _("call-log imports")

    def __str__(self):
        return self.file_name


# Calls come hundreds a second from a machine and are not audited row by row; who may call the API is.
auditlog.register(Integration, exclude_fields=["token_hash"])
