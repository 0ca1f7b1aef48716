from django.db import models
from django.utils.translation import gettext_lazy as _


class Target(models.TextChoices):
    APPEAL = "appeal", _("an appeal (paras 7-8)")
    ICT_REQUEST = "ict_request", _("an ICT request of a state body (paras 35-37)")


class MapsTo(models.TextChoices):
    """What an editor's field fills in the record; a field mapped to nothing is added to the text, labelled."""

    NOTHING = "", _("added to the text")
    NAME = "name", _("the applicant's name")
    EMAIL = "email", _("the applicant's e-mail (the receipt is sent there)")
    PHONE = "phone", _("the applicant's phone")
    SUBJECT = "subject", _("the subject")
    TEXT = "text", _("the text of the question")
