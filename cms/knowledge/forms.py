"""The two feedback forms (issue 19, item 8): an operator's mark on an article, a visitor's "useful?"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import UpdateRequest
from .services import OPERATOR_REASONS


class UpdateRequestForm(forms.Form):
    """Para 9: an operator marks an article outdated, wrong or missing something, and says what."""

    reason = forms.ChoiceField(
        label=_("What is wrong with the article"),
        choices=[(reason.value, reason.label) for reason in OPERATOR_REASONS],
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=UpdateRequest.COMMENT_CHARACTERS, widget=forms.Textarea
    )


class UsefulnessForm(forms.Form):
    """Para 17: "Was this page useful?" — yes, or no and why (optional, capped, masked when kept)."""

    useful = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])
    why = forms.CharField(required=False)  # a long reason is cut when kept (services.safe_comment), not refused
