"""Which state body a user speaks for: a body's responsible person sees only that body's records."""

from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="body_memberships", verbose_name=_("user")
    )
    body = models.ForeignKey(
        "directory.StateBody", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("state body")
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "body"], name="unique_body_membership")]
        verbose_name = _("body membership")
        verbose_name_plural = _("body memberships")

    def __str__(self):
        return f"{self.user} — {self.body}"


auditlog.register(BodyMembership)
auditlog.register(
    get_user_model(),
    exclude_fields=["password", "last_login"],
    mask_fields=["email", "first_name", "last_name"],
    m2m_fields={"groups"},
)
