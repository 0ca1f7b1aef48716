"""Reference lists (issue 20, item 4): the values the forms, screens and filters offer — appeal topics,
channels' names, applicant kinds, the Knowledge Base's audiences and topics, life situations, ICT request
types — kept by an administrator in the Wagtail admin instead of being coded choices.

Records keep storing the entry's `code` (as they stored the coded choice before), so existing data, reports
and tests stay valid. An entry is ordered, named in kk/ru/en, and deactivated rather than deleted: a
deactivated entry is not offered for new records, but records that have it still show its name.

Some lists are logic: the code branches on their codes (a channel decides the para 8 term, an appeal's state
is its machine, an ICT request type has its terms). Their entries are `fixed`: the code and the set of
entries stay as shipped; an administrator edits only their names and their order.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from workflows.configuration.registry import register as register_configuration


class ListName(models.TextChoices):
    APPEAL_TOPIC = "appeal_topic", _("appeal topics")
    APPEAL_CHANNEL = "appeal_channel", _("appeal channels")
    APPEAL_OUTCOME = "appeal_outcome", _("appeal states and outcomes")
    APPLICANT_KIND = "applicant_kind", _("applicant kinds")
    KB_AUDIENCE = "kb_audience", _("Knowledge Base audiences")
    KB_TOPIC = "kb_topic", _("Knowledge Base topics")
    LIFE_SITUATION = "life_situation", _("life situations")
    ICT_REQUEST_TYPE = "ict_request_type", _("ICT request types")


# The lists whose codes the code branches on: names and order editable, codes and membership fixed.
FIXED_LISTS = frozenset({ListName.APPEAL_CHANNEL, ListName.APPEAL_OUTCOME, ListName.ICT_REQUEST_TYPE})
# The longest code the records' columns hold (Appeal.topic is 16 characters, KB topics 20, ...).
CODE_LENGTH = {
    ListName.APPEAL_TOPIC: 16,
    ListName.APPEAL_CHANNEL: 16,
    ListName.APPEAL_OUTCOME: 16,
    ListName.APPLICANT_KIND: 16,
    ListName.KB_AUDIENCE: 20,
    ListName.KB_TOPIC: 20,
    ListName.LIFE_SITUATION: 16,
    ListName.ICT_REQUEST_TYPE: 16,
}

code_validator = RegexValidator(r"^[a-z0-9_]+$", _("Use lowercase Latin letters, digits and underscores only."))


class ListEntry(models.Model):
    """One value of a reference list: its stored code, its names in the three languages, its place and
    whether it is still offered for new records."""

    list_name = models.CharField(_("list"), max_length=32, choices=ListName.choices, db_index=True)
    code = models.CharField(
        _("code"),
        max_length=32,
        validators=[code_validator],
        help_text=_("Stored in the records; it cannot change once the entry is saved."),
    )
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    sort_order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("A deactivated entry is not offered for new records; old ones keep it.")
    )
    fixed = models.BooleanField(_("used by the code"), default=False, editable=False)

    sort_order_field = "sort_order"

    class Meta:
        ordering = ["list_name", "sort_order", "id"]
        verbose_name = _("reference list entry")
        verbose_name_plural = _("reference list entries")
        constraints = [models.UniqueConstraint(fields=["list_name", "code"], name="list_entry_code_once")]

    def __str__(self):
        return self.name

    @property
    def name(self):
        language = (translation.get_language() or "kk")[:2]
        return getattr(self, f"name_{language}", "") or self.name_kk or self.code

    def clean(self):
        errors = {}
        stored = ListEntry.objects.filter(pk=self.pk).values("list_name", "code", "fixed").first() if self.pk else None
        if stored is None:
            if self.list_name in FIXED_LISTS:
                errors["list_name"] = _(
                    "The entries of this list are used by the code: their names and order can change, "
                    "but an entry cannot be added."
                )
            limit = CODE_LENGTH.get(self.list_name)
            if limit and self.code and len(self.code) > limit:
                errors["code"] = _("At most %(limit)d characters for this list.") % {"limit": limit}
        else:
            if stored["code"] != self.code:
                errors["code"] = _("The code cannot change: the records keep it. Add a new entry instead.")
            if stored["list_name"] != self.list_name:
                errors["list_name"] = _("An entry cannot move to another list.")
            if stored["fixed"] and not self.is_active:
                errors["is_active"] = _("This entry is used by the code and cannot be deactivated.")
        if errors:
            raise ValidationError(errors)

    def delete(self, *args, **kwargs):
        """Entries are deactivated, never deleted: the records that have one still show its name."""
        raise ValidationError(_("A reference list entry is deactivated, not deleted: old records still show it."))


register_configuration(ListEntry)
