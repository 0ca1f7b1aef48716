"""The admin's Account screen and login form, as Wagtail's with two corrections for our users.

- Wagtail requires a first and a last name on every save of the Account screen, so a user created without
  names (the first admin, an account made by a command) could not even switch the admin to Kazakh
  (issue 14, defect 6): here the names are optional, as they are on Django's user model.
- Wagtail's login form labels its password field from the field's name, "Password", which no catalogue
  translates: here it carries a translatable label, as the username field does.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.account import NameEmailForm
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.admin.views import account


class OptionalNamesForm(NameEmailForm):
    first_name = forms.CharField(required=False, label=_("First Name"))
    last_name = forms.CharField(required=False, label=_("Last Name"))


class OptionalNamesPanel(account.NameEmailSettingsPanel):
    form_class = OptionalNamesForm


class AccountView(account.AccountView):
    def get_panels(self):
        return [
            OptionalNamesPanel(panel.request, panel.user, panel.profile)
            if type(panel) is account.NameEmailSettingsPanel
            else panel
            for panel in super().get_panels()
        ]


class LoginForm(WagtailLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
